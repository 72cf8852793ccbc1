"""Acceptance 3: the XLSX holds the same cells and merges as the HTML tables; HTML accessibility structure;
deterministic XLSX; sanitised Markdown."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from test_annual_html_grid import HtmlTable, parse_tables
from zfxxgk.annual import AnnualReport, derive_section2, load_report, render_report_html, render_xlsx
from zfxxgk.annual.markup import render_markdown, sanitise
from zfxxgk.annual.render_xlsx import TITLE_ROWS
from zfxxgk.problems import Problems

ROOT = Path(__file__).resolve().parent.parent
DATA = {
    "sample-2024": (ROOT / "content/政府信息公开年报/2024/统计.yaml", 2024),
    "sample-2025": (ROOT / "content/政府信息公开年报/2025/统计.yaml", 2025),
    "guiyang-2020": (ROOT / "tests/fixtures/annual/guiyang-2020/统计.yaml", 2020),
}


def report_of(name: str) -> AnnualReport:
    path, year = DATA[name]
    problems = Problems()
    report = load_report(path, path.name, problems, year)
    assert report is not None, [p.message for p in problems]
    return derive_section2(report, [], Problems())


def shown(cell: Cell) -> str:
    """The text a spreadsheet shows for a cell (signed number format honoured)."""
    value = cell.value
    if isinstance(value, int) and cell.number_format == "+0;-0;0" and value > 0:
        return f"+{value}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


@pytest.mark.parametrize("name", sorted(DATA))
def test_xlsx_has_the_same_cells_and_merges_as_html(name: str) -> None:
    report = report_of(name)
    tables = parse_tables(render_report_html(report))
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert len(book.worksheets) == len(tables) == 3
    top = TITLE_ROWS  # the report's title and the table's caption come first, merged across the table
    for sheet, table in zip(book.worksheets, tables, strict=True):
        anchors, merges = table.grid()
        width = max(c + a.colspan for (_, c), a in anchors.items())
        assert [sheet.cell(row=r, column=1).value for r in (1, 2)] == [report.display_title, table.caption]
        titles = {(r, 0, r, width - 1) for r in range(-top, 0)}
        sheet_merges = {(r.min_row - 1 - top, r.min_col - 1, r.max_row - 1 - top, r.max_col - 1)
                        for r in sheet.merged_cells.ranges}
        assert sheet_merges == merges | titles, table.caption
        height = max(r for r, _ in anchors) + 1
        assert (sheet.max_row, sheet.max_column) == (height + top, width)
        covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r in range(height):
            for c in range(width):
                cell = sheet.cell(row=r + 1 + top, column=c + 1)
                if (r, c) in anchors:
                    assert shown(cell) == anchors[(r, c)].text, (table.caption, r, c)
                    if anchors[(r, c)].tag == "td" and anchors[(r, c)].text.lstrip("+-").isdigit():
                        assert isinstance(cell.value, int), "numbers stay numbers in the spreadsheet"
                else:
                    assert (r, c) in covered and cell.value is None, (table.caption, r, c)


def test_xlsx_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    report = report_of("sample-2024").with_publication(dt.date(2025, 1, 17), None, None)
    first = render_xlsx(report)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    second = render_xlsx(report)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 1, 17, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2025-01-17T00:00:00Z") == 2


def _check_accessible(table: HtmlTable) -> None:
    ids = {cell.attrs["id"] for row in table.rows for cell in row if cell.tag == "th"}
    assert table.caption
    for row in table.rows:
        for cell in row:
            if cell.tag == "th":
                assert cell.attrs.get("scope") in {"col", "row", "colgroup", "rowgroup"}
                span_col, span_row = cell.colspan > 1, cell.rowspan > 1
                if span_col and cell.attrs["scope"].startswith("col"):
                    assert cell.attrs["scope"] == "colgroup"
                if span_row and cell.attrs["scope"].startswith("row"):
                    assert cell.attrs["scope"] == "rowgroup"
            elif "headers" in cell.attrs:
                refs = cell.attrs["headers"].split()
                assert refs and set(refs) <= ids


@pytest.mark.parametrize("name", sorted(DATA))
def test_html_tables_are_accessible(name: str) -> None:
    html = render_report_html(report_of(name))
    for table in parse_tables(html):
        _check_accessible(table)
    numbers = [c for t in parse_tables(html) for row in t.rows for c in row if c.tag == "td" and "headers" in c.attrs]
    assert numbers and all(len(c.attrs["headers"].split()) >= 2 for c in numbers)


def test_data_cell_headers_name_its_row_and_column() -> None:
    table = parse_tables(render_report_html(report_of("sample-2024")))[1]
    names = {cell.attrs["id"]: cell.text for row in table.rows for cell in row if cell.tag == "th"}
    row = next(r for r in table.rows if any(c.text == "4.保护第三方合法权益" for c in r))
    cell = next(c for c in row if c.tag == "td")
    assert [names[i] for i in cell.attrs["headers"].split()] == [
        "自然人", "申请人情况", "4.保护第三方合法权益", "（三）不予公开", "三、本年度办理结果"]
    assert cell.text == "1"


def test_sections_and_headings_in_order() -> None:
    html = render_report_html(report_of("sample-2025"))
    positions = [html.index(f">{title}</h2>") for title in (
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")]
    assert positions == sorted(positions)
    assert "<h1" not in html and "全年新收政府信息公开申请15件" in html


@pytest.mark.parametrize(("markdown", "absent", "present"), [
    ("正文<script>alert(1)</script>结束", ["<script", "alert"], ["正文", "结束"]),
    ('<iframe src="https://x.example"></iframe>文字', ["<iframe", "x.example"], ["文字"]),
    ('<img src="a.png" onerror="alert(1)" alt="图">', ["onerror", "alert"], ['<img src="a.png" alt="图">']),
    ("[点我](javascript:alert(1))", ["javascript", "href"], ["点我"]),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', ["JaVaScRiPt", "href"], ["<a>x</a>"]),
    ('<p style="color:red" onclick="x()">段</p>', ["style", "onclick"], ["<p>段</p>"]),
    ("# 标题\n\n[链接](https://www.gov.cn/)", ["<h1"], ["<h3>标题</h3>", 'href="https://www.gov.cn/"']),
])
def test_markdown_is_sanitised(markdown: str, absent: list[str], present: list[str]) -> None:
    html = render_markdown(markdown)
    for text in absent:
        assert text not in html
    for text in present:
        assert text in html


def test_sanitiser_escapes_text_and_closes_tags() -> None:
    assert sanitise("<p>a &lt; b<strong>粗") == "<p>a &lt; b<strong>粗</strong></p>"
    assert sanitise("<script/>后") == "后"
