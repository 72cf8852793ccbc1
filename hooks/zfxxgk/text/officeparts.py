"""The parts of an Office file a reader of the page does not see but a downloader gets, for the privacy scan.

A .docx or .xlsx is a zip of XML parts; the visible text is only some of them. Document properties
(author, title, company), image alt text, comments, formulas whose value was never computed, shared
strings no cell uses, headers and footers of sheets, and workbooks embedded in a document all travel with
the file. Each section comes back under a short Chinese label (`section`) so a finding can say where it is.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from xml.etree import ElementTree as ET

# Marks the start of a section in an extracted text: a form feed, the label, a line break.
SECTION = "\f"
MAX_PART_BYTES = 64 * 1024 * 1024
# The section listing embedded files that could not be read (the check warns about them).
UNREAD_SECTION = "未能读取的嵌入文件"
MAX_EMBEDDED = 20  # embedded files scanned per document (each is itself size-capped)

_DOC_PROPS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")
# Attributes holding text for people: image alt text and titles (DrawingML descr/title, VML alt/title),
# hyperlink tooltips.
_TEXT_ATTRIBUTES = frozenset({"descr", "title", "alt", "tooltip"})
_X = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DATA_PARTS = re.compile(r"customXml/item[0-9]*\.xml|(?:word|xl)/charts/chart[0-9]*\.xml"
                         r"|xl/pivotCache/pivotCache(?:Records|Definition)[0-9]*\.xml")


def section(label: str, lines: list[str]) -> str:
    """One labelled section of an extracted text ("" when it holds nothing)."""
    lines = [line for line in lines if line.strip()]
    return f"{SECTION}{label}\n" + "\n".join(lines) if lines else ""


def section_at(text: str, offset: int) -> str:
    """The label of the section that `offset` falls in, "" for the main text."""
    mark = text.rfind(SECTION, 0, offset)
    return "" if mark < 0 else text[mark + 1:text.find("\n", mark)]


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, refusing one that expands beyond MAX_PART_BYTES (a zip bomb)."""
    if archive.getinfo(name).file_size > MAX_PART_BYTES:
        raise ValueError(f"{name} is larger than {MAX_PART_BYTES} bytes")
    return archive.read(name)


def attribute_texts(root: ET.Element) -> list[str]:
    """Alt texts, titles and tooltips anywhere under `root`."""
    out = []
    for element in root.iter():
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1] in _TEXT_ATTRIBUTES and value.strip():
                out.append(value)
    return out


def properties(archive: zipfile.ZipFile) -> str:
    """Document properties (title, subject, author, keywords, description, company, custom properties),
    then data parts: custom XML bound to content controls, charts, pivot caches (which keep a copy of
    their source rows, values in `v` attributes)."""
    lines: list[str] = []
    for name in _DOC_PROPS:
        if name in archive.NameToInfo:
            lines += _texts(ET.fromstring(read_part(archive, name)))
    data: list[str] = []
    for name in sorted(n for n in archive.namelist() if _DATA_PARTS.fullmatch(n)):
        root = ET.fromstring(read_part(archive, name))
        data += _texts(root) + [v for element in root.iter() for k, v in element.attrib.items() if k == "v"]
    return section("文档属性", lines) + ("\n" + section("数据部件", data) if data else "")


def embedded(archive: zipfile.ZipFile, folder: str, readers: Mapping[str, Callable[[bytes], str | None]]
             ) -> tuple[str, list[str]]:
    """Texts of files embedded under `folder` that a reader handles, and the names of those it cannot read."""
    texts: list[str] = []
    unread: list[str] = []
    for name in sorted(n for n in archive.namelist() if n.startswith(folder) and not n.endswith("/")):
        reader = readers.get(name.rsplit(".", 1)[-1].lower())
        text = None
        if reader is not None and len(texts) < MAX_EMBEDDED:
            try:
                text = reader(read_part(archive, name))
            except (zipfile.BadZipFile, ET.ParseError, KeyError, ValueError, EOFError, zlib.error,
                    NotImplementedError, RuntimeError):
                text = None  # a damaged embedded file is named as unread; the rest of the document is scanned
        if text is None:
            unread.append(name)
        else:
            texts.append(section(f"嵌入的文件 {name}", text.replace(SECTION, "\n").splitlines()))
    return "".join(texts), unread


def xlsx_hidden(archive: zipfile.ZipFile, cell_texts: set[str]) -> str:
    """What an .xlsx holds besides its cells' values: formulas, unused shared strings, comments,
    headers and footers, drawing alt texts, properties."""
    names = archive.namelist()
    formulas: list[str] = []
    headers: list[str] = []
    for name in sorted(n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)):
        for element in _iter(archive, name):
            if element.tag == f"{_X}f" and element.text:
                formulas.append(element.text)
            elif element.tag in (f"{_X}oddHeader", f"{_X}oddFooter", f"{_X}evenHeader", f"{_X}evenFooter",
                                 f"{_X}firstHeader", f"{_X}firstFooter") and element.text:
                headers.append(element.text)
    shared: list[str] = []
    if "xl/sharedStrings.xml" in archive.NameToInfo:
        for si in ET.fromstring(read_part(archive, "xl/sharedStrings.xml")):
            value = "".join(si.itertext())
            if value not in cell_texts:
                shared.append(value)
    comments: list[str] = []
    alt: list[str] = []
    for name in sorted(names):
        if re.fullmatch(r"xl/(comments[^/]*|threadedComments/[^/]*)\.xml", name):
            comments += ["".join(c.itertext()) for c in ET.fromstring(read_part(archive, name)).iter()
                         if c.tag.endswith(("}comment", "}threadedComment"))]
        elif re.fullmatch(r"xl/drawings/[^/]+\.xml", name):
            alt += attribute_texts(ET.fromstring(read_part(archive, name)))
    return "".join([section("公式", formulas), section("未显示的字符串", shared), section("批注", comments),
                    section("页眉页脚", headers), section("图片替代文字", alt), properties(archive)])


def _iter(archive: zipfile.ZipFile, name: str) -> Iterator[ET.Element]:
    """The elements of a part, streamed (worksheets can be large): each is cleared once seen."""
    if archive.getinfo(name).file_size > MAX_PART_BYTES:
        raise ValueError(f"{name} is larger than {MAX_PART_BYTES} bytes")
    with archive.open(name) as stream:
        for _event, element in ET.iterparse(stream, events=("end",)):
            yield element
            element.clear()


def _texts(root: ET.Element) -> list[str]:
    return [t for element in root.iter() for t in (element.text,) if t and t.strip()]
