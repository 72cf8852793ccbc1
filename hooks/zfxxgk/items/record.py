"""The typed, frozen item record, built once at the boundary after validation.

Nothing downstream reads raw front-matter keys except through `Item.fields` (the 要素 of
structured items), so the checks and the site survive a change of format.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from zfxxgk.items.loader import Source
from zfxxgk.safepath import Refusal, resolve

DATE_FIELDS = ("成文日期", "发布日期", "有效期至", "废止日期", "决定日期", "抽查结束日期", "撤销日期", "撤下日期")


@dataclass(frozen=True)
class Attachment:
    """A file published with an item, declared in front matter and stored beside it."""

    name: str
    file: str
    path: Path
    size: int
    folder: Path | None = None  # the item's folder (None: the folder of `path`)

    @property
    def source(self) -> Path | Refusal:
        """The file to read or copy, through the one resolver (no link followed), or why it is refused."""
        return resolve(self.folder if self.folder is not None else self.path.parent, self.file)

    @property
    def readable(self) -> Path | None:
        """The file to read or copy, or None when the resolver refuses it (checks.attachments says why)."""
        found = self.source
        return found if isinstance(found, Path) else None

    @property
    def extension(self) -> str:
        """Lower-case extension without the dot (pdf, docx …)."""
        return Path(self.file).suffix.lower().lstrip(".")

    @property
    def exists(self) -> bool:
        """Whether the file is there and readable as a regular file. Never raises: a name too long for the file
        system (ENAMETOOLONG, which Path.is_file does not swallow) or a link that loops is simply not there;
        the attachment check says why."""
        try:
            return stat.S_ISREG(os.stat(self.path).st_mode)
        except (OSError, ValueError):
            return False


@dataclass(frozen=True)
class Item:
    """One disclosure item (政府信息), with its source location for messages."""

    path: Path
    rel: str
    index_no: str
    title: str
    catalogue: str
    publisher: str
    published: dt.date
    disclosure: str
    written: dt.date | None = None
    doc_no: str | None = None
    subject: str | None = None
    genre: str | None = None
    keywords: tuple[str, ...] = ()
    summary: str | None = None
    scope: str | None = None
    validity: str | None = None
    valid_until: dt.date | None = None
    repealed_on: dt.date | None = None
    repealed_by: str | None = None
    amended_by: str | None = None
    interprets: str | None = None
    interpretation_form: str | None = None
    department: str | None = None
    attachments: tuple[Attachment, ...] = ()
    acknowledged: tuple[str, ...] = ()
    body: str = ""
    body_line: int = 1
    fields: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def folder(self) -> Path:
        """The item's own folder; attachments live here."""
        return self.path.parent

    @property
    def is_interpretation(self) -> bool:
        """True for a 政策解读 (it names the document it interprets)."""
        return self.interprets is not None

    @property
    def year(self) -> int:
        """The publication year."""
        return self.published.year

    def date(self, name: str) -> dt.date | None:
        """A date-valued front-matter field by its Chinese name (成文日期, 决定日期, 处罚时间 …)."""
        value = self.fields.get(name)
        return parse_date(value) if isinstance(value, str) else None


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# The dates content may carry: from the founding of the People's Republic to the end of the century. A fixed
# range (not "today + N years") keeps a file's parse independent of the day it is checked on, so it can be
# cached; every loop over days (working days, quarters, years) is bounded by it.
EARLIEST = dt.date(1949, 10, 1)
LATEST = dt.date(2099, 12, 31)


def parse_date(value: str) -> dt.date | None:
    """A YYYY-MM-DD string as a date, or None when it is not a real calendar date in EARLIEST..LATEST."""
    day = calendar_date(value)
    return day if day is not None and EARLIEST <= day <= LATEST else None


