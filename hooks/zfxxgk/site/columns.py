"""The column tree of RULES §1: 指南 / 制度 / 法定主动公开内容 (the catalogue's tree) / 年报, plus options.

A column lists the items whose 目录 is one of its catalogue paths. A column named in
`validity_columns` lists only documents in force and gets a sibling list of 废止和失效 documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from zfxxgk.catalogue.tree import ColumnNode, slugify
from zfxxgk.items.record import Item
from zfxxgk.sitesettings import SiteSettings

GUIDE, RULES_COL, ANNUAL = "政府信息公开指南", "政府信息公开制度", "政府信息公开年报"
PROACTIVE, INTERPRETATION, APPLICATION = "法定主动公开内容", "政策解读", "依申请公开"
STANDARD_FIRST = "政务公开"
ENDED = ("已废止", "已失效")
DEFAULT_SLUGS = {
    GUIDE: "zfxxgkzn",
    RULES_COL: "zfxxgkzd",
    PROACTIVE: "fdzdgknr",
    ANNUAL: "zfxxgknb",
    INTERPRETATION: "zcjd",
    APPLICATION: "ysqgk",
}

# (一级 title, 一级 slug, ((二级 title, 二级 slug), ...)) — the shape of the catalogue's column tree.
TreeSpec = Sequence[tuple[str, str, Sequence[tuple[str, str]]]]


@dataclass(frozen=True)
class Column:
    """One column page. kind: list (items), section (sub-columns), application (依申请公开 guide)."""

    key: str
    title: str
    kind: str
    paths: tuple[str, ...] = ()
    status: str = "all"  # all | current | ended
    children: tuple[Column, ...] = ()
    ended_list: str | None = None  # key of the 废止和失效 list of a `current` column

    @property
    def url(self) -> str:
        """Directory URL of the column's first page."""
        return self.key + "/"

    def accepts(self, item: Item) -> bool:
        """True when the item belongs in this column's list."""
        if column_path(item.catalogue) not in self.paths:
            return False
        ended = item.validity in ENDED
        return self.status == "all" or (self.status == "ended") == ended


@dataclass(frozen=True)
class ColumnTree:
    """The top-level columns in nav order, with lookups by key and parent chains."""

    top: tuple[Column, ...]
    agency_home: str = ""  # the agency's main site (首页 in the breadcrumbs); "" leaves 首页 out

    def walk(self) -> Iterator[Column]:
        """Every column, depth first, in nav order."""
        stack = list(reversed(self.top))
        while stack:
            col = stack.pop()
            yield col
            stack.extend(reversed(col.children))

    @cached_property
    def _keys(self) -> dict[str, Column]:
        return {c.key: c for c in self.walk()}

    def by_key(self) -> dict[str, Column]:
        """Columns by key (computed once per tree)."""
        return self._keys

    def parents(self, key: str) -> list[Column]:
        """The chain of columns from the top down to the column with this key (inclusive)."""
        keys = self.by_key()
        parts = key.split("/")
        return [keys["/".join(parts[:i])] for i in range(1, len(parts) + 1) if "/".join(parts[:i]) in keys]

    @cached_property
    def _homes(self) -> dict[str, Column]:
        return self.homes()

    def home(self, path: str) -> Column | None:
        """The list column an item with this 目录 path is shown under (cached)."""
        return self._homes.get(path)

    def homes(self) -> dict[str, Column]:
        """For each 目录 path, the list column an item of that path is shown under (breadcrumbs)."""
        homes: dict[str, Column] = {}
        for col in self.walk():
            if col.kind == "list" and col.status != "ended":
                for path in col.paths:
                    homes.setdefault(path, col)
        return homes


