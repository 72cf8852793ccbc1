"""Serialise a built index as the files the browser fetches: term chunks, document store, facets, manifest."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from zfxxgk.search.lunrbuild import BuiltIndex
from zfxxgk.search.model import SearchDoc
from zfxxgk.search.stream import Groups, IntArray
from zfxxgk.search.terms import term_hash

FORMAT = "zfxxgk-search/4"
# Every file but the manifest is gzip-compressed as published (`packed`): the bytes a citizen downloads are
# the compressed ones whatever the web server does (many send JSON uncompressed); search.js decompresses them
# (DecompressionStream, or the vendored fflate where a browser has none).
COMPRESSED = ".gz"
# Postings numbers as base-32 digits, most significant first: the last digit of a number from END, the others
# from MORE (no separators). 1 character below 32, 2 below 1,024, 3 below 32,768.
# A term's postings in a field are three such texts (`encode_postings`): its distinct scores ×1000, most
# frequent first (ties: the smaller first); one symbol per posting, in doc-id order: 2 × the rank of its score
# in that list, + 1 when its doc-id gap (from the previous posting, the first from 0) is not 1; and those gaps.
# The common posting (the next document, a frequent score) is one character instead of three or four.
END = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_"
POSTINGS_PER_CHUNK = 2000
# A result page shows ten documents, usually from ten chunks (relevance scatters them): small chunks keep that
# download small; a page of consecutive documents (browsing by facets, newest first) spans two or three.
DOCS_PER_CHUNK = 5
MAX_BUCKETS = 1 << 16
# Facet codes (_joint_codes): characters per document from this alphabet (printable ASCII without " and \).
ALPHABET = "".join(chr(c) for c in range(35, 127) if c != 92)
FACETS: tuple[tuple[str, str], ...] = (
    ("栏目", "column"),
    ("发布机构", "publisher"),
    ("主题分类", "subject"),
    ("有效性", "validity"),
    ("类别", "kind"),  # not offered as a filter: it ranks a 解读 after the document in force (searchcore.js)
)


def dumps(value: Any) -> bytes:
    """Compact, deterministic JSON (sorted keys, UTF-8)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def packed(data: bytes) -> bytes:
    """A published index file's bytes: `data` gzip-compressed, without a timestamp (the same input gives the
    same bytes)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def unpacked(data: bytes) -> bytes:
    """The JSON text of a published index file (`packed`'s inverse)."""
    return gzip.decompress(data)


def read_index_file(path: Path) -> Any:
    """The JSON value of a file under a search index directory (compressed unless it is the manifest)."""
    data = path.read_bytes()
    return json.loads(unpacked(data) if path.name.endswith(COMPRESSED) else data)


def bucket_count(postings: int) -> int:
    """A power of two giving about POSTINGS_PER_CHUNK postings per term chunk."""
    count = 1
    while count < MAX_BUCKETS and count * POSTINGS_PER_CHUNK < postings:
        count *= 2
    return count


def encode_numbers(values: Sequence[int]) -> str:
    """Non-negative integers in the postings' base-32 form (END, MORE)."""
    out = []
    for value in values:
        digits = [END[value & 31]]
        value >>= 5
        while value:
            digits.append(MORE[value & 31])
            value >>= 5
        out.append("".join(reversed(digits)))
    return "".join(out)


def encode_postings(ids: Sequence[int], milli: Sequence[int]) -> tuple[str, str, str]:
    """A term's postings in one field (doc ids ascending, their scores ×1000) as (scores, symbols, gaps): the
    plain statement of the format above."""
    gaps = [b - a for a, b in zip([0, *ids[:-1]], ids, strict=True)]
    counts = Counter(milli)
    order = sorted(counts, key=lambda value: (-counts[value], value))
    rank = {value: r for r, value in enumerate(order)}
    symbols = [2 * rank[value] + (gap != 1) for value, gap in zip(milli, gaps, strict=True)]
    return encode_numbers(order), encode_numbers(symbols), encode_numbers([gap for gap in gaps if gap != 1])


def term_chunks(index: BuiltIndex, buckets: int) -> list[dict[str, list[Any]]]:
    """Chunk contents by bucket: term → [term index, field, scores, symbols, gaps, field, …] (encode_postings);
    the plain Python statement of what `write_term_chunks` writes (tests hold the two equal)."""
    chunks: list[dict[str, list[Any]]] = [{} for _ in range(buckets)]
    mask = buckets - 1
    for tid, term in enumerate(index.terms):
        entry: list[Any] = [tid]
        for f, slot in enumerate(index.postings[tid]):
            if slot is None:
                continue
            entry.extend((f, *encode_postings(slot[0].tolist(), slot[1].tolist())))
        chunks[term_hash(term) & mask][term] = entry
    return chunks


def _numbers(values: IntArray, starts: IntArray) -> tuple[bytes, list[int]]:
    """Non-negative integers in encode_numbers' form, and where each group of numbers ends in that text
    (`starts`: each group's end in `values`, ascending; a group may be empty)."""
    if not len(values):
        return b"", [0] * len(starts)
    if int(values.min()) < 0 or int(values.max()) >= 1 << 30:
        raise ValueError("postings number out of range")
    v = values.astype(np.int64)
    digits = np.ones(len(v), dtype=np.int64)
    for k in range(1, 6):
        digits += v >= 1 << (5 * k)
    ends = np.cumsum(digits)
    buf = np.empty(int(ends[-1]), dtype=np.uint8)
    end_chars = np.frombuffer(END.encode(), dtype=np.uint8)
    more_chars = np.frombuffer(MORE.encode(), dtype=np.uint8)
    for k in range(int(digits.max())):  # digit k from the right, for the numbers that have it
        has = digits > k
        chars = end_chars if k == 0 else more_chars
        buf[ends[has] - 1 - k] = chars[(v[has] >> (5 * k)) & 31]
    return buf.tobytes(), np.where(starts > 0, ends[np.maximum(starts, 1) - 1], 0).tolist() if len(starts) else []


def _postings(groups: Groups) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray, IntArray]:
    """encode_postings' numbers for every group at once: (scores, their groups' ends; symbols, ends; gaps,
    ends)."""
    starts = groups.starts
    sizes = np.diff(starts)
    group_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    gaps = groups.docs.copy()
    if len(gaps):
        gaps[1:] -= groups.docs[:-1]
        gaps[starts[:-1][sizes > 0]] = groups.docs[starts[:-1][sizes > 0]]
    if len(groups.milli) and (int(groups.milli.min()) < 0 or int(groups.milli.max()) >= 1 << 30):
        raise ValueError("postings score out of range")
    # Distinct (group, score) pairs, how often each occurs, and each posting's pair.
    pairs, pair_of, counts = np.unique((group_of << 30) | groups.milli, return_inverse=True, return_counts=True)
    pair_group, pair_value = pairs >> 30, pairs & ((1 << 30) - 1)
    by_rank = np.lexsort((pair_value, -counts, pair_group))  # per group: most frequent first, then smaller
    first_of_group = np.searchsorted(pair_group[by_rank], pair_group[by_rank], side="left")
    rank = np.empty(len(pairs), dtype=np.int64)
    rank[by_rank] = np.arange(len(pairs)) - first_of_group
    apart = gaps != 1
    symbols = 2 * rank[pair_of.reshape(-1)] + apart
    group_ends = starts[1:]
    score_ends = np.searchsorted(pair_group, np.arange(len(sizes)), side="right")
    gap_ends = np.concatenate(([0], np.cumsum(apart)))[group_ends]
    return pair_value[by_rank], score_ends, symbols, group_ends, gaps[apart], gap_ends


