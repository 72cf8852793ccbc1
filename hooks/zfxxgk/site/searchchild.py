"""The search index built by a child process while the rest of the build runs.

The index depends only on the published items, known once they are loaded, so the MkDocs adapter starts a
child in on_config (before the checks) that writes it into a hidden folder of the site directory (`STAGING`: MkDocs'
cleaning spares names starting with ".") while the single-threaded rest of the build runs on the other
CPU, and `SearchChild.wait` moves it into place.

The child is a new interpreter (running `main`), not a fork. It is handed the search documents alone
(`markdown_docs` in index order, pickled in batches into its temporary folder), not a copy of the whole
loaded project: a forked child shares the project's memory only until it touches it, and CPython touches
every object it reads (reference counts), so at 50,000 items a fork held a second copy of about 1 GB. It
reads, cleans up and indexes the documents a batch at a time, and opens a cache file of its own
(`SEARCH_CACHE`, also used when the index is built in the build's own process, so the search entries live
in one place whichever way a site is built).

The child leads a process group of its own, so ending it ends the worker processes it forks too (a signal
to the child alone would orphan them); its temporary files go to a folder inside the staging folder, which
the parent removes afterwards; and it gives up (removing the staging folder) once the build that started
it is gone (at once on Linux: the parent's death is signalled, zfxxgk.workers.parent_death_signal).
"""

from __future__ import annotations

import atexit
import errno
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NoReturn

from zfxxgk.cache import Cache
from zfxxgk.progress import LOGGER, Progress, Stage
from zfxxgk.search import IndexStats
from zfxxgk.search.index import build_batches
from zfxxgk.search.model import SearchDoc, doc_order
from zfxxgk.search.synonyms import Synonyms
from zfxxgk.site import searchpage
from zfxxgk.site.siteindex import SiteIndex
from zfxxgk.workers import parent_death_signal

CHILD_FROM = 400  # from this many items the index is built by a child process
ENV = "ZFXXGK_SEARCH_CHILD_FROM"  # overrides CHILD_FROM
SEARCH_CACHE = "search.sqlite3"  # the search index's own cache file, beside the build's
STAGING = ".zfxxgk-search"  # hidden: `mkdocs build` does not clean it away
_JOB = "job.pickle"  # in the child's temporary folder: what to do (removed once read)
_MESSAGE = "error.txt"  # in the child's temporary folder: why it failed, one line for the parent
_PLAIN = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "文件系统只读",
}


class SearchChildError(Exception):
    """The search index could not be built or moved into place; the message is for the operator."""


def child_from(environ: Mapping[str, str]) -> int:
    """The number of items from which the index is built by a child (ZFXXGK_SEARCH_CHILD_FROM, else 400)."""
    raw = environ.get(ENV, "").strip()
    if not raw:
        return CHILD_FROM
    if not raw.isdecimal():
        raise SearchChildError(
            f"zfxxgk: 环境变量 {ENV} 应为非负整数（条目数达到它时另起进程生成检索索引），现为 {raw!r}；"
            "请改正或删除它（默认 400）"
        )
    return int(raw)


def write_index(index: SiteIndex | None, site_dir: Path, cache: Cache | None,
                progress: Progress | None, synonyms: Synonyms | None = None) -> IndexStats:
    """Build the search index under `site_dir`/search/index/ in this process (with the search cache file
    beside `cache`), reporting it as a stage."""
    docs = searchpage.markdown_docs(index) if index else []
    own = cache.sibling(SEARCH_CACHE) if cache is not None else None
    stage = progress.stage("写入检索索引", len(docs)) if progress else None
    try:
        stats = searchpage.write_docs_index(docs, site_dir, own, stage, synonyms=synonyms)
    finally:
        if own is not None:
            own.close()
    if stage:
        _done(stage, stats)
    return stats


def _done(stage: Stage, stats: IndexStats) -> None:
    stage.count = stats.docs
    stage.done(f"{stats.files} 个文件，{stats.bytes / 1e6:.1f} MB")


