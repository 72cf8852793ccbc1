"""Plain text of attachments, for the privacy lint: txt, docx, xlsx/xls, and pdf when pypdf is installed.

Everything a downloader gets is text to scan: besides the visible text, a .docx's headers, footers, notes,
comments, alt texts, properties and embedded workbooks, an .xlsx's formulas, comments and properties
(`zfxxgk.text.officeparts`), a PDF's metadata, annotations, bookmarks and its characters joined by position
(`zfxxgk.text.pdftext`); each comes as a labelled section after the main text.

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

from zfxxgk.text import officeparts, pdftext

# Bounds on an Office file (a zip): a damaged or hostile file is refused from its directory, before anything
# is expanded, instead of taking minutes and gigabytes. README「处理上限」 lists them.
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, expanded
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # all the parts read for text, expanded
MAX_MEMBERS = 10_000  # files inside the zip
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
    return _stream_text(io.BytesIO(data))


class TooLarge(ValueError):
    """An Office file over one of the bounds above; the message says which, in Chinese."""


def zip_limits(archive: zipfile.ZipFile, parts: list[str] | None = None) -> None:
    """Raise TooLarge when the zip has too many members, or a part (of `parts`, default all) or their total
    expands beyond the bounds. Sizes come from the zip's directory: zipfile never reads past them."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TooLarge(f"压缩包内有 {len(infos)} 个文件，超过上限 {MAX_MEMBERS} 个")
    chosen = infos if parts is None else [archive.getinfo(name) for name in parts]
    for info in chosen:
        if info.file_size > MAX_PART_BYTES:
            raise TooLarge(f"其中的 {info.filename[:80]} 解压后有 {info.file_size / 1048576:.0f} MB，"
                           f"超过上限 {MAX_PART_BYTES // 1048576} MB")
    total = sum(info.file_size for info in chosen)
    if total > MAX_TOTAL_BYTES:
        raise TooLarge(f"需要检查的内容解压后共 {total / 1048576:.0f} MB，超过上限 {MAX_TOTAL_BYTES // 1048576} MB")


def limit_reason(path: Path) -> str:
    """Why an Office attachment is not read (a bound of this module), or "" when no bound is the reason."""
    if path.suffix.lower() not in (".docx", ".xlsx"):
        return ""
    try:
        with zipfile.ZipFile(path) as archive:
            zip_limits(archive, _docx_parts(archive) if path.suffix.lower() == ".docx" else None)
    except TooLarge as exc:
        return str(exc)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return ""
    return ""


def _docx_parts(archive: zipfile.ZipFile) -> list[str]:
    names = archive.namelist()
    extra = sorted(n for n in names if n.startswith(_DOCX_PART_PREFIXES) and n.endswith(".xml"))
    return ["word/document.xml", *extra]


def _docx(source: Path | io.BytesIO, depth: int = 0) -> str:
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        extra = sorted(n for n in names if n.startswith(_DOCX_PART_PREFIXES) and n.endswith(".xml"))
        zip_limits(archive, [n for n in ["word/document.xml", *extra] if n in names])
        texts = []
        alt: list[str] = []
        for name in ["word/document.xml", *extra]:
            data = officeparts.read_part(archive, name)
            texts.append(_stream_text(io.BytesIO(data)))  # streamed: deep nesting costs no recursion
            alt += officeparts.attribute_texts(ET.fromstring(data))
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


def _stream_text(source: Any) -> str:
    """The paragraphs of a WordprocessingML part, read as a stream of events: no tree is held and nesting
    costs no recursion (3,000 nested content controls are just deep). A paragraph nested in another (a text
    box) is a line of its own, before the line of the paragraph that holds it."""
    lines: list[str] = []
    open_paragraphs: list[list[str]] = []
    for event, element in ET.iterparse(source, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == _P:
                open_paragraphs.append([])
            continue
        if tag == _P:
            lines.append("".join(open_paragraphs.pop()))
        elif open_paragraphs:  # text outside a paragraph is not shown
            out = open_paragraphs[-1]
            if tag in _TEXT:  # tracked deletions (delText) still ship inside the file
                out.append(element.text or "")
            elif tag == _TAB:
                out.append("\t")
            elif tag in _BREAKS:
                out.append("\n")
        element.clear()  # what has been read is not kept
    return "\n".join(lines)


_P, _TAB = f"{_W}p", f"{_W}tab"
_TEXT = (f"{_W}t", f"{_W}delText")  # w:instrText (field codes) is not text a reader sees
_BREAKS = (f"{_W}br", f"{_W}cr")


def _xlsx(source: Path | io.BytesIO) -> str | None:
    openpyxl = importlib.import_module("openpyxl")
    with zipfile.ZipFile(source) as archive:  # refuse zip bombs before openpyxl expands them
        zip_limits(archive)
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
