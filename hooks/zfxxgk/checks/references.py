"""Cross-item checks: unique 索引号, 解读 → document, 废止依据 → an existing item."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from zfxxgk.checks.fields import canonical_docno
from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

rule("index.duplicate", Severity.ERROR, "《政府信息公开目录系统实施指引（试行）》：索引号唯一", "两个条目使用同一个索引号")
rule("docno.duplicate", Severity.ERROR, "《党政机关公文格式》（GB/T 9704-2012）7.2.4：发文字号标识一份公文（同一文件只公开一次）",
     "两个条目使用同一个文号")
rule("ref.interpretation-target", Severity.ERROR, "国办秘函〔2019〕19号：政策解读与文件双向关联",
     "解读对象不是已有的文件")
rule("ref.repeal-basis", Severity.ERROR, "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）：及时公布废止、失效情况", "废止依据不是已有的条目")


def check(ctx: CheckContext) -> None:
    """Duplicates over every readable source; references over valid items."""
    _duplicates(ctx)
    _duplicate_docnos(ctx)
    for item in ctx.items:
        src = ctx.source(item)
        if item.interprets:
            target = ctx.item(item.interprets)
            pos = src.located.value_pos(("解读对象",), src.pos("解读对象"))
            if target is None:
                ctx.problems.add("ref.interpretation-target", src.rel, pos.line, pos.column,
                                 f"解读对象 {item.interprets} 找不到：请填写被解读文件的索引号（须先于或与解读同时公开）。")
            elif target.is_interpretation:
                ctx.problems.add("ref.interpretation-target", src.rel, pos.line, pos.column,
                                 f"解读对象 {item.interprets}（{target.title}）本身是一篇解读；解读对象必须是被解读的文件。")
        for key, ref in (("废止依据", item.repealed_by), ("修改依据", item.amended_by)):
            if ref and ctx.item(ref) is None:
                pos = src.located.value_pos((key,), src.pos(key))
                ctx.problems.add("ref.repeal-basis", src.rel, pos.line, pos.column,
                                 f"{key} {ref} 找不到：请填写作出废止或修改决定的条目的索引号。")


def _duplicates(ctx: CheckContext) -> None:
    """Several files with one 索引号: the one already online keeps it, the newer ones are told to change.

    Online means listed with that 发布日期 in the last published manifest (`zfxxgk check --against`);
    without one, the earliest 发布日期 (then the path) marks the item that was there first. Telling the
    older, published item to change would change its URL.
    """
    online: dict[str, str] = ctx.extras.get("published", {})
    holders: dict[str, list[tuple[bool, str, str, int, int]]] = defaultdict(list)
    for src in ctx.sources:
        value = src.meta.get("索引号")
        if isinstance(value, str) and value.strip():
            pos = src.located.value_pos(("索引号",), src.pos("索引号"))
            published = src.meta.get("发布日期")
            day = published if isinstance(published, str) else "9999-99-99"
            is_online = online.get(value.strip()) == day
            holders[value.strip()].append((not is_online, day, src.rel, pos.line, pos.column))
    taken = set(holders) | set(online)
    for index_no, places in sorted(holders.items()):
        if len(places) < 2:
            continue
        # Ties (same date, none online) keep the file order of `discover`: by path parts, not by string.
        first, *newer = sorted(places, key=lambda p: (p[0], p[1], p[2].split("/")))
        for _offline, _day, rel, line, column in newer:
            suggestion = next_free(index_no, taken)
            if suggestion:
                taken.add(suggestion)
            hint = f"请改用下一个空闲的索引号 {suggestion}。" if suggestion else "请改用一个未被使用的索引号。"
            since = "已公开" if not first[0] else f"发布日期 {first[1]}，先于本条"
            ctx.problems.add("index.duplicate", rel, line, column,
                             f"索引号 {index_no} 已被 {first[2]}:{first[3]} 使用（{since}）；索引号和网址一经公开不再改变，"
                             f"应由后加的本条改号。{hint}")


def _duplicate_docnos(ctx: CheckContext) -> None:
    """Two items with one 文号 (brackets normalised) publish one document twice: the later one is reported."""
    holders: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for item in ctx.items:
        if item.doc_no:
            key = canonical_docno(item.doc_no) or item.doc_no.strip()
            holders[key].append((item.published.isoformat(), item.rel, item.index_no))
    for doc_no, places in sorted(holders.items()):
        if len(places) < 2:
            continue
        first, *later = sorted(places, key=lambda p: (p[0], p[1].split("/")))
        for _day, rel, _index in later:
            item = next(i for i in ctx.items if i.rel == rel)
            src = ctx.source(item)
            pos = src.located.value_pos(("文号",), src.pos("文号"))
            ctx.problems.add("docno.duplicate", rel, pos.line, pos.column,
                             f"文号 {doc_no} 已由 {first[1]}（索引号 {first[2]}，发布日期 {first[0]}）公开。同一文件只公开一次："
                             "如是重复新建，请删除本条；如是另一份文件，请核对文号。")


def next_free(index_no: str, taken: set[str]) -> str | None:
    """The next unused 索引号 after the highest one with the same 前段码 and year."""
    head, _, tail = index_no.rpartition("/")
    year, _, seq = tail.rpartition("-")
    if not (head and year and seq.isdigit()):
        return None
    prefix = f"{head}/{year}-"
    used = [int(t[len(prefix):]) for t in taken if t.startswith(prefix) and t[len(prefix):].isdigit()]
    return f"{prefix}{max(used, default=0) + 1:0{len(seq)}d}"
