"""Rules that depend on local policy: a setting with the national default and the local value cited."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from projectkit import CASE_SETTINGS, make_project
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings

CASES = Path(__file__).parent / "cases"


def _messages(tmp_path: Path, case: str, rule_id: str, settings: dict[str, Any], drop: tuple[str, ...] = ()
              ) -> list[str]:
    root = make_project(tmp_path / case.replace("/", "-"), CASES / case / "content", settings)
    if drop:  # settings the sample's mkdocs.yml gives and this test takes away (the national default)
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        for name in drop:
            config["extra"]["zfxxgk"]["options"].pop(name, None)
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    project = load_project(load_settings(root / "mkdocs.yml"), dt.date(2026, 11, 20))
    return [p.message for p in project.problems if p.rule == rule_id]


def _without(options: tuple[str, ...]) -> dict[str, Any]:
    settings = copy.deepcopy(CASE_SETTINGS)
    for name in options:
        settings["options"].pop(name, None)
    return settings


def test_interpretation_lag_cites_the_local_rule(tmp_path: Path) -> None:
    (message,) = _messages(tmp_path, "warning/interpretation-late", "interpretation.late", CASE_SETTINGS)
    cited = message.rsplit("（依据：", 1)[1]
    assert cited.startswith("《山西工商行政管理局全面推进政务公开工作实施方案》（2017年）：解读材料于文件公开后3个工作日内发布")
    assert "3 个工作日内" in message


def test_interpretation_lag_has_no_national_default(tmp_path: Path) -> None:
    drop = ("interpretation_days", "interpretation_basis")
    assert _messages(tmp_path, "warning/interpretation-late", "interpretation.late", _without(drop), drop) == []
