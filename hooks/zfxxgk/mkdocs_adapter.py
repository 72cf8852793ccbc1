"""The MkDocs adapter: translates MkDocs events into calls of the zfxxgk package and back.

Besides hooks/zfxxgk_hooks.py this is the only module that imports mkdocs. Per-build state lives in a
`Build` object (zfxxgk.buildstate) created in on_config and kept on the config under BUILD_KEY, never in
module globals.

- on_startup: whether this is `mkdocs serve` (a preview, shown even with errors).
- on_config: the build goes into a staging folder beside the site folder, under a lock, after removing
  what a killed build left (zfxxgk.site.publish: config.site_dir points at the staging folder until the
  swap); settings, as-of date, load every item, the column tree; a child process starts building the
  search index (zfxxgk.search.child); then every check (problems logged under mkdocs.plugins.zfxxgk, so
  `--strict` fails on them; errors end the build here, strict or not) and the nav; a warning when a
  plugin handles page events, which item pages filled into a skeleton never go through.
- on_pre_build: the item pages of the site before the published one (kept beside it) are moved into the
  staging folder for reuse, or else the published ones linked (zfxxgk.site.reuse).
- on_files: render the lists, sections and data files (zfxxgk.site.build.render_site) and add them as
  generated files, plus one skeleton page at the depth of the item pages (zfxxgk.site.skeleton); links
  from docs/*.md to the pages written into skeletons resolve (`_FilledFiles`).
- on_page_content: generated pages get their precomputed HTML; the home page gets its overview.
- on_env: the footer and the search box for the templates.
- on_post_build: every item page, streamed (bodies rendered ahead in a process pool) into the theme's
  rendering of the skeleton page and written (zfxxgk.site.fill); the search index under search/index/
  (zfxxgk.search.child); sitemap.xml with dates from the items. With `site.item_pages: theme` item pages
  go through the theme like any other page. Then, after every other plugin's on_post_build: the
  staging folder replaces the site folder, unless an error was logged (or, with `--strict`, a warning),
  in which case the site folder stays as it was and the build fails.
- on_serve: `mkdocs serve` watches content/, schema/ and catalogue/ too.
- on_startup: remembers whether this process serves a preview; then on_post_build puts each item's
  problems at the top of its page (zfxxgk.site.preview) — never in a published build.
- on_build_error: the search child is stopped and the staging folder removed (zfxxgk.site.publish).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from html import escape
from pathlib import Path, PurePath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from zfxxgk.admin import site_files as admin_files
from zfxxgk.branding import home_url
from zfxxgk.buildstate import Build
from zfxxgk.catalogue.model import Catalogue
from zfxxgk.catalogue.tree import SlugError, column_tree
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.html.urls import src_uri
from zfxxgk.problems import RULES
from zfxxgk.progress import Progress
from zfxxgk.project import Project, check_project, load_project, open_cache
from zfxxgk.search import search_box_html
from zfxxgk.search.synonyms import SynonymError, Synonyms, site_synonyms
from zfxxgk.settings import SettingsError, load_settings
from zfxxgk.site import chrome, preview, publish, records, searchpage, sitepages
from zfxxgk.site.annualpage import annual_extras
from zfxxgk.site.build import SiteInput, SiteOutput, item_pages, nav_files, render_site, site_nav
from zfxxgk.site.builddate import build_date
from zfxxgk.site.columns import TreeSpec, build_tree, spec_from_catalogue
from zfxxgk.site.fill import FillError, write_filled_pages
from zfxxgk.site.footer import footer_html
from zfxxgk.site.reuse import PreviousPages
from zfxxgk.site.searchchild import SearchChildError, describe, start_index, write_index
from zfxxgk.site.siteindex import build_site_index
from zfxxgk.site.sitemap import sitemap
from zfxxgk.site.skeleton import CONTENT_MARK, HEAD_MARK, TITLE_MARK, plugins_warning, skeleton_url
from zfxxgk.sitesettings import SiteSettings, parse_site

# The MkDocs events this adapter handles (hooks/zfxxgk_hooks.py imports exactly these).
__all__ = [
    "on_build_error",
    "on_config",
    "on_env",
    "on_files",
    "on_page_content",
    "on_post_build",
    "on_pre_build",
    "on_serve",
    "on_startup",
]

log = logging.getLogger("mkdocs.plugins.zfxxgk")
BUILD_KEY = "zfxxgk_build"
THEME_LINKED = ("", searchpage.SEARCH_URL, sitepages.SITEMAP_URL, sitepages.CONTACT_URL)
# MkDocs' events about one page: a plugin handling any of them would handle the skeleton page only
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")


# Whether this process runs `mkdocs serve` (told once, in on_startup, before any build): a fact about the
# process, not about one build.
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    """`mkdocs serve` previews the site even with errors (in a folder of its own, never published)."""
    global _serving
    _serving = command == "serve"


def _build(config: MkDocsConfig) -> Build:
    state = config.get(BUILD_KEY)
    if not isinstance(state, Build):
        raise PluginError("zfxxgk: on_config did not run for this build")
    return state


def tree_spec(project: Project, site: SiteSettings) -> TreeSpec:
    """The catalogue's column tree (一级 → 二级, catalogue order, pinyin slugs), or [] without a catalogue."""
    catalogue = project.context.catalogue
    if not isinstance(catalogue, Catalogue):
        return []
    try:
        return spec_from_catalogue(column_tree(catalogue, site.slugs))
    except SlugError as exc:
        raise PluginError(f"mkdocs.yml: extra.zfxxgk.site.slugs 不正确：{exc}") from None


