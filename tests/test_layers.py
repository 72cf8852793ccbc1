"""The package is laid out as its pipeline: every import of a zfxxgk module goes to the same or a lower layer,
and no two units (a subpackage or a top-level module of zfxxgk) import each other, directly or round about.

Every module under hooks/zfxxgk is parsed with ast (no import is executed); every import counts, also
those inside functions and under `if TYPE_CHECKING:`. LAYERS is the order, lowest first; ARCHITECTURE.md
shows the same list (test_architecture_shows_the_layers). A new subpackage or top-level module must be
given its layer here, else test_every_unit_has_a_layer fails.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hooks" / "zfxxgk"

# Lowest first. A unit may import units of its own layer and of the layers below, never above; cycles are
# refused at every layer (test_no_unit_imports_itself_round_about).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("zfxxgk", "problems", "progress", "safepath", "yamlpos", "bodylimits", "documents", "options",
              "ziputil", "branding", "cache", "workers", "config", "sitesettings")),
    ("text", ("text",)),
    ("catalogue", ("catalogue", "workdays")),
    ("items", ("items",)),
    ("html", ("html",)),
    ("annual", ("annual",)),
    ("checks", ("checks",)),
    ("settings", ("settings", "search")),
    ("project", ("project", "newitem")),
    ("site", ("site", "admin")),
    ("report", ("report",)),
    ("build", ("build",)),
    ("engines", ("engines", "mkdocs_adapter")),
    ("commands", ("commands", "cli", "__main__")),
]

# Known exceptions (importer unit, imported unit): none. Move a shared piece down instead of adding one.
KNOWN: set[tuple[str, str]] = set()


def rank(layers: list[tuple[str, tuple[str, ...]]] = LAYERS) -> dict[str, int]:
    return {unit: level for level, (_name, units) in enumerate(layers) for unit in units}


def units(package: Path) -> set[str]:
    """The units of the package: its subpackages and top-level modules, and the package itself."""
    found = {"zfxxgk"}
    for path in package.iterdir():
        if path.is_dir() and (path / "__init__.py").is_file():
            found.add(path.name)
        elif path.suffix == ".py" and path.name != "__init__.py":
            found.add(path.stem)
    return found


def module_name(path: Path, package: Path) -> list[str]:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def unit_of(parts: list[str], known: set[str]) -> str:
    """The unit of a dotted zfxxgk module name (["zfxxgk", "site", "build"] → "site")."""
    return parts[1] if len(parts) > 1 and parts[1] in known else "zfxxgk"


def imports(package: Path) -> list[tuple[str, str, str, int]]:
    """(importing unit, imported unit, file, line) of every import of a zfxxgk module in the package."""
    known = units(package)
    found = []
    for path in sorted(package.rglob("*.py")):
        here = module_name(path, package)
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            targets: list[list[str]] = []
            if isinstance(node, ast.Import):
                targets = [alias.name.split(".") for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here if is_package else here[:-1]
                    base = base[: len(base) - (node.level - 1)]
                else:
                    base = []
                module = base + (node.module.split(".") if node.module else [])
                targets = [module]
                if module == ["zfxxgk"]:  # from zfxxgk import site → the unit site
                    targets = [["zfxxgk", alias.name] for alias in node.names]
            for target in targets:
                if target[:1] == ["zfxxgk"]:
                    found.append((unit_of(here, known), unit_of(target, known), path.relative_to(package).as_posix(),
                                  node.lineno))
    return found


def violations(package: Path, layers: list[tuple[str, tuple[str, ...]]] = LAYERS,
               known: set[tuple[str, str]] = KNOWN) -> list[str]:
    """Every import against the layer order, as "file:line: importer (layer) → imported (layer)"."""
    levels = rank(layers)
    names = [name for name, _units in layers]
    found = []
    for importer, imported, file, line in imports(package):
        if importer == imported or (importer, imported) in known:
            continue
        if importer in levels and imported in levels and levels[imported] > levels[importer]:
            found.append(f"{file}:{line}: {importer} ({names[levels[importer]]}) imports {imported} "
                         f"({names[levels[imported]]}), a higher layer")
    return found


def cycles(package: Path, known: set[tuple[str, str]] = KNOWN) -> list[list[str]]:
    """Every cycle of units importing each other (each as its units in import order, first repeated)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, imported, _file, _line in imports(package):
        if importer != imported and (importer, imported) not in known:
            graph[importer].add(imported)
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(unit: str, path: list[str]) -> None:
        for nxt in sorted(graph[unit]):
            if nxt in path:
                cycle = [*path[path.index(nxt):], nxt]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    found.append(cycle)
            elif len(path) < 12:
                walk(nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found


def test_every_unit_has_a_layer() -> None:
    missing = sorted(units(PACKAGE) - set(rank()))
    assert not missing, f"give these a layer in LAYERS (tests/test_layers.py) and ARCHITECTURE.md: {missing}"


def test_no_import_goes_up_a_layer() -> None:
    assert violations(PACKAGE) == []


def test_no_unit_imports_itself_round_about() -> None:
    assert cycles(PACKAGE) == []


def test_the_known_exception_is_still_needed() -> None:
    """An exception that no import needs any more is deleted, so that it cannot hide a new one."""
    used = {(importer, imported) for importer, imported, _file, _line in imports(PACKAGE)}
    assert used >= KNOWN, f"delete from KNOWN: {sorted(KNOWN - used)}"


def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "zfxxgk"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


SYNTHETIC = [("base", ("zfxxgk", "problems")), ("items", ("items",)), ("site", ("site", "admin"))]


def test_the_checker_catches_an_import_up_a_layer(tmp_path: Path) -> None:
    package = _write(tmp_path, {
        "__init__.py": "",
        "problems.py": "def f():\n    from zfxxgk.site import page  # up from base\n",
        "items/__init__.py": "from . import record\n",
        "items/record.py": "from zfxxgk import problems\nfrom ..site.page import x  # up from items\n",
        "site/__init__.py": "",
        "site/page.py": "from zfxxgk.items.record import y\nimport zfxxgk.problems\n",
        "admin.py": "from zfxxgk import site\n",
    })
    found = violations(package, SYNTHETIC, set())
    assert [line.split(": ", 1)[0] for line in found] == ["items/record.py:2", "problems.py:2"]
    assert "items (items) imports site (site), a higher layer" in found[0]
    # Declared as a known exception, the same import passes.
    assert violations(package, SYNTHETIC, {("items", "site"), ("problems", "site")}) == []


def test_the_checker_catches_a_cycle_within_a_layer(tmp_path: Path) -> None:
    package = _write(tmp_path, {
        "__init__.py": "",
        "site/__init__.py": "",
        "site/page.py": "from zfxxgk.admin import config\n",
        "admin.py": "from zfxxgk.site import page\n",
        "problems.py": "",
    })
    assert violations(package, SYNTHETIC, set()) == []  # one layer: the order allows both
    assert cycles(package, set()) == [["admin", "site", "admin"]]
    assert cycles(package, {("site", "admin")}) == []


def test_architecture_shows_the_layers() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for name, members in LAYERS:
        line = f"{name}: {', '.join(members)}"
        assert line in text, f"ARCHITECTURE.md should list the layer as «{line}»"
