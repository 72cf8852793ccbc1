"""Machine-readable downloads (条例第二十四条 下载): items as JSON, CSV (Excel-friendly) and XLSX.

Every output is a pure function of the records and the build date, so two builds are byte-identical
(XLSX by zfxxgk.site.xlsxwrite, zipped by zfxxgk.ziputil with entries dated with the build date).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence

from zfxxgk.items.record import Item
from zfxxgk.site import xlsxwrite
from zfxxgk.site.columns import ColumnTree
from zfxxgk.site.siteindex import SiteIndex
from zfxxgk.html.urls import absolute

FIELDS = (
    "索引号",
    "标题",
    "文号",
    "发布日期",
    "成文日期",
    "发布机构",
    "主题分类",
    "文种",
    "有效性",
    "栏目",
    "目录",
    "内容概述",
    "URL",
)
Record = Mapping[str, str]


def records(items: Sequence[Item], index: SiteIndex, tree: ColumnTree, site_url: str) -> list[Record]:
    """One flat record per public item, newest first, every value a string ('' when absent)."""
    out: list[Record] = []
    for item in items:
        column = index.home_column.get(item.index_no)
        trail = "/".join(c.title for c in tree.parents(column.key)) if column else ""
        out.append(
            {
                "索引号": item.index_no,
                "标题": item.title,
                "文号": item.doc_no or "",
                "发布日期": item.published.isoformat(),
                "成文日期": item.written.isoformat() if item.written else "",
                "发布机构": item.publisher,
                "主题分类": item.subject or "",
                "文种": item.genre or "",
                "有效性": item.validity or "",
                "栏目": trail,
                "目录": item.catalogue,
                "内容概述": item.summary or "",
                "URL": absolute(site_url, index.urls[item.index_no]),
            }
        )
    return out


def to_json(rows: Sequence[Record], title: str) -> bytes:
    """`{"title", "count", "fields", "items": [...]}` as UTF-8 JSON, one item per line, stable content."""
    # One item per line: readable and diffable, and written by json's C encoder (indent= is pure Python).
    head = {"title": title, "count": len(rows), "fields": list(FIELDS)}
    lines = ",\n".join(json.dumps(dict(r), ensure_ascii=False) for r in rows)
    body = json.dumps(head, ensure_ascii=False)[:-1]
    return (body + (', "items": [\n' + lines + "\n]}\n" if rows else ', "items": []}\n')).encode("utf-8")


# A cell a spreadsheet would take for a formula (=HYPERLINK(…), +cmd|…, -2+3, @SUM(…), or one of these after a
# tab or carriage return): OWASP "CSV Injection" has it start with a single quote, shown as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A CSV cell's text such that Excel, WPS or LibreOffice show it and never evaluate it."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(rows: Sequence[Record]) -> bytes:
    """CSV with a UTF-8 BOM (so Excel opens Chinese correctly) and CRLF line ends; no cell is a formula."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_text(value) for key, value in row.items()} for row in rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


WIDTHS = (34, 60, 28, 12, 12, 24, 22, 8, 10, 36, 28, 60, 60)
# 发布日期 and 成文日期 are dates in the workbook, URL a link; everything else text.
KINDS = tuple(xlsxwrite.DATE if f in ("发布日期", "成文日期") else xlsxwrite.LINK if f == "URL" else xlsxwrite.TEXT
              for f in FIELDS)


def to_xlsx(rows: Sequence[Record], title: str, creator: str, when: dt.date) -> bytes:
    """An XLSX workbook with one sheet 政府信息 (bold frozen header with filters, column widths, dates as
    dates, URLs as links), dated `when`."""
    return xlsxwrite.workbook("政府信息", FIELDS, ([row[f] for f in FIELDS] for row in rows),
                              title=title, creator=creator, when=when, widths=WIDTHS, kinds=KINDS)
