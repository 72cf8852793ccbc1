"""Small HTML helpers shared by the page renderers, and the Markdown renderer for editor bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import markdown

from zfxxgk.bodylimits import as_plain_html, over_limit
from zfxxgk.html.sanitize import sanitize


def e(text: object) -> str:
    """HTML-escape text for element content and attribute values."""
    return escape(str(text), quote=True)


def cn_date(day: dt.date | None) -> str:
    """A date as gov.cn shows it (2021年07月02日) inside <time>, or an empty string."""
    if day is None:
        return ""
    return f'<time datetime="{day.isoformat()}">{day.year}年{day.month:02d}月{day.day:02d}日</time>'


def human_size(size: int) -> str:
    """A byte count for people: 812 B, 12.5 KB, 3.2 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


FILE_TYPES = {
    "pdf": "PDF 文档",
    "ofd": "OFD 版式文档",
    "doc": "Word 文档",
    "docx": "Word 文档",
    "wps": "WPS 文档",
    "xls": "Excel 表格",
    "xlsx": "Excel 表格",
    "et": "WPS 表格",
    "csv": "CSV 表格",
    "txt": "文本文件",
    "jpg": "JPEG 图片",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
    "zip": "ZIP 压缩包",
}


def file_type(extension: str) -> str:
    """A readable file type for an attachment's extension."""
    return FILE_TYPES.get(extension.lower(), extension.upper() + " 文件" if extension else "文件")


class MarkdownRenderer:
    """python-markdown with the site's extensions (from mkdocs.yml), reused across items; output sanitised."""

    def __init__(
        self, extensions: Sequence[Any] = (), configs: Mapping[str, Mapping[str, Any]] | None = None
    ) -> None:
        self.extensions = list(extensions)
        self.configs = {name: dict(options) for name, options in (configs or {}).items()}
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}))

    def render(self, text: str) -> str:
        """Editor Markdown → safe HTML."""
        self._md.reset()
        if over_limit(text) is not None:  # an error (body.limit); shown as plain text, python-markdown would hang
            return as_plain_html(text)
        return sanitize(self._md.convert(text))
