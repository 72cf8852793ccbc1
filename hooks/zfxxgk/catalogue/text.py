"""Text normalisation for parsing catalogue cells: simplified characters, half-width, no line breaks.

Parsing always works on the normalised form; the display text of a cell is kept as written.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL_RUN = re.compile(r"[零〇一二两三四五六七八九十百]+")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _converter() -> Any:
    # opencc-python-reimplemented ships no type information; import it dynamically.
    return importlib.import_module("opencc").OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s), character by character where unambiguous."""
    converted: str = _converter().convert(text)
    return converted


def fold_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space → their half-width equivalents."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def squash(text: str) -> str:
    """Remove every whitespace character, line breaks included."""
    return _SPACE.sub("", text)


def norm(text: str) -> str:
    """The parsing form: simplified, half-width, without whitespace."""
    return squash(fold_width(to_simplified(text)))


def one_line(text: str) -> str:
    """Display text on one line: line breaks and runs of spaces between CJK text removed, ends stripped."""
    lines = [part.strip() for part in text.replace("\r", "\n").split("\n")]
    joined = ""
    for part in lines:
        if not part:
            continue
        if joined and (joined[-1].isascii() and joined[-1].isalnum()) and (part[0].isascii() and part[0].isalnum()):
            joined += " "
        joined += part
    return joined


def cn_number(text: str) -> int | None:
    """The value of a Chinese numeral below 1000 (二十五 → 25, 十 → 10); None if it is not one."""
    if not text or any(ch not in _DIGITS and ch not in "十百" for ch in text):
        return None
    total = 0
    current = 0
    for ch in text:
        if ch in _DIGITS:
            current = current * 10 + _DIGITS[ch] if current and text.find("十") < 0 else _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            total += (current or 1) * 100
            current = 0
    return total + current


def numerals_to_digits(text: str) -> str:
    """Replace each run of Chinese numerals by its digits (二十个工作日 → 20个工作日)."""

    def repl(match: re.Match[str]) -> str:
        value = cn_number(match.group(0))
        return match.group(0) if value is None else str(value)

    return _NUMERAL_RUN.sub(repl, text)
