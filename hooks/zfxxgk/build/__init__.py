"""The build as a library: plain phases that produce the whole site, an engine rendering pages with the theme.

- gather (zfxxgk.build.gather): settings, build date, cache, every item, the column tree; the staging
  folder beside the site folder (zfxxgk.site.publish); the search index started in a child process.
- check (zfxxgk.build.check): every check; problems logged as located lines; errors end the build.
- render (zfxxgk.build.render): the page plan: generated pages, lists, 年报, downloads, feed, manifest,
  withdrawal and redirect pages, admin/; which pages the theme renders and what goes into its slots.
- the engine (zfxxgk.build.engine, implemented in zfxxgk.engines.<name>) renders the theme's pages into
  the staging folder;
- write (zfxxgk.build.write): item pages filled into the theme's skeletons (reusing unchanged ones), the
  search index, sitemap.xml; then publish: the staging folder swapped in, or the site left as it was.

`zfxxgk build` runs them in this order (zfxxgk.build.run.build_site). `mkdocs build` and `mkdocs serve`
run the same phases from MkDocs' events (zfxxgk.engines.mkdocs.adapter), so both give the same bytes.
Nothing in this package imports a site generator.
"""

from __future__ import annotations

from zfxxgk.build.state import Build, BuildError, ConfigError, Plan, SiteConfig, ThemePage

__all__ = ["Build", "BuildError", "ConfigError", "Plan", "SiteConfig", "ThemePage"]
