"""The URL manifest: every published URL with its 索引号, 发布日期 and content hash.

The build writes it (site/data/manifest.json); `zfxxgk check --against OLD` compares the content
with the last published manifest so that no URL disappears without a withdrawal or redirect
record, and no 发布日期 of a published item is changed afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zfxxgk import yamlpos
from zfxxgk.items.record import Item, parse_date
from zfxxgk.problems import Problems, Severity, rule
from zfxxgk.safepath import readable

RECORDS_FILE = "_records.yaml"
MANIFEST_VERSION = 1

rule("manifest.url-removed", Severity.ERROR, "条例第五十三条：不得不及时更新公开的政府信息内容和目录（已公开的信息不无故删除，撤下留有说明）",
     "已公开的网址消失，且没有撤回或迁移记录")
rule("manifest.unreadable", Severity.ERROR, "条例第五十三条：不得不及时更新公开的政府信息内容和目录（已公开的网址清单须能读取）", "无法读取上次发布的网址清单")
rule("records.invalid", Severity.ERROR, "条例第五十三条：不得不及时更新公开的政府信息内容和目录（撤回、迁移记录 content/_records.yaml）", "撤回或迁移记录写得不对")
rule("date.changed", Severity.ERROR, "国办秘函〔2019〕19号：伪造发稿日期为单项否决", "已公开条目的发布日期被修改")


@dataclass(frozen=True)
class Withdrawal:
    """A published URL taken down on purpose; the URL keeps serving a notice saying so."""

    url: str
    index_no: str
    title: str
    date: dt.date
    reason: str


@dataclass(frozen=True)
class Redirect:
    """An old URL (e.g. of the previous CMS) that now points to an item's page."""

    old: str
    new: str


@dataclass(frozen=True)
class Records:
    """The agency's withdrawal and redirect records (content/_records.yaml)."""

    withdrawals: tuple[Withdrawal, ...] = ()
    redirects: tuple[Redirect, ...] = ()


def load_records(content_dir: Path, problems: Problems, rel: str) -> Records:
    """Read content/_records.yaml (absent: no records); each malformed entry is one problem."""
    path = readable(content_dir, RECORDS_FILE)  # a link is not followed (items.scan_content reports it)
    if path is None:
        return Records()
    shown = f"{rel}/{RECORDS_FILE}"
    try:
        located = yamlpos.parse(path.read_text(encoding="utf-8"))
    except (yamlpos.YamlError, UnicodeDecodeError) as exc:
        line = getattr(exc, "line", 1)
        problems.add("records.invalid", shown, line, 1, f"无法读取网址记录：{exc}")
        return Records()
    data = located.data if isinstance(located.data, dict) else {}
    withdrawals, redirects = [], []
    for index, entry in enumerate(data.get("撤回") or []):
        pos = located.nearest(("撤回", index), yamlpos.Pos(1, 1))
        day = parse_date(str(entry.get("撤回日期", ""))) if isinstance(entry, dict) else None
        if (not isinstance(entry, dict) or not entry.get("网址") or day is None or not entry.get("原因")
                or not site_relative(str(entry["网址"]))):
            problems.add("records.invalid", shown, pos.line, pos.column,
                         "每条撤回记录须写明 网址（本站内的相对网址）、撤回日期（YYYY-MM-DD）和 原因，可另写 索引号 和 标题。")
            continue
        withdrawals.append(Withdrawal(_norm(str(entry["网址"])), str(entry.get("索引号", "")),
                                      str(entry.get("标题", "")), day, str(entry["原因"])))
    for index, entry in enumerate(data.get("迁移") or []):
        pos = located.nearest(("迁移", index), yamlpos.Pos(1, 1))
        if not isinstance(entry, dict) or not entry.get("原网址") or not entry.get("新网址"):
            problems.add("records.invalid", shown, pos.line, pos.column, "每条迁移记录须写明 原网址 和 新网址。")
            continue
        foreign = [f"{key} {str(entry[key])[:80]}" for key in ("原网址", "新网址") if not site_relative(str(entry[key]))]
        if foreign:
            problems.add("records.invalid", shown, pos.line, pos.column,
                         f"迁移记录的{'、'.join(foreign)} 不是本站内的网址：只能写本站的相对网址（例如 "
                         "xxgk/11520200MB1C123455/2021-00010/），不能写 https://、// 开头的其他网站、javascript: 或 ..。")
            continue
        redirects.append(Redirect(_norm(str(entry["原网址"])), _norm(str(entry["新网址"]))))
    return Records(tuple(withdrawals), tuple(redirects))


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def site_relative(url: str) -> bool:
    """Whether a recorded URL is a path inside this site: no scheme (https:, javascript:), no host (//), no
    backslash, control character or .. segment; a redirect page must never send a reader elsewhere."""
    text = url.strip()
    if not text or _SCHEME.match(text) or text.startswith(("//", "\\")) or "\\" in text:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return False
    return ".." not in text.split("?")[0].split("#")[0].split("/")


