"""The indexed terms of each document, compact: per field its token count, unique terms and their counts.

`tokenize(text, "index")` followed by `Counter` gives, per field, the token count and the distinct terms in
first-occurrence order with their frequencies — all the index build needs. `field_terms` computes exactly that
without building a list of tokens: CJK unigrams and bigrams (nearly all tokens) are counted as integer keys
with numpy; ASCII words and the 文号/索引号 terms stay strings ("extras", keys −1, −2, … in the keys array).

  key < 2**21            a CJK unigram, its code point
  2**21 <= key < 2**42   a CJK bigram, (first << 21) | second
  key < 0                extras[-1 - key]

`doc_terms_stream` yields the terms of many documents in order, from the build cache (kind "search-terms",
keyed by the field texts) else computed, in forked worker processes when there are many and ≥ 2 CPUs
(zfxxgk.workers.cached_map).
tests/test_search_build.py proves `field_terms` equals `Counter(tokenize(text, "index"))` on varied texts.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache, partial
from typing import Any

import numpy as np

from zfxxgk.cache import Cache
from zfxxgk.cache import expect as cache_expect
from zfxxgk.progress import Stage
from zfxxgk.search.synonyms import Synonyms, default_synonyms
from zfxxgk.search.tokenize import CJK_RE, _specials, _translation, normalize, tokenize
from zfxxgk.workers import cached_map

KIND = "search-terms"


def _is_doc_terms(value: Any) -> bool:
    """Whether a cached value has the shape `pack` gives (field names, counts, keys, term frequencies, extras)."""
    if not (isinstance(value, tuple) and len(value) == 5 and all(isinstance(v, tuple) for v in (value[0], value[1],
                                                                                                 value[4]))):
        return False
    keys, tfs = value[2], value[3]
    if not (isinstance(keys, bytes) and isinstance(tfs, bytes) and keys[:1] in (b"I", b"q")
            and tfs[:1] in (b"B", b"H", b"i")):
        return False
    count = (len(keys) - 1) // (4 if keys[:1] == b"I" else 8)
    width = {b"B": 1, b"H": 2, b"i": 4}[tfs[:1]]
    return ((len(keys) - 1) % (4 if keys[:1] == b"I" else 8) == 0 and (len(tfs) - 1) == count * width
            and all(type(n) is int and n >= 0 for n in value[1]) and sum(value[1]) == count
            and len(value[0]) == len(value[1]))


cache_expect(KIND, _is_doc_terms)
SHIFT = 21
MASK = (1 << SHIFT) - 1
IntArray = np.ndarray[Any, np.dtype[np.int64]]
NUMPY_FROM = 48  # shorter texts: tokenize + Counter is cheaper than numpy's per-call overhead

# (token count, keys as int64 bytes, term frequencies as int32 bytes, extras) of one field.
FieldTerms = tuple[int, bytes, bytes, tuple[str, ...]]
# One document, packed small (what the cache stores and workers send back): token counts per field, term
# counts per field, keys of all fields (dtype char + data), tfs of all fields (dtype char + data), extras of
# all fields (a key −1 − j, or EXTRA32 + j when packed as uint32, is the document's j-th extra).
DocTerms = tuple[tuple[int, ...], tuple[int, ...], bytes, bytes, tuple[str, ...]]
EXTRA32 = 1 << 18  # above every code point; below every packed bigram (first character ≥ U+3007)



def term_hash(term: str) -> int:
    """FNV-1a (32 bit) over the term's code points; tokenize.js/searchcore.js compute the same."""
    value = 0x811C9DC5
    for char in term:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value


def decode(key: int, extras: Sequence[str] = ()) -> str:
    """The term of a key (see the module docstring)."""
    if key < 0:
        return extras[-1 - key]
    if key <= MASK:
        return chr(key)
    return chr(key >> SHIFT) + chr(key & MASK)


def encode(terms: Counter[str]) -> FieldTerms:
    """The FieldTerms of a Counter of tokens."""
    extras: list[str] = []
    keys: list[int] = []
    for term in terms:
        if CJK_RE.match(term):  # a CJK unigram or bigram (plain tokens only; the rest start with ASCII)
            keys.append(ord(term[0]) if len(term) == 1 else (ord(term[0]) << SHIFT) | ord(term[1]))
        else:
            extras.append(term)
            keys.append(-len(extras))
    return (
        sum(terms.values()),
        np.array(keys, dtype=np.int64).tobytes(),
        np.array(list(terms.values()), dtype=np.int32).tobytes(),
        tuple(extras),
    )


