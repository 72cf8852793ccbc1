"""schema/ generated from catalogue/: the normalised catalogue and one JSON Schema per catalogue item.

Output is byte-stable (sorted keys, two-space indent, UTF-8, trailing newline) and carries a
do-not-edit header naming the sources and the command that regenerates it. `is_up_to_date`
regenerates in memory and compares bytes; the SHA-256 of each spreadsheet is part of
catalogue.json, so an edited spreadsheet that was not re-imported is detected.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zfxxgk.catalogue.load import catalogue_files, load_catalogue
from zfxxgk.catalogue.model import Catalogue, CatalogueItem
from zfxxgk.catalogue.tree import ColumnNode, column_tree

SCHEMA_BASE = "https://zfxxgk.invalid/schema/"
CATALOGUE_JSON = "catalogue.json"
ITEM_SCHEMA_DIR = "catalogue"
GENERATOR = "zfxxgk catalogue import"
_PLAIN = re.compile(r"[\w@%+=:,./*-]+")


def import_command(sources: Sequence[str], out: str = "schema") -> str:
    """The shell command that regenerates schema/ from these spreadsheets."""
    words = ["zfxxgk", "catalogue", "import", *sources]
    if out != "schema":
        words += ["--out", out]
    return " ".join(w if _PLAIN.fullmatch(w) else shlex.quote(w) for w in words)


def _comment(catalogue: Catalogue) -> str:
    files = "、".join(s.file for s in catalogue.sources)
    return (f"自动生成，请勿手工修改。来源：{files}。修改标准目录后运行："
            f"{import_command([s.file for s in catalogue.sources])}")


def dumps(data: object) -> str:
    """The canonical JSON text of generated files."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def item_slugs(catalogue: Catalogue) -> dict[str, str]:
    """Catalogue path → schema file stem: the default column slugs joined with "-" (xzcf-xzcfjd)."""
    out: dict[str, str] = {}

    def visit(nodes: Sequence[ColumnNode], prefix: str) -> None:
        for node in nodes:
            stem = f"{prefix}-{node.slug}" if prefix else node.slug
            if node.item is not None:
                out[node.item.path_str] = stem
            visit(node.children, stem)

    visit(column_tree(catalogue), "")
    return out


def item_schema(item: CatalogueItem, stem: str, comment: str) -> dict[str, object]:
    """The JSON Schema of one catalogue item: the base schema plus one property per 要素."""
    where = f"{item.file} 工作表“{item.sheet}”第{item.row}行"
    properties = {
        element: {
            "title": element,
            "description": f"标准目录“{item.path_str}”要求公开的要素（{where}）。也可写作正文中的“## {element}”一节。",
            "type": ["string", "number"],
        }
        for element in item.elements
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{ITEM_SCHEMA_DIR}/{stem}.schema.json",
        "$comment": comment,
        "title": item.path_str,
        "description": f"标准目录事项“{item.path_str}”的条目（{where}）。",
        "$ref": "../item.schema.json#/$defs/base",
        "properties": properties,
        "unevaluatedProperties": False,
    }


def render(catalogue: Catalogue) -> dict[str, str]:
    """Every generated file: relative path under schema/ → its exact text."""
    comment = _comment(catalogue)
    files = {CATALOGUE_JSON: dumps({"$comment": comment, "generator": GENERATOR, **catalogue.to_json()})}
    for path, stem in item_slugs(catalogue).items():
        item = catalogue.get(path)
        assert item is not None  # every slug comes from an item of this catalogue
        files[f"{ITEM_SCHEMA_DIR}/{stem}.schema.json"] = dumps(item_schema(item, stem, comment))
    return files


def write(catalogue: Catalogue, out_dir: str | Path) -> list[Path]:
    """Write schema/catalogue.json and schema/catalogue/*.schema.json; remove stale item schemas."""
    root = Path(out_dir)
    files = render(catalogue)
    (root / ITEM_SCHEMA_DIR).mkdir(parents=True, exist_ok=True)
    for stale in (root / ITEM_SCHEMA_DIR).glob("*.schema.json"):
        if f"{ITEM_SCHEMA_DIR}/{stale.name}" not in files:
            stale.unlink()
    written = []
    for rel, text in sorted(files.items()):
        path = root / rel
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


@dataclass(frozen=True)
class Freshness:
    """Whether schema/ matches catalogue/, which files differ, and the command that fixes it."""

    up_to_date: bool
    differing: tuple[str, ...]
    command: str


def check(catalogue_dir: str | Path, schema_dir: str | Path) -> Freshness:
    """Regenerate in memory from the spreadsheets in catalogue_dir and compare with schema_dir byte for byte."""
    sources = catalogue_files(catalogue_dir)
    out = Path(schema_dir).as_posix()
    command = import_command([s.as_posix() for s in sources] or [f"{Path(catalogue_dir).as_posix()}/*.xlsx"], out)
    if not sources:
        return Freshness(False, (f"{Path(catalogue_dir).as_posix()}/（没有 .xlsx 或 .xls 标准目录）",), command)
    catalogue = load_catalogue(sources)
    expected = render(catalogue)
    root = Path(schema_dir)
    present = {f"{ITEM_SCHEMA_DIR}/{p.name}" for p in (root / ITEM_SCHEMA_DIR).glob("*.schema.json")}
    present |= {CATALOGUE_JSON} if (root / CATALOGUE_JSON).is_file() else set()
    differing = sorted(
        rel for rel in set(expected) | present
        if rel not in expected or rel not in present or (root / rel).read_bytes() != expected[rel].encode("utf-8")
    )
    command = import_command([s.file for s in catalogue.sources], out)
    return Freshness(not differing, tuple(differing), command)
