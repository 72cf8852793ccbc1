"""Search records: what the site hands the index builder, and the indexed fields with their boosts."""

from __future__ import annotations

from dataclasses import dataclass

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

    def field_tokens(self) -> dict[str, list[str]]:
        """Index-mode tokens of each field."""
        return {name: tokenize(text, "index") for name, text in self.field_text().items()}

    def snippet_source(self) -> str:
        """The short text the result list shows (and highlights): the summary, else the body's start."""
        text = " ".join((self.summary or self.body).split())
        return text[:SNIPPET_CHARS]


def doc_order(docs: list[SearchDoc]) -> list[SearchDoc]:
    """Documents in index order: by date, then URL — so id order is date order and years are id ranges."""
    return sorted(docs, key=lambda doc: (doc.date, doc.ref))