heads_none = np.zeros(0, dtype=np.int64)


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray[Any, np.dtype[np.uint32]] | None:
    """normalize() as a code point table (the last entry stands for "unchanged"), if it maps char to char."""
    translation = _translation()
    size = max(max(translation), 0x10000) + 2
    table = np.arange(size, dtype=np.uint32)
    for code, value in translation.items():
        if len(value) != 1:
            return None
        table[code] = ord(value)
    return table


def field_terms(text: str, synonyms: Synonyms | None = None) -> FieldTerms:
    """The terms of one field's text, as Counter(tokenize(text, "index")) would give them."""
    return many_field_terms([text], synonyms)[0]


def many_field_terms(texts: Sequence[str], synonyms: Synonyms | None = None) -> list[FieldTerms]:
    """The terms of each text, as Counter(tokenize(text, "index")) would give them; the long texts are
    done together (one pass of numpy over all of them, separated by a newline, which no token contains)."""
    table = default_synonyms() if synonyms is None else synonyms
    out: list[FieldTerms | None] = [None] * len(texts)
    long: list[int] = []
    for i, text in enumerate(texts):
        if len(text) < NUMPY_FROM:
            out[i] = encode(Counter(tokenize(text, "index", table)))
        else:
            long.append(i)
    if long:
        for i, terms in zip(long, _long_terms([texts[i] for i in long], table), strict=True):
            out[i] = terms
    return [terms for terms in out if terms is not None]


def _long_terms(texts: list[str], synonyms: Synonyms) -> list[FieldTerms]:
    joined = "\n".join(texts)
    sizes = np.array([len(text) for text in texts], dtype=np.int64)
    text_starts = np.cumsum(sizes + 1) - sizes - 1  # where each text starts in `joined`
    raw = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    table = _fold_table()
    if table is None:
        norm = normalize(joined)
        cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    else:
        cps = table[np.minimum(raw, len(table) - 1)].astype(np.int64)
        cps = np.where(raw < len(table) - 1, cps, raw)
        norm = cps.astype(np.uint32).tobytes().decode("utf-32-le")
    ascii_word = ((cps >= 97) & (cps <= 122)) | ((cps >= 48) & (cps <= 57))
    cjk = (
        (cps == 0x3007)
        | ((cps >= 0x3400) & (cps <= 0x4DBF))
        | ((cps >= 0x4E00) & (cps <= 0x9FFF))
        | ((cps >= 0xF900) & (cps <= 0xFAFF))
        | ((cps >= 0x20000) & (cps <= 0x2FA1F))
    )
    cls = ascii_word.astype(np.int8) + 2 * cjk.astype(np.int8)
    padded = np.concatenate(([0], cls, [0]))
    bounds = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = bounds[:-1], bounds[1:]
    kinds = cls[starts] if len(starts) else np.zeros(0, dtype=np.int8)
    keep = kinds > 0
    starts, ends, kinds = starts[keep], ends[keep], kinds[keep]
    lengths = ends - starts
    multi = (kinds == 2) & (lengths > 1)
    counts = np.where(multi, 2 * lengths - 1, 1)
    offsets = np.cumsum(counts) - counts
    total = int(counts.sum())
    keys = np.empty(total, dtype=np.int64)
    # Single tokens: CJK runs of one character, ASCII words (strings, numbered across all texts, −1 − j).
    single = ~multi
    one_cjk = single & (kinds == 2)
    keys[offsets[one_cjk]] = cps[starts[one_cjk]]
    words = single & (kinds == 1)
    numbered: dict[str, int] = {}
    if words.any():
        word_keys = [
            -1 - numbered.setdefault(norm[s:e], len(numbered))
            for s, e in zip(starts[words].tolist(), ends[words].tolist(), strict=True)
        ]
        keys[offsets[words]] = word_keys
    word_names = list(numbered)
    # CJK runs of two or more: bigrams at offset + i, then unigrams at offset + (length − 1) + i.
    if multi.any():
        m_starts, m_lengths, m_offsets = starts[multi], lengths[multi], offsets[multi]
        run = np.repeat(np.arange(len(m_starts)), m_lengths)
        within = np.arange(len(run)) - np.repeat(np.cumsum(m_lengths) - m_lengths, m_lengths)
        chars = m_starts[run] + within
        keys[m_offsets[run] + m_lengths[run] - 1 + within] = cps[chars]
        pair = within < m_lengths[run] - 1
        first = chars[pair]
        keys[m_offsets[run[pair]] + within[pair]] = (cps[first] << SHIFT) | cps[first + 1]
    # Tokens of text t: token positions token_starts[t]:token_starts[t + 1] (runs never cross texts).
    run_text = np.searchsorted(text_starts, starts, side="right") - 1
    token_starts = np.searchsorted(run_text, np.arange(len(texts) + 1))
    token_starts = np.append(offsets, total)[token_starts]
    keys, token_starts, total = _with_junctions(cps, starts, ends, kinds, run_text, keys, token_starts, total)
    # Distinct (text, key) in first-occurrence order: sort by (text, key), first position of each group.
    token_text = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(token_starts))
    composite = (token_text << 41) + (keys + (1 << 40))
    perm = np.argsort(composite)
    ordered = composite[perm]
    heads = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))) if total else heads_none
    firsts = np.minimum.reduceat(perm, heads) if total else heads_none
    order = np.argsort(firsts)
    out_keys = keys[firsts[order]]
    out_tfs = np.diff(np.append(heads, total))[order]
    bounds_out = np.searchsorted(firsts[order], token_starts)
    results: list[FieldTerms] = []
    for t, text_start in enumerate(text_starts.tolist()):
        a, b = int(bounds_out[t]), int(bounds_out[t + 1])
        field_keys, field_tfs = out_keys[a:b], out_tfs[a:b]
        length = int(token_starts[t + 1] - token_starts[t])
        extras: list[str] = []
        negative = np.flatnonzero(field_keys < 0)
        if len(negative):  # words numbered across texts → this text's extras, in its order
            field_keys = field_keys.copy()
            extras = [word_names[-1 - k] for k in field_keys[negative].tolist()]
            field_keys[negative] = -1 - np.arange(len(negative), dtype=np.int64)
        text_norm = norm[text_start : text_start + len(texts[t])]
        special = Counter(token for _start, _end, tokens in _specials(text_norm, "index") for token in tokens)
        special.update(synonyms.index_tokens(text_norm))
        if special:  # after every plain token; never equal to one (they contain ":")
            field_keys = np.concatenate(
                (field_keys, -1 - np.arange(len(extras), len(extras) + len(special), dtype=np.int64))
            )
            field_tfs = np.concatenate((field_tfs, np.array(list(special.values()), dtype=np.int64)))
            extras.extend(special)
            length += sum(special.values())
        results.append((length, field_keys.tobytes(), field_tfs.astype(np.int32).tobytes(), tuple(extras)))
    return results


