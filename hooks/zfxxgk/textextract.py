"""Plain text of attachments, for the privacy lint: txt, docx, xlsx/xls, and pdf when pypdf is installed.

Everything a downloader gets is text to scan: besides the visible text, a .docx's headers, footers, notes,
comments, alt texts, properties and embedded workbooks, an .xlsx's formulas, comments and properties
(`zfxxgk.officeparts`), a PDF's metadata, annotations, bookmarks and its characters joined by position
(`zfxxgk.pdftext`); each comes as a labelled section after the main text.

`extract_text` never raises on a damaged or unreadable file: it returns None, and the caller reports that
the attachment could not be checked. `can_extract` tells an unsupported type apart from a damaged file.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from zfxxgk import officeparts, pdftext

# Parts inside an Office zip larger than this are not expanded (a zip bomb guard).
MAX_PART_BYTES = officeparts.MAX_PART_BYTES
TEXT_SUFFIXES = frozenset({".txt", ".csv", ".md"})
UNREAD_SECTION = officeparts.UNREAD_SECTION

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Headers, footers, notes and comments travel with a published .docx, so they are scanned too.
_DOCX_PART_PREFIXES = ("word/header", "word/footer", "word/footnotes", "word/endnotes", "word/comments",
                       "word/glossary/document")


def pdf_supported() -> bool:
    """True when a pure-Python PDF text extractor (pypdf) is installed."""
    return importlib.util.find_spec("pypdf") is not None


def can_extract(path: Path) -> bool:
    """True when `extract_text` knows how to read files of this type here."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_supported()
    return suffix in TEXT_SUFFIXES or suffix in (".docx", ".xlsx", ".xls")


def extractor(path: Path) -> str:
    """The name of what reads this file here ("text", "docx", "xlsx", "xls", "pdf"), "" when nothing does.

    Part of the memo key of an extracted text, with the library version the reader relies on.
    """
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in (".docx", ".xlsx", ".xls"):
        return suffix[1:] + _library_version(_LIBRARIES.get(suffix, ""))
    if suffix == ".pdf" and pdf_supported():
        return "pdf" + _library_version("pypdf")
    return ""


_LIBRARIES = {".xlsx": "openpyxl", ".xls": "xlrd"}


@functools.lru_cache(maxsize=8)
def _library_version(name: str) -> str:
    if not name:
        return ""
    from importlib import metadata  # only when an attachment needs it: not a cost of every start

    try:
        return "/" + metadata.version(name)
    except metadata.PackageNotFoundError:
        return "/-"


class TextMemo:
    """Extracted texts by (file content digest, extractor): files published under several items (or
    hard-linked copies) are read once per run, and once per cache lifetime when a cache is given.

    The build cache holds them under their own kind, "text", keyed by the SHA-256 of the file's bytes
    and the extractor; a value is `(text,)`, so that an unreadable file (None) is remembered too.
    """

    KIND = "text"

    def __init__(self, cache: Any = None) -> None:
        self.cache = cache if cache is not None and getattr(cache, "enabled", False) else None
        self._texts: dict[tuple[str, str], str | None] = {}

    def text(self, path: Path, digest: str) -> str | None:
        """`extract_text(path)`, remembered by `digest` (the SHA-256 of the file's bytes)."""
        name = extractor(path)
        if not name:
            return None
        memo_key = (digest, name)
        if memo_key in self._texts:
            return self._texts[memo_key]
        entry_key = self.cache.key(self.KIND, digest, name) if self.cache is not None else ""
        found = self.cache.get(self.KIND, entry_key) if self.cache is not None else None
        if isinstance(found, tuple) and len(found) == 1 and (found[0] is None or isinstance(found[0], str)):
            text: str | None = found[0]
        else:
            text = extract_text(path)
            if self.cache is not None:
                self.cache.put(self.KIND, entry_key, (text,))
        self._texts[memo_key] = text
        return text


def extract_text(path: Path) -> str | None:
    """The text of an attachment, or None when its type is unsupported or the file cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            return decode_text(path.read_bytes())
        if suffix == ".docx":
            return _docx(path)
        if suffix == ".xlsx":
            return _xlsx(path)
        if suffix == ".xls":
            return _xls(path)
        if suffix == ".pdf" and pdf_supported():
            return _pdf(path)
    # A damaged zip gives zlib.error (bad deflate data), NotImplementedError (unknown compression) or
    # RuntimeError (an encrypted member) besides BadZipFile.
    except (OSError, zipfile.BadZipFile, ET.ParseError, KeyError, ValueError, EOFError, zlib.error,
            NotImplementedError, RuntimeError):
        return None
    return None


def decode_text(data: bytes) -> str | None:
    """Bytes of a text file as str: UTF-8 (with or without BOM), else GB18030; None when neither fits."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def docx_text(data: bytes) -> str:
    """The paragraphs of one WordprocessingML part (document, header, footer …), one per line."""
    lines: list[str] = []
    _paragraphs(ET.fromstring(data), lines)
    return "\n".join(lines)


