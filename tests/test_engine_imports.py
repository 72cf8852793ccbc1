"""Only the engine folder (hooks/zfxxgk/engines/) imports a site generator (issue 16, acceptance 2): the build
library, the site renderers and the command line work without MkDocs, Material or ProperDocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hooks" / "zfxxgk"
ENGINE_FOLDER = PACKAGE / "engines"
GENERATORS = ("mkdocs", "material", "properdocs")
# The adapter's old module path, kept for hook files written before it moved: it re-exports the events.
OLD_ADAPTER = PACKAGE / "mkdocs_adapter.py"


def imported(path: Path) -> list[tuple[int, str]]:
    """The modules a Python file imports (absolute names; relative imports as written), with line numbers."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def generator_imports(package: Path, allowed: Path) -> list[str]:
    """`file:line: module` for every import of a site generator in `package` outside the folder `allowed`."""
    bad = []
    for path in sorted(package.rglob("*.py")):
        if path.is_relative_to(allowed):
            continue
        for line, name in imported(path):
            if name.split(".")[0] in GENERATORS:
                bad.append(f"{path.relative_to(package).as_posix()}:{line}: {name}")
    return bad


def test_only_the_engine_folder_imports_a_site_generator() -> None:
    assert generator_imports(PACKAGE, ENGINE_FOLDER) == []


def test_nothing_but_the_hook_file_and_the_old_adapter_path_imports_the_engines() -> None:
    # The build library finds an engine by name (zfxxgk.build.engine.load_engine), never by import.
    bad = [f"{path.relative_to(PACKAGE).as_posix()}:{line}: {name}"
           for path in sorted(PACKAGE.rglob("*.py")) if not path.is_relative_to(ENGINE_FOLDER) and path != OLD_ADAPTER
           for line, name in imported(path) if name.startswith("zfxxgk.engines")]
    assert bad == []
    hook_file = {name for _line, name in imported(ROOT / "hooks" / "zfxxgk_hooks.py")}
    assert hook_file == {"__future__", "zfxxgk.engines.mkdocs.adapter"}


def test_the_check_finds_an_import_outside_the_engine_folder(tmp_path: Path) -> None:
    (tmp_path / "engines").mkdir()
    (tmp_path / "engines" / "ok.py").write_text("from mkdocs.plugins import event_priority\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.py").write_text(
        "import json\n\ndef f():\n    import material.plugins\n    from properdocs import replacement\n"
        "from mkdocs_other import x\n", encoding="utf-8")
    (tmp_path / "lib.py").write_text("import mkdocs\n", encoding="utf-8")
    assert generator_imports(tmp_path, tmp_path / "engines") == [
        "lib.py:1: mkdocs", "site/page.py:4: material.plugins", "site/page.py:5: properdocs"]


def test_importing_every_module_outside_the_engine_folder_loads_no_site_generator() -> None:
    # What the imports above do not show: a module imported indirectly (through a library) that pulls one in.
    modules = sorted(
        "zfxxgk." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
        if not path.is_relative_to(ENGINE_FOLDER) and path not in (OLD_ADAPTER, PACKAGE / "__main__.py")
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n    importlib.import_module(name.removesuffix('.__init__'))\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {GENERATORS!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(modules) > 100
    assert result.stdout.strip() == "[]"
