"""Item bodies, editor Markdown → sanitised HTML: from the build cache, else in a process pool.

A body's HTML depends only on its text, the Markdown settings and the code (the cache's salt), so it
is keyed by those. `iter_bodies` yields the bodies in input order while a bounded window of chunks is
rendered ahead by forked worker processes, so a build of 50,000 items never holds every body's HTML
at once; the output is the same as a serial run, byte for byte. Small batches, one CPU or a threaded
host (`mkdocs serve`) render serially.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from zfxxgk.cache import Cache
from zfxxgk.progress import Stage
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.workers import cached_map

PARALLEL_FROM = 400  # below this many bodies a pool costs more than it saves
CHUNK = 64  # bodies per task sent to a worker
POOL_FROM = 8  # a chunk with fewer uncached bodies than this is rendered here, not sent to the pool
AHEAD = 4  # chunks in flight per worker


def settings_key(md: MarkdownRenderer) -> str:
    """A stable text of the Markdown settings, part of every body's cache key."""
    return repr((md.extensions, sorted((k, sorted(v.items(), key=repr)) for k, v in md.configs.items())))


def keep_bodies(texts: Sequence[str], md: MarkdownRenderer, cache: Cache) -> None:
    """Keep the cached HTML of bodies this build did not need (their pages were reused), for later builds."""
    setting = settings_key(md)
    for text in texts:
        cache.keep("body", cache.key("body", setting, hashlib.sha256(text.encode("utf-8")).digest()))


def iter_bodies(
    texts: Sequence[str], md: MarkdownRenderer, cache: Cache | None = None, stage: Stage | None = None
) -> Iterator[str]:
    """The HTML of every body, in input order, rendered ahead in a bounded window (zfxxgk.workers.cached_map;
    the workers inherit `md`)."""
    setting = settings_key(md)

    def key(store: Cache, text: str) -> str:
        return store.key("body", setting, hashlib.sha256(text.encode("utf-8")).digest())

    def render(batch: list[str]) -> list[str]:
        return [md.render(text) for text in batch]

    # `mkdocs serve` (threads) renders serially: see zfxxgk.workers.
    return cached_map(texts, render, "body", key, cache, stage, chunk=CHUNK, ahead=AHEAD,
                      parallel_from=PARALLEL_FROM, pool_from=POOL_FROM)
