"""Phase 4, write: once the engine has written the theme's pages into the staging folder, the item pages and
the other filled pages go into their skeletons (reusing the unchanged item pages of the last build), the
search index is finished, sitemap.xml written; `finish` then publishes the staging folder, or keeps the
site as it was when the build logged an error (or, strict, a warning)."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

from zfxxgk.build.gather import synonyms
from zfxxgk.build.state import Build, BuildError
from zfxxgk.html.urls import ITEM_ROOT
from zfxxgk.site import preview, publish, reuse
from zfxxgk.site.bodies import keep_bodies, settings_key
from zfxxgk.site.build import item_pages
from zfxxgk.site.fill import FillError, read_skeletons, write_page
from zfxxgk.site.reuse import PreviousPages
from zfxxgk.site.searchchild import SearchChildError, describe, write_index
from zfxxgk.site.sitemap import sitemap
from zfxxgk.site.skeleton import skeleton_url


def set_aside(state: Build, site_dir: Path) -> None:
    """Before the engine empties the staging folder `site_dir`: set the last build's item pages aside there
    for reuse (zfxxgk.site.reuse)."""
    if state.site.item_pages != "theme" and state.cache is not None and state.cache.enabled:
        publication = state.publication
        published = publication.site_dir if publication else site_dir
        state.previous = PreviousPages(site_dir, state.cache, published, publication.old if publication else None)
        state.previous.set_aside()


def write_filled_pages(state: Build, site_dir: Path) -> int:
    """Write the item pages and the other filled pages into their skeletons (and the images item bodies
    show), reusing the unchanged item pages of the last build into the same site; the number of pages.
    Nothing to do with `item_pages: theme`."""
    if state.site.item_pages == "theme" or state.inp is None or state.md is None:
        return 0
    skeletons, digests = read_skeletons(state.skeletons, site_dir)
    previous, out = state.previous, state.output
    if previous is not None:
        previous.merge_back()
    produced = {page.url + "index.html" for page in state.filled}
    produced |= {uri for uri in (*out.copies, *out.data) if uri.startswith(ITEM_ROOT + "/")}
    for page in state.filled:
        write_page(skeletons, site_dir, page)
    prints: dict[str, str] = {}
    kept: set[str] = set()
    if previous is not None and out.index is not None:
        index = out.index
        for url, page_print in reuse.fingerprints(out, state.inp, settings_key(state.md)).items():
            prints[url] = reuse.combined(page_print, digests.get(skeleton_url(url), ""))
            if previous.reuse(url, prints[url]):
                kept.add(url)
        if kept and state.cache is not None:
            keep_bodies([i.body for i in index.items if index.urls[i.index_no] in kept], state.md, state.cache)
        if state.progress and kept:
            state.progress.log.info(f"zfxxgk: 沿用上次构建的条目页面 {len(kept)} 条（内容和模板均未变）")
    produced |= {url + "index.html" for url in kept}
    written = len(state.filled) + len(kept)
    for rendered in item_pages(out, state.inp, state.md, state.cache, state.progress, skip=kept):
        url = rendered.page.url
        write_page(skeletons, site_dir, rendered.page)
        produced.add(url + "index.html")
        for uri, source in rendered.images.items():
            (site_dir / uri).unlink(missing_ok=True)  # a link to the published image: not written through
            shutil.copyfile(source, site_dir / uri)
            produced.add(uri)
        if previous is not None and url in prints and rendered.reusable:  # not a page showing images
            previous.wrote(url, prints[url])
        written += 1
    if previous is not None:
        previous.finish(produced)
    return written


def write_site(state: Build, site_dir: Path) -> None:
    """Write the item pages, the search index (search/index/) and sitemap.xml (<lastmod> from the items)
    into `site_dir`, where the engine has written the theme's pages."""
    try:
        write_filled_pages(state, site_dir)
    except FillError as exc:
        raise BuildError(str(exc)) from None
    except OSError as exc:  # disk full, no permission: the operator's problem, said in one line
        raise BuildError(f"zfxxgk: 写入条目页面失败：{describe(exc)}") from None
    try:
        if state.search is not None:
            state.search.wait()
        else:
            write_index(state.index, site_dir, state.cache, state.progress, synonyms(state.site))
    except SearchChildError as exc:
        raise BuildError(str(exc)) from None
    if state.cache is not None:
        state.cache.close()  # after the search index: its terms are cached too
    dates: dict[str, dt.date | None] = {p.url: p.lastmod for p in state.output.pages.values()}
    dates.update(state.output.item_dates)
    index = state.output.index
    newest = index.items[0].published if index and index.items else None
    urls = sorted({url for url in state.page_urls if url not in state.skeletons}
                  | {page.url for page in state.filled} | set(state.output.item_dates))
    pages = [(url, dates.get(url, newest)) for url in urls]
    site_url = state.conf.site_url if state.conf else ""
    (site_dir / "sitemap.xml").write_bytes(sitemap(pages, site_url or "/"))
    if state.serving:  # a preview: each item's problems at the top of its page; never in a published build
        preview.inject(site_dir, state.project.items, state.project.problems)


def finish(state: Build, strict: bool, engine_warnings: int | None = None) -> bool:
    """Swap the staging folder into place, unless the build logged an error (or, `strict`, a warning): then
    BuildError, and the site folder stays as it was. `engine_warnings`: the warnings the engine counted
    itself, when it ends a strict build on them (then nothing is published and False is returned, the
    engine says why); None when the engine does not count them. True once published."""
    publication = state.publication
    if publication is None:
        return False
    kept = f"网站没有发布：{publication.site_dir} 保持上次构建的内容"
    errors = publication.count.at_least(logging.ERROR)
    if errors and not state.serving:
        raise BuildError(f"zfxxgk: 构建中有 {errors} 个错误（见上方），{kept}")
    if strict:
        if engine_warnings:
            state.log.info(f"zfxxgk: 严格模式下有警告，{kept}")
            return False
        if engine_warnings is None and publication.count.at_least(logging.WARNING):
            raise BuildError(f"zfxxgk: 严格模式下有警告（见上方），{kept}")
    try:
        publish.publish(publication, keep=not state.serving)
    except publish.PublishError as exc:
        raise BuildError(str(exc)) from None
    return True


def abandon() -> None:
    """After a failed build: stop the search child, remove the staging folder (zfxxgk.site.publish)."""
    publish.abandon()
