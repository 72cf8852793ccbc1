"""The annual report record: every figure of every table with where it came from, and the prose sections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from zfxxgk.annual.formats import Format
from zfxxgk.yamlpos import Pos

Value = int | float | str

# Cell keys: section 二 (block title, row label, column label); section 三 (row key path, column);
# section 四 (group, result column).
Key2 = tuple[str, str, str]
Key3 = tuple[tuple[str, ...], str]
Key4 = tuple[str, str]


@dataclass(frozen=True)
class Figure:
    """One number of a table. origin: data (typed in 统计.yaml), derived (counted from items),
    computed (a total left out and summed), absent (left out, counts as 0)."""

    value: Value
    origin: str = "data"
    pos: Pos | None = None

    @property
    def given(self) -> bool:
        """True when the editor typed this number (so a check can be wrong about it)."""
        return self.origin == "data"


def _frozen(mapping: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class AnnualReport:
    """A 政府信息公开工作年度报告 for one year, in one of the two national formats."""

    year: int
    format: Format
    path: str
    section2: Mapping[Key2, Figure]
    section3: Mapping[Key3, Figure]
    section4: Mapping[Key4, Figure]
    texts: Mapping[str, str] = field(default_factory=_frozen)
    agency: str | None = None
    title: str | None = None
    published: dt.date | None = None
    published_pos: Pos | None = None
    published_path: str | None = None
    # Where each Markdown text's first character stands in 统计.yaml (for messages about the text).
    text_pos: Mapping[str, Pos] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def display_title(self) -> str:
        """The report's title: the item's 标题, else 「机关+年份+政府信息公开工作年度报告」."""
        if self.title:
            return self.title
        return f"{self.agency or ''}{self.year}年政府信息公开工作年度报告"

    def text(self, section: str) -> str:
        """The Markdown of a prose section (一、五、六、前言) or a table section's 说明; empty when absent."""
        return self.texts.get(section, "")

    def value3(self, row: tuple[str, ...], column: str) -> Value:
        """A section 三 number (0 when absent)."""
        figure = self.section3.get((row, column))
        return figure.value if figure else 0

    def with_publication(self, published: dt.date | None, path: str | None, pos: Pos | None) -> AnnualReport:
        """The same report with the 发布日期 of its item (which overrides the data file's)."""
        return replace(self, published=published, published_path=path, published_pos=pos)

    def with_meta(self, title: str | None = None, agency: str | None = None) -> AnnualReport:
        """The same report with the item's 标题 and 发布机构 filled in where known."""
        return replace(self, title=title or self.title, agency=agency or self.agency)


def format_value(value: Value, kind: str = "count") -> str:
    """How a number is printed in the tables: signed for 本年增/减, shortest form for amounts."""
    if isinstance(value, str):
        return value
    if kind == "delta" and isinstance(value, int) and value > 0:
        return f"+{value}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