def report(project: Project) -> None:
    """Log errors and warnings as `path:line:column: 错误|警告 [rule] message` (they fail --strict).

    Notices (提示) are for the disclosure office, not the build: one summary line per rule, with the
    command that lists them in full.
    """
    notices: dict[str, int] = {}
    for problem in project.problems.sorted():
        if problem.severity.value == "info":
            notices[problem.rule] = notices.get(problem.rule, 0) + 1
            continue
        where = f"{problem.path}:{problem.line}:{problem.column}"
        line = f"{where}: {problem.severity.label} [{problem.rule}] {problem.message}"
        if problem.severity.value == "error":
            log.error(line)
        else:
            log.warning(line)
    for rule_id, count in sorted(notices.items()):
        log.info(f"提示 [{rule_id}] {count} 条（{RULES[rule_id].summary}）；详见 zfxxgk check 或 zfxxgk report compliance")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the content, build the column tree and the nav (the nav holds the columns only)."""
    if not config.use_directory_urls:
        raise PluginError("zfxxgk: use_directory_urls 必须为 true（条目网址形如 xxgk/<前段码>/<后段码>/）")
    try:
        settings = load_settings(config.config_file_path)
    except SettingsError as exc:
        raise PluginError(str(exc)) from None
    # config.extra is MkDocs' own mapping type (a UserDict), not a dict
    raw: Any = config.extra.get("zfxxgk", {}) if isinstance(config.extra, Mapping) else {}
    site = parse_site(raw.get("site") if isinstance(raw, Mapping) else None)
    if site.item_pages != "theme" and (names := _page_plugins(config)):
        log.warning(plugins_warning(names))
    try:
        publication = publish.begin(Path(config.site_dir), logging.getLogger("mkdocs"))
    except publish.PublishError as exc:
        raise PluginError(str(exc)) from None
    config.site_dir = str(publication.staging)  # until the swap, in on_post_build
    when = build_date(settings.root)
    if not when.reproducible:
        log.warning(
            "zfxxgk: 没有 SOURCE_DATE_EPOCH 也没有 git 提交，以今天为构建日期，两次构建结果可能不同。"
        )
    progress = Progress(log)
    cache = open_cache(settings)
    try:
        project = load_project(settings, when.date, progress, cache, check=False)
    except SettingsError as exc:
        cache.close()
        raise PluginError(str(exc)) from None
    tree = build_tree(tree_spec(project, site), site, (item.catalogue for item in project.items))
    tree = replace(tree, agency_home=home_url(settings.branding, config.site_url or ""))
    state = Build(settings, site, when, project, tree, cache=cache, progress=progress, publication=publication)
    config[BUILD_KEY] = state
    # What is published does not depend on the checks: the search index is started before them, so that
    # the checks and the index take the two CPUs.
    _start_search(state, Path(config.site_dir))
    check_project(project, progress, keep_sources=False)
    report(project)
    if (errors := len(project.problems.errors)) and not _serving:
        raise PluginError(f"zfxxgk: 内容有 {errors} 个错误（见上方），网站没有发布：{publication.site_dir} 保持上次构建的内容")
    config.theme.static_templates.discard("sitemap.xml")  # ours has dates from the items, not the clock
    config.nav = site_nav(tree)
    return config


def _page_plugins(config: MkDocsConfig) -> list[str]:
    """The plugins, and hooks other than this one, that handle page events: they would see the skeleton
    instead of the pages filled into it. (With `plugins: []`, config.plugins holds only the hooks.)"""
    return [name for name, plugin in config.plugins.items()
            if getattr(plugin, "on_config", None) is not on_config
            and any(callable(getattr(plugin, f"on_{event}", None)) for event in PAGE_EVENTS)]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Render the column (lists, attachments, downloads, feed) and add it to the build as generated files."""
    state = _build(config)
    settings = state.settings
    state.md = md = MarkdownRenderer(config.markdown_extensions, config.mdx_configs)
    state.inp = inp = SiteInput(
        tree=state.tree,
        agency=settings.agency,
        site_url=config.site_url or "/",
        site_name=config.site_name,
        page_size=state.site.page_size,
        feed_size=state.site.feed_size,
        home_size=state.site.home_size,
        when=state.date.date,
        extras=annual_extras(settings.content_dir, settings.root, state.project.items),
    )
    project = state.project
    state.output = out = render_site(project.public_items(), inp, state.index)
    state.index = out.index  # the same, or built here when an old hook file has no on_pre_build
    fill = state.site.item_pages != "theme"
    if fill:
        for url in out.item_dates:
            _replace_docs_file(files, src_uri(url))
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
    _add_admin(state, config, out)
    in_nav = nav_files(state.tree)
    skeletons = {skeleton_url(url) for url in out.item_dates} if fill else set()
    for uri, page in state.output.pages.items():
        _replace_docs_file(files, uri)
        # Outside the nav, written into the skeleton of its folder; not the pages the theme's header and
        # footer link to (search, 网站地图, 联系我们: the link would point at the skeleton's folder, not "./").
        if fill and uri not in in_nav and "<h1" in page.html and page.url not in THEME_LINKED:
            state.filled.append(page)
            skeletons.add(skeleton_url(page.url))
            continue
        level = InclusionLevel.INCLUDED if uri in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, content=_front(page.title), inclusion=level))
    for url in sorted(skeletons):
        files.append(File.generated(config, src_uri(url), content=_front(TITLE_MARK),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    state.skeletons = skeletons
    # the agency's emblem, favicon and 开办单位标识 from the repository; the default favicon is generated
    state.output.data.update(chrome.brand_data(settings.branding))
    state.output.copies.update(chrome.brand_files(settings.branding))
    for uri, content in state.output.data.items():
        files.append(File.generated(config, uri, content=content))
    for uri, path in state.output.copies.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    if fill:
        filled = {page.url for page in state.filled}
        return _FilledFiles(files, config, lambda url: url in out.item_dates or url in filled)
    return files


def _add_admin(state: Build, config: MkDocsConfig, out: SiteOutput) -> None:
    """The web editing page under admin/ (zfxxgk.admin): configuration, page, Decap CMS, published items."""
    try:
        data, copies = admin_files(state.settings, config.site_name, state.project.public_items(),
                                   out.index.urls if out.index else {})
    except SettingsError as exc:  # no catalogue imported yet: no collections to edit
        log.info(f"zfxxgk: 没有生成网页编辑页面 admin/：{exc}")
        return
    out.data.update(data)
    out.copies.update(copies)


class _FilledFiles(Files):
    """MkDocs' files, in which a link from docs/*.md to a page written into a skeleton (xxgk/<a>/<b>/index.md)
    also finds its target, as it does with `item_pages: theme`.

    Those pages are not among the files, which MkDocs would read and render, so a File is made for the
    one linked to when MkDocs looks it up (page links are resolved by `get_file_from_path`): no work per
    item page. It is not iterated, so MkDocs neither renders nor copies it.
    """

    def __init__(self, files: Files, config: MkDocsConfig, filled: Callable[[str], bool]) -> None:
        super().__init__(files)
        self._config = config
        self._filled = filled
        self._made: dict[str, File] = {}

    def get_file_from_path(self, path: str) -> File | None:
        """The file at `path` (src_uri), or a page written into a skeleton there."""
        found = super().get_file_from_path(path)
        uri = PurePath(path).as_posix()
        if found is not None or not uri.endswith("/index.md") or not self._filled(uri[: -len("index.md")]):
            return found
        if uri not in self._made:
            self._made[uri] = File(uri, None, self._config.site_dir, True, inclusion=InclusionLevel.NOT_IN_NAV)
        return self._made[uri]


def _front(title: str) -> str:
    # The theme writes page.meta.title into <title> and the header as it is (MkDocs' Jinja does not
    # autoescape): it must be HTML already, or a 标题 like "</title><script>…" runs in the reader's browser.
    return "---\ntitle: " + json.dumps(escape(title), ensure_ascii=False) + "\n---\n"


def _replace_docs_file(files: Files, uri: str) -> None:
    existing = files.get_file_from_path(uri)
    if existing is not None:
        log.warning(f"zfxxgk: docs/{uri} 与生成的页面同名，已使用生成的页面。")
        files.remove(existing)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Generated pages get the HTML rendered by zfxxgk.site; the home page gets the column overview."""
    state = _build(config)
    rendered = state.output.pages.get(page.file.src_uri)
    if rendered is not None:
        return rendered.html
    if page.url in state.skeletons:
        return CONTENT_MARK
    if page.is_homepage:
        return html + state.output.home_html
    return html


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Give the templates the footer, the branding and the page metadata (from settings) and remember every
    page URL for the sitemap."""
    state = _build(config)
    settings = state.settings
    env.globals["zfxxgk_footer"] = footer_html(settings.agency)
    env.globals["zfxxgk_search_box"] = search_box_html  # main.html: the header box, a GET form to /search/
    env.globals["zfxxgk_brand"] = chrome.brand(settings.agency, settings.branding, state.tree, config.site_url or "")
    description = config.site_description or ""

    def head(page: Any) -> str:
        """The page's own metadata for <head>: a marker in skeletons, filled per page (zfxxgk.site.fill)."""
        if not isinstance(page, Page):  # 404.html and other static templates
            return chrome.plain_head(description, None)
        if page.url in state.skeletons:
            return HEAD_MARK
        rendered = state.output.pages.get(page.file.src_uri)
        if rendered is not None:
            return chrome.meta_html(rendered.meta)
        return chrome.plain_head(description, "" if page.is_homepage else None)

    env.globals["zfxxgk_head"] = head
    state.page_urls = sorted(f.url for f in files.documentation_pages())
    return env


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """`mkdocs serve` also rebuilds when content/, schema/ or catalogue/ change (live preview for editors)."""
    settings = _build(config).settings
    for folder in (settings.content_dir, settings.schema_dir, settings.catalogue_dir):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def _synonyms(site: SiteSettings) -> Synonyms:
    """The search's synonym table: the defaults and the site's own groups (site.search_synonyms)."""
    try:
        return site_synonyms(site.search_synonyms)
    except SynonymError as exc:
        raise PluginError(f"zfxxgk: mkdocs.yml 的 extra.zfxxgk.site.search_synonyms 不正确：{exc}") from None


def _start_search(state: Build, site_dir: Path) -> None:
    """Start the search child (or leave the index to on_post_build: a small site, no process to spare)."""
    state.index = build_site_index(state.project.public_items(), state.tree)
    try:
        state.search = start_index(state.index, site_dir, state.cache, _synonyms(state.site))
    except SearchChildError as exc:
        raise PluginError(str(exc)) from None


def on_pre_build(config: MkDocsConfig) -> None:
    """Before MkDocs empties the staging folder: set the last build's item pages aside there for reuse."""
    state = _build(config)
    if state.site.item_pages != "theme" and state.cache is not None and state.cache.enabled:
        publication = state.publication
        published = publication.site_dir if publication else Path(config.site_dir)
        state.previous = PreviousPages(Path(config.site_dir), state.cache, published,
                                       publication.old if publication else None)
        state.previous.set_aside()


def on_build_error(error: Exception) -> None:
    """A failed build leaves no search child running and no staging folder, and the site folder as it was
    (MkDocs passes no config here: zfxxgk.site.publish knows the builds under way)."""
    publish.abandon()


def _write_site(config: MkDocsConfig) -> None:
    """Write the item pages, the search index (search/index/) and sitemap.xml (<lastmod> from the items)."""
    state = _build(config)
    site_dir = Path(config.site_dir)
    try:
        write_filled_pages(state, site_dir)
    except FillError as exc:
        raise PluginError(str(exc)) from None
    except OSError as exc:  # disk full, no permission: the operator's problem, said in one line
        raise PluginError(f"zfxxgk: 写入条目页面失败：{describe(exc)}") from None
    if state.search is not None:
        try:
            state.search.wait()
        except SearchChildError as exc:
            raise PluginError(str(exc)) from None
    else:
        write_index(state.index, site_dir, state.cache, state.progress, _synonyms(state.site))
    if state.cache is not None:
        state.cache.close()  # after the search index: its terms are cached too
    dates: dict[str, dt.date | None] = {p.url: p.lastmod for p in state.output.pages.values()}
    dates.update(state.output.item_dates)
    index = state.output.index
    newest = index.items[0].published if index and index.items else None
    urls = sorted({url for url in state.page_urls if url not in state.skeletons}
                  | {page.url for page in state.filled} | set(state.output.item_dates))
    pages = [(url, dates.get(url, newest)) for url in urls]
    (site_dir / "sitemap.xml").write_bytes(sitemap(pages, config.site_url or "/"))
    if _serving:  # a preview: each item's problems at the top of its page; never in a published build
        preview.inject(site_dir, state.project.items, state.project.problems)


@event_priority(float("-inf"))  # after every other plugin's on_post_build, whatever its priority: they write too
def _publish(config: MkDocsConfig) -> None:
    """Swap the staging folder into place, unless the build logged an error (or, with --strict, a warning)."""
    publication = _build(config).publication
    if publication is None:
        return
    config.site_dir = str(publication.site_dir)  # as given (`mkdocs gh-deploy` reads it after the build)
    kept = f"网站没有发布：{publication.site_dir} 保持上次构建的内容"
    errors = publication.count.at_least(logging.ERROR)
    if errors and not _serving:
        raise PluginError(f"zfxxgk: 构建中有 {errors} 个错误（见上方），{kept}")
    if config.strict:
        theirs = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
        if any(h.get_counts() for h in theirs):
            log.info(f"zfxxgk: 严格模式下有警告，{kept}")
            return  # MkDocs ends the build with its count of them (on_build_error removes the staging folder)
        if not theirs and publication.count.at_least(logging.WARNING):
            raise PluginError(f"zfxxgk: 严格模式下有警告（见上方），{kept}")
    try:
        publish.publish(publication, keep=not _serving)
    except publish.PublishError as exc:
        raise PluginError(str(exc)) from None


# Two handlers of one event: the site is written at the usual place among the plugins, published last.
on_post_build = CombinedEvent(_write_site, _publish)


def _guard_config_file() -> None:
    """Refuse a mkdocs.yml over the YAML bounds (zfxxgk.yamlpos) while MkDocs imports the hook file.

    MkDocs logs the repr of every config value right after validating them, before any event: an alias bomb
    of ten lines would hang it there (and a deep nesting crash it). The hook file is imported during that
    validation, by the config object that read the file; a ValidationError raised now is reported by MkDocs
    as a config error, with our message, and the build stops.
    """
    import inspect

    from mkdocs.config.base import Config, ValidationError

    from zfxxgk import yamlpos

    frame = inspect.currentframe()
    while frame is not None:
        owner = frame.f_locals.get("self")
        if isinstance(owner, Config) and getattr(owner, "config_file_path", None):
            path = Path(str(owner.config_file_path))
            try:
                yamlpos.parse(path.read_text(encoding="utf-8"))
            except yamlpos.LimitError as exc:
                for key in list(owner.keys()):  # MkDocs would still print them before it stops: drop them
                    if _oversized(owner[key], [yamlpos.MAX_NODES]):
                        owner[key] = None
                raise ValidationError(f"{path.name}:{exc.line}:{exc.column}: 超出处理上限：{exc.message}") from None
            except (OSError, UnicodeDecodeError, yamlpos.YamlError):
                return  # MkDocs read it; anything else about it is on_config's to report
            return
        frame = frame.f_back


def _oversized(value: Any, budget: list[int]) -> bool:
    """Whether a loaded value holds more than the budget of items, counting shared (aliased) parts each time."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            children = list(item.values())
        elif isinstance(item, (list, tuple)):
            children = list(item)
        else:
            continue
        budget[0] -= len(children)
        if budget[0] < 0:
            return True
        stack.extend(children)
    return False


_guard_config_file()
