"""Reading the body of a catalogue sheet into `CatalogueItem`s, once its header is known."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zfxxgk.catalogue.cells import is_ticked, parse_channels, split_basis, split_elements
from zfxxgk.catalogue.deadline import Deadline, default_deadline, parse_deadline
from zfxxgk.catalogue.grid import Grid
from zfxxgk.catalogue.header import Header, header_roles
from zfxxgk.catalogue.model import CatalogueError, CatalogueItem, CatalogueWarning
from zfxxgk.catalogue.text import norm, one_line

_NOTE = re.compile(r"^(?:注[:：、.\d(（]|注$|备注[:：]|说明[:：]|填表说明|标准目录要素说明|要素说明)")
_SAME_AS_ABOVE = re.compile(r"^同上[。.]?$")
_LEVELS = ("level1", "level2", "level3")
MAX_NAME = 60  # characters of one level of an item's name (the longest in real catalogues is about 30)


@dataclass
class SheetResult:
    """Items and review warnings read from one sheet."""

    items: list[CatalogueItem] = field(default_factory=list)
    warnings: list[CatalogueWarning] = field(default_factory=list)


def _is_note(cells: list[str]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    return bool(_NOTE.match(norm(first)))


def _is_section(cells: list[str]) -> bool:
    """A row merged across the table (e.g. 一、食品药品监管领域): every non-empty cell is the same."""
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) >= 3 and len(set(filled)) == 1


def _is_repeated_header(cells: list[str]) -> bool:
    return len(set(header_roles(cells).values())) >= 3


def _labels(header: Header, role: str, cells: list[str]) -> tuple[str, ...]:
    """Labels of the ticked sub-columns of a group, or the words of a single text column."""
    out: list[str] = []
    for col in header.all(role):
        text = cells[col.index]
        ticked = True if col.label is not None and norm(text) == col.label else is_ticked(text)
        if ticked or (ticked is None and col.label is not None):
            label = col.label or ""
            out.append(label if ticked else f"{label}：{one_line(text)}")
    for col in header.all(f"{role}_text"):
        out.extend(_text_labels(role, cells[col.index]))
    return tuple(dict.fromkeys(out))


def _text_labels(role: str, text: str) -> list[str]:
    t = norm(text)
    if not t or is_ticked(text) is False:
        return []
    if role == "mode":
        return [name for name, key in (("主动", "主动"), ("依申请", "申请")) if key in t]
    if role == "audience":
        found = [name for name, key in (("全社会", "全社会"), ("特定群体", "特定")) if key in t]
        return found or [one_line(text)]
    return [p for p in re.split(r"[、，,；;/\s]+", one_line(text)) if p]


class SheetReader:
    """Reads item rows below a header, resolving 同上 and 一级事项 left blank below its first row."""

    def __init__(self, file: str, grid: Grid, header: Header) -> None:
        self.file = file
        self.grid = grid
        self.header = header
        self.result = SheetResult()

    def error(self, row: int, message: str) -> CatalogueError:
        """A layout error at a row of this sheet."""
        return CatalogueError(self.file, self.grid.name, row, message)

    def read(self) -> SheetResult:
        """Every item row until the end of the table or a note row (注：…)."""
        width = max(c.index for c in self.header.columns) + 1
        previous: list[str] | None = None
        for index in range(self.header.last_row, len(self.grid.rows)):
            row = index + 1
            cells = list(self.grid.rows[index]) + [""] * width
            if _is_note(cells):
                break
            if not any(c.strip() for c in cells) or _is_section(cells) or _is_repeated_header(cells):
                continue
            cells = self._resolve(cells, previous, row)
            item = self._item(cells, previous, row)
            if item is not None:
                self.result.items.append(item)
                previous = cells
        return self.result

    def _resolve(self, cells: list[str], previous: list[str] | None, row: int) -> list[str]:
        out = list(cells)
        for col in self.header.columns:
            if _SAME_AS_ABOVE.match(norm(cells[col.index])):
                if previous is None:
                    raise self.error(row, "“同上”出现在第一条事项中，上面没有可沿用的内容；请写出完整内容")
                out[col.index] = previous[col.index]
        return out

    def _path(self, cells: list[str], previous: list[str] | None, row: int) -> tuple[str, ...]:
        levels = [self.header.find(role) for role in _LEVELS]
        cols = [c for c in levels if c is not None] or [c for c in [self.header.find("item")] if c is not None]
        parts = [one_line(cells[c.index]) for c in cols]
        first = levels[0]
        if first is not None and not parts[0] and any(parts[1:]) and previous is not None:
            parts[0] = one_line(previous[first.index])  # 一级事项 written once, left blank below
        return tuple(p.replace("/", "／") for p in parts if p)

    def _text(self, cells: list[str], role: str) -> str:
        col = self.header.find(role)
        return "" if col is None else cells[col.index]

    def _deadline(self, cells: list[str], row: int) -> Deadline:
        if self.header.find("deadline") is not None:
            deadline = parse_deadline(one_line(self._text(cells, "deadline")))
        else:
            deadline = parse_deadline(one_line(self._text(cells, "requirement")))
            if not deadline.parsed:
                return default_deadline()
        if not deadline.parsed:
            self.result.warnings.append(CatalogueWarning(
                self.file, self.grid.name, row,
                f"公开时限“{deadline.raw}”无法识别，不做时效检查；请改写为“信息形成或者变更之日起20个工作日内”一类的规范表述",
            ))
        return deadline

    def _item(self, cells: list[str], previous: list[str] | None, row: int) -> CatalogueItem | None:
        path = self._path(cells, previous, row)
        for part in path:
            if len(part) > MAX_NAME:
                # Item names become file names (schema/catalogue/…) and folder names: 255 bytes at most.
                raise self.error(row, f"事项名称有 {len(part)} 个字（“{part[:20]}……”），超过 {MAX_NAME} 个字："
                                      "请核对这一格是否误贴了其他内容")
        content = [self._text(cells, r) for r in ("elements", "basis", "deadline", "subject", "requirement")]
        if not path:
            if any(c.strip() for c in content):
                raise self.error(row, "这一行有公开内容但没有事项名称（一级事项/二级事项列为空）")
            return None
        optional = {key: one_line(self._text(cells, key)) or None for key in ("category", "code", "url", "requirement")}
        return CatalogueItem(
            path=path,
            elements=split_elements(self._text(cells, "elements")),
            basis=split_basis(self._text(cells, "basis")),
            deadline=self._deadline(cells, row),
            subject=one_line(self._text(cells, "subject")),
            channels=parse_channels(self._text(cells, "channels")),
            audience=_labels(self.header, "audience", cells),
            mode=_labels(self.header, "mode", cells),
            level=_labels(self.header, "level", cells),
            file=self.file,
            sheet=self.grid.name,
            row=row,
            **optional,
        )