def build_tree(spec: TreeSpec, site: SiteSettings, extra_paths: Iterable[str] = ()) -> ColumnTree:
    """The column tree from the catalogue's tree spec; 目录 paths only seen in items are added at the end."""
    slug = _slugger(site.slugs)
    std = {
        GUIDE: f"{STANDARD_FIRST}/{GUIDE}",
        RULES_COL: f"{STANDARD_FIRST}/{RULES_COL}",
        ANNUAL: f"{STANDARD_FIRST}/{ANNUAL}",
    }
    skip_first = {STANDARD_FIRST} | ({INTERPRETATION} if site.interpretation_column else set())
    known = {f"{first}/{second}" for first, _s, seconds in spec for second, _t in seconds}
    spec = [*spec, *_extra_spec(sorted(set(extra_paths) - known - set(std.values())), spec)]
    proactive_key = slug(PROACTIVE, DEFAULT_SLUGS[PROACTIVE])
    firsts: list[Column] = []
    used: set[str] = set()
    for first, first_slug, seconds in spec:
        if first in skip_first or not seconds:
            continue
        first_key = _unique(f"{proactive_key}/{first_slug}", used)
        children: list[Column] = []
        for second, second_slug in seconds:
            key = _unique(f"{first_key}/{second_slug}", used)
            path = f"{first}/{second}"
            if path in site.validity_columns:
                ended = Column(f"{key}-fzhsx", f"废止和失效{second}", "list", (path,), "ended")
                children.append(Column(key, second, "list", (path,), "current", ended_list=ended.key))
                children.append(ended)
            else:
                children.append(Column(key, second, "list", (path,)))
        firsts.append(Column(first_key, first, "section", children=tuple(children)))
    top = [
        Column(slug(GUIDE, DEFAULT_SLUGS[GUIDE]), GUIDE, "list", (std[GUIDE],)),
        Column(slug(RULES_COL, DEFAULT_SLUGS[RULES_COL]), RULES_COL, "list", (std[RULES_COL],)),
        Column(proactive_key, PROACTIVE, "section", children=tuple(firsts)),
        Column(slug(ANNUAL, DEFAULT_SLUGS[ANNUAL]), ANNUAL, "list", (std[ANNUAL],)),
    ]
    if site.interpretation_column:
        paths = tuple(
            f"{first}/{second}"
            for first, _s, seconds in spec
            if first == INTERPRETATION
            for second, _t in seconds
        ) or (f"{INTERPRETATION}/{INTERPRETATION}",)
        top.append(Column(slug(INTERPRETATION, DEFAULT_SLUGS[INTERPRETATION]), INTERPRETATION, "list", paths))
    if site.application_column:
        top.append(Column(slug(APPLICATION, DEFAULT_SLUGS[APPLICATION]), APPLICATION, "application"))
    return ColumnTree(tuple(top))


def _unique(key: str, used: set[str]) -> str:
    """The key, or key-2, key-3 … when two titles share pinyin initials."""
    candidate, n = key, 1
    while candidate in used:
        n += 1
        candidate = f"{key}-{n}"
    used.add(candidate)
    return candidate


def _extra_spec(paths: Sequence[str], spec: TreeSpec) -> TreeSpec:
    """Tree entries for 目录 paths that items use but the catalogue lacks, so no item is unlisted."""
    first_slugs = {first: s for first, s, _c in spec}
    grouped: dict[str, list[tuple[str, str]]] = {}
    for path in paths:
        first, _, second = path.partition("/")
        if second:
            grouped.setdefault(first, []).append((second.split("/")[0], initials(second.split("/")[0])))
    return [(first, first_slugs.get(first, initials(first)), seconds) for first, seconds in grouped.items()]


def _slugger(overrides: Mapping[str, str]) -> Callable[[str, str], str]:
    def slug(title: str, default: str) -> str:
        return overrides.get(title) or default or initials(title)

    return slug


def column_path(catalogue: str) -> str:
    """The 一级/二级 part of an item's 目录 (deeper levels list under their 二级 column)."""
    return "/".join(part.strip() for part in catalogue.split("/")[:2])


def initials(title: str) -> str:
    """Pinyin initials of a title, as the catalogue's column tree makes them (行政规范性文件 → xzgfxwj)."""
    return slugify(title)


def spec_from_catalogue(nodes: Sequence[ColumnNode]) -> TreeSpec:
    """A tree spec from the catalogue's column tree (zfxxgk.catalogue.tree.column_tree), slugs kept."""
    return [(n.title, n.slug, [(c.title, c.slug) for c in n.children]) for n in nodes]
