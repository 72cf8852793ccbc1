"""Build the term-chunked search index of a site: `build_index(docs, out_dir)`.

Layout under out_dir (all paths relative to manifest.json):
  manifest.json      format, lunr version, fields and boosts, chunk maps, counts, content id
  t/<bucket>.json    term chunks, bucket = FNV-1a(term) & (buckets - 1), in lower-case hex
  d/<n>.json         document store, DOCS_PER_CHUNK documents per file, by document id
  facets.json        facet codes of every document and the year ranges
  fold.json          the tokeniser's folding table (the query side must fold as the index did)
Document ids are positions in date order (then URL), so sorting by date needs no data and years are ranges.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from zfxxgk.search.lunrbuild import LUNR_JS_VERSION, BuiltIndex, build
from zfxxgk.search.model import FIELDS, SearchDoc, doc_order
from zfxxgk.search.store import (
    DOCS_PER_CHUNK,
    FORMAT,
    bucket_count,
    doc_chunks,
    dumps,
    facets,
    term_chunks,
)
from zfxxgk.search.tokenize import fold_source

OWNED = ("t", "d", "manifest.json", "facets.json", "fold.json")


@dataclass(frozen=True)
class IndexStats:
    """What a build wrote: counts and total bytes."""

    docs: int
    terms: int
    postings: int
    buckets: int
    doc_chunks: int
    files: int
    bytes: int


def build_lunr(docs: list[SearchDoc]) -> BuiltIndex:
    """The lunr index (fast builder, lunr.py semantics) of documents already in index order."""
    return build((doc.field_tokens() for doc in docs), FIELDS)


def _write(out_dir: Path, files: dict[str, bytes]) -> None:
    for name in OWNED:
        target = out_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for rel, data in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def build_index(docs: Iterable[SearchDoc], out_dir: Path) -> IndexStats:
    """Index `docs` and write the chunked index under `out_dir` (replacing a previous build's files)."""
    ordered = doc_order(list(docs))
    refs = [doc.ref for doc in ordered]
    if len(set(refs)) != len(refs):
        raise ValueError("search documents must have distinct refs (item URLs)")
    return write_index(ordered, build_lunr(ordered), out_dir)


def write_index(ordered: list[SearchDoc], index: BuiltIndex, out_dir: Path) -> IndexStats:
    """Write the files of `index`, built from `ordered` (documents in doc_order), under `out_dir`."""
    postings = sum(len(slot[0]) for per_term in index.postings for slot in per_term if slot is not None)
    buckets = bucket_count(postings)
    files: dict[str, bytes] = {}
    for bucket, chunk in enumerate(term_chunks(index, buckets)):
        files[f"t/{bucket:x}.json"] = dumps({"terms": chunk})
    stored = doc_chunks(ordered)
    for n, rows in enumerate(stored):
        files[f"d/{n}.json"] = dumps({"docs": rows, "first": n * DOCS_PER_CHUNK})
    files["facets.json"] = dumps(facets(ordered))
    files["fold.json"] = dumps(fold_source())
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode("utf-8") + b"\0" + files[rel] + b"\0")
    manifest = {
        "format": FORMAT,
        "id": digest.hexdigest()[:16],
        "lunr": {"version": LUNR_JS_VERSION, "fields": list(index.fields), "boosts": list(index.boosts)},
        "terms": {"hash": "fnv1a32", "buckets": buckets, "path": "t/{bucket}.json"},
        "docs": {"per_chunk": DOCS_PER_CHUNK, "chunks": len(stored), "path": "d/{chunk}.json"},
        "facets": "facets.json",
        "fold": "fold.json",
        "counts": {"docs": len(ordered), "terms": len(index.terms), "postings": postings},
    }
    files["manifest.json"] = dumps(manifest)
    _write(out_dir, files)
    return IndexStats(
        docs=len(ordered),
        terms=len(index.terms),
        postings=postings,
        buckets=buckets,
        doc_chunks=len(stored),
        files=len(files),
        bytes=sum(len(data) for data in files.values()),
    )
