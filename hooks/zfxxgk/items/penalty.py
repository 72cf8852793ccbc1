"""行政处罚 publication periods (市场监管总局令第45号): what is published, and for how long.

Pure functions over an item's 要素, shared by the checks (what expires soon, warnings-only decisions)
and the site (an expired decision leaves the lists and its URL shows a withdrawal notice).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from zfxxgk.items.finemoney import fines_yuan
from zfxxgk.items.record import Item

CONTENT_FIELDS = ("处罚种类和内容", "处罚内容", "处罚种类")
DECISION_DATE_FIELDS = ("决定日期", "处罚时间", "处罚决定日期")
PARTY_FIELDS = ("处罚对象", "当事人", "当事人名称", "被处罚人")
PARTY_KIND_FIELD = "当事人类型"
PERSON, ORGANISATION = "自然人", "法人或其他组织"
# 总局令第45号 took effect on 2021-09-01 (its 公布令); decisions before that were published under older rules.
ORDER_45_FROM = dt.date(2021, 9, 1)
_OTHER_PENALTIES = ("没收", "责令停产停业", "暂扣", "吊销", "降低资质等级", "限制开展生产经营活动",
                    "责令关闭", "限制从业", "行政拘留", "不得申请")
_ORG_NAME = re.compile(r"统一社会信用代码|注册号|公司|企业|集团|厂|店|商行|经营部|门市部?|合作社|中心|医院|诊所|药房|"
                       r"超市|学校|幼儿园|协会|事务所|酒店|宾馆|饭店|餐厅|银行|工作室|农场|市场")


@dataclass(frozen=True)
class SmallFine:
    """The 较低数额罚款 line of 第十三条第二款, set by each province for natural persons and organisations.

    `None` for a party type means the province has set no line: no fine counts as 较低数额 (the decision
    stays up 3 years); `inclusive` says whether the line itself is still 较低 (贵州: 不含本数).
    """

    person: float | None = None
    organisation: float | None = None
    inclusive: bool = False

    def is_small(self, fine: float, party: str) -> bool:
        """True when `fine` yuan is a 较低数额罚款 for this kind of party."""
        line = self.person if party == PERSON else self.organisation
        if line is None or fine <= 0:
            return False
        return fine <= line if self.inclusive else fine < line


@dataclass(frozen=True)
class PenaltyTerms:
    """How a decision may be published: its decision date, period and the day it stops showing."""

    decided: dt.date | None
    warning_only: bool
    short_period: bool
    fine_yuan: float
    expires_on: dt.date | None
    party: str = ORGANISATION


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


def party_kind(item: Item) -> str:
    """自然人 or 法人或其他组织: the 当事人类型 field when given, else read from the party's name."""
    stated = item.fields.get(PARTY_KIND_FIELD)
    if stated in (PERSON, ORGANISATION):
        return str(stated)
    for name in PARTY_FIELDS:
        value = item.fields.get(name)
        if isinstance(value, str) and value.strip():
            return ORGANISATION if _ORG_NAME.search(value) else PERSON
    return ORGANISATION


def fine_yuan(text: str) -> float:
    """The total of the fines named in a 处罚内容 text, in 元 (see `zfxxgk.items.finemoney`)."""
    return fines_yuan(text)


def order_45_applies(decided: dt.date | None) -> bool:
    """True when 总局令第45号 was in force on the decision's date (unknown dates: judged as in force)."""
    return decided is None or decided >= ORDER_45_FROM


def terms(item: Item, small: SmallFine, short_months: int = 3, long_years: int = 3) -> PenaltyTerms:
    """The publication terms of a decision; periods run from its publication date (第十三条)."""
    text = content_text(item)
    decided = decision_date(item)
    other = any(word in text for word in _OTHER_PENALTIES)
    fined = "罚款" in text
    criticised = "通报批评" in text
    warning_only = ("警告" in text and not (other or fined or criticised) and order_45_applies(decided))
    fine = fine_yuan(text)
    party = party_kind(item)
    # 第十三条第一款: "仅受到通报批评或者较低数额罚款" — nothing heavier, and any fine a small one.
    short = not other and (criticised or fined) and (not fined or small.is_small(fine, party))
    start = item.published
    expires = add_months(start, short_months) if short else add_months(start, 12 * long_years)
    return PenaltyTerms(decided, warning_only, short, fine, expires, party)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clipped to the month's end (2026-01-31 + 1 month = 2026-02-28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def withdrawn(item: Item, columns: tuple[str, ...], small: SmallFine, as_of: dt.date) -> dt.date | None:
    """The day a penalty decision stopped being shown, when that day has passed; None otherwise."""
    if not is_penalty(item, columns):
        return None
    expires = terms(item, small).expires_on
    return expires if expires is not None and expires <= as_of else None
