"""The lunr numbers of a large index with numpy, in bounded memory: documents stream in, term groups come out.

`StreamBuilder.add` takes the terms of one document at a time (see zfxxgk.search.terms) and keeps only the
vocabulary, document frequencies, field lengths and, per posting, (term id, doc·field, tf) — 12 bytes, sorted
by the low bits of the term's hash into PARTS partitions and spilled to temporary files past SPILL_BYTES.
`groups` then yields, one partition at a time, the postings of its terms, term-major, with lunr.py's scores.

The numbers are lunr.py's (as lunrbuild.reference_build computes them): terms numbered by first occurrence
(document order, field order, first occurrence within the field); df counts (document, field) pairs; BM25
with k1 = 1.2, b = 0.75; idf per term with math.log; a field-vector value round(score × boost, 3), kept ×1000.
numpy does the same IEEE operations in the same order; np.rint(x × 1000) can differ from Python's correctly
rounded round(x, 3) only when x × 1000 is within a hair of .5, and those values are recomputed in Python.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from zfxxgk.search.terms import DocTerms, decode, term_hash, unpack_keys

K1 = 1.2
B = 0.75
PARTS = 64  # partitions by term hash (a power of two); each is scored and written on its own (the bucket
# files do not depend on it: fewer postings at a time keep the peak down; about a million at 50,000 items)
BATCH = 128  # documents mapped to term ids together
SPILL_BYTES = 32 << 20  # postings held in memory before they go to the partition files
EXTRA_BASE = 1 << 45  # vocabulary keys of string terms (ASCII words, 文号/索引号): EXTRA_BASE + number
RECORD = np.dtype([("term", "<i4"), ("slot", "<i4"), ("tf", "<i4")])  # slot = doc × fields + field

IntArray = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True)
class Groups:
    """Postings of some terms, term-major: group g is term `terms[g]` in field `fields[g]`, its postings
    starts[g]:starts[g + 1] of docs/milli (docs ascending). Terms appear in ascending id order."""

    terms: IntArray
    fields: IntArray
    starts: IntArray
    docs: IntArray
    milli: IntArray


class KeyTable:
    """A hash table of non-negative int64 keys → int64 values, looked up many keys at a time (open
    addressing, linear probing, load ≤ 1/2)."""

    EMPTY = -1

    def __init__(self, bits: int = 16) -> None:
        self.bits = bits
        self.keys: IntArray = np.full(1 << bits, self.EMPTY, dtype=np.int64)
        self.values: IntArray = np.zeros(1 << bits, dtype=np.int64)
        self.count = 0

    def _slots(self, keys: IntArray) -> IntArray:
        mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        return (mixed >> np.uint64(64 - self.bits)).astype(np.int64)

    def get(self, keys: IntArray) -> IntArray:
        """The value of each key, −1 where absent."""
        out = np.full(len(keys), -1, dtype=np.int64)
        todo = np.arange(len(keys))
        slots = self._slots(keys)
        wanted = keys
        mask = (1 << self.bits) - 1
        while len(todo):
            found = self.keys[slots]
            hit = found == wanted
            out[todo[hit]] = self.values[slots[hit]]
            more = ~hit & (found != self.EMPTY)
            todo, slots, wanted = todo[more], (slots[more] + 1) & mask, wanted[more]
        return out

    def put(self, keys: IntArray, values: IntArray) -> None:
        """Add distinct keys that are not in the table yet."""
        if 2 * (self.count + len(keys)) > len(self.keys):
            old_keys, old_values = self.keys[self.keys != self.EMPTY], self.values[self.keys != self.EMPTY]
            while 2 * (self.count + len(keys)) > 1 << self.bits:
                self.bits += 1
            self.keys = np.full(1 << self.bits, self.EMPTY, dtype=np.int64)
            self.values = np.zeros(1 << self.bits, dtype=np.int64)
            self.count = 0
            self.put(old_keys, old_values)
        mask = (1 << self.bits) - 1
        slots = self._slots(keys)
        while len(keys):
            free = self.keys[slots] == self.EMPTY
            # Among keys aiming at the same free slot, the first takes it; the rest probe on.
            _unique, first = np.unique(slots, return_index=True)
            winner = np.zeros(len(keys), dtype=bool)
            winner[first] = True
            placed = free & winner
            self.keys[slots[placed]] = keys[placed]
            self.values[slots[placed]] = values[placed]
            self.count += int(placed.sum())
            rest = ~placed
            keys, values = keys[rest], values[rest]
            slots = np.where(free[rest], slots[rest], (slots[rest] + 1) & mask)


class StreamBuilder:
    """Collects documents' terms (in document order), then yields scored postings partition by partition."""

    def __init__(self, fields: Sequence[tuple[str, int]], spill_dir: Path | None = None) -> None:
        self.names = tuple(name for name, _boost in fields)
        self.boosts = tuple(boost for _name, boost in fields)
        self.terms: list[str] = []
        self.hashes: list[int] = []
        self.doc_count = 0
        self.postings = 0
        self._extras: dict[str, int] = {}
        self._extra_names: list[str] = []
        self._vocab = KeyTable()
        self._df: IntArray = np.zeros(0, dtype=np.int64)
        self._parts: IntArray = np.zeros(0, dtype=np.int64)
        self._lengths: list[IntArray] = []
        self._batch: list[DocTerms] = []
        self._memory: list[list[bytes]] = [[] for _ in range(PARTS)]
        self._held = 0
        self._spill_dir = spill_dir
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._files: list[Path] = []
        self._idf: np.ndarray[Any, np.dtype[np.float64]] = np.zeros(0)
        self._norms: np.ndarray[Any, np.dtype[np.float64]] = np.zeros(0)

    def add(self, doc: DocTerms) -> None:
        """The next document's terms, one entry per field in field order."""
        self._batch.append(doc)
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        width = len(self.names)
        if any(len(doc[0]) != width or len(doc[1]) != width for doc in batch):
            raise ValueError("a document's terms must have one entry per field")
        self._lengths.append(np.array([doc[0] for doc in batch], dtype=np.int64).reshape(len(batch), width))
        counts = np.array([doc[1] for doc in batch], dtype=np.int64).reshape(-1)
        field_index = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        slots = self.doc_count * width + field_index
        self.doc_count += len(batch)
        if not len(field_index):
            return
        keys, tfs = unpack_keys(batch)
        # Document-local extras (−1 − j) → vocabulary keys of their strings.
        negative = np.flatnonzero(keys < 0)
        if len(negative):
            sizes = np.array([len(doc[4]) for doc in batch], dtype=np.int64)
            before = np.cumsum(sizes) - sizes
            names = [term for doc in batch for term in doc[4]]
            get = self._extras.get
            numbers = [get(term, -1) for term in names]
            if -1 in numbers:
                numbers = [self._extra_id(term) - EXTRA_BASE for term in names]
            ids = EXTRA_BASE + np.array(numbers, dtype=np.int64)
            doc_of = field_index[negative] // width
            keys[negative] = ids[before[doc_of] - 1 - keys[negative]]
        tids = self._term_ids(keys)
        self._df += np.bincount(tids, minlength=len(self._df))
        records = np.empty(len(tids), dtype=RECORD)
        records["term"] = tids
        records["slot"] = slots
        records["tf"] = tfs
        self.postings += len(tids)
        parts = self._parts[tids]
        order = np.argsort(parts.astype(np.uint8), kind="stable")
        bounds = np.searchsorted(parts[order], np.arange(PARTS + 1))
        records = records[order]
        for p in range(PARTS):
            if bounds[p] < bounds[p + 1]:
                self._memory[p].append(records[bounds[p] : bounds[p + 1]].tobytes())
        self._held += records.nbytes
        if self._held > SPILL_BYTES:
            self._spill()

    def _extra_id(self, term: str) -> int:
        number = self._extras.get(term)
        if number is None:
            number = self._extras[term] = len(self._extra_names)
            self._extra_names.append(term)
        return EXTRA_BASE + number

    def _term_ids(self, keys: IntArray) -> IntArray:
        """Term ids of keys (in order), numbering the new ones by first occurrence."""
        tids = self._vocab.get(keys)
        fresh_at = np.flatnonzero(tids < 0)
        if not len(fresh_at):
            return tids
        fresh = keys[fresh_at]
        unique, first = np.unique(fresh, return_index=True)
        order = np.argsort(first)
        rank = np.empty(len(unique), dtype=np.int64)
        rank[order] = np.arange(len(unique))
        base = len(self.terms)
        new_ids = base + rank
        tids[fresh_at] = new_ids[np.searchsorted(unique, fresh)]
        for key in unique[order].tolist():
            term = self._extra_names[key - EXTRA_BASE] if key >= EXTRA_BASE else decode(key)
            self.terms.append(term)
            self.hashes.append(term_hash(term))
        self._vocab.put(unique, new_ids)
        self._df = np.concatenate((self._df, np.zeros(len(unique), dtype=np.int64)))
        hashes = np.array(self.hashes[base:], dtype=np.int64)
        self._parts = np.concatenate((self._parts, hashes & (PARTS - 1)))
        return tids

    def _spill(self) -> None:
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="zfxxgk-search-", dir=self._spill_dir)
            self._files = [Path(self._tmp.name) / f"{p}.bin" for p in range(PARTS)]
        for p in range(PARTS):
            if self._memory[p]:
                with self._files[p].open("ab") as out:
                    out.writelines(self._memory[p])
                self._memory[p] = []
        self._held = 0

    def _records(self, part: int) -> np.ndarray[Any, np.dtype[Any]]:
        chunks: list[bytes] = []
        if self._files and self._files[part].exists():
            chunks.append(self._files[part].read_bytes())
            os.unlink(self._files[part])
        chunks.extend(self._memory[part])
        self._memory[part] = []
        return np.frombuffer(b"".join(chunks), dtype=RECORD)

    def finish(self) -> None:
        """End of documents."""
        self._flush()

    def close(self) -> None:
        """Drop the partition files."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def prepare(self) -> None:
        """End of documents: compute idf per term and the BM25 norm per (document, field)."""
        self.finish()
        width = len(self.names)
        n = self.doc_count
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros((0, width), dtype=np.int64)
        totals = lengths.sum(axis=0).tolist()
        averages = [total / n if n else 0.0 for total in totals]
        # Norms per (doc, field) exactly as in Python: K1 * (1 - B + B * (length / average)).
        table = np.zeros(lengths.shape, dtype=np.float64)
        for f in range(width):
            if averages[f]:
                table[:, f] = K1 * (1 - B + B * (lengths[:, f] / averages[f]))
        self._norms = table.reshape(-1)
        self._idf = np.array(
            [math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for d in self._df.tolist()], dtype=np.float64
        )

    def score(self, chosen: Sequence[int]) -> Groups:
        """Scored, term-major postings of the terms in the chosen partitions (after `prepare`; each
        partition can be taken once)."""
        records = np.concatenate([self._records(p) for p in chosen]) if chosen else np.zeros(0, RECORD)
        boosts = np.array(self.boosts, dtype=np.float64)
        return _score(records, self._idf, self._norms, boosts, len(self.names))

    def groups(self, parts: Sequence[Sequence[int]] | None = None) -> Iterator[Groups]:
        """Scored, term-major postings, one Groups per set of partitions (default: each partition alone)."""
        self.prepare()
        for chosen in parts if parts is not None else [[p] for p in range(PARTS)]:
            yield self.score(chosen)

    def __enter__(self) -> StreamBuilder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def to_milli(value: np.ndarray[Any, np.dtype[np.float64]]) -> IntArray:
    """round(round(x, 3) * 1000) of every x, as Python computes it (correctly rounded, ties to even)."""
    scaled = value * 1000
    milli: IntArray = np.rint(scaled).astype(np.int64)
    near = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    if len(near):
        milli[near] = [round(round(x, 3) * 1000) for x in value[near].tolist()]
    return milli


def _score(
    records: np.ndarray[Any, np.dtype[Any]], idf: np.ndarray[Any, np.dtype[np.float64]],
    norms: np.ndarray[Any, np.dtype[np.float64]], boosts: np.ndarray[Any, np.dtype[np.float64]], width: int,
) -> Groups:
    tids = records["term"]
    slots = records["slot"]
    tfs = records["tf"].astype(np.float64)
    fields = slots % width
    score = idf[tids] * ((K1 + 1) * tfs) / (norms[slots] + tfs)
    milli = to_milli(score * boosts[fields])
    # Records are in document order; a stable sort by (term, field) keeps documents ascending. Terms are
    # renumbered densely first so that the sort key usually fits 16 bits (a radix sort).
    present = np.zeros(len(idf), dtype=bool)
    present[tids] = True
    used = np.flatnonzero(present)
    rank = np.cumsum(present) - 1
    local = rank[tids] * width + fields
    order = np.argsort(local.astype(np.uint16) if len(used) * width <= 1 << 16 else local, kind="stable")
    local = local[order]
    heads = np.flatnonzero(np.concatenate(([True], local[1:] != local[:-1]))) if len(local) else local
    group = local[heads]
    return Groups(
        terms=used[group // width], fields=group % width, starts=np.append(heads, len(local)).astype(np.int64),
        docs=(slots[order] // width).astype(np.int64), milli=milli[order],
    )