def _docx(source: Path | io.BytesIO, depth: int = 0) -> str:
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        extra = sorted(n for n in names if n.startswith(_DOCX_PART_PREFIXES) and n.endswith(".xml"))
        texts = []
        alt: list[str] = []
        for name in ["word/document.xml", *extra]:
            root = ET.fromstring(officeparts.read_part(archive, name))
            lines: list[str] = []
            _paragraphs(root, lines)
            texts.append("\n".join(lines))
            alt += officeparts.attribute_texts(root)
        readers = {"xlsx": _xlsx_bytes, "xls": _xls_bytes, "txt": decode_text, "csv": decode_text}
        if depth == 0:  # a document inside a document inside a document is not followed
            readers["docx"] = lambda data: _docx(io.BytesIO(data), depth + 1)
        inside, unread = officeparts.embedded(archive, "word/embeddings/", readers)
        hidden = [officeparts.section("图片替代文字", alt), officeparts.properties(archive), inside,
                  officeparts.section(UNREAD_SECTION, unread)]
    return "\n".join(t for t in texts if t) + "".join("\n" + h for h in hidden if h)


def _xlsx_bytes(data: bytes) -> str | None:
    return _xlsx(io.BytesIO(data))


def _xls_bytes(data: bytes) -> str | None:
    return _xls(data)


def _paragraphs(element: ET.Element, lines: list[str]) -> None:
    for child in element:
        if child.tag == f"{_W}p":
            lines.append(_paragraph(child, lines))
        else:
            _paragraphs(child, lines)


def _paragraph(paragraph: ET.Element, lines: list[str]) -> str:
    """Text of a paragraph; paragraphs nested in text boxes become lines of their own."""
    out: list[str] = []

    def walk(node: ET.Element) -> None:
        for child in node:
            if child.tag == f"{_W}p":
                lines.append(_paragraph(child, lines))
            elif child.tag in (f"{_W}t", f"{_W}delText"):  # tracked deletions still ship inside the file
                out.append(child.text or "")
            elif child.tag == f"{_W}instrText":  # field codes are not text a reader sees
                continue
            elif child.tag == f"{_W}tab":
                out.append("\t")
            elif child.tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
            else:
                walk(child)

    walk(paragraph)
    return "".join(out)


def _xlsx(source: Path | io.BytesIO) -> str | None:
    openpyxl = importlib.import_module("openpyxl")
    with zipfile.ZipFile(source) as archive:  # refuse zip bombs before openpyxl expands them
        if any(info.file_size > MAX_PART_BYTES for info in archive.infolist()):
            return None
        try:
            book = openpyxl.load_workbook(source, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many unrelated types on malformed workbooks; the caller warns
            return None
        try:
            cells = _rows_text((ws.title, ws.iter_rows(values_only=True)) for ws in book.worksheets)
        finally:
            book.close()
        values = set(cells.replace("\t", "\n").splitlines())
        hidden = officeparts.xlsx_hidden(archive, values)
    return cells + ("\n" + hidden if hidden else "")


def _xls(source: Path | bytes) -> str | None:
    xlrd = importlib.import_module("xlrd")
    try:
        if isinstance(source, bytes):
            book = xlrd.open_workbook(file_contents=source, on_demand=True)
        else:
            book = xlrd.open_workbook(str(source), on_demand=True)
    except Exception:  # xlrd raises XLRDError, struct.error, AssertionError … on damaged files
        return None
    try:
        sheets = [(sh.name, (sh.row_values(i) for i in range(sh.nrows))) for sh in book.sheets()]
        return _rows_text(sheets)
    finally:
        book.release_resources()


def _rows_text(sheets: Any) -> str:
    lines: list[str] = []
    for title, rows in sheets:
        lines.append(str(title))
        for row in rows:
            cells = ["" if v is None else str(v) for v in row]
            if any(cells):
                lines.append("\t".join(cells).rstrip("\t"))
    return "\n".join(lines)


def _pdf(path: Path) -> str | None:
    pypdf = importlib.import_module("pypdf")
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        return pdftext.pdf_text(reader)
    except Exception:  # pypdf raises PdfReadError, struct/zlib errors, RecursionError … on damaged files
        return None
