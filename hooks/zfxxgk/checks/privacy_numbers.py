"""Numbers split into groups, and bank cards without a label, for the privacy scan (pure text, no I/O).

`grouped` finds digit groups joined by separators a reader skips — spaces, dashes, dots, line breaks and
Markdown emphasis (`520201 19850315 1237`, `5202-0119-8503-1512-37`, `5202**0119**8503151237`, digits
a PDF placed one by one) — and yields every run of whole groups with as many characters as an ID number,
for the caller to test (checksum, birth date). `card_issuer` and `other_number_label` decide when a
Luhn-valid number with no account label nearby is still a bank card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Separators between groups: spaces, dashes and dots of every width, tabs, a line break, Markdown emphasis
# and code markers; at most eight in a row (a masked `5202**********1234` has ten asterisks, so its halves
# are not joined). "/" and "," are not separators: they make 索引号 (…/2026-00025), dates (2026/11/22)
# and amounts (1,234,567).
_SEP = ("[ \t\n\\-.*_~`\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2010-\u2015\u2212\ufe58\ufe63\uff0d"
        "\u00b7\u2024\u30fb\uff0e]")
_GROUP = re.compile(r"[0-9]+")
_RUN = re.compile(f"(?<![0-9])[0-9](?:{_SEP}{{0,8}}[0-9]){{14,}}(?:{_SEP}{{0,8}}[Xx](?![A-Za-z]))?")
# Cheap pre-test on the text before full-width digits are mapped: fifteen digits, separators allowed.
MAY_GROUP = re.compile(f"[0-9\uff10-\uff19](?:{_SEP}{{0,8}}[0-9\uff10-\uff19]){{14}}")
ID_LENGTH = 18
MAX_GROUPS = 64  # a run of hundreds of groups (a table of figures) is scanned in windows of this many


def grouped(text: str, lengths: tuple[int, ...] = (ID_LENGTH,), pos: int = 0, endpos: int | None = None
            ) -> Iterator[tuple[int, int, str]]:
    """(start, end, characters) of every run of two or more whole digit groups in text[pos:endpos] whose
    characters (digits, and a final X) number one of `lengths`; separators are dropped from the characters."""
    shortest, longest = min(lengths), max(lengths)
    for run in _RUN.finditer(text, pos, len(text) if endpos is None else endpos):  # fifteen digits or more
        groups = [(m.start(), m.end()) for m in _GROUP.finditer(text, run.start(), run.end())]
        if run.group().endswith(("X", "x")):  # the check character of an ID number
            groups.append((run.end() - 1, run.end()))
        if len(groups) == 1:
            continue  # one plain run: the plain detectors' business
        chars = "".join(text[start:end] for start, end in groups)
        offsets = [0]  # offsets[i]: where group i starts in `chars`
        for start, end in groups:
            offsets.append(offsets[-1] + end - start)
        for first in range(len(groups)):
            for last in range(first + 1, min(len(groups), first + MAX_GROUPS)):
                size = offsets[last + 1] - offsets[first]
                if size > longest:
                    break
                if size >= shortest and size in lengths and "\n\n" not in text[groups[first][1]:groups[last][0]]:
                    yield groups[first][0], groups[last][1], chars[offsets[first]:offsets[last + 1]]


# Issuer identification numbers (ISO/IEC 7812) of the cards Chinese banks issue or accept, with their
# lengths: UnionPay 62 (16–19), Visa 4 (16, 19), Mastercard 51–55 and 2221–2720 (16), JCB 3528–3589
# (16–19), Discover 6011/644–649/65 (16–19), and the old domestic 9558/9559 cards of ICBC and ABC (19).
_ISSUERS: tuple[tuple[str, int, int, tuple[int, ...]], ...] = (
    ("62", 62, 62, (16, 17, 18, 19)), ("4", 4, 4, (16, 19)), ("51", 51, 55, (16,)),
    ("2221", 2221, 2720, (16,)), ("3528", 3528, 3589, (16, 17, 18, 19)), ("6011", 6011, 6011, (16, 17, 18, 19)),
    ("644", 644, 649, (16, 17, 18, 19)), ("65", 65, 65, (16, 17, 18, 19)), ("9558", 9558, 9559, (19,)),
)


_ID_SHAPE = re.compile(r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{4}")


def unlabelled_card(text: str, start: int, digits: str) -> bool:
    """A Luhn-valid number (the caller checked) at `start`, with no account label nearby, still taken for a
    bank card.

    One number in ten passes Luhn, so the check digit alone would flag order and batch numbers. The
    number must also start with a card issuer's prefix and have that issuer's length (about one in six
    random numbers does), must not have an ID number's shape (a mistyped ID is not a card), and must not
    follow a label of another kind of number (订单号, 流水号, 编号, 批号, 索引号 …): together about one
    unlabelled long number in sixty is taken for a card, and those few are worth an editor's look.
    """
    if not card_issuer(digits) or other_number_label(text, start):
        return False
    return not (len(digits) == 18 and _ID_SHAPE.fullmatch(digits))


def card_issuer(digits: str) -> bool:
    """True when `digits` start with a card issuer's prefix and have a length that issuer uses."""
    for pattern, low, high, lengths in _ISSUERS:
        if len(digits) in lengths and low <= int(digits[:len(pattern)]) <= high:
            return True
    return False


# Labels of long numbers that are not bank cards: orders, transactions, parcels, invoices, batches,
# samples, licences, registrations, cases, documents.
_OTHER_LABEL = re.compile(
    "订单|单号|流水号|交易号|编号|批号|批次|条码|条形码|追溯码|序列号|序号|样品|抽样|检验|报告|许可证|登记|备案|注册|"
    "信用代码|识别号|代码|合同|案号|文号|索引号|发票|凭证|运单|快递|快件|物流|工单|受理号|IMEI|SN|No")


def other_number_label(text: str, start: int) -> bool:
    """A label of a non-card number ends within the 12 characters before `start`, in the same clause."""
    window = re.split(r"[。；;\n]", text[max(0, start - 12):start])[-1]
    return _OTHER_LABEL.search(window) is not None
