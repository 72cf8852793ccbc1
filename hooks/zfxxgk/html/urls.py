"""URLs of the site: item URLs from the 索引号 (stable forever) and relative links between pages."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

ITEM_ROOT = "xxgk"
_SEGMENT = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


class UrlError(ValueError):
    """A 索引号 that cannot be turned into a URL (checked earlier by the 索引号 rules)."""


def item_url(index_no: str) -> str:
    """`xxgk/<前段码>/<后段码>/` for a 索引号; raises UrlError for characters unsafe in a path."""
    parts = index_no.strip().split("/")
    if len(parts) != 2 or not all(_SEGMENT.match(p) for p in parts):
        raise UrlError(f"索引号 {index_no!r} 不能用作网址")
    return f"{ITEM_ROOT}/{parts[0]}/{parts[1]}/"


def src_uri(url: str) -> str:
    """The MkDocs source path of a directory URL (`a/b/` → `a/b/index.md`, `` → `index.md`)."""
    return f"{url}index.md" if url else "index.md"


def relative(from_url: str, to_url: str) -> str:
    """A relative link from one directory-style page URL to another URL of the same site."""
    base = from_url.split("/")[:-1]  # the folder of the page (a directory URL is its own folder)
    target = [part for part in to_url.split("/") if part and part != "."]
    base = [part for part in base if part and part != "."]
    if ".." in base or ".." in target:
        return _relative_posix(from_url, to_url)
    common = 0
    for mine, theirs in zip(base, target, strict=False):
        if mine != theirs:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + target[common:]) or "."
    if (to_url.endswith("/") or not to_url) and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        return "./"
    return quote(rel, safe="/#?=&.-_~")


def _relative_posix(from_url: str, to_url: str) -> str:
    """`relative` by posixpath (for URLs with .. segments; the reference the tests compare with)."""
    base = "/" + from_url
    target = "/" + to_url
    rel = posixpath.relpath(target, base if base.endswith("/") else posixpath.dirname(base))
    if (to_url.endswith("/") or not to_url) and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        return "./"
    return quote(rel, safe="/#?=&.-_~")


def absolute(site_url: str, url: str) -> str:
    """An absolute URL for feeds and data files (site_url ends with a slash)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + quote(url, safe="/#?=&.-_~")
