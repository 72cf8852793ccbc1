"""The search index built by a forked child process while the rest of the build runs.

The index depends only on the published items, known when the build starts, so the MkDocs adapter forks a
child in on_pre_build that writes it into a hidden folder of the site directory (`STAGING`: MkDocs'
cleaning spares names starting with ".") while the single-threaded rest of the build runs on the other
CPU, and `SearchChild.wait` moves it into place. The child opens a cache file of its own (SQLite
connections must not cross a fork) and leaves with os._exit, so it never touches the parent's.

The child leads a process group of its own, so ending it ends the worker processes it forked too (a
signal to the child alone would orphan them, each holding a copy of the build's memory), and its
temporary files go to a folder the parent made and removes afterwards.
"""

from __future__ import annotations

import atexit
import errno
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from zfxxgk.cache import Cache
from zfxxgk.progress import LOGGER, Progress
from zfxxgk.search import IndexStats
from zfxxgk.site import searchpage
from zfxxgk.site.index import SiteIndex

CHILD_FROM = 400  # from this many items the index is built by a child process
ENV = "ZFXXGK_SEARCH_CHILD_FROM"  # overrides CHILD_FROM
SEARCH_CACHE = "search.sqlite3"  # the child's own cache file, beside the build's
STAGING = ".zfxxgk-search"  # hidden: `mkdocs build` does not clean it away
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
                progress: Progress | None) -> IndexStats:
    """Build the search index under `site_dir`/search/index/, reporting it as a stage."""
    docs = len(index.items) if index else 0
    stage = progress.stage("写入检索索引", docs) if progress else None
    stats = searchpage.write_search_index(index, site_dir, cache, stage)
    if stage:
        stage.count = stats.docs
        stage.done(f"{stats.files} 个文件，{stats.bytes / 1e6:.1f} MB")
    return stats


def start_index(index: SiteIndex | None, site_dir: Path, cache: Cache | None,
                progress: Progress | None) -> SearchChild | None:
    """Fork a child writing the search index of `index`, or None: write it in this process after all."""
    if index is None:
        return None

    def work(staging: Path) -> None:
        own = cache.sibling(SEARCH_CACHE) if cache is not None else None
        write_index(index, staging, own, progress)
        if own is not None:
            own.close()

    return SearchChild.start(work, site_dir, len(index.items))


def describe(exc: OSError) -> str:
    """One line about a failed file operation: what went wrong (in Chinese when common) and where."""
    what = _PLAIN.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"{what}（{exc.filename}）" if exc.filename else what


@dataclass(frozen=True)
class SearchChild:
    """A forked process writing the search index into `site_dir`/STAGING; `tmp` holds its temporary files."""

    pid: int
    site_dir: Path
    tmp: Path

    @property
    def staging(self) -> Path:
        return self.site_dir / STAGING

    @staticmethod
    def start(work: Callable[[Path], object], site_dir: Path, docs: int) -> SearchChild | None:
        """Fork a child running `work(staging folder)`, or None (build inline) for fewer than `child_from`
        documents, without fork, with threads running, or when no process can be forked now."""
        threshold = child_from(os.environ)
        forkable = hasattr(os, "fork") and threading.active_count() == 1
        if docs < threshold or not forkable:
            return None
        staging = site_dir / STAGING
        if staging.exists():
            shutil.rmtree(staging)
        tmp = Path(tempfile.mkdtemp(prefix="zfxxgk-search-child-"))
        try:
            pid = os.fork()
        except OSError as exc:  # EAGAIN, ENOMEM: no process to spare
            shutil.rmtree(tmp)
            logging.getLogger(LOGGER).info(
                f"zfxxgk: 无法另起进程生成检索索引（{describe(exc)}），改在本进程生成")
            return None
        if pid == 0:
            _run(work, staging, tmp)
        child = SearchChild(pid, site_dir, tmp)
        _RUNNING.add(child)
        # The child does this too; here as well, so that a `stop` right away finds the group.
        os.setpgid(pid, pid)
        return child

    def wait(self) -> None:
        """Wait for the child and move the index into place; a failure raises SearchChildError."""
        _RUNNING.discard(self)
        try:
            code = self._end(kill=False)
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
            # way, and SIGKILL cannot be blocked or ignored. No group (yet): then it forked nothing either.
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
        for folder in (self.staging, self.tmp):
            try:
                shutil.rmtree(folder)
            except FileNotFoundError:
                continue  # never made (the child failed early) or moved into place
            except OSError as exc:
                logging.getLogger(LOGGER).warning(f"zfxxgk: 无法删除检索索引的临时文件夹 {folder}：{describe(exc)}")


def _kill_group(pgid: int) -> bool:
    """SIGKILL every process of the group; False if there is none left."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def _run(work: Callable[[Path], object], staging: Path, tmp: Path) -> NoReturn:
    """The child: lead a process group, keep temporary files in `tmp`, run `work`, leave with os._exit."""
    code = 1
    try:
        os.setpgid(0, 0)
        tempfile.tempdir = str(tmp)
        work(staging)
        code = 0
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
