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
