"""Markdown of the prose sections to safe HTML: python-markdown, then an allow-list sanitiser.

Scripts, frames, embedded objects, styles and forms are dropped with their content; every `on*`
attribute and every javascript:/vbscript:/data: URL is removed; headings are moved down two levels so
the report's own 一…六 headings stay on top.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown

_ALLOWED = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr",
    "span", "sub", "sup", "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "img",
}
_DROP_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "template", "noscript",
    "textarea", "select", "svg", "math",
}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"colspan", "rowspan", "scope"},
               "td": {"colspan", "rowspan"}, "ol": {"start"}}
_HEADING = re.compile(r"^h([1-6])$")
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|tel:|/|\.|#|[^:/?#]*(?:[/?#]|$))", re.I)
_VOID = {"br", "hr", "img"}


def _rename(tag: str) -> str:
    match = _HEADING.match(tag)
    return f"h{min(int(match[1]) + 2, 6)}" if match else tag


def _safe_url(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20]+", "", html.unescape(value))
    return bool(_SAFE_URL.match(squeezed))


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skip += 1
            return
        tag = _rename(tag)
        if self.skip or tag not in _ALLOWED:
            return
        kept = []
        for name, value in attrs:
            if name in _ATTRIBUTES.get(tag, ()) and value is not None:
                if name in ("href", "src") and not _safe_url(value):
                    continue
                kept.append(f' {name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            return
        self.handle_starttag(tag, attrs)
        if _rename(tag) not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        tag = _rename(tag)
        if self.skip or tag not in _ALLOWED or tag in _VOID or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def sanitise(fragment: str) -> str:
    """An HTML fragment with only allow-listed tags and attributes and safe URLs."""
    parser = _Sanitiser()
    parser.feed(fragment)
    return parser.result()


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML (tables allowed, raw HTML filtered)."""
    return sanitise(markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html"))
