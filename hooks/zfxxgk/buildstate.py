"""Everything one build knows: created by the MkDocs adapter in on_config, read by the later events and
by the package functions they delegate to (per-build state, never module globals)."""

from __future__ import annotations

from dataclasses import dataclass, field

from zfxxgk.cache import Cache
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.progress import Progress
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
    inp: SiteInput | None = None
    md: MarkdownRenderer | None = None
    filled: list[RenderedPage] = field(default_factory=list)  # generated pages written into a skeleton
    skeletons: set[str] = field(default_factory=set)  # URLs of the skeleton pages the theme renders
    previous: PreviousPages | None = None  # the last build's item pages, set aside for reuse
    search: SearchChild | None = None  # the process building the search index meanwhile
    index: SiteIndex | None = None  # the per-build index of the published items (from on_pre_build)
    publication: Publication | None = None  # the staging folder beside the site folder, swapped in at the end
