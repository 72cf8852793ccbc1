"""A fast builder with lunr.py's exact semantics (term numbering, BM25 field vectors, rounding).

lunr.py's Builder spends most of its time in per-token objects (Token, FieldRef strings, defaultdicts) and
builds a TokenSet we never ship. This builder computes the same numbers from token lists directly and keeps
postings term-major, which is what the chunk writer needs. `to_lunr_serialized` gives lunr.py's serialised
form; tests/test_search_index.py proves it equals `lunr.Builder(...).build().serialize()` on test corpora.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zfxxgk.search.stream import PARTS, StreamBuilder
from zfxxgk.search.terms import DocTerms, encode, pack

K1 = 1.2
B = 0.75
LUNR_JS_VERSION = "2.3.9"


@dataclass(frozen=True)
class BuiltIndex:
    """Term-major postings: for term t and field f, doc ids and scores ×1000 (lunr rounds to 3 places)."""

    fields: tuple[str, ...]
    boosts: tuple[int, ...]
    doc_count: int
    terms: list[str]
    postings: list[list[tuple[array[int], array[int]] | None]]

    def score(self, milli: int) -> float:
        """The lunr field-vector value stored as `milli` (an exact round trip of round(score, 3))."""
        return milli / 1000


def build(docs: Iterable[Mapping[str, Sequence[str]]], fields: Sequence[tuple[str, int]]) -> BuiltIndex:
    """Index token lists (one mapping field → tokens per document, ref = position) as lunr.py would (numpy)."""
    names = [name for name, _boost in fields]
    return build_terms((pack([encode(Counter(doc[name])) for name in names]) for doc in docs), fields)


def build_terms(docs: Iterable[DocTerms], fields: Sequence[tuple[str, int]]) -> BuiltIndex:
    """Index documents given as their terms (zfxxgk.search.terms) with the streaming numpy builder."""
    with StreamBuilder(fields) as builder:
        for doc in docs:
            builder.add(doc)
        (groups,) = builder.groups([list(range(PARTS))])
        postings: list[list[tuple[array[int], array[int]] | None]] = [[None] * len(fields) for _ in builder.terms]
        bounds = groups.starts.tolist()
        docs_all, milli_all = groups.docs.tolist(), groups.milli.tolist()
        for g, (tid, f) in enumerate(zip(groups.terms.tolist(), groups.fields.tolist(), strict=True)):
            a, b = bounds[g], bounds[g + 1]
            postings[tid][f] = (array("i", docs_all[a:b]), array("i", milli_all[a:b]))
        return BuiltIndex(builder.names, builder.boosts, builder.doc_count, builder.terms, postings)


def reference_build(docs: Iterable[Mapping[str, Sequence[str]]], fields: Sequence[tuple[str, int]]) -> BuiltIndex:
    """Index token lists (one mapping field → tokens per document, ref = position) as lunr.py would.

    The plain-Python statement of the numbers (slow; tests compare the numpy builder with it)."""
    names = [name for name, _boost in fields]
    term_ids: dict[str, int] = {}
    terms: list[str] = []
    df: list[int] = []
    totals = [0] * len(names)
    # Per document, per field: (length, term ids, term frequencies), in lunr's first-occurrence order.
    doc_fields: list[list[tuple[int, array[int], array[int]]]] = []
    for doc in docs:
        entry = []
        for f, name in enumerate(names):
            tokens = doc[name]
            counts = Counter(tokens)
            ids = array("i")
            for term in counts:
                tid = term_ids.get(term)
                if tid is None:
                    tid = term_ids[term] = len(terms)
                    terms.append(term)
                    df.append(0)
                df[tid] += 1
                ids.append(tid)
            totals[f] += len(tokens)
            entry.append((len(tokens), ids, array("i", counts.values())))
        doc_fields.append(entry)
    n = len(doc_fields)
    idf = [math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for d in df]
    averages = [total / n if n else 0.0 for total in totals]
    postings: list[list[tuple[array[int], array[int]] | None]] = [[None] * len(names) for _ in terms]
    for doc_id, entry in enumerate(doc_fields):
        for f, (length, ids, tfs) in enumerate(entry):
            if not ids:
                continue
            boost = fields[f][1]
            norm = K1 * (1 - B + B * (length / averages[f]))
            for tid, tf in zip(ids, tfs, strict=True):
                score = idf[tid] * ((K1 + 1) * tf) / (norm + tf)
                milli = round(round(score * boost, 3) * 1000)
                slot = postings[tid][f]
                if slot is None:
                    slot = postings[tid][f] = (array("i"), array("i"))
                slot[0].append(doc_id)
                slot[1].append(milli)
    return BuiltIndex(tuple(names), tuple(boost for _name, boost in fields), n, terms, postings)


def to_lunr_serialized(index: BuiltIndex) -> dict[str, Any]:
    """lunr.py's `Index.serialize()` output for the same documents (refs are the document positions)."""
    vectors: dict[tuple[int, int], list[tuple[int, float]]] = {
        (doc, f): [] for doc in range(index.doc_count) for f in range(len(index.fields))
    }
    inverted: list[list[Any]] = []
    for tid, term in enumerate(index.terms):
        posting: dict[str, Any] = {}
        for f, name in enumerate(index.fields):
            slot = index.postings[tid][f]
            posting[name] = {}
            if slot is None:
                continue
            for doc, milli in zip(slot[0], slot[1], strict=True):
                posting[name][str(doc)] = {}
                vectors[(doc, f)].append((tid, index.score(milli)))
        posting["_index"] = tid
        inverted.append([term, posting])
    inverted.sort(key=lambda pair: str(pair[0]))
    field_vectors = []
    for (doc, f), entries in vectors.items():
        flat: list[float] = []
        for tid, value in sorted(entries):
            flat.extend((tid, value))
        field_vectors.append([f"{index.fields[f]}/{doc}", flat])
    return {
        "version": LUNR_JS_VERSION,
        "fields": list(index.fields),
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": [],
    }


def lunr_py_serialized(docs: Iterable[Mapping[str, Sequence[str]]], fields: Sequence[tuple[str, int]]) -> Any:
    """The reference: lunr.py's own Builder over the same token lists (slow; for tests)."""
    from lunr.builder import Builder

    builder = Builder()
    builder.ref("id")
    for name, boost in fields:
        builder.field(name, boost)
    for position, doc in enumerate(docs):
        builder.add({"id": str(position), **{name: list(doc[name]) for name, _boost in fields}})
    return builder.build().serialize()
