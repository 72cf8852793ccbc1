"""Phase 1, gather: settings, the build date, the cache, every item, the column tree; the staging folder
beside the site folder (zfxxgk.site.publish) and the search index started in a child process."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from zfxxgk.branding import home_url
from zfxxgk.build.state import Build, BuildError, ConfigError, SiteConfig
from zfxxgk.catalogue.model import Catalogue
from zfxxgk.catalogue.tree import SlugError, column_tree
from zfxxgk.progress import Progress
from zfxxgk.project import Project, load_project, open_cache
from zfxxgk.search.synonyms import SynonymError, Synonyms, site_synonyms
from zfxxgk.settings import SettingsError, load_settings
from zfxxgk.site import publish
from zfxxgk.site.builddate import build_date
from zfxxgk.site.columns import TreeSpec, build_tree, spec_from_catalogue
from zfxxgk.site.searchchild import SearchChildError, start_index
from zfxxgk.site.siteindex import build_site_index as build_index
from zfxxgk.sitesettings import SiteSettings, parse_site


def tree_spec(project: Project, site: SiteSettings) -> TreeSpec:
    """The catalogue's column tree (一级 → 二级, catalogue order, pinyin slugs), or [] without a catalogue."""
    catalogue = project.context.catalogue
    if not isinstance(catalogue, Catalogue):
        return []
    try:
        return spec_from_catalogue(column_tree(catalogue, site.slugs))
    except SlugError as exc:
        raise ConfigError(f"mkdocs.yml: extra.zfxxgk.site.slugs 不正确：{exc}") from None


def site_settings(conf: SiteConfig) -> SiteSettings:
    """extra.zfxxgk.site of the configuration, with its defaults."""
    raw = conf.extra if isinstance(conf.extra, Mapping) else {}
    return parse_site(raw.get("site"))


def synonyms(site: SiteSettings) -> Synonyms:
    """The search's synonym table: the defaults and the site's own groups (site.search_synonyms)."""
    try:
        return site_synonyms(site.search_synonyms)
    except SynonymError as exc:
        raise ConfigError(f"zfxxgk: mkdocs.yml 的 extra.zfxxgk.site.search_synonyms 不正确：{exc}") from None


def gather(conf: SiteConfig, log: logging.Logger, watched: tuple[logging.Logger, ...],
           serving: bool = False) -> Build:
    """Start a build into conf.site_dir: lock it and make the staging folder (what the build logs to
    `watched` from now on is counted), load every item (unchecked), build the column tree, start the
    search index. A BuildError after the staging folder was made leaves it to `publish.abandon`."""
    if not conf.use_directory_urls:
        raise ConfigError("zfxxgk: use_directory_urls 必须为 true（条目网址形如 xxgk/<前段码>/<后段码>/）")
    try:
        settings = load_settings(conf.config_file)
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None
    site = site_settings(conf)
    try:
        publication = publish.begin(conf.site_dir, *watched)
    except publish.PublishError as exc:
        raise BuildError(str(exc)) from None
    when = build_date(settings.root, pinned=settings.as_of)
    if not when.reproducible:
        log.warning("zfxxgk: 没有 SOURCE_DATE_EPOCH 也没有 git 提交，以今天为构建日期，两次构建结果可能不同。")
    progress = Progress(log)
    cache = open_cache(settings)
    try:
        project = load_project(settings, when.date, progress, cache, check=False)
    except SettingsError as exc:
        cache.close()
        raise BuildError(str(exc)) from None
    tree = build_tree(tree_spec(project, site), site, (item.catalogue for item in project.items))
    tree = replace(tree, agency_home=home_url(settings.branding, conf.site_url))
    state = Build(settings, site, when, project, tree, cache=cache, progress=progress, publication=publication,
                  conf=conf, log=log, serving=serving)
    # What is published does not depend on the checks: the search index is started before them, so that
    # the checks and the index take the two CPUs.
    state.index = build_index(project.public_items(), tree)
    try:
        state.search = start_index(state.index, publication.staging, cache, synonyms(site))
    except SearchChildError as exc:
        raise BuildError(str(exc)) from None
    return state


def watched_folders(state: Build) -> list[Path]:
    """The folders a preview rebuilds on (content/, schema/, catalogue/), those that exist."""
    settings = state.settings
    return [f for f in (settings.content_dir, settings.schema_dir, settings.catalogue_dir) if f.is_dir()]
