"""An independent reader of HTML tables (html.parser + rowspan/colspan), used by the annual-report tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class HtmlCell:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def rowspan(self) -> int:
        return int(self.attrs.get("rowspan", "1"))

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan", "1"))


@dataclass
class HtmlTable:
    attrs: dict[str, str]
    caption: str = ""
    rows: list[list[HtmlCell]] = field(default_factory=list)

    def grid(self) -> tuple[dict[tuple[int, int], HtmlCell], set[tuple[int, int, int, int]]]:
        """Top-left slot → cell, and the merged ranges (r1, c1, r2, c2), 0-based inclusive."""
        taken: set[tuple[int, int]] = set()
        anchors: dict[tuple[int, int], HtmlCell] = {}
        merges: set[tuple[int, int, int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                anchors[(r, c)] = cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                if cell.rowspan > 1 or cell.colspan > 1:
                    merges.add((r, c, r + cell.rowspan - 1, c + cell.colspan - 1))
                c += cell.colspan
        return anchors, merges

    def texts(self) -> list[str]:
        """Every cell's text in document order."""
        return [cell.text for row in self.rows for cell in row]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self.cell: HtmlCell | None = None
        self.in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append(HtmlTable(a))
        elif tag == "tr":
            self.tables[-1].rows.append([])
        elif tag in ("td", "th"):
            self.cell = HtmlCell(tag, a)
            self.tables[-1].rows[-1].append(self.cell)
        elif tag == "caption":
            self.in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "caption":
            self.in_caption = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.text += data
        elif self.in_caption:
            self.tables[-1].caption += data


def parse_tables(text: str) -> list[HtmlTable]:
    """Every <table> of an HTML text."""
    reader = _Reader()
    reader.feed(text)
    return reader.tables


def test_reader_places_cells_after_spans() -> None:
    html = ('<table><tr><th rowspan="2">a</th><th colspan="2">b</th></tr>'
            "<tr><td>1</td><td>2</td></tr></table>")
    anchors, merges = parse_tables(html)[0].grid()
    assert {k: v.text for k, v in anchors.items()} == {(0, 0): "a", (0, 1): "b", (1, 1): "1", (1, 2): "2"}
    assert merges == {(0, 0, 1, 0), (0, 1, 0, 2)}
