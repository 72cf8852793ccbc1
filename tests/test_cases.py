"""Example-file cases: tests/cases/{valid,invalid,warning}/<case>/content → the expected report beside it.

Each invalid case holds `expected.txt` with the lines `path:line:column: 错误|警告 [rule-id]` it must
produce (messages are left out so wording can improve); a case may carry `settings.yml` with
extra.zfxxgk overrides. Regenerate after a deliberate change with ZFXXGK_UPDATE_CASES=1, then review the diff.
"""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml

from projectkit import CASE_SETTINGS, make_project, merge
from zfxxgk.cli import main

CASES = Path(__file__).parent / "cases"
AS_OF = "2026-11-20"


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def _run(case: Path, tmp_path: Path) -> tuple[int, list[str]]:
    settings = dict(CASE_SETTINGS)
    if (case / "settings.yml").exists():
        settings = merge(settings, yaml.safe_load((case / "settings.yml").read_text(encoding="utf-8")))
    root = make_project(tmp_path / case.name, case / "content", settings)
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "--config", str(root / "mkdocs.yml"), "--as-of", AS_OF, "--format", "json"])
    report = json.loads(out.getvalue())
    label = {"error": "错误", "warning": "警告", "info": "提示"}
    lines = [f"{p['path']}:{p['line']}:{p['column']}: {label[p['severity']]} [{p['rule']}]" for p in report["problems"]]
    return code, lines


def _compare(case: Path, lines: list[str]) -> None:
    expected_file = case / "expected.txt"
    if os.environ.get("ZFXXGK_UPDATE_CASES"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = [line for line in expected_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines == expected


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case_has_no_problem(case: Path, tmp_path: Path) -> None:
    code, lines = _run(case, tmp_path)
    assert lines == []
    assert code == 0


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case_reports_expected_rule_and_line(case: Path, tmp_path: Path) -> None:
    code, lines = _run(case, tmp_path)
    _compare(case, lines)
    assert code == 1
    # The case is named after the rule it exercises.
    assert any(f"[{case.name.split('-')[0]}." in line for line in lines)


@pytest.mark.parametrize("case", _cases("warning"), ids=lambda p: p.name)
def test_warning_case_passes_with_its_warning(case: Path, tmp_path: Path) -> None:
    code, lines = _run(case, tmp_path)
    _compare(case, lines)
    assert code == 0
    assert lines and all(" 警告 [" in line or " 提示 [" in line for line in lines)
