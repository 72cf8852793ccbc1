"""A 行政处罚 decision that is changed, revoked or annulled comes down within 3 working days.

The editor records the day of the change in 「撤销日期」 and the day the website took the decision down in
「撤下日期」; from its 撤下日期 on, the item leaves the lists and its URL serves a withdrawal notice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zfxxgk.items.record import Item
from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

REVOKED_FIELD = "撤销日期"
TAKEN_DOWN_FIELD = "撤下日期"
# The article that sets the 3 working days could not be confirmed from a copy of the text: no number.
_BASIS = ("《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）：行政处罚决定被依法变更、撤销、"
          "确认违法或者确认无效的，在3个工作日内撤下公示信息")
rule("penalty.withdraw-missing", Severity.ERROR, _BASIS, "处罚决定已被变更或撤销，却没有撤下")
rule("penalty.withdraw-late", Severity.WARNING, _BASIS, "处罚决定被变更或撤销后超过3个工作日才撤下")


def taken_down(item: Item, as_of: dt.date) -> dt.date | None:
    """The 撤下日期 of an item, when that day has come; None otherwise."""
    day = item.date(TAKEN_DOWN_FIELD)
    return day if day is not None and day <= as_of else None


def check(ctx: CheckContext) -> None:
    """Every decision with a 撤销日期 has a 撤下日期 no later than 3 working days after it."""
    if ctx.calendar is None:
        return
    days = ctx.settings.options.penalty_withdraw_days
    for item in ctx.items:
        revoked = item.date(REVOKED_FIELD)
        if revoked is None:
            continue
        src = ctx.source(item)
        due, _warnings = ctx.calendar.add_workdays(revoked, days)
        down = item.date(TAKEN_DOWN_FIELD)
        if down is None:
            pos = src.located.value_pos((REVOKED_FIELD,), src.pos(REVOKED_FIELD))
            ctx.problems.add("penalty.withdraw-missing", src.rel, pos.line, pos.column,
                             f"处罚决定于 {revoked} 被变更、撤销或确认无效，应在 {days} 个工作日内（{due} 之前）撤下："
                             f"请在「{TAKEN_DOWN_FIELD}」中写明撤下的日期，网站从该日起撤出列表并在原网址显示撤下说明。")
        elif down > due:
            pos = src.located.value_pos((TAKEN_DOWN_FIELD,), src.pos(TAKEN_DOWN_FIELD))
            late = ctx.calendar.workdays_between(due, down)
            ctx.problems.add("penalty.withdraw-late", src.rel, pos.line, pos.column,
                             f"处罚决定于 {revoked} 被变更或撤销，应在 {due} 之前撤下，撤下日期 {down} 晚了 {late} 个工作日。")
