"""Markdown of the prose sections to safe HTML: python-markdown, then an allow-list sanitiser.

The sanitiser is the site's own (zfxxgk.html.sanitize): scripts, frames, event handlers, unsafe URLs and
images from other hosts are removed. Headings are moved down two levels so the report's own 一…六
headings stay on top.
"""

from __future__ import annotations

import re

import markdown

from zfxxgk.html.sanitize import sanitize

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.I)


def _demote(fragment: str) -> str:
    """Move headings down two levels, so the report's own 一…六 headings stay on top."""
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}", fragment)


def sanitise(fragment: str) -> str:
    """An HTML fragment through the site's allow-list sanitiser, headings demoted two levels."""
    return sanitize(_demote(fragment))


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML (tables allowed, raw HTML filtered)."""
    return sanitise(markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html"))
