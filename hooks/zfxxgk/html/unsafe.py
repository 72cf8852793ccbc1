"""Unsafe HTML in Markdown texts: scripts, frames, event handlers and javascript: URLs, and raw-text elements.

The finders and their rules; zfxxgk.checks.html reports them in item bodies, zfxxgk.annual in the annual
report's Markdown sections.
"""

from __future__ import annotations

import re

from zfxxgk.problems import Severity, rule

rule("html.unsafe", Severity.ERROR, "《政府网站发展指引》（国办发〔2017〕47号）安全防护要求", "正文含有不安全的 HTML")
rule("html.raw-element", Severity.WARNING, "《政府网站发展指引》（国办发〔2017〕47号）安全防护要求",
     "正文含有网站会删除的 HTML 元素（表单、标题、图形等），其后的内容可能显示不全")

# Elements a browser reads as raw text or foreign content: left open, each hides everything after it. The
# sanitiser (html/sanitize.py) removes their tags and keeps the text; the editor should know, and for the
# block-level ones Markdown no longer formats what follows (headings and lists show as typed).
_RAW = re.compile(
    r"<\s*(textarea|title|select|option|svg|math|style|xmp|plaintext|template|noscript|noembed|noframes|"
    r"frameset|applet|listing|head|form|button|input)(?=[\s/>])", re.I)

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


def find_raw_elements(text: str) -> list[tuple[int, str]]:
    """(offset, element name) of each element the site removes keeping only its text (see _RAW)."""
    if "<" not in text:
        return []
    return [(match.start(), match[1].lower()) for match in _RAW.finditer(text)]
