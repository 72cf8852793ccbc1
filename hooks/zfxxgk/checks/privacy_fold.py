"""What a reader sees, for the privacy scan: entities decoded, markup and invisible characters removed,
compatibility forms folded (NFKC, any script's digits), with a map from the folded text back to the source.

An editor who writes `&#53;20201…`, `5<span>2020</span>1…` or `５２０２０１…` publishes the same number as
one who writes it plainly: the browser shows the digits. The scanner therefore matches on the folded text
and reports the span of the source it came from, so `path:line:column` still points at the right place.
Separators between digit groups (spaces, dashes, dots, emphasis markers) are left in place here: which of
them join a number is the number detector's decision (`zfxxgk.checks.privacy_numbers`).
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass

# Characters a browser draws as nothing: soft hyphen, zero-width space/joiners, marks, word joiner and
# invisible operators, bidi controls, BOM, variation selectors, Hangul fillers (BMP); tag characters and
# variation selectors supplement (astral).
_INVISIBLE_BMP = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                  "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb")
_INVISIBLE = _INVISIBLE_BMP + "\U000e0000-\U000e007f\U000e0100-\U000e01ef"
# Non-ASCII characters folded to ASCII: circled, parenthesised, super- and subscript digits (BMP),
# mathematical alphanumerics (astral), by NFKC; and any script's decimal digits (`(?![0-9])\d` below).
# Spaces, dashes and dots of every width are separators, left to the number detector; full-width digits
# are folded too when a fold runs, but need none of their own (the scanner maps them one for one).
_FOLDABLE_BMP = "\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u249b\u24ea-\u24ff\u2776-\u2793"
_FOLDABLE = _FOLDABLE_BMP + "\U0001d400-\U0001d7ff"
# Cheap pre-test: a BMP character that may start a fold (the decimal digits of other scripts lie in the
# last two ranges, with many letters of those scripts, which only cost a fold that changes nothing).
# Astral characters are tested apart (`may_fold`): in the same class they make the search several times
# slower on Chinese text.
_TRIGGER = re.compile(f"[&<\\[{_INVISIBLE_BMP}{_FOLDABLE_BMP}\u0660-\u1c59\ua620-\uabf9]")
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_TAG = r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000})?/?>|<!--|-->"
# An HTML comment is not shown, so the text on either side of it reads as one; what it holds is kept
# (appended), as a link's target is: `520201<!-- x -->198503151237` and `[5202011985](url)03151237` are
# one number on the page.
# (A comment never holds `<!--`, so each search ends at the next one: linear on `<!--<!--<!--…`.)
_COMMENT = r"<!--(?P<comment>(?:(?!<!--)[\s\S]){0,2000}?)-->"
_LINK_OPEN = r"!?\["
_LINK_CLOSE = r"\](?:\((?P<target>[^()\s]{0,2000})(?:\s+(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?\)|\[(?P<ref>[^\[\]\n]{0,500})\])"
_TOKEN = re.compile(f"(?P<entity>{_ENTITY})|{_COMMENT}|(?P<tag>{_TAG})|(?P<invisible>[{_INVISIBLE}]+)"
                    f"|(?P<fold>[{_FOLDABLE}]|(?![0-9])\\d)|(?P<link>{_LINK_OPEN}|{_LINK_CLOSE})")
# An attribute value, quoted or not: alt/title texts are published even though the tag itself is not shown.
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


@dataclass(frozen=True)
class Folded:
    """The folded text and, where lengths changed, breakpoints mapping it back to the source."""

    text: str
    # Sorted folded offsets where a piece begins, the source offsets they came from, and whether the
    # piece maps character for character (copied text) or as a whole (a replaced entity or tag).
    _at: tuple[int, ...] = ()
    _src: tuple[int, ...] = ()
    _src_end: tuple[int, ...] = ()
    _exact: tuple[bool, ...] = ()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span that the folded span [start, end) was made from."""
        if not self._at:
            return start, end
        i = bisect.bisect_right(self._at, start) - 1
        source_start = self._src[i] + (start - self._at[i]) if self._exact[i] else self._src[i]
        j = bisect.bisect_right(self._at, end - 1) - 1
        source_end = self._src[j] + (end - self._at[j]) if self._exact[j] else self._src_end[j]
        return source_start, max(source_start, source_end)


def may_fold(text: str) -> bool:
    """False when `fold` would return the text unchanged (cheap: one character class)."""
    # A string holding an astral character takes four bytes per character in UTF-16: cheaper than a search.
    return _TRIGGER.search(text) is not None or len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)


def fold(text: str) -> Folded:
    """The text as a reader sees it (see the module docstring); attribute values are appended at the end."""
    pieces: list[tuple[str, int, int, bool]] = []  # (text, source start, source end, exact)
    appended: list[tuple[str, int, int, bool]] = []
    last = 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if start > last:
            pieces.append((text[last:start], last, start, True))
        last = end
        kind = m.lastgroup
        if kind == "fold":
            pieces.append((_fold_char(m.group()), start, end, False))
        elif kind == "entity":
            decoded = html.unescape(m.group())
            decoded = "" if re.fullmatch(f"[{_INVISIBLE}]*", decoded) else _fold_all(decoded)
            pieces.append((decoded, start, end, False))
        elif kind == "tag":
            for a in _ATTRIBUTE.finditer(m.group()):
                group = next(g for g in (1, 2, 3) if a.group(g) is not None)
                appended.append(("\n", end, end, False))
                appended.append((a.group(group), start + a.start(group), start + a.end(group), True))
        elif m.group("comment") or m.group("target") or m.group("ref"):
            name = next(g for g in ("comment", "target", "ref") if m.group(g))
            appended.append(("\n", end, end, False))
            appended.append((m.group(name), m.start(name), m.end(name), True))
        # invisible characters: nothing
    if not pieces and not appended and last == 0:
        return Folded(text)
    if last < len(text):
        pieces.append((text[last:], last, len(text), True))
    at: list[int] = []
    src: list[int] = []
    src_end: list[int] = []
    exact: list[bool] = []
    out: list[str] = []
    position = 0
    for piece, source_start, source_end, is_exact in pieces + appended:
        if not piece:
            continue
        # A one-for-one replacement keeps offsets aligned: it can continue the previous copied piece.
        same = is_exact or len(piece) == source_end - source_start
        if not (same and exact and exact[-1] and src[-1] + (position - at[-1]) == source_start):
            at.append(position)
            src.append(source_start)
            src_end.append(source_end)
            exact.append(same)
        src_end[-1] = source_end
        out.append(piece)
        position += len(piece)
    return Folded("".join(out), tuple(at), tuple(src), tuple(src_end), tuple(exact))


def _fold_char(c: str) -> str:
    digit = unicodedata.digit(c, None)
    if digit is not None and unicodedata.category(c) == "Nd":
        return str(digit)
    return unicodedata.normalize("NFKC", c)


def _fold_all(text: str) -> str:
    return re.sub(f"[{_FOLDABLE}]|(?![0-9])\\d", lambda m: _fold_char(m.group()), text)
