"""Publishing is all or nothing: a build writes the new site beside the site folder and swaps it in only once
it has succeeded.

Beside the site folder (`site`, say) a build keeps, while it runs:

- `site.zfxxgk-lock`, locked (flock) from the start of the build to its end, so that two builds into one
  folder run one after the other (the second says that it waits);
- `site.zfxxgk-staging`, the new site: the engine writes there (MkDocs: config.site_dir points at it),
  together with the build's own hidden folders (the previous item pages set aside for reuse,
  zfxxgk.site.reuse.ASIDE; the search index being written, zfxxgk.site.searchchild.STAGING);
- `site.zfxxgk-swap`, the previous site, only for the moment of a swap where the system cannot exchange
  two folders in one step (Linux can: renameat2 with RENAME_EXCHANGE).

After the swap the previous site is kept as `site.zfxxgk-old`, never published: the next build takes its
item pages as the base of its own (zfxxgk.site.reuse), in one rename, so that a rebuild writes only what
changed instead of linking or writing every page again (the unchanged pages in it are the very files of
the site, hard links). What the next build does not take of it is removed when that build publishes.

Until the swap nothing of the build is inside the site folder, so a deploy at any moment publishes the
previous site or the new one, whole, and never a hidden folder (a withdrawn page set aside there would be
published by rsync or gh-deploy). A build killed at any point leaves the previous site in place (killed
between the two renames of a swap without the exchange: as `site.zfxxgk-swap`, which the next build puts
back first). The next build removes whatever a killed one left (`begin`); a failed build removes its staging
folder (`abandon`: from zfxxgk.build.run, or from MkDocs' on_build_error, which has no config, hence the
builds under way kept here; and at exit, since MkDocs runs no on_build_error for Ctrl-C).
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import logging
import os
import shutil
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from zfxxgk.progress import LOGGER
from zfxxgk.site.searchchild import STAGING, describe, stop_all
from zfxxgk.site.reuse import ASIDE

try:
    import fcntl
except ImportError:  # Windows: builds into one folder are not serialised there
    fcntl = None  # type: ignore[assignment]

# Suffixes of the site folder's name: the lock, the new site, the previous site during a swap and after it.
LOCK, STAGED, SWAP, OLD = ".zfxxgk-lock", ".zfxxgk-staging", ".zfxxgk-swap", ".zfxxgk-old"
HIDDEN = (ASIDE, STAGING)  # the build's hidden folders, never published (earlier versions left them in the site)
log = logging.getLogger(LOGGER)


class PublishError(Exception):
    """The site folder cannot be built into or replaced; the message is for the operator."""


class LogCount(logging.Handler):
    """Counts the records of each level logged while a build runs (the build publishes only without errors)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: dict[int, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        """Count `record`."""
        self.counts[record.levelno] = self.counts.get(record.levelno, 0) + 1

    def at_least(self, level: int) -> int:
        """How many records of `level` or above were logged."""
        return sum(n for lvl, n in self.counts.items() if lvl >= level)


@dataclass
class Publication:
    """A build under way into `site_dir`: its staging folder beside it, its lock, the count of what it logged."""

    site_dir: Path
    lock: int | None
    watched: tuple[logging.Logger, ...]
    count: LogCount = field(default_factory=LogCount)

    @property
    def staging(self) -> Path:
        return beside(self.site_dir, STAGED)

    @property
    def old(self) -> Path:
        """The site before the published one, the base of this build's item pages."""
        return beside(self.site_dir, OLD)


def beside(site_dir: Path, suffix: str) -> Path:
    """The folder or file named after `site_dir` with `suffix`, next to it."""
    return site_dir.with_name(site_dir.name + suffix)


def begin(site_dir: Path, *watched: logging.Logger) -> Publication:
    """A build into `site_dir` starts: wait for any other one, remove what a killed one left, make the staging
    folder; count what is logged to the `watched` loggers (and those below them) from now on."""
    site_dir = Path(os.path.realpath(site_dir))  # a link to the web server's folder: replace the folder
    if site_dir.exists():
        if not site_dir.is_dir():
            raise PublishError(f"zfxxgk: 网站目录 {site_dir} 不是文件夹")
        if os.path.ismount(site_dir):
            raise PublishError(f"zfxxgk: 网站目录 {site_dir} 是挂载点，构建无法整体替换它；请改用其中的一个子文件夹（mkdocs build -d）")
        if not os.access(site_dir, os.W_OK):
            raise PublishError(f"zfxxgk: 网站目录 {site_dir} 不可写（没有权限或文件系统只读），构建没有改动它；"
                               "请改正它的权限，或用 mkdocs build -d 指定另一个目录")
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        lock = _lock(beside(site_dir, LOCK), site_dir)
    except OSError as exc:
        raise PublishError(f"zfxxgk: 无法在 {site_dir.parent} 中建立构建用的文件（{describe(exc)}）：新网站先写在网站目录旁，"
                           "成功后才替换它；请改正这个文件夹的权限，或用 mkdocs build -d 指定另一个目录") from None
    publication = Publication(site_dir, lock, watched)
    try:
        _recover(site_dir)
        publication.staging.mkdir()
        if site_dir.is_dir():  # the new site keeps the folder's permissions
            os.chmod(publication.staging, stat.S_IMODE(site_dir.stat().st_mode))
    except OSError as exc:
        _release(publication)
        raise PublishError(f"zfxxgk: 无法准备构建用的文件夹：{describe(exc)}") from None
    for logger in watched:
        logger.addHandler(publication.count)
    _UNDER_WAY.append(publication)
    return publication


def publish(publication: Publication, keep: bool = True) -> None:
    """The build succeeded: the staging folder becomes the site folder, the previous site the old one (or
    removed, unless `keep`: `mkdocs serve` removes its folder at the end, and would leave this one)."""
    site_dir, staging, swap = publication.site_dir, publication.staging, beside(publication.site_dir, SWAP)
    try:
        for name in HIDDEN:  # emptied by then; what is left of them must not be published
            _remove(staging / name)
        if not os.path.lexists(site_dir):
            staging.rename(site_dir)
            previous = None
        elif _exchange(staging, site_dir):
            previous = staging
        else:
            site_dir.rename(swap)
            try:
                staging.rename(site_dir)
            except OSError:
                swap.rename(site_dir)
                raise
            previous = swap
    except OSError as exc:
        raise PublishError(f"zfxxgk: 无法用新网站替换网站目录 {site_dir}：{describe(exc)}") from None
    _UNDER_WAY.remove(publication)
    try:
        if previous is not None:
            _remove(publication.old)  # what this build did not take of it
            if keep:
                previous.rename(publication.old)
            else:
                _remove(previous)
    except OSError as exc:  # not published; the next build removes it or does without it
        log.info(f"zfxxgk: 无法把上次的网站留作 {publication.old}：{describe(exc)}")
    finally:
        _release(publication)


def abandon() -> None:
    """After a failed build: stop the search children, remove the staging folder of every build under way."""
    stop_all()
    for publication in list(_UNDER_WAY):
        _UNDER_WAY.remove(publication)
        try:
            _remove(publication.staging)
        except OSError as exc:  # reported, not raised: MkDocs is reporting the build's own error
            log.warning(f"zfxxgk: 无法删除构建用的文件夹 {publication.staging}：{describe(exc)}；它不会被发布，下次构建时删除")
        finally:
            _release(publication)


def _recover(site_dir: Path) -> None:
    """Undo what a killed build left: the previous site put back, staging folders and hidden folders removed."""
    swap = beside(site_dir, SWAP)
    if os.path.lexists(swap):
        if not os.path.lexists(site_dir):  # killed between the two renames of a swap
            swap.rename(site_dir)
            log.info(f"zfxxgk: 上次构建在替换网站目录时中断，已放回原来的网站 {site_dir}")
        else:
            _remove(swap)
    for leftover in (beside(site_dir, STAGED), *(site_dir / name for name in HIDDEN)):
        if os.path.lexists(leftover):
            _remove(leftover)
            log.info(f"zfxxgk: 已删除上次未完成的构建留下的 {leftover}")


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _lock(path: Path, site_dir: Path) -> int | None:
    """Hold the lock file at `path` (waiting while another build holds it); its descriptor."""
    if fcntl is None:
        return None
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info(f"zfxxgk: 另一个构建正在写入网站目录 {site_dir}，等它结束……")
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:  # the build before removed the file when it ended: lock the one there now
                mine = os.stat(path, follow_symlinks=False)
                held = os.fstat(fd)
                if (mine.st_dev, mine.st_ino) == (held.st_dev, held.st_ino):
                    return fd
            except FileNotFoundError:
                pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _release(publication: Publication) -> None:
    for logger in publication.watched:
        logger.removeHandler(publication.count)
    if publication.lock is None:
        return
    try:
        os.unlink(beside(publication.site_dir, LOCK))
    except OSError:
        pass  # the next build locks it all the same
    # Unlocked explicitly: forked workers may still hold a copy of the descriptor for a moment.
    fcntl.flock(publication.lock, fcntl.LOCK_UN)
    os.close(publication.lock)
    publication.lock = None


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # from <linux/fs.h>


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux' renameat2); False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc before 2.28, musl
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


_UNDER_WAY: list[Publication] = []  # builds in this process that have neither published nor been abandoned
atexit.register(abandon)
