"""The identities of the national tables and the publication deadline, as problems in 统计.yaml.

Each broken identity is exactly one error, at the number a clerk should look at first: the 总计 that
does not add up, or the 结转下年度 figure when a column does not balance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from zfxxgk.annual.formats import (
    AFTER_REVIEW,
    APPLICANT_COLUMNS,
    APPLICANTS,
    CARRIED_IN,
    CARRIED_OUT,
    DIRECT,
    NEW,
    RESULTS,
    RESULTS_HEAD,
    RESULTS_TOTAL,
    REVIEW,
    S3,
    S4,
    TOTAL,
)
from zfxxgk.annual.model import AnnualReport, Figure
from zfxxgk.documents import annual_report_basis, cite
from zfxxgk.html.unsafe import find_unsafe
from zfxxgk.problems import Problems, Severity, rule
from zfxxgk.yamlpos import Pos

_FORMATS = "国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 政府信息公开工作年度报告格式"
rule("annual.balance", Severity.ERROR,
     f"{_FORMATS}（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
     "三部分某一列：新收加上年结转不等于办理结果总计加结转下年度")
rule("annual.results-total", Severity.ERROR, _FORMATS, "三部分（七）总计不等于（一）至（六）各项之和")
rule("annual.applicant-total", Severity.ERROR, _FORMATS, "三部分“总计”列不等于六个申请人列之和")
rule("annual.review-total", Severity.ERROR, _FORMATS, "四部分行政复议或行政诉讼的“总计”不等于四种结果之和")
rule("annual.late", Severity.ERROR, "《中华人民共和国政府信息公开条例》第四十九条",
     "年报没有在次年1月31日前公布")
rule("annual.carry-over", Severity.WARNING, _FORMATS,
     "本年“上年结转”与上一年报告的“结转下年度继续办理”不一致")

_RESULTS_ROW = (RESULTS_HEAD, RESULTS_TOTAL)


def _short(row: tuple[str, ...]) -> str:
    return "".join(row[1:]) if row[0] == RESULTS_HEAD else row[0]


def _add(problems: Problems, rule_id: str, report: AnnualReport, figure: Figure, message: str) -> None:
    pos = figure.pos or Pos(1, 1)
    problems.add(rule_id, report.path, pos.line, pos.column, message)


def check_identities(report: AnnualReport, problems: Problems) -> int:
    """Check every identity of sections 三 and 四; returns how many are broken (one error each)."""
    broken = 0
    parts = report.format.result_parts()
    fig = report.section3
    for row in report.format.leaves3():
        total = fig[(row, TOTAL)]
        summed = sum(int(fig[(row, c)].value) for c in APPLICANTS)
        if total.given and total.value != summed:
            broken += 1
            terms = " + ".join(str(fig[(row, c)].value) for c in APPLICANTS)
            _add(problems, "annual.applicant-total", report, total,
                 f"{S3}「{_short(row)}」行的总计填的是 {total.value}，而六个申请人列之和 {terms} = {summed}。"
                 "请改正总计，或改正某一申请人列的数字。")
    for column in APPLICANT_COLUMNS:
        seventh = fig[(_RESULTS_ROW, column)]
        summed = sum(int(fig[(p, column)].value) for p in parts)
        if seventh.given and seventh.value != summed:
            broken += 1
            _add(problems, "annual.results-total", report, seventh,
                 f"{S3}「{column}」列：三、本年度办理结果（七）总计填的是 {seventh.value}，"
                 f"而（一）至（六）各项（含各小项）之和是 {summed}。请改正总计，或补全、改正各项办理结果。")
        left = int(fig[((NEW,), column)].value) + int(fig[((CARRIED_IN,), column)].value)
        right = int(seventh.value) + int(fig[((CARRIED_OUT,), column)].value)
        if left != right:
            broken += 1
            _add(problems, "annual.balance", report, fig[((CARRIED_OUT,), column)],
                 f"{S3}「{column}」列不平衡：一、本年新收（{fig[((NEW,), column)].value}）"
                 f"+ 二、上年结转（{fig[((CARRIED_IN,), column)].value}）= {left}，"
                 f"而三、本年度办理结果（七）总计（{seventh.value}）"
                 f"+ 四、结转下年度继续办理（{fig[((CARRIED_OUT,), column)].value}）= {right}。"
                 "第一项加第二项之和应等于第三项加第四项之和；请核对办理结果和结转数。")
    for group in (REVIEW, DIRECT, AFTER_REVIEW):
        total = report.section4[(group, TOTAL)]
        values = [int(report.section4[(group, c)].value) for c in RESULTS]
        if total.given and total.value != sum(values):
            broken += 1
            name = group if group == REVIEW else f"行政诉讼（{group}）"
            terms = " + ".join(f"{c} {v}" for c, v in zip(RESULTS, values, strict=True))
            _add(problems, "annual.review-total", report, total,
                 f"{S4}「{name}」的总计填的是 {total.value}，而 {terms} = {sum(values)}。"
                 "请改正总计或各项结果。")
    return broken


def check_deadline(report: AnnualReport, problems: Problems, deadline: tuple[int, int] | None = None) -> None:
    """The report is published by its year's deadline: 31 January (条例第四十九条), 31 March for 2018 and
    earlier (2008 条例); `deadline` (month, day) overrides the date from 2019 on (e.g. 03-31 for a government)."""
    if report.published is None:
        return
    due, basis = annual_report_basis(report.year)
    if deadline is not None and report.year >= 2019:
        due = deadline
    limit = dt.date(report.year + 1, *due)
    if report.published > limit:
        pos = report.published_pos or Pos(1, 1)
        problems.add("annual.late", report.published_path or report.path, pos.line, pos.column,
                     f"{report.year}年度报告的发布日期是 {report.published.isoformat()}，"
                     f"晚于 {limit.isoformat()}（{limit.month}月{limit.day}日前公布上一年度的政府信息公开工作年度报告）。"
                     "请核对「发布日期」，确属逾期的如实保留并在“六、其他需要报告的事项”中说明。" + cite(basis))


def check_carry_over(reports: Sequence[AnnualReport], problems: Problems) -> None:
    """This year's 上年结转 equals last year's 结转下年度继续办理, column by column (warning)."""
    by_year = {r.year: r for r in reports}
    for report in reports:
        last = by_year.get(report.year - 1)
        if last is None:
            continue
        for column in APPLICANT_COLUMNS:
            now = report.section3[((CARRIED_IN,), column)]
            before = last.section3[((CARRIED_OUT,), column)]
            if now.value != before.value:
                _add(problems, "annual.carry-over", report, now,
                     f"{S3}「{column}」列：二、上年结转是 {now.value}，但 {last.year} 年度报告的"
                     f"四、结转下年度继续办理是 {before.value}（{last.path}）。请核对两年的数字。")


def check_markdown(report: AnnualReport, problems: Problems) -> None:
    """Scripts, frames, event handlers and javascript: links in the Markdown sections (removed on render)."""
    for key, text in report.texts.items():
        start = report.text_pos.get(key, Pos(1, 1))
        for offset, _length, what in find_unsafe(text):
            line = text.count("\n", 0, offset)
            column = offset - (text.rfind("\n", 0, offset) + 1) + start.column
            problems.add("html.unsafe", report.path, start.line + line, column,
                         f"「{key.replace('/', '」「')}」{what}：网站会把它删除。请改用普通的 Markdown 文字、链接和图片。")
