"""The benchmark corpus: deterministic, in the real item format, and clean under `zfxxgk check`."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from zfxxgk.problems import Severity
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

# Site-wide monitoring rules judge a whole site over time; a small corpus trips them by design.
SITE_WIDE = ("quota.", "column.", "penalty.expired", "penalty.expiring")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate.generate(300, out, seed=7)
    return out


def test_the_corpus_passes_check_without_errors_or_warnings(corpus: Path) -> None:
    summary = json.loads((corpus / "bench.json").read_text(encoding="utf-8"))
    project = load_project(load_settings(corpus / "mkdocs.yml"), dt.date.fromisoformat(summary["as_of"]))
    serious = [
        f"{p.path}:{p.line} [{p.rule}] {p.message}"
        for p in project.problems
        if p.severity in (Severity.ERROR, Severity.WARNING) and not p.rule.startswith(SITE_WIDE)
    ]
    assert serious == []
    assert len(project.items) == 300 + 2  # plus the sample's two annual reports


def test_every_catalogue_column_ten_years_and_unique_index_numbers(corpus: Path) -> None:
    catalogue = json.loads((ROOT / "schema" / "catalogue.json").read_text(encoding="utf-8"))
    rows = {item["path"] for item in catalogue["items"]}
    texts = [p.read_text(encoding="utf-8") for p in sorted((corpus / "content").rglob("index.md"))]
    columns = Counter(re.search(r"^目录: (.+)$", t, re.M)[1] for t in texts)  # type: ignore[index]
    assert rows <= set(columns)
    numbers = [re.search(r"^索引号: (.+)$", t, re.M)[1] for t in texts]  # type: ignore[index]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith("11520200MB1C123455/") for n in numbers)
    assert len({n.split("/")[1][:4] for n in numbers}) == 10
    bodies = [t.split("\n---\n", 1)[1] for t in texts if "政府信息公开年报" not in t]
    assert all("|---" in b for b in bodies)
    assert min(map(len, bodies)) >= 300 and max(map(len, bodies)) <= 8000
    pairs = sum(1 for t in texts if "解读对象: " in t)
    assert pairs == columns["政策文件/行政规范性文件"] > 0


def test_generation_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate.generate(300, again, seed=7)
    first = {p.relative_to(corpus).as_posix(): p.read_bytes() for p in sorted((corpus / "content").rglob("*"))
             if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in sorted((again / "content").rglob("*"))
              if p.is_file()}
    assert first == second
