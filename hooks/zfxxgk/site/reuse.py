"""Rebuilds keep the item pages whose inputs did not change, instead of rendering and writing them again.

`mkdocs build` empties the site directory before it builds, except for hidden entries. Before that,
`PreviousPages.set_aside` moves the item pages' folder (`xxgk/`) into a hidden folder of the site
directory. After the build has rendered the skeletons, every item page gets a fingerprint of all its
inputs (`fingerprints`): the item as loaded (every field, the body, the attachments' sizes), what its
page shows of the items it links to, its column trail, its generated extra part, the Markdown settings
and the skeleton it is filled into; the cache's salt adds the zfxxgk code. A page whose fingerprint is
the one recorded when the previous build wrote it, and whose file still has the recorded size and
modification time, is moved back into place (a rename); every other page is rendered. What was set
aside and not reused is deleted, so the site holds exactly this build's pages, byte-identical to a
build without the cache (tests/test_cache.py).
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
from zfxxgk.site.index import SiteIndex
from zfxxgk.site.urls import ITEM_ROOT

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
        for part in (settings, repr(item), repr(trail), "\0".join(related), out.extra_html.get(item.index_no, "")):
            data = part.encode("utf-8", errors="surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
        found[index.urls[item.index_no]] = digest.hexdigest()
    return found


@dataclass
class PreviousPages:
    """The item pages of the previous build into the same site directory, set aside for reuse."""

    site_dir: Path
    cache: Cache
    records: dict[str, Record] = field(default_factory=dict)
    written: dict[str, Record] = field(default_factory=dict)

    @property
    def aside(self) -> Path:
        return self.site_dir / ASIDE

    def _key(self) -> str:
        return self.cache.key(KIND, str(self.site_dir.resolve()))

    def set_aside(self) -> None:
        """Move the previous build's item pages into the hidden folder (before MkDocs cleans the site)."""
        if self.aside.exists():
            shutil.rmtree(self.aside)
        previous = self.site_dir / ITEM_ROOT
        found = self.cache.get(KIND, self._key())
        if previous.is_dir() and isinstance(found, dict):
            self.aside.mkdir(parents=True)
            previous.rename(self.aside / ITEM_ROOT)
            self.records = found

    def reuse(self, url: str, fingerprint: str) -> bool:
        """Move the previous page at `url` back if it was written from the same inputs; True if it was."""
        record = self.records.get(url)
        if record is None or record[0] != fingerprint:
            return False
        source = self.aside / url / "index.html"
        try:
            stat = source.stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != record[1:]:
            return False  # changed since it was written
        target = self.site_dir / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        self.written[url] = record
        return True

    def wrote(self, url: str, fingerprint: str) -> None:
        """Record a page this build wrote (its size and modification time as they are now)."""
        stat = (self.site_dir / url / "index.html").stat()
        self.written[url] = (fingerprint, stat.st_size, stat.st_mtime_ns)

    def finish(self) -> None:
        """Delete what was not reused and remember this build's pages for the next one."""
        if self.aside.exists():
            shutil.rmtree(self.aside)
        self.cache.put(KIND, self._key(), self.written)


def combined(page: str, skeleton: str) -> str:
    """A page's fingerprint together with the digest of the skeleton it is filled into."""
    return hashlib.sha256(f"{page}\0{skeleton}".encode()).hexdigest()


def skeleton_digests(texts: Mapping[str, str]) -> dict[str, str]:
    """Skeleton URL → digest of the theme's skeleton page."""
    return {url: hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
            for url, text in texts.items()}