def write_in_child(
    cache_dir: Path | None, salt: str, count: int, staging: Path, synonyms: Synonyms | None = None
) -> None:
    """The child's work: the index of the documents `write_docs` left in its temporary folder (in index
    order, bodies still Markdown) into `staging`, with its own cache file, in this one process, a batch of
    documents at a time (see `start_index`); `count` documents, for the progress line."""
    cache = Cache(cache_dir, salt, SEARCH_CACHE)
    progress = Progress(logging.getLogger(LOGGER))
    try:
        docs = Path(tempfile.gettempdir()) / DOCS
        stage = progress.stage("写入检索索引", count)
        batches = (searchpage.plain_docs(batch, cache, None, False) for batch in _checked(read_docs(docs)))
        out = staging / searchpage.SEARCH_URL / searchpage.INDEX_DIR
        stats = build_batches(batches, out, cache, stage, False, synonyms=synonyms)
        _done(stage, stats)
    finally:
        cache.close()


def _checked(batches: Iterator[list[SearchDoc]]) -> Iterator[list[SearchDoc]]:
    for batch in batches:
        check_parent()
        yield batch


def start_index(
    index: SiteIndex | None, site_dir: Path, cache: Cache | None, synonyms: Synonyms | None = None
) -> SearchChild | None:
    """Start a child writing the search index of `index`, or None: write it in this process after all.

    The child takes the documents a batch at a time and builds the index without worker processes for
    their texts: the build's other CPU is busy with the item pages, and workers forked from a process
    holding the texts copy much of it (at 50,000 items the child's tree peaked at 1.5 GB with workers and
    all texts held, 0.6 GB without)."""
    if index is None or not wanted(len(index.items)):
        return None
    folder = cache.directory if cache is not None and cache.enabled else None
    docs = doc_order(searchpage.markdown_docs(index))
    work = partial(write_in_child, folder, cache.salt if cache else "", len(docs), synonyms=synonyms)
    return SearchChild.start(work, site_dir, partial(write_docs, docs))


DOCS = "docs.pickle"  # in the child's temporary folder: the documents to index
_BATCH = 256  # documents pickled together (the pickler keeps every object of one dump or load alive)


def write_docs(docs: list[SearchDoc], folder: Path) -> None:
    """Write `docs` for `read_docs` into `folder`, in batches (neither side holds them all twice)."""
    with (folder / DOCS).open("wb") as out:
        for start in range(0, len(docs), _BATCH):
            pickle.dump(docs[start : start + _BATCH], out, protocol=pickle.HIGHEST_PROTOCOL)


def read_docs(path: Path) -> Iterator[list[SearchDoc]]:
    """The batches of documents `write_docs` wrote to `path`, in order; the file is removed at the end."""
    with path.open("rb") as source:
        while source.peek(1):
            yield pickle.load(source)
    path.unlink()


def wanted(docs: int) -> bool:
    """Whether an index of `docs` documents is built by a child: from `child_from` documents, where this
    system can start one and wait for it (posix_spawn, waitid: not on Windows, nor macOS before Python
    3.13)."""
    return docs >= child_from(os.environ) and hasattr(os, "posix_spawn") and hasattr(os, "waitid")


def describe(exc: OSError) -> str:
    """One line about a failed file operation: what went wrong (in Chinese when common) and where."""
    what = _PLAIN.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"{what}（{exc.filename}）" if exc.filename else what


