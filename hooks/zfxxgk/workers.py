"""Forked worker pools, one way for every stage that uses them (loading, bodies, search texts, terms, chunks).

Workers are forked, so they inherit what the parent holds instead of being sent it. That is only safe while
the parent has one thread (`mkdocs serve` runs more: those stages then work serially), and it is only cheap
if the workers leave the inherited memory alone. Two things would make a worker copy the parent's memory
page by page: a garbage collection in the worker, which writes to every container object it inherited, and
the worker's own allocations landing in memory the parent had freed but not given back. So while a pool
lives the parent's objects are frozen out of the collector's reach (gc.freeze), and before it starts the C
library is asked to return freed memory to the system (glibc's malloc_trim, where there is one).

Workers die with the process that started them (`die_with_parent`): a parent killed with SIGKILL (a
cancelled CI job, `kill -9`) runs no clean-up, and a worker waiting for work would otherwise wait forever.

`cached_map` is the one way work is handed to them (parsing the items, rendering the bodies, the search
texts and terms): the parent registers the work and its inputs here before it forks, so the workers
inherit both and are sent only the positions of the inputs to work on; results come back in input order,
from the build cache where it has them. No other module keeps worker globals.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Generic, TypeVar

from zfxxgk.cache import Cache
from zfxxgk.progress import Stage

_frozen = 0  # pools alive in this process (gc.unfreeze once the last one is stopped)


def forkable() -> bool:
    """Whether worker processes may be forked: fork exists and this is the process's only thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def cpus(most: int = 8) -> int:
    """The CPUs worth a worker each, at most `most`."""
    return min(os.cpu_count() or 1, most)


def start_pool(
    workers: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes (call only when `forkable`); end it with `stop_pool`."""
    global _frozen
    give_back_freed_memory()
    gc.freeze()
    _frozen += 1
    try:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start,
                                   initargs=(os.getpid(), initializer, initargs))
    except BaseException:
        _thaw()
        raise


def _worker_start(parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def die_with_parent(parent: int) -> None:
    """In a process started by `parent`: end as soon as `parent` ends, however it ends.

    Linux sends the signal asked for with prctl(PR_SET_PDEATHSIG) when the parent ends; elsewhere a thread
    watches the parent. The parent may have ended before either was in place: that is checked after."""
    if not parent_death_signal(signal.SIGKILL):
        threading.Thread(target=_watch_parent, args=(parent,), name="zfxxgk-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # orphaned already (adopted by init or a subreaper)
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def parent_death_signal(sig: int) -> bool:
    """Ask Linux to send `sig` to this process when its parent ends; False where that cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    return bool(prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) == 0)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Shut a pool from `start_pool` down (pending work is cancelled) and let the collector back in."""
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        _thaw()


def _thaw() -> None:
    global _frozen
    _frozen -= 1
    if _frozen == 0:
        gc.unfreeze()


def give_back_freed_memory() -> None:
    """Ask the C library to return freed heap memory to the system (glibc only; elsewhere nothing)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None (musl, macOS: no such function; Windows: CDLL(None) cannot load)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):
        return None


T = TypeVar("T")
R = TypeVar("R")
CHUNK = 64  # inputs per task sent to a worker
AHEAD = 16  # chunks in flight per worker (bounds the memory of results not yet consumed)
PARALLEL_FROM = 400  # below this many inputs a pool costs more than it saves
FETCH = 256  # cached values read from the cache together

# Work handed to forked workers: token → (work, inputs), registered by the parent before it forks.
_handed: dict[int, tuple[Callable[[list[Any]], list[Any]], Sequence[Any]]] = {}
_tokens = count()


def _run_handed(token: int, positions: list[int]) -> list[Any]:
    """In a worker: the registered work over the inherited inputs at `positions`."""
    work, inputs = _handed[token]
    return work([inputs[i] for i in positions])


@dataclass
class _Batch(Generic[R]):
    """Positions of inputs computed together, and their results once there (or the future of them)."""

    positions: list[int] = field(default_factory=list)
    results: Future[list[R]] | list[R] | None = None
    local: bool = False  # computed here when its first result is taken (`share`), while the workers work


