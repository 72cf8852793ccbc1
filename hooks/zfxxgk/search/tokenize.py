"""The search tokeniser (index time and query time); spec in hooks/zfxxgk/search/TOKENISER.md, twin of tokenize.js."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from zfxxgk.search.synonyms import Synonyms

Mode = Literal["index", "query"]

CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
WORD_RE = re.compile(f"[a-z0-9]+|[{CJK}]+")
CJK_RE = re.compile(f"[{CJK}]")
S = "[ \\t\\r\\n]*"
# 文号: bracketed year + optional 第 + number + 号; the issuer is found by scanning back (see _issuer_start).
WENHAO_RE = re.compile(f"[\\[(〔【﹝]{S}([0-9]{{4}}){S}[\\])〕】﹞]{S}第?{S}([0-9]{{1,6}}){S}号")
# 索引号: code / year - sequence, or the legacy dashed form (PZ00101-0200-2014-00021).
# Both start only where a run of letters and digits starts (the look-behind): a match can start nowhere else
# that the run's start would not match first, and without it every position of a long run is retried
# against the rest of the run, which is quadratic (a 10,000-letter run took 13 s).
SUOYIN_RE = re.compile(f"(?<![0-9a-z])([0-9a-z]+){S}/{S}([0-9]{{4}}){S}-{S}([0-9]{{1,6}})(?![0-9a-z])")
LEGACY_RE = re.compile("(?<![a-z])([a-z]+[0-9]+(?:-[0-9]+)*)-((?:19|20)[0-9]{2})-([0-9]{4,6})(?![0-9a-z])")
# Query only: a bare year-sequence part of an 索引号 (2021-00012).
PART_RE = re.compile("(?<![0-9a-z/-])((?:19|20)[0-9]{2})-([0-9]{5})(?![0-9a-z])")

# Two CJK runs parted only by punctuation or spaces (not a line break): the junction bigram (TOKENISER.md §3).
JUNCTION_RE = re.compile(f"([{CJK}])[^\\n0-9a-z{CJK}]+(?=([{CJK}]))")

MAX_ISSUER = 16
MAX_WORD = 40  # a run of [a-z0-9] longer than this gives its first MAX_WORD characters (TOKENISER.md §3)
# A character each pattern needs: a cheap test that skips the regex on most texts.
REQUIRED = {SUOYIN_RE: "/", LEGACY_RE: "-", WENHAO_RE: "号", PART_RE: "-"}


@lru_cache(maxsize=1)
def fold_source() -> dict[str, object]:
    """The folding table document (with its provenance header) shipped in zfxxgk/data/search/fold.json."""
    text = resources.files("zfxxgk").joinpath("data/search/fold.json").read_text(encoding="utf-8")
    doc: dict[str, object] = json.loads(text)
    return doc


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    doc = fold_source()
    table: dict[int, str] = {}
    for src, dst in zip(str(doc["from"]), str(doc["to"]), strict=True):
        table[ord(src)] = dst
    for code in range(0xFF01, 0xFF5F):
        half = chr(code - 0xFEE0)
        table[code] = half.lower() if "A" <= half <= "Z" else half
    table[0x3000] = " "
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    return table


def normalize(text: str) -> str:
    """Fold traditional→simplified, full-width→half-width and ASCII upper→lower, one character at a time."""
    return text.translate(_translation())


def _plain(text: str, mode: Mode, out: list[str]) -> None:
    """Tokenise normalised text without 文号/索引号 handling: ASCII words, CJK bigrams and unigrams."""
    index = mode == "index"
    for word in WORD_RE.findall(text):
        if len(word) == 1 or word[0] < "\u3000":
            out.append(word[:MAX_WORD])
        else:
            out.extend(map(str.__add__, word[:-1], word[1:]))
            if index:
                out.extend(word)


def _issuer_start(text: str, bracket: int, limit: int) -> tuple[int, int]:
    """(start, end) of the 文号 issuer: the CJK run (at most MAX_ISSUER characters) before the bracket,
    spaces allowed in between, never reaching back before `limit` (the end of the previous 文号)."""
    end = bracket
    while end > limit and text[end - 1] in " \t\r\n":
        end -= 1
    start = end
    while start > limit and end - start < MAX_ISSUER and CJK_RE.match(text[start - 1]):
        start -= 1
    return start, end


def _wenhao(match: re.Match[str], issuer: str, mode: Mode) -> list[str]:
    year, number = match.group(1), str(int(match.group(2)))
    tail = f"{year}-{number}"
    if mode == "query":
        return [f"wh:{issuer}{tail}"]
    names = [issuer[i:] for i in range(len(issuer))]
    return [f"wh:{name}{tail}" for name in names] + [f"wh:{tail}"]


def _suoyin(match: re.Match[str], mode: Mode) -> list[str]:
    code, year, seq = match.group(1), match.group(2), match.group(3)
    if match.re is SUOYIN_RE and not 6 <= len(code) <= 24:
        return []
    sep = "/" if match.re is SUOYIN_RE else "-"
    full = f"sy:{code}{sep}{year}-{seq}"
    return [full] if mode == "query" else [full, f"sy:{year}-{seq}"]


def _specials(text: str, mode: Mode) -> list[tuple[int, int, list[str]]]:
    """Non-overlapping (start, end, tokens) of 索引号, 文号 and (query only) bare 索引号 parts, by position."""
    found: list[tuple[int, int, list[str]]] = []
    taken: list[tuple[int, int]] = []
    patterns: list[re.Pattern[str]] = [SUOYIN_RE, LEGACY_RE, WENHAO_RE]
    if mode == "query":
        patterns.append(PART_RE)
    for pattern in patterns:
        if REQUIRED[pattern] not in text:
            continue
        limit = 0
        for match in pattern.finditer(text):
            start, end = match.span()
            if pattern is WENHAO_RE:
                start, issuer_end = _issuer_start(text, start, limit)
                limit = end
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if pattern is WENHAO_RE:
                tokens = _wenhao(match, text[start:issuer_end], mode)
            elif pattern is PART_RE:
                tokens = [f"sy:{match.group(1)}-{match.group(2)}"]
            else:
                tokens = _suoyin(match, mode)
            if tokens:
                taken.append((start, end))
                found.append((start, end, tokens))
    found.sort(key=lambda item: item[0])
    return found


def junctions(norm: str) -> list[str]:
    """The bigram across each junction of normalised text: 双随机、一公开 → 机一 (TOKENISER.md §3)."""
    return [m.group(1) + m.group(2) for m in JUNCTION_RE.finditer(norm)]


def _table(synonyms: Synonyms | None) -> Synonyms:
    from zfxxgk.search.synonyms import default_synonyms

    return default_synonyms() if synonyms is None else synonyms


def _query(norm: str, synonyms: Synonyms) -> tuple[list[str], list[str]]:
    """Query tokens by position (required) and the junction bigrams between the words (optional)."""
    required: list[str] = []
    optional: list[str] = []
    pos = 0

    def words(start: int, end: int) -> None:
        at = start
        for s_start, s_end, text in synonyms.matches(norm, start, end):
            groups = synonyms.phrases[text]
            if not groups:  # a blocker: its words stay plain words
                continue
            _plain(norm[at:s_start], "query", required)
            optional.extend(junctions(norm[at:s_start]))
            required.append(synonyms.token(groups[0]))
            at = s_end
        _plain(norm[at:end], "query", required)
        optional.extend(junctions(norm[at:end]))

    for start, end, tokens in _specials(norm, "query"):
        words(pos, start)
        required.extend(tokens)
        pos = end
    words(pos, len(norm))
    kept = list(dict.fromkeys(required))
    return kept, [t for t in dict.fromkeys(optional) if t not in kept]


def tokenize(text: str, mode: Mode = "index", synonyms: Synonyms | None = None) -> list[str]:
    """Tokens of `text`: index mode keeps every occurrence, query mode drops duplicates (see the spec);
    `synonyms` is the table of §5 (None: the default table)."""
    norm = normalize(text)
    table = _table(synonyms)
    if mode == "index":
        out: list[str] = []
        _plain(norm, mode, out)
        out.extend(junctions(norm))
        for _start, _end, tokens in _specials(norm, mode):
            out.extend(tokens)
        out.extend(table.index_tokens(norm))
        return out
    return _query(norm, table)[0]


def optional_tokens(text: str, synonyms: Synonyms | None = None) -> list[str]:
    """The optional tokens of a query: bigrams across the spaces and punctuation between its words."""
    return _query(normalize(text), _table(synonyms))[1]
