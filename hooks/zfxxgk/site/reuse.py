"""Rebuilds keep the item pages whose inputs did not change, instead of rendering and writing them again.

A build writes into a staging folder beside the published site (zfxxgk.site.publish), which MkDocs
empties before it builds, except for hidden entries. Before that, `PreviousPages.set_aside` puts an item
pages' folder (`xxgk/`) into a hidden folder of the staging folder: the one of the site before the
published one, kept beside it, moved in one step (its unchanged pages are the published files, hard
links); without it, the published one, every file linked. The published site is never touched. Once
MkDocs has written its files the tree goes into place (`merge_back`). A page written again replaces its
link (`write_new`), never writes through it. Every item page gets
a fingerprint of all its inputs (`fingerprints`): the item as loaded (every field, the body, the
attachments' sizes), what its page shows of the items it links to, its column trail, its generated
extra part, the Markdown settings and the skeleton it is filled into; the cache's salt adds the zfxxgk
code. A page whose fingerprint is the one recorded when the previous build wrote it, and whose file
still has the recorded size and modification time, stays; every other page is rendered. A page whose
body shows images of its folder is never recorded (`ItemPage.reusable`, decided from the rendered body
by the detector that copies them), so it is always rendered and its images copied: the folder's files
are not among its inputs. Files this build did not produce are deleted, so the site holds exactly this
build's pages, byte-identical to a build without the cache (tests/test_cache.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from zfxxgk.cache import Cache
from zfxxgk.site.build import SiteInput, SiteOutput
from zfxxgk.site.siteindex import SiteIndex
from zfxxgk.html.urls import ITEM_ROOT

ASIDE = ".zfxxgk-previous"  # hidden: `mkdocs build` does not clean it away
KIND = "pages"

Record = tuple[str, int, int]  # fingerprint, size, mtime_ns of a written page


def _link(index: SiteIndex, index_no: str | None) -> str:
    """What an item page shows of another item it links to (title, 文号, dates, 解读形式, URL)."""
    if not index_no:
        return ""
    target = index.by_index.get(index_no)
    if target is None:
        return f"?{index_no}"
    return repr((index_no, index.url(index_no), target.title, target.doc_no, target.published,
                 target.interpretation_form))


def fingerprints(out: SiteOutput, inp: SiteInput, settings: str) -> dict[str, str]:
    """Item page URL → digest of everything its page content is rendered from (not the skeleton)."""
    index = out.index
    if index is None:
        return {}
    found: dict[str, str] = {}
    for item in index.items:
        column = index.home_column.get(item.index_no)
        trail = [(c.title, c.url) for c in inp.tree.parents(column.key)] if column else []
        related = [
            _link(index, item.interprets),
            _link(index, item.repealed_by),
            _link(index, item.amended_by),
            *(_link(index, other.index_no) for other in index.interpretations.get(item.index_no, ())),
            *(_link(index, other.index_no) for other in index.repealed.get(item.index_no, ())),
            *(_link(index, other.index_no) for other in index.amended.get(item.index_no, ())),
        ]
        digest = hashlib.sha256()
        # the breadcrumbs' 首页 and the page metadata's Url depend on these too
        site = repr((inp.tree.agency_home, inp.site_url))
        for part in (settings, repr(item), repr(trail), site, "\0".join(related),
                     out.extra_html.get(item.index_no, "")):
            data = part.encode("utf-8", errors="surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
        found[index.urls[item.index_no]] = digest.hexdigest()
    return found


@dataclass
class PreviousPages:
    """The item pages of the previous build into the same site directory (`published`), set aside for reuse
    in the staging folder the build writes into (`site_dir`).

    Moving thousands of pages back one by one and deleting thousands of emptied folders costs seconds,
    so the whole previous tree goes back instead (`merge_back`): the few files this build already
    wrote under it (attachments, data) are moved on top, pages whose inputs changed are rewritten, and
    `finish` deletes whatever this build did not produce.
    """

    site_dir: Path
    cache: Cache
    published: Path
    spare: Path | None = None  # the site before the published one
    records: dict[str, Record] = field(default_factory=dict)
    written: dict[str, Record] = field(default_factory=dict)
    fresh: set[str] = field(default_factory=set)  # site paths this build wrote before the merge
    merged: bool = False

    @property
    def aside(self) -> Path:
        return self.site_dir / ASIDE

    def _key(self) -> str:
        return self.cache.key(KIND, str(self.published.resolve()))

    def set_aside(self) -> None:
        """Put the last item pages into the hidden folder (before MkDocs cleans the staging folder)."""
        if self.aside.exists():
            shutil.rmtree(self.aside)
        found = self.cache.get(KIND, self._key())
        if not isinstance(found, dict):
            return
        spare, published = (self.spare or self.published) / ITEM_ROOT, self.published / ITEM_ROOT
        if spare.is_dir() and spare != published:
            self.aside.mkdir(parents=True)
            spare.rename(self.aside / ITEM_ROOT)
        elif published.is_dir():
            link_tree(published, self.aside / ITEM_ROOT)
        else:
            return
        self.records = found

    def merge_back(self) -> None:
        """Put the set-aside tree back in place, with what this build already wrote there on top."""
        old, new = self.aside / ITEM_ROOT, self.site_dir / ITEM_ROOT
        if not old.is_dir():
            return
        if new.is_dir():
            for folder, _dirs, names in os.walk(new):
                rel = Path(folder).relative_to(new)
                (old / rel).mkdir(parents=True, exist_ok=True)
                for name in names:
                    target = old / rel / name
                    if target.is_dir():
                        shutil.rmtree(target)
                    os.replace(Path(folder, name), target)
                    self.fresh.add((Path(ITEM_ROOT) / rel / name).as_posix())
            shutil.rmtree(new)
        old.rename(new)
        self.merged = True

    def reuse(self, url: str, fingerprint: str) -> bool:
        """True if the page at `url` (back in place) was written from the same inputs and not touched since.

        The base may hold an older page than the published one (changed by the last build): then the
        published page is linked in, so that both sites keep one file for it."""
        record = self.records.get(url)
        if not self.merged or record is None or record[0] != fingerprint:
            return False
        here, live = self.site_dir / url / "index.html", self.published / url / "index.html"
        if _stat(here) != record[1:]:
            if _stat(live) != record[1:]:
                return False  # changed since it was written
            try:
                here.unlink(missing_ok=True)
                here.parent.mkdir(parents=True, exist_ok=True)
                os.link(live, here)
            except OSError:
                return False
        self.written[url] = record
        return True

    def wrote(self, url: str, fingerprint: str) -> None:
        """Record a page this build wrote (its size and modification time as they are now)."""
        stat = (self.site_dir / url / "index.html").stat()
        self.written[url] = (fingerprint, stat.st_size, stat.st_mtime_ns)

    def finish(self, produced: set[str]) -> None:
        """Delete what the previous build left that this one did not produce (`produced`: site paths
        of every file this build wrote under the item root), and remember this build's pages."""
        if self.merged:
            root = self.site_dir / ITEM_ROOT
            keep = produced | self.fresh
            for folder, _dirs, names in os.walk(root, topdown=False):
                rel = Path(folder).relative_to(self.site_dir).as_posix()
                for name in names:
                    if f"{rel}/{name}" not in keep:
                        os.unlink(Path(folder, name))
                if folder != str(root) and not os.listdir(folder):
                    os.rmdir(folder)
        if self.aside.exists():
            shutil.rmtree(self.aside)
        self.cache.put(KIND, self._key(), self.written)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def link_tree(source: Path, target: Path) -> None:
    """The tree `source` again at `target`, every file a hard link (a copy where links are refused)."""
    for folder, _dirs, names in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True)
        for name in names:
            try:
                os.link(os.path.join(folder, name), here / name, follow_symlinks=False)
            except OSError:  # a file system without hard links
                shutil.copy2(os.path.join(folder, name), here / name, follow_symlinks=False)


def write_new(path: Path, data: bytes) -> None:
    """Write `data` to `path` as a new file: a hard link there to a published page is replaced, not written through."""
    try:
        path.unlink()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def combined(page: str, skeleton: str) -> str:
    """A page's fingerprint together with the digest of the skeleton it is filled into."""
    return hashlib.sha256(f"{page}\0{skeleton}".encode()).hexdigest()


def skeleton_digests(texts: Mapping[str, str]) -> dict[str, str]:
    """Skeleton URL → digest of the theme's skeleton page."""
    return {url: hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
            for url, text in texts.items()}
