"""zfxxgk.site.xlsxwrite: workbooks openpyxl reads back cell for cell, with the header, view and properties."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile

from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from zfxxgk.site.xlsxwrite import column_letter, workbook

WHEN = dt.date(2026, 11, 20)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_workbook_reads_back_with_header_view_widths_and_properties() -> None:
    rows = [
        ["11520200MB1C123455/2024-00011", "关于“双随机”抽查 & <结果> 的 '通知'", "", "  前后有空格  "],
        ["11520200MB1C123455/2024-00012", "控制字符\x01\x0b被去掉\t制表符\n换行保留", "六盘水市监发〔2024〕3号", "x"],
    ]
    data = workbook("政府信息", ["索引号", "标题", "文号", "备注"], rows, title="目录 & 下载", creator="某局",
                    when=WHEN, widths=(34, 60, 28, 10))
    assert data == workbook("政府信息", ["索引号", "标题", "文号", "备注"], rows, title="目录 & 下载", creator="某局",
                            when=WHEN, widths=(34, 60, 28, 10))
    book = load_workbook(io.BytesIO(data))
    ws = book.active
    assert ws.title == "政府信息"
    table = [[c if c is not None else "" for c in r] for r in ws.iter_rows(values_only=True)]
    assert table[0] == ["索引号", "标题", "文号", "备注"]
    assert table[1] == rows[0]
    assert table[2][1] == "控制字符被去掉\t制表符\n换行保留"
    assert ws["A1"].font.b and not ws["A2"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width == 60
    assert book.properties.title == "目录 & 下载" and book.properties.creator == "某局"
    assert book.properties.created == dt.datetime(2026, 11, 20)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 20, 0, 0, 0)}
        for name in z.namelist():
            ET.fromstring(z.read(name))  # every part is well-formed XML


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=40), min_size=3, max_size=3), max_size=8))
@example(rows=[["", "", "\x1f"]])  # a cell of control characters only: once written as an empty string
@example(rows=[["a", "\x00\x0b", ""], ["\ufffe", "", ""]])
def test_any_text_round_trips(rows: list[list[str]]) -> None:
    data = workbook("表", ["a", "b", "c"], rows, title="t", creator="c", when=WHEN)
    ws = load_workbook(io.BytesIO(data)).active
    got = [[c if c is not None else "" for c in r] for r in ws.iter_rows(min_row=2, max_col=3, values_only=True)]
    illegal = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\ufffe", "\uffff"}
    want = [["".join(ch for ch in v if ch not in illegal) for v in row] for row in rows]
    # openpyxl reads a row with no cells as nothing and \r as \n in some versions: compare what a reader sees
    want = [[v.replace("\r\n", "\n").replace("\r", "\n") for v in row] for row in want]
    got = [[v.replace("\r\n", "\n").replace("\r", "\n") for v in row] for row in got]
    while want and not any(want[-1]):
        want.pop()
    assert got == want
