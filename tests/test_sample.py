"""The sample agency's content passes every check, through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys

from projectkit import ROOT

AS_OF = "2026-11-22"


def _zfxxgk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zfxxgk", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": "/usr/bin:/bin"})


def test_sample_content_passes_with_no_error_or_warning() -> None:
    result = _zfxxgk("check", "--as-of", AS_OF, "--format", "json")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] == 0
    assert report["summary"]["files"] >= 30
    # What remains are notices for the office (department quotas on a 41-item sample).
    assert {p["rule"] for p in report["problems"]} <= {"quota.quarter", "quota.year"}


def test_unreadable_configuration_exits_2() -> None:
    result = _zfxxgk("check", "--config", "does-not-exist.yml")
    assert result.returncode == 2 and "找不到配置文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2() -> None:
    result = _zfxxgk("check", "--as-of", "2026-13-40")
    assert result.returncode == 2 and "Traceback" not in result.stderr
