"""Build the term-chunked search index of a site: `build_index(docs, out_dir)`.

Layout under out_dir (all paths relative to manifest.json; every file but the manifest gzip-compressed,
store.packed):
  manifest.json         format, lunr version, fields and boosts, chunk maps, counts, content id
  t/<bucket>.json.gz    term chunks, bucket = FNV-1a(term) & (buckets - 1), in lower-case hex
  d/<n>.json.gz         document store, DOCS_PER_CHUNK documents per file, by document id
  facets.json.gz        one code per document for all its facets (store._joint_codes) and the year ranges
  fold.json.gz          the tokeniser's folding table (the query side must fold as the index did)
  synonyms.json.gz      the synonym table the index was built with (the query side must match the same phrases)
Document ids are positions in date order (then URL), so sorting by date needs no data and years are ranges.

The build streams: each document's terms (zfxxgk.search.terms: cached, computed in worker processes) go into
a StreamBuilder; its postings come out one hash partition at a time and are written as the term chunks of
that partition, so neither all postings nor all chunk texts are ever held as Python objects.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from zfxxgk.cache import Cache
from zfxxgk.progress import Stage
from zfxxgk.search.lunrbuild import LUNR_JS_VERSION, BuiltIndex, build_terms
from zfxxgk.search.model import FIELD_NAMES, FIELDS, SearchDoc, Texts, doc_order
from zfxxgk.search.store import (
    COMPRESSED,
    DOCS_PER_CHUNK,
    FORMAT,
    bucket_count,
    built_groups,
    doc_chunks,
    doc_row,
    dumps,
    facets,
    packed,
    row_chunks,
    write_term_chunks,
)
from zfxxgk.search.stream import PARTS, StreamBuilder
from zfxxgk.search.synonyms import Synonyms, default_synonyms
from zfxxgk.search.terms import doc_terms, doc_terms_stream, term_hash
from zfxxgk.search.tokenize import fold_source
from zfxxgk.workers import cached_map, cpus

OWNED = ("t", "d", "manifest.json", *(name + suffix for name in ("facets.json", "fold.json", "synonyms.json")
                                     for suffix in ("", COMPRESSED)))  # also format 3's plain files
PARALLEL_POSTINGS = 500_000  # below this many postings the chunks are written in this process
# Above this many the chunks are written in this process too: each forked writer ends up copying much of
# its parent (about 500 MB each at 66 million postings, 50,000 items), more than the time saved is worth.
# 10,000 items make about 13 million.
CHUNK_WORKERS_UP_TO = 25_000_000


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


def field_texts(doc: SearchDoc) -> Texts:
    """The texts of a document's indexed fields, in field order."""
    text = doc.field_text()
    return Texts(text[name] for name in FIELD_NAMES)


def build_lunr(docs: list[SearchDoc], synonyms: Synonyms | None = None) -> BuiltIndex:
    """The lunr index (numpy builder, lunr.py semantics) of documents already in index order, in memory."""
    return build_terms((doc_terms(field_texts(doc), synonyms) for doc in docs), FIELDS)


def _clear(out_dir: Path) -> None:
    for name in OWNED:
        target = out_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def build_index(
    docs: Iterable[SearchDoc], out_dir: Path, cache: Cache | None = None, stage: Stage | None = None,
    parallel: bool | None = None, release: bool = False, chunk_workers: bool | None = None,
    synonyms: Synonyms | None = None,
) -> IndexStats:
    """Index `docs` and write the chunked index under `out_dir` (replacing a previous build's files).

    Terms come from `cache` when it has them; `stage` counts documents; `parallel` forces (True) or
    forbids (False) worker processes for the tokenisation (None: when there are many documents), and
    `chunk_workers` for scoring and writing the chunks (None: from PARALLEL_POSTINGS to
    CHUNK_WORKERS_UP_TO postings). `release` empties the list `docs` once read, so that the documents'
    texts are freed as soon as their terms are known (the caller's list would keep them to the end);
    `synonyms`: the table of TOKENISER.md §5 (None: the default table)."""
    ordered = doc_order(list(docs))
    if release and isinstance(docs, list):
        docs.clear()
    return build_batches([ordered], out_dir, cache, stage, parallel, chunk_workers, synonyms)


def build_batches(
    batches: Iterable[list[SearchDoc]], out_dir: Path, cache: Cache | None = None, stage: Stage | None = None,
    parallel: bool | None = None, chunk_workers: bool | None = None, synonyms: Synonyms | None = None,
) -> IndexStats:
    """`build_index` of documents that come in index order (doc_order), a list at a time; each list is
    emptied once indexed, and only what the document store shows of its documents is kept, so that a
    large index never holds every document's text."""
    kept: list[SearchDoc] = []  # without their texts: for the facets
    rows: list[list[str]] = []  # the document store
    refs: set[str] = set()
    with StreamBuilder(FIELDS) as builder, tempfile.TemporaryDirectory(prefix="zfxxgk-chunks-") as tmp:
        for batch in batches:
            for doc in batch:
                if doc.ref in refs:
                    raise ValueError("search documents must have distinct refs (item URLs)")
                if kept and (doc.date, doc.ref) < (kept[-1].date, kept[-1].ref):
                    raise ValueError("search documents must come in doc_order (date, then URL)")
                refs.add(doc.ref)
                rows.append(doc_row(doc))
                kept.append(replace(doc, summary="", body=""))
            texts = [field_texts(doc) for doc in batch]
            for terms in doc_terms_stream(texts, cache, stage, parallel, synonyms):
                builder.add(terms)
            batch.clear()
        store = _Store(row_chunks(rows), facets(kept), len(kept), synonyms or default_synonyms())
        del kept, rows, refs
        builder.prepare()
        buckets = bucket_count(builder.postings)
        parts = [[p] for p in range(PARTS)] if buckets >= PARTS else [list(range(PARTS))]
        covered = [[b for b in range(buckets) if b & (PARTS - 1) in chosen] for chosen in parts]
        _clear(out_dir)
        jobs = [_Job(builder, chosen, out_dir, buckets, covered[i], Path(tmp) / f"{i}.json")
                for i, chosen in enumerate(parts)]
        workers = cpus(4)
        if chunk_workers is None:
            chunk_workers = PARALLEL_POSTINGS <= builder.postings <= CHUNK_WORKERS_UP_TO and workers >= 2
        written: dict[str, tuple[Path, int, int]] = {}
        # The forked workers inherit the builder (and its partitions) as it is now.
        for part in cached_map(jobs, _run_jobs, parallel=bool(chunk_workers and len(jobs) > 1), chunk=1,
                               most=4):
            written.update(part)
        return _finish(out_dir, store, written, buckets, len(builder.terms), builder.postings)


