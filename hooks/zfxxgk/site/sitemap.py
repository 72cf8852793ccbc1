"""sitemap.xml for every page URL, with <lastmod> from the items (MkDocs' own uses the clock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from xml.sax.saxutils import escape

from zfxxgk.html.urls import absolute


def _page(url: str) -> str:
    # MkDocs gives the home page as "./": the sitemap names it by the site's URL itself
    return "" if url in (".", "./") else url


def sitemap(pages: Iterable[tuple[str, dt.date | None]], site_url: str) -> bytes:
    """A sitemap of (url, lastmod) pairs, sorted by URL so the output is stable."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in sorted({(_page(url), lastmod) for url, lastmod in pages}):
        mod = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(absolute(site_url, url))}</loc>{mod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
