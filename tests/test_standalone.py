"""The repository stands on its own: no test, benchmark or tool reads a folder outside the clone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Built from parts so that this file does not match itself (nor a plain grep for the folder's path).
SIBLING = "sha" + "red"
OUTSIDE = re.compile("|".join([
    re.escape("..") + r"[/\\]" + SIBLING,             # the sibling folder named in a path or a docstring
    r"parents\[\s*\d+\s*\]\s*/\s*['\"]" + SIBLING,    # Path(__file__).parents[2] / <sibling>
]))
TEXT = {".py", ".md", ".sh", ".mjs", ".js", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".txt", ""}
SKIP = {"vendor", "fixtures", "__pycache__", "out"}


def _files() -> list[Path]:
    found = []
    for top in ("tests", "bench", "tools", "scripts", "hooks", ".ci"):
        base = ROOT / top
        if not base.exists():
            continue
        for path in sorted(base.rglob("*")):
            if (path.is_file() and path.suffix in TEXT and path != Path(__file__).resolve()
                    and not SKIP & set(path.relative_to(ROOT).parts)):
                found.append(path)
    return found


def test_the_pattern_catches_what_it_must() -> None:
    assert OUTSIDE.search(f'CORPUS = Path(__file__).resolve().parents[2] / "{SIBLING}" / "corpus"')
    assert OUTSIDE.search(f"slices of the pages in ../{SIBLING}/corpus/docs")
    assert not OUTSIDE.search('CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"')


def test_no_file_names_a_folder_outside_the_repository() -> None:
    files = _files()
    assert len(files) > 50
    offenders = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                 for path in files
                 for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
                 if OUTSIDE.search(line)]
    assert not offenders, "\n".join(offenders)


def test_fixtures_are_in_the_repository() -> None:
    corpus = ROOT / "tests" / "fixtures" / "corpus"
    assert (corpus / "index.tsv").is_file() and len(list((corpus / "docs").glob("*.txt"))) == 20
    assert len(list((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))) == 5