def cached_map(
    inputs: Sequence[T],
    work: Callable[[list[T]], list[R]],
    kind: str = "",
    key: Callable[[Cache, T], str] | None = None,
    cache: Cache | None = None,
    stage: Stage | None = None,
    parallel: bool | None = None,
    *,
    chunk: int = CHUNK,
    ahead: int = AHEAD,
    parallel_from: int = PARALLEL_FROM,
    pool_from: int = 1,
    share: bool = False,
    most: int = 8,
) -> Iterator[R]:
    """`work` over `inputs` in chunks, yielding results in input order: each from the cache (kind, key)
    when present, else computed — by forked worker processes when many are missing, there are ≥ 2 CPUs and
    this is the process's only thread (`parallel` forces the choice of trying; None decides by
    `parallel_from`). At most `ahead` chunks per worker are pending at a time.

    `work` need not be picklable: the workers inherit it and `inputs`; they are sent positions and send
    back results. A chunk with fewer than `pool_from` inputs to compute is computed here. With `share`
    this process computes every n-th chunk itself beside n - 1 workers (for a caller that only collects
    the results). At most `most` workers. No fork possible, or a worker killed: the work is done here, the
    results the same."""
    cache = cache if cache is not None and cache.enabled else None
    keys = [key(cache, item) for item in inputs] if cache is not None and key is not None else []
    if cache is not None and key is None:
        cache = None
    workers = cpus(most)
    pool: ProcessPoolExecutor | None = None
    if parallel is None:
        parallel = len(inputs) >= parallel_from and workers >= 2
    size = max(1, workers - 1) if share else max(2, workers)
    token = next(_tokens)
    started = False  # the pool is forked at the first chunk to compute (never when all are cached)
    flushed = 0
    # Pending, in input order: (position, cached value, index in its batch, its batch or None when cached).
    pending: deque[tuple[int, R | None, int, _Batch[R] | None]] = deque()
    batch: _Batch[R] = _Batch()
    limit = chunk * ahead * max(2, workers)

    def here(positions: list[int]) -> list[R]:
        return work([inputs[i] for i in positions])

    def flush() -> None:
        nonlocal batch, pool, started, flushed
        if not batch.positions:
            return
        if parallel and not started and len(batch.positions) >= pool_from:
            started = True
            if forkable():
                _handed[token] = (work, inputs)
                try:
                    pool = start_pool(size)
                except OSError:  # no fork possible here: compute here
                    pool = None
        if pool is not None and share and flushed % (size + 1) == size:
            batch.local = True
        elif pool is not None and len(batch.positions) >= pool_from:
            try:
                batch.results = pool.submit(_run_handed, token, batch.positions)
            except BrokenProcessPool:  # a worker was killed: compute here
                batch.results = here(batch.positions)
        else:
            batch.results = here(batch.positions)
        flushed += 1
        batch = _Batch()

    def take() -> R:
        position, value, index, slot = pending.popleft()
        if slot is None:
            if stage:
                stage.advance()
            return value  # type: ignore[return-value]
        if slot.results is None and not slot.local:
            flush()  # the batch still being filled
        if slot.results is None:  # a `share` batch: this process's own
            slot.results = here(slot.positions)
        done = slot.results
        if isinstance(done, Future):
            try:
                done = slot.results = done.result()
            except BrokenProcessPool:  # a worker was killed: compute here
                done = slot.results = here(slot.positions)
        assert done is not None
        result = done[index]
        if cache is not None:
            cache.put(kind, keys[position], result)
        if stage:
            stage.advance()
        return result

    fetched: list[Any] = []
    try:
        for position in range(len(inputs)):
            if cache is not None and position % FETCH == 0:
                fetched = cache.get_many(kind, keys[position : position + FETCH])
            found = fetched[position % FETCH] if cache is not None else None
            if found is not None:
                pending.append((position, found, 0, None))
            else:
                pending.append((position, None, len(batch.positions), batch))
                batch.positions.append(position)
                if len(batch.positions) >= chunk:
                    flush()
            while len(pending) > limit:
                yield take()
        flush()
        while pending:
            yield take()
    finally:
        if pool is not None:
            stop_pool(pool)
        _handed.pop(token, None)
