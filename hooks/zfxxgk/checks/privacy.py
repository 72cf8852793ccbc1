"""Privacy lint over front matter, body and attachment text; accepted values are named in 隐私确认."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zfxxgk.checks import privacy_scan as privacy
from zfxxgk.items import penalty
from zfxxgk.items.record import Item
from zfxxgk.problems import RULES, Severity, rule
from zfxxgk.text.extract import UNREAD_SECTION, TextMemo, can_extract, extract_text, extractor, limit_reason
from zfxxgk.text.officeparts import SECTION, section_at

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

rule("attachment.unreadable", Severity.WARNING, privacy.BASIS, "附件无法打开，未能检查其中的个人信息")
rule("privacy.unscanned", Severity.WARNING, privacy.BASIS, "附件的类型或内容无法自动检查个人信息，须人工核对")

# Every front-matter value is published (索引号 and 文号 too, attachments' 名称 and file names): only the
# acknowledgments themselves are not scanned.
_SKIP_KEYS = {privacy.ACK_FIELD}

# An 索引号 (in 索引号, 废止依据, 修改依据, 解读对象) whose agency code has a letter holds no ID number (nor
# anything else personal): not scanned, which spares the detectors on almost every item's front matter.
# An all-digit code is scanned (and exempt when it is a valid 统一社会信用代码, see privacy._business_number).
_INDEX_NO = re.compile(r"(?=[0-9]*[A-Z])[0-9A-Z]{18}/[0-9]{4}-[0-9]{5}")

# What an attachment's content gave: (where, finding) pairs, and why part of it was not scanned ("" if none).
AttachmentScan = tuple[list[tuple[str, privacy.Finding]], str]


def check(ctx: CheckContext) -> None:
    """Scan every item; report each finding not acknowledged, and acknowledgments that name nothing."""
    agency = ctx.settings.agency
    allowed = [n for n in (agency.phone, agency.fax) if n]
    allowed += list(ctx.settings.options.public_phone_numbers)
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


def judged_on(item: Item) -> dt.date:
    """The day a person's age counts: the decision's date (决定日期/处罚时间, else 成文日期), else 发布日期.

    A party who was 17 when the decision was made stays a minor for this decision, whatever day the
    check runs (RULES §10: decisions about minors are not published).
    """
    return penalty.decision_date(item) or item.published


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
        self._attachment_findings: dict[tuple[str, str, dt.date], AttachmentScan | None] = {}

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
                # The allowed attachment types decide whether an unreadable type is warned about here; a
                # minor is judged on the item's own date, not the day of the check.
                parts = [src.digest, judged_on(item).isoformat(), "\n".join(self.allowed),
                         ",".join(self.ctx.settings.attachment_extensions)]
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
        day = judged_on(item)
        fields = [(key, f"{key[-1]}：", value) for key, value in _strings(item.fields)
                  if key[0] not in _SKIP_KEYS and not _INDEX_NO.fullmatch(value)]
        # One scan of every field at once (each line starts with its label, so no number runs across two
        # fields): most items have nothing there, and only those that do are scanned field by field for
        # the position of each finding.
        joined = "\n".join(label + value for _key, label, value in fields)
        if not privacy.may_find(joined) or not privacy.scan_text(joined, as_of=day, allowed_numbers=allowed):
            fields = []
        for key, label, value in fields:
            found = privacy.scan_text(label + value, as_of=day, allowed_numbers=allowed)
            if not found:
                continue
            pos = src.located.value_pos(key, src.pos(*key))
            for finding in found:
                if finding.end > len(label):
                    yield "finding", ((pos.line, pos.column), finding)
        for finding in privacy.scan_text(item.body, as_of=day, allowed_numbers=allowed):
            yield "finding", (privacy.line_col(item.body, finding.start, item.body_line), finding)
        for index, attachment in enumerate(item.attachments):
            source = attachment.readable  # a link or a path out of the folder is never opened
            if source is None:
                continue
            digest = digests[index] if digests is not None else None
            memo = self._attachment_scan(source, digest, day)
            pos = src.located.value_pos(("附件", index, "文件"), src.pos("附件", index))
            if memo is None:
                too_large = limit_reason(source)
                why = f"超出处理上限（{too_large}）" if too_large else "无法打开，可能已损坏"
                yield "unreadable", ("attachment.unreadable", src.rel, pos.line, pos.column,
                                     f"附件「{attachment.name}」（{attachment.file}）{why}，也就无法检查其中的个人信息。"
                                     "请重新导出该文件。")
                continue
            scanned, unscanned = memo
            if unscanned and attachment.extension in ctx.settings.attachment_extensions:  # else: a type error
                yield "finding", ((pos.line, pos.column), _unscanned(attachment.name, attachment.file, unscanned))
            for where, finding in scanned:
                located = privacy.Finding(
                    finding.kind, finding.value, finding.start, finding.end, finding.severity,
                    f"附件「{attachment.name}」（{attachment.file} {where}）：{finding.message}",
                )
                yield "finding", ((pos.line, pos.column), located)

    def _attachment_scan(self, path: Path, digest: str | None, day: dt.date) -> AttachmentScan | None:
        """(where, finding) in an attachment's text and why part of it could not be scanned ("" when all
        was), by content; None when the file should be readable and is not."""
        name = extractor(path)
        memo_key = (digest or "", name, day)
        if digest is not None and memo_key in self._attachment_findings:
            return self._attachment_findings[memo_key]
        text = self.texts.text(path, digest) if digest is not None else extract_text(path)
        scanned: AttachmentScan | None
        if text is None and can_extract(path):
            scanned = None
        elif text is None:
            scanned = ([], f"是 .{path.suffix.lower().lstrip('.') or '（无扩展名）'} 文件，本工具无法读取其中的文字")
        else:
            scanned = (_located(text, privacy.scan_text(text, as_of=day, allowed_numbers=self.allowed)),
                       _unread_parts(path, text))
        if digest is not None:
            self._attachment_findings[memo_key] = scanned
        return scanned


def _located(text: str, findings: list[privacy.Finding]) -> list[tuple[str, privacy.Finding]]:
    """Each finding with where it is in the file (a line of the main text, or a section such as 文档属性);
    a value found again later in the same file (its properties repeat its title …) is reported once."""
    out: list[tuple[str, privacy.Finding]] = []
    seen: set[tuple[str, str]] = set()
    for finding in findings:
        key = (finding.kind, privacy.normalise(finding.value))
        if key not in seen:
            seen.add(key)
            label = section_at(text, finding.start)
            out.append((label or f"第 {privacy.line_col(text, finding.start)[0]} 行", finding))
    return out


def _unread_parts(path: Path, text: str) -> str:
    """Why part of a readable file was not scanned: embedded files no reader handles, a PDF without text."""
    mark = text.find(SECTION + UNREAD_SECTION + "\n")
    if mark >= 0:
        names = text[mark + len(UNREAD_SECTION) + 2:].split(SECTION, 1)[0].split("\n")
        return "中嵌入的文件 " + "、".join(n for n in names if n) + " 无法读取"
    if path.suffix.lower() == ".pdf" and not text.split(SECTION, 1)[0].strip():
        return "中没有可以提取的文字（可能是扫描件或图片）"
    return ""


def _unscanned(name: str, file: str, reason: str) -> privacy.Finding:
    """A privacy.unscanned warning for an attachment; its file name is what 隐私确认 names to accept it."""
    message = (f"附件「{name}」（{file}）{reason}，未能自动检查其中是否含有身份证号码、银行账号等个人信息："
               f"请人工逐页核对（压缩包须解开后逐个文件核对）；核对无误后，在本条目的「{privacy.ACK_FIELD}」中写明 "
               f"{{{privacy.ACK_VALUE}: \"{file}\", {privacy.ACK_REASON}: 已人工核对，不含个人信息}}。"
               f"（依据：{privacy.BASIS}）")
    return privacy.Finding("unscanned", file, 0, 0, "warning", message)


def _attachment_digests(item: Item) -> list[str] | None:
    """SHA-256 of each attachment's bytes ("-" for a missing or empty file); None when one cannot be read."""
    out = []
    try:
        for attachment in item.attachments:
            source = attachment.readable
            data = source.read_bytes() if source is not None else b""
            out.append(hashlib.sha256(data).hexdigest() if data else "-")
    except OSError:
        return None
    return out


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):  # 备注: 520201198503151237
        try:
            yield path, str(value)
        except ValueError:  # an integer too long to print: the number checks report it
            return
    elif isinstance(value, dict) or hasattr(value, "items"):
        for key, sub in value.items():
            yield from _strings(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _strings(sub, (*path, index))
