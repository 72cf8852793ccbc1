"""Spreadsheets → plain grids of cell text, merged ranges filled with their top-left value.

.xlsx goes through openpyxl (not read_only: read-only worksheets do not expose merged ranges, and
merges carry meaning here — 一级事项 merged down, header groups merged across). Legacy .xls goes
through xlrd with formatting_info, which is what exposes merged cells in BIFF files.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import xlrd

from zfxxgk.catalogue_model import CatalogueError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Grid:
    """One worksheet as rows of cell text (1-based row numbers are index + 1)."""

    name: str
    rows: tuple[tuple[str, ...], ...]


def cell_text(value: object) -> str:
    """The text of a cell value: numbers without a spurious .0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _trim(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, c in enumerate(row) if c.strip()), default=0)
    return tuple(tuple((row + [""] * width)[:width]) for row in rows)


def _fill(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> None:
    """Copy each merged range's top-left text into every cell of the range (0-based, end exclusive)."""
    for r0, r1, c0, c1 in merges:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows))):
            row = rows[r]
            if len(row) < c1:
                row.extend([""] * (c1 - len(row)))
            for c in range(c0, c1):
                row[c] = value


def _read_xlsx(path: Path) -> list[Grid]:
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CatalogueError(str(path), None, None, f"无法作为 .xlsx 工作簿打开（{exc}）") from None
    grids = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ws.merged_cells.ranges]
        _fill(rows, merges)
        grids.append(Grid(ws.title, _trim(rows)))
    return grids


def _xls_value(sheet: xlrd.sheet.Sheet, book: xlrd.Book, r: int, c: int) -> str:
    cell = sheet.cell(r, c)
    if cell.ctype == xlrd.XL_CELL_DATE:
        return cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return cell_text(cell.value)


def _read_xls(path: Path) -> list[Grid]:
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except (xlrd.XLRDError, OSError, AssertionError, IndexError) as exc:
        raise CatalogueError(str(path), None, None, f"无法作为 .xls 工作簿打开（{exc}）") from None
    grids = []
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        rows = [[_xls_value(sheet, book, r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        _fill(rows, [tuple(m) for m in sheet.merged_cells])
        grids.append(Grid(sheet.name, _trim(rows)))
    return grids


def read_grids(path: Path) -> list[Grid]:
    """Every visible worksheet of an .xlsx or .xls file (recognised by content, not by extension)."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise CatalogueError(str(path), None, None, f"无法读取文件（{exc.strerror}）") from None
    if magic.startswith(_ZIP_MAGIC):
        return _read_xlsx(path)
    if magic == _OLE_MAGIC:
        return _read_xls(path)
    raise CatalogueError(str(path), None, None, "不是 Excel 工作簿（应为 .xlsx 或 .xls 格式的标准目录表）")
