"""Empty and stale columns on the sample content, judged at fixed dates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from projectkit import ROOT, make_project
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings


def _rules(root: Path, as_of: str) -> list[tuple[str, str, str]]:
    project = load_project(load_settings(root / "mkdocs.yml"), dt.date.fromisoformat(as_of))
    return [(p.rule, p.severity.value, p.message) for p in project.problems if p.rule.startswith("column.")]


def test_sample_has_no_empty_or_stale_column(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", ROOT / "content")
    assert _rules(root, "2026-11-22") == []


def test_empty_columns_and_the_single_veto(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", ROOT / "content")
    for folder in ("行政许可", "监督检查", "双随机一公开"):
        shutil.rmtree(root / "content" / folder)
    found = _rules(root, "2026-11-22")
    empty = sorted(m.split("“")[1].split("”")[0] for r, _s, m in found if r == "column.empty")
    assert empty == ["双随机一公开/抽查结果", "双随机一公开/随机抽查事项清单", "监督检查/食品安全监督抽检",
                     "行政许可/食品经营许可信息", "行政许可/食品经营许可服务指南"]
    assert [(r, s) for r, s, _m in found if r == "column.empty-many"] == [("column.empty-many", "error")]


def test_stale_columns_by_class(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", ROOT / "content")
    stale = {m.split("“")[1].split("”")[0] for r, _s, m in _rules(root, "2027-03-15") if r == "column.stale"}
    # 工作动态: newest 2026-11-18 > 14 days; 政策文件: newest 2026-09-04 > 183 days;
    # 年报: the 2026 report was due by 2027-01-31 and is not there.
    assert stale == {"工作动态", "政策文件", "政务公开/政府信息公开年报"}
    assert _rules(root, "2026-12-01") == []