@dataclass(frozen=True)
class SearchChild:
    """A child process writing the search index into `site_dir`/STAGING."""

    pid: int
    site_dir: Path

    @property
    def staging(self) -> Path:
        return self.site_dir / STAGING

    @property
    def tmp(self) -> Path:
        """The child's temporary folder (inside the staging folder, removed with it)."""
        return self.staging / _TMP

    @staticmethod
    def start(work: Callable[[Path], object], site_dir: Path,
              inputs: Callable[[Path], object] | None = None) -> SearchChild | None:
        """Start a child running `work(staging folder)` (`work` is pickled: a module-level function or a
        partial of one), or None (build inline) when no process can be started now. `inputs(folder)`
        writes what `work` reads into the child's temporary folder (tempfile.gettempdir() in the child).

        The temporary folder is inside the staging folder, on the site's disk: the search index spills
        its postings there (800 MB at 50,000 items), which a memory-backed /tmp would hold in memory."""
        staging = site_dir / STAGING
        tmp = staging / _TMP
        try:
            if staging.exists():
                shutil.rmtree(staging)
            tmp.mkdir(parents=True)
            if inputs is not None:
                inputs(tmp)
            with (tmp / _JOB).open("wb") as out:
                verbose = logging.getLogger(LOGGER).isEnabledFor(logging.INFO)
                pickle.dump(_Job(work, staging, verbose, os.getpid()), out, protocol=pickle.HIGHEST_PROTOCOL)
            # The interpreter as this one was started (flags, module path: the child imports what this
            # process imported), in a process group of its own that its workers join.
            flags = subprocess._args_from_interpreter_flags()  # type: ignore[attr-defined]  # as multiprocessing
            argv = [sys.executable, *flags, "-c", _BOOT, str(tmp), *sys.path]
            pid = os.posix_spawn(sys.executable, argv, os.environ, setpgroup=0)
        except (OSError, NotImplementedError) as exc:  # EAGAIN, ENOMEM, disk full; no setpgroup here
            shutil.rmtree(staging, ignore_errors=True)
            why = describe(exc) if isinstance(exc, OSError) else "系统不支持"
            logging.getLogger(LOGGER).info(f"zfxxgk: 无法另起进程生成检索索引（{why}），改在本进程生成")
            return None
        except BaseException:  # Ctrl-C while the documents were written: leave nothing behind
            shutil.rmtree(staging, ignore_errors=True)
            raise
        child = SearchChild(pid, site_dir)
        _RUNNING.add(child)
        return child

    def wait(self) -> None:
        """Wait for the child and move the index into place; a failure raises SearchChildError."""
        try:
            code = self._end(kill=False)
        except BaseException:  # Ctrl-C while waiting: the child and its group go too
            self.stop()
            raise
        _RUNNING.discard(self)
        try:
            if code != 0:
                raise SearchChildError(self._failure(code))
            built = self.staging / searchpage.SEARCH_URL / searchpage.INDEX_DIR
            target = self.site_dir / searchpage.SEARCH_URL / searchpage.INDEX_DIR
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():
                    shutil.rmtree(target)
                built.rename(target)
            except OSError as exc:
                raise SearchChildError(f"zfxxgk: 无法把检索索引移到 {target}：{describe(exc)}") from None
        finally:
            self._remove_folders()

    def stop(self) -> None:
        """End the child of a build that failed elsewhere, with every process it forked, and remove its folders."""
        _RUNNING.discard(self)
        self._end(kill=True)
        self._remove_folders()

    def _end(self, kill: bool) -> int | None:
        """Reap the child (killed first if `kill`) after killing whatever is left of its group; its exit
        code (negative: the signal that ended it), or None when something else reaped it already."""
        try:
            # SIGKILL, not SIGTERM: nothing in the group handles SIGTERM, so it would end them the same
            # way, and SIGKILL cannot be blocked or ignored. No group left: the child alone remains.
            if kill and not _kill_group(self.pid):
                os.kill(self.pid, signal.SIGKILL)
            # Exited but not reaped (WNOWAIT), its pid still names the group: end what is left of it (the
            # workers of a child killed by a signal, which could not shut its pools down), then reap.
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
            _kill_group(self.pid)
            _pid, status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): nothing left to wait for
            return None
        return os.waitstatus_to_exitcode(status)

    def _failure(self, code: int | None) -> str:
        """The operator's message for a child that ended with `code`."""
        if code is None:
            return "zfxxgk: 生成检索索引失败：无法得知子进程的结束状态"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)  # a real-time signal has no name
            return f"zfxxgk: 生成检索索引失败：子进程被信号 {name} 终止（内存不足时系统会这样结束进程）"
        try:
            said = (self.tmp / _MESSAGE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:  # an unexpected error: the child printed its traceback
            return "zfxxgk: 生成检索索引失败（错误信息见上方）"
        return f"zfxxgk: 生成检索索引失败：{said}"

    def _remove_folders(self) -> None:
        """Remove the staging folder (with the child's temporary folder in it)."""
        try:
            shutil.rmtree(self.staging)
        except FileNotFoundError:
            return  # the child gave up and removed it
        except OSError as exc:
            logging.getLogger(LOGGER).warning(f"zfxxgk: 无法删除检索索引的临时文件夹 {self.staging}：{describe(exc)}")


def _kill_group(pgid: int) -> bool:
    """SIGKILL every process of the group; False if there is none left."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


@dataclass(frozen=True)
class _Job:
    """What a child is handed: its work, the folder the work writes into, whether to log progress, and the
    process that started it (the child gives up when that one is gone)."""

    work: Callable[[Path], object]
    staging: Path
    verbose: bool
    parent: int


# The child's first words: this process's module path (argv after the folder) instead of its own, which
# would start with the current directory (-c) and could find other copies of zfxxgk or its libraries.
_BOOT = f"import sys; sys.path[:] = sys.argv[2:]; from {__name__} import main; main(sys.argv[1])"
_TMP = "tmp"  # the child's temporary folder, inside its staging folder
_parent = 0  # in a child: the process that started it


class _Orphaned(Exception):
    """The process that started this child has ended: nobody will take the index."""


def check_parent() -> None:
    """In a child: raise _Orphaned when the process that started it has ended (a build killed by a signal
    runs no clean-up, and would leave the child writing into its site directory)."""
    if _parent and os.getppid() != _parent:
        raise _Orphaned


def _terminated(_signum: int, _frame: object) -> None:
    check_parent()
    raise SystemExit(1)  # SIGTERM from elsewhere: the build is still there and hears why


def main(folder: str) -> NoReturn:
    """The child: read the job from its temporary `folder`, keep temporary files there, run it, leave with
    os._exit (exit code 0, else 1 and the reason in the folder)."""
    code = 1
    tmp = Path(folder)
    try:
        tempfile.tempdir = folder
        with (tmp / _JOB).open("rb") as job_file:
            job: _Job = pickle.load(job_file)
        (tmp / _JOB).unlink()
        global _parent
        _parent = job.parent
        # Killed with SIGKILL, the build runs no clean-up: Linux sends this child SIGTERM instead of leaving
        # it to notice between two batches, and the handler gives up as check_parent does.
        signal.signal(signal.SIGTERM, _terminated)
        parent_death_signal(signal.SIGTERM)
        check_parent()  # the build may have ended before the signal was asked for
        if job.verbose:  # lines as MkDocs writes them (it is not running here to set its logging up)
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
            log = logging.getLogger(LOGGER)
            log.addHandler(handler)
            log.setLevel(logging.INFO)
            log.propagate = False
        job.work(job.staging)
        check_parent()
        code = 0
    except _Orphaned:  # nobody will move the index into place or remove it: this child does
        shutil.rmtree(job.staging, ignore_errors=True)
    except OSError as exc:  # disk full, no permission: one line is enough
        _tell(tmp, f"写入文件失败：{describe(exc)}")
    except MemoryError:
        _tell(tmp, "内存不足")
    except (KeyboardInterrupt, SystemExit):
        _tell(tmp, "子进程被中断")
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)


def _tell(tmp: Path, message: str) -> None:
    """Leave the parent one line saying why the child failed (or print it, if even that cannot be written)."""
    try:
        (tmp / _MESSAGE).write_text(message, encoding="utf-8")
    except OSError:
        print(f"zfxxgk: 生成检索索引失败：{message}", file=sys.stderr)


def stop_all() -> None:
    """End every search child of this process not waited for (after a failed build, or at exit)."""
    for child in list(_RUNNING):
        child.stop()


_RUNNING: set[SearchChild] = set()  # search children of this process not yet waited for or stopped
atexit.register(stop_all)  # Ctrl-C: MkDocs runs no on_build_error for KeyboardInterrupt
