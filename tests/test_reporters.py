"""Report formats: the JSON report follows its schema, SARIF is valid 2.1.0, text follows the interface."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import jsonschema
import pytest

from projectkit import CASE_SETTINGS, ROOT, make_project
from zfxxgk.cli import main

CASES = Path(__file__).parent / "cases"


def _check(root: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "--config", str(root / "mkdocs.yml"), "--as-of", "2026-11-20", *args])
    return code, out.getvalue()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A project holding several invalid cases at once."""
    root = make_project(tmp_path / "p", None, CASE_SETTINGS)
    for case in ("schema-enum", "date-order", "html-script", "attachment-missing"):
        src = CASES / "invalid" / case / "content" / "其他文件" / "2024-00010"
        dest = root / "content" / case
        dest.mkdir(parents=True)
        text = (src / "index.md").read_text(encoding="utf-8")
        seq = 20 + len(list((root / "content").iterdir()))
        (dest / "index.md").write_text(text.replace("2024-00010", f"2024-{seq:05d}"), encoding="utf-8")
    return root


def test_json_report_validates_against_its_schema(broken: Path) -> None:
    code, out = _check(broken, "--format", "json")
    report = json.loads(out)
    schema = json.loads((ROOT / "hooks/zfxxgk/data/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    assert code == 1
    assert {p["rule"] for p in report["problems"]} >= {"schema.enum", "date.order", "html.unsafe", "attachment.missing"}
    assert report["summary"]["errors"] == len([p for p in report["problems"] if p["severity"] == "error"])


def test_sarif_is_valid_sarif_2_1_0(broken: Path) -> None:
    _code, out = _check(broken, "--format", "sarif")
    log = json.loads(out)
    schema = json.loads((ROOT / "tests/vendor/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert results and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)


def test_text_lines_follow_the_interface(broken: Path) -> None:
    code, out = _check(broken)
    lines = out.strip().splitlines()
    pattern = re.compile(r"^[^:]+:\d+:\d+: (错误|警告|提示) \[[a-z0-9.-]+\] .+（依据：.+）$")
    assert code == 1
    assert all(pattern.match(line) for line in lines[:-1]), lines
    assert lines[-1].startswith("共 ")


def test_every_problem_reported_in_one_run(broken: Path) -> None:
    _code, out = _check(broken, "--format", "json")
    paths = {p["path"].split("/")[1] for p in json.loads(out)["problems"]}
    assert paths == {"schema-enum", "date-order", "html-script", "attachment-missing"}


def test_gitlab_code_quality_report(broken: Path) -> None:
    code, out = _check(broken, "--format", "gitlab")
    issues = json.loads(out)
    assert code == 1 and issues
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"major", "minor"} and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
