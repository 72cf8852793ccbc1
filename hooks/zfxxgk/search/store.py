"""Serialise a built index as the files the browser fetches: term chunks, document store, facets, manifest."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from operator import sub
from pathlib import Path
from typing import Any

import numpy as np

from zfxxgk.search.lunrbuild import BuiltIndex
from zfxxgk.search.model import SearchDoc
from zfxxgk.search.stream import Groups, IntArray
from zfxxgk.search.terms import term_hash

FORMAT = "zfxxgk-search/1"
POSTINGS_PER_CHUNK = 2000
DOCS_PER_CHUNK = 10
MAX_BUCKETS = 1 << 16
# Facet codes: one or more characters per document from this alphabet (printable ASCII without " and \).
ALPHABET = "".join(chr(c) for c in range(35, 127) if c != 92)
FACETS: tuple[tuple[str, str], ...] = (
    ("栏目", "column"),
    ("发布机构", "publisher"),
    ("主题分类", "subject"),
    ("有效性", "validity"),
)


def dumps(value: Any) -> bytes:
    """Compact, deterministic JSON (sorted keys, UTF-8)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def bucket_count(postings: int) -> int:
    """A power of two giving about POSTINGS_PER_CHUNK postings per term chunk."""
    count = 1
    while count < MAX_BUCKETS and count * POSTINGS_PER_CHUNK < postings:
        count *= 2
    return count


def term_chunks(index: BuiltIndex, buckets: int) -> list[dict[str, list[Any]]]:
    """Chunk contents by bucket: term → [term index, field, doc-id deltas, scores ×1000, field, …]."""
    chunks: list[dict[str, list[Any]]] = [{} for _ in range(buckets)]
    mask = buckets - 1
    for tid, term in enumerate(index.terms):
        entry: list[Any] = [tid]
        for f, slot in enumerate(index.postings[tid]):
            if slot is None:
                continue
            ids = slot[0].tolist()
            entry.extend((f, ids[:1] + list(map(sub, ids[1:], ids[:-1])), slot[1].tolist()))
        chunks[term_hash(term) & mask][term] = entry
    return chunks


def _numbers(values: IntArray) -> tuple[bytes, list[int]]:
    """Non-negative integers as JSON text, each followed by a comma, and the end offset of each."""
    if not len(values):
        return b"", []
    if int(values.min()) < 0:
        raise ValueError("negative number in the postings")
    digits = np.ones(len(values), dtype=np.int64)
    top, power = int(values.max()), 10
    while power <= top:
        digits += values >= power
        power *= 10
    ends = np.cumsum(digits + 1)
    buf = np.full(int(ends[-1]), ord(","), dtype=np.uint8)
    pos, rest, left = ends - 2, values, digits
    while len(pos):
        buf[pos] = 48 + rest % 10
        keep = left > 1
        pos, rest, left = pos[keep] - 1, rest[keep] // 10, left[keep] - 1
    return buf.tobytes(), ends.tolist()


def write_term_chunks(
    out_dir: Path, batches: Iterable[tuple[Groups, Sequence[int]]], terms: Sequence[str], hashes: Sequence[int],
    buckets: int,
) -> list[str]:
    """Write t/<bucket>.json for each (groups, buckets they cover); term_chunks' contents, byte for byte.

    Returns the relative paths written."""
    mask = buckets - 1
    written: list[str] = []
    (out_dir / "t").mkdir(parents=True, exist_ok=True)
    for groups, covered in batches:
        deltas = groups.docs.copy()
        starts = groups.starts
        if len(deltas):
            deltas[1:] -= groups.docs[:-1]
            deltas[starts[:-1]] = groups.docs[starts[:-1]]
        dtext, dends = _numbers(deltas)
        mtext, mends = _numbers(groups.milli)
        entries: dict[int, list[tuple[str, bytes]]] = {bucket: [] for bucket in covered}
        group_terms = groups.terms.tolist()
        group_fields = groups.fields.tolist()
        bounds = starts.tolist()
        g, count = 0, len(group_terms)
        while g < count:
            tid = group_terms[g]
            parts = [str(tid).encode()]
            while g < count and group_terms[g] == tid:
                a, b = bounds[g], bounds[g + 1]
                d0 = dends[a - 1] if a else 0
                m0 = mends[a - 1] if a else 0
                parts.append(b"%d,[%b],[%b]" % (group_fields[g], dtext[d0 : dends[b - 1] - 1],
                                                mtext[m0 : mends[b - 1] - 1]))
                g += 1
            term = terms[tid]
            entries[hashes[tid] & mask].append((term, b",".join(parts)))
        for bucket in covered:
            rows = sorted(entries[bucket])
            body = b",".join(dumps(term) + b":[" + entry + b"]" for term, entry in rows)
            rel = f"t/{bucket:x}.json"
            (out_dir / rel).write_bytes(b'{"terms":{' + body + b"}}")
            written.append(rel)
    return written


def built_groups(index: BuiltIndex) -> Groups:
    """The postings of a BuiltIndex as one Groups (all terms)."""
    terms: list[int] = []
    fields: list[int] = []
    starts: list[int] = [0]
    docs: list[IntArray] = []
    milli: list[IntArray] = []
    for tid, per_field in enumerate(index.postings):
        for f, slot in enumerate(per_field):
            if slot is None:
                continue
            terms.append(tid)
            fields.append(f)
            starts.append(starts[-1] + len(slot[0]))
            docs.append(np.array(slot[0], dtype=np.int64))
            milli.append(np.array(slot[1], dtype=np.int64))
    empty = np.zeros(0, dtype=np.int64)
    return Groups(
        terms=np.array(terms, dtype=np.int64), fields=np.array(fields, dtype=np.int64),
        starts=np.array(starts, dtype=np.int64), docs=np.concatenate(docs) if docs else empty,
        milli=np.concatenate(milli) if milli else empty,
    )


def doc_chunks(docs: Sequence[SearchDoc]) -> list[list[list[str]]]:
    """Document store chunks of DOCS_PER_CHUNK: [title, url, 文号, date, snippet] by doc id."""
    rows = [[doc.title, doc.ref, doc.doc_no, doc.date, doc.snippet_source()] for doc in docs]
    return [rows[i : i + DOCS_PER_CHUNK] for i in range(0, len(rows), DOCS_PER_CHUNK)]


def _codes(values: list[str]) -> dict[str, Any]:
    labels = sorted(set(values))
    width = 1
    while len(ALPHABET) ** width < len(labels):
        width += 1
    position = {label: i for i, label in enumerate(labels)}
    parts = []
    for value in values:
        code, digits = position[value], []
        for _ in range(width):
            code, digit = divmod(code, len(ALPHABET))
            digits.append(ALPHABET[digit])
        parts.append("".join(reversed(digits)))
    return {"values": labels, "width": width, "codes": "".join(parts)}


def facets(docs: Sequence[SearchDoc]) -> dict[str, Any]:
    """Facet values of every document, columnar; years as id ranges (documents are in date order)."""
    years: list[list[Any]] = []
    for doc_id, doc in enumerate(docs):
        year = doc.date[:4]
        if years and years[-1][0] == year:
            years[-1][2] = doc_id + 1
        else:
            years.append([year, doc_id, doc_id + 1])
    return {
        "count": len(docs),
        "alphabet": ALPHABET,
        "years": years,
        "facets": [{"name": name, **_codes([getattr(doc, attr) for doc in docs])} for name, attr in FACETS],
    }
