"""Amounts of fines as written in 行政处罚 decisions: Arabic or Chinese numerals, 大写, 万元, 角/分.

"罚款人民币3,000元", "罚款叁仟元整", "罚款3000.00元", "罚款0.3万元" and "罚款人民币贰万伍仟元" all read as
the number of 元 they name; a text that names no amount reads as 0.
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "貳": 2, "三": 3, "叁": 3, "參": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
           "九": 9, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)
_LEAD = r"罚款(?:金额)?(?:为)?[（(]?(?:人民币)?[）)]?\s*"
# Thousands separators only where exactly three digits follow, so "3，000元" is 3000 but "3，4" is not.
_ARABIC = re.compile(_LEAD + r"(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d+)?\s*(万)?\s*元")
_CHINESE = re.compile(_LEAD + rf"([{_CN}]+)\s*元(?:\s*([{''.join(_DIGITS)}])\s*角)?(?:\s*([{''.join(_DIGITS)}])\s*分)?")


def chinese_number(text: str) -> int | None:
    """The integer a Chinese numeral spells (叁仟 = 3000, 一万零五百 = 10500, 十二 = 12), or None."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        elif char in _BIG:
            total = (total + section + (digit or 0)) * _BIG[char]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def fines_yuan(text: str) -> float:
    """The total of the fines named in `text`, in 元."""
    total = 0.0
    for m in _ARABIC.finditer(text):
        amount = float(re.sub(r"[,，]", "", m.group(1)) + (m.group(2) or ""))
        total += amount * (10_000 if m.group(3) else 1)
    for m in _CHINESE.finditer(text):
        whole = chinese_number(m.group(1))
        if whole is None:
            continue
        jiao = _DIGITS[m.group(2)] if m.group(2) else 0
        fen = _DIGITS[m.group(3)] if m.group(3) else 0
        total += whole + jiao / 10 + fen / 100
    return round(total, 2)
