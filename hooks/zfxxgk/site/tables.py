"""Wide tables in item bodies scroll inside their own box, never the page (WCAG 2.1 SC 1.4.10 reflow).

Each outermost <table> of a rendered body is wrapped in a region that keyboard users can focus and scroll
(SC 2.1.1), named after the table's caption, or after its place in the body when it has none.
"""

from __future__ import annotations

import html
import re

from zfxxgk.html.markup import e

_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.I | re.S)
_MARKUP = re.compile(r"<[^>]+>")
WRAP_CLASS = "zfxxgk-table-scroll"


def _label(table: str, number: int) -> str:
    found = _CAPTION.search(table)
    text = " ".join(html.unescape(_MARKUP.sub("", found[1])).split()) if found else ""
    return f"表格：{text}" if text else f"正文表格{number}"


def scrollable_tables(body: str) -> str:
    """`body` with every outermost table wrapped in a focusable, named, horizontally scrolling region."""
    if "<table" not in body.lower():
        return body
    out: list[str] = []
    depth = 0
    start = 0  # where the current outermost table starts
    last = 0  # text copied up to here
    number = 0
    for match in _TAG.finditer(body):
        if not match[1]:
            if depth == 0:
                start = match.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                number += 1
                table = body[start : match.end()]
                out.append(body[last:start])
                out.append(f'<div class="{WRAP_CLASS}" role="region" tabindex="0" '
                           f'aria-label="{e(_label(table, number))}">{table}</div>')
                last = match.end()
    out.append(body[last:])
    return "".join(out)
