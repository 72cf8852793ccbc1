"""A second engine (issue 16): ProperDocs, the maintained fork of MkDocs 1.x, builds the sample and a
1,000-item generated corpus to the same bytes as MkDocs, from the same mkdocs.yml, hook file and theme."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("mkdocs", "properdocs")


def build(engine: str, project: Path, dest: Path, cache: Path, epoch: str) -> None:
    """`python -m <engine> build` of project into dest, with its own zfxxgk cache and a fixed build date."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,
        "NO_MKDOCS_2_WARNING": "1",
        # Each engine its own cache: neither build may reuse what the other one computed.
        "ZFXXGK_CACHE_DIR": str(cache),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "hooks"), os.environ.get("PYTHONPATH")])),
    }
    # -f: ProperDocs looks for properdocs.yml first and logs a rename notice when it falls back to mkdocs.yml.
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", "-q", "-f", "mkdocs.yml", "-d", str(dest)],
        cwd=project, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, f"{engine} build failed:\n{result.stderr[-3000:]}"


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path relative to the site folder."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    """The first line that differs between two files, for the failure message."""
    for left, right in zip(a.splitlines(), b.splitlines(), strict=False):
        if left != right:
            return f"\n  mkdocs:     {left[:300]!r}\n  properdocs: {right[:300]!r}"
    return f" (lengths {len(a)} and {len(b)})"


def assert_same_site(project: Path, tmp_path: Path, epoch: str) -> int:
    """Build project with both engines and assert byte-identical sites; returns the number of files."""
    if importlib.util.find_spec("properdocs") is None:
        pytest.fail("properdocs is not installed: it is in the test extras, run pip install -e '.[test]'")
    sites = {}
    for engine in ENGINES:
        build(engine, project, tmp_path / f"site-{engine}", tmp_path / f"cache-{engine}", epoch)
        sites[engine] = tree(tmp_path / f"site-{engine}")
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    assert sorted(mkdocs) == sorted(properdocs)
    differing = [name for name in mkdocs if mkdocs[name] != properdocs[name]]
    assert differing == [], (
        f"{len(differing)} of {len(mkdocs)} files differ, first {differing[0]}:"
        + first_difference(mkdocs[differing[0]], properdocs[differing[0]])
    )
    return len(mkdocs)


def test_properdocs_builds_the_sample_to_the_same_bytes_as_mkdocs(tmp_path: Path) -> None:
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout
    files = assert_same_site(ROOT, tmp_path, epoch.strip() or "1700000000")
    # The generated column is there, not only the theme: hooks ran under both engines.
    assert files > 200
    assert (tmp_path / "site-properdocs" / "data" / "items.json").is_file()


@pytest.mark.slow
def test_properdocs_builds_a_generated_1000_item_corpus_to_the_same_bytes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    project = tmp_path / "corpus"
    summary = generate.generate(1000, project, seed=7)
    # Noon UTC of the corpus' as-of date, as bench/run.py builds it.
    as_of = dt.datetime.fromisoformat(summary["as_of"]).replace(hour=12, tzinfo=dt.timezone.utc)
    files = assert_same_site(project, tmp_path, str(int(as_of.timestamp())))
    assert files > 1000
