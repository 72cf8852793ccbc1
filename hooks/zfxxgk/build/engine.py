"""The engine interface: what zfxxgk.build needs of a site generator, and how one is found.

An engine reads the project's configuration (`load`) and renders with its theme what the render phase
planned (`render`): the docs/ pages, the generated pages (their content from zfxxgk.build.render.content),
one skeleton page per folder of filled pages, and the plan's data files and copies, all into the staging
folder; it tells the build every page URL it rendered (state.page_urls, for the sitemap). Everything else,
before and after, is the library's. Engines live in zfxxgk.engines.<name>, the only modules that import a
site generator; each exposes `engine() -> Engine`.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from pathlib import Path
from typing import Protocol

from zfxxgk.build.state import Build, BuildError, SiteConfig

# The engines zfxxgk knows, in the order `zfxxgk build` tries them (the first one installed is the default).
ENGINES = ("mkdocs", "properdocs")


class Engine(Protocol):
    """A site generator behind zfxxgk.build."""

    name: str
    # The loggers the engine and the build log under: what reaches them is shown by `zfxxgk build` and
    # counted (an error, or with --strict a warning, and the site is not published).
    loggers: tuple[logging.Logger, ...]

    def load(self, config_file: Path, site_dir: Path | None) -> SiteConfig:
        """Read the configuration (the site folder from it unless `site_dir` is given); BuildError if unusable."""
        ...

    def render(self, state: Build, site_dir: Path) -> None:
        """Render the docs/ pages and the plan (state.plan) with the theme into `site_dir`, set state.page_urls;
        BuildError if the engine fails."""
        ...


def installed() -> list[str]:
    """The known engines that are installed here."""
    return [name for name in ENGINES if importlib.util.find_spec(name) is not None]


def load_engine(name: str | None = None) -> Engine:
    """The engine `name`, or the first one installed; BuildError when there is none."""
    found = installed()
    if name is None:
        if not found:
            raise BuildError(f"zfxxgk: 没有安装网站生成引擎（{'、'.join(ENGINES)} 之一），请先 pip install mkdocs-material")
        name = found[0]
    if name not in ENGINES:
        raise BuildError(f"zfxxgk: 不认识的引擎 {name}（可用：{'、'.join(ENGINES)}）")
    if name not in found:
        raise BuildError(f"zfxxgk: 没有安装引擎 {name}（pip install {name}）")
    module = importlib.import_module(f"zfxxgk.engines.{name}")
    made: Engine = module.engine()
    return made
