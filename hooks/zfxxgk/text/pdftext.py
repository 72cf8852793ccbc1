"""Everything a PDF tells its reader, for the privacy scan: page text, the same characters joined by their
position on the page, document information and XMP metadata, annotations, form fields and bookmarks.

A PDF does not have to draw its text in reading order: each digit of a number can be its own text-show
operator at its own position, in any order, and the plain extraction then returns them shuffled. The
characters are therefore also collected with their positions (pypdf's text visitor) and joined line by
line, left to right; that text is scanned when it differs from the plain extraction.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET

from zfxxgk.text.officeparts import UNREAD_SECTION, section

MAX_FRAGMENTS = 200_000  # characters placed one by one on a page beyond this are not re-ordered


def pdf_text(reader: Any) -> str:
    """The scanned text of an open pypdf reader: pages first, then labelled sections."""
    pages: list[str] = []
    positional: list[str] = []
    annotations: list[str] = []
    for page in reader.pages:
        fragments: list[tuple[float, float, float, str]] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, size: Any, into: list[Any] = fragments) -> None:
            if text.strip() and len(into) < MAX_FRAGMENTS:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                height = abs(float(size or 0) * tm[3] * cm[3]) or 10.0
                into.append((float(x), float(y), height, text))

        pages.append(page.extract_text(visitor_text=visit) or "")
        positional += _lines(fragments)
        annotations += _annotations(page)
    main = "\n".join(pages)
    hidden = [
        section("按位置重排的文字", positional) if _squeeze("\n".join(positional)) != _squeeze(main) else "",
        section("PDF 文档信息", [_str(v) for _k, v in (reader.metadata or {}).items()]),
        section("PDF XMP 元数据", _xmp(reader)),
        section("PDF 注释和表单", annotations + _fields(reader)),
        section("PDF 书签", _outline(reader.outline)),
        section(UNREAD_SECTION, sorted(reader.attachments)),
    ]
    return main + "".join("\n" + h for h in hidden if h)


def _lines(fragments: list[tuple[float, float, float, str]]) -> list[str]:
    """Fragments grouped into lines (baselines within half a character height), each left to right."""
    lines: list[list[tuple[float, str]]] = []
    baseline = 0.0
    for x, y, height, text in sorted(fragments, key=lambda f: (-f[1], f[0])):
        if not lines or baseline - y > height / 2:
            lines.append([])
            baseline = y
        lines[-1].append((x, text))
    return [" ".join(text for _x, text in sorted(line, key=lambda f: f[0])) for line in lines]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _str(value: Any) -> str:
    value = value.get_object() if hasattr(value, "get_object") else value
    return value if isinstance(value, str) else str(value)


def _xmp(reader: Any) -> list[str]:
    metadata = reader.trailer["/Root"].get("/Metadata")
    if metadata is None:
        return []
    root = ET.fromstring(metadata.get_object().get_data())
    return [t for element in root.iter() for t in (element.text, *element.attrib.values()) if t and t.strip()]


def _annotations(page: Any) -> list[str]:
    out: list[str] = []
    for ref in page.get("/Annots") or []:
        annotation = ref.get_object()
        for key in ("/Contents", "/T", "/TU", "/V", "/RC"):
            if key in annotation:
                out.append(_str(annotation[key]))
    return out


def _fields(reader: Any) -> list[str]:
    return [_str(field.get("/V")) for field in (reader.get_fields() or {}).values() if field.get("/V") is not None]


def _outline(entries: Any, depth: int = 0) -> list[str]:
    out: list[str] = []
    for entry in entries or []:
        if isinstance(entry, list):
            if depth < 32:
                out += _outline(entry, depth + 1)
        elif getattr(entry, "title", None):
            out.append(str(entry.title))
    return out
