"""The MkDocs adapter: translates MkDocs events into calls of the zfxxgk package and back.

Besides hooks/zfxxgk_hooks.py this is the only module that imports mkdocs. Per-build state lives in a
`Build` object created in on_config and kept on the config under BUILD_KEY, never in module globals.

- on_config: settings, as-of date, load and check every item (problems logged under
  mkdocs.plugins.zfxxgk, so `--strict` fails on them), the column tree and the nav.
- on_files: render every page and data file (zfxxgk.site.build.render_site) and add them as
  generated files; item pages are NOT_IN_NAV.
- on_page_content: generated pages get their precomputed HTML; the home page gets its overview.
- on_env: the footer and the search box for the templates. on_post_build: sitemap.xml with dates from
  the items, and the search index under search/index/ (zfxxgk.site.searchpage).
- on_serve: `mkdocs serve` watches content/, schema/ and catalogue/ too.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from zfxxgk.cache import Cache
from zfxxgk.catalogue_model import Catalogue
from zfxxgk.catalogue_tree import SlugError, column_tree
from zfxxgk.problems import RULES
from zfxxgk.progress import Progress
from zfxxgk.project import Project, load_project, open_cache
from zfxxgk.search import search_box_html
from zfxxgk.settings import Settings, SettingsError, load_settings
from zfxxgk.site import records, searchpage
from zfxxgk.site.annualpage import annual_extras
from zfxxgk.site.build import SiteInput, SiteOutput, nav_files, render_site, site_nav
from zfxxgk.site.builddate import BuildDate, build_date
from zfxxgk.site.columns import ColumnTree, TreeSpec, build_tree, spec_from_catalogue
from zfxxgk.site.footer import footer_html
from zfxxgk.site.markup import MarkdownRenderer
from zfxxgk.site.sitemap import sitemap
from zfxxgk.sitesettings import SiteSettings, parse_site

log = logging.getLogger("mkdocs.plugins.zfxxgk")
BUILD_KEY = "zfxxgk_build"


@dataclass
class Build:
    """Everything one build knows; created in on_config, read by the later events."""

    settings: Settings
    site: SiteSettings
    date: BuildDate
    project: Project
    tree: ColumnTree
    output: SiteOutput = field(default_factory=SiteOutput)
    page_urls: list[str] = field(default_factory=list)
    cache: Cache | None = None  # per-item results by content hash; closed (written) in on_post_build
    progress: Progress | None = None


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
    raw: Any = config.extra.get("zfxxgk", {}) if isinstance(config.extra, dict) else {}
    site = parse_site(raw.get("site") if isinstance(raw, dict) else None)
    when = build_date(settings.root)
    if not when.reproducible:
        log.warning(
            "zfxxgk: 没有 SOURCE_DATE_EPOCH 也没有 git 提交，以今天为构建日期，两次构建结果可能不同。"
        )
    progress = Progress(log)
    cache = open_cache(settings)
    try:
        project = load_project(settings, when.date, progress, cache)
    except SettingsError as exc:
        cache.close()
        raise PluginError(str(exc)) from None
    report(project)
    tree = build_tree(tree_spec(project, site), site, (item.catalogue for item in project.items))
    config[BUILD_KEY] = Build(settings, site, when, project, tree, cache=cache, progress=progress)
    config.theme.static_templates.discard("sitemap.xml")  # ours has dates from the items, not the clock
    config.nav = site_nav(tree)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Render the column (pages, attachments, downloads, feed) and add it to the build as generated files."""
    state = _build(config)
    settings = state.settings
    md = MarkdownRenderer(config.markdown_extensions, config.mdx_configs)
    inp = SiteInput(
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
    state.output = out = render_site(project.public_items(), inp, md, state.cache, state.progress)
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
    in_nav = nav_files(state.tree)
    for uri, page in state.output.pages.items():
        if files.get_file_from_path(uri) is not None:
            log.warning(f"zfxxgk: docs/{uri} 与生成的页面同名，已使用生成的页面。")
            files.remove(files.get_file_from_path(uri))  # type: ignore[arg-type]
        level = InclusionLevel.INCLUDED if uri in in_nav else InclusionLevel.NOT_IN_NAV
        front = "---\ntitle: " + json.dumps(page.title, ensure_ascii=False) + "\n---\n"
        files.append(File.generated(config, uri, content=front, inclusion=level))
    for uri, content in state.output.data.items():
        files.append(File.generated(config, uri, content=content))
    for uri, path in state.output.copies.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Generated pages get the HTML rendered by zfxxgk.site; the home page gets the column overview."""
    state = _build(config)
    rendered = state.output.pages.get(page.file.src_uri)
    if rendered is not None:
        return rendered.html
    if page.is_homepage:
        return html + state.output.home_html
    return html


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Give the templates the footer (from settings) and remember every page URL for the sitemap."""
    state = _build(config)
    env.globals["zfxxgk_footer"] = footer_html(state.settings.agency)
    env.globals["zfxxgk_search_box"] = search_box_html  # main.html: the header box, a GET form to /search/
    state.page_urls = sorted(f.url for f in files.documentation_pages())
    return env


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """`mkdocs serve` also rebuilds when content/, schema/ or catalogue/ change (live preview for editors)."""
    settings = _build(config).settings
    for folder in (settings.content_dir, settings.schema_dir, settings.catalogue_dir):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def on_post_build(config: MkDocsConfig) -> None:
    """Write sitemap.xml (every page, <lastmod> from the items' dates) and the search index (search/index/)."""
    state = _build(config)
    if state.cache is not None:
        state.cache.close()
    docs = len(state.output.index.items) if state.output.index else 0
    stage = state.progress.stage("写入检索索引", docs) if state.progress else None
    stats = searchpage.write_search_index(state.output.index, Path(config.site_dir))
    if stage:
        stage.count = stats.docs
        stage.done(f"{stats.files} 个文件，{stats.bytes / 1e6:.1f} MB")
    dates = {p.url: p.lastmod for p in state.output.pages.values()}
    index = state.output.index
    newest = index.items[0].published if index and index.items else None
    pages = [(url, dates.get(url, newest)) for url in state.page_urls]
    Path(config.site_dir, "sitemap.xml").write_bytes(sitemap(pages, config.site_url or "/"))
