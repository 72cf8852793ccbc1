"""What one build knows: the engine's settings for it (`SiteConfig`), then everything the phases add (`Build`).

Created by `zfxxgk.build.gather`, read and extended by the later phases; per-build state, never module globals.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zfxxgk.cache import Cache
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.progress import LOGGER, Progress
from zfxxgk.project import Project
from zfxxgk.settings import Settings
from zfxxgk.site.build import SiteInput, SiteOutput
from zfxxgk.site.builddate import BuildDate
from zfxxgk.site.columns import ColumnTree
from zfxxgk.site.itempage import RenderedPage
from zfxxgk.site.publish import Publication
from zfxxgk.site.reuse import PreviousPages
from zfxxgk.site.searchchild import SearchChild
from zfxxgk.site.siteindex import SiteIndex
from zfxxgk.sitesettings import SiteSettings


class BuildError(Exception):
    """The build stops; the message (Chinese, for the editor or the operator) says why and what to do."""


class ConfigError(BuildError):
    """The configuration (mkdocs.yml, extra.zfxxgk) cannot be used: nothing was built."""


@dataclass(frozen=True)
class SiteConfig:
    """What the build takes from the engine's configuration (mkdocs.yml as the engine read it)."""

    config_file: Path
    site_dir: Path  # the site folder (the build writes beside it and swaps the result in)
    site_url: str = ""
    site_name: str = ""
    site_description: str = ""
    markdown_extensions: list[Any] = field(default_factory=list)
    mdx_configs: Mapping[str, Any] = field(default_factory=dict)
    extra: Any = None  # extra.zfxxgk
    use_directory_urls: bool = True
    strict: bool = False  # `strict: true` in the configuration: a warning fails the build as with --strict


@dataclass(frozen=True)
class ThemePage:
    """A page the engine renders with the theme: its source path and Markdown source (front matter with the
    title; the content comes from `zfxxgk.build.render.content`); in the nav or not."""

    uri: str
    source: str
    in_nav: bool


@dataclass
class Plan:
    """What the render phase hands the engine: the pages for the theme, the files to write as they are,
    and the docs/ pages a generated page replaces."""

    pages: list[ThemePage] = field(default_factory=list)
    data: dict[str, bytes] = field(default_factory=dict)  # site path → bytes
    copies: dict[str, Path] = field(default_factory=dict)  # site path → file on disk
    replaces: list[str] = field(default_factory=list)  # source paths a docs/*.md file must not have
    fill: bool = True  # item pages are filled into skeletons (not `item_pages: theme`)
    item_urls: Collection[str] = ()
    filled_urls: frozenset[str] = frozenset()

    def is_filled(self, url: str) -> bool:
        """Whether the page at `url` is written into a skeleton (an item page or a filled generated page)."""
        return url in self.item_urls or url in self.filled_urls


@dataclass
class Build:
    """Everything one build knows; created by `gather`, read and extended by the later phases."""

    settings: Settings
    site: SiteSettings
    date: BuildDate
    project: Project
    tree: ColumnTree
    output: SiteOutput = field(default_factory=SiteOutput)
    page_urls: list[str] = field(default_factory=list)  # every page the theme rendered (for the sitemap)
    cache: Cache | None = None  # per-item results by content hash; closed (written) once the site is written
    progress: Progress | None = None
    inp: SiteInput | None = None
    md: MarkdownRenderer | None = None
    filled: list[RenderedPage] = field(default_factory=list)  # generated pages written into a skeleton
    skeletons: set[str] = field(default_factory=set)  # URLs of the skeleton pages the theme renders
    previous: PreviousPages | None = None  # the last build's item pages, set aside for reuse
    search: SearchChild | None = None  # the process building the search index meanwhile
    index: SiteIndex | None = None  # the per-build index of the published items
    publication: Publication | None = None  # the staging folder beside the site folder, swapped in at the end
    conf: SiteConfig | None = None
    log: logging.Logger = field(default_factory=lambda: logging.getLogger(LOGGER))
    serving: bool = False  # a preview (`mkdocs serve`): shown even with errors, never published
    plan: Plan | None = None  # from the render phase
    by_library: bool = False  # zfxxgk.build.run drives the engine (not the engine the build)
