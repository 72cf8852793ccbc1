"""Deterministic attachments hiding personal data where a reader does not look (issue 20), for tests.

Each builder returns the bytes of a small but well-formed file: a .docx whose ID number is only in its
properties, an image's alt text or an embedded workbook; an .xlsx whose ID number is only in a comment
or a formula without a cached value; a PDF whose ID number is only in its metadata (document
information, XMP) or whose digits are drawn one by one, out of order. Zip entries carry a fixed date,
so the same call gives the same bytes. The numbers are synthetic with a correct check digit.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

ID_ADULT = "520201198503151237"  # GB 11643 check digit correct; born 1985-03-15; nobody's number
CARD = "6222021234567890128"  # UnionPay prefix, Luhn-valid

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
         '<dc:creator>{creator}</dc:creator></cp:coreProperties>')


def _zip(parts: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def _rels(*targets: tuple[str, str]) -> str:
    rows = "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                   for i, (kind, target) in enumerate(targets, start=1))
    return f'<Relationships xmlns="{_REL}">{rows}</Relationships>'


def docx(body: str = "现场检查笔录", *, creator: str = "执法人员", title: str = "检查笔录", alt: str = "",
         embedded_xlsx: bytes | None = None) -> bytes:
    """A .docx with one paragraph; optionally an image whose alt text is `alt` and an embedded workbook."""
    drawing = ""
    if alt:
        drawing = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
                   f'wordprocessingDrawing"><wp:docPr id="1" name="图片 1" descr="{escape(alt)}"/></wp:inline>'
                   '</w:drawing></w:r></w:p>')
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": f'<Types xmlns="{_CT}"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": _rels((f"{_OD}/officeDocument", "word/document.xml")),
        "word/document.xml": (f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>{escape(body)}</w:t></w:r></w:p>'
                              f"{drawing}</w:body></w:document>"),
        "docProps/core.xml": _CORE.format(title=escape(title), creator=escape(creator)),
    }
    if embedded_xlsx is not None:
        parts["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = embedded_xlsx
    return _zip(parts)


def xlsx(cells: tuple[str, ...] = ("名单",), *, formula: str = "", comment: str = "") -> bytes:
    """An .xlsx of inline-string cells in column A; optionally a formula with no cached value and a comment."""
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{escape(v)}</t></is></c></row>'
                   for i, v in enumerate(cells, start=1))
    if formula:
        rows += f'<row r="{len(cells) + 1}"><c r="A{len(cells) + 1}"><f>{escape(formula)}</f></c></row>'
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            f'<Types xmlns="{_CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": _rels((f"{_OD}/officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": (f'<workbook xmlns="{_S}" xmlns:r="{_OD}"><sheets>'
                            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": _rels((f"{_OD}/worksheet", "worksheets/sheet1.xml")),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_S}"><sheetData>{rows}</sheetData></worksheet>',
    }
    if comment:
        parts["xl/comments1.xml"] = (f'<comments xmlns="{_S}"><authors><author>审核人</author></authors><commentList>'
                                     f'<comment ref="A1" authorId="0"><text><t>{escape(comment)}</t></text></comment>'
                                     "</commentList></comments>")
    return _zip(parts)


def pdf(text: str = "", *, info_title: str = "", xmp_creator: str = "", digits_one_by_one: str = "") -> bytes:
    """A one-page PDF showing `text` in Helvetica; optionally a document-information title, an XMP creator,
    and `digits_one_by_one` drawn as one text object per digit, at increasing x but in reverse order."""
    ops = [f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"] if text else []
    ops += [f"BT /F1 12 Tf {72 + 9 * i} 700 Td ({c}) Tj ET" for i, c in reversed(list(enumerate(digits_one_by_one)))]
    stream = " ".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + (b" /Metadata 7 0 R" if xmp_creator else b"") + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (" + info_title.encode("ascii") + b") /Producer (zfxxgk tests) >>",
    ]
    if xmp_creator:
        xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
               '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
               f"{escape(xmp_creator)}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>")
        data = xmp.encode("utf-8")
        objects.append(b"<< /Type /Metadata /Subtype /XML /Length " + str(len(data)).encode() + b" >>\nstream\n"
                       + data + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)
