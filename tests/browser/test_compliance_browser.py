"""The compliance report opens in headless Chromium, shows its counts and passes axe (WCAG 2.1 A/AA)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from cdp import Browser
from test_browser import ARTIFACTS, run_axe

from zfxxgk.cli import main

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def test_compliance_report_renders(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "compliance.html"
    with redirect_stdout(io.StringIO()):
        main(["report", "compliance", "--config", str(ROOT / "mkdocs.yml"), "--as-of", "2026-11-22", "-o", str(page)])
    out = io.StringIO()
    with redirect_stdout(out):
        main(["report", "compliance", "--config", str(ROOT / "mkdocs.yml"), "--as-of", "2026-11-22", "--format", "json"])
    report = json.loads(out.getvalue())
    browser.goto(page.as_uri())
    browser.screenshot(ARTIFACTS / "compliance.png")
    assert browser.eval("document.querySelector('h1').textContent").endswith("政务公开合规报告")
    shown = browser.eval("Array.from(document.querySelectorAll('.summary strong')).map(e => Number(e.textContent))")
    assert shown == [report["summary"]["errors"], report["summary"]["warnings"], report["summary"]["infos"]]
    rows = browser.eval("document.querySelectorAll('table')[0].tBodies[0].rows.length")
    assert rows == max(1, len(report["per_rule"]))
    assert browser.requests() == [] or all(u.startswith(("file:", "data:")) for u in browser.requests())
    assert run_axe(browser) == []
