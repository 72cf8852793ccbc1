"""The pages written into the theme's skeleton pages: item pages, withdrawal notices, list sub-pages.

Once MkDocs has written the site, the theme's rendering of each skeleton page (zfxxgk.site.skeleton)
is read and removed, and every page outside the nav that has an <h1> is written into the skeleton of
its folder: the generated pages collected in on_files, then every item page, streamed from
zfxxgk.site.build.item_pages (bodies rendered ahead in a process pool). An item page whose inputs did not
change since the last build into the same site directory stays as that build wrote it
(zfxxgk.site.reuse). Nothing here imports MkDocs: problems are FillError, which the adapter reports.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from zfxxgk.buildstate import Build
from zfxxgk.site import reuse
from zfxxgk.site.bodies import keep_bodies, settings_key
from zfxxgk.site.build import item_pages
from zfxxgk.site.itempage import RenderedPage
from zfxxgk.site.pagemeta import meta_html
from zfxxgk.site.skeleton import Skeleton, SkeletonError, skeleton_from, skeleton_url
from zfxxgk.html.urls import ITEM_ROOT


class FillError(Exception):
    """The theme's skeleton pages cannot take the pages; the message is for the operator."""


def read_skeletons(urls: Iterable[str], site_dir: Path) -> tuple[dict[str, Skeleton], dict[str, str]]:
    """The theme's skeleton pages at `urls` as written (after every plugin's on_post_page) and their
    digests, by URL; then removed from the site."""
    found: dict[str, Skeleton] = {}
    texts: dict[str, str] = {}
    for url in sorted(urls):
        path = site_dir / url / "index.html"
        try:
            texts[url] = path.read_bytes().decode("utf-8")
            found[url] = skeleton_from(texts[url], url)
        except (OSError, UnicodeDecodeError):
            raise FillError(f"zfxxgk: 主题没有输出页面骨架 {url}，无法生成条目页面") from None
        except SkeletonError as exc:
            raise FillError(f"zfxxgk: {exc}；请在 mkdocs.yml 的 extra.zfxxgk.site 中设置 item_pages: theme") from None
        shutil.rmtree(path.parent)  # the skeletons are not pages of the site
    return found, reuse.skeleton_digests(texts)


def write_page(skeletons: Mapping[str, Skeleton], site_dir: Path, page: RenderedPage) -> None:
    """Write `page` into the skeleton of its folder, at its URL under `site_dir`."""
    skeleton = skeletons.get(skeleton_url(page.url))
    if skeleton is None:
        raise FillError(f"zfxxgk: 没有 {page.url} 所在文件夹的页面骨架")
    try:
        html = skeleton.fill(page.title, page.html, page.url, meta_html(page.meta))
    except SkeletonError as exc:
        raise FillError(f"zfxxgk: {page.url}: {exc}") from None
    reuse.write_new(site_dir / page.url / "index.html", html.encode("utf-8", errors="xmlcharrefreplace"))


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
