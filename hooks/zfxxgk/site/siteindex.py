"""Per-build lookups computed once: URLs, columns, 解读 ↔ document and 废止/修改 links in both directions.

Pages read these maps instead of scanning all items, so rendering one page costs the same at any N.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from zfxxgk.items.record import Item
from zfxxgk.site.columns import Column, ColumnTree, column_path
from zfxxgk.html.urls import UrlError, item_url

PUBLIC = "主动公开"


@dataclass(frozen=True)
class SiteIndex:
    """Everything a page needs to know about other items."""

    items: tuple[Item, ...]  # public items, newest first
    by_index: Mapping[str, Item]
    urls: Mapping[str, str]
    interpretations: Mapping[str, tuple[Item, ...]]  # document 索引号 → its 解读
    repealed: Mapping[str, tuple[Item, ...]]  # repealing item's 索引号 → items it repealed
    amended: Mapping[str, tuple[Item, ...]]  # amending item's 索引号 → items it amended
    column_items: Mapping[str, tuple[Item, ...]]  # column key → its items, newest first
    home_column: Mapping[str, Column]  # 索引号 → the column shown in the item's breadcrumbs
    unlisted: tuple[str, ...]  # 索引号 that cannot be a URL (reported by the 索引号 checks)

    def url(self, index_no: str | None) -> str | None:
        """The URL of a published item, or None when the 索引号 is not published here."""
        return self.urls.get(index_no) if index_no else None


def newest_first(items: Iterable[Item]) -> list[Item]:
    """Items by 发布日期 descending, then 索引号 descending (a total, stable order)."""
    return sorted(items, key=lambda i: (i.published, i.index_no), reverse=True)


def build_site_index(items: Iterable[Item], tree: ColumnTree) -> SiteIndex:
    """Index the public items (公开方式 主动公开) of one build."""
    public: list[Item] = []
    by_index: dict[str, Item] = {}
    urls: dict[str, str] = {}
    unlisted: list[str] = []
    for item in newest_first(items):
        if item.disclosure != PUBLIC or item.index_no in by_index:
            continue
        try:
            urls[item.index_no] = item_url(item.index_no)
        except UrlError:
            unlisted.append(item.index_no)
            continue
        by_index[item.index_no] = item
        public.append(item)
    interpretations: dict[str, list[Item]] = {}
    repealed: dict[str, list[Item]] = {}
    amended: dict[str, list[Item]] = {}
    for item in public:
        if item.interprets:
            interpretations.setdefault(item.interprets, []).append(item)
        if item.repealed_by:
            repealed.setdefault(item.repealed_by, []).append(item)
        if item.amended_by:
            amended.setdefault(item.amended_by, []).append(item)
    by_path: dict[str, list[Column]] = {}
    for col in tree.walk():
        if col.kind == "list":
            for path in col.paths:
                by_path.setdefault(path, []).append(col)
    column_items: dict[str, list[Item]] = {c.key: [] for c in tree.walk() if c.kind == "list"}
    homes = tree.homes()
    home_column: dict[str, Column] = {}
    for item in public:
        path = column_path(item.catalogue)
        for col in by_path.get(path, ()):
            if col.accepts(item):
                column_items[col.key].append(item)
        if path in homes:
            home_column[item.index_no] = homes[path]
    return SiteIndex(
        items=tuple(public),
        by_index=by_index,
        urls=urls,
        interpretations={k: tuple(v) for k, v in interpretations.items()},
        repealed={k: tuple(v) for k, v in repealed.items()},
        amended={k: tuple(v) for k, v in amended.items()},
        column_items={k: tuple(v) for k, v in column_items.items()},
        home_column=home_column,
        unlisted=tuple(unlisted),
    )
