"""Bounds on a Markdown body that python-markdown cannot render in reasonable time.

python-markdown looks for the end of every "[" from where it stands (unclosed ones cost quadratic time:
2,000 take 9 s), and rebuilds a paragraph's text for every inline element it finds in it (20,000 entities in
one paragraph take 12 s). Real bodies are far below both bounds. A body over one is an error (body.limit) at
the place it goes over, and the renderer shows it as plain text, which costs no more than any other body.
"""

from __future__ import annotations

import re

MAX_BRACKETS = 300  # "[" in one body: links, images and footnotes use one each; real bodies have a few dozen
MAX_INLINE_COST = 20_000_000  # per paragraph: its Markdown marks × its length (at most about 0.2 s to render)
_MARKS = "[&\\*_`<!"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def over_limit(body: str) -> tuple[int, str] | None:
    """(offset, what is over) for the first bound the body exceeds, or None."""
    if body.count("[") > MAX_BRACKETS:
        at = -1
        for _ in range(MAX_BRACKETS + 1):
            at = body.index("[", at + 1)
        return at, f"正文有 {body.count('[')} 个“[”，超过上限 {MAX_BRACKETS} 个（链接、图片各用一对）"
    if sum(map(body.count, _MARKS)) * len(body) <= MAX_INLINE_COST:
        return None  # the whole body is within the bound: so is every paragraph
    start = 0
    for paragraph in _BLANK_LINE.split(body):
        start = body.find(paragraph, start)
        marks = sum(map(paragraph.count, _MARKS))
        if marks * len(paragraph) > MAX_INLINE_COST:
            return start, (f"一个段落有 {len(paragraph)} 个字符、{marks} 个 Markdown 标记（[ & \\ * _ ` < !），"
                           "超出处理上限")
        start += len(paragraph)
    return None


def as_plain_html(body: str) -> str:
    """The body as escaped paragraphs of plain text (how a body over a bound is shown)."""
    from html import escape

    return "".join(f"<p>{escape(p.strip())}</p>\n" for p in _BLANK_LINE.split(body) if p.strip())
