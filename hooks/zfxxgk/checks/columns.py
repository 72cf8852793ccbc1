"""Empty and stale columns (空白栏目, 长期不更新栏目): the single-veto items of the website inspection.

A column is a catalogue item (its items name it in 目录). Empty: no public item at all. Stale: the
newest item is older than the column's update period — 动态/要闻 two weeks, 通知公告/政策文件 six months
(judged on the first-level column as a whole), a catalogue 公开时限 that is an update cycle
(1年/6个月/1个月) or a yearly date (每年1月31日前), or a period set in settings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from zfxxgk.catalogue.model import CatalogueItem
from zfxxgk.problems import Severity, rule
from zfxxgk.workdays import annual_date_on_or_after

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext
    from zfxxgk.items.record import Item

_BASIS = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"
rule("column.empty", Severity.WARNING, f"{_BASIS}：空白栏目", "栏目没有任何公开信息")
rule("column.empty-many", Severity.ERROR, f"{_BASIS}：栏目不更新——空白栏目数量超过（含）5个，即单项否决",
     "空白栏目达到单项否决的数量")
rule("column.stale", Severity.WARNING, f"{_BASIS}：栏目长期未更新", "栏目超过更新周期未更新")
rule("column.stale-many", Severity.ERROR,
     f"{_BASIS}：栏目不更新——2周内的动态、要闻类栏目和6个月内的通知公告、政策文件类一级栏目累计超过（含）5个未更新，"
     "即单项否决", "动态、要闻、通知公告、政策文件类栏目未更新达到单项否决的数量")
rule("column.unupdated-many", Severity.ERROR,
     f"{_BASIS}：栏目不更新——应更新但长期未更新的栏目数量超过（含）10个，即单项否决",
     "应更新但长期未更新的栏目达到单项否决的数量")

# First-level column names → update period in days (the inspection's own classes).
DEFAULT_CLASSES = {"动态": 14, "要闻": 14, "通知公告": 183, "政策文件": 183}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366}


def _where(ctx: CheckContext, entry: CatalogueItem | None) -> tuple[str, int]:
    if entry is None:
        return ctx.settings.rel(ctx.settings.config_file), 0
    return entry.file, entry.row


def check(ctx: CheckContext) -> None:
    """Report empty columns, stale columns, and the single-veto counts."""
    catalogue = ctx.catalogue
    if catalogue is None:
        return
    public = [i for i in ctx.items if i.disclosure == "主动公开" and i.published <= ctx.as_of]
    by_column: dict[str, list[Item]] = defaultdict(list)
    for item in public:
        entry = catalogue.get(item.catalogue)
        if entry is not None:
            by_column[entry.path_str].append(item)
    empty = [entry for entry in catalogue.items if not by_column.get(entry.path_str)]
    for entry in empty:
        path, row = _where(ctx, entry)
        ctx.problems.add("column.empty", path, row, 0,
                         f"栏目“{entry.path_str}”没有任何公开信息（空白栏目）。请发布该事项的信息；"
                         "确无此类信息的，应在标准目录中说明或删去该事项。")
    limit = ctx.settings.options.veto_threshold
    config = ctx.settings.rel(ctx.settings.config_file)
    if len(empty) >= limit:
        ctx.problems.add("column.empty-many", config, 0, 0,
                         f"共有 {len(empty)} 个空白栏目，超过（含）{limit} 个即为单项否决：{'、'.join(e.path_str for e in empty)}。")
    classed, others = _stale(ctx, catalogue.items, by_column)
    if len(classed) >= limit:
        ctx.problems.add("column.stale-many", config, 0, 0,
                         f"共有 {len(classed)} 个动态、要闻、通知公告、政策文件类栏目超过更新周期未更新，"
                         f"超过（含）{limit} 个即为单项否决：{'、'.join(classed)}。")
    # The inspection's second count: every column that should be updated and is not, whatever its class.
    other_limit = ctx.settings.options.veto_threshold_other
    if len(classed) + len(others) >= other_limit:
        ctx.problems.add("column.unupdated-many", config, 0, 0,
                         f"共有 {len(classed) + len(others)} 个应更新但长期未更新的栏目，超过（含）{other_limit} 个即为单项否决："
                         f"{'、'.join(classed + others)}。")


def _stale(ctx: CheckContext, entries: tuple[CatalogueItem, ...], by_column: dict[str, list[Item]]
           ) -> tuple[list[str], list[str]]:
    """Stale first-level columns of the inspection's classes (动态/要闻/通知公告/政策文件), and other stale columns."""
    classes = {**DEFAULT_CLASSES, **ctx.settings.options.column_update_days}
    stale: list[str] = []
    others: list[str] = []
    groups: dict[str, list[CatalogueItem]] = defaultdict(list)
    for entry in entries:
        groups[entry.path[0]].append(entry)
    for first, members in groups.items():
        days = next((d for name, d in classes.items() if name in first), None)
        if days is not None:
            newest = max((i.published for e in members for i in by_column.get(e.path_str, [])), default=None)
            if newest is not None and (ctx.as_of - newest).days > int(days):
                stale.append(first)
                _report(ctx, members[0], first, newest, f"{days} 天")
            continue
        for entry in members:
            items = by_column.get(entry.path_str, [])
            if not items:
                continue
            newest = max(i.published for i in items)
            due_since = _period_start(ctx, entry)
            if due_since is not None and newest < due_since[0]:
                others.append(entry.path_str)
                _report(ctx, entry, entry.path_str, newest, due_since[1])
    return stale, others


def _period_start(ctx: CheckContext, entry: CatalogueItem) -> tuple[dt.date, str] | None:
    """The day since which the column should have a new item, with the period's description."""
    override = ctx.settings.options.column_update_days.get(entry.path_str)
    if override:
        return ctx.as_of - dt.timedelta(days=int(override)), f"{override} 天"
    deadline = entry.deadline
    if deadline.kind == "period" and deadline.n and deadline.unit in _UNIT_DAYS:
        return ctx.as_of - dt.timedelta(days=deadline.n * _UNIT_DAYS[deadline.unit]), deadline.raw
    if deadline.kind == "annual_date" and deadline.month:
        # The latest yearly due date on or before today: an item must have appeared by then.
        last = annual_date_on_or_after(deadline.month, deadline.day, dt.date(ctx.as_of.year - 1, 1, 1))
        this = annual_date_on_or_after(deadline.month, deadline.day, dt.date(ctx.as_of.year, 1, 1))
        due = this if this <= ctx.as_of else last
        # Published within the year before the due date counts (a report for the previous year).
        return due - dt.timedelta(days=366), deadline.raw
    return None


def _report(ctx: CheckContext, entry: CatalogueItem, name: str, newest: dt.date, period: str) -> None:
    path, row = _where(ctx, entry)
    ctx.problems.add("column.stale", path, row, 0,
                     f"栏目“{name}”最近一条信息发布于 {newest}，已超过更新周期（{period}）。"
                     "未注明发布时间或长期不更新的栏目在网站检查中视为不更新。")
