"""What the theme's templates show around every page, from settings: the header (agency, emblem, colours,
links to the agency's main site), the footer's links, the favicon and the page metadata in <head>.

The MkDocs adapter hands these to the templates (overrides/main.html, partials/footer.html, 404.html);
nothing here imports MkDocs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zfxxgk.branding import (
    COLUMN_NAME,
    FAVICON_URI,
    Branding,
    brand_copies,
    brand_uri,
    favicon_svg,
    favicon_uri,
    home_url,
    jiucuo_url,
    site_domain,
)
from zfxxgk.settings import Agency
from zfxxgk.site.columns import ColumnTree
from zfxxgk.html.markup import e
from zfxxgk.site.pagemeta import meta_html, of_column, site_meta
from zfxxgk.site.sitepages import CONTACT_TITLE, CONTACT_URL, SITEMAP_TITLE, SITEMAP_URL

__all__ = ["brand", "brand_data", "brand_files", "meta_html", "plain_head"]


def brand(agency: Agency, branding: Branding, tree: ColumnTree, site_url: str) -> dict[str, Any]:
    """The values the templates need for the header, the footer, the favicon and the 404 page."""
    favicon = favicon_uri(branding)
    return {
        "agency": agency.name,
        "column": COLUMN_NAME,
        "logo": brand_uri(branding.logo, "logo") if branding.logo else "",
        "home": home_url(branding, site_url),
        "links": list(branding.links),
        "style": f":root{{--zfxxgk-band:{branding.band};--zfxxgk-accent:{branding.accent}}}",
        "favicon": favicon,
        "favicon_type": _TYPES.get(Path(favicon).suffix, "image/png"),
        "conac_image": brand_uri(branding.conac_image, "conac") if branding.conac_image else "",
        "conac_url": branding.conac_url,
        "jiucuo": jiucuo_url(branding, agency.site_code),
        "site_meta": meta_html(site_meta(branding.site_name or agency.name, site_domain(site_url), agency.site_code)),
        "columns": [(c.title, c.url) for c in tree.top],
        "sitemap": (SITEMAP_TITLE, SITEMAP_URL),
        "contact": (CONTACT_TITLE, CONTACT_URL),
    }


_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".gif": "image/gif",
          ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def brand_data(branding: Branding) -> dict[str, bytes]:
    """Generated branding files: the default favicon when the agency has not set its own."""
    return {} if branding.favicon else {FAVICON_URI: favicon_svg(branding.band)}


def brand_files(branding: Branding) -> dict[str, Path]:
    """The agency's branding images to copy into the site, by site path."""
    return brand_copies(branding)


def plain_head(description: str, column: str | None) -> str:
    """<head> metadata of a page the theme renders from docs/: the site's description, and the column's
    metadata on the column's home page (`column` is "" there, None elsewhere)."""
    text = f'<meta name="description" content="{e(description)}">\n' if description else ""
    return text + (meta_html(of_column(None)) if column is not None else "")
