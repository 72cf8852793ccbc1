"""Phase 3, render: the page plan. Every generated page, list, 年报, download, feed, manifest, withdrawal and
redirect page is rendered here (zfxxgk.site.build.render_site); the engine gets the pages its theme renders
(the docs/ pages, the generated pages in the nav, one skeleton page per folder of filled pages) and the
files to write as they are. Item pages are not rendered here: the write phase streams them into the
theme's skeletons (zfxxgk.site.fill), or, with `item_pages: theme`, they are theme pages like any other.

The engine asks this module, page by page, for what goes into the theme's slots: `content` (the page's
HTML), `head` (its metadata in <head>), `template_globals` (footer, branding, search box).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

from zfxxgk.admin import site_files as admin_files
from zfxxgk.build.state import Build, Plan, ThemePage
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.html.urls import src_uri
from zfxxgk.search import search_box_html
from zfxxgk.settings import SettingsError
from zfxxgk.site import chrome, records, searchpage, sitepages
from zfxxgk.site.annualpage import annual_extras
from zfxxgk.site.build import NavEntry, SiteInput, SiteOutput, item_pages, nav_files, render_site, site_nav
from zfxxgk.site.footer import footer_html
from zfxxgk.site.skeleton import CONTENT_MARK, HEAD_MARK, TITLE_MARK, skeleton_url

# Pages the theme's header and footer link to (search, 网站地图, 联系我们): rendered by the theme even when
# filling, since a link to one of them from a skeleton would point at the skeleton's folder, not "./".
THEME_LINKED = ("", searchpage.SEARCH_URL, sitepages.SITEMAP_URL, sitepages.CONTACT_URL)


def nav(state: Build) -> list[NavEntry]:
    """The nav: the home page, then the columns in order (never items or list sub-pages)."""
    return site_nav(state.tree)


def render(state: Build) -> Plan:
    """Render every page and file of the site but the item pages (and with `item_pages: theme` those too)."""
    conf = state.conf
    if conf is None:
        raise ValueError("render needs the build's SiteConfig (gather sets it)")
    settings = state.settings
    state.md = md = MarkdownRenderer(conf.markdown_extensions, dict(conf.mdx_configs))
    state.inp = inp = SiteInput(
        tree=state.tree,
        agency=settings.agency,
        site_url=conf.site_url or "/",
        site_name=conf.site_name,
        page_size=state.site.page_size,
        feed_size=state.site.feed_size,
        home_size=state.site.home_size,
        when=state.date.date,
        extras=annual_extras(settings.content_dir, settings.root, state.project.items),
    )
    project = state.project
    state.output = out = render_site(project.public_items(), inp, state.index)
    state.index = out.index
    fill = state.site.item_pages != "theme"
    plan = Plan(fill=fill, item_urls=out.item_dates if fill else ())
    if fill:
        plan.replaces.extend(src_uri(url) for url in out.item_dates)
    else:
        for rendered in item_pages(out, inp, md, state.cache, state.progress):
            out.add(rendered.page)
            out.copies.update(rendered.images)
    withdrawn = project.withdrawals()
    for w in withdrawn:
        if w.url.endswith("/"):  # item URLs; an old CMS file URL keeps its record in the manifest only
            out.add(records.withdrawal_page(w, state.tree))
    out.add(searchpage.search_page(state.tree))  # /search/: outside the nav, reached from the header box
    for r in project.records.redirects:
        out.data[records.redirect_path(r.old)] = records.redirect_html(r.old, r.new, inp.site_url)
    published = (
        sorted((url, out.index.by_index[no]) for no, url in out.index.urls.items()) if out.index else []
    )
    out.data[records.MANIFEST_PATH] = records.manifest_json(published, withdrawn, project.records)
    _add_admin(state, conf.site_name, out)
    in_nav = nav_files(state.tree)
    skeletons = {skeleton_url(url) for url in out.item_dates} if fill else set()
    for uri, page in out.pages.items():
        plan.replaces.append(uri)
        # Outside the nav, written into the skeleton of its folder.
        if fill and uri not in in_nav and "<h1" in page.html and page.url not in THEME_LINKED:
            state.filled.append(page)
            skeletons.add(skeleton_url(page.url))
            continue
        plan.pages.append(ThemePage(uri, front(page.title), uri in in_nav))
    plan.pages.extend(ThemePage(src_uri(url), front(TITLE_MARK), False) for url in sorted(skeletons))
    state.skeletons = skeletons
    # the agency's emblem, favicon and 开办单位标识 from the repository; the default favicon is generated
    out.data.update(chrome.brand_data(settings.branding))
    out.copies.update(chrome.brand_files(settings.branding))
    plan.data, plan.copies = out.data, out.copies
    plan.filled_urls = frozenset(page.url for page in state.filled)
    state.plan = plan
    return plan


def _add_admin(state: Build, site_name: str, out: SiteOutput) -> None:
    """The web editing page under admin/ (zfxxgk.admin): configuration, page, Decap CMS, published items."""
    try:
        data, copies = admin_files(state.settings, site_name, state.project.public_items(),
                                   out.index.urls if out.index else {})
    except SettingsError as exc:  # no catalogue imported yet: no collections to edit
        state.log.info(f"zfxxgk: 没有生成网页编辑页面 admin/：{exc}")
        return
    out.data.update(data)
    out.copies.update(copies)


def front(title: str) -> str:
    """A generated page's Markdown source: only front matter with its title."""
    # The theme writes page.meta.title into <title> and the header as it is (MkDocs' Jinja does not
    # autoescape): it must be HTML already, or a 标题 like "</title><script>…" runs in the reader's browser.
    return "---\ntitle: " + json.dumps(escape(title), ensure_ascii=False) + "\n---\n"


def replaced_warning(uri: str) -> str:
    """The warning for a docs/ page at the source path of a generated page."""
    return f"zfxxgk: docs/{uri} 与生成的页面同名，已使用生成的页面。"


def content(state: Build, uri: str, url: str, is_homepage: bool, html: str) -> str:
    """The content of the page at source path `uri` as the theme shows it: a generated page's own HTML, the
    content marker in a skeleton, the home page with the column overview, any other page as rendered."""
    rendered = state.output.pages.get(uri)
    if rendered is not None:
        return rendered.html
    if url in state.skeletons:
        return CONTENT_MARK
    if is_homepage:
        return html + state.output.home_html
    return html


def head(state: Build, uri: str | None, url: str, is_homepage: bool) -> str:
    """The page's own metadata for <head> (`uri` None: a static template such as 404.html); a marker in
    skeletons, filled per page (zfxxgk.site.fill)."""
    description = state.conf.site_description if state.conf else ""
    if uri is None:
        return chrome.plain_head(description, None)
    if url in state.skeletons:
        return HEAD_MARK
    rendered = state.output.pages.get(uri)
    if rendered is not None:
        return chrome.meta_html(rendered.meta)
    return chrome.plain_head(description, "" if is_homepage else None)


def template_globals(state: Build) -> dict[str, Any]:
    """What the theme's templates use besides the page: the footer, the search box, the branding."""
    settings = state.settings
    site_url = state.conf.site_url if state.conf else ""
    search_box: Callable[..., str] = search_box_html  # main.html: the header box, a GET form to /search/
    return {
        "zfxxgk_footer": footer_html(settings.agency),
        "zfxxgk_search_box": search_box,
        "zfxxgk_brand": chrome.brand(settings.agency, settings.branding, state.tree, site_url),
    }
