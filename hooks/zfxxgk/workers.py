"""Forked worker pools, one way for every stage that uses them (loading, bodies, search texts, terms, chunks).

Workers are forked, so they inherit what the parent holds instead of being sent it. That is only safe while
the parent has one thread (`mkdocs serve` runs more: those stages then work serially), and it is only cheap
if the workers leave the inherited memory alone. Two things would make a worker copy the parent's memory
page by page: a garbage collection in the worker, which writes to every container object it inherited, and
the worker's own allocations landing in memory the parent had freed but not given back. So while a pool
lives the parent's objects are frozen out of the collector's reach (gc.freeze), and before it starts the C
library is asked to return freed memory to the system (glibc's malloc_trim, where there is one).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

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
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=initializer,
                                   initargs=initargs)
    except BaseException:
        _thaw()
        raise


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
