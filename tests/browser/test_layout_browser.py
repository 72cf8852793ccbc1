"""Layout in headless Chromium at 320 and 1366 CSS px, in normal, 大 and 关怀版 modes: no page scrolls sideways
(WCAG 2.1 SC 1.4.10 reflow), the breadcrumb is one line on a desktop screen, axe-core finds no violation, and
nothing is requested from another host. Screenshots go to tests/artifacts/layout/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp import Browser
from test_browser import ARTIFACTS, run_axe

pytestmark = pytest.mark.browser

WIDTHS = (320, 1366)
MODES = {"normal": {}, "large": {"zfxxgk.font": "large"}, "care": {"zfxxgk.care": "1"}}
# The widest elements when a page is too wide: what a failure message shows.
OVERFLOW = """(() => {
  const w = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > w + 0.5)
    .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > w + 0.5))
    .slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' +
      Math.round(el.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width: window.innerWidth, wide};
})()"""
CRUMBS = """(() => {
  const nav = document.querySelector('.zfxxgk-crumbs');
  if (!nav) return null;
  const parts = [nav.querySelector('.zfxxgk-crumbs__label'), ...nav.querySelectorAll('li')];
  const tops = parts.map(el => Math.round(el.getBoundingClientRect().top));
  return {tops, text: nav.textContent, height: nav.getBoundingClientRect().height,
          line: parseFloat(getComputedStyle(nav).lineHeight)};
})()"""


def layout_pages(built_site: Path, pages: dict[str, str]) -> list[str]:
    """Home, every column (from the 网站地图), an item with a wide table, the 年报, search, 依申请公开."""
    sitemap = (built_site / "wzdt" / "index.html").read_text(encoding="utf-8")
    columns = sorted({href[3:] for href in re.findall(r'href="(\.\./[^"]+/)"', sitemap)})
    found = ["", *columns, pages["wide"], pages["annual"], "search/?q=%E5%85%AC%E5%BC%80", pages["application"],
             pages["sitemap"], pages["contact"]]
    return list(dict.fromkeys(found))


def viewport(browser: Browser, width: int) -> None:
    browser.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=800,
                 deviceScaleFactor=1, mobile=False)


@pytest.fixture(scope="module")
def every_page(built_site: Path, pages: dict[str, str]) -> list[str]:
    return layout_pages(built_site, pages)


@pytest.fixture()
def mode_browser(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Browser]:
    """The browser with the reading mode of the test's `mode` and `width` parameters set, reset afterwards."""
    mode, width = request.node.callspec.params["mode"], request.node.callspec.params["width"]
    browser.goto(base_url)
    browser.eval("localStorage.clear()")
    for key, value in MODES[mode].items():
        browser.eval(f"localStorage.setItem({key!r}, {value!r})")
    viewport(browser, width)
    try:
        yield browser
    finally:
        browser.eval("localStorage.clear()")
        viewport(browser, 1280)


def settle(browser: Browser, url: str) -> None:
    if "search/" in url:  # the results are drawn after the index has loaded
        browser.eval("""new Promise(done => { const t0 = Date.now(); (function wait() {
          const s = document.querySelector('.zfxxgk-search');
          if (!s || s.getAttribute('data-state') !== 'loading' || Date.now() - t0 > 8000) done(); else setTimeout(wait, 50);
        })(); })""")


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(
    width: int, mode: str, mode_browser: Browser, base_url: str, every_page: list[str], pages: dict[str, str]
) -> None:
    browser = mode_browser
    too_wide = {}
    for url in every_page:
        browser.goto(base_url + url)
        settle(browser, url)
        seen = browser.eval(OVERFLOW)
        assert seen["width"] == width
        if seen["scroll"] > width:
            too_wide[url] = seen
    if width == 320 or mode != "normal":
        for name, url in (("home", ""), ("list", "fdzdgknr/zcwj/xzgfxwj/"), ("wide", pages["wide"])):
            browser.goto(base_url + url)
            browser.screenshot(ARTIFACTS / "layout" / f"{name}-{width}-{mode}.png")
    assert too_wide == {}


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_and_no_foreign_request(
    width: int, mode: str, mode_browser: Browser, base_url: str, every_page: list[str]
) -> None:
    browser = mode_browser
    found = {}
    for url in every_page:
        browser.goto(base_url + url)
        settle(browser, url)
        foreign = [u for u in browser.requests() if not u.startswith((base_url, "data:"))]
        violations = run_axe(browser)
        if foreign or violations:
            found[url] = {"foreign": foreign, "axe": violations}
    assert found == {}


@pytest.mark.parametrize("mode", ["normal"])
@pytest.mark.parametrize("width", [1366])
def test_breadcrumb_is_one_line_on_a_desktop_screen(
    width: int, mode: str, mode_browser: Browser, base_url: str, every_page: list[str], pages: dict[str, str]
) -> None:
    browser = mode_browser
    for url in [*every_page, pages["item"], pages["interpretation"]]:
        browser.goto(base_url + url)
        crumbs = browser.eval(CRUMBS)
        if url == "":  # the column's home page has no trail above it
            continue
        assert crumbs is not None, url
        assert crumbs["text"].startswith("当前位置：首页政府信息公开"), (url, crumbs["text"])
        assert len(set(crumbs["tops"])) == 1 and crumbs["height"] < 1.6 * crumbs["line"], (url, crumbs)


def test_close_and_print_sit_with_the_reading_tools_on_item_pages(
    browser: Browser, base_url: str, pages: dict[str, str]
) -> None:
    shown = "(() => { const b = document.querySelector('button[data-zfxxgk-close]'); return !!b && b.offsetWidth > 0 })()"
    browser.goto(base_url + pages["list"])
    assert browser.eval(shown) is False
    browser.goto(base_url + pages["item"])
    tools = browser.eval("[...document.querySelectorAll('.zfxxgk-tools button')].map(b => b.textContent)")
    assert tools == ["大", "中", "小", "关怀版", "打印", "关闭"] and browser.eval(shown) is True
    # a page the reader navigated to cannot close itself: 关闭 goes back to the list
    browser.eval("document.querySelector('button[data-zfxxgk-close]').click()")
    browser.wait_event("Page.frameNavigated")
    browser.eval("new Promise(r => setTimeout(r, 300))")
    assert browser.eval("location.pathname") == "/" + pages["list"]
