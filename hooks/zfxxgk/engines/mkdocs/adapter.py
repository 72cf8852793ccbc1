"""The MkDocs adapter: translates MkDocs events into calls of the build library (zfxxgk.build) and back.

With hooks/zfxxgk_hooks.py (which re-exports the events below) this folder, zfxxgk/engines/, is the only
place that imports mkdocs. Per-build state is a zfxxgk.build.Build kept on the config under BUILD_KEY.

Two ways to run:

- `mkdocs build` / `mkdocs serve`: MkDocs drives and the events run the library's phases. on_config:
  gather (staging folder, items, column tree, search child) and check, then the nav; on_pre_build: set the
  last build's item pages aside for reuse; on_files: render (the page plan) and add its pages and files;
  on_page_content and on_env: what goes into the theme's slots; on_post_build: write (item pages filled
  into the skeletons, search index, sitemap), then, after every other plugin's on_post_build, publish.
- `zfxxgk build` (zfxxgk.build.run): the library drives; it has gathered, checked and rendered before MkDocs
  builds (zfxxgk.engines.mkdocs.MkDocsEngine puts the state on the config), and writes and publishes
  after it; the events only hand MkDocs the plan.

on_startup: whether this is `mkdocs serve` (a preview: shown even with errors, each item's problems at the
top of its page, never published). on_serve: `mkdocs serve` watches content/, schema/ and catalogue/ too.
on_build_error: the search child is stopped and the staging folder removed (zfxxgk.site.publish).
A warning when a plugin handles page events, which item pages filled into a skeleton never go through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path, PurePath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from zfxxgk import yamlpos
from zfxxgk.build import Build, BuildError, SiteConfig
from zfxxgk.build.check import check
from zfxxgk.build.gather import gather, watched_folders
from zfxxgk.build.render import content, head, nav, render, replaced_warning, template_globals
from zfxxgk.build.write import abandon, finish, set_aside, write_site
from zfxxgk.progress import LOGGER
from zfxxgk.site.skeleton import plugins_warning

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

log = logging.getLogger(LOGGER)
BUILD_KEY = "zfxxgk_build"
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


def site_config(config: MkDocsConfig) -> SiteConfig:
    """What the build library takes from MkDocs' configuration."""
    # config.extra is MkDocs' own mapping type (a UserDict), not a dict
    raw: Any = config.extra.get("zfxxgk", {}) if isinstance(config.extra, Mapping) else {}
    return SiteConfig(
        config_file=Path(str(config.config_file_path)),
        site_dir=Path(config.site_dir),
        site_url=config.site_url or "",
        site_name=config.site_name,
        site_description=config.site_description or "",
        markdown_extensions=list(config.markdown_extensions),
        mdx_configs=dict(config.mdx_configs),
        extra=raw,
        use_directory_urls=bool(config.use_directory_urls),
        strict=bool(config.strict),
    )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the content (unless zfxxgk.build has), point MkDocs at the staging folder, set the nav."""
    state = config.get(BUILD_KEY)
    if not isinstance(state, Build) or not state.by_library:
        try:
            state = gather(site_config(config), log, (logging.getLogger("mkdocs"),), serving=_serving)
        except BuildError as exc:
            raise PluginError(str(exc)) from None
        if state.publication is not None:
            config.site_dir = str(state.publication.staging)  # until the swap, in on_post_build
        config[BUILD_KEY] = state
        try:
            check(state)
        except BuildError as exc:
            raise PluginError(str(exc)) from None
    if state.site.item_pages != "theme" and (names := _page_plugins(config)):
        log.warning(plugins_warning(names))
    config.theme.static_templates.discard("sitemap.xml")  # ours has dates from the items, not the clock
    config.nav = nav(state)
    return config


def _page_plugins(config: MkDocsConfig) -> list[str]:
    """The plugins, and hooks other than this one, that handle page events: they would see the skeleton
    instead of the pages filled into it. (With `plugins: []`, config.plugins holds only the hooks.)"""
    return [name for name, plugin in config.plugins.items()
            if getattr(plugin, "on_config", None) is not on_config
            and any(callable(getattr(plugin, f"on_{event}", None)) for event in PAGE_EVENTS)]


def on_pre_build(config: MkDocsConfig) -> None:
    """Before MkDocs empties the staging folder: set the last build's item pages aside there for reuse."""
    state = _build(config)
    if not state.by_library:
        set_aside(state, Path(config.site_dir))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the plan's pages (theme-rendered: generated pages, skeletons) and files to MkDocs' files."""
    state = _build(config)
    plan = state.plan
    if plan is None:
        try:
            plan = render(state)
        except BuildError as exc:
            raise PluginError(str(exc)) from None
    for uri in plan.replaces:
        existing = files.get_file_from_path(uri)
        if existing is not None:
            log.warning(replaced_warning(uri))
            files.remove(existing)
    for page in plan.pages:
        level = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.uri, content=page.source, inclusion=level))
    for uri, data in plan.data.items():
        files.append(File.generated(config, uri, content=data))
    for uri, path in plan.copies.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    if plan.fill:
        return _FilledFiles(files, config, plan.is_filled)
    return files


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


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Generated pages get the HTML rendered by zfxxgk.site; the home page gets the column overview."""
    return content(_build(config), page.file.src_uri, page.url, page.is_homepage, html)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Give the templates the footer, the branding and the page metadata and remember every page URL for
    the sitemap."""
    state = _build(config)
    env.globals.update(template_globals(state))

    def page_head(page: Any) -> str:
        """The page's own metadata for <head>: a marker in skeletons, filled per page (zfxxgk.site.fill)."""
        if not isinstance(page, Page):  # 404.html and other static templates
            return head(state, None, "", False)
        return head(state, page.file.src_uri, page.url, page.is_homepage)

    env.globals["zfxxgk_head"] = page_head
    state.page_urls = sorted(f.url for f in files.documentation_pages())
    return env


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """`mkdocs serve` also rebuilds when content/, schema/ or catalogue/ change (live preview for editors)."""
    for folder in watched_folders(_build(config)):
        server.watch(str(folder))
    return server


