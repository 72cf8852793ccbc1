"""Personal information that must not be published (RULES §10): pure text scanning, no I/O.

`scan_text` finds 身份证号 (with checksum and a real birth date), minors' ID numbers, bank card numbers
near an account label (or, without one, with a card issuer's prefix: `privacy_numbers`), mobile and
landline numbers, home addresses and names after 证人/举报人/投诉人. It matches on the text as a reader sees
it (`privacy_fold`: entities, markup, invisible characters, other digits) and on numbers split into groups
(`privacy_numbers`), and reports the spans of the source.
An editor accepts a flagged value only through the item's 隐私确认 field (see `read_acknowledgments`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from zfxxgk.checks import privacy_numbers
from zfxxgk.checks.privacy_fold import Folded, fold, may_fold
from zfxxgk.problems import Severity, rule

ACK_FIELD = "隐私确认"
ACK_VALUE = "内容"
ACK_REASON = "理由"

_ORDER_45 = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）第六条"
BASIS = _ORDER_45 + "；《浙江省行政处罚结果信息网上公开暂行办法》第七条"
MINOR_BASIS = _ORDER_45 + "；浙江省规定：被处罚人是未成年人的，处罚信息不在网上公开"
KINDS: dict[str, tuple[Severity, str, str]] = {
    "id-number": (Severity.ERROR, BASIS, "正文或附件含有身份证号码"),
    "minor": (Severity.ERROR, MINOR_BASIS, "含有未满18周岁者的身份证号码：涉及未成年人的处罚信息不得公开"),
    "bank-account": (Severity.ERROR, BASIS, "含有银行账号或银行卡号"),
    "mobile": (Severity.WARNING, BASIS, "含有手机号码"),
    "landline": (Severity.WARNING, BASIS, "含有固定电话号码"),
    "address": (Severity.WARNING, BASIS, "含有家庭住址或户籍地址"),
    "name": (Severity.WARNING, BASIS, "含有证人、举报人或投诉人的姓名"),
    "health": (Severity.WARNING, BASIS, "含有自然人的健康状况（病史、病情、诊断）"),
    "stale-ack": (Severity.WARNING, BASIS, "隐私确认中列出的内容已不再出现"),
}
for _kind, (_sev, _basis, _summary) in KINDS.items():
    rule(f"privacy.{_kind}", _sev, _basis, _summary)


@dataclass(frozen=True)
class Finding:
    """Personal information found in a text; start/end are offsets into the scanned text."""

    kind: str
    value: str
    start: int
    end: int
    severity: Literal["error", "warning"]
    message: str

    @property
    def rule_id(self) -> str:
        """The registered rule id, e.g. privacy.id-number."""
        return f"privacy.{self.kind}"


@dataclass(frozen=True)
class Acknowledgment:
    """One entry of 隐私确认: the exact value as written and why it may be published."""

    value: str
    reason: str


# One-to-one character mapping, so offsets in the translated text are offsets in the original.
_ASCII = str.maketrans("０１２３４５６７８９Ｘｘ－＋（）：\u3000\u00a0", "0123456789Xx-+():  ")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_EDGE_L, _EDGE_R = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z]|\.[0-9])"
# An ID number glued to letters (`ABC520201…1237xyz`) is still one: its checksum and birth date make a
# chance match inside a code rare, so only digits bound it.
_ID_EDGE_L, _ID_EDGE_R = r"(?<![0-9])", r"(?![0-9]|\.[0-9])"
_PHONE_R = r"(?![0-9A-Za-z元]|\.[0-9])"  # 13575394432.52元 is an amount, not a phone
_ID18 = re.compile(_ID_EDGE_L + r"[1-9][0-9]{5}((?:18|19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])"
                   r"[0-9]{3}[0-9Xx]" + _ID_EDGE_R)
_ID15 = re.compile(_ID_EDGE_L + r"[1-9][0-9]{5}([0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}"
                   + _ID_EDGE_R)
_CARD = re.compile(_EDGE_L + r"(?:[0-9]{16,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3}(?![0-9]))?"
                   r"|[0-9]{6}[ -][0-9]{10,13})" + _EDGE_R)
_MOBILE = re.compile(r"(?<![0-9A-Za-z+])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}" + _PHONE_R)
_LANDLINE = re.compile(r"(?<![0-9A-Za-z.])(?:\(0[0-9]{2,3}\) ?|0[0-9]{2,3}[ -]?)[1-9][0-9]{6,7}" + _PHONE_R)
_BUSINESS_LABEL = re.compile("统一社会信用代码|信用代码|注册号|营业执照|纳税人识别号|组织机构代码")
_ID_LABEL = re.compile("身份证|身份号码|证件号")
_INDEX_TAIL = re.compile(r"/(?:18|19|20)[0-9]{2}-[0-9]{5}(?![0-9])")
_BANK_LABEL = re.compile("银行账户|银行账号|银行卡|账号|帐号|账户|帐户|卡号|开户行|开户银行")
_OFFICE_PHONE_LABEL = re.compile(
    "热线|投诉举报电话|举报电话|投诉电话|咨询电话|监督电话|服务电话|办公电话|值班电话|受理电话|传真")
_CONTACT_LABEL = re.compile("联系电话|联系方式|电话")
_PERSON_CONTEXT = re.compile("当事人|本人|举报人|投诉人|证人|法定代表人|负责人|经营者|户主|家属|手机")
_PHONE_GAP = re.compile(r"[\s:()（）为是、/,，;；或及和转至+\-0-9]*")
_ADDRESS_LABEL = re.compile(
    "(?<![司业位关办])(?:家庭住址|家庭地址|现住址|现居住地址?|居住地址?|户籍所在地|户籍地址?|住址)")
_ADDRESS_VALUE = re.compile(r"[\s:为是]*([^，,。；;、\n\r！!？?]{1,60})")
_ADDRESS_DETAIL = re.compile(r"路|街|巷|弄|号|栋|幢|楼|室|组|村|屯|寨|社区|小区|单元|[0-9]")
_NAME_LABEL = re.compile("(?<!被)(?:证人|举报人|投诉人)")
_NAME_LEAD = re.compile(r"[\s:]*(?:为|是)?")
_MASKS = set("某*×xX＊○")
# 健康状况 is on the list of data to mask (浙江省办法第七条). Explicit labels only: statutory phrases such as
# "患有有碍食品安全疾病的人员" and "健康证明" describe a rule, not a person's health.
_HEALTH_LABEL = re.compile("健康状况|身体状况|既往病史|病史|病情|病历|诊断结果|诊断为")
_HEALTH_VALUE = re.compile(r"[\s:为是：]*([^，,。；;\n\r！!？?]{1,40})")
_HEALTH_HINT = ("健康状况", "身体状况", "病", "诊断")


# Necessary conditions, tested on the text as given (before `_ASCII`, which maps digits and separators
# one to one), for each group of detectors to match anything; most texts fail all three and are done.
# Numbers: an ID, card or landline number, or a mobile number without a space after its first three
# digits, holds seven digits in a row; otherwise 1[3-9]x-xxxx… or a card written 6222 0212 3456 7890.
# (The pattern starts with a bare character class, so the regex engine skips ahead to the next digit.)
_D = "[0-9０-９]"
_S = "[ \\-－\u3000\u00a0]"
_MAY_NUMBER = re.compile(f"{_D}(?:{_D}{{6}}|(?<=[1１])[3-9３-９]{_D}{_S}{_D}{{4}}|{_D}{{3}}(?:{_S}{_D}{{4}}){{3}})")
# Every address label holds 住, 户籍 or 家庭地址; every name label 证人, 举报人 or 投诉人 (all untouched by
# `_ASCII`); `in` finds them many times faster than the labels' own patterns.
_FULL_WIDTH = tuple((chr(a), chr(b)) for a, b in _ASCII.items())


def _to_ascii(text: str) -> str:
    """`text.translate(_ASCII)`, ~50× faster on Chinese text, where only a few of the characters occur."""
    for wide, narrow in _FULL_WIDTH:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


def may_find(text: str) -> bool:
    """False when `scan_text` certainly finds nothing in `text`, nor in any part of it (cheap)."""
    return (_MAY_NUMBER.search(text) is not None or "住" in text or "户籍" in text or "家庭地址" in text
            or "证人" in text or "举报人" in text or "投诉人" in text or any(h in text for h in _HEALTH_HINT)
            or may_fold(text) or privacy_numbers.MAY_GROUP.search(text) is not None)


def scan_text(text: str, *, as_of: date | None = None, allowed_numbers: Iterable[str] = ()) -> list[Finding]:
    """Personal information in `text`, by offset; `allowed_numbers` are the agency's published phones.

    The detectors see the text as a reader does (`privacy_fold`: entities, markup, invisible characters,
    full-width and other digits); each finding's offsets and value are those of the source text.
    """
    folded = fold(text) if may_fold(text) else None
    plain = folded.text if folded is not None else text
    numbers = _MAY_NUMBER.search(plain) is not None or privacy_numbers.MAY_GROUP.search(plain) is not None
    addresses = "住" in plain or "户籍" in plain or "家庭地址" in plain
    names = "证人" in plain or "举报人" in plain or "投诉人" in plain
    health = any(h in plain for h in _HEALTH_HINT)
    if not (numbers or addresses or names or health):
        return []
    allowed = _allowed(allowed_numbers if isinstance(allowed_numbers, tuple) else tuple(allowed_numbers))
    found = _scan(plain, as_of or date.today(), allowed, numbers, addresses, names)
    if health:
        taken = [(f.start, f.end) for f in found]
        extra = [_finding("health", plain[a:b], a, b) for a, b in _health(plain)
                 if not any(a < e and s < b for s, e in taken)]
        found = sorted(found + extra, key=lambda f: (f.start, f.end, f.kind)) if extra else found
    return found if folded is None else [_relocate(f, text, folded) for f in found]


def _relocate(finding: Finding, text: str, folded: Folded) -> Finding:
    """A finding on the folded text, moved to the source span it came from; the message quotes both."""
    start, end = folded.span(finding.start, finding.end)
    source = text[start:end]
    if source == finding.value:
        return replace(finding, start=start, end=end)
    quoted = f"「{finding.value}」"
    message = finding.message.replace(quoted, f"「{source}」（即 {finding.value}）", 1)
    return replace(finding, value=source, start=start, end=end, message=message)


def _scan(text: str, today: date, allowed: frozenset[str], numbers: bool, addresses: bool, names: bool
          ) -> list[Finding]:
    """The detectors of `scan_text`, each group only when its pre-test passed."""
    plain = _to_ascii(text)
    found: list[Finding] = []
    taken = bytearray(len(text))  # characters already part of a finding: one finding per span

    def claim(kind: str, start: int, end: int, extra: str = "") -> None:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            found.append(_finding(kind, text[start:end], start, end, extra))

    if numbers:
        for m in _ID18.finditer(plain):
            if _id_checksum(m.group()) and not _business_number(plain, m.start(), m.group()):
                born = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if born is not None:
                    claim(*_id_kind(born, today, m.start(), m.end()))
        for m in _ID15.finditer(plain):
            born = _date(1900 + int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if born is not None and not _business_number(plain, m.start(), m.group()):
                claim(*_id_kind(born, today, m.start(), m.end()))
        for start, end, chars in privacy_numbers.grouped(plain):  # ID numbers split by separators
            if _ID18.fullmatch(chars) and _id_checksum(chars) and not _business_number(plain, start, chars):
                born = _date(int(chars[6:10]), int(chars[10:12]), int(chars[12:14]))
                if born is not None:
                    claim(*_id_kind(born, today, start, end))
        for label in _BANK_LABEL.finditer(plain):  # split card numbers: only next to an account label
            for start, end, chars in privacy_numbers.grouped(plain, (16, 17, 18, 19), max(0, label.start() - 60),
                                                             label.end() + 60):
                if chars.isdigit() and _near(_BANK_LABEL, plain, start, end, 20) and _luhn(chars):
                    claim("bank-account", start, end)
        for m in _CARD.finditer(plain):
            digits = _digits(m.group())
            if 16 <= len(digits) <= 19 and _luhn(digits) and (
                    _near(_BANK_LABEL, plain, m.start(), m.end(), 20)
                    or privacy_numbers.unlabelled_card(plain, m.start(), digits)):
                claim("bank-account", m.start(), m.end())
        for m in _MOBILE.finditer(plain):
            if not _public_phone(plain, m.start(), m.group(), allowed, landline=False):
                claim("mobile", m.start(), m.end())
        for m in _LANDLINE.finditer(plain):
            if not _public_phone(plain, m.start(), m.group(), allowed, landline=True):
                claim("landline", m.start(), m.end())
    if addresses:
        for start, end in _addresses(plain):
            claim("address", start, end)
    if names:
        for start, end in _names(plain):
            claim("name", start, end)
    return sorted(found, key=lambda f: (f.start, f.end, f.kind)) if len(found) > 1 else found


@functools.lru_cache(maxsize=64)
def _allowed(numbers: tuple[str, ...]) -> frozenset[str]:
    """The digits of the agency's published numbers (the same few on every call of a run)."""
    return frozenset(_digits(n) for n in numbers) - {""}


