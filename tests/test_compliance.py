"""The compliance report: its problems are exactly the check's; counts per rule, column and department."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from projectkit import ROOT, make_project
from zfxxgk.cli import main

AS_OF = "2026-11-22"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The sample content with a late 解读, a missing 要素 and an ID number in a body."""
    root = make_project(tmp_path / "p", ROOT / "content")
    interp = root / "content/政策解读/政策解读/2025-00014/index.md"
    interp.write_text(interp.read_text(encoding="utf-8").replace("发布日期: 2025-06-16", "发布日期: 2025-06-30"),
                      encoding="utf-8")
    target = next((root / "content/行政处罚/行政处罚决定").glob("*/index.md"))
    text = target.read_text(encoding="utf-8")
    target.write_text("\n".join(x for x in text.splitlines() if not x.startswith("处罚依据:")) + "\n", encoding="utf-8")
    notice = root / "content/工作动态/工作动态/2026-00024/index.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n举报人身份证号码520201198503151237。\n", encoding="utf-8")
    shutil.rmtree(root / "content/政府信息公开年报/2024")
    return root


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def test_json_matches_the_checks_problems(broken: Path) -> None:
    config = str(broken / "mkdocs.yml")
    code, text = _run("report", "compliance", "--config", config, "--as-of", AS_OF, "--format", "json")
    report = json.loads(text)
    check_code, check_text = _run("check", "--config", config, "--as-of", AS_OF, "--format", "json")
    assert report["problems"] == json.loads(check_text)["problems"]
    assert code == check_code == 1
    rules = set(report["per_rule"])
    assert {"interpretation.late", "catalogue.element-missing", "privacy.id-number"} <= rules
    assert report["per_column"]["行政处罚/行政处罚决定"]["error"] >= 1
    assert report["per_department"]["执法支队"]["error"] >= 1
    fix_paths = [entry["path"] for entry in report["to_fix"]]
    assert fix_paths[0].endswith("/index.md") and len(fix_paths) == 3
    assert report["summary"]["errors"] == sum(1 for p in report["problems"] if p["severity"] == "error")


def test_html_report_is_self_contained(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _ = _run("report", "compliance", "--config", str(broken / "mkdocs.yml"), "--as-of", AS_OF, "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert code == 1
    assert '<html lang="zh-CN">' in page and "需要改正的条目" in page and "privacy.id-number" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
