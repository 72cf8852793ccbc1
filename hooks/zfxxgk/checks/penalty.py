"""行政处罚 publication: warnings alone are not published; decisions leave the site when their period ends."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zfxxgk.items import penalty
from zfxxgk.items.record import Item
from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

_BASIS = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）"
rule("penalty.warning-only", Severity.ERROR, f"{_BASIS}第二条第二款：仅受到警告行政处罚的不予公示",
     "只有警告的处罚决定不得公示（2021-09-01 起作出的决定）")
rule("penalty.expiring", Severity.INFO, f"{_BASIS}第十三条：公示期满停止公示", "处罚信息将在 30 天内到期撤下")
rule("penalty.expired", Severity.INFO, f"{_BASIS}第十三条：公示期满停止公示", "处罚信息公示期已满，网站已撤下")
# The article that sets the 20 working days could not be confirmed from a copy of the text: cite the
# regulation and the rule, not an article number.
rule("penalty.late", Severity.WARNING, f"{_BASIS}：自作出行政处罚决定之日起20个工作日内公示",
     "处罚信息超过20个工作日才公示")
rule("penalty.content", Severity.ERROR, f"{_BASIS}第四条第三款：行政处罚信息摘要包括行政处罚内容",
     "处罚决定没有写明处罚种类和内容")

# 第十三条第二款 leaves 较低数额罚款 to each province: nationally there is no figure, so by default no fine
# is 较低 and only 通报批评 alone is shown for 3 months. 贵州 (from 2024-01-01): 自然人 under 5,000 元,
# 法人或其他组织 under 50,000 元, 不含本数 — see README, 设置.
NATIONAL_SMALL_FINE = penalty.SmallFine()


def small_fine(ctx: CheckContext) -> penalty.SmallFine:
    """The province's 较低数额罚款 line from settings (penalty_small_fine, or the older single figure)."""
    line = ctx.settings.options.penalty_small_fine
    if line is not None:
        person, organisation = line.get(penalty.PERSON), line.get(penalty.ORGANISATION)
        return penalty.SmallFine(None if person is None else float(person),
                                 None if organisation is None else float(organisation),
                                 bool(line.get("含本数", False)))
    single = ctx.settings.options.penalty_small_fine_yuan
    if single is not None:  # the one figure of earlier versions, for both kinds of party, inclusive
        return penalty.SmallFine(float(single), float(single), True)
    return NATIONAL_SMALL_FINE


def options(ctx: CheckContext) -> tuple[tuple[str, ...], penalty.SmallFine]:
    """The penalty columns and the 较低数额罚款 line from settings."""
    columns = ctx.settings.options.penalty_columns
    return columns, small_fine(ctx)


def check(ctx: CheckContext) -> None:
    """Report warning-only decisions, decisions without content, and what expires in the next 30 days."""
    columns, small = options(ctx)
    soon = ctx.as_of + dt.timedelta(days=ctx.settings.options.penalty_notice_days)
    for item in ctx.items:
        if not penalty.is_penalty(item, columns):
            continue
        src = ctx.source(item)
        text = penalty.content_text(item)
        field = next((f for f in penalty.CONTENT_FIELDS if f in item.fields), "标题")
        pos = src.located.value_pos((field,), src.pos(field))
        if not text:
            if set(penalty.CONTENT_FIELDS) & ctx.extras.get("elements_missing", {}).get(item.index_no, set()):
                continue  # catalogue.element-missing already names this 要素
            ctx.problems.add("penalty.content", src.rel, pos.line, pos.column,
                             "行政处罚信息应写明「处罚种类和内容」，据此判断公示期和能否公示。")
            continue
        terms = penalty.terms(item, small)
        _late(ctx, item, terms.decided)
        if terms.warning_only:
            ctx.problems.add("penalty.warning-only", src.rel, pos.line, pos.column,
                             f"处罚内容“{text}”只有警告：{terms.decided or '2021-09-01 以后'}作出的仅受到警告的行政处罚"
                             "信息不予公示，请撤回本条目。")
        if terms.expires_on is None:
            continue
        period = "3 个月（仅通报批评或较低数额罚款）" if terms.short_period else "3 年"
        if terms.expires_on <= ctx.as_of:
            ctx.problems.add("penalty.expired", src.rel, 2, 1,
                             f"公示期 {period} 已于 {terms.expires_on} 届满：网站已将其撤出列表，原网址显示撤下说明。"
                             "如需保留记录，可把条目移出网站内容。")
        elif terms.expires_on <= soon:
            ctx.problems.add("penalty.expiring", src.rel, 2, 1,
                             f"公示期 {period} 将于 {terms.expires_on} 届满，届时网站自动撤下本条。")


def _late(ctx: CheckContext, item: Item, decided: dt.date | None) -> None:
    """45号令's own 20-working-day limit, unless the catalogue's 时限 already reported this item late."""
    if decided is None or ctx.calendar is None or item.index_no in ctx.extras.get("deadline_late", set()):
        return
    if not penalty.order_45_applies(decided):
        return  # before 2021-09-01 the catalogue's own 时限 (deadline.late) is the rule that applied
    days = ctx.settings.options.penalty_publish_days
    due, _warnings = ctx.calendar.add_workdays(decided, days)
    if item.published > due:
        src = ctx.source(item)
        pos = src.located.value_pos(("发布日期",), src.pos("发布日期"))
        late = ctx.calendar.workdays_between(due, item.published)
        ctx.problems.add("penalty.late", src.rel, pos.line, pos.column,
                         f"处罚决定于 {decided} 作出，应在 {days} 个工作日内（{due} 之前）公示，发布日期 {item.published} "
                         f"晚了 {late} 个工作日。")
