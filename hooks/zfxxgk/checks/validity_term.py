"""有效期 of 行政规范性文件: capped by local rules (commonly 5 years, 暂行/试行 2 years), when a province sets it.

No national text sets the cap, so it is a setting (`validity_term_years`), off by default; the message
cites the local rule named in `validity_term_basis`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zfxxgk.documents import cite
from zfxxgk.items.penalty import add_months
from zfxxgk.items.record import Item
from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

_BASIS = "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）：及时公布废止、失效情况"
rule("validity.term", Severity.WARNING, f"{_BASIS}；有效期上限按地方规定（设置 validity_term_years、validity_term_basis）",
     "规范性文件的有效期超过地方规定的上限")

TRIAL_WORDS = ("暂行", "试行")


def term_years(item: Item, terms: dict[str, int]) -> int | None:
    """The longest term the local rule allows this document: 暂行/试行 titles their own, others 一般."""
    if any(word in item.title for word in TRIAL_WORDS):
        for word in TRIAL_WORDS:
            if word in item.title and word in terms:
                return int(terms[word])
    return int(terms["一般"]) if "一般" in terms else None


def check(ctx: CheckContext) -> None:
    """A 现行有效 document's 有效期至 is within the cap; without one, it is not older than the cap."""
    terms = ctx.settings.options.validity_term_years
    if not terms:
        return  # national default: no cap
    local = ctx.settings.options.validity_term_basis
    columns = ctx.settings.options.validity_term_columns
    for item in ctx.items:
        if item.catalogue not in columns or item.validity not in (None, "现行有效"):
            continue
        years = term_years(item, dict(terms))
        if years is None:
            continue
        start = item.written or item.published
        limit = add_months(start, 12 * years) - dt.timedelta(days=1)
        kind = "暂行、试行文件" if any(w in item.title for w in TRIAL_WORDS) else "规范性文件"
        basis = cite(f"{local}：{kind}有效期不超过{years}年；{_BASIS}")
        src = ctx.source(item)
        if item.valid_until is not None and item.valid_until > limit:
            pos = src.located.value_pos(("有效期至",), src.pos("有效期至"))
            ctx.problems.add("validity.term", src.rel, pos.line, pos.column,
                             f"有效期至 {item.valid_until} 超过了{kind}有效期 {years} 年的上限：成文于 {start}，"
                             f"最迟至 {limit}。请核对有效期。" + basis)
        elif item.valid_until is None and ctx.as_of > limit:
            key = "有效性" if item.validity else "标题"
            pos = src.located.value_pos((key,), src.pos(key))
            ctx.problems.add("validity.term", src.rel, pos.line, pos.column,
                             f"本文件成文于 {start}，{kind}有效期最长 {years} 年，已于 {limit} 届满，但仍作现行有效："
                             "请改为“已失效”并写明废止日期，或按规定重新公布后写明「有效期至」。" + basis)
