"""The check context: everything a check may read, built once per run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zfxxgk.config import Settings
from zfxxgk.items.loader import Source
from zfxxgk.items.record import Item
from zfxxgk.problems import Problems


@dataclass
class CheckContext:
    """Everything a check may read, built once per run and passed explicitly (no global state)."""

    settings: Settings
    problems: Problems
    as_of: dt.date
    sources: list[Source]
    items: list[Item]
    catalogue: Any = None
    calendar: Any = None
    extras: dict[str, Any] = field(default_factory=dict)
    cache: Any = None  # zfxxgk.cache.Cache for per-item results that depend only on the item's files

    def source(self, item: Item) -> Source:
        """The parsed source of an item, for positions."""
        return self._by_rel[item.rel]

    def item(self, index_no: str) -> Item | None:
        """The item with this 索引号 (the first, if several share it)."""
        return self._by_index.get(index_no)

    @property
    def by_index(self) -> Mapping[str, Item]:
        """Items by 索引号 (first one wins for duplicates, which are reported separately)."""
        return self._by_index

    def __post_init__(self) -> None:
        self._by_rel = {s.rel: s for s in self.sources}
        self._by_index: dict[str, Item] = {}
        for item in self.items:
            self._by_index.setdefault(item.index_no, item)
