"""The standard catalogue (标准目录): read the agency's .xlsx/.xls spreadsheets into one `Catalogue`.

Layout knowledge lives in `catalogue.header` (which column means what) and `catalogue.read` (rows);
cell parsing in `catalogue.cells`; the records in `catalogue.model`. This module ties them together.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from zfxxgk.catalogue.grid import read_grids
from zfxxgk.catalogue.header import find_header
from zfxxgk.catalogue.model import (
    Catalogue,
    CatalogueError,
    CatalogueItem,
    CatalogueWarning,
    Source,
    path_key,
)
from zfxxgk.catalogue.read import SheetReader

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "Catalogue",
    "CatalogueError",
    "CatalogueItem",
    "CatalogueWarning",
    "Source",
    "catalogue_files",
    "display_path",
    "load_catalogue",
    "read_catalogue",
]

SPREADSHEET_SUFFIXES = (".xlsx", ".xls")


def display_path(path: Path) -> str:
    """The path as stored in the catalogue: relative to the working directory when below it, POSIX form."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_catalogue(path: str | Path) -> Catalogue:
    """Read one spreadsheet (every visible sheet with a catalogue header); CatalogueError if unusable."""
    source = Path(path)
    name = display_path(source)
    grids = read_grids(source)
    items: list[CatalogueItem] = []
    warnings: list[CatalogueWarning] = []
    sheets: list[str] = []
    skipped: list[str] = []
    for grid in grids:
        if not grid.rows:
            continue
        header = find_header(name, grid.name, grid.rows)
        if header is None:
            skipped.append(grid.name)
            continue
        result = SheetReader(name, grid, header).read()
        if not result.items:
            raise CatalogueError(name, grid.name, header.last_row + 1, "表头下面没有任何事项行")
        sheets.append(grid.name)
        items.extend(result.items)
        warnings.extend(result.warnings)
    if not sheets:
        raise CatalogueError(
            name,
            skipped[0] if skipped else None,
            None,
            "没有找到标准目录表头：前15行中应有“公开事项”（或“一级事项”“二级事项”）、“公开内容（要素）”、"
            "“公开时限”（或“公开要求”）、“公开主体”等列",
        )
    warnings.extend(CatalogueWarning(name, s, 1, "这个工作表没有标准目录表头，已跳过") for s in skipped)
    return _checked(Catalogue(tuple(items), (Source(name, sha256_of(source), tuple(sheets)),), tuple(warnings)))


def _checked(catalogue: Catalogue) -> Catalogue:
    seen: dict[str, CatalogueItem] = {}
    for item in catalogue.items:
        other = seen.setdefault(path_key(item.path_str), item)
        if other is not item:
            raise CatalogueError(
                item.file, item.sheet, item.row,
                f"事项“{item.path_str}”与{other.file}工作表“{other.sheet}”第{other.row}行重复；"
                "条目的“目录”必须能唯一确定一个事项，请合并这两行或改名",
            )
    return catalogue


def load_catalogue(paths: Iterable[str | Path]) -> Catalogue:
    """Read several spreadsheets, in the order given, into one catalogue."""
    parts = [read_catalogue(p) for p in paths]
    merged = Catalogue(
        tuple(i for c in parts for i in c.items),
        tuple(s for c in parts for s in c.sources),
        tuple(w for c in parts for w in c.warnings),
    )
    return _checked(merged)


def catalogue_files(directory: str | Path) -> list[Path]:
    """The spreadsheets of a catalogue folder, sorted by name (Excel lock files ~$… skipped)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SPREADSHEET_SUFFIXES and not p.name.startswith(("~$", "."))
    )
