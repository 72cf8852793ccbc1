"""The report tables as an XLSX workbook (openpyxl): one sheet per table, the same cells and merges as HTML,
below two title rows (the report's title, then the table's caption), as the tables are printed in the report.

The bytes are deterministic: document properties carry the report's date, not the clock, and the zip
entries get a fixed timestamp (zfxxgk.ziputil).
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from zfxxgk.annual.grid import Table, tables
from zfxxgk.annual.model import AnnualReport
from zfxxgk.ziputil import rezip

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)
_CORE = "docProps/core.xml"
_SHEET_NAMES = {"二": "二、主动公开", "三": "三、依申请公开", "四": "四、复议诉讼"}
TITLE_ROWS = 2  # the report's title and the table's caption, above the table
_TITLE = Font(bold=True, size=14)


def report_date(report: AnnualReport) -> dt.datetime:
    """The workbook's created/modified time: the report's 发布日期, else 31 December of the report year."""
    day = report.published or dt.date(report.year, 12, 31)
    return dt.datetime(day.year, day.month, day.day)


def _sheet(wb: Workbook, table: Table, first: bool, title: str) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = _SHEET_NAMES[table.key]
    for number, (text, font) in enumerate(((title, _TITLE), (table.caption, _BOLD)), 1):
        head = ws.cell(row=number, column=1, value=text)
        head.font = font
        head.alignment = _CENTER if number == 1 else _LEFT
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=table.width)
    ws.row_dimensions[1].height = 30
    top = TITLE_ROWS + 1
    for row in table.rows:
        for cell in row:
            target = ws.cell(row=cell.row + top, column=cell.col + 1)
            if cell.header or cell.value is None:
                target.value = cell.text
                target.font = _BOLD if cell.header else Font()
                target.alignment = _CENTER if cell.header else _LEFT
            else:
                target.value = cell.value
                target.alignment = _CENTER
                if cell.kind == "delta":
                    target.number_format = "+0;-0;0"
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=cell.row + top, start_column=cell.col + 1,
                               end_row=cell.row + TITLE_ROWS + cell.rowspan, end_column=cell.col + cell.colspan)
    for r in range(top, len(table.rows) + top):
        for c in range(1, table.width + 1):
            ws.cell(row=r, column=c).border = _BORDER
    label_width = {"二": 26, "三": 14, "四": 10}[table.key]
    for c in range(1, table.width + 1):
        ws.column_dimensions[get_column_letter(c)].width = label_width if c == 1 or table.key == "四" else 12
    ws.oddHeader.center.text = table.caption
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def workbook(report: AnnualReport) -> Workbook:
    """The openpyxl workbook of the report's three tables."""
    wb = Workbook()
    for i, table in enumerate(tables(report)):
        _sheet(wb, table, i == 0, report.display_title)
    when = report_date(report)
    props = wb.properties
    props.created = props.modified = when
    props.creator = props.lastModifiedBy = report.agency or "zfxxgk"
    props.title = report.display_title
    props.subject = "政府信息公开工作年度报告"
    return wb


def render_xlsx(report: AnnualReport) -> bytes:
    """The workbook as deterministic XLSX bytes."""
    buffer = io.BytesIO()
    book = workbook(report)
    book.save(buffer)
    when = report_date(report)
    # openpyxl stamps 'modified' with the clock while saving: write the core properties again.
    book.properties.modified = when
    core = tostring(book.properties.to_tree())
    # The entries keep openpyxl's permission bits (the bytes stay what they were before zfxxgk.ziputil).
    return rezip(buffer.getvalue(), when, lambda name, data: core if name == _CORE else data, keep_modes=True)
