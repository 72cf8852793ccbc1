"""The annual report pages pass axe-core (WCAG 2.1 A/AA) in headless Chromium, and their tables are exposed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser.cdp import Browser
from zfxxgk.annual import derive_section2, load_report
from zfxxgk.annual.render_html import render_report_page
from zfxxgk.problems import Problems

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests/vendor/axe-core/axe.min.js"
pytestmark = pytest.mark.browser

CASES = {
    "sample-2024": (ROOT / "content/政府信息公开年报/2024/统计.yaml", 2024),
    "guiyang-2020": (ROOT / "tests/fixtures/annual/guiyang-2020/统计.yaml", 2020),
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed")
    with Browser() as b:
        yield b


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_page_has_no_axe_violations(name: str, browser: Browser, tmp_path: Path) -> None:
    path, year = CASES[name]
    report = load_report(path, path.name, Problems(), year)
    assert report is not None
    page = tmp_path / "nb.html"
    page.write_text(render_report_page(derive_section2(report, [], Problems())), encoding="utf-8")
    browser.goto(page.as_uri())
    browser.eval(AXE.read_text(encoding="utf-8") + ";0")
    violations = browser.eval(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => r.violations.map(v => [v.id, v.nodes.length, v.nodes[0].html]))"
    )
    assert violations == []
    tables = browser.eval("[...document.querySelectorAll('table')].map(t => t.caption.textContent)")
    assert tables == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况"]
