"""The XLSX downloads a clerk can use: dates as dates, URLs as links, filters on the header row; the
年报 workbook with its title rows."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from test_site_units import SPEC, sample
from zfxxgk.site import downloads
from zfxxgk.site.columns import build_tree
from zfxxgk.site.siteindex import build_site_index
from zfxxgk.site.xlsxwrite import DATE, LINK, MAX_LINKS, TEXT, workbook
from zfxxgk.sitesettings import SiteSettings

WHEN = dt.date(2026, 11, 20)


def test_item_download_has_date_cells_links_and_an_autofilter() -> None:
    index = build_site_index(sample(), build_tree(SPEC, SiteSettings()))
    rows = downloads.records(index.items, index, build_tree(SPEC, SiteSettings()), "https://x.example/zfxxgk/")
    ws = load_workbook(io.BytesIO(downloads.to_xlsx(rows, "目录", "某局", WHEN))).active
    fields = [c.value for c in ws[1]]
    published, written, url = (fields.index(name) + 1 for name in ("发布日期", "成文日期", "URL"))
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(fields)).column_letter}{len(rows) + 1}"
    for number, row in enumerate(rows, 2):
        cell = ws.cell(row=number, column=published)
        assert cell.is_date and cell.number_format == "yyyy-mm-dd"
        assert cell.value == dt.datetime.fromisoformat(row["发布日期"])
        if row["成文日期"]:
            assert ws.cell(row=number, column=written).value.date().isoformat() == row["成文日期"]
        link = ws.cell(row=number, column=url)
        assert link.value == row["URL"] and link.hyperlink is not None and link.hyperlink.target == row["URL"]
        assert link.font.u == "single"


def test_kinds_leave_text_that_is_not_a_date_as_text() -> None:
    data = workbook("表", ["a", "b"], [["2024-02-30", "x"], ["2024-2-3", "y"], ["2024-02-29", "z"]], title="t",
                    creator="c", when=WHEN, kinds=(DATE, TEXT))
    ws = load_workbook(io.BytesIO(data)).active
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["2024-02-30", "2024-2-3", dt.datetime(2024, 2, 29)]


def test_links_stop_at_excels_limit() -> None:
    rows = [[f"https://x.example/{n}"] for n in range(MAX_LINKS + 3)]
    data = workbook("表", ["URL"], rows, title="t", creator="c", when=WHEN, kinds=(LINK,))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode("utf-8")
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert rels.count("<Relationship ") == sheet.count("<hyperlink ") == MAX_LINKS
    assert f"https://x.example/{MAX_LINKS + 2}" in sheet
