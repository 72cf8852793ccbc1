"""Search records: what the site hands the index builder, and the indexed fields with their boosts."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from zfxxgk.search.synonyms import Synonyms
from zfxxgk.search.tokenize import tokenize

# lunr field name → boost. Order matters: it is lunr's field order (term numbering, field vectors).
FIELDS: tuple[tuple[str, int], ...] = (
    ("标题", 10),
    ("文号", 10),
    ("索引号", 10),
    ("内容概述", 3),
    ("正文", 1),
    ("附件名称", 2),
)
FIELD_NAMES: tuple[str, ...] = tuple(name for name, _boost in FIELDS)
SNIPPET_CHARS = 160


@dataclass(frozen=True)
class SearchDoc:
    """One searchable item: its site-relative URL, indexed text and the values shown and faceted."""

    ref: str
    title: str
    doc_no: str
    index_no: str
    summary: str
    body: str
    attachments: tuple[str, ...]
    date: str
    column: str
    publisher: str
    subject: str
    validity: str
    kind: str = ""  # "解读" for a 政策解读: ranked after the document it interprets (searchcore.js)

    def field_text(self) -> dict[str, str]:
        """The text of each indexed field, keyed by lunr field name."""
        return {
            "标题": self.title,
            "文号": self.doc_no,
            "索引号": self.index_no,
            "内容概述": self.summary,
            "正文": self.body,
            "附件名称": "\n".join(self.attachments),
        }

    def field_tokens(self, synonyms: Synonyms | None = None) -> dict[str, list[str]]:
        """Index-mode tokens of each field."""
        return {name: tokenize(text, "index", synonyms) for name, text in self.field_text().items()}

    def __reduce__(self) -> tuple[Any, ...]:
        # Texts go to worker processes (and a search child) as UTF-8: CPython's pickler would otherwise
        # leave a UTF-8 copy inside every str it writes, for as long as the document lives.
        values = tuple(getattr(self, f.name) for f in fields(self))
        return (_restore, (tuple(v.encode("utf-8", "surrogatepass") if isinstance(v, str) else v for v in values),))

    def snippet_source(self) -> str:
        """The short text the result list shows (and highlights): the summary, else the body's start."""
        text = " ".join((self.summary or self.body).split())
        return text[:SNIPPET_CHARS]


def _restore(values: tuple[Any, ...]) -> SearchDoc:
    """A SearchDoc from its pickled values (texts as UTF-8)."""
    decoded: list[Any] = [v.decode("utf-8", "surrogatepass") if isinstance(v, bytes) else v for v in values]
    return SearchDoc(*decoded)


class Texts(tuple[str, ...]):
    """A document's field texts in field order; pickled as UTF-8, like SearchDoc (for term workers)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_texts, (tuple(text.encode("utf-8", "surrogatepass") for text in self),))


def _texts(data: tuple[bytes, ...]) -> Texts:
    return Texts(text.decode("utf-8", "surrogatepass") for text in data)


def doc_order(docs: list[SearchDoc]) -> list[SearchDoc]:
    """Documents in index order: by date, then URL — so id order is date order and years are id ranges."""
    return sorted(docs, key=lambda doc: (doc.date, doc.ref))
