"""The agency's identity on every page (`extra.zfxxgk.网站` in mkdocs.yml): emblem, favicon, header colours,
the header's links to the agency's main site, 党政机关网站开办单位标识 and 我为政府网站找错.

Image settings name files in the repository (relative to mkdocs.yml); the build copies them into the site
under BRAND_DIR, so nothing is loaded from another host. Without settings the header shows the agency's
name and the column's name as text on a deep blue band, and the favicon is generated from the column's
name (`favicon_svg`): nothing of the theme's own identity, and no emblem the agency did not choose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from zfxxgk import yamlpos

BRAND_DIR = "assets/zfxxgk/brand/"
# The default band: deep blue with white text (8.98:1), the colour of most provincial and municipal
# government portals and of the market-regulation system's sites; a thin deep red rule above it (6.8:1
# against white) recalls the red of gov.cn without a large red area. Both pass WCAG AA for text on them.
DEFAULT_BAND = "#0f4a85"
DEFAULT_ACCENT = "#b31b1b"
# The national 政府网站找错 platform (国办): each site's page there is keyed by its 网站标识码.
JIUCUO_URL = "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode="
COLUMN_NAME = "政府信息公开"


class BrandingError(ValueError):
    """A branding file that does not exist; `path` is the setting's key path in mkdocs.yml."""

    def __init__(self, message: str, path: tuple[str, ...]) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Branding:
    """What the header, the footer and the page metadata show of the agency besides its 机关 settings."""

    site_name: str = ""
    logo: Path | None = None
    favicon: Path | None = None
    band: str = DEFAULT_BAND
    accent: str = DEFAULT_ACCENT
    home: str = ""  # the agency's main site; "" = the root of site_url's host
    links: tuple[tuple[str, str], ...] = ()
    conac_image: Path | None = None
    conac_url: str = ""
    jiucuo: str = ""  # "" = the national platform's page of this site (by 网站标识码)


def _file(root: Path, value: Any, path: tuple[str, ...]) -> Path | None:
    if value is None:
        return None
    found = root / str(value)
    if not found.is_file():
        raise BrandingError(f"找不到图片文件 {value}（路径相对于 mkdocs.yml 所在的文件夹）", path)
    return found


def parse_branding(raw: Mapping[str, Any] | None, root: Path) -> Branding:
    """Branding from the (schema-validated) `网站` mapping; image files are looked up under `root`."""
    raw = raw or {}
    base = ("extra", "zfxxgk", "网站")
    conac = raw.get("开办单位标识") or {}
    return Branding(
        site_name=str(raw.get("网站名称", "")),
        logo=_file(root, raw.get("标志"), (*base, "标志")),
        favicon=_file(root, raw.get("网站图标"), (*base, "网站图标")),
        band=str(raw.get("页头颜色", DEFAULT_BAND)).lower(),
        accent=str(raw.get("强调颜色", DEFAULT_ACCENT)).lower(),
        home=str(raw.get("首页", "")),
        links=tuple((str(link["名称"]), str(link["网址"])) for link in raw.get("导航", [])),
        conac_image=_file(root, conac.get("图片"), (*base, "开办单位标识", "图片")),
        conac_url=str(conac.get("网址", "")),
        jiucuo=str(raw.get("找错", "")),
    )


def located_error(exc: BrandingError, located: yamlpos.Located) -> yamlpos.Pos:
    """Where in mkdocs.yml the setting of a BrandingError is."""
    return located.nearest(exc.path, yamlpos.Pos(1, 1))


def home_url(branding: Branding, site_url: str) -> str:
    """The agency's main site: the setting, else the root of the host site_url is on."""
    if branding.home:
        return branding.home
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else "/"


def site_domain(site_url: str) -> str:
    """The host name of site_url (the SiteDomain metadata)."""
    return urlsplit(site_url).hostname or ""


def jiucuo_url(branding: Branding, site_code: str) -> str:
    """The 我为政府网站找错 link: the setting, else this site's page on the national platform."""
    return branding.jiucuo or JIUCUO_URL + quote(site_code)


def brand_uri(source: Path, name: str) -> str:
    """Where a branding file is published in the site (its extension kept)."""
    return f"{BRAND_DIR}{name}{source.suffix.lower()}"


def brand_copies(branding: Branding) -> dict[str, Path]:
    """Site path → file on disk for every configured branding image."""
    found = {"logo": branding.logo, "favicon": branding.favicon, "conac": branding.conac_image}
    return {brand_uri(path, name): path for name, path in found.items() if path is not None}


FAVICON_URI = BRAND_DIR + "favicon.svg"


def favicon_svg(band: str) -> bytes:
    """The default favicon: the column's first character, 公, white on the header's colour."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="4" fill="{band}"/>'
        '<text x="16" y="24" font-size="22" text-anchor="middle" fill="#fff" '
        'font-family="Noto Sans CJK SC,Source Han Sans SC,Microsoft YaHei,PingFang SC,sans-serif">公</text>'
        "</svg>\n"
    ).encode()


def favicon_uri(branding: Branding) -> str:
    """The favicon's path in the site: the agency's file, or the generated one."""
    return brand_uri(branding.favicon, "favicon") if branding.favicon else FAVICON_URI
