"""Differences between two versions of the catalogue, for reviewers of a catalogue change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from zfxxgk.catalogue.load import load_catalogue
from zfxxgk.catalogue.model import Catalogue, CatalogueError, CatalogueItem, path_key

# Compared fields and their labels; file/sheet/row are left out (moving a row is not a change).
FIELDS = (
    ("elements", "要素"),
    ("basis", "公开依据"),
    ("deadline", "公开时限"),
    ("subject", "公开主体"),
    ("channels", "公开渠道和载体"),
    ("audience", "公开对象"),
    ("mode", "公开方式"),
    ("level", "公开层级"),
    ("category", "公开类别"),
    ("code", "事项编码"),
    ("url", "网址"),
    ("requirement", "公开要求"),
)


@dataclass(frozen=True)
class FieldChange:
    """One changed field of an item: label, old and new display values."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class CatalogueDiff:
    """Items added, removed and changed between two catalogues (by 目录 path)."""

    added: tuple[CatalogueItem, ...]
    removed: tuple[CatalogueItem, ...]
    changed: tuple[tuple[CatalogueItem, tuple[FieldChange, ...]], ...]

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not (self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, object]:
        """JSON form: added/removed paths and changed fields."""
        return {
            "added": [i.path_str for i in self.added],
            "removed": [i.path_str for i in self.removed],
            "changed": [
                {"path": item.path_str, "fields": [{"field": c.field, "old": c.old, "new": c.new} for c in changes]}
                for item, changes in self.changed
            ],
        }


def _show(item: CatalogueItem, name: str) -> str:
    value = getattr(item, name)
    if name == "deadline":
        return str(value.describe())
    if isinstance(value, tuple):
        return "、".join(value) if value else "（无）"
    return "（无）" if value is None or value == "" else str(value)


def diff_catalogues(old: Catalogue, new: Catalogue) -> CatalogueDiff:
    """Compare by path: new paths are added, missing ones removed, others compared field by field."""
    old_keys = {path_key(i.path_str): i for i in old.items}
    new_keys = {path_key(i.path_str): i for i in new.items}
    changed = []
    for key, item in new_keys.items():
        before = old_keys.get(key)
        if before is None:
            continue
        changes = tuple(
            FieldChange(name, label, _show(before, name), _show(item, name))
            for name, label in FIELDS
            if getattr(before, name) != getattr(item, name)
        )
        if changes:
            changed.append((item, changes))
    return CatalogueDiff(
        tuple(i for k, i in new_keys.items() if k not in old_keys),
        tuple(i for k, i in old_keys.items() if k not in new_keys),
        tuple(changed),
    )


def load_any(path: str | Path) -> Catalogue:
    """A catalogue from a spreadsheet, or from a generated schema/catalogue.json."""
    source = Path(path)
    if source.suffix.lower() != ".json":
        return load_catalogue([source])
    try:
        return Catalogue.from_json(json.loads(source.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogueError(str(path), None, None, f"不是 zfxxgk 生成的 catalogue.json（{exc}）") from None


def diff_text(diff: CatalogueDiff) -> str:
    """The Chinese report printed by `zfxxgk catalogue diff`."""
    if diff.empty:
        return "标准目录没有变化。\n"
    lines: list[str] = []
    if diff.added:
        lines.append(f"新增事项（{len(diff.added)}）：")
        lines += [f"  + {i.path_str}（要素：{_show(i, 'elements')}；时限：{i.deadline.describe()}）" for i in diff.added]
    if diff.removed:
        lines.append(f"删除事项（{len(diff.removed)}）：")
        lines += [f"  - {i.path_str}" for i in diff.removed]
        lines.append("  注意：已按这些事项发布的条目需要改“目录”或保留旧事项，否则检查会报“目录”不存在。")
    if diff.changed:
        lines.append(f"修改事项（{len(diff.changed)}）：")
        for item, changes in diff.changed:
            lines.append(f"  ~ {item.path_str}")
            lines += [f"      {c.label}：{c.old} → {c.new}" for c in changes]
    return "\n".join(lines) + "\n"
