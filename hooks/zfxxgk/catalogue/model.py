"""The normalised standard catalogue (标准目录): typed, frozen records built once by the reader."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from zfxxgk.catalogue.deadline import Deadline
from zfxxgk.catalogue.text import norm

_REGULATION = re.compile(r"《[^《》]+》")


class CatalogueError(Exception):
    """A spreadsheet layout the reader cannot use; names file, sheet, row and what was expected."""

    def __init__(self, file: str, sheet: str | None, row: int | None, message: str) -> None:
        self.file = file
        self.sheet = sheet
        self.row = row
        self.message = message
        where = file
        if sheet is not None:
            where += f"，工作表“{sheet}”"
        if row is not None:
            where += f"，第{row}行"
        super().__init__(f"{where}：{message}")


@dataclass(frozen=True)
class CatalogueWarning:
    """Something readable but doubtful (e.g. an unparsed 公开时限), for the disclosure office to review."""

    file: str
    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}，工作表“{self.sheet}”，第{self.row}行：{self.message}"


@dataclass(frozen=True)
class Source:
    """One spreadsheet the catalogue was read from, with its content hash."""

    file: str
    sha256: str
    sheets: tuple[str, ...]

    def to_json(self, hashes: bool = True) -> dict[str, object]:
        """JSON form (file, sha256, sheets); without the hash for display."""
        data: dict[str, object] = {"file": self.file, "sheets": list(self.sheets)}
        if hashes:
            data["sha256"] = self.sha256
        return data


@dataclass(frozen=True)
class CatalogueItem:
    """One catalogue row: the item's path 一级/二级[/三级] and what, how and when it must be published."""

    path: tuple[str, ...]
    elements: tuple[str, ...]
    basis: tuple[str, ...]
    deadline: Deadline
    subject: str
    channels: tuple[str, ...]
    audience: tuple[str, ...]
    mode: tuple[str, ...]
    level: tuple[str, ...]
    file: str
    sheet: str
    row: int
    category: str | None = None
    code: str | None = None
    url: str | None = None
    requirement: str | None = None

    @property
    def path_str(self) -> str:
        """The path as items write it in `目录`: 一级/二级[/三级]."""
        return "/".join(self.path)

    @property
    def regulations(self) -> tuple[str, ...]:
        """The named regulations 《…》 cited in the basis, in order, without repeats."""
        seen: dict[str, None] = {}
        for part in self.basis:
            for name in _REGULATION.findall(part):
                seen.setdefault(name, None)
        return tuple(seen)

    def to_json(self) -> dict[str, object]:
        """The JSON form printed by `catalogue show` (DESIGN.md field names)."""
        data: dict[str, object] = {
            "path": self.path_str,
            "elements": list(self.elements),
            "basis": list(self.basis),
            "deadline": self.deadline.to_json(),
            "subject": self.subject,
            "channels": list(self.channels),
            "audience": list(self.audience),
            "mode": list(self.mode),
            "level": list(self.level),
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
        }
        for key in ("category", "code", "url", "requirement"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CatalogueItem:
        """Rebuild an item from its JSON form (schema/catalogue.json)."""
        return cls(
            path=tuple(str(data["path"]).split("/")),
            elements=tuple(data["elements"]),
            basis=tuple(data["basis"]),
            deadline=Deadline.from_json(dict(data["deadline"])),
            subject=str(data["subject"]),
            channels=tuple(data["channels"]),
            audience=tuple(data["audience"]),
            mode=tuple(data["mode"]),
            level=tuple(data["level"]),
            file=str(data["file"]),
            sheet=str(data["sheet"]),
            row=int(data["row"]),
            category=data.get("category"),
            code=data.get("code"),
            url=data.get("url"),
            requirement=data.get("requirement"),
        )


def path_key(path: str) -> str:
    """Lookup form of a 目录 path: simplified, half-width, no spaces, no slashes at the ends."""
    return "/".join(p for p in norm(path).replace("／", "/").strip("/").split("/") if p)


@dataclass(frozen=True)
class Catalogue:
    """All catalogue items in catalogue order, the spreadsheets they came from, and review warnings."""

    items: tuple[CatalogueItem, ...]
    sources: tuple[Source, ...]
    warnings: tuple[CatalogueWarning, ...] = ()

    @cached_property
    def _index(self) -> dict[str, CatalogueItem]:
        return {path_key(item.path_str): item for item in self.items}

    def __iter__(self) -> Iterator[CatalogueItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, path: str) -> CatalogueItem | None:
        """The item an item's `目录` names ("一级/二级"; spaces around slashes ignored), or None."""
        return self._index.get(path_key(path))

    def closest(self, path: str, n: int = 3) -> list[str]:
        """Catalogue paths most similar to an unknown `目录`, best first (for “did you mean”)."""
        keys = {path_key(item.path_str): item.path_str for item in self.items}
        found = difflib.get_close_matches(path_key(path), list(keys), n=n, cutoff=0.4)
        if found:
            return [keys[k] for k in found]
        last = path_key(path).split("/")[-1]
        return [shown for k, shown in keys.items() if k.split("/")[-1] == last][:n]

    def to_json(self, hashes: bool = True) -> dict[str, object]:
        """{"sources": [...], "items": [...]} in catalogue order (hashes: include each source's SHA-256)."""
        return {
            "sources": [s.to_json(hashes) for s in self.sources],
            "items": [item.to_json() for item in self.items],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Catalogue:
        """Rebuild a catalogue from schema/catalogue.json (no spreadsheet needed)."""
        sources = tuple(Source(s["file"], s["sha256"], tuple(s["sheets"])) for s in data.get("sources", []))
        return cls(tuple(CatalogueItem.from_json(i) for i in data["items"]), sources)
