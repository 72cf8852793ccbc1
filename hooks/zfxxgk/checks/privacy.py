"""Privacy lint over front matter, body and attachment text; accepted values are named in 隐私确认."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zfxxgk import privacy
from zfxxgk.items import Item
from zfxxgk.problems import RULES, Severity, rule
from zfxxgk.textextract import TextMemo, can_extract, extract_text, extractor, limit_reason

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
    scanner = _Scanner(ctx, tuple(allowed))
    for item, events in zip(ctx.items, scanner.events(ctx.items), strict=True):
        src = ctx.source(item)
        acks = list(item.acknowledged)
        everything: list[privacy.Finding] = []
        for kind, event in events:
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


Event = tuple[str, Any]


def _is_event(value: Any) -> bool:
    """Whether a cached value is an event as scan_item yields it (a damaged cache entry is scanned again)."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    kind, payload = value
    if kind == "finding":
        return (isinstance(payload, tuple) and len(payload) == 2 and isinstance(payload[1], privacy.Finding)
                and isinstance(payload[0], tuple) and len(payload[0]) == 2
                and all(type(n) is int for n in payload[0]))
    if kind == "unreadable":
        return isinstance(payload, tuple) and len(payload) == 5 and payload[0] in RULES
    return False


class _Scanner:
    """The scan events of items: from the build cache, else scanned.

    Attachment texts are extracted once per file content (`TextMemo`, also cached), and scanned once
    per content: the benchmark and real sites publish the same 附件 under many items.
    """

    def __init__(self, ctx: CheckContext, allowed: tuple[str, ...]) -> None:
        self.ctx = ctx
        self.allowed = allowed
        self.texts = TextMemo(ctx.cache)
        self._attachment_findings: dict[tuple[str, str], list[tuple[int, privacy.Finding]] | None] = {}

    def events(self, items: list[Item]) -> list[list[Event]]:
        """Every item's events, in order; the scan of an item whose files are unchanged is cached."""
        cache = self.ctx.cache
        out: list[list[Event] | None] = []
        keys: list[str] = []
        digests: list[list[str] | None] = []
        for item in items:
            src = self.ctx.source(item)
            found = _attachment_digests(item)
            digests.append(found)
            entry_key = ""
            if cache is not None and src.digest and found is not None:
                parts = [src.digest, self.ctx.as_of.isoformat(), "\n".join(self.allowed)]
                for attachment, digest in zip(item.attachments, found, strict=True):
                    parts += [attachment.file, digest]
                entry_key = cache.key("privacy", *parts)
            keys.append(entry_key)
            hit = cache.get("privacy", entry_key) if entry_key else None
            out.append(hit if isinstance(hit, list) and all(_is_event(e) for e in hit) else None)
        missing = [i for i, events in enumerate(out) if events is None]
        for i, events in zip(missing, self._scan([(items[i], digests[i]) for i in missing]), strict=True):
            out[i] = events
            if keys[i]:
                cache.put("privacy", keys[i], events)
        return [events or [] for events in out]

    def _scan(self, jobs: list[tuple[Item, list[str] | None]]) -> list[list[Event]]:
        # Serial on purpose: forked workers were measured (10,000 items, 2 CPUs) and did not pay for
        # themselves once the pre-tests made a scan ~50 µs; the per-file load is parallel instead.
        return [list(self.scan_item(item, digests)) for item, digests in jobs]

    def scan_item(self, item: Item, digests: list[str] | None) -> Iterator[Event]:
        """The scan events of one item: findings in fields, body and attachments, unreadable attachments."""
        ctx = self.ctx
        src = ctx.source(item)
        allowed = self.allowed
        fields = [(key, f"{key[-1]}：", value) for key, value in _strings(item.fields) if key[0] not in _SKIP_KEYS]
        # One cheap test over every field at once: each text scanned below is a part of this one.
        if not privacy.may_find("\n".join(label + value for _key, label, value in fields)):
            fields = []
        for key, label, value in fields:
            found = privacy.scan_text(label + value, as_of=ctx.as_of, allowed_numbers=allowed)
            if not found:
                continue
            pos = src.located.value_pos(key, src.pos(*key))
            for finding in found:
                if finding.end > len(label):
                    yield "finding", ((pos.line, pos.column), finding)
        for finding in privacy.scan_text(item.body, as_of=ctx.as_of, allowed_numbers=allowed):
            yield "finding", (privacy.line_col(item.body, finding.start, item.body_line), finding)
        for index, attachment in enumerate(item.attachments):
            if not attachment.exists:
                continue
            digest = digests[index] if digests is not None else None
            scanned = self._attachment_scan(attachment.path, digest)
            pos = src.located.value_pos(("附件", index, "文件"), src.pos("附件", index))
            if scanned is None:
                too_large = limit_reason(attachment.path)
                why = f"超出处理上限（{too_large}）" if too_large else "无法打开，可能已损坏"
                yield "unreadable", ("attachment.unreadable", src.rel, pos.line, pos.column,
                                     f"附件「{attachment.name}」（{attachment.file}）{why}，也就无法检查其中的个人信息。"
                                     "请重新导出该文件。")
                continue
            for line, finding in scanned:
                where = privacy.Finding(
                    finding.kind, finding.value, finding.start, finding.end, finding.severity,
                    f"附件「{attachment.name}」（{attachment.file} 第 {line} 行）：{finding.message}",
                )
                yield "finding", ((pos.line, pos.column), where)

    def _attachment_scan(self, path: Path, digest: str | None) -> list[tuple[int, privacy.Finding]] | None:
        """(line, finding) of an attachment's text, by content; None when it should be readable and is not."""
        name = extractor(path)
        memo_key = (digest or "", name)
        if digest is not None and memo_key in self._attachment_findings:
            return self._attachment_findings[memo_key]
        text = self.texts.text(path, digest) if digest is not None else extract_text(path)
        scanned: list[tuple[int, privacy.Finding]] | None
        if text is None and can_extract(path):
            scanned = None
        elif not text:
            scanned = []
        else:
            scanned = [(privacy.line_col(text, finding.start)[0], finding)
                       for finding in privacy.scan_text(text, as_of=self.ctx.as_of, allowed_numbers=self.allowed)]
        if digest is not None:
            self._attachment_findings[memo_key] = scanned
        return scanned


def _attachment_digests(item: Item) -> list[str] | None:
    """SHA-256 of each attachment's bytes ("-" for a missing or empty file); None when one cannot be read."""
    out = []
    try:
        for attachment in item.attachments:
            data = attachment.path.read_bytes() if attachment.exists else b""
            out.append(hashlib.sha256(data).hexdigest() if data else "-")
    except OSError:
        return None
    return out


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict) or hasattr(value, "items"):
        for key, sub in value.items():
            yield from _strings(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _strings(sub, (*path, index))