def normalise(value: str) -> str:
    """The comparable form of a value: as a reader sees it, ASCII digits, no separators, upper-case X."""
    return re.sub(r"[\s\-.*_~`]", "", fold(value).text.translate(_ASCII)).upper()


def apply_acknowledgments(findings: Iterable[Finding], acknowledged_values: Iterable[str]) -> list[Finding]:
    """Drop findings whose value is acknowledged; a minor's ID number can never be acknowledged."""
    acked = {normalise(v) for v in acknowledged_values}
    return [f for f in findings if f.kind in ("minor", "stale-ack") or normalise(f.value) not in acked]


def stale_acknowledgments(findings: Iterable[Finding], acknowledged_values: Iterable[str]) -> list[Finding]:
    """A stale-ack warning (offsets 0) for each acknowledged value that no finding has any more."""
    present = {normalise(f.value) for f in findings}
    stale: list[Finding] = []
    for value in dict.fromkeys(acknowledged_values):
        if normalise(value) not in present:
            stale.append(_finding("stale-ack", value, 0, 0))
    return stale


def read_acknowledgments(raw: object) -> tuple[list[Acknowledgment], list[str]]:
    """Parse the 隐私确认 front-matter value; returns the entries and Chinese messages for malformed ones."""
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [f"「{ACK_FIELD}」应是列表，每项写成 "
                    f"{{{ACK_VALUE}: 原文中的内容, {ACK_REASON}: 可以公开的理由}}。"]
    acks: list[Acknowledgment] = []
    errors: list[str] = []
    for index, entry in enumerate(raw, start=1):
        value = entry.get(ACK_VALUE) if isinstance(entry, dict) else None
        reason = entry.get(ACK_REASON) if isinstance(entry, dict) else None
        if not isinstance(value, str) or not value.strip():
            errors.append(f"「{ACK_FIELD}」第{index}项缺少「{ACK_VALUE}」：请照原文写出被确认可以公开的内容。")
        elif not isinstance(reason, str) or not reason.strip():
            errors.append(f"「{ACK_FIELD}」第{index}项（{value}）缺少「{ACK_REASON}」：请写明可以公开的依据或理由。")
        else:
            acks.append(Acknowledgment(value.strip(), reason.strip()))
    return acks, errors