def write_term_chunks(
    out_dir: Path, batches: Iterable[tuple[Groups, Sequence[int]]], terms: Sequence[str], hashes: Sequence[int],
    buckets: int, copy: BinaryIO | None = None,
) -> dict[str, tuple[int, int]]:
    """Write t/<bucket>.json.gz for each (groups, buckets they cover); term_chunks' contents, byte for byte
    once decompressed.

    Returns the relative paths written, each with (offset, length) of its copy in `copy` when given."""
    mask = buckets - 1
    written: dict[str, tuple[int, int]] = {}
    (out_dir / "t").mkdir(parents=True, exist_ok=True)
    for groups, covered in batches:
        scores, score_ends, symbols, symbol_ends, gaps, gap_ends = _postings(groups)
        stext, sends = _numbers(scores, score_ends)
        ytext, yends = _numbers(symbols, symbol_ends)
        gtext, gends = _numbers(gaps, gap_ends)
        entries: dict[int, list[tuple[str, bytes]]] = {bucket: [] for bucket in covered}
        group_terms = groups.terms.tolist()
        group_fields = groups.fields.tolist()
        g, count = 0, len(group_terms)
        s0 = y0 = g0 = 0
        while g < count:
            tid = group_terms[g]
            parts = [b"%d" % tid]
            while g < count and group_terms[g] == tid:
                s1, y1, g1 = sends[g], yends[g], gends[g]
                parts.append(b'%d,"%b","%b","%b"' % (group_fields[g], stext[s0:s1], ytext[y0:y1], gtext[g0:g1]))
                s0, y0, g0 = s1, y1, g1
                g += 1
            entries[hashes[tid] & mask].append((terms[tid], b",".join(parts)))
        for bucket in covered:
            rows = sorted(entries[bucket])
            body = b",".join(dumps(term) + b":[" + entry + b"]" for term, entry in rows)
            rel = f"t/{bucket:x}.json{COMPRESSED}"
            data = packed(b'{"terms":{' + body + b"}}")
            (out_dir / rel).write_bytes(data)
            written[rel] = (copy.tell(), len(data)) if copy is not None else (0, len(data))
            if copy is not None:
                copy.write(data)
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
    return row_chunks([doc_row(doc) for doc in docs])


