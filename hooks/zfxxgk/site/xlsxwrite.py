"""A small, fast writer of one-sheet XLSX workbooks of text, date and link cells (the item downloads).

openpyxl builds an object per cell and serialises it through an XML tree: about 60 µs a cell, so the
downloads of a 10,000-item column (one workbook for all items, one per column) took seconds on every
build. The downloads are plain tables, so this module writes the OOXML parts directly — the workbook,
a styles part (bold header, date format, link font), the sheet with a frozen header row, column widths,
an autofilter on the header row, inline strings, date serials and hyperlinks, and the core and app
document properties — as the ECMA-376 SpreadsheetML that Excel, WPS and LibreOffice open. The tests
read every workbook back with openpyxl.

Columns are text unless `kinds` says otherwise: DATE columns hold YYYY-MM-DD strings, written as real
dates (a serial number with the yyyy-mm-dd format, so a clerk can sort and filter by date); LINK columns
hold URLs, written as text with a hyperlink to the URL (Excel allows 65,530 links a sheet; beyond that
the URLs stay plain text).

Entries are dated with the build date and written in a fixed order (zfxxgk.ziputil), so the bytes depend
only on the rows, the title, the creator and the date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from zfxxgk.ziputil import write_zip

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# Characters XML 1.0 cannot carry (C0 controls except tab, line feed and carriage return).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TEXT, DATE, LINK = "text", "date", "link"
MAX_LINKS = 65530  # Excel's limit of hyperlinks on one sheet
_EPOCH = dt.date(1899, 12, 30)  # day 0 of the 1900 date system (Excel's leap-year quirk before March 1900)
_STYLE = {TEXT: "", DATE: ' s="2"', LINK: ' s="3"'}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based column index (0 → A, 25 → Z, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _text(clean: str) -> str:
    """An inline string of text already stripped of XML-illegal characters."""
    clean = escape(clean)
    space = ' xml:space="preserve"' if clean != clean.strip() else ""
    return f"<t{space}>{clean}</t>"


def _serial(value: str) -> int | None:
    """The date serial of a YYYY-MM-DD string, or None when it is not a date."""
    if not _ISO_DATE.match(value):
        return None
    try:
        return (dt.date.fromisoformat(value) - _EPOCH).days
    except ValueError:
        return None


def _cell(ref: str, value: str, kind: str, links: list[tuple[str, str]]) -> str:
    if kind == DATE and (serial := _serial(value)) is not None:
        return f'<c r="{ref}" s="2"><v>{serial}</v></c>'
    style = ""
    if kind == LINK and len(links) < MAX_LINKS:
        links.append((ref, value))
        style = _STYLE[LINK]
    return f'<c r="{ref}"{style} t="inlineStr"><is>{_text(value)}</is></c>'


def _sheet(
    header: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float], kinds: Sequence[str],
    links: list[tuple[str, str]],
) -> str:
    """The sheet XML; the hyperlinks it refers to are appended to `links` (cell, URL), in order."""
    letters = [column_letter(i) for i in range(len(header))]
    kinds = [*kinds, *[TEXT] * (len(header) - len(kinds))]
    parts = [
        _XML,
        f'<worksheet xmlns="{_NS}" xmlns:r="{_REL}">',
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
        '<sheetFormatPr defaultRowHeight="15"/>',
    ]
    if widths:
        parts.append("<cols>")
        parts += [f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1)]
        parts.append("</cols>")
    parts.append("<sheetData>")
    # Emptiness is decided after stripping: a cell of control characters only is no cell, as a reader sees it.
    heads = "".join(f'<c r="{letters[i]}1" s="1" t="inlineStr"><is>{_text(v)}</is></c>'
                    for i, v in enumerate(_ILLEGAL.sub("", value) for value in header) if v != "")
    parts.append(f'<row r="1">{heads}</row>')
    number = 1
    for number, row in enumerate(rows, 2):
        clean = [_ILLEGAL.sub("", value) for value in row]
        cells = "".join(
            _cell(f"{letters[i]}{number}", value, kinds[i], links) for i, value in enumerate(clean) if value != ""
        )
        parts.append(f'<row r="{number}">{cells}</row>')
    parts.append("</sheetData>")
    if header:  # the header row's filter buttons, over every row
        parts.append(f'<autoFilter ref="A1:{letters[-1]}{number}"/>')
    if links:
        parts.append("<hyperlinks>")
        parts += [f'<hyperlink ref="{ref}" r:id="rId{i}"/>' for i, (ref, _url) in enumerate(links, 1)]
        parts.append("</hyperlinks>")
    parts.append("</worksheet>")
    return "".join(parts)


def _sheet_rels(links: Sequence[tuple[str, str]]) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/hyperlink" Target="{escape(url, {chr(34): "&quot;"})}" '
        'TargetMode="External"/>'
        for i, (_ref, url) in enumerate(links, 1)
    )
    return f'{_XML}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'


def _filter_name(sheet: str, columns: int, rows: int) -> str:
    """The defined name Excel keeps for a sheet's autofilter range."""
    if not columns:
        return ""
    quoted = sheet.replace("'", "''")
    ref = f"'{quoted}'!$A$1:${column_letter(columns - 1)}${rows}"
    return (f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"{escape(ref)}</definedName></definedNames>")


# Cell styles: 0 text, 1 bold header, 2 date (yyyy-mm-dd), 3 link (blue, underlined).
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def workbook(
    sheet: str,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    title: str,
    creator: str,
    when: dt.date,
    widths: Sequence[float] = (),
    kinds: Sequence[str] = (),
) -> bytes:
    """The XLSX bytes of one sheet named `sheet`: a bold, frozen, filtered header row, then `rows` (strings;
    `kinds` per column: TEXT, DATE for YYYY-MM-DD strings, LINK for URLs)."""
    stamp = f"{when.isoformat()}T00:00:00Z"
    rows = list(rows)
    links: list[tuple[str, str]] = []
    sheet_xml = _sheet(header, rows, widths, kinds, links)
    parts = {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        ),
        "docProps/app.xml": (
            f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>zfxxgk</Application></Properties>"
        ),
        "docProps/core.xml": (
            f'{_XML}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
            f"<cp:lastModifiedBy>{escape(creator)}</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"
        ),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f'<sheets><sheet name="{escape(sheet, {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/></sheets>'
            f"{_filter_name(sheet, len(header), len(rows) + 1)}</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if links:
        parts["xl/worksheets/_rels/sheet1.xml.rels"] = _sheet_rels(links)
    return write_zip(parts.items(), when)
