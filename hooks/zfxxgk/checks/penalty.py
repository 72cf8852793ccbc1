"""行政处罚 publication: warnings alone are not published; decisions leave the site when their period ends."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zfxxgk import penalty
from zfxxgk.items import Item
from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

_BASIS = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）"
rule("penalty.warning-only", Severity.ERROR, f"{_BASIS}第十条：仅受到警告的行政处罚信息不予公示", "只有警告的处罚决定不得公示")
rule("penalty.expiring", Severity.INFO, f"{_BASIS}第十四条：公示期满停止公示", "处罚信息将在 30 天内到期撤下")
rule("penalty.expired", Severity.INFO, f"{_BASIS}第十四条：公示期满停止公示", "处罚信息公示期已满，网站已撤下")
rule("penalty.late", Severity.WARNING, f"{_BASIS}第十一条：作出处罚决定之日起20个工作日内公示", "处罚信息超过20个工作日才公示")
rule("penalty.content", Severity.ERROR, f"{_BASIS}第七条：公示处罚种类和内容", "处罚决定没有写明处罚种类和内容")

DEFAULT_COLUMNS = ("行政处罚",)
DEFAULT_SMALL_FINE = 10000.0


def options(ctx: CheckContext) -> tuple[tuple[str, ...], float]:
    """The penalty columns and the 较低数额罚款 threshold from settings."""
    columns = tuple(ctx.settings.option("penalty_columns", DEFAULT_COLUMNS))
    small = float(ctx.settings.option("penalty_small_fine_yuan", DEFAULT_SMALL_FINE))
    return columns, small


def check(ctx: CheckContext) -> None:
    """Report warning-only decisions, decisions without content, and what expires in the next 30 days."""
    columns, small = options(ctx)
    soon = ctx.as_of + dt.timedelta(days=int(ctx.settings.option("penalty_notice_days", 30)))
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
                             f"处罚内容“{text}”只有警告：仅受到警告的行政处罚信息不予公示，请撤回本条目。")
        if terms.expires_on is None:
            continue
        period = "3 个月（通报批评或较低数额罚款）" if terms.short_period else "3 年"
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
    days = int(ctx.settings.option("penalty_publish_days", 20))
    due, _warnings = ctx.calendar.add_workdays(decided, days)
    if item.published > due:
        src = ctx.source(item)
        pos = src.located.value_pos(("发布日期",), src.pos("发布日期"))
        late = ctx.calendar.workdays_between(due, item.published)
        ctx.problems.add("penalty.late", src.rel, pos.line, pos.column,
                         f"处罚决定于 {decided} 作出，应在 {days} 个工作日内（{due} 之前）公示，发布日期 {item.published} "
                         f"晚了 {late} 个工作日。")
