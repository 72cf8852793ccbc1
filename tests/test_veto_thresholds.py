"""国办秘函〔2019〕19号 单项否决: 空白栏目 and 动态/政策文件 classes 超过（含）5个; all stale columns 超过（含）10个."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from projectkit import CASE_SETTINGS, make_project, merge
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings

CASES = Path(__file__).parent / "cases/invalid"


def _column_problems(tmp_path: Path, case: str, **options: object) -> dict[str, str]:
    settings = merge(dict(CASE_SETTINGS), yaml.safe_load((CASES / case / "settings.yml").read_text(encoding="utf-8")))
    settings = merge(settings, {"options": options})
    root = make_project(tmp_path / case, CASES / case / "content", settings)
    project = load_project(load_settings(root / "mkdocs.yml"), dt.date(2026, 11, 20))
    return {p.rule: p.message for p in project.problems if p.rule.endswith("-many")}


def test_veto_message_quotes_the_inspection_wording(tmp_path: Path) -> None:
    found = _column_problems(tmp_path, "column-stale-many")
    assert "超过（含）5 个即为单项否决" in found["column.stale-many"]
    assert "达到" not in found["column.stale-many"]
    assert "超过（含）5个" in found["column.stale-many"].rsplit("（依据：", 1)[1]


def test_other_stale_columns_have_their_own_threshold_of_10(tmp_path: Path) -> None:
    found = _column_problems(tmp_path, "column-unupdated-many", veto_threshold_other=10)
    assert "column.unupdated-many" not in found  # six columns: below the default 10
    assert "column.stale-many" not in found  # only two of the 动态/政策文件 classes
    found = _column_problems(tmp_path / "again", "column-unupdated-many", veto_threshold_other=6)
    assert "超过（含）6 个即为单项否决" in found["column.unupdated-many"]