def _with_junctions(
    cps: IntArray, starts: IntArray, ends: IntArray, kinds: np.ndarray[Any, Any], run_text: IntArray, keys: IntArray,
    token_starts: IntArray, total: int,
) -> tuple[IntArray, IntArray, int]:
    """The tokens with each text's junction bigrams (two CJK runs parted by anything but a word character
    or a line break) after its plain tokens, in text order; the new token_starts and total."""
    lines = np.concatenate(([0], np.cumsum(cps == 10)))  # line breaks before each position
    if len(starts) < 2:
        return keys, token_starts, total
    pair = (kinds[:-1] == 2) & (kinds[1:] == 2) & (lines[starts[1:]] == lines[ends[:-1]])
    at = np.flatnonzero(pair)
    if not len(at):
        return keys, token_starts, total
    jkeys = (cps[ends[at] - 1] << SHIFT) | cps[starts[at + 1]]
    texts = len(token_starts) - 1
    per_text = np.bincount(run_text[at], minlength=texts)
    before = np.concatenate(([0], np.cumsum(per_text)))  # junctions in the texts before each text
    token_text = np.repeat(np.arange(texts, dtype=np.int64), np.diff(token_starts))
    out = np.empty(total + len(at), dtype=np.int64)
    out[np.arange(total) + before[token_text]] = keys
    out[token_starts[run_text[at] + 1] + np.arange(len(at))] = jkeys
    return out, token_starts + before, total + len(at)