def _norm(url: str) -> str:
    """Site-relative URL without a leading slash; directory URLs end with a slash."""
    url = url.strip().lstrip("/")
    return url if url.endswith(("/", ".htm", ".html")) or not url else url + "/"


def content_hash(item: Item) -> str:
    """sha256 over the item file and its attachments (names and bytes), in a fixed order."""
    digest = hashlib.sha256(item.path.read_bytes())
    for attachment in sorted(item.attachments, key=lambda a: a.file):
        digest.update(attachment.file.encode())
        source = attachment.readable
        if source is not None:
            digest.update(source.read_bytes())
    return digest.hexdigest()


def build_manifest(
    published: Iterable[tuple[str, Item]],
    withdrawn: Iterable[Withdrawal],
    records: Records,
) -> dict[str, Any]:
    """The manifest document: url → {索引号, 发布日期, sha256, status}, sorted by URL."""
    urls: dict[str, dict[str, Any]] = {}
    for url, item in published:
        urls[url] = {"索引号": item.index_no, "发布日期": item.published.isoformat(),
                     "sha256": content_hash(item), "status": "published"}
    for w in withdrawn:
        urls.setdefault(w.url, {"索引号": w.index_no, "status": "withdrawn", "撤回日期": w.date.isoformat()})
    for r in records.redirects:
        urls.setdefault(r.old, {"status": "redirect", "target": r.new})
    return {"version": MANIFEST_VERSION, "urls": dict(sorted(urls.items()))}


def dumps(manifest: Mapping[str, Any]) -> str:
    """Byte-stable JSON text of a manifest."""
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def compare(old: Mapping[str, Any], new: Mapping[str, Any], problems: Problems, where: Mapping[str, str]) -> None:
    """Report URLs of `old` missing from `new`, and published dates that changed (`where`: 索引号 → file)."""
    new_urls = new.get("urls", {})
    for url, entry in sorted(old.get("urls", {}).items()):
        if url not in new_urls:
            index_no = entry.get("索引号", "")
            path = where.get(index_no, f"content/{RECORDS_FILE}")
            problems.add("manifest.url-removed", path, 0, 0,
                         f"已公开的网址 {url}（索引号 {index_no or '无'}）在本次构建中消失了。已公开的信息不能删除："
                         f"如确需撤下，请在 content/{RECORDS_FILE} 的「撤回」中登记 网址、撤回日期 和 原因；"
                         "如已迁到新网址，请在「迁移」中登记。")
    by_index = {e.get("索引号"): e for e in new_urls.values() if e.get("status") == "published"}
    for url, entry in sorted(old.get("urls", {}).items()):
        current = by_index.get(entry.get("索引号"))
        if entry.get("status") == "published" and current and current.get("发布日期") != entry.get("发布日期"):
            path = where.get(entry["索引号"], url)
            problems.add("date.changed", path, 0, 0,
                         f"索引号 {entry['索引号']} 已于 {entry['发布日期']} 公开，现在的发布日期是 {current['发布日期']}。"
                         "已公开条目的发布日期不能修改；内容更新请在正文中注明更新日期。")
