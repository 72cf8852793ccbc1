"""New items for `zfxxgk new`: the next free 索引号, the item's folder, its front matter and body.

Rule for 要素 (documented in README, configurable): a catalogue row is *structured* when its 目录 path
matches one of the `structured_columns` patterns in `extra.zfxxgk.options` (fnmatch globs on
"一级/二级", or a bare 一级 name); its 要素 become empty front-matter fields marked `# 待填写`.
Every other row is *prose*: its 要素 become `## 要素` sections of the body.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from zfxxgk import yamlpos
from zfxxgk.catalogue.model import Catalogue, CatalogueItem
from zfxxgk.checks.references import next_free
from zfxxgk.items.loader import Source, read_source
from zfxxgk.items.record import discover
from zfxxgk.problems import Problems
from zfxxgk.settings import Settings, SettingsError

# The three standard columns of RULES §1 live at the top of content/, not under 政务公开/.
STANDARD_FOLDERS = {
    "政务公开/政府信息公开指南": "政府信息公开指南",
    "政务公开/政府信息公开制度": "政府信息公开制度",
    "政务公开/政府信息公开年报": "政府信息公开年报",
}
ANNUAL = "政务公开/政府信息公开年报"
TODO = "# 待填写"


class NewItemError(Exception):
    """A request `zfxxgk new` cannot carry out; the message tells the editor what to change."""


@dataclass(frozen=True)
class Request:
    """What the editor asked for (flags or answers); None means “not given”."""

    catalogue: str
    title: str
    department: str | None = None
    doc_no: str | None = None
    written: dt.date | None = None
    published: dt.date | None = None
    genre: str | None = None
    category: str | None = None
    interprets: str | None = None


@dataclass(frozen=True)
class Draft:
    """A new item ready to write: its 索引号, file and text, and the 要素 the editor still has to fill."""

    index_no: str
    path: Path
    text: str
    department: str
    fields: tuple[str, ...]
    sections: tuple[str, ...]


def read_sources(settings: Settings) -> list[Source]:
    """Every readable item file, valid or not (its problems are left to `zfxxgk check`)."""
    problems = Problems()
    found = (read_source(path, settings.rel(path), problems) for path in discover(settings.content_dir))
    return [source for source in found if source is not None]


def taken_numbers(sources: Iterable[Source]) -> set[str]:
    """The 索引号 written in the front matter of the given sources."""
    values = (source.meta.get("索引号") for source in sources)
    return {value.strip() for value in values if isinstance(value, str) and value.strip()}


def next_index_no(org: str, year: int, taken: Iterable[str]) -> str:
    """The next free 索引号 `org/YYYY-NNNNN`: one after the highest of that code and year."""
    found = next_free(f"{org}/{year}-00000", set(taken))
    if found is None:  # only when org is empty
        raise NewItemError(f"前段码“{org}”不能为空：请在设置 org_codes 中填写本机关的统一社会信用代码。")
    return found


def column_folder(settings: Settings, entry: CatalogueItem) -> Path:
    """The folder of a catalogue row's items: content/<一级>/<二级>/, standard columns at the top."""
    standard = STANDARD_FOLDERS.get(entry.path_str)
    return settings.content_dir / standard if standard else settings.content_dir.joinpath(*entry.path)


def item_folder(settings: Settings, entry: CatalogueItem, index_no: str, published: dt.date) -> Path:
    """content/<column>/<YYYY-NNNNN>/; an annual report goes to 政府信息公开年报/<report year>/."""
    if entry.path_str == ANNUAL:
        return column_folder(settings, entry) / str(published.year - 1)
    return column_folder(settings, entry) / index_no.rpartition("/")[2]


def is_structured(settings: Settings, entry: CatalogueItem) -> bool:
    """True when the row's 要素 are written as front-matter fields (see the module docstring)."""
    patterns = settings.options.structured_columns
    if not isinstance(patterns, list | tuple) or not all(isinstance(p, str) for p in patterns):
        raise SettingsError("设置 extra.zfxxgk.options.structured_columns 应为字符串列表，例如 [\"行政处罚/*\", \"*/抽查结果\"]。")
    return any(p == entry.path[0] or fnmatch.fnmatchcase(entry.path_str, p) for p in patterns)


