"""Issue 18 in headless Chromium: the citizen query set (acceptance 1) on the citizen site, and browsing by facets
without a keyword, Back/Forward through queries and result pages, and the skip link (acceptance 2) on the sample.

Score of the set on an older commit: `git archive <commit> hooks overrides | tar -x -C /tmp/old` and
`python tests/browser/citizen_site.py --code /tmp/old`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from cdp import Browser
from citizen_site import build_citizen_site, cases, shown, verdict
from sitehttp import serve

pytestmark = pytest.mark.browser

CASES = cases()
ITEM = "xxgk/11520200MB1C123455/{}/"


@pytest.fixture(scope="module")
def citizen_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The citizen site (sample and real pages) built and served on 127.0.0.1."""
    site = build_citizen_site(tmp_path_factory.mktemp("citizen"))
    with serve(site) as url:
        yield url


def test_the_set_has_thirty_wordings_or_more_on_points_one_to_three() -> None:
    assert len({str(c["q"]) for c in CASES}) >= 30
    assert {c["point"] for c in CASES} == {1, 2, 3}
    assert any(str(c["item"]).startswith("corpus:") for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['q']}→{c['item']}#{c['rank']}" for c in CASES])
def test_citizen_wording_finds_the_item_at_its_rank(case: dict[str, Any], browser: Browser, citizen_url: str) -> None:
    seen = shown(browser, citizen_url, str(case["q"]))
    assert verdict(case, seen) == "", (case["why"], seen["urls"][:5], seen["status"])


WAIT = """new Promise((resolve, reject) => {
  const until = Date.now() + 20000;
  const tick = () => {
    const s = document.getElementById('zfxxgk-search')?.getAttribute('data-state');
    if (s === 'done' || s === 'idle') { resolve(s); }
    else if (Date.now() > until) { reject(new Error('state ' + s)); } else { setTimeout(tick, 20); }
  };
  setTimeout(tick, 30);
})"""

PAGE = """(() => {
  const rows = [...document.querySelectorAll('#zfxxgk-search-results li.zfxxgk-result')];
  return {
    search: location.search,
    input: document.getElementById('zfxxgk-search-q').value,
    status: document.getElementById('zfxxgk-search-status').textContent,
    urls: rows.map(li => li.getAttribute('data-url')),
    dates: rows.map(li => li.querySelector('time').getAttribute('datetime')),
    columns: rows.map(li => li.querySelector('.zfxxgk-result__column').textContent),
    facets: [...document.querySelectorAll('#zfxxgk-search-facets input')].map(b => b.value),
    checked: [...document.querySelectorAll('#zfxxgk-search-facets input:checked')].map(b => b.value),
    page: document.querySelector('.zfxxgk-search__page')?.textContent || '',
    sortHidden: document.getElementById('zfxxgk-search-sort').hidden,
  };
})()"""


def page(browser: Browser) -> dict[str, Any]:
    """What the search page shows once it has answered."""
    browser.eval(WAIT)
    seen: dict[str, Any] = browser.eval(PAGE)
    return seen


def test_facets_alone_list_the_matching_items_newest_first(browser: Browser, base_url: str) -> None:
    browser.goto(base_url + "search/")
    idle = page(browser)
    assert idle["urls"] == [] and "政府信息公开制度" in idle["facets"] and "选择栏目" in idle["status"]
    box = idle["facets"].index("政府信息公开制度")
    browser.eval(f"document.querySelectorAll('#zfxxgk-search-facets input')[{box}].click()")
    chosen = page(browser)
    assert chosen["checked"] == ["政府信息公开制度"] and len(chosen["urls"]) == 3
    assert set(chosen["columns"]) == {"栏目：政府信息公开制度"}
    assert chosen["dates"] == sorted(chosen["dates"], reverse=True)
    assert "按筛选条件找到 3 条" in chosen["status"] and chosen["sortHidden"]
    assert parse_qs(urlparse(chosen["search"]).query) == {"column": ["政府信息公开制度"]}
    browser.goto(base_url + "search/?year=2026&validity=现行有效")  # from a link: no keyword either
    linked = page(browser)
    assert linked["urls"] and all(d.startswith("2026-") for d in linked["dates"])
    assert linked["dates"] == sorted(linked["dates"], reverse=True)


