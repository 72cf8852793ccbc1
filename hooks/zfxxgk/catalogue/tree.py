"""The column tree (一级 → 二级 → …) derived from the catalogue, with deterministic URL slugs.

Slugs are the lowercase pinyin initials of the title, as real disclosure sites use (行政处罚 → xzcf).
Siblings with the same slug get -2, -3 … in catalogue order. Settings may override any node's slug
by its path ("一级" or "一级/二级"); generated slugs then avoid the overridden ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from zfxxgk.catalogue.model import Catalogue, CatalogueItem
from zfxxgk.catalogue.text import fold_width, to_simplified

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FALLBACK_SLUG = "lm"  # 栏目, for titles without a single letter or CJK character


class SlugError(ValueError):
    """An override slug that cannot be used in a URL, or that clashes with a sibling's."""


@dataclass(frozen=True)
class ColumnNode:
    """A column: its title, slug, full path of titles, child columns and the catalogue item it lists."""

    title: str
    slug: str
    path: tuple[str, ...]
    children: tuple[ColumnNode, ...]
    item: CatalogueItem | None = None

    @property
    def path_str(self) -> str:
        """The titles joined with "/" (the 目录 value for a leaf)."""
        return "/".join(self.path)

    def walk(self) -> list[ColumnNode]:
        """This node and all nodes below it, depth first in catalogue order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def slugify(title: str) -> str:
    """Pinyin initials of the Chinese characters, ASCII letters and digits kept, lowercase (行政处罚 → xzcf)."""
    parts: list[str] = []
    for piece in lazy_pinyin(fold_width(to_simplified(title)), style=Style.FIRST_LETTER, errors="default"):
        parts.append(re.sub(r"[^a-z0-9]", "", piece.lower()))
    slug = "".join(parts)
    return slug or FALLBACK_SLUG


@dataclass
class _Draft:
    title: str
    path: tuple[str, ...]
    children: dict[str, _Draft]
    item: CatalogueItem | None = None


def _freeze(draft: _Draft, slug: str, overrides: Mapping[str, str]) -> ColumnNode:
    return ColumnNode(draft.title, slug, draft.path, _slug_children(draft, overrides), draft.item)


def _slug_children(parent: _Draft, overrides: Mapping[str, str]) -> tuple[ColumnNode, ...]:
    taken: set[str] = set()
    fixed: dict[str, str] = {}
    for child in parent.children.values():
        override = overrides.get("/".join(child.path))
        if override is None:
            continue
        if not SLUG.match(override):
            raise SlugError(f"栏目“{'/'.join(child.path)}”的网址别名 {override!r} 只能由小写字母、数字和连字符组成")
        if override in taken:
            raise SlugError(f"栏目“{'/'.join(child.path)}”的网址别名 {override!r} 与同级栏目重复")
        taken.add(override)
        fixed[child.title] = override
    nodes = []
    for child in parent.children.values():
        slug = fixed.get(child.title)
        if slug is None:
            base = slugify(child.title)
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
        nodes.append(_freeze(child, slug, overrides))
    return tuple(nodes)


def column_tree(catalogue: Catalogue, overrides: Mapping[str, str] | None = None) -> tuple[ColumnNode, ...]:
    """The top-level columns built from catalogue paths, in catalogue order, with unique sibling slugs."""
    root = _Draft("", (), {})
    for item in catalogue.items:
        node = root
        for depth, title in enumerate(item.path):
            node = node.children.setdefault(title, _Draft(title, item.path[: depth + 1], {}))
        node.item = item
    return _slug_children(root, dict(overrides or {}))


def slug_paths(tree: tuple[ColumnNode, ...]) -> dict[str, str]:
    """Every node's title path → its URL path of slugs ("行政处罚/行政处罚决定" → "xzcf/xzcfjd")."""
    out: dict[str, str] = {}

    def visit(node: ColumnNode, prefix: str) -> None:
        url = f"{prefix}/{node.slug}" if prefix else node.slug
        out[node.path_str] = url
        for child in node.children:
            visit(child, url)

    for top in tree:
        visit(top, "")
    return out
