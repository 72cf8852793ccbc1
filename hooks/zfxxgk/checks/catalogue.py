"""Checks against the standard catalogue: a known 目录, every 要素 present, 公开方式, and timeliness."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zfxxgk.catalogue.model import CatalogueItem
from zfxxgk.documents import cite, publication_basis
from zfxxgk.items.record import Item
from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    import datetime as dt

    from zfxxgk.checks.context import CheckContext

_BASIS = "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）：按标准目录公开"
rule("catalogue.unknown", Severity.ERROR, _BASIS, "目录不是标准目录中的事项")
rule("catalogue.element-missing", Severity.ERROR, _BASIS, "缺少标准目录要求公开的要素")
rule("catalogue.mode", Severity.ERROR, f"{_BASIS}；条例第十三条", "公开方式与标准目录不符")
rule("deadline.late", Severity.WARNING,
     "按信息形成之日适用的规定：条例第二十六条（2019-05-15 前形成的，2008年施行的条例第十八条）；年报：条例第四十九条；"
     "行政执法决定7个工作日：国办发〔2018〕118号；行政处罚：国家市场监督管理总局令第45号；其余按标准目录的公开时限"
     "（国办发〔2019〕54号）", "发布日期晚于公开时限")
rule("deadline.start-missing", Severity.ERROR,
     "条例第十二条：目录包括生成日期；条例第二十六条：自该政府信息形成或者变更之日起20个工作日内公开",
     "缺少公开时限的起算日期（成文日期、决定日期等），无法核对是否按时公开")
rule("deadline.unknown-calendar", Severity.INFO, "民法典第二百零一条、第二百零三条；国务院办公厅节假日安排通知",
     "计算时限的年份没有节假日数据，按周一至周五计算")

# The event a 时限 runs from → the front-matter fields that hold its date, most specific first.
DEFAULT_ANCHOR_FIELDS: dict[str, tuple[str, ...]] = {
    "形成": ("成文日期",),
    "变更": ("成文日期",),
    "形成或变更": ("成文日期",),
    "制作或获取": ("成文日期",),
    "决定作出": ("决定日期", "处罚时间", "成文日期"),
    "决定书送达": ("送达日期",),
    "抽查结束": ("抽查结束日期",),
    "批复": ("批复日期", "成文日期"),
}
_HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*#*\s*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def sections(body: str) -> set[str]:
    """The `##`… headings that have content (text or a deeper sub-heading), without numbering like 一、 or 1."""
    out = set()
    heads = list(_HEADING.finditer(body))
    for i, match in enumerate(heads):
        following = heads[i + 1] if i + 1 < len(heads) else None
        text = _COMMENT.sub("", body[match.end():following.start() if following else len(body)]).strip()
        if text or (following is not None and len(following[1]) > len(match[1])):
            out.add(re.sub(r"^[（(]?[一二三四五六七八九十0-9]+[）)、.．]\s*", "", match[2]).strip())
    return out


def missing_elements(item: Item, entry: CatalogueItem) -> list[str]:
    """The catalogue's 要素 the item carries neither as a field nor as a `##` section."""
    heads = sections(item.body)
    missing = []
    for element in entry.elements:
        value = item.fields.get(element)
        if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
            continue
        if any(element == h or element in h for h in heads):
            continue
        missing.append(element)
    return missing


def anchor_date(item: Item, anchor: str | None, fields: dict[str, tuple[str, ...]]) -> tuple[str, dt.date] | None:
    """(field name, date) the item's 时限 runs from, or None when the item does not give it."""
    for name in fields.get(anchor or "形成或变更", ("成文日期",)):
        day = item.written if name == "成文日期" else item.date(name)
        if day is not None:
            return name, day
    return None


