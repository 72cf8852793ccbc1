"""What a citizen sees, in headless Chromium: accessibility (axe-core, WCAG 2.1 A/AA), keyboard use,
reading tools, printing, and no request to any other host. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cdp import Browser

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_PAGES = ["home", "list", "item", "interpretation", "annual", "section", "application", "sitemap", "contact",
             "notfound"]


def run_axe(browser: Browser) -> list[dict[str, object]]:
    browser.eval(AXE.read_text(encoding="utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    result = browser.eval(
        f"axe.run(document, {options}).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return list(result)


@pytest.mark.parametrize("kind", AXE_PAGES)
def test_no_wcag21_violations_and_no_foreign_requests(
    kind: str, browser: Browser, base_url: str, site_url: str, pages: dict[str, str]
) -> None:
    if kind == "notfound":  # its links are absolute paths under site_url's /zfxxgk/
        base_url = site_url
    browser.goto(base_url + pages[kind])
    browser.screenshot(ARTIFACTS / f"{kind}.png")
    foreign = [u for u in browser.requests() if not u.startswith((base_url, "data:"))]
    assert foreign == []
    assert run_axe(browser) == []


def test_item_page_shows_index_table_date_and_banner(
    browser: Browser, base_url: str, pages: dict[str, str]
) -> None:
    browser.goto(base_url + pages["item"])
    seen = browser.eval("""(() => {
      const visible = el => !!el && el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden';
      return {
        lang: document.documentElement.lang,
        caption: document.querySelector('table.zfxxgk-index caption')?.textContent,
        date: visible(document.querySelector('.zfxxgk-meta time')),
        banner: document.querySelector('.zfxxgk-validity')?.innerText || '',
        bannerVisible: visible(document.querySelector('.zfxxgk-validity')),
        crumbs: [...document.querySelectorAll('.zfxxgk-crumbs li')].map(li => li.textContent),
        related: !!document.querySelector('#xgjd'),
      };
    })()""")
    assert seen["lang"] == "zh-CN"
    assert seen["caption"] == "信息索引表" and seen["date"]
    assert seen["bannerVisible"] and ("已废止" in seen["banner"] or "已失效" in seen["banner"])
    assert seen["crumbs"][:2] == ["首页", "政府信息公开"] and len(seen["crumbs"]) >= 4


def test_interpretation_links_to_its_document_and_back(
    browser: Browser, base_url: str, pages: dict[str, str]
) -> None:
    browser.goto(base_url + pages["interpretation"])
    here = browser.eval("location.pathname")
    browser.eval("document.querySelector('#jddx + p a').click()")
    browser.wait_event("Page.loadEventFired")
    links = browser.eval("[...document.querySelectorAll('#xgjd ~ ul a')].map(a => new URL(a.href).pathname)")
    assert here in links


def test_skip_link_is_first_and_moves_focus_to_the_content(
    browser: Browser, base_url: str, pages: dict[str, str]
) -> None:
    browser.goto(base_url + pages["list"])
    browser.press("Tab", "Tab", 9)
    first = browser.eval("""(() => { const a = document.activeElement; const s = getComputedStyle(a);
      return {text: a.textContent.trim(), left: a.getBoundingClientRect().left, outline: s.outlineStyle}; })()""")
    assert first["text"] == "跳转到正文" and first["left"] >= 0 and first["outline"] != "none"
    browser.press("Enter", "Enter", 13, text="\r")
    assert browser.eval("document.activeElement.id") == "zfxxgk-main"
    browser.press("Tab", "Tab", 9)
    assert browser.eval("document.activeElement.textContent.trim()") == "大"


def test_font_size_and_care_mode_are_remembered_across_pages(
    browser: Browser, base_url: str, pages: dict[str, str]
) -> None:
    browser.goto(base_url + pages["home"])
    browser.eval("localStorage.clear()")
    browser.goto(base_url + pages["home"])
    normal = browser.eval("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    browser.eval("document.querySelector('button[data-zfxxgk-font=large]').click()")
    browser.eval("document.querySelector('button[data-zfxxgk-care]').click()")
    browser.goto(base_url + pages["item"])
    state = browser.eval("""({font: document.documentElement.getAttribute('data-zfxxgk-font'),
      care: document.documentElement.hasAttribute('data-zfxxgk-care'),
      size: parseFloat(getComputedStyle(document.documentElement).fontSize),
      pressed: document.querySelector('button[data-zfxxgk-font=large]').getAttribute('aria-pressed'),
      careLabel: document.querySelector('button[data-zfxxgk-care]').textContent,
      text: getComputedStyle(document.querySelector('.md-typeset')).color})""")
    assert state["font"] == "large" and state["care"] and state["size"] >= normal * 1.4
    assert state["pressed"] == "true" and state["careLabel"] == "退出关怀版"
    assert state["text"] == "rgb(0, 0, 0)"
    browser.screenshot(ARTIFACTS / "item-care-large.png")
    assert run_axe(browser) == []
    browser.eval("document.querySelector('button[data-zfxxgk-font=small]').click()")
    browser.eval("document.querySelector('button[data-zfxxgk-care]').click()")
    browser.goto(base_url + pages["home"])
    assert browser.eval("document.documentElement.getAttribute('data-zfxxgk-font')") == "small"
    assert not browser.eval("document.documentElement.hasAttribute('data-zfxxgk-care')")
    browser.eval("localStorage.clear()")


def test_print_button_and_print_stylesheet(browser: Browser, base_url: str, pages: dict[str, str]) -> None:
    browser.goto(base_url + pages["item"])
    browser.eval("window.print = () => { window.__printed = true; }")
    browser.eval("document.querySelector('button[data-zfxxgk-print]').click()")
    assert browser.eval("window.__printed === true")
    browser.call("Emulation.setEmulatedMedia", session=True, media="print")
    try:
        hidden = browser.eval("""['.zfxxgk-header', '.md-sidebar--primary', '.zfxxgk-tools', '.md-footer']
          .map(s => getComputedStyle(document.querySelector(s)).display)""")
        table = browser.eval("getComputedStyle(document.querySelector('table.zfxxgk-index')).display")
        browser.screenshot(ARTIFACTS / "item-print.png")
    finally:
        browser.call("Emulation.setEmulatedMedia", session=True, media="")
    assert hidden == ["none"] * 4 and table == "table"


def test_list_page_table_and_year_filter(browser: Browser, base_url: str, pages: dict[str, str]) -> None:
    browser.goto(base_url + pages["list"])
    seen = browser.eval("""({
      heads: [...document.querySelectorAll('table.zfxxgk-list thead th')].map(th => th.textContent),
      rows: document.querySelectorAll('table.zfxxgk-list tbody tr').length,
      count: document.querySelector('.zfxxgk-count').textContent,
      ended: document.querySelector('.zfxxgk-note a')?.textContent,
      indexShown: getComputedStyle(document.querySelector('th.zfxxgk-col-index')).display})""")
    assert seen["heads"] == ["标题", "文号", "索引号", "发布日期"]
    assert seen["rows"] > 0 and f"共 {seen['rows']} 条信息" in seen["count"]
    assert seen["ended"] == "废止和失效行政规范性文件"
    assert seen["indexShown"] == "table-cell"  # 1280px is a wide screen
