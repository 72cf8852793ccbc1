"""Item bodies, editor Markdown → sanitised HTML: from the build cache, else in a process pool.

A body's HTML depends only on its text, the Markdown settings and the code (the cache's salt), so it
is keyed by those. `iter_bodies` yields the bodies in input order while a bounded window of chunks is
rendered ahead by forked worker processes, so a build of 50,000 items never holds every body's HTML
at once; the output is the same as a serial run, byte for byte. Small batches, one CPU or a threaded
host (`mkdocs serve`) render serially.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from zfxxgk.cache import Cache
from zfxxgk.progress import Stage
from zfxxgk.site.markup import MarkdownRenderer
from zfxxgk.workers import cpus, forkable, start_pool, stop_pool

PARALLEL_FROM = 400  # below this many bodies a pool costs more than it saves
CHUNK = 64  # bodies per task sent to a worker
POOL_FROM = 8  # a chunk with fewer uncached bodies than this is rendered here, not sent to the pool
AHEAD = 4  # chunks in flight per worker
_worker: MarkdownRenderer | None = None


def settings_key(md: MarkdownRenderer) -> str:
    """A stable text of the Markdown settings, part of every body's cache key."""
    return repr((md.extensions, sorted((k, sorted(v.items(), key=repr)) for k, v in md.configs.items())))


def keep_bodies(texts: Sequence[str], md: MarkdownRenderer, cache: Cache) -> None:
    """Keep the cached HTML of bodies this build did not need (their pages were reused), for later builds."""
    setting = settings_key(md)
    for text in texts:
        cache.keep("body", cache.key("body", setting, hashlib.sha256(text.encode("utf-8")).digest()))


@dataclass
class _Chunk:
    """One chunk of bodies: cached HTML in place, the rest being rendered (a future or a finished list)."""

    html: list[str | None]
    keys: list[str]
    missing: list[int]
    rendered: Future[list[str]] | list[str]


def iter_bodies(
    texts: Sequence[str], md: MarkdownRenderer, cache: Cache | None = None, stage: Stage | None = None
) -> Iterator[str]:
    """The HTML of every body, in input order, rendered ahead in a bounded window."""
    setting = settings_key(md)
    workers = cpus()
    # `mkdocs serve` (threads) renders serially: see zfxxgk.workers.
    parallel = len(texts) >= PARALLEL_FROM and workers >= 2 and forkable()
    pool: ProcessPoolExecutor | None = None
    window: deque[_Chunk] = deque()
    try:
        for start in range(0, len(texts), CHUNK):
            batch = texts[start : start + CHUNK]
            html: list[str | None] = []
            missing: list[int] = []
            keys = [cache.key("body", setting, hashlib.sha256(text.encode("utf-8")).digest())
                    for text in batch] if cache else []
            found = cache.get_many("body", keys) if cache else [None] * len(batch)
            for i, value in enumerate(found):
                html.append(value if isinstance(value, str) else None)
                if not isinstance(value, str):
                    missing.append(i)
            todo = [batch[i] for i in missing]
            rendered: Future[list[str]] | list[str]
            if parallel and len(todo) >= POOL_FROM:
                if pool is None:
                    pool = start_pool(workers, _start, (md.extensions, md.configs))
                # As UTF-8: pickling the str would leave a UTF-8 copy inside each body this build holds.
                rendered = pool.submit(_render_chunk, [text.encode("utf-8", "surrogatepass") for text in todo])
            else:
                rendered = [md.render(text) for text in todo]
            window.append(_Chunk(html, keys, missing, rendered))
            while len(window) > AHEAD * workers:
                yield from _finish(window.popleft(), cache, stage)
        while window:
            yield from _finish(window.popleft(), cache, stage)
    finally:
        if pool is not None:
            stop_pool(pool)


def _finish(chunk: _Chunk, cache: Cache | None, stage: Stage | None) -> Iterator[str]:
    rendered = chunk.rendered if isinstance(chunk.rendered, list) else chunk.rendered.result()
    for i, html in zip(chunk.missing, rendered, strict=True):
        chunk.html[i] = html
        if cache:
            cache.put("body", chunk.keys[i], html)
    if stage:
        stage.advance(len(chunk.html))
    for done in chunk.html:
        yield done or ""


def _start(extensions: list[Any], configs: dict[str, dict[str, Any]]) -> None:
    global _worker  # one renderer per worker process, built once
    _worker = MarkdownRenderer(extensions, configs)


def _render_chunk(texts: list[bytes]) -> list[str]:
    assert _worker is not None, "worker not initialised"
    return [_worker.render(text.decode("utf-8", "surrogatepass")) for text in texts]
