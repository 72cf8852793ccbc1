"""政策解读: every 规章 and 行政规范性文件 has one, published with it or within N working days."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from zfxxgk.documents import cite
from zfxxgk.items.record import Item
from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

SHANXI_2017 = "《山西工商行政管理局全面推进政务公开工作实施方案》（2017年）"

_BASIS = "《国务院办公厅关于全面推进政务公开工作的意见》实施细则（国办发〔2016〕80号）：文件与解读同步组织、同步审签、同步部署"
rule("interpretation.missing", Severity.WARNING, _BASIS, "规章或行政规范性文件没有政策解读")
# No national text sets a number of days: the lag comes from local rules (e.g. 山西省工商局 2017: within
# 3 working days of the document), so it is a setting, off by default, cited from the setting.
rule("interpretation.late", Severity.WARNING,
     f"{_BASIS}；解读时限按地方规定（设置 interpretation_days、interpretation_basis），例如"
     f"{SHANXI_2017}：解读材料于文件公开后3个工作日内发布", "政策解读晚于地方规定的时限")



def interpretations_by_document(items: list[Item]) -> dict[str, list[Item]]:
    """Each document's 解读, by the document's 索引号 (one pass over all items)."""
    found: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.interprets:
            found[item.interprets].append(item)
    return found


def check(ctx: CheckContext) -> None:
    """Documents without a 解读, and 解读 published too long after their document."""
    required = ctx.settings.options.interpretation_required_columns
    days_setting = ctx.settings.options.interpretation_days  # national default: no time limit
    local = ctx.settings.options.interpretation_basis
    by_doc = interpretations_by_document(ctx.items)
    for item in ctx.items:
        if item.catalogue in required and not item.is_interpretation and not by_doc.get(item.index_no):
            src = ctx.source(item)
            pos = src.located.value_pos(("标题",), src.pos("标题"))
            ctx.problems.add("interpretation.missing", src.rel, pos.line, pos.column,
                             f"「{item.catalogue}」的文件应当有政策解读：请新增一条解读（目录: 政策解读/政策解读），"
                             f"在其「解读对象」中填写本文件的索引号 {item.index_no}。")
    if ctx.calendar is None or days_setting is None:
        return
    days = int(days_setting)
    for item in ctx.items:
        document = ctx.item(item.interprets) if item.interprets else None
        if document is None or document.is_interpretation:
            continue
        due, _warnings = ctx.calendar.add_workdays(document.published, days)
        if item.published > due:
            late = ctx.calendar.workdays_between(due, item.published)
            src = ctx.source(item)
            pos = src.located.value_pos(("发布日期",), src.pos("发布日期"))
            ctx.problems.add("interpretation.late", src.rel, pos.line, pos.column,
                             f"解读发布于 {item.published}，文件发布于 {document.published}：应在文件公开后 {days} 个工作日内"
                             f"（即 {due} 之前）公开，晚了 {late} 个工作日。"
                             + cite(f"{local}：解读材料于文件公开后{days}个工作日内发布；{_BASIS}"))