def _submit(browser: Browser, query: str) -> None:
    browser.eval(f"document.getElementById('zfxxgk-search-q').value = {query!r};"
                 "document.getElementById('zfxxgk-search-form').requestSubmit()")


def _history(browser: Browser, step: str, query: dict[str, list[str]]) -> dict[str, Any]:
    """history.back() or forward(), then what the page shows once its URL has that query and it has answered."""
    browser.eval(f"history.{step}()")
    # The URL changes first; the page answers the popstate after it: wait for both (the box shows the query).
    for _ in range(500):
        if (parse_qs(urlparse(browser.eval("location.search")).query) == query
                and browser.eval("document.getElementById('zfxxgk-search-q').value") == query["q"][0]):
            break
        browser.eval("new Promise(r => setTimeout(r, 20))")
    return page(browser)


def test_back_and_forward_step_through_queries_and_result_pages(browser: Browser, base_url: str) -> None:
    browser.new_tab()  # a history of its own: after a long session the tab's 50 entries are pruned
    browser.goto(base_url + "search/?q=" + "保密审查")
    first = page(browser)
    _submit(browser, "公开")
    second = page(browser)
    assert second["input"] == "公开" and second["page"].startswith("第 1 /")
    browser.eval("[...document.querySelectorAll('#zfxxgk-search-pages button')].find(b => b.textContent === '下一页').click()")
    third = page(browser)
    assert third["page"].startswith("第 2 /") and third["urls"] != second["urls"]
    assert parse_qs(urlparse(third["search"]).query) == {"q": ["公开"], "page": ["2"]}
    assert _history(browser, "back", {"q": ["公开"]})["urls"] == second["urls"]
    back = _history(browser, "back", {"q": ["保密审查"]})
    assert back["input"] == "保密审查" and back["urls"] == first["urls"], (back["search"], back["status"])
    _history(browser, "forward", {"q": ["公开"]})
    forward = _history(browser, "forward", {"q": ["公开"], "page": ["2"]})
    assert forward["input"] == "公开" and forward["urls"] == third["urls"] and forward["page"].startswith("第 2 /")


def test_skip_link_from_the_search_box_to_the_results(browser: Browser, base_url: str) -> None:
    browser.goto(base_url + "search/?q=" + "保密审查")
    seen = page(browser)
    browser.eval("document.getElementById('zfxxgk-search-q').focus()")
    browser.press("Tab", "Tab", 9)  # 搜索
    browser.press("Tab", "Tab", 9)
    link = browser.eval("""(() => { const a = document.activeElement; const r = a.getBoundingClientRect();
      return {id: a.id, text: a.textContent, width: r.width, outline: getComputedStyle(a).outlineStyle}; })()""")
    assert link["id"] == "zfxxgk-search-skip" and link["text"] == "跳到检索结果"
    assert link["width"] > 20 and link["outline"] != "none"  # seen when focused
    assert browser.eval("document.getElementById('zfxxgk-search-skip').getBoundingClientRect().width") > 20
    browser.press("Enter", "Enter", 13, text="\r")
    assert browser.eval("document.activeElement.id") == "zfxxgk-search-results"
    browser.press("Tab", "Tab", 9)
    first = browser.eval("document.activeElement.closest('li.zfxxgk-result')?.getAttribute('data-url')")
    assert first == seen["urls"][0] == ITEM.format("2021-00011")
    browser.eval("document.getElementById('zfxxgk-search-q').focus()")
    assert browser.eval("document.getElementById('zfxxgk-search-skip').getBoundingClientRect().width") <= 1


def test_repealed_results_carry_their_mark(browser: Browser, base_url: str) -> None:
    browser.goto(base_url + "search/?q=" + "裁量权")
    page(browser)
    rows = browser.eval("""[...document.querySelectorAll('#zfxxgk-search-results li.zfxxgk-result')].map(li =>
      [li.getAttribute('data-url'), li.querySelector('.zfxxgk-result__mark')?.textContent || ''])""")
    assert rows[0] == [ITEM.format("2024-00011"), ""]
    assert [ITEM.format("2021-00012"), "已废止"] in rows
    assert all(mark in ("", "已废止", "已失效") for _url, mark in rows)

