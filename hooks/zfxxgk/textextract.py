"""Plain text of attachments, for the privacy lint: txt, docx, xlsx/xls, and pdf when pypdf is installed.

`extract_text` never raises on a damaged or unreadable file: it returns None, and the caller reports that
the attachment could not be checked. `can_extract` tells an unsupported type apart from a damaged file.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

# Parts inside an Office zip larger than this are not expanded (a zip bomb guard).
MAX_PART_BYTES = 64 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".csv", ".md"})

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Headers, footers, notes and comments travel with a published .docx, so they are scanned too.
_DOCX_PART_PREFIXES = ("word/header", "word/footer", "word/footnotes", "word/endnotes", "word/comments")


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
    except (OSError, zipfile.BadZipFile, ET.ParseError, KeyError, ValueError, EOFError):
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


def _docx(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        extra = sorted(n for n in names if n.startswith(_DOCX_PART_PREFIXES) and n.endswith(".xml"))
        parts = ["word/document.xml", *extra]
        texts = []
        for name in parts:
            if archive.getinfo(name).file_size > MAX_PART_BYTES:
                raise ValueError(f"{name} is larger than {MAX_PART_BYTES} bytes")
            texts.append(docx_text(archive.read(name)))
    return "\n".join(t for t in texts if t)


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


def _xlsx(path: Path) -> str | None:
    openpyxl = importlib.import_module("openpyxl")
    with zipfile.ZipFile(path) as archive:  # refuse zip bombs before openpyxl expands them
        if any(info.file_size > MAX_PART_BYTES for info in archive.infolist()):
            return None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many unrelated types on malformed workbooks; the caller warns
        return None
    try:
        return _rows_text((ws.title, ws.iter_rows(values_only=True)) for ws in book.worksheets)
    finally:
        book.close()


def _xls(path: Path) -> str | None:
    xlrd = importlib.import_module("xlrd")
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
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
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # pypdf raises PdfReadError, struct/zlib errors, RecursionError … on damaged files
        return None
