"""The site's search: one SearchDoc per public item, the /search/ page and the index under search/index/.

The MkDocs adapter adds `search_page(tree)` as a generated page (outside the nav; the header box on every page
is a GET form to it). The index is written by zfxxgk.site.searchchild: from `markdown_docs` (bodies still
Markdown), made plain text by `plain_docs`, either in a child process while the build runs or, for a small
site, in the build's own process (`write_docs_index`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from zfxxgk.cache import Cache
from zfxxgk.cache import expect as cache_expect
from zfxxgk.items.record import Item
from zfxxgk.progress import Stage
from zfxxgk.search import IndexStats, SearchDoc, build_index, search_page_html, search_scripts_html
from zfxxgk.search.synonyms import Synonyms
from zfxxgk.site.columns import ColumnTree
from zfxxgk.site.siteindex import SiteIndex
from zfxxgk.site.itempage import RenderedPage, breadcrumbs
from zfxxgk.html.markup import e
from zfxxgk.html.urls import relative
from zfxxgk.workers import cached_map

SEARCH_URL = "search/"
SEARCH_TITLE = "站内搜索"
INDEX_DIR = "index"  # under SEARCH_URL: the manifest is search/index/manifest.json
ASSETS_URL = "assets/"
TEXT_KIND = "search-text"  # cache kind: a body's plain text, by the body's Markdown
cache_expect(TEXT_KIND, lambda value: isinstance(value, str))

# Markdown → plain text, in order. Everything here works line by line or within a line; the body is the
# editor's Markdown (front matter already removed), so a small set of rules covers what editors write.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"^\s*(?:```|~~~).*$", re.M), " "),  # fence lines (the code itself stays searchable)
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: the alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # inline links: the link text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.M), " "),  # link definitions
    (re.compile(r"<[^>\n]+>"), " "),  # raw HTML tags
    (re.compile(r"\{:?\s*[#.][^}\n]*\}"), " "),  # attr_list
    (re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*\S+\s*(?:"([^"]*)")?\s*$', re.M), r"\1"),  # admonition: its title
    (re.compile(r"^\s{0,3}#{1,6}\s*|\s+#+\s*$", re.M), " "),  # heading markers
    (re.compile(r"^\s*>+\s?", re.M), " "),  # block quotes
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M), " "),  # list markers
    (re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M), " "),  # table rules
    (re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.M), " "),  # thematic breaks
    (re.compile(r"\|"), " "),  # table cells
    (re.compile(r"(\*\*|__|\*|`+|~~)"), ""),  # emphasis and code marks
    (re.compile(r"&(nbsp|ensp|emsp|#160);"), " "),
)
_SPACE = re.compile(r"\s+")


def plain_text(markdown: str) -> str:
    """The readable text of an editor's Markdown body: no markup, whitespace collapsed to single spaces."""
    text = markdown
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return _SPACE.sub(" ", text).strip()


def search_doc(item: Item, index: SiteIndex) -> SearchDoc:
    """The SearchDoc of one published item, its body still Markdown (`plain_docs` makes it plain text); its
    column is the one its breadcrumbs show."""
    column = index.home_column.get(item.index_no)
    return SearchDoc(
        ref=index.urls[item.index_no],
        title=item.title,
        doc_no=item.doc_no or "",
        index_no=item.index_no,
        summary=item.summary or "",
        body=item.body,
        attachments=tuple(att.name for att in item.attachments),
        date=item.published.isoformat(),
        column=column.title if column else "",
        publisher=item.publisher,
        subject=item.subject or "",
        validity=item.validity or "",
        kind="解读" if item.is_interpretation else "",
    )


def _plain_texts(docs: list[SearchDoc]) -> list[str]:
    return [plain_text(doc.body) for doc in docs]


def _text_key(cache: Cache, doc: SearchDoc) -> str:
    return cache.key(TEXT_KIND, hashlib.sha256(doc.body.encode("utf-8")).digest())


def markdown_docs(index: SiteIndex) -> list[SearchDoc]:
    """One SearchDoc per item the site publishes (the per-build index holds exactly those), its body still
    the editor's Markdown: what a search child is handed."""
    return [search_doc(item, index) for item in index.items]


def plain_docs(
    docs: list[SearchDoc], cache: Cache | None = None, stage: Stage | None = None, parallel: bool | None = None
) -> list[SearchDoc]:
    """`docs`, their Markdown bodies made plain text (from `cache`, kind "search-text", when there; else
    computed, in worker processes when there are many: `parallel` forces the choice).

    The list is changed in place, each document replaced as its text arrives, so that a large list never
    holds every Markdown body and every plain text at once."""
    texts = cached_map(docs, _plain_texts, TEXT_KIND, _text_key, cache, stage, parallel)
    for position, text in enumerate(texts):
        docs[position] = replace(docs[position], body=text)
    return docs


def search_docs(
    index: SiteIndex, cache: Cache | None = None, stage: Stage | None = None, parallel: bool | None = None
) -> list[SearchDoc]:
    """One SearchDoc per item the site publishes, with the plain text of its body."""
    return plain_docs(markdown_docs(index), cache, stage, parallel)


def search_page(tree: ColumnTree) -> RenderedPage:
    """The /search/ page: breadcrumbs, title, the search form and results, its scripts (this page only)."""
    body = search_page_html(INDEX_DIR + "/manifest.json", relative(SEARCH_URL, ""))
    scripts = search_scripts_html(relative(SEARCH_URL, ASSETS_URL))
    html = "\n".join(
        [
            breadcrumbs(tree, None, SEARCH_URL, SEARCH_TITLE),
            f'<h1 class="zfxxgk-title">{e(SEARCH_TITLE)}</h1>',
            body,
            scripts,
        ]
    )
    return RenderedPage(SEARCH_URL, SEARCH_TITLE, html)


def write_search_index(
    index: SiteIndex | None, site_dir: Path, cache: Cache | None = None, stage: Stage | None = None,
    parallel: bool | None = None, synonyms: Synonyms | None = None,
) -> IndexStats:
    """Build the search index of the published items into `site_dir`/search/index/.

    With an open build `cache` the bodies' plain text and every document's terms are reused across builds
    (the cache must be closed after this call to keep them); `stage` counts the documents indexed;
    `parallel` forces (True) or forbids (False) worker processes (None: when there are many items)."""
    docs = markdown_docs(index) if index else []
    return write_docs_index(docs, site_dir, cache, stage, parallel, parallel, synonyms)


def write_docs_index(
    docs: list[SearchDoc], site_dir: Path, cache: Cache | None = None, stage: Stage | None = None,
    parallel: bool | None = None, chunk_workers: bool | None = None, synonyms: Synonyms | None = None,
) -> IndexStats:
    """`write_search_index` of documents made by `markdown_docs` (bodies still Markdown); `docs` is emptied
    on the way, its texts freed as soon as they are indexed. `parallel` and `chunk_workers`: see
    zfxxgk.search.index.build_index."""
    plain_docs(docs, cache, None, parallel)
    return build_index(docs, site_dir / SEARCH_URL / INDEX_DIR, cache, stage, parallel, release=True,
                       chunk_workers=chunk_workers, synonyms=synonyms)
