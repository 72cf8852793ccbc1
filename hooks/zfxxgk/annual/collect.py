"""Find the reports in the content tree: content/政府信息公开年报/<year>/统计.yaml beside the report item.

`load_year` gives one report ready to render; `check_reports` loads, derives and checks them all for
`zfxxgk check` and returns them (newest first) for the site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from zfxxgk.annual.checks import check_carry_over, check_deadline, check_identities, check_markdown
from zfxxgk.annual.derive import ItemLike, derive_section2
from zfxxgk.annual.load import load_report
from zfxxgk.annual.model import AnnualReport
from zfxxgk.items.loader import parse_source
from zfxxgk.items.record import parse_date
from zfxxgk.options import DEFAULT_CATEGORIES
from zfxxgk.problems import Problems, Severity, rule
from zfxxgk.safepath import readable
from zfxxgk.yamlpos import Pos

ANNUAL_DIR = "政府信息公开年报"
DATA_FILE = "统计.yaml"
ITEM_FILE = "index.md"

rule("annual.data-missing", Severity.WARNING, "《中华人民共和国政府信息公开条例》第五十条（年报内容）",
     "年报条目旁没有 统计.yaml，无法生成年报表格")


@dataclass(frozen=True)
class ReportItem:
    """What the report page needs from the report's index.md: 标题, 发布机构, 发布日期 and its position."""

    rel: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    published_pos: Pos | None


def folders(content_dir: Path) -> list[tuple[int, Path]]:
    """(year, folder) of every year folder under content/政府信息公开年报/, newest first."""
    base = content_dir / ANNUAL_DIR
    if not base.is_dir():
        return []
    # A linked year folder is not followed (items.scan_content reports it).
    found = [(int(p.name), p) for p in base.iterdir()
             if p.is_dir() and not p.is_symlink() and p.name.isdigit() and len(p.name) == 4]
    return sorted(found, reverse=True)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_report_item(folder: Path, root: Path) -> ReportItem | None:
    """The front matter of the report's index.md (its own problems are reported by `zfxxgk check`)."""
    path = readable(folder, ITEM_FILE)
    if path is None:
        return None
    rel = _rel(path, root)
    # The item's own problems are reported by the item checks; here only its values are read.
    source = parse_source(path.read_bytes(), path, rel, Problems())
    if source is None:
        return None
    meta = source.meta

    def text(key: str) -> str | None:
        value = meta.get(key)
        return value.strip() or None if isinstance(value, str) else None

    published = parse_date(meta["发布日期"]) if isinstance(meta.get("发布日期"), str) else None
    pos = source.located.value_pos(("发布日期",), Pos(1, 1)) if published else None
    return ReportItem(rel, text("标题"), text("发布机构"), published, pos)


def load_year(
    content_dir: Path,
    year: int,
    problems: Problems,
    items: Sequence[ItemLike] | None = None,
    *,
    root: Path | None = None,
    categories: Mapping[str, Sequence[str]] = DEFAULT_CATEGORIES,
) -> AnnualReport | None:
    """Load content/政府信息公开年报/<year>/统计.yaml with the item's 标题 and 发布日期, 二 derived."""
    root = root or content_dir.parent
    folder = content_dir / ANNUAL_DIR / str(year)
    path = readable(folder, DATA_FILE)  # a link is not followed (items.scan_content reports it)
    if path is None:
        return None
    report = load_report(path, _rel(path, root), problems, folder_year=year)
    if report is None:
        return None
    item = read_report_item(folder, root)
    if item is not None:
        report = report.with_meta(item.title, item.publisher)
        if item.published is not None:
            report = report.with_publication(item.published, item.rel, item.published_pos)
    return derive_section2(report, items, problems, categories)


def check_reports(
    content_dir: Path,
    items: Sequence[ItemLike] | None,
    problems: Problems,
    *,
    root: Path | None = None,
    categories: Mapping[str, Sequence[str]] = DEFAULT_CATEGORIES,
    deadline: tuple[int, int] = (1, 31),
) -> list[AnnualReport]:
    """Load and check every year's report; problems go to `problems`; the usable reports, newest first."""
    root = root or content_dir.parent
    reports: list[AnnualReport] = []
    for year, folder in folders(content_dir):
        if readable(folder, DATA_FILE) is None:
            if readable(folder, ITEM_FILE) is not None and not (folder / DATA_FILE).is_symlink():
                problems.add("annual.data-missing", _rel(folder / ITEM_FILE, root), 0, 0,
                             f"{year}年度年报旁没有 {DATA_FILE}："
                             "请按 schema/annual-report.schema.json 填写统计数据，"
                             "年报的二、三、四部分表格由它生成。")
            continue
        report = load_year(content_dir, year, problems, items, root=root, categories=categories)
        if report is None:
            continue
        check_identities(report, problems)
        check_deadline(report, problems, deadline)
        check_markdown(report, problems)
        reports.append(report)
    check_carry_over(reports, problems)
    return reports
