"""Item bodies, editor Markdown → sanitised HTML: from the build cache, else in a process pool.

A body's HTML depends only on its text, the Markdown settings and the code (the cache's salt), so it
is keyed by those. Uncached bodies are rendered by forked worker processes in input order (the output
is the same as a serial run, byte for byte); small batches, one CPU, or a threaded host stay serial.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from zfxxgk.cache import Cache
from zfxxgk.progress import Stage
from zfxxgk.site.markup import MarkdownRenderer

PARALLEL_FROM = 400  # below this many bodies a pool costs more than it saves
CHUNK = 64
_worker: MarkdownRenderer | None = None


def settings_key(md: MarkdownRenderer) -> str:
    """A stable text of the Markdown settings, part of every body's cache key."""
    return repr((md.extensions, sorted((k, sorted(v.items(), key=repr)) for k, v in md.configs.items())))


def render_bodies(
    texts: Sequence[str], md: MarkdownRenderer, cache: Cache | None = None, stage: Stage | None = None
) -> list[str]:
    """The HTML of every body, in order."""
    out: list[str | None] = [None] * len(texts)
    keys: list[str] = []
    missing: list[int] = []
    setting = settings_key(md)
    for i, text in enumerate(texts):
        entry_key = cache.key("body", setting, hashlib.sha256(text.encode("utf-8")).digest()) if cache else ""
        keys.append(entry_key)
        found = cache.get("body", entry_key) if cache else None
        if isinstance(found, str):
            out[i] = found
            if stage:
                stage.advance()
        else:
            missing.append(i)
    todo = [texts[i] for i in missing]
    for i, html in zip(missing, _render(todo, md, stage), strict=True):
        out[i] = html
        if cache:
            cache.put("body", keys[i], html)
    return [html or "" for html in out]


def _render(texts: list[str], md: MarkdownRenderer, stage: Stage | None) -> list[str]:
    workers = min(os.cpu_count() or 1, 8)
    # Workers are forked (no re-import of __main__, the renderer's settings inherited); forking is only
    # safe while this is the process's only thread, so `mkdocs serve` (threads) renders serially.
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(texts) < PARALLEL_FROM or workers < 2 or not forkable:
        rendered = []
        for text in texts:
            rendered.append(md.render(text))
            if stage:
                stage.advance()
        return rendered
    context = multiprocessing.get_context("fork")
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    rendered = []
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                             initargs=(md.extensions, md.configs)) as pool:
        for chunk in pool.map(_render_chunk, chunks):
            rendered += chunk
            if stage:
                stage.advance(len(chunk))
    return rendered


def _start(extensions: list[Any], configs: dict[str, dict[str, Any]]) -> None:
    global _worker  # one renderer per worker process, built once
    _worker = MarkdownRenderer(extensions, configs)


def _render_chunk(texts: list[str]) -> list[str]:
    assert _worker is not None, "worker not initialised"
    return [_worker.render(text) for text in texts]