def line_col(text: str, offset: int, base_line: int = 1) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`, whose first line is file line `base_line`."""
    offset = max(0, min(offset, len(text)))
    line = base_line + text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def mask(kind: str, value: str) -> str:
    """A masked form of the value to suggest to the editor, e.g. 5201**********1234 or 138****8000."""
    if kind == "name":
        return value[0] + "某" * (len(value) - 1)
    if kind == "address":
        return "（删除，或只保留到县、区）"
    keep = (3, 4) if kind == "mobile" else (4, 4)
    chars = [c for c in value if c.isalnum()]
    if len(chars) <= sum(keep):
        return "*" * len(chars)
    return "".join(chars[: keep[0]]) + "*" * (len(chars) - sum(keep)) + "".join(chars[-keep[1]:])


def _finding(kind: str, value: str, start: int, end: int, extra: str = "") -> Finding:
    severity, basis, _ = KINDS[kind]
    message = _message(kind, value, extra) + f"（依据：{basis}）"
    return Finding(kind, value, start, end, "error" if severity is Severity.ERROR else "warning", message)


def _message(kind: str, value: str, extra: str) -> str:
    ack = (f"如确属可以公开的信息，请在本条目的「{ACK_FIELD}」中写明 "
           f"{{{ACK_VALUE}: \"{value}\", {ACK_REASON}: …}}。")
    if kind == "minor":
        return (f"身份证号码「{value}」显示持有人{extra}未满18周岁（年龄按本条决定作出或成文之日计算，与检查日期无关）。涉及未成年人的行政处罚决定"
                "不得在网上公开，遮盖号码也不够：请撤下本条目（改为不公开）。此项不能通过隐私确认豁免。")
    if kind == "id-number":
        return f"身份证号码「{value}」属于个人信息，公开前必须处理：请删除或遮盖为 {mask(kind, value)}。"
    if kind == "bank-account":
        return (f"银行账号「{value}」不得公开（自然人和单位的银行账号都须隐去）："
                f"请删除或遮盖为 {mask(kind, value)}。")
    if kind in ("mobile", "landline"):
        what = "手机号码" if kind == "mobile" else "固定电话"
        return (f"{what}「{value}」可能是个人的通信方式，通信方式属于须隐去的个人信息：请删除或遮盖为 "
                f"{mask(kind, value)}。本机关公开的电话请写在设置的公开电话中。{ack}")
    if kind == "address":
        return (f"地址「{value}」是自然人的住址，家庭住址属于须隐去的个人信息：请删除，或只保留到县、区。"
                f"经营场所、注册地址不受此限。{ack}")
    if kind == "health":
        return (f"「{value}」是自然人的健康状况（病史、病情或诊断），健康状况属于须隐去的个人信息：请删除。{ack}")
    if kind == "name":
        return (f"「{value}」是证人、举报人或投诉人的姓名；被处罚人以外的自然人姓名须隐去："
                f"请改为 {mask(kind, value)}。{ack}")
    return (f"「{ACK_FIELD}」中的「{value}」在本条目的正文、字段和附件中已不再被检出："
            f"请从「{ACK_FIELD}」中删去这一项，以免确认的内容与实际不符。")


def _id_kind(born: date, today: date, start: int, end: int) -> tuple[str, int, int, str]:
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < 18:
        return "minor", start, end, f"（{born.isoformat()} 出生，{today.isoformat()} 时 {age} 岁）"
    return "id-number", start, end, ""


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _digits(value: str) -> str:
    return re.sub(r"[^0-9]", "", value.translate(_ASCII))


def _id_checksum(number: str) -> bool:
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _credit_checksum(code: str) -> bool:
    """GB 32100-2015 check character of a 统一社会信用代码."""
    code = code.upper()
    if len(code) != 18 or any(c not in _CREDIT_CHARS for c in code):
        return False
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31] == code[17]


def _regno_checksum(number: str) -> bool:
    """ISO 7064 MOD 11,10 check digit of a 15-digit 营业执照注册号 (GS15-2006)."""
    product = 10
    for c in number[:14]:
        product = (((product + int(c)) % 10 or 10) * 2) % 11
    return (product + int(number[14])) % 10 == 1


def _business_number(text: str, start: int, number: str) -> bool:
    """An all-digit 统一社会信用代码 or 注册号 right after its own label, or heading an 索引号
    (`<code>/2026-00025`), not an ID number."""
    if _INDEX_TAIL.match(text, start + len(number)) and _credit_checksum(number):
        return True
    window = text[max(0, start - 30):start]
    business = [m.end() for m in _BUSINESS_LABEL.finditer(window)]
    personal = [m.end() for m in _ID_LABEL.finditer(window)]
    if not business or (personal and max(personal) > max(business)):
        return False
    return _credit_checksum(number) if len(number) == 18 else _regno_checksum(number)


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _near(label: re.Pattern[str], text: str, start: int, end: int, reach: int) -> bool:
    """A label ends at most `reach` characters before the number or starts at most `reach` after it."""
    for m in label.finditer(text, max(0, start - reach - 8), end + reach + 8):
        if 0 <= start - m.end() <= reach or 0 <= m.start() - end <= reach:
            return True
    return False


def _public_phone(text: str, start: int, number: str, allowed: frozenset[str], *, landline: bool) -> bool:
    """A published office number: listed in settings, or in a list right after a hotline label."""
    digits = _digits(number)
    if digits in allowed or (digits.startswith("86") and digits[2:] in allowed):
        return True
    window_start = max(0, start - 60)
    for m in reversed(list(_label_matches(text, window_start, start, landline))):
        if _PHONE_GAP.fullmatch(text, m.end(), start):
            context = re.split(r"[。；;\n]", text[max(0, m.start() - 15):m.start()])[-1]
            return _OFFICE_PHONE_LABEL.fullmatch(m.group()) is not None or not _PERSON_CONTEXT.search(context)
    return False


def _label_matches(text: str, start: int, end: int, landline: bool) -> list[re.Match[str]]:
    labels = list(_OFFICE_PHONE_LABEL.finditer(text, start, end))
    if landline:  # 联系电话 of an office is usually a landline; a mobile after it is usually a person's
        labels += [m for m in _CONTACT_LABEL.finditer(text, start, end)
                   if not any(o.start() <= m.start() < o.end() for o in labels)]
    return sorted(labels, key=lambda m: m.end())


def _addresses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for label in _ADDRESS_LABEL.finditer(text):
        m = _ADDRESS_VALUE.match(text, label.end())
        if m is None:
            continue
        value = m.group(1)
        closing = re.search(r"[)）]", value)
        if closing and not re.search(r"[(（]", value[: closing.start()]):
            value = value[: closing.start()]
        value = value.rstrip()
        if value and _ADDRESS_DETAIL.search(value) and not _MASKS & set(value):
            spans.append((m.start(1), m.start(1) + len(value)))
    return spans


def _health(text: str) -> list[tuple[int, int]]:
    """Spans of a person's health data after an explicit label (健康状况、病史、病情、诊断…), unless masked."""
    spans: list[tuple[int, int]] = []
    for label in _HEALTH_LABEL.finditer(text):
        after = text[label.end():label.end() + 1]
        if after in ("等", "、", "和", "或", "及", "的") or text[label.start() - 1:label.start()] == "、":
            continue  # a list of kinds of data ("身份证号码、健康状况等个人信息"), not a person's data
        m = _HEALTH_VALUE.match(text, label.end())
        if m is None:
            continue
        value = m.group(1).rstrip()
        if value and not _MASKS & set(value) and "隐去" not in value and value not in ("略", "不详"):
            spans.append((m.start(1), m.start(1) + len(value)))
    return spans


def _names(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for label in _NAME_LABEL.finditer(text):
        lead = _NAME_LEAD.match(text, label.end())
        pos = lead.end() if lead else label.end()
        name = _name_at(text, pos)
        if name:
            spans.append((pos, pos + len(name)))
    return spans


def _name_at(text: str, pos: int) -> str | None:
    """A 2–4 character personal name at `pos`: a common surname and one or two given characters."""
    head = text[pos:pos + 2]
    surname = head if head in _COMPOUND_SURNAMES else head[:1]
    if not surname or (len(surname) == 1 and surname not in _SURNAMES):
        return None
    given = ""
    for c in text[pos + len(surname):pos + len(surname) + 2]:
        if not ("\u4e00" <= c <= "\u9fff") or c in _STOP_CHARS:
            break
        given += c
    name = surname + given
    if not given or _MASKS & set(name) or name[:2] in _STOP_WORDS:
        return None
    return name


_COMPOUND_SURNAMES = frozenset(re.findall("..", "欧阳司马上官诸葛东方皇甫尉迟公孙慕容长孙"
                                               "宇文司徒夏侯轩辕令狐钟离"))
# About 300 common surnames, minus characters that mostly begin ordinary words after 举报人 (和, 向, 由 …).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘闻厉伊仝郜阚权帅屠豆朴盖练廉禹井祖漆巴丰卿狄晋芮扈晁阙浦戈伏鹿薄邸雍辜羊乌"
    "裘亓邰赫杭宿逯茅揭檀尧"
)
# Characters that end a name: function words and the first characters of verbs that follow 举报人.
_STOP_CHARS = frozenset("的了在是为对于与及等和向将已因被把从到称说要请提反映认表示所以其该本此并也都均就即们"
                        "人局委会处科站证言述诉求未不没有无经曾又再亦或而且但则之中上下内外前后时")
# Ordinary words that begin with a surname character.
_STOP_WORDS = frozenset(re.findall("..", "陈述陈情申请申诉申辩应当任何任意周知高度方面方式程序程度金额明确"
                                         "严重严格单位全部全体安全连续关于包括成立成为权益权利文件常年常住"
                                         "乐意宁可尚未甘愿毕竟支付马上路过商品商家房屋车辆费用管理查询查处万元"))
