"""An allow-list HTML sanitiser for editor Markdown rendered to HTML (html.parser, no dependency).

Kept: ordinary text markup, tables, lists, links and local images. Removed: script and other active
elements with their content, event handlers and every attribute not listed, javascript:/vbscript:/data:
and other unknown URL schemes, images from other hosts (the site makes no request elsewhere).
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

TAGS = frozenset(
    [
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "sub",
        "sup",
        "small",
        "mark",
        "abbr",
        "blockquote",
        "pre",
        "code",
        "kbd",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "colgroup",
        "col",
        "a",
        "img",
        "span",
        "div",
        "figure",
        "figcaption",
        "details",
        "summary",
    ]
)
VOID = frozenset({"br", "hr", "img", "col"})
_MAX_REOPEN = 2  # unclosed dropped elements read again in a row; past this only their tags are removed
DROP_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "noscript",
        "template",
        "textarea",
        "select",
        "svg",
        "math",
        "head",
        "title",
        "base",
        "link",
        "meta",
        "form",
        "button",
        "input",
    ]
)
_VOID_DROPPED = frozenset({"link", "meta", "base", "input", "embed", "frame"})
RENAME = {"h1": "h2"}  # the page's own title is the only h1
GLOBAL_ATTRS = frozenset({"id", "class", "title", "lang", "dir"})
ATTRS = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "ol": frozenset({"start", "type"}),
    "col": frozenset({"span"}),
    "abbr": frozenset(),
}
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_NUMBER = re.compile(r"^\d{1,4}$")


def safe_url(value: str, *, local_only: bool) -> str | None:
    """The URL if it is safe to put in href (local_only=False) or src (True), else None."""
    # Browsers read a backslash as "/" in web URLs: \\host, /\host and \/host all name another host.
    probe = _CONTROL.sub("", value).replace("\\", "/").lower()
    if probe.startswith("//"):
        return None if local_only else value.strip()
    match = _SCHEME.match(probe)
    if match is None:
        return value.strip()
    if local_only or match[1] not in LINK_SCHEMES:
        return None
    return value.strip()


def _clean_attr(tag: str, name: str, value: str) -> str | None:
    if name.startswith("on") or (name not in GLOBAL_ATTRS and name not in ATTRS.get(tag, ())):
        return None
    if name == "href":
        return safe_url(value, local_only=False)
    if name == "src":
        return safe_url(value, local_only=True)
    if name == "style":
        match = _ALIGN.match(value)
        return f"text-align: {match[1].lower()}" if match else None
    if name in {"colspan", "rowspan", "start", "span", "width", "height"}:
        return value if _NUMBER.match(value.strip()) else None
    return value


class _Sanitiser(HTMLParser):
    def __init__(self, depth: int = 0) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.dropping: list[str] = []
        # The source read since the element being dropped began, to read again if it is never closed.
        self.dropped: list[str] = []
        self.depth = depth

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        if self.dropping:
            if tag == self.dropping[-1] and not closed and tag not in VOID:
                self.dropping.append(tag)
            self.dropped.append(self.get_starttag_text() or "")
            return
        if tag in DROP_WITH_CONTENT:
            # Past a few unclosed elements in a row only their tags go (bounded work on hostile input).
            if not closed and tag not in _VOID_DROPPED and self.depth < _MAX_REOPEN:
                self.dropping.append(tag)
                self.dropped = []
            return
        tag = RENAME.get(tag, tag)
        if tag not in TAGS:
            return
        kept: dict[str, str] = {}
        for name, value in attrs:
            cleaned = _clean_attr(tag, name.lower(), value or "")
            if cleaned is not None:
                kept[name.lower()] = cleaned
        if tag == "img":
            if "src" not in kept:
                alt = kept.get("alt") or kept.get("title") or ""
                self.out.append(escape(f"［图片：{alt}］" if alt else "［图片］"))
                return
            kept.setdefault("alt", kept.get("title", "图片"))
        rendered = "".join(f' {k}="{escape(v, quote=True)}"' for k, v in kept.items())
        self.out.append(f"<{tag}{rendered}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            self.dropped.append(f"</{tag}>")
            return
        tag = RENAME.get(tag, tag)
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self.out.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.dropping:
            # Inside script or style html.parser passes the source as it is, elsewhere decoded text.
            self.dropped.append(data if self.cdata_elem is not None else escape(data, quote=False))
        else:
            self.out.append(escape(data, quote=False))

    def close_all(self) -> str:
        self.close()
        if self.dropping:
            # Never closed (<textarea>, <svg>, <script> … left open): in a browser everything after it would
            # vanish. Only its tag goes; what followed it is the rest of the body, read again.
            self.out.append(_sanitize("".join(self.dropped) + self.rawdata, self.depth + 1))
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)


def sanitize(html: str) -> str:
    """The HTML with only allowed tags, attributes and URLs left; text is preserved and re-escaped."""
    return _sanitize(html, 0)


def _sanitize(html: str, depth: int) -> str:
    parser = _Sanitiser(depth)
    parser.feed(html)
    return parser.close_all()