def calendar_date(value: str) -> dt.date | None:
    """A YYYY-MM-DD string as a date of any year, or None when it is not a real calendar date."""
    match = _DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def build_item(source: Source, attachment_sizes: Mapping[str, int]) -> Item:
    """Build the record from front matter already validated by the schema and the date check."""
    m = source.meta

    def opt(key: str) -> str | None:
        value = m.get(key)
        return None if value is None else str(value).strip() or None

    def day(key: str) -> dt.date | None:
        value = m.get(key)
        return parse_date(value) if isinstance(value, str) else None

    published = day("发布日期")
    assert published is not None, "build_item called before the date check"
    keywords = m.get("主题词", ())
    if isinstance(keywords, str):
        keywords = [k for k in re.split(r"[\s、,，;；]+", keywords) if k]
    attachments = tuple(
        Attachment(
            name=str(a["名称"]), file=str(a["文件"]), path=source.path.parent / str(a["文件"]),
            size=attachment_sizes.get(str(a["文件"]), 0), folder=source.path.parent,
        )
        for a in m.get("附件", ())
    )
    return Item(
        path=source.path, rel=source.rel, index_no=str(m["索引号"]).strip(), title=str(m["标题"]).strip(),
        catalogue=str(m["目录"]).strip(), publisher=str(m["发布机构"]).strip(), published=published,
        disclosure=str(m["公开方式"]), written=day("成文日期"), doc_no=opt("文号"), subject=opt("主题分类"),
        genre=opt("文种"), keywords=tuple(str(k) for k in keywords), summary=opt("内容概述"), scope=opt("公开范围"),
        validity=opt("有效性"), valid_until=day("有效期至"), repealed_on=day("废止日期"),
        repealed_by=opt("废止依据"), amended_by=opt("修改依据"), interprets=opt("解读对象"),
        interpretation_form=opt("解读形式"), department=opt("责任科室"), attachments=attachments,
        acknowledged=tuple(str(a["内容"]) for a in m.get("隐私确认", ())),
        body=source.body, body_line=source.body_line, fields=MappingProxyType(_shared(m)),
    )


_SHORT = 32  # values up to this long repeat across items (机构, 公开方式, 主题分类 …): one copy of each


def _shared(meta: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the front matter whose keys and short text values are interned: every item has the same
    keys and many the same values, and a large site holds tens of thousands of items at once."""
    return {
        sys.intern(key): sys.intern(value) if type(value) is str and len(value) <= _SHORT else value
        for key, value in meta.items()
    }


# Names a Markdown file goes by elsewhere: the site reads only `*.md` (lower case), so such a file would be
# left out without a word.
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext"})
_DATA_SUFFIXES = frozenset({".yaml", ".yml"})


@dataclass(frozen=True)
class ContentScan:
    """What the content folder holds: the item files, and what the site leaves out that an editor must hear of."""

    files: tuple[Path, ...] = ()
    links: tuple[Path, ...] = ()  # symbolic links to a folder, a Markdown or a YAML file: never followed
    misnamed: tuple[Path, ...] = ()  # Markdown files not named *.md (INDEX.MD, index.markdown)


def scan_content(content_dir: Path) -> ContentScan:
    """Every item file under the content folder in a stable order (`_` drafts and `.` files excluded), found
    without following any symbolic link (zfxxgk.safepath), with the links and misnamed files met on the way."""
    if not content_dir.is_dir():
        return ContentScan()
    files: list[Path] = []
    links: list[Path] = []
    misnamed: list[Path] = []
    for folder, dirs, names in os.walk(content_dir):  # followlinks=False: a linked folder is listed, not entered
        dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
        base = Path(folder)
        for name in dirs:
            if os.path.islink(base / name):
                links.append(base / name)
        for name in names:
            path = base / name
            suffix = os.path.splitext(name)[1]
            if suffix.lower() in _DATA_SUFFIXES and not name.startswith(".") and os.path.islink(path):
                links.append(path)  # 统计.yaml, _records.yaml: read by the site, so never through a link
            if name.startswith(("_", ".")) or suffix.lower() not in _MARKDOWN_SUFFIXES:
                continue
            if os.path.islink(path):
                links.append(path)
            elif suffix == ".md":
                files.append(path)
            else:
                misnamed.append(path)
    return ContentScan(tuple(sorted(files)), tuple(sorted(links)), tuple(sorted(misnamed)))


def discover(content_dir: Path) -> list[Path]:
    """Every item file under the content folder, in a stable order (Markdown files, `_` drafts excluded)."""
    return list(scan_content(content_dir).files)