def plan(settings: Settings, catalogue: Catalogue, request: Request, today: dt.date, taken: set[str]) -> Draft:
    """Check the request, allocate the 索引号 and render the item (nothing is written)."""
    entry = catalogue.get(request.catalogue)
    if entry is None:
        close = catalogue.closest(request.catalogue)
        hint = f"是不是“{close[0]}”？" if close else ""
        raise NewItemError(f"目录“{request.catalogue}”不是标准目录中的事项。{hint}可选：{'、'.join(i.path_str for i in catalogue)}。")
    if not request.title.strip():
        raise NewItemError("标题不能为空：请填写信息的完整名称（条例第十二条）。")
    department = request.department or entry.subject
    names = [d.name for d in settings.departments]
    if names and department not in names:
        raise NewItemError(f"责任科室“{department}”不在设置的科室名单中，可选：{'、'.join(names)}。")
    published = request.published or today
    if request.written and request.written > published:
        raise NewItemError(f"成文日期 {request.written} 晚于发布日期 {published}：文件不能在签发之前公开。")
    if request.interprets and request.interprets not in taken:
        raise NewItemError(f"解读对象 {request.interprets} 找不到：请填写被解读文件的索引号。")
    org = settings.org_codes[0]
    while True:
        index_no = next_index_no(org, published.year, taken)
        folder = item_folder(settings, entry, index_no, published)
        if not folder.exists():
            break
        if entry.path_str == ANNUAL:
            raise NewItemError(f"{settings.rel(folder)}/ 已存在：{published.year - 1}年的年报已经有了，请直接修改它。")
        taken = taken | {index_no}  # a folder without a readable 索引号 still holds its number
    structured = is_structured(settings, entry)
    fields = entry.elements if structured else ()
    sections = () if structured else entry.elements
    text = render(settings, entry, request, index_no, published, department, fields, sections)
    return Draft(index_no, folder / "index.md", text, department, fields, sections)


def render(
    settings: Settings, entry: CatalogueItem, request: Request, index_no: str, published: dt.date,
    department: str, fields: tuple[str, ...], sections: tuple[str, ...],
) -> str:
    """The item file: front matter (base fields, then empty 要素 fields) and a body of 要素 sections."""
    modes = "".join(entry.mode)
    validity = settings.options.validity_columns
    values: list[tuple[str, str | None]] = [
        ("索引号", index_no),
        ("标题", request.title.strip()),
        ("目录", entry.path_str),
        ("发布机构", settings.agency.name),
        ("成文日期", request.written.isoformat() if request.written else None),
        ("发布日期", published.isoformat()),
        ("文号", request.doc_no),
        ("主题分类", request.category),
        ("文种", request.genre),
        ("公开方式", "依申请公开" if "依申请" in modes and "主动" not in modes else "主动公开"),
        ("公开范围", "面向特定群体" if any("特定" in a for a in entry.audience) else "面向全社会"),
        ("有效性", "现行有效" if entry.path_str in validity else None),
        ("解读对象", request.interprets),
        ("责任科室", department),
    ]
    lines = ["---"]
    lines += [f"{_key(key)}: {_scalar(value)}" for key, value in values if value]
    lines += [f'{_key(name)}: ""  {TODO}' for name in fields]
    lines.append("---")
    body = "\n".join(f"## {name}\n\n" for name in sections)  # each heading, then an empty line to write in
    return "\n".join(lines) + "\n\n" + body


def write(draft: Draft) -> Path:
    """Create the item's folder and file; never overwrites an existing file."""
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with draft.path.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(draft.text)
    except FileExistsError:
        raise NewItemError(f"{draft.path} 已存在，没有覆盖。") from None
    return draft.path


def _plain(line: str, key: str, value: str) -> bool:
    try:
        data: object = yamlpos.parse(line).data
        return data == {key: value}
    except yamlpos.YamlError:
        return False


def _scalar(value: str) -> str:
    """A YAML value: plain when it reads back as the same string, else double-quoted."""
    return value if _plain(f"k: {value}", "k", value) else json.dumps(value, ensure_ascii=False)


def _key(name: str) -> str:
    return name if _plain(f"{name}: v", name, "v") else json.dumps(name, ensure_ascii=False)
