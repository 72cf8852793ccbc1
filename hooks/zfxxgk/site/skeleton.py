"""The theme's page around item pages, rendered once and filled in for every item.

Rendering thousands of item pages through Material's templates costs more than everything else in a
build, yet those pages differ only in their title, their URL and their content: pages in the same folder
(item pages and withdrawal notices are all `xxgk/<前段码>/<后段码>/`) have the same relative links to
the theme's assets and to the nav's columns, pages outside the nav have the same nav, and generated
pages have no table of contents or neighbours. The MkDocs adapter therefore lets the theme render one
page per folder, outside the nav, with marker strings for the title and the content, and
`Skeleton.fill` puts each page's values where the markers were.

This is exact only for themes that insert the page title unfiltered (Material uses `page.meta.title`,
which the adapter sets) and mention the page's URL only literally (canonical link): the site setting
`item_pages: theme` renders every item page through the theme instead, and a test builds the sample
both ways and compares the bytes. A skeleton that names its own folder anywhere else is refused. For the
same reason a plugin that changes pages (on_page_content, on_post_page, ...) sees only the skeleton: the
adapter warns when one is configured (`plugins_warning`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# A skeleton page sits beside the pages filled into it (same parent folder, so every relative link the
# theme writes, to its assets and to the nav's columns, is the same); no column or item URL segment can
# have this name (theirs start with a letter or digit). The skeletons are removed once pages are written.
SKELETON_NAME = "_zfxxgk"
TITLE_MARK = "zfxxgk-skeleton-title-4b7e1d"
# Contains "<h1" so that Material does not add a heading of its own (item pages always have an <h1>).
CONTENT_MARK = '<h1 class="zfxxgk-skeleton">zfxxgk-skeleton-content-4b7e1d</h1>'
# Where the page's own metadata goes in <head> (zfxxgk.site.pagemeta); optional in a theme's skeleton.
HEAD_MARK = '<meta name="zfxxgk-skeleton-head-4b7e1d">'


def skeleton_url(url: str) -> str:
    """The URL of the skeleton page for the directory-style page `url` (not the home page)."""
    parent = url.rstrip("/").rpartition("/")[0]
    return f"{parent}/{SKELETON_NAME}/" if parent else f"{SKELETON_NAME}/"


def _split(url: str) -> re.Pattern[str]:
    return re.compile("(" + "|".join(re.escape(mark) for mark in (TITLE_MARK, CONTENT_MARK, HEAD_MARK, url)) + ")")


class SkeletonError(ValueError):
    """The theme's output does not have the markers where the skeleton needs them."""


@dataclass(frozen=True)
class Skeleton:
    """The theme's page split at the markers: text, slot, text, slot, … text."""

    parts: tuple[str, ...]
    slots: tuple[str, ...]

    def fill(self, title: str, content: str, url: str, head: str = "") -> str:
        """The page of one item: its title (text), content (HTML, must contain an <h1>), URL and metadata
        (HTML, escaped by its renderer) in the slots."""
        if "<h1" not in content:
            raise SkeletonError("条目页面的内容缺少 <h1> 标题，不能套用页面骨架")
        # The theme's slots are HTML: the title is text (escaped exactly as the adapter escapes page.meta.title
        # for `item_pages: theme`, so both ways give the same bytes); `content` and `head` are HTML already.
        values = {"title": escape(title), "content": content, "url": escape(url), "head": head}
        out = [self.parts[0]]
        for slot, text in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot])
            out.append(text)
        return "".join(out)


def skeleton_from(html: str, url: str) -> Skeleton:
    """Split the theme's rendering of the skeleton page at `url`; the content must appear exactly once."""
    names = {TITLE_MARK: "title", CONTENT_MARK: "content", HEAD_MARK: "head", url: "url"}
    pieces = _split(url).split(html)
    parts = tuple(pieces[0::2])
    slots = tuple(names[mark] for mark in pieces[1::2])
    if slots.count("content") != 1:
        raise SkeletonError(f"主题输出的页面骨架中正文标记出现了 {slots.count('content')} 次（应为 1 次）")
    if "title" not in slots:
        raise SkeletonError("主题输出的页面骨架中没有页面标题（模板没有使用 page.meta.title？）")
    if any(SKELETON_NAME in part for part in parts):
        # the skeleton's own folder outside the URL slot: every filled page would link to a page that
        # does not exist (a relative link to itself, a plugin's output, a URL in another form)
        raise SkeletonError(f"主题输出的页面骨架中，页面骨架的文件夹名 {SKELETON_NAME} 出现在标记之外，"
                            "条目页面会带上指向不存在页面的链接")
    return Skeleton(parts, slots)


def plugins_warning(names: Sequence[str]) -> str:
    """The warning for plugins that handle page events, which see the skeleton but not the pages filled in."""
    return (f"zfxxgk: 条目页面（及撤回说明等页面）是把内容填入主题渲染的一个页面骨架生成的，插件 {'、'.join(names)} "
            "只会处理到这个骨架，处理不到这些页面（例如压缩 HTML、图片懒加载、建立搜索索引都不会生效）；"
            "要让插件处理每个条目页面，请在 mkdocs.yml 的 extra.zfxxgk.site 中设置 item_pages: theme"
            "（每个条目页面都经主题渲染，构建慢得多）")
