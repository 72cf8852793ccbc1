"""Site settings (`extra.zfxxgk.site` in mkdocs.yml): page size, optional columns, column slugs.

The shape is validated by settings.schema.json when `load_settings` runs; this module only turns
the validated mapping into a frozen record with defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

DEFAULT_VALIDITY_COLUMNS = ("政策文件/行政规范性文件",)


@dataclass(frozen=True)
class SiteSettings:
    """How the public column is laid out."""

    page_size: int = 20
    feed_size: int = 50
    home_size: int = 10
    interpretation_column: bool = True
    application_column: bool = True
    slugs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    validity_columns: tuple[str, ...] = DEFAULT_VALIDITY_COLUMNS
    item_pages: str = "skeleton"  # "skeleton": the theme renders one page, filled per item; "theme": every page
    search_synonyms: tuple[tuple[str, ...], ...] = ()  # added to the default table (zfxxgk.search.synonyms)


def parse_site(raw: Mapping[str, Any] | None) -> SiteSettings:
    """Build SiteSettings from the (already schema-validated) `site` mapping; missing keys take defaults."""
    raw = raw or {}
    columns = raw.get("栏目") or {}
    default = SiteSettings()  # the defaults are declared once, on the fields above
    return SiteSettings(
        page_size=int(raw.get("page_size", default.page_size)),
        feed_size=int(raw.get("feed_size", default.feed_size)),
        home_size=int(raw.get("home_size", default.home_size)),
        interpretation_column=bool(columns.get("政策解读", default.interpretation_column)),
        application_column=bool(columns.get("依申请公开", default.application_column)),
        slugs=MappingProxyType(dict(raw.get("slugs") or {})),
        validity_columns=tuple(raw.get("validity_columns", default.validity_columns)),
        item_pages=str(raw.get("item_pages", default.item_pages)),
        search_synonyms=tuple(tuple(str(m) for m in group) for group in raw.get("search_synonyms") or ()),
    )


def load_site_settings(config_file: Path | str = "mkdocs.yml") -> SiteSettings:
    """Read `extra.zfxxgk.site` from a mkdocs.yml (call load_settings first to validate it)."""
    data = yaml.safe_load(Path(config_file).read_text(encoding="utf-8")) or {}
    extra = data.get("extra") or {}
    zfxxgk = extra.get("zfxxgk") or {} if isinstance(extra, dict) else {}
    return parse_site(zfxxgk.get("site") if isinstance(zfxxgk, dict) else None)
