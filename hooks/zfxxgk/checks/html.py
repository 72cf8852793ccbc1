"""Unsafe HTML in Markdown bodies: scripts, frames, event handlers and javascript: URLs (zfxxgk.html.unsafe)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zfxxgk.html.unsafe import find_raw_elements, find_unsafe

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext


def check(ctx: CheckContext) -> None:
    """Report every unsafe construct, and every raw-text element, at its line and column in the item file."""
    for item in ctx.items:
        for offset, _length, what in find_unsafe(item.body):
            line, column = _position(item.body, offset)
            ctx.problems.add("html.unsafe", item.rel, item.body_line + line, column,
                             f"正文{what}：网站会把它删除。请改用普通的 Markdown 文字、链接和图片。")
        for offset, name in find_raw_elements(item.body):
            line, column = _position(item.body, offset)
            ctx.problems.add("html.raw-element", item.rel, item.body_line + line, column,
                             f"正文中的 <{name}> 标签网站会删除，只保留其中的文字；它之后的内容在浏览器中可能整段消失，"
                             "Markdown 格式也可能失效。请删除该标签，改用普通的 Markdown 文字、列表和表格。")


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line (from 0) and column (from 1) of an offset."""
    return text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1) + 1
