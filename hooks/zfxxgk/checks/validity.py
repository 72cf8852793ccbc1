"""Validity lifecycle of 规范性文件: repealed and expired documents are marked, dated and linked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

_BASIS = "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）：及时公布废止、失效情况"
rule("validity.repeal-date", Severity.ERROR, _BASIS, "已废止或已失效的文件没有废止日期")
rule("validity.repeal-basis", Severity.ERROR, _BASIS, "已废止的文件没有废止依据")
rule("validity.contradiction", Severity.ERROR, _BASIS, "有效性与废止日期、废止依据相互矛盾")
rule("validity.expired", Severity.WARNING, _BASIS, "现行有效的文件已过有效期")
rule("validity.missing", Severity.WARNING, _BASIS, "规范性文件没有标注有效性")
rule("validity.amend-basis", Severity.WARNING, _BASIS, "已修改的文件没有修改依据")



def check(ctx: CheckContext) -> None:
    """Each status has the dates and links it needs; 现行有效 documents are still within their term."""
    columns = ctx.settings.options.validity_columns
    for item in ctx.items:
        src = ctx.source(item)
        status_pos = src.located.value_pos(("有效性",), src.pos("有效性"))
        status = item.validity
        if status is None:
            if item.catalogue in columns:
                ctx.problems.add("validity.missing", src.rel, 2, 1,
                                 f"「{item.catalogue}」栏目的文件应标注「有效性」（现行有效、已修改、已废止或已失效）。")
            if item.repealed_on or item.repealed_by:
                ctx.problems.add("validity.contradiction", src.rel, 2, 1,
                                 "填写了废止日期或废止依据，却没有标注「有效性」：请写明 已废止 或 已失效。")
            continue
        if status in ("已废止", "已失效") and item.repealed_on is None:
            ctx.problems.add("validity.repeal-date", src.rel, status_pos.line, status_pos.column,
                             f"有效性为“{status}”，但没有「废止日期」：请写明文件{status[1:]}的日期（YYYY-MM-DD）。")
        if status == "已废止" and not item.repealed_by:
            ctx.problems.add("validity.repeal-basis", src.rel, status_pos.line, status_pos.column,
                             "有效性为“已废止”，但没有「废止依据」：请填写作出废止决定的文件的索引号，网站会在两个页面上互相链接。")
        if status == "已修改" and not item.amended_by:
            ctx.problems.add("validity.amend-basis", src.rel, status_pos.line, status_pos.column,
                             "有效性为“已修改”，请在「修改依据」中填写修改决定的索引号。")
        if status in ("现行有效", "已修改") and (item.repealed_on or item.repealed_by):
            ctx.problems.add("validity.contradiction", src.rel, status_pos.line, status_pos.column,
                             f"有效性为“{status}”，却填写了废止日期或废止依据：请把有效性改为 已废止 或 已失效，或删去废止信息。")
        if item.repealed_on and item.written and item.repealed_on < item.written:
            pos = src.located.value_pos(("废止日期",), src.pos("废止日期"))
            ctx.problems.add("validity.contradiction", src.rel, pos.line, pos.column,
                             f"废止日期 {item.repealed_on} 早于成文日期 {item.written}。")
        if status == "现行有效" and item.valid_until and item.valid_until < ctx.as_of:
            pos = src.located.value_pos(("有效期至",), src.pos("有效期至"))
            ctx.problems.add("validity.expired", src.rel, pos.line, pos.column,
                             f"文件有效期至 {item.valid_until}，已经过期，但仍标为“现行有效”：请改为“已失效”并填写废止日期 "
                             f"{item.valid_until}，或在延期后更新有效期。")
