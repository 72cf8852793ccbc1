"""Serialise a built index as the files the browser fetches: term chunks, document store, facets, manifest."""

from __future__ import annotations

import json
from collections.abc import Sequence
from operator import sub
from typing import Any

from zfxxgk.search.lunrbuild import BuiltIndex
from zfxxgk.search.model import SearchDoc

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


def term_hash(term: str) -> int:
    """FNV-1a (32 bit) over the term's code points; tokenize.js/searchcore.js compute the same."""
    value = 0x811C9DC5
    for char in term:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value


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
