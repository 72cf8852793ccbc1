"""Department quotas over finished quarters and the last finished year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from projectkit import make_project
from zfxxgk.checks.quota import finished_quarters
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings

FULL = Path(__file__).parent / "cases/valid/full/content"


def test_finished_quarters() -> None:
    assert finished_quarters(dt.date(2026, 11, 20)) == [(2025, 4), (2026, 1), (2026, 2), (2026, 3)]
    assert finished_quarters(dt.date(2026, 1, 1), 2) == [(2025, 3), (2025, 4)]


def test_quota_lists_each_department_and_quarter_below(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FULL, {"科室": {"信用监管科": None, "法规科": None},
                                              "options": {"quota_per_quarter": 2, "quota_per_year": 3}})
    project = load_project(load_settings(root / "mkdocs.yml"), dt.date(2024, 7, 15))
    found = [(p.rule, p.message.split(" ")[0], p.message.split(" ")[1]) for p in project.problems
             if p.rule.startswith("quota.")]
    # 信用监管科 published three items in 2024Q1 (the case's items), 法规科 none.
    quarters = {(m, q) for r, m, q in found if r == "quota.quarter"}
    assert ("信用监管科", "2024年第1季度公开信息") not in quarters
    assert ("法规科", "2024年第1季度公开信息") in quarters
    assert ("信用监管科", "2023年第3季度公开信息") in quarters
    years = {m for r, m, _q in found if r == "quota.year"}
    assert {"信用监管科", "法规科"} <= years
    assert all(p.severity.value == "info" for p in project.problems if p.rule.startswith("quota."))