@dataclass(frozen=True)
class _Job:
    """The term chunks of some partitions: scored and written, with a copy of their bytes in `copy`."""

    builder: StreamBuilder
    parts: list[int]
    out_dir: Path
    buckets: int
    covered: list[int]
    copy: Path

    def run(self) -> dict[str, tuple[Path, int, int]]:
        groups = self.builder.score(self.parts)
        with self.copy.open("wb") as copy:
            written = write_term_chunks(
                self.out_dir, [(groups, self.covered)], self.builder.terms, self.builder.hashes, self.buckets, copy
            )
        return {rel: (self.copy, offset, length) for rel, (offset, length) in written.items()}


def _run_jobs(jobs: list[_Job]) -> list[dict[str, tuple[Path, int, int]]]:
    return [job.run() for job in jobs]


def write_index(
    ordered: list[SearchDoc], index: BuiltIndex, out_dir: Path, synonyms: Synonyms | None = None
) -> IndexStats:
    """Write the files of `index`, built from `ordered` (documents in doc_order) with `synonyms`, under
    `out_dir`."""
    groups = built_groups(index)
    postings = len(groups.docs)
    buckets = bucket_count(postings)
    hashes = [term_hash(term) for term in index.terms]
    _clear(out_dir)
    with tempfile.TemporaryDirectory(prefix="zfxxgk-chunks-") as tmp:
        copy = Path(tmp) / "0.json"
        with copy.open("wb") as out:
            written = write_term_chunks(out_dir, [(groups, range(buckets))], index.terms, hashes, buckets, out)
        chunks = {rel: (copy, offset, length) for rel, (offset, length) in written.items()}
        store = _Store(doc_chunks(ordered), facets(ordered), len(ordered), synonyms or default_synonyms())
        return _finish(out_dir, store, chunks, buckets, len(index.terms), postings)


@dataclass(frozen=True)
class _Store:
    """What the index keeps of the documents themselves: the document store's chunks and the facets."""

    chunks: list[list[list[str]]]
    facets: dict[str, Any]
    docs: int
    synonyms: Synonyms


def _finish(
    out_dir: Path, store: _Store, written: dict[str, tuple[Path, int, int]], buckets: int, terms: int,
    postings: int,
) -> IndexStats:
    """Write the document store, facets, fold table and the manifest (its id hashes every other file)."""
    files: dict[str, bytes] = {}
    stored = store.chunks
    for n, rows in enumerate(stored):
        files[f"d/{n}.json{COMPRESSED}"] = packed(dumps({"docs": rows, "first": n * DOCS_PER_CHUNK}))
    files[f"facets.json{COMPRESSED}"] = packed(dumps(store.facets))
    files[f"fold.json{COMPRESSED}"] = packed(dumps(fold_source()))
    files[f"synonyms.json{COMPRESSED}"] = packed(dumps(store.synonyms.browser_doc()))
    for rel, data in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    digest = hashlib.sha256()
    size = 0
    with ExitStack() as stack:
        copies: dict[Path, BinaryIO] = {}
        for rel in sorted([*files, *written]):
            if rel in files:
                data = files[rel]
            else:
                path, offset, length = written[rel]
                if path not in copies:
                    copies[path] = stack.enter_context(path.open("rb"))
                copies[path].seek(offset)
                data = copies[path].read(length)
            size += len(data)
            digest.update(rel.encode("utf-8") + b"\0" + data + b"\0")
    manifest = {
        "format": FORMAT,
        "id": digest.hexdigest()[:16],
        "lunr": {"version": LUNR_JS_VERSION, "fields": [name for name, _boost in FIELDS],
                 "boosts": [boost for _name, boost in FIELDS]},
        "terms": {"hash": "fnv1a32", "buckets": buckets, "path": "t/{bucket}.json" + COMPRESSED},
        "docs": {"per_chunk": DOCS_PER_CHUNK, "chunks": len(stored), "path": "d/{chunk}.json" + COMPRESSED},
        "facets": "facets.json" + COMPRESSED,
        "fold": "fold.json" + COMPRESSED,
        "synonyms": "synonyms.json" + COMPRESSED,
        "counts": {"docs": store.docs, "terms": terms, "postings": postings},
    }
    data = dumps(manifest)
    (out_dir / "manifest.json").write_bytes(data)
    return IndexStats(
        docs=store.docs,
        terms=terms,
        postings=postings,
        buckets=buckets,
        doc_chunks=len(stored),
        files=len(files) + len(written) + 1,
        bytes=size + len(data),
    )
