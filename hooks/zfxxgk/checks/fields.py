"""Field checks: real dates in the right order, 索引号 shape and ownership, 文号 shape."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import TYPE_CHECKING

from zfxxgk.items.loader import Source
from zfxxgk.items.record import DATE_FIELDS, EARLIEST, LATEST, Item, calendar_date, parse_date
from zfxxgk.problems import Problems, Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

_CATALOGUE_GUIDE = "《政府信息公开目录系统实施指引（试行）》"
rule("date.invalid", Severity.ERROR, "GB/T 7408 日期格式", "日期不存在（例如 2月30日）")
rule("date.order", Severity.ERROR, "《党政机关公文格式》（GB/T 9704-2012）：成文日期为签发日期；条例第二十六条：政府信息形成之后公开", "成文日期晚于发布日期")
rule("date.future", Severity.ERROR, "国办秘函〔2019〕19号：伪造发稿日期为单项否决", "发布日期晚于今天")
rule("index.shape", Severity.ERROR, _CATALOGUE_GUIDE, "索引号格式不对")
rule("index.org-code", Severity.ERROR, _CATALOGUE_GUIDE, "索引号前段码不是本机关的代码")
rule("index.year", Severity.ERROR, _CATALOGUE_GUIDE, "索引号年份与发布日期不一致")
rule("docno.shape", Severity.ERROR, "《党政机关公文格式》（GB/T 9704-2012）7.2.4 发文字号", "文号格式不对")
rule("field.department", Severity.ERROR, "《六盘水市市场监督管理局2021年政务公开工作实施方案》：各项任务明确牵头科室和责任科室（科室名单见设置 extra.zfxxgk.科室）", "责任科室不在设置的科室名单中")
rule("field.blank", Severity.ERROR, "《中华人民共和国政府信息公开条例》第十二条（政府信息的名称）",
     "标题或发布机构只有空白，页面会显示空标题")
rule("docno.brackets", Severity.WARNING, "《党政机关公文格式》（GB/T 9704-2012）7.2.4：年份用六角括号〔〕", "文号括号不规范")

_DOCNO = re.compile(r"^(?P<org>[^\s〔〕\[\]【】﹝﹞（）()]+?)〔(?P<year>\d{4})〕(?P<num>第?\d+)号$")
_DOCNO_ORDER = re.compile(r"^(?P<org>\S+?)第(?P<num>\d+)号$")  # 令/公告 numbers: 国家市场监督管理总局令第45号
_DOCNO_LOOSE = re.compile(
    r"^(?P<org>[^\s〔〕\[\]【】﹝﹞（）()]+?)\s*[\[【﹝（(〔]\s*(?P<year>\d{4})\s*[\]】﹞）)〕]\s*(?P<num>第?\d+)\s*号$"
)


def check_dates(source: Source, problems: Problems) -> bool:
    """Every date field is a real calendar date (runs before the item record is built)."""
    ok = True
    for name in DATE_FIELDS:
        value = source.meta.get(name)
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value) and parse_date(value) is None:
            pos = source.located.value_pos((name,), source.pos(name))
            problem = (f"「{name}」{value} 不是真实存在的日期，请核对年月日。" if calendar_date(value) is None else
                       f"「{name}」{value} 不在可接受的范围（{EARLIEST} 至 {LATEST}）内，请核对年份。")
            problems.add("date.invalid", source.rel, pos.line, pos.column, problem)
            ok = False
    return ok


def canonical_docno(text: str) -> str | None:
    """The 〔〕 form of a 文号 written with other brackets, or None when it is not a 文号 at all."""
    match = _DOCNO_LOOSE.match(text.strip())
    return f"{match['org']}〔{match['year']}〕{match['num']}号" if match else None


def check(ctx: CheckContext) -> None:
    """Date order and future dates, 索引号 and 文号 shape."""
    for item in ctx.items:
        src = ctx.source(item)
        _dates(ctx, item, src)
        _blank(ctx, item, src)
        _index(ctx, item, src)
        if item.doc_no:
            _docno(ctx, item.doc_no, src)
        names = [d.name for d in ctx.settings.departments]
        if item.department and names and item.department not in names:
            pos = src.located.value_pos(("责任科室",), src.pos("责任科室"))
            close = difflib.get_close_matches(item.department, names, n=1, cutoff=0.3)
            hint = f"是不是“{close[0]}”？" if close else ""
            ctx.problems.add("field.department", src.rel, pos.line, pos.column,
                             f"责任科室“{item.department}”不在设置的科室名单中。{hint}可选：{'、'.join(names)}。")


def blank(text: str) -> bool:
    """True when a text has nothing visible: only spaces (also full-width) and invisible format characters."""
    return not "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def _blank(ctx: CheckContext, item: Item, src: Source) -> None:
    for name, value in (("标题", item.title), ("发布机构", item.publisher)):
        if blank(value):
            pos = src.located.value_pos((name,), src.pos(name))
            ctx.problems.add("field.blank", src.rel, pos.line, pos.column,
                             f"「{name}」只有空格或看不见的字符，页面上会是空白{'标题' if name == '标题' else ''}。"
                             f"请填写{'信息的完整名称' if name == '标题' else '发布机构的全称'}。")


def _dates(ctx: CheckContext, item: Item, src: Source) -> None:
    pub = src.located.value_pos(("发布日期",), src.pos("发布日期"))
    if item.written and item.written > item.published:
        pos = src.located.value_pos(("成文日期",), src.pos("成文日期"))
        ctx.problems.add("date.order", src.rel, pos.line, pos.column,
                         f"成文日期 {item.written} 晚于发布日期 {item.published}：文件不能在签发之前公开，请核对两个日期。")
    # A date pinned in the settings (as_of: the sample, an archive) freezes the site's "today" for the checks
    # that age; an item an editor adds now is still not in the future: judged against the real day as well.
    today = ctx.as_of if ctx.settings.as_of is None else max(ctx.as_of, dt.date.today())
    if item.published > today:
        ctx.problems.add("date.future", src.rel, pub.line, pub.column,
                         f"发布日期 {item.published} 晚于今天（{today}）。发布日期必须是实际公开的日期；"
                         "如需定时发布，请在当天再合并。")


def _index(ctx: CheckContext, item: Item, src: Source) -> None:
    pos = src.located.value_pos(("索引号",), src.pos("索引号"))
    match = ctx.settings.index_pattern.match(item.index_no)
    if not match:
        example = f"{ctx.settings.org_codes[0]}/{item.published.year}-00001"
        ctx.problems.add("index.shape", src.rel, pos.line, pos.column,
                         f"索引号 {item.index_no} 格式不对：应为“前段码/年份-五位流水号”，例如 {example}。")
        return
    if match["org"] not in ctx.settings.org_codes:
        codes = "、".join(ctx.settings.org_codes)
        ctx.problems.add("index.org-code", src.rel, pos.line, pos.column,
                         f"索引号前段码 {match['org']} 不是本机关的代码（应为 {codes}）。")
    if int(match["year"]) != item.published.year:
        ctx.problems.add("index.year", src.rel, pos.line, pos.column,
                         f"索引号中的年份 {match['year']} 与发布日期的年份 {item.published.year} 不一致。"
                         "索引号按发布年份编号，请改用该年份的流水号。")


def _docno(ctx: CheckContext, doc_no: str, src: Source) -> None:
    pos = src.located.value_pos(("文号",), src.pos("文号"))
    if _DOCNO.match(doc_no) or _DOCNO_ORDER.match(doc_no):
        return
    canonical = canonical_docno(doc_no)
    if canonical:
        ctx.problems.add("docno.brackets", src.rel, pos.line, pos.column,
                         f"文号 {doc_no} 的年份括号不规范，应写作 {canonical}（六角括号〔〕）。")
        return
    ctx.problems.add("docno.shape", src.rel, pos.line, pos.column,
                     f"文号 {doc_no} 格式不对：应为“机关代字〔年份〕序号号”，例如 六盘水市监发〔2021〕12号；"
                     "没有文号的信息请删除该字段。")
