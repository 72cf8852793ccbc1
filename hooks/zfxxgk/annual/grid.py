"""The three tables of a report as grids of cells with spans: one model for HTML and XLSX alike."""

from __future__ import annotations

from dataclasses import dataclass

from zfxxgk.annual.formats import (
    AFTER_REVIEW,
    APPLICANT_COLUMNS,
    APPLICANT_HEAD,
    CHECK_NOTE,
    DIRECT,
    LEGAL,
    LEGAL_HEAD,
    LITIGATION,
    NATURAL,
    RESULT_COLUMNS,
    REVIEW,
    S2,
    S3,
    S4,
    TOTAL,
    Node,
)
from zfxxgk.annual.model import AnnualReport, Value, format_value


@dataclass(frozen=True)
class Cell:
    """A table cell at its top-left grid position; `header` cells are <th>, others <td>."""

    row: int
    col: int
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    scope: str | None = None
    value: Value | None = None
    kind: str = "count"


@dataclass(frozen=True)
class Table:
    """A report table: key (二/三/四), caption, width, and its cells row by row in document order."""

    key: str
    caption: str
    width: int
    rows: tuple[tuple[Cell, ...], ...]


def _th(row: int, col: int, text: str, rowspan: int = 1, colspan: int = 1, axis: str = "col") -> Cell:
    span = colspan if axis == "col" else rowspan
    scope = axis if span == 1 else f"{axis}group"
    return Cell(row, col, text, True, rowspan, colspan, scope)


def _td(row: int, col: int, value: Value, kind: str = "count", colspan: int = 1) -> Cell:
    return Cell(row, col, format_value(value, kind), False, 1, colspan, None, value, kind)


def section2(report: AnnualReport) -> Table:
    """二、主动公开政府信息情况: each block a title row, a header row and its data rows (4 columns)."""
    rows: list[tuple[Cell, ...]] = []
    for block in report.format.blocks:
        r = len(rows)
        rows.append((_th(r, 0, block.title, colspan=4),))
        last = 4 - len(block.columns)  # the last column spans what is left of the 4
        header = [_th(r + 1, 0, "信息内容")]
        for i, column in enumerate(block.columns):
            span = last if i == len(block.columns) - 1 else 1
            header.append(_th(r + 1, 1 + i, column.label, colspan=span))
        rows.append(tuple(header))
        for row in block.rows:
            n = len(rows)
            cells = [_th(n, 0, row.label, axis="row")]
            for i, column in enumerate(block.columns):
                span = last if i == len(block.columns) - 1 else 1
                value = report.section2[(block.title, row.label, column.label)].value
                cells.append(_td(n, 1 + i, value, column.kind, span))
            rows.append(tuple(cells))
    return Table("二", S2, 4, tuple(rows))


def _height(node: Node) -> int:
    return 1 if not node.children else sum(_height(c) for c in node.children)


def section3(report: AnnualReport) -> Table:
    """三、收到和处理政府信息公开申请情况: three header rows, then the row tree (labels span 3 columns)."""
    rows: list[list[Cell]] = [
        [Cell(0, 0, CHECK_NOTE, rowspan=3, colspan=3), _th(0, 3, APPLICANT_HEAD, colspan=7)],
        [_th(1, 3, NATURAL, rowspan=2), _th(1, 4, LEGAL_HEAD, colspan=5), _th(1, 9, TOTAL, rowspan=2)],
        [_th(2, 4 + i, label) for i, label in enumerate(LEGAL)],
    ]

    def emit(node: Node, depth: int, path: tuple[str, ...]) -> None:
        key = (*path, node.label)
        if node.children:
            start = len(rows)
            for child in node.children:
                emit(child, depth + 1, key)
            rows[start].insert(0, _th(start, depth, node.label, rowspan=_height(node), axis="row"))
            return
        r = len(rows)
        label = _th(r, depth, node.label, colspan=3 - depth, axis="row")
        rows.append([label, *(_td(r, 3 + i, report.value3(key, c)) for i, c in enumerate(APPLICANT_COLUMNS))])

    for node in report.format.rows3:
        emit(node, 0, ())
    return Table("三", S3, 10, tuple(tuple(r) for r in rows))


def section4(report: AnnualReport) -> Table:
    """四、政府信息公开行政复议、行政诉讼情况: 行政复议 (5 columns) and 行政诉讼 in two groups of 5."""
    n = len(RESULT_COLUMNS)
    top = (_th(0, 0, REVIEW, colspan=n), _th(0, n, LITIGATION, colspan=2 * n))
    second = [_th(1, i, c, rowspan=2) for i, c in enumerate(RESULT_COLUMNS)]
    second += [_th(1, n, DIRECT, colspan=n), _th(1, 2 * n, AFTER_REVIEW, colspan=n)]
    third = tuple(_th(2, n * g + i, c) for g in (1, 2) for i, c in enumerate(RESULT_COLUMNS))
    data = tuple(
        _td(3, n * g + i, report.section4[(group, c)].value)
        for g, group in enumerate((REVIEW, DIRECT, AFTER_REVIEW))
        for i, c in enumerate(RESULT_COLUMNS)
    )
    return Table("四", S4, 3 * n, (top, tuple(second), third, data))


def tables(report: AnnualReport) -> list[Table]:
    """The three tables of the report in order."""
    return [section2(report), section3(report), section4(report)]


def occupancy(table: Table) -> dict[tuple[int, int], Cell]:
    """Which cell covers each (row, column) slot of the grid."""
    slots: dict[tuple[int, int], Cell] = {}
    for row in table.rows:
        for cell in row:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    slots[(r, c)] = cell
    return slots


def headers_of(cell: Cell, slots: dict[tuple[int, int], Cell]) -> list[Cell]:
    """The header cells of a data cell: the nearest run of <th> above it, and the <th> to its left."""
    found: list[Cell] = []
    r = cell.row - 1
    while r >= 0 and not slots[(r, cell.col)].header:
        r -= 1
    while r >= 0 and slots[(r, cell.col)].header:
        if slots[(r, cell.col)] not in found:
            found.append(slots[(r, cell.col)])
        r -= 1
    for c in range(cell.col - 1, -1, -1):
        left = slots.get((cell.row, c))
        if left is not None and left.header and left not in found:
            found.append(left)
    return found
