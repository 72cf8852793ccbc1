"""A revoked 行政处罚 decision comes down within 3 working days; from its 撤下日期 the site withdraws it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from projectkit import CASE_SETTINGS, make_project
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings

CASES = Path(__file__).parent / "cases"


def test_taken_down_decision_is_withdrawn_with_a_notice(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", CASES / "warning/penalty-withdraw-late/content", CASE_SETTINGS)
    settings = load_settings(root / "mkdocs.yml")
    before = load_project(settings, dt.date(2026, 9, 24))
    assert [i.index_no for i in before.public_items()] == ["11520200MB1C123455/2026-00030"]
    after = load_project(settings, dt.date(2026, 9, 25))
    assert after.public_items() == []
    (withdrawal,) = after.withdrawals()
    assert withdrawal.date == dt.date(2026, 9, 25) and "撤销" in withdrawal.reason


def test_missing_take_down_names_the_deadline(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", CASES / "invalid/penalty-withdraw-missing/content", CASE_SETTINGS)
    project = load_project(load_settings(root / "mkdocs.yml"), dt.date(2026, 11, 20))
    (problem,) = [p for p in project.problems if p.rule == "penalty.withdraw-missing"]
    # 2026-09-15 (Tue) + 3 working days = 2026-09-18 (Fri)
    assert "2026-09-18 之前" in problem.message and "撤下日期" in problem.message
