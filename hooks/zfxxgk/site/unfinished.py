"""What a build keeps in the site directory while it runs, removed before every build and after a failed one.

`mkdocs build` empties the site directory except for hidden entries, so a build keeps two hidden folders
there meanwhile: the previous build's item pages set aside for reuse (zfxxgk.site.reuse.ASIDE) and the
search index the search child is writing (zfxxgk.search.child.STAGING). A build that fails in between
must not leave them, or rsync and gh-deploy would publish them, pages withdrawn since (some for privacy
reasons) among them. So every build first removes those an earlier one left (`begin`), and a failed
build stops its search child and removes its own (`abandon`): from on_build_error, which MkDocs calls
without the config (hence the set of unfinished builds here), and at exit, since MkDocs runs no
on_build_error for Ctrl-C.
"""

from __future__ import annotations

import atexit
import logging
import shutil
from pathlib import Path

from zfxxgk.progress import LOGGER
from zfxxgk.search.child import STAGING, describe, stop_all
from zfxxgk.site.reuse import ASIDE

HIDDEN = (ASIDE, STAGING)


def remove_hidden(site_dir: Path) -> list[str]:
    """Remove the hidden folders of ours from `site_dir`; the names of those that were there."""
    removed = []
    for name in HIDDEN:
        folder = site_dir / name
        if folder.is_dir():
            shutil.rmtree(folder)
            removed.append(name)
    return removed


def begin(site_dir: Path) -> list[str]:
    """A build into `site_dir` starts: remove what an unfinished earlier build left (the names)."""
    removed = remove_hidden(site_dir)
    _UNFINISHED.add(site_dir)
    return removed


def finish(site_dir: Path) -> None:
    """The build into `site_dir` has written everything; nothing of it is left to remove."""
    _UNFINISHED.discard(site_dir)


def abandon() -> None:
    """After a failed build: stop the search children, remove the hidden folders of every unfinished build."""
    stop_all()
    for site_dir in sorted(_UNFINISHED):
        try:
            remove_hidden(site_dir)
        except OSError as exc:  # reported, not raised: MkDocs is reporting the build's own error
            logging.getLogger(LOGGER).warning(
                f"zfxxgk: 无法删除网站目录中的隐藏文件夹：{describe(exc)}；发布前请手动删除 {site_dir} 中的 "
                + "、".join(HIDDEN))
    _UNFINISHED.clear()


_UNFINISHED: set[Path] = set()  # site directories of builds in this process that have not finished
atexit.register(abandon)
