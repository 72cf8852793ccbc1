"""The images an item's body shows, read from its rendered HTML: which are files of the item's own folder
(published beside its page) and which point out of that folder (never published; an editor's error).

The one detector for the copy (`site.build.item_pages`), the reuse decision (`ItemPage.reusable`) and
the attachment check (`checks.attachments`), so the three cannot disagree about a body.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from zfxxgk.safepath import readable

Kind = Literal["local", "outside", "other"]

# The only files published as body images: pictures a browser draws and never runs, checked by their first
# bytes too. An SVG, HTML or XML file served from the site runs script on the site's own origin when opened,
# and any other file (a list of names saved as 名单.png) would be published without the privacy scan.
_SIGNATURES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "png": ("PNG", (b"\x89PNG",)),
    "jpg": ("JPEG", (b"\xff\xd8\xff",)),
    "jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    "gif": ("GIF", (b"GIF87a", b"GIF89a")),
    "webp": ("WebP", (b"RIFF",)),
    "bmp": ("BMP", (b"BM",)),
}
IMAGE_TYPES = tuple(_SIGNATURES)


@dataclass(frozen=True)
class BodyImages:
    """Local image file names (the file may be missing) and the `src` values that leave the item's folder."""

    local: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()


class _Sources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.extend(value for name, value in attrs if name == "src" and value)


def image_sources(html: str) -> list[str]:
    """The `src` of every <img> in the HTML, entities decoded, in order."""
    if "<img" not in html:
        return []
    parser = _Sources()
    parser.feed(html)
    parser.close()
    return parser.found


def plain_name(name: str) -> bool:
    """True for a bare file name: no folder, no drive or stream, not `.`/`..`, no NUL."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\:\0")


def classify(src: str) -> tuple[Kind, str]:
    """("local", file name), ("outside", decoded path) or ("other", "") for one image `src` of a body.

    A URL with a scheme or a host, or a path from the site's root as written (`/images/x.png`), is
    not a file of the item ("other"), nor is a sub-folder of it; a path that leaves the folder once
    percent-decoded (`..`, `%2F…`, a drive letter, a backslash) is "outside".
    """
    text = src.strip()
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or text.startswith("/"):
        return ("other", "")  # another host, or a URL of the site itself (the sanitiser keeps no schemes)
    path = unquote(parts.path)
    if plain_name(path):
        return ("local", path)
    segments = path.replace("\\", "/").split("/")
    if path.startswith(("/", "\\")) or "\\" in path or ":" in path or "\0" in path or ".." in segments:
        return ("outside", path)
    return ("other", "")


def image_problem(path: Path) -> str | None:
    """Why the file may not be published as a body image (a Chinese phrase), or None for a real picture."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in _SIGNATURES:
        return f"类型 .{suffix or '（无扩展名）'} 不是网站发布的图片类型（{'、'.join(IMAGE_TYPES)}）"
    kind, starts = _SIGNATURES[suffix]
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError as exc:
        return f"文件无法读取（{exc.strerror or type(exc).__name__}）"
    if not head.startswith(starts) or (suffix == "webp" and head[8:12] != b"WEBP"):
        return f"内容不是 {kind} 图片（扩展名与文件内容不符）"
    return None


def find_images(html: str) -> BodyImages:
    """The local images and the out-of-folder references of a rendered body, each once, in order."""
    local: dict[str, None] = {}
    outside: dict[str, None] = {}
    for src in image_sources(html):
        kind, name = classify(src)
        if kind == "local":
            local[name] = None
        elif kind == "outside":
            outside[src] = None
    return BodyImages(tuple(local), tuple(outside))


def image_copies(found: BodyImages, folder: Path, url: str) -> dict[str, Path]:
    """Site path → file on disk of the local images that exist in `folder` itself (through zfxxgk.safepath:
    a symbolic link is never followed, so never copied) and are pictures (`image_problem`)."""
    copies: dict[str, Path] = {}
    for name in found.local:
        source = readable(folder, name) if plain_name(name) else None  # no link, as the check accepts
        if source is not None and image_problem(source) is None:
            copies[url + name] = source
    return copies
