"""Acceptance 2 of issue 19: every problem ends with a （依据：…） that names a real, registered document."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml

from projectkit import CASE_SETTINGS, ROOT, make_project, merge
from zfxxgk.cli import main
from zfxxgk.documents import named_in
from zfxxgk.problems import RULES, Problems, citation, rule

CASES = Path(__file__).parent / "cases"


@pytest.fixture(autouse=True)
def probe_rule() -> Iterator[None]:
    """A rule for these tests only, removed afterwards so the registry (and the README table) stays as shipped."""
    rule("test.citation-probe", "warning", "《中华人民共和国政府信息公开条例》第二十六条", "测试用规则")
    yield
    RULES.pop("test.citation-probe", None)


def _messages(config: Path, as_of: str) -> list[dict[str, object]]:
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--config", str(config), "--as-of", as_of, "--format", "json"])
    problems: list[dict[str, object]] = json.loads(out.getvalue())["problems"]
    return problems


def _assert_cited(problems: list[dict[str, object]]) -> None:
    for p in problems:
        message = str(p["message"])
        cited = citation(message)
        assert cited is not None, f"no （依据：…） at the end: {p}"
        assert named_in(cited), f"the citation names no registered document: {p['rule']}: {cited}"


def test_every_rule_cites_a_registered_document() -> None:
    for rule_id, known in RULES.items():
        if rule_id == "test.citation-probe":
            continue
        assert named_in(known.basis), f"{rule_id}: {known.basis}"


@pytest.mark.parametrize("message", [
    "缺少要素「处罚依据」：请补上。", "有效性为“已废止”，但没有「废止依据」。", "废止依据 X/2026-00001 找不到。",
    "修改依据（索引号）找不到。",
])
def test_a_message_mentioning_yiju_still_gets_its_citation(message: str) -> None:
    """Issue 19: the word 依据 in a message suppressed the citation."""
    problems = Problems()
    added = problems.add("test.citation-probe", "a.md", 1, 1, message)
    assert added is not None
    assert added.message.endswith("（依据：《中华人民共和国政府信息公开条例》第二十六条）")


def test_a_message_with_its_own_citation_is_left_alone() -> None:
    problems = Problems()
    own = "身份证号码属于个人信息。（依据：《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）第六条）"
    added = problems.add("test.citation-probe", "a.md", 1, 1, own)
    assert added is not None and added.message == own


def test_every_problem_of_the_sample_is_cited() -> None:
    _assert_cited(_messages(ROOT / "mkdocs.yml", "2026-11-22"))


def test_every_problem_of_every_case_is_cited(tmp_path: Path) -> None:
    seen = 0
    for case in sorted(p for kind in ("valid", "invalid", "warning") for p in (CASES / kind).iterdir() if p.is_dir()):
        settings = dict(CASE_SETTINGS)
        if (case / "settings.yml").exists():
            settings = merge(settings, yaml.safe_load((case / "settings.yml").read_text(encoding="utf-8")))
        root = make_project(tmp_path / case.parent.name / case.name, case / "content", settings)
        problems = _messages(root / "mkdocs.yml", "2026-11-20")
        _assert_cited(problems)
        seen += len(problems)
    assert seen > 50
