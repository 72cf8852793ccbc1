"""The pages written into the theme's skeleton pages: item pages, withdrawal notices, list sub-pages.

Once the engine has written the site, the theme's rendering of each skeleton page (zfxxgk.site.skeleton)
is read and removed (`read_skeletons`), and every page outside the nav that has an <h1> is written into the
skeleton of its folder (`write_page`): the write phase (zfxxgk.build.write) writes the generated pages the
render phase set aside, then every item page, streamed from zfxxgk.site.build.item_pages, and reuses an
item page whose inputs did not change since the last build (zfxxgk.site.reuse). Problems are FillError.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from zfxxgk.site import reuse
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
