"""The checks: each module registers its rules and exposes `check(ctx)`; `run_checks` runs them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from zfxxgk.items import Item
from zfxxgk.loader import Source
from zfxxgk.problems import Problems
from zfxxgk.settings import Settings


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


def all_checks() -> list[Callable[[CheckContext], None]]:
    """Every check function, in the order they run."""
    from zfxxgk.checks import (
        attachments,
        fields,
        html,
        interpretation,
        penalty,
        privacy,
        quota,
        references,
        validity,
    )

    return [
        fields.check, references.check, attachments.check, html.check, validity.check, penalty.check,
        interpretation.check, privacy.check, quota.check,
    ]


def run_checks(ctx: CheckContext) -> None:
    """Run every check over the context; problems accumulate in ctx.problems."""
    for check in all_checks():
        check(ctx)


# Import the modules so that their rules are registered as soon as the package is.
from zfxxgk.checks import (  # noqa: E402, F401
    attachments,
    fields,
    html,
    interpretation,
    penalty,
    privacy,
    quota,
    references,
    validity,
)