def pack(fields: Sequence[FieldTerms]) -> DocTerms:
    """One document's fields' terms, packed: uint32 keys when every bigram is in the BMP (bigram →
    first << 16 | second, extra j → EXTRA32 + j), tfs in the smallest unsigned type that holds them."""
    extras: list[str] = []
    parts: list[IntArray] = []
    for _length, key_bytes, _tfs, field_extras in fields:
        keys = np.frombuffer(key_bytes, dtype=np.int64)
        if field_extras:
            keys = np.where(keys < 0, keys - len(extras), keys)
            extras.extend(field_extras)
        parts.append(keys)
    keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    tfs = np.frombuffer(b"".join(field[2] for field in fields), dtype=np.int32)
    bigram = keys > MASK
    firsts, seconds = keys >> SHIFT, keys & MASK
    if len(extras) < 1 << 20 and not (bigram & ((firsts > 0xFFFF) | (seconds > 0xFFFF))).any():
        packed = np.where(bigram, (firsts << 16) | seconds, np.where(keys < 0, EXTRA32 - 1 - keys, keys))
        key_data = b"I" + packed.astype(np.uint32).tobytes()
    else:
        key_data = b"q" + keys.tobytes()
    top = int(tfs.max()) if len(tfs) else 0
    kind = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "i"
    return (
        tuple(field[0] for field in fields),
        tuple(len(field[1]) >> 3 for field in fields),
        key_data,
        kind.encode() + tfs.astype(np.dtype(kind)).tobytes(),
        tuple(extras),
    )


def _canonical(packed: np.ndarray[Any, np.dtype[np.uint32]]) -> IntArray:
    wide = packed.astype(np.int64)
    return np.where(
        wide >= 1 << 24, ((wide >> 16) << SHIFT) | (wide & 0xFFFF), np.where(wide >= EXTRA32, EXTRA32 - 1 - wide, wide)
    )


def unpack_keys(docs: Sequence[DocTerms]) -> tuple[IntArray, IntArray]:
    """(keys as in FieldTerms, extras numbered within each document; tfs) of packed documents, all fields,
    concatenated."""
    key_kinds = {doc[2][:1] for doc in docs}
    tf_kinds = {doc[3][:1] for doc in docs}
    if key_kinds == {b"I"}:
        keys = _canonical(np.frombuffer(b"".join([doc[2][1:] for doc in docs]), dtype=np.uint32))
    else:
        keys = np.concatenate([
            _canonical(np.frombuffer(doc[2], dtype=np.uint32, offset=1)) if doc[2][:1] == b"I"
            else np.frombuffer(doc[2], dtype=np.int64, offset=1) for doc in docs
        ]) if docs else np.zeros(0, dtype=np.int64)
    if len(tf_kinds) == 1:
        (kind,) = tf_kinds
        data = b"".join([doc[3][1:] for doc in docs])
        tfs = np.frombuffer(data, dtype=np.dtype(kind.decode())).astype(np.int64)
    else:
        tfs = np.concatenate([
            np.frombuffer(doc[3], dtype=np.dtype(doc[3][:1].decode()), offset=1).astype(np.int64) for doc in docs
        ])
    return keys, tfs


def doc_terms(texts: Sequence[str], synonyms: Synonyms | None = None) -> DocTerms:
    """The terms of each field of one document, packed."""
    return pack(many_field_terms(texts, synonyms))


def _doc_terms_chunk(chunk: list[tuple[str, ...]], synonyms: Synonyms | None = None) -> list[DocTerms]:
    fields = many_field_terms([text for texts in chunk for text in texts], synonyms)
    docs, at = [], 0
    for texts in chunk:
        docs.append(pack(fields[at : at + len(texts)]))
        at += len(texts)
    return docs


def terms_key(cache: Cache, texts: Sequence[str], synonyms: Synonyms | None = None) -> str:
    """The cache key of a document's terms: its field texts and the synonym table (the salt covers the
    tokeniser's code)."""
    digest = hashlib.sha256((default_synonyms() if synonyms is None else synonyms).digest.encode())
    for text in texts:
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return cache.key(KIND, digest.digest())


def doc_terms_stream(
    texts: Sequence[tuple[str, ...]], cache: Cache | None = None, stage: Stage | None = None,
    parallel: bool | None = None, synonyms: Synonyms | None = None,
) -> Iterator[DocTerms]:
    """The terms of every document (field texts in field order), in order; cached, computed in parallel."""
    table = default_synonyms() if synonyms is None else synonyms
    work = partial(_doc_terms_chunk, synonyms=table)
    key = partial(terms_key, synonyms=table)
    return cached_map(texts, work, KIND, key, cache, stage, parallel)
