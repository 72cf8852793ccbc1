"""Privacy lint over front matter, body and attachment text; accepted values are named in 隐私确认."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from zfxxgk import privacy
from zfxxgk.items import Item
from zfxxgk.problems import Severity, rule
from zfxxgk.textextract import can_extract, extract_text

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

rule("attachment.unreadable", Severity.WARNING, privacy.BASIS, "附件无法打开，未能检查其中的个人信息")

# Keys whose values are identifiers of the publication itself, never personal data.
_SKIP_KEYS = {"索引号", "文号", "废止依据", "修改依据", "解读对象", privacy.ACK_FIELD, "附件"}


def check(ctx: CheckContext) -> None:
    """Scan every item; report each finding not acknowledged, and acknowledgments that name nothing."""
    agency = ctx.settings.agency
    allowed = [n for n in (agency.phone, agency.fax) if n]
    allowed += list(ctx.settings.option("public_phone_numbers", []))
    for item in ctx.items:
        src = ctx.source(item)
        acks = list(item.acknowledged)
        everything: list[privacy.Finding] = []
        for kind, event in _scan_cached(ctx, item, allowed):
            if kind == "unreadable":
                ctx.problems.add(*event)
                continue
            (line, column), finding = event
            everything.append(finding)
            if privacy.apply_acknowledgments([finding], acks):
                ctx.problems.add(finding.rule_id, src.rel, line, column, finding.message)
        for stale in privacy.stale_acknowledgments(everything, acks):
            index = next((i for i, v in enumerate(acks) if v == stale.value), 0)
            pos = src.located.value_pos((privacy.ACK_FIELD, index, privacy.ACK_VALUE), src.pos(privacy.ACK_FIELD))
            ctx.problems.add(stale.rule_id, src.rel, pos.line, pos.column,
                             f"隐私确认中的“{stale.value}”在本条目里已经找不到了：请删除这一项，以免确认范围扩大。")


def _scan_cached(ctx: CheckContext, item: Item, allowed: list[str]) -> list[tuple[str, Any]]:
    """The scan's events, from the build cache when the item file, its attachments and the options are unchanged."""
    src = ctx.source(item)
    cache = ctx.cache
    if cache is None or not src.digest:
        return list(_scan_item(ctx, item, allowed))
    parts = [src.digest, ctx.as_of.isoformat(), "\n".join(allowed)]
    try:
        for attachment in item.attachments:
            data = attachment.path.read_bytes() if attachment.path.is_file() else b""
            parts += [attachment.file, hashlib.sha256(data).hexdigest() if data else "-"]
    except OSError:
        return list(_scan_item(ctx, item, allowed))
    entry_key = cache.key("privacy", *parts)
    events: list[tuple[str, Any]] | None = cache.get("privacy", entry_key)
    if events is None:
        events = list(_scan_item(ctx, item, allowed))
        cache.put("privacy", entry_key, events)
    return events


def _scan_item(ctx: CheckContext, item: Item, allowed: list[str]) -> Iterator[tuple[str, Any]]:
    src = ctx.source(item)
    for key, value in _strings(item.fields):
        if key[0] in _SKIP_KEYS:
            continue
        label = f"{key[-1]}："
        pos = src.located.value_pos(key, src.pos(*key))
        for finding in privacy.scan_text(label + value, as_of=ctx.as_of, allowed_numbers=allowed):
            if finding.end > len(label):
                yield "finding", ((pos.line, pos.column), finding)
    for finding in privacy.scan_text(item.body, as_of=ctx.as_of, allowed_numbers=allowed):
        yield "finding", (privacy.line_col(item.body, finding.start, item.body_line), finding)
    for index, attachment in enumerate(item.attachments):
        if not attachment.path.is_file():
            continue
        text = extract_text(attachment.path)
        pos = src.located.value_pos(("附件", index, "文件"), src.pos("附件", index))
        if text is None and can_extract(attachment.path):
            yield "unreadable", ("attachment.unreadable", src.rel, pos.line, pos.column,
                                 f"附件「{attachment.name}」（{attachment.file}）无法打开，可能已损坏，也就无法检查其中的个人信息。"
                                 "请重新导出该文件。")
            continue
        if not text:
            continue
        for finding in privacy.scan_text(text, as_of=ctx.as_of, allowed_numbers=allowed):
            line, _col = privacy.line_col(text, finding.start)
            where = privacy.Finding(
                finding.kind, finding.value, finding.start, finding.end, finding.severity,
                f"附件「{attachment.name}」（{attachment.file} 第 {line} 行）：{finding.message}",
            )
            yield "finding", ((pos.line, pos.column), where)


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict) or hasattr(value, "items"):
        for key, sub in value.items():
            yield from _strings(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _strings(sub, (*path, index))
