"""Section 二's 规章 / 行政规范性文件 counts, derived from the items' dates and validity.

2021 format: 本年制发件数 (成文日期 in the year, else 发布日期), 本年废止件数 (废止日期 in the year),
现行有效件数 (published by 31 December and not repealed by then). 2019 format: 本年新制作数量 (成文日期 in
the year), 本年新公开数量 (发布日期 in the year), 对外公开总数量 (published by 31 December). Only
主动公开 items count. A number typed in 统计.yaml wins; a difference is a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Protocol

from zfxxgk.annual.formats import S2
from zfxxgk.annual.model import AnnualReport, Figure, Key2
from zfxxgk.documents import annual_format_basis, cite
from zfxxgk.options import DEFAULT_CATEGORIES
from zfxxgk.problems import Problems, Severity, rule

rule("annual.derived-differs", Severity.WARNING,
     "条例第二十条第（一）项；国办公开办函〔2019〕60号（2019、2020 年度）或国办公开办函〔2021〕30号（2021 年度起）年度报告格式",
     "统计.yaml 中的规章、规范性文件件数与按条目统计的结果不同")

_GONE = ("已废止", "已失效")


class ItemLike(Protocol):
    """What derivation reads from an item record (zfxxgk.items.record.Item satisfies it)."""

    @property
    def catalogue(self) -> str: ...
    @property
    def published(self) -> dt.date: ...
    @property
    def written(self) -> dt.date | None: ...
    @property
    def validity(self) -> str | None: ...
    @property
    def repealed_on(self) -> dt.date | None: ...
    @property
    def disclosure(self) -> str: ...
    @property
    def genre(self) -> str | None: ...


def in_category(item: ItemLike, paths: Iterable[str]) -> bool:
    """True when the item's 目录 is one of `paths` or below one of them."""
    return any(item.catalogue == p or item.catalogue.startswith(p.rstrip("/") + "/") for p in paths)


def _in_force(item: ItemLike, end: dt.date) -> bool:
    if item.published > end:
        return False
    if item.repealed_on is not None:
        return item.repealed_on > end
    # Repealed or expired without a 废止日期: it cannot be placed in time, so it is not counted as in force.
    return item.validity not in _GONE


def count(measure: str, items: Sequence[ItemLike], year: int) -> int:
    """How many of `items` a measure counts for the report year (measures: see module docstring)."""
    end = dt.date(year, 12, 31)
    if measure in ("issued", "made"):
        return sum(1 for i in items if (i.written or i.published).year == year)
    if measure == "repealed":
        return sum(1 for i in items if i.repealed_on is not None and i.repealed_on.year == year)
    if measure == "in-force":
        return sum(1 for i in items if _in_force(i, end))
    if measure == "published":
        return sum(1 for i in items if i.published.year == year)
    if measure == "total":
        return sum(1 for i in items if i.published <= end)
    raise ValueError(f"unknown measure {measure!r}")


def derive_section2(
    report: AnnualReport,
    items: Sequence[ItemLike] | None,
    problems: Problems | None = None,
    categories: Mapping[str, Sequence[str]] = DEFAULT_CATEGORIES,
) -> AnnualReport:
    """Fill the derivable cells of section 二; warn where a typed number differs from the count.

    With `items=None` nothing is counted: typed numbers stay, missing derivable cells are 0 (absent).
    """
    cells: dict[Key2, Figure] = dict(report.section2)
    for block in report.format.blocks:
        for row in block.rows:
            pool = [i for i in items or () if i.disclosure == "主动公开"
                    and row.category and in_category(i, categories.get(row.category, ()))]
            for column in block.columns:
                key = (block.title, row.label, column.label)
                given = cells.get(key)
                if column.derive is None:
                    if given is None:
                        cells[key] = Figure(0, "absent")
                    continue
                if items is None:
                    cells.setdefault(key, Figure(0, "absent"))
                    continue
                derived = count(column.derive, pool, report.year)
                if given is None:
                    cells[key] = Figure(derived, "derived")
                elif given.value != derived and problems is not None and given.pos is not None:
                    where = "、".join(categories.get(row.category or "", ())) or "（未配置）"
                    problems.add(
                        "annual.derived-differs", report.path, given.pos.line, given.pos.column,
                        f"{S2}{block.title}「{row.label}」的「{column.label}」填的是 {given.value}，"
                        f"按目录 {where} 的条目统计是 {derived}。报告以填写的数字为准；如条目有遗漏请补录，"
                        "如填写有误请改正或删去这个数字以使用统计结果。"
                        + cite(f"条例第二十条第（一）项；{annual_format_basis(report.year)}"),
                    )
    return replace(report, section2=MappingProxyType(cells))
