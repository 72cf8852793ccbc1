"""Parsers for single catalogue cells: 要素 lists, 依据, ■/□ channel lists and √ ticks."""

from __future__ import annotations

import re

from zfxxgk.catalogue.text import norm, one_line

_OPEN = "《（(“\"【[〔"
_CLOSE = "》）)”\"】]〕"
_SEPARATORS = "、；;，,。\n"
_NUMBER_MARK = re.compile(
    r"(?:^|(?<=[\s;；，,、。]))(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.．、)）](?!\d)|[一二三四五六七八九十]{1,3}、)"
    r"|[①-⑳]"
)
_NUMBER_MARK_ANYWHERE = re.compile(r"(?<![\d.．])\d{1,2}[.．、](?!\d)|[①-⑳]")
_TRAILING_DENG = re.compile(r"等(?:信息|内容|事项|要素|情况|资料)?$")
_EMPTY_MARKS = {"", "无", "/", "-", "—", "——", "－", "暂无", "空"}
_STRIP = " \t\r\n。.;；:：,，、"

TICKS = frozenset("√✓✔☑■●v✅") | {"是", "V", "Y", "y", "有"}
NEGATIVE = frozenset({"×", "✗", "✘", "否", "□", "口", "☐", "无", "/", "-", "—", "N", "n"})
_SELECTED = "■☑√✓✔●"
_UNSELECTED = "□☐"
CHANNEL_PREFIXES = ("政府", "两微", "发布", "广播", "纸质", "公开", "政务", "便民", "入户", "社区", "精准", "其他", "其它")


def _split_top(text: str, seps: str) -> list[str]:
    """Split at separator characters that are not inside 《》（）“” and similar brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in _OPEN and not (ch == '"' and depth):
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if ch in seps and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def is_empty_mark(text: str) -> bool:
    """True for cells that say “nothing” (empty, 无, /, —)."""
    return norm(text) in _EMPTY_MARKS


def split_elements(text: str) -> tuple[str, ...]:
    """要素 from 公开内容（要素）: numbered lists, 、；; separators, line breaks; a trailing 等 dropped."""
    if is_empty_mark(text):
        return ()
    work = text.replace("\r", "\n")
    if _NUMBER_MARK.match(work.lstrip()):
        work = _NUMBER_MARK.sub("\n", _NUMBER_MARK_ANYWHERE.sub("\n", work))
    out: dict[str, None] = {}
    for part in _split_top(work, _SEPARATORS):
        element = part.strip(_STRIP)
        element = re.sub(r"\s+", " ", element)
        if len(element) > 1:
            element = _TRAILING_DENG.sub("", element).strip(_STRIP)
        if element and not is_empty_mark(element):
            out.setdefault(element, None)
    return tuple(out)


def split_basis(text: str) -> tuple[str, ...]:
    """依据 parts: split at ；; line breaks, and at 、，before a new 《…》; each part kept as written."""
    if is_empty_mark(text):
        return ()
    parts: list[str] = []
    for chunk in _split_top(text.replace("\r", "\n"), "；;\n。"):
        pieces = _split_top(chunk, "、，,")
        current = ""
        for piece in pieces:
            stripped = piece.strip()
            if current and stripped.startswith("《"):
                parts.append(current)
                current = stripped
            else:
                current = f"{current}、{stripped}" if current else stripped
        parts.append(current)
    return tuple(p.strip(_STRIP) for p in (one_line(p) for p in parts) if p.strip(_STRIP))


def _is_box(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _SELECTED or ch in _UNSELECTED:
        return True
    if ch != "口":  # 口 is also a word character (窗口, 出口); a box only before an option or after a break
        return False
    before = text[i - 1] if i else " "
    after = norm(text[i + 1 : i + 6])
    return before in " \t\n、；;，," or after.startswith(CHANNEL_PREFIXES)


def parse_channels(text: str) -> tuple[str, ...]:
    """The selected entries of a ■/□/口 checkbox list (all entries when there are no boxes)."""
    if is_empty_mark(text):
        return ()
    boxes = [i for i in range(len(text)) if _is_box(text, i)]
    if not boxes:
        entries = [one_line(p).strip(_STRIP) for p in _split_top(text.replace("\r", "\n"), "、；;，,\n")]
        return tuple(e for e in entries if e)
    selected: list[str] = []
    for k, start in enumerate(boxes):
        end = boxes[k + 1] if k + 1 < len(boxes) else len(text)
        entry = one_line(text[start + 1 : end]).strip(_STRIP)
        if text[start] in _SELECTED and entry:
            selected.append(entry)
    return tuple(selected)


def is_ticked(text: str) -> bool | None:
    """True for √/✓ marks, False for empty or negative marks, None for other text."""
    t = norm(text)
    if not t or t in NEGATIVE:
        return False
    if t in TICKS or all(ch in TICKS for ch in t):
        return True
    return None
