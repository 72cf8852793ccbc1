"""Unsafe HTML in Markdown bodies: scripts, frames, event handlers and javascript: URLs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

rule("html.unsafe", Severity.ERROR, "《政府网站发展指引》（国办发〔2017〕47号）安全防护要求", "正文含有不安全的 HTML")

_PATTERNS = [
    (re.compile(r"<\s*(script|iframe|frame|object|embed)\b", re.I), "不允许使用 <{0}> 标签"),
    (re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I), "不允许使用事件属性 {0}="),
    (re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*(javascript|vbscript|data)\s*:", re.I), "链接不能使用 {0}: 地址"),
    (re.compile(r"\]\(\s*<?\s*(javascript|vbscript)\s*:", re.I), "链接不能使用 {0}: 地址"),
]


def find_unsafe(text: str) -> list[tuple[int, int, str]]:
    """(offset, length, description) of each unsafe construct in a Markdown text."""
    if "<" not in text and "=" not in text and "](" not in text:
        return []  # every pattern needs one of these: a tag, an attribute or a Markdown link
    found = []
    for pattern, template in _PATTERNS:
        for match in pattern.finditer(text):
            found.append((match.start(), match.end() - match.start(), template.format(match[1].lower())))
    return sorted(found)


def check(ctx: CheckContext) -> None:
    """Report every unsafe construct at its line and column in the item file."""
    for item in ctx.items:
        for offset, _length, what in find_unsafe(item.body):
            line = item.body.count("\n", 0, offset)
            column = offset - (item.body.rfind("\n", 0, offset) + 1) + 1
            ctx.problems.add("html.unsafe", item.rel, item.body_line + line, column,
                             f"正文{what}：网站会把它删除。请改用普通的 Markdown 文字、链接和图片。")