def doc_row(doc: SearchDoc) -> list[str]:
    """A document's row in the document store: [title, url, 文号, date, snippet]."""
    return [doc.title, doc.ref, doc.doc_no, doc.date, doc.snippet_source()]


def row_chunks(rows: list[list[str]]) -> list[list[list[str]]]:
    """Document store rows (by doc id) in chunks of DOCS_PER_CHUNK."""
    return [rows[i : i + DOCS_PER_CHUNK] for i in range(0, len(rows), DOCS_PER_CHUNK)]


def _joint_codes(columns: list[list[str]]) -> tuple[list[list[str]], int, str]:
    """Every facet's sorted values, and one code per document for all facets at once: the mixed-radix number
    of its values' positions (the first facet most significant, each facet's radix its number of values), in
    `width` digits of ALPHABET, most significant first. Never wider than a code per facet would be."""
    labels = [sorted(set(column)) for column in columns]
    radices = [len(values) for values in labels]
    total = 1
    for radix in radices:
        total *= radix
    if total > 1 << 53:  # JavaScript numbers hold integers up to 2**53 exactly
        raise ValueError("too many facet value combinations for the search page's codes")
    width = 0
    while len(ALPHABET) ** width < total:
        width += 1
    positions = [{label: i for i, label in enumerate(values)} for values in labels]
    parts = []
    for row in zip(*columns, strict=True):
        code = 0
        for value, radix, position in zip(row, radices, positions, strict=True):
            code = code * radix + position[value]
        digits = []
        for _ in range(width):
            code, digit = divmod(code, len(ALPHABET))
            digits.append(ALPHABET[digit])
        parts.append("".join(reversed(digits)))
    return labels, width, "".join(parts)


def facets(docs: Sequence[SearchDoc]) -> dict[str, Any]:
    """Facet values of every document (_joint_codes: one code per document for all facets); years as id
    ranges (documents are in date order)."""
    years: list[list[Any]] = []
    for doc_id, doc in enumerate(docs):
        year = doc.date[:4]
        if years and years[-1][0] == year:
            years[-1][2] = doc_id + 1
        else:
            years.append([year, doc_id, doc_id + 1])
    labels, width, codes = _joint_codes([[getattr(doc, attr) for doc in docs] for _name, attr in FACETS])
    return {
        "count": len(docs),
        "alphabet": ALPHABET,
        "years": years,
        "facets": [{"name": name, "values": values} for (name, _attr), values in zip(FACETS, labels, strict=True)],
        "width": width,
        "codes": codes,
    }
