"""Department quotas: each responsible department publishes enough items each quarter and year.

The agency rule of seed 000 (六盘水市市场监督管理局2021年政务公开工作实施方案): at least 2 items a quarter
and 10 a year per department. Only finished periods are judged: the last four complete quarters and
the last complete year before --as-of. Numbers and severity are settings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

_BASIS = "《六盘水市市场监督管理局2021年政务公开工作实施方案》：各科室每季度不少于2条、全年不少于10条（可在设置中调整）"
rule("quota.quarter", Severity.INFO, _BASIS, "科室本季度公开信息数少于要求")
rule("quota.year", Severity.INFO, _BASIS, "科室全年公开信息数少于要求")


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(year, quarter 1–4) of a date."""
    return day.year, (day.month - 1) // 3 + 1


def finished_quarters(as_of: dt.date, count: int = 4) -> list[tuple[int, int]]:
    """The `count` most recent quarters that ended before `as_of`, oldest first."""
    year, quarter = quarter_of(as_of)
    out = []
    for _ in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        out.append((year, quarter))
    return sorted(out)


def department_counts(ctx: CheckContext) -> tuple[Counter[tuple[str, int, int]], Counter[tuple[str, int]]]:
    """Public items per (department, year, quarter) and per (department, year)."""
    per_quarter: Counter[tuple[str, int, int]] = Counter()
    per_year: Counter[tuple[str, int]] = Counter()
    for item in ctx.items:
        if item.disclosure != "主动公开" or not item.department:
            continue
        year, quarter = quarter_of(item.published)
        per_quarter[(item.department, year, quarter)] += 1
        per_year[(item.department, year)] += 1
    return per_quarter, per_year


def check(ctx: CheckContext) -> None:
    """Report each department and finished period below the quota."""
    names = [d.name for d in ctx.settings.departments]
    if not names:
        return
    per_q = ctx.settings.options.quota_per_quarter
    per_y = ctx.settings.options.quota_per_year
    since = ctx.settings.options.quota_since
    start = dt.date.fromisoformat(since) if since else dt.date.min
    per_quarter, per_year = department_counts(ctx)
    where = ctx.settings.rel(ctx.settings.config_file)
    for year, quarter in finished_quarters(ctx.as_of):
        if dt.date(year, quarter * 3 - 2, 1) < start:
            continue
        for name in names:
            count = per_quarter[(name, year, quarter)]
            if count < per_q:
                ctx.problems.add("quota.quarter", where, 0, 0,
                                 f"{name} {year}年第{quarter}季度公开信息 {count} 条，少于要求的 {per_q} 条。")
    last_year = ctx.as_of.year - 1
    if dt.date(last_year, 1, 1) >= start:
        for name in names:
            count = per_year[(name, last_year)]
            if count < per_y:
                ctx.problems.add("quota.year", where, 0, 0,
                                 f"{name} {last_year}年全年公开信息 {count} 条，少于要求的 {per_y} 条。")