def on_build_error(error: Exception) -> None:
    """A failed build leaves no search child running and no staging folder, and the site folder as it was
    (MkDocs passes no config here: zfxxgk.site.publish knows the builds under way)."""
    abandon()


def _write_site(config: MkDocsConfig) -> None:
    """Write the item pages, the search index and sitemap.xml (zfxxgk.build.write), unless zfxxgk.build
    drives: then it writes once MkDocs is done."""
    state = _build(config)
    if state.by_library:
        return
    try:
        write_site(state, Path(config.site_dir))
    except BuildError as exc:
        raise PluginError(str(exc)) from None


@event_priority(float("-inf"))  # after every other plugin's on_post_build, whatever its priority: they write too
def _publish(config: MkDocsConfig) -> None:
    """Swap the staging folder into place, unless the build logged an error (or, with --strict, a warning)."""
    state = _build(config)
    if state.by_library or state.publication is None:
        return
    config.site_dir = str(state.publication.site_dir)  # as given (`mkdocs gh-deploy` reads it after the build)
    warnings: int | None = None
    if config.strict:  # MkDocs counts the warnings itself and ends a strict build on them
        theirs = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
        warnings = sum(n for h in theirs for _level, n in h.get_counts()) if theirs else None
    try:
        finish(state, bool(config.strict), warnings)
    except BuildError as exc:
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

    frame = inspect.currentframe()
    while frame is not None:
        owner = frame.f_locals.get("self")
        if isinstance(owner, Config) and getattr(owner, "config_file_path", None):
            path = Path(str(owner.config_file_path))
            if (message := config_limit_error(path)) is not None:
                for key in list(owner.keys()):  # MkDocs would still print them before it stops: drop them
                    if _oversized(owner[key], [yamlpos.MAX_NODES]):
                        owner[key] = None
                raise ValidationError(message)
            return
        frame = frame.f_back


def config_limit_error(path: Path) -> str | None:
    """The message when the configuration file at `path` is over the YAML bounds (zfxxgk.yamlpos), else None
    (anything else about it is for MkDocs or on_config to report)."""
    try:
        yamlpos.parse(path.read_text(encoding="utf-8"))
    except yamlpos.LimitError as exc:
        return f"{path.name}:{exc.line}:{exc.column}: 超出处理上限：{exc.message}"
    except (OSError, UnicodeDecodeError, yamlpos.YamlError):
        return None
    return None


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