def check(ctx: CheckContext) -> None:
    """Every item against its catalogue entry."""
    catalogue = ctx.catalogue
    if catalogue is None:
        return
    fields = {**DEFAULT_ANCHOR_FIELDS, **ctx.settings.options.anchor_fields}
    late_ones = ctx.extras.setdefault("deadline_late", set())
    for item in ctx.items:
        src = ctx.source(item)
        entry = catalogue.get(item.catalogue)
        if entry is None:
            pos = src.located.value_pos(("目录",), src.pos("目录"))
            close = catalogue.closest(item.catalogue)
            hint = f"是不是“{close[0]}”？" if close else ""
            ctx.problems.add("catalogue.unknown", src.rel, pos.line, pos.column,
                             f"目录“{item.catalogue}”不是本机关标准目录中的事项。{hint}"
                             "请按“一级事项/二级事项”填写标准目录（catalogue/）中的事项。")
            continue
        where = f"标准目录“{entry.path_str}”（{entry.file} 工作表“{entry.sheet}”第{entry.row}行）"
        cat_pos = src.located.value_pos(("目录",), src.pos("目录"))
        reported = ctx.extras.setdefault("elements_missing", {})
        for element in missing_elements(item, entry):
            if element in src.meta:  # the key is there, empty: point at it and ask to fill it in
                pos = src.located.value_pos((element,), src.pos(element))
                line, column = pos.line, pos.column
                text = (f"要素「{element}」是空的：{where}要求公开。请在这一行填写「{element}」的内容"
                        f"（或删去这一行，在正文中写一节“## {element}”）。")
            else:
                line, column = cat_pos.line, cat_pos.column
                text = (f"缺少要素「{element}」：{where}要求公开。请在前置元数据中加上“{element}: …”，"
                        f"或在正文中写一节“## {element}”。")
            if ctx.problems.add("catalogue.element-missing", src.rel, line, column, text) is not None:
                reported.setdefault(item.index_no, set()).add(element)
        modes = set(entry.mode)
        wanted = {"主动公开": "主动", "依申请公开": "依申请"}.get(item.disclosure)
        if modes and wanted and wanted not in modes:
            pos = src.located.value_pos(("公开方式",), src.pos("公开方式"))
            ctx.problems.add("catalogue.mode", src.rel, pos.line, pos.column,
                             f"公开方式“{item.disclosure}”与{where}的公开方式（{'、'.join(sorted(modes))}）不符。")
        if _late(ctx, item, entry, fields, where):
            late_ones.add(item.index_no)


def _late(ctx: CheckContext, item: Item, entry: CatalogueItem, fields: dict[str, tuple[str, ...]], where: str) -> bool:
    deadline = entry.deadline
    if ctx.calendar is None or deadline.kind not in ("working_days", "default", "calendar_days", "annual_date"):
        return False
    anchored = anchor_date(item, deadline.anchor, fields)
    if anchored is None:
        names = fields.get(deadline.anchor or "形成或变更", ("成文日期",))
        # A start date written but not valid is already reported (schema.pattern, date.invalid).
        if deadline.kind != "annual_date" and not any(n in ctx.source(item).meta for n in names):
            _no_start(ctx, item, deadline.describe(), names, where)
        return False
    name, start = anchored
    due = ctx.calendar.due(deadline, start)
    if due is None:
        return False
    src = ctx.source(item)
    pos = src.located.value_pos(("发布日期",), src.pos("发布日期"))
    for warning in due.warnings:
        ctx.problems.add("deadline.unknown-calendar", src.rel, pos.line, pos.column, warning)
    if item.published <= due.date:
        return False
    late = ctx.calendar.workdays_between(due.date, item.published)
    basis = publication_basis(deadline.kind, deadline.n, deadline.anchor, deadline.month, deadline.day, start)
    return ctx.problems.add("deadline.late", src.rel, pos.line, pos.column,
                     f"发布日期 {item.published} 超过了公开时限：{where}规定“{deadline.describe()}”，"
                     f"从{name} {start} 起算，最迟应在 {due.date} 公开，晚了 {late} 个工作日。"
                     + cite(basis)) is not None


def _no_start(ctx: CheckContext, item: Item, limit: str, names: tuple[str, ...], where: str) -> None:
    """The 时限 runs from a date the item does not give: say which field to fill (the check needs it)."""
    src = ctx.source(item)
    pos = src.located.value_pos(("发布日期",), src.pos("发布日期"))
    wanted = "」或「".join(names)
    ctx.problems.add("deadline.start-missing", src.rel, pos.line, pos.column,
                     f"{where}规定“{limit}”，从「{wanted}」起算，本条没有填写，无法核对是否按时公开："
                     f"请在前置元数据中写明「{names[0]}: YYYY-MM-DD」（文件签发或决定作出的日期）。")
