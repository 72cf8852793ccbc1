"""Spreadsheets → plain grids of cell text, merged ranges filled with their top-left value.

.xlsx goes through openpyxl (not read_only: read-only worksheets do not expose merged ranges, and
merges carry meaning here — 一级事项 merged down, header groups merged across). Legacy .xls goes
through xlrd with formatting_info, which is what exposes merged cells in BIFF files.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import xlrd
from openpyxl.utils import get_column_letter

from zfxxgk.catalogue.model import CatalogueError
from zfxxgk.text.extract import TooLarge, zip_limits

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
    _merge_limits(((r1 - r0) * (c1 - c0), f"R{r0 + 1}C{c0 + 1}:R{r1}C{c1}") for r0, r1, c0, c1 in merges)
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


# A catalogue is a table of a few hundred rows. Merged ranges are expanded cell by cell (by openpyxl as it
# loads, and by _fill), so one merge such as A30:XFD1048576 would need 17 billion cells: refused first.
MAX_MERGED_CELLS = 200_000  # cells covered by merges, per sheet
MAX_COLUMNS = 1_000  # right-most column a merge or a filled cell may reach
# The grid is built dense from the first cell to the last filled one: one stray value at XFD1048576 would make it
# 17 billion cells (an .xlsx read that way took 3.2 GB and minutes). Real catalogues are a few hundred rows.
MAX_GRID_CELLS = 2_000_000
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})$")


class _Refused(ValueError):
    """A workbook over a bound; the message is for the person who maintains the catalogue."""


def _merge_limits(areas: Iterable[tuple[int, str]]) -> None:
    total = 0
    for area, ref in areas:
        total += max(area, 0)
        if total > MAX_MERGED_CELLS:
            raise _Refused(f"合并单元格 {ref} 使合并区域超过 {MAX_MERGED_CELLS} 个单元格：标准目录表不需要这么大的"
                           "合并区域，请取消该合并（或把它限制在表格范围内）后重新保存")


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _check_xlsx(path: Path) -> None:
    """Refuse a workbook over the bounds before openpyxl loads it: the zip's member count and sizes, and the
    merged ranges of each sheet, read as a stream from the sheet's XML (which must be well-formed)."""
    with zipfile.ZipFile(path) as archive:
        zip_limits(archive)
        for name in archive.namelist():
            if not (name.startswith("xl/") and name.endswith(".xml")):
                continue
            areas: list[tuple[int, str]] = []
            try:
                with archive.open(name) as stream:
                    for _event, element in ET.iterparse(stream):
                        if element.tag.endswith("}mergeCell"):
                            match = _REF.match(element.get("ref", "").upper())
                            if match:
                                c0, r0, c1, r1 = _column(match[1]), int(match[2]), _column(match[3]), int(match[4])
                                if max(c0, c1) > MAX_COLUMNS:
                                    raise _Refused(f"工作表 {name} 中的合并单元格 {element.get('ref')} 超出第 "
                                                   f"{MAX_COLUMNS} 列：请取消该合并后重新保存")
                                areas.append(((abs(r1 - r0) + 1) * (abs(c1 - c0) + 1), str(element.get("ref"))))
                        element.clear()
            except ET.ParseError as exc:
                line, column = exc.position
                raise _Refused(f"工作簿中的 {name} 不是有效的 XML（第 {line} 行第 {column + 1} 列）："
                               "文件已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx") from None
            _merge_limits(areas)


def _read_xlsx(path: Path) -> list[Grid]:
    try:
        _check_xlsx(path)
        with path.open("rb") as handle:  # a file object: openpyxl then judges by content, not by the extension
            book = openpyxl.load_workbook(handle, data_only=True)
    except (_Refused, TooLarge) as exc:
        raise CatalogueError(str(path), None, None, str(exc)) from None
    except Exception as exc:  # openpyxl raises many unrelated types on a malformed workbook
        raise CatalogueError(str(path), None, None, f"无法作为 .xlsx 工作簿打开（{_reason(exc)}）：文件可能已损坏，"
                             "请用 Excel 或 WPS 打开后另存为 .xlsx") from None
    grids = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ws.merged_cells.ranges]
        try:
            rows = _sheet_rows(ws, merges)
            _fill(rows, merges)
        except _Refused as exc:
            raise CatalogueError(str(path), ws.title, None, str(exc)) from None
        grids.append(Grid(ws.title, _trim(rows)))
    return grids


def _sheet_rows(ws: Any, merges: list[tuple[int, int, int, int]]) -> list[list[str]]:
    """The sheet's text as a dense grid from A1 to its last filled cell (or merged range), from the cells the
    file stores (a stray formatted cell far away adds nothing); refused over MAX_COLUMNS or MAX_GRID_CELLS."""
    filled: list[tuple[int, int, str]] = []
    for (r, c), cell in ws._cells.items():  # openpyxl's own store: only the cells the file holds
        text = cell_text(cell.value) if cell.value is not None else ""
        if text:
            filled.append((r, c, text))
    height = max([r for r, _, _ in filled] + [r1 for _, r1, _, _ in merges], default=0)
    width = max((c for _, c, _ in filled), default=0)
    far = max(filled, key=lambda f: f[0] * width + f[1], default=None)
    if far and (width > MAX_COLUMNS or height * width > MAX_GRID_CELLS):
        where = f"{get_column_letter(min(far[1], 18278))}{far[0]}"
        raise _Refused(f"单元格 {where} 有内容（“{far[2][:20]}”），使表格达到 {height} 行 × {width} 列，超出标准目录表"
                       f"的处理上限（{MAX_COLUMNS} 列、{MAX_GRID_CELLS} 个单元格）：请删除表格范围以外的内容后重新保存")
    rows = [[""] * width for _ in range(height)]
    for r, c, text in filled:
        rows[r - 1][c - 1] = text
    return rows


def _reason(exc: BaseException) -> str:
    """A short cause for a library's exception (its class name when it has no message)."""
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return text or type(exc).__name__


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
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, AssertionError … on damaged files
        raise CatalogueError(str(path), None, None, f"无法作为 .xls 工作簿打开（{_reason(exc)}）：文件可能已损坏，"
                             "请用 Excel 或 WPS 打开后另存为 .xlsx") from None
    grids = []
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        try:
            if sheet.ncols > MAX_COLUMNS or sheet.nrows * sheet.ncols > MAX_GRID_CELLS:
                raise _Refused(f"表格有 {sheet.nrows} 行 × {sheet.ncols} 列，超出标准目录表的处理上限（{MAX_COLUMNS} 列、"
                               f"{MAX_GRID_CELLS} 个单元格）：请删除表格范围以外的内容（包括只设了格式的单元格）后重新保存")
            rows = [[_xls_value(sheet, book, r, c) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
            _fill(rows, [tuple(m) for m in sheet.merged_cells])
        except _Refused as exc:
            raise CatalogueError(str(path), sheet.name, None, str(exc)) from None
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
