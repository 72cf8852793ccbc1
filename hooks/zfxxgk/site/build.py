"""Render the whole public column from loaded items: pages, nav, attachments, downloads, feed.

`render_site` renders the lists, sections, downloads and feed; `item_pages` streams the item pages.
Both are pure apart from reading the attachment sizes already on the items, so they can be tested and
benchmarked without MkDocs.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from zfxxgk.cache import Cache
from zfxxgk.items.record import Item
from zfxxgk.progress import Progress
from zfxxgk.settings import Agency
from zfxxgk.site import appform, downloads, feed, lists, pagemeta, sitepages
from zfxxgk.site.annualpage import Extra
from zfxxgk.site.bodies import iter_bodies
from zfxxgk.site.columns import Column, ColumnTree
from zfxxgk.html.images import find_images, image_copies
from zfxxgk.site.siteindex import SiteIndex, build_site_index as build_index
from zfxxgk.site.itempage import RenderedPage, breadcrumbs, item_lastmod, render_item
from zfxxgk.html.markup import MarkdownRenderer, cn_date, e
from zfxxgk.html.urls import relative, src_uri

NavEntry = Any  # MkDocs nav: str | {title: str | list[NavEntry]}


@dataclass
class SiteOutput:
    """Everything the build adds to MkDocs: generated pages, copied files, data files, the nav.

    Item pages are not held here: `item_pages` streams them (bodies rendered ahead in a process pool),
    so the adapter can write them one by one. `item_dates` has every item page's URL and last-modified
    date for the sitemap, `extra_html` the generated part of the pages that have one (年报 tables).
    """

    pages: dict[str, RenderedPage] = field(default_factory=dict)  # src_uri → page
    data: dict[str, bytes] = field(default_factory=dict)  # src_uri → bytes
    copies: dict[str, Path] = field(default_factory=dict)  # src_uri → file on disk
    home_html: str = ""
    index: SiteIndex | None = None
    item_dates: dict[str, dt.date] = field(default_factory=dict)  # item URL → lastmod
    extra_html: dict[str, str] = field(default_factory=dict)  # 索引号 → HTML after the body

    def add(self, page: RenderedPage) -> None:
        """Register a generated page under its source path."""
        self.pages[src_uri(page.url)] = page


@dataclass(frozen=True)
class SiteInput:
    """The inputs of one build besides the items."""

    tree: ColumnTree
    agency: Agency
    site_url: str
    site_name: str
    page_size: int
    feed_size: int
    home_size: int
    when: dt.date
    extras: Callable[[Item], Extra] | None = None


def render_site(items: Iterable[Item], inp: SiteInput, index: SiteIndex | None = None) -> SiteOutput:
    """Render every page and data file of the column from the checked items, except the item pages.

    Attachments are registered as copies; the item pages themselves come from `item_pages`. `index`, the
    per-build index of `items`, is built here unless the caller has it already.
    """
    out = SiteOutput()
    index = index if index is not None else build_index(items, inp.tree)
    out.index = index
    for item in index.items:
        url = index.urls[item.index_no]
        out.item_dates[url] = item_lastmod(item)
        extra = inp.extras(item) if inp.extras else Extra()
        if extra.html:
            out.extra_html[item.index_no] = extra.html
        for name, content in sorted(extra.files.items()):
            out.data[url + name] = content
        for att in item.attachments:
            source = att.readable  # only what checks.attachments accepts: no link, nothing outside the folder
            if source is not None:
                out.copies[url + att.file] = source
    for col in inp.tree.walk():
        if col.kind == "list":
            for page in lists.column_pages(col, inp.tree, index, inp.page_size):
                out.add(page)
            _column_data(out, col, index, inp)
        elif col.kind == "section":
            out.add(lists.section_page(col, inp.tree, index))
        elif col.kind == "application":
            form = appform.application_form(inp.agency, inp.when)
            out.data[col.url + appform.FORM_FILE] = form
            crumbs = breadcrumbs(inp.tree, None, col.url, col.title)
            html = appform.application_page(inp.agency, len(form), crumbs)
            out.add(RenderedPage(col.url, col.title, html, meta=pagemeta.of_column(col)))
    out.add(sitepages.sitemap_page(inp.tree))
    out.add(sitepages.contact_page(inp.agency, inp.tree))
    rows = downloads.records(index.items, index, inp.tree, inp.site_url)
    title = f"{inp.agency.name}政府信息公开目录"
    out.data["data/items.json"] = downloads.to_json(rows, title)
    out.data["data/items.csv"] = downloads.to_csv(rows)
    out.data["data/items.xlsx"] = downloads.to_xlsx(rows, title, inp.agency.name, inp.when)
    out.data[feed.FEED_PATH] = feed.atom(
        index.items, index, inp.site_url, inp.site_name, inp.agency.name, inp.feed_size
    )
    out.home_html = home_html(inp, index)
    return out


@dataclass(frozen=True)
class ItemPage:
    """One rendered item page and the local images its body shows (URL in the site → file on disk).

    `reusable` is False when the body shows images of the item's folder: a later build renders the page
    again, which copies them (the folder's files are not among the page's reuse inputs).
    """

    page: RenderedPage
    images: dict[str, Path]
    reusable: bool = True


def item_pages(
    out: SiteOutput,
    inp: SiteInput,
    md: MarkdownRenderer,
    cache: Cache | None = None,
    progress: Progress | None = None,
    skip: Collection[str] = (),
) -> Iterator[ItemPage]:
    """Every item page in index order but those whose URL is in `skip`, its body from the cache or
    rendered ahead in a process pool.

    Pages are produced one at a time (nothing accumulates), so the caller can write each and drop it.
    """
    index = out.index
    if index is None:
        return
    todo = [item for item in index.items if index.urls[item.index_no] not in skip] if skip else index.items
    stage = progress.stage("渲染条目页面", len(todo)) if progress else None
    bodies = iter_bodies([item.body for item in todo], md, cache, stage)
    for item, body in zip(todo, bodies, strict=True):
        page = render_item(item, index, inp.tree, body, out.extra_html.get(item.index_no, ""))
        column = index.home_column.get(item.index_no)
        top = inp.tree.parents(column.key)[0] if column else None
        page = replace(page, meta=pagemeta.item_meta(item, column, top, inp.site_url, page.url))
        found = find_images(body)
        yield ItemPage(page, image_copies(found, item.folder, page.url), reusable=not found.local)
    if stage:
        stage.done()


def _column_data(out: SiteOutput, col: Column, index: SiteIndex, inp: SiteInput) -> None:
    items = index.column_items.get(col.key, ())
    rows = downloads.records(items, index, inp.tree, inp.site_url)
    base = lists.column_data(col)
    out.data[base + ".json"] = downloads.to_json(rows, col.title)
    out.data[base + ".csv"] = downloads.to_csv(rows)
    out.data[base + ".xlsx"] = downloads.to_xlsx(rows, col.title, inp.agency.name, inp.when)


def site_nav(tree: ColumnTree) -> list[NavEntry]:
    """The MkDocs nav: the home page, then the columns in order (never items or list sub-pages)."""
    return [{"政府信息公开": "index.md"}, *(_nav(c) for c in tree.top)]


def nav_files(tree: ColumnTree) -> set[str]:
    """Source paths of the pages the nav names."""
    return {src_uri(c.url) for c in tree.walk()}


def _nav(col: Column) -> NavEntry:
    # The theme writes nav titles into the page as they are: the catalogue's text must reach it as HTML.
    title = html.escape(col.title, quote=False)
    if not col.children:
        return {title: src_uri(col.url)}
    return {title: [src_uri(col.url), *(_nav(c) for c in col.children)]}


def home_html(inp: SiteInput, index: SiteIndex) -> str:
    """The landing page's generated part: the columns with counts, the newest items, the downloads."""
    cards = "".join(
        f'<li><a href="{e(relative("", c.url))}">{e(c.title)}</a>'
        + (f" <span>（{lists.count(c, index)} 条）</span>" if c.kind != "application" else "")
        + "</li>"
        for c in inp.tree.top
    )
    newest = list(index.items[: inp.home_size])
    table = (
        lists.list_table(newest, index, "", "最新信息") if newest else '<p class="zfxxgk-none">暂无信息。</p>'
    )
    latest = f"（最近更新：{cn_date(newest[0].published)}）" if newest else ""
    return (
        f'<h2 id="lm">栏目</h2><ul class="zfxxgk-columns">{cards}</ul>'
        f'<h2 id="zxxx">最新信息</h2>'
        f'<p class="zfxxgk-count">共 <strong>{len(index.items)}</strong> 条信息{latest}</p>'
        f"{table}"
        '<h2 id="sjxz">数据下载</h2><p class="zfxxgk-downloads">全部信息目录：'
        '<a href="data/items.json">JSON</a> · <a href="data/items.csv">CSV</a> · '
        '<a href="data/items.xlsx">Excel</a> · <a href="feed.xml">订阅（Atom）</a></p>'
    )
