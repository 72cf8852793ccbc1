"""Site search: the tokeniser, the lunr index build (term-chunked) and the search page markup."""

from __future__ import annotations

from zfxxgk.search.index import IndexStats, build_index
from zfxxgk.search.model import SearchDoc
from zfxxgk.search.page import search_box_html, search_page_html, search_scripts_html
from zfxxgk.search.tokenize import tokenize

__all__ = [
    "IndexStats",
    "SearchDoc",
    "build_index",
    "search_box_html",
    "search_page_html",
    "search_scripts_html",
    "tokenize",
]
