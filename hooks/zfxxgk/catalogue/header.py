"""Finding the header of a catalogue sheet and the meaning of each column, by header text not position.

A header is one row, or two rows where the second holds the sub-columns of the groups 公开事项
(一级/二级/三级事项), 公开对象 (全社会/特定群体…), 公开方式 (主动/依申请…) and 公开层级 (any levels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zfxxgk.catalogue.model import CatalogueError
from zfxxgk.catalogue.text import norm

HEADER_SEARCH_ROWS = 15
MAX_HEADER_CELL = 16

# (pattern on the normalised header text, role); the first match wins, so specific patterns come first.
_TOP: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), role)
    for p, role in (
        (r"^序号$|^序$|^编号$", "seq"),
        (r"一级(?:事项|目录|类目|分类|栏目)", "level1"),
        (r"二级(?:事项|目录|类目|分类|栏目)", "level2"),
        (r"三级(?:事项|目录|类目|分类|栏目)", "level3"),
        (r"编码|代码|事项编号", "code"),
        (r"渠道|载体", "channels"),
        (r"对象|范围", "audience"),
        (r"层级", "level"),
        (r"公开方式|^方式$", "mode"),
        (r"类别|类型", "category"),
        (r"公开要求|^要求$", "requirement"),
        (r"依据", "basis"),
        (r"时限|时间要求|公开时间", "deadline"),
        (r"主体|责任(?:单位|部门|科室)|公开部门", "subject"),
        (r"链接|网址|url|网页|网站地址", "url"),
        (r"备注", "remark"),
        (r"要素|内容", "elements"),
        (r"事项", "item"),
    )
)
_GROUPS = ("item", "audience", "mode", "level")
_SUB_ITEM = {"level1": "level1", "level2": "level2", "level3": "level3"}
_AUDIENCE_ALL = re.compile(r"全社会|社会公众|不特定")
_AUDIENCE_SPECIFIC = re.compile(r"特定")
_MODE_ACTIVE = re.compile(r"主动")
_MODE_REQUEST = re.compile(r"依申请|申请")
_LEVEL = re.compile(r"^.{1,4}级$")


@dataclass(frozen=True)
class Column:
    """One column's meaning: a role (elements, deadline, audience, …) and, for tick columns, its label."""

    index: int
    role: str
    label: str | None = None


@dataclass(frozen=True)
class Header:
    """The header found on a sheet: its rows (1-based), the first body row index and the columns."""

    first_row: int
    last_row: int
    columns: tuple[Column, ...]

    def find(self, role: str) -> Column | None:
        """The first column with that role."""
        return next((c for c in self.columns if c.role == role), None)

    def all(self, role: str) -> list[Column]:
        """Every column with that role (tick columns)."""
        return [c for c in self.columns if c.role == role]


def top_role(text: str) -> str | None:
    """The role a header cell names, or None."""
    t = re.sub(r"[(（][^)）]*[)）]", "", norm(text)) or norm(text)
    for pattern, role in _TOP:
        if pattern.search(t):
            return role
    return None


def sub_label(group: str, text: str, strict: bool = False) -> tuple[str, str | None] | None:
    """(role, label) of a sub-column under a group; strict: only labels known from real catalogues."""
    t = re.sub(r"[(（].*$", "", norm(text)) or norm(text)
    if not t:
        return None
    if group == "item":
        role = top_role(t)
        return (role, None) if role in _SUB_ITEM else None
    if group == "audience":
        if _AUDIENCE_ALL.search(t):
            return ("audience", "全社会")
        if _AUDIENCE_SPECIFIC.search(t):
            return ("audience", "特定群体")
    elif group == "mode":
        if _MODE_ACTIVE.search(t):
            return ("mode", "主动")
        if _MODE_REQUEST.search(t):
            return ("mode", "依申请")
    elif group == "level" and _LEVEL.match(t):
        return ("level", t)
    return None if strict or group not in _GROUPS else (group, t)


def header_roles(row: tuple[str, ...] | list[str]) -> dict[int, str]:
    """Column index → role for the cells of a row that read like header cells (short, known words)."""
    return {
        c: role
        for c, cell in enumerate(row)
        if 0 < len(norm(cell)) <= MAX_HEADER_CELL and (role := top_role(cell)) is not None
    }


_BODY_ROLES = ("elements", "basis", "deadline", "subject", "channels", "requirement")


def _is_subheader(top: tuple[str, ...], sub: tuple[str, ...], roles: dict[int, str]) -> bool:
    fits = False
    for c, role in roles.items():
        cell = sub[c] if c < len(sub) else ""
        if not cell.strip() or norm(cell) == norm(top[c]):
            continue
        if role in _BODY_ROLES:
            return False
        if role in _GROUPS and sub_label(role, cell, strict=True) is not None:
            fits = True
    return fits


def find_header(file: str, sheet: str, rows: tuple[tuple[str, ...], ...]) -> Header | None:
    """The sheet's header, None when the sheet has none; CatalogueError when it is incomplete."""
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        roles = header_roles(rows[r])
        if len(set(roles.values())) < 3:
            continue
        sub = rows[r + 1] if r + 1 < len(rows) else ()
        two_rows = bool(sub) and _is_subheader(rows[r], sub, roles)
        columns: list[Column] = []
        for c, role in sorted(roles.items()):
            cell = sub[c] if two_rows and c < len(sub) else ""
            under = sub_label(role, cell) if role in _GROUPS and norm(cell) != norm(rows[r][c]) else None
            if under is not None:
                columns.append(Column(c, under[0], under[1]))
            elif role in ("audience", "mode", "level"):
                columns.append(Column(c, f"{role}_text"))
            else:
                columns.append(Column(c, role))
        header = Header(r + 1, r + 2 if two_rows else r + 1, tuple(columns))
        _require(file, sheet, header)
        return header
    return None


def _require(file: str, sheet: str, header: Header) -> None:
    present = {c.role for c in header.columns}
    rows = f"{header.first_row}" if header.first_row == header.last_row else f"{header.first_row}–{header.last_row}"
    where = f"表头（第{rows}行）"
    if not present & {"item", "level1", "level2", "level3"}:
        raise CatalogueError(file, sheet, header.first_row,
                             f"{where}缺少事项名称列：应有“公开事项”（或“一级事项”“二级事项”）")
    if "elements" not in present:
        raise CatalogueError(file, sheet, header.first_row, f"{where}缺少“公开内容（要素）”列")
    if not present & {"deadline", "requirement"}:
        raise CatalogueError(file, sheet, header.first_row, f"{where}缺少“公开时限”列（或代替依据与时限的“公开要求”列）")
