"""行政处罚 publication periods (市场监管总局令第45号): what is published, and for how long.

Pure functions over an item's 要素, shared by the checks (what expires soon, warnings-only decisions)
and the site (an expired decision leaves the lists and its URL shows a withdrawal notice).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from zfxxgk.items import Item

CONTENT_FIELDS = ("处罚种类和内容", "处罚内容", "处罚种类")
DECISION_DATE_FIELDS = ("决定日期", "处罚时间", "处罚决定日期")
_NUM = r"(\d+(?:\.\d+)?)"
_FINE = re.compile(rf"罚款(?:人民币)?\s*{_NUM}\s*(万)?\s*元")
_OTHER_PENALTIES = ("罚款", "没收", "责令停产停业", "暂扣", "吊销", "降低资质等级", "限制开展生产经营活动",
                    "责令关闭", "限制从业", "行政拘留", "不得申请")


@dataclass(frozen=True)
class PenaltyTerms:
    """How a decision may be published: its decision date, period and the day it stops showing."""

    decided: dt.date | None
    warning_only: bool
    short_period: bool
    fine_yuan: float
    expires_on: dt.date | None


def is_penalty(item: Item, columns: tuple[str, ...]) -> bool:
    """True when the item publishes a 行政处罚 decision (by its 目录)."""
    return any(item.catalogue == c or item.catalogue.startswith(c.rstrip("/") + "/") for c in columns)


def content_text(item: Item) -> str:
    """The decision's 处罚种类和内容, as written."""
    for name in CONTENT_FIELDS:
        value = item.fields.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def decision_date(item: Item) -> dt.date | None:
    """The decision date: 决定日期 or 处罚时间 field, else 成文日期."""
    for name in DECISION_DATE_FIELDS:
        day = item.date(name)
        if day:
            return day
    return item.written


def fine_yuan(text: str) -> float:
    """The total of the fines named in a 处罚内容 text, in 元 (万元 converted)."""
    total = 0.0
    for amount, wan in _FINE.findall(text):
        total += float(amount) * (10000 if wan else 1)
    return total


def terms(item: Item, small_fine_yuan: float, short_months: int = 3, long_years: int = 3) -> PenaltyTerms:
    """The publication terms of a decision; periods run from its publication date (第十四条)."""
    text = content_text(item)
    warning_only = "警告" in text and not any(word in text for word in _OTHER_PENALTIES)
    fine = fine_yuan(text)
    criticism_only = "通报批评" in text and not any(word in text for word in _OTHER_PENALTIES)
    short = criticism_only or (0 < fine <= small_fine_yuan and not _heavier_than_fine(text))
    start = item.published
    expires = add_months(start, short_months) if short else add_months(start, 12 * long_years)
    return PenaltyTerms(decision_date(item), warning_only, short, fine, expires)


def _heavier_than_fine(text: str) -> bool:
    return any(word in text for word in _OTHER_PENALTIES if word != "罚款")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clipped to the month's end (2026-01-31 + 1 month = 2026-02-28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def withdrawn(item: Item, columns: tuple[str, ...], small_fine_yuan: float, as_of: dt.date) -> dt.date | None:
    """The day a penalty decision stopped being shown, when that day has passed; None otherwise."""
    if not is_penalty(item, columns):
        return None
    expires = terms(item, small_fine_yuan).expires_on
    return expires if expires is not None and expires <= as_of else None
