"""Site search in headless Chromium against the built sample: the queries of issue 5 point 4 find the expected
item first, facets and sort from the URL, the no-match message, keyboard use, axe (WCAG 2.1 A/AA), and the
simplified↔traditional folding on a throw-away project with traditional text (the sample has none).

Expected items are the sample's (content/); a query's expected URL is chosen so that the item is the clear
answer on that content. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from cdp import Browser
from sitehttp import serve
from test_browser import ARTIFACTS, run_axe

from projectkit import CASE_SETTINGS, ROOT, make_project

pytestmark = pytest.mark.browser

ITEM = "xxgk/11520200MB1C123455/{}/"
# 2021年政务公开工作实施方案: 六盘水市监发〔2021〕12号; its body cites 黔府办函〔2021〕39号.
PLAN_2021 = ITEM.format("2021-00010")
GUIDE = ITEM.format("2026-00010")  # 政府信息公开指南（2026年修订）
SECRECY = ITEM.format("2021-00011")  # 政府信息公开保密审查制度
APPLY = ITEM.format("2022-00010")  # 政府信息公开申请办理制度
POINTS_2023 = ITEM.format("2023-00011")  # 2023年政务公开工作要点
BUDGET_2025 = ITEM.format("2025-00010")  # 2025年部门预算
FOOD_RECALL = ITEM.format("2026-00016")  # 不合格食用农产品的通告 (its body names 药 most)
LIANGDU = ITEM.format("2026-00015")  # 贵州凉都优选商贸有限公司 食品经营许可信息公示
TRAINING = ITEM.format("2026-00024")  # 2026年政务公开…业务培训, 2026-11-18: the newest item saying 公开

# (query, expected first data-url, what issue 5 point 4 asks for). Very common words (信息公开, 公开, 息公, 药)
# occur in many sample items: their winner leads by a few per cent of lunr's score (3.89 vs 3.79 for 信息公开),
# so a content change in the sample can legitimately move them; the 文号/索引号/rare-bigram ones lead by far.
FIRST = [
    ("信息公开", GUIDE, "a whole word"),
    ("公开", GUIDE, "a sub-word"),
    ("息公", APPLY, "a substring across words (信息|公开)"),
    ("开保", SECRECY, "a substring across words (公开|保密), one item only"),
    ("六盘水市监发〔2021〕12号", PLAN_2021, "a full 文号, 〔〕"),
    ("六盘水市监发[2021]12号", PLAN_2021, "a full 文号, []"),
    ("六盘水市监发【2021】12号", PLAN_2021, "a full 文号, 【】"),
    ("六盘水市监发（2021）12号", PLAN_2021, "a full 文号, full-width ()"),
    ("黔府办函〔2021〕39号", PLAN_2021, "a 文号 cited in a body"),
    ("〔2021〕12号", PLAN_2021, "a partial 文号"),
    ("[2021]12号", PLAN_2021, "a partial 文号, []"),
    ("11520200MB1C123455/2021-00010", PLAN_2021, "an 索引号"),
    ("政務公開", POINTS_2023, "traditional input, simplified text"),
    ("2025年 预算", BUDGET_2025, "mixed text and numbers"),
    ("凉", LIANGDU, "a one-character query"),
    ("药", FOOD_RECALL, "a one-character query (body only)"),
]

WAIT_DONE = """new Promise((resolve, reject) => {
  const until = Date.now() + 20000;
  const tick = () => {
    const state = document.getElementById('zfxxgk-search')?.getAttribute('data-state');
    if (state === 'done' || state === 'idle') { resolve(state); }
    else if (state === 'error' || Date.now() > until) {
      reject(new Error('search state ' + state + ': ' + document.getElementById('zfxxgk-search-status')?.textContent));
    } else { setTimeout(tick, 20); }
  };
  tick();
})"""

SEEN = """(() => {
  const rows = [...document.querySelectorAll('#zfxxgk-search-results li.zfxxgk-result')];
  return {
    status: document.getElementById('zfxxgk-search-status').textContent,
    urls: rows.map(li => li.getAttribute('data-url')),
    dates: rows.map(li => li.querySelector('time').getAttribute('datetime')),
    columns: rows.map(li => li.querySelector('.zfxxgk-result__column').textContent),
    marks: rows.length ? [...rows[0].querySelectorAll('mark')].map(m => m.textContent) : [],
    input: document.getElementById('zfxxgk-search-q').value,
    checked: [...document.querySelectorAll('#zfxxgk-search-facets input:checked')].map(b => b.value),
    facetLabels: [...document.querySelectorAll('#zfxxgk-search-facets label')].map(l => l.textContent),
    sort: document.getElementById('zfxxgk-search-sort-select').value,
  };
})()"""


def search(browser: Browser, base_url: str, **params: str) -> dict[str, Any]:
    """Open /search/ with these URL parameters, wait for the results and return what the page shows."""
    browser.goto(base_url + "search/?" + urlencode(params))
    browser.eval(WAIT_DONE)
    seen: dict[str, Any] = browser.eval(SEEN)
    return seen


@pytest.mark.parametrize(("query", "expected", "kind"), FIRST, ids=[f"{q} ({k})" for q, _e, k in FIRST])
def test_query_finds_the_expected_item_first(
    query: str, expected: str, kind: str, browser: Browser, base_url: str
) -> None:
    seen = search(browser, base_url, q=query)
    assert seen["urls"], seen["status"]
    assert seen["urls"][0] == expected, (kind, seen["urls"][:3])
    assert seen["input"] == query
    assert "找到与" in seen["status"]


def test_full_doc_no_in_any_bracket_style_is_one_exact_match(browser: Browser, base_url: str) -> None:
    for query in (
        "六盘水市监发〔2021〕12号",
        "六盘水市监发[2021]12号",
        "六盘水市监发【2021】12号",
        "六盘水市监发﹝2021﹞12号",
    ):
        assert search(browser, base_url, q=query)["urls"] == [PLAN_2021]


def test_highlighted_snippet_and_title(browser: Browser, base_url: str) -> None:
    seen = search(browser, base_url, q="保密审查")
    assert seen["urls"][0] == SECRECY
    assert "保密审查" in "".join(seen["marks"])


def test_traditional_and_simplified_fold_to_the_same_tokens(browser: Browser, base_url: str) -> None:
    search(browser, base_url, q="政务公开")
    tokens = browser.eval("""fetch('index/fold.json.gz').then(r => r.body.pipeThrough(new DecompressionStream('gzip')))
      .then(body => new Response(body).json()).then(fold => {
      const tk = window.zfxxgkTokenize.create(fold);
      return ['政務公開', '政务公开', '黔府辦函〔2021〕39號', '黔府办函[2021]39号'].map(q => tk.tokenize(q, 'query'));
    })""")
    assert tokens[0] == tokens[1] == ["政务", "务公", "公开"]
    assert tokens[2] == tokens[3] == ["wh:黔府办函2021-39"]


def test_facet_filter_from_the_url(browser: Browser, base_url: str) -> None:
    seen = search(browser, base_url, q="公开", column="政府信息公开制度")
    assert seen["urls"][0] == SECRECY
    assert len(seen["urls"]) == 3 and set(seen["columns"]) == {"栏目：政府信息公开制度"}
    assert seen["checked"] == ["政府信息公开制度"]
    assert "政府信息公开制度（3）" in seen["facetLabels"]
    assert "筛选后 3 条" in seen["status"]
    by_year = search(browser, base_url, q="公开", year="2021")
    assert by_year["urls"][0] == SECRECY and all(d.startswith("2021-") for d in by_year["dates"])


def test_date_sort_from_the_url(browser: Browser, base_url: str) -> None:
    seen = search(browser, base_url, q="公开", sort="date")
    assert seen["sort"] == "date"
    assert seen["urls"][0] == TRAINING
    assert seen["dates"] == sorted(seen["dates"], reverse=True) and len(seen["dates"]) == 10


def test_no_match_says_what_to_try(browser: Browser, base_url: str) -> None:
    seen = search(browser, base_url, q="量子纠缠")
    assert seen["urls"] == []
    assert "没有找到与“量子纠缠”相关的政府信息" in seen["status"] and "建议" in seen["status"]
    browser.screenshot(ARTIFACTS / "search-no-match.png")


def test_header_box_on_every_page_is_a_get_form_to_the_search_page(
    browser: Browser, base_url: str, pages: dict[str, str]
) -> None:
    browser.goto(base_url + pages["item"])
    assert browser.eval("document.querySelectorAll('script[src*=lunr], script[src*=search]').length") == 0
    browser.eval("document.getElementById('zfxxgk-searchbox-q').focus()")
    browser.eval("document.getElementById('zfxxgk-searchbox-q').value = '保密审查'")
    browser.press("Enter", "Enter", 13, text="\r")
    browser.wait_event("Page.loadEventFired")
    browser.eval(WAIT_DONE)
    assert (
        browser.eval("location.pathname + location.search")
        == "/search/?q=" + "%E4%BF%9D%E5%AF%86%E5%AE%A1%E6%9F%A5"
    )
    assert browser.eval(SEEN)["urls"][0] == SECRECY
    label = browser.eval("""(() => { const l = document.querySelector('label[for=zfxxgk-searchbox-q]');
      return {text: l.textContent, width: l.getBoundingClientRect().width}; })()""")
    assert label["text"] == "站内检索" and label["width"] <= 1


def test_keyboard_from_the_box_to_the_first_result(browser: Browser, base_url: str) -> None:
    search(browser, base_url, q="保密审查")
    browser.eval("document.getElementById('zfxxgk-search-q').focus()")
    path = []
    for _ in range(40):
        browser.press("Tab", "Tab", 9)
        focus = browser.eval("""(() => { const a = document.activeElement; const s = getComputedStyle(a);
          return {tag: a.tagName, id: a.id, href: a.getAttribute('href'), outline: s.outlineStyle,
                  url: a.closest('li.zfxxgk-result')?.getAttribute('data-url') || null}; })()""")
        assert focus["outline"] != "none", focus
        path.append(focus)
        if focus["url"]:
            break
    assert path[0]["id"] == "" and path[0]["tag"] == "BUTTON"  # 搜索
    assert any(f["tag"] == "INPUT" and f["id"].startswith("zfxxgk-f") for f in path)  # facet checkboxes
    assert path[-2]["id"] == "zfxxgk-search-sort-select"
    assert path[-1]["tag"] == "A" and path[-1]["url"] == SECRECY
    browser.press("Enter", "Enter", 13, text="\r")
    browser.wait_event("Page.loadEventFired")
    assert browser.eval("location.pathname") == "/" + SECRECY


def test_search_page_passes_axe_in_both_modes_and_stays_local(browser: Browser, base_url: str) -> None:
    browser.goto(base_url)
    browser.eval("localStorage.clear()")
    search(browser, base_url, q="政务公开", sort="relevance")
    browser.screenshot(ARTIFACTS / "search.png")
    foreign = [u for u in browser.requests() if not u.startswith((base_url, "data:"))]
    assert foreign == []
    assert run_axe(browser) == []
    browser.eval("document.querySelector('button[data-zfxxgk-care]').click()")
    try:
        search(browser, base_url, q="政务公开")
        browser.screenshot(ARTIFACTS / "search-care.png")
        assert run_axe(browser) == []
        assert browser.eval(
            "getComputedStyle(document.querySelector('.zfxxgk-search mark')).backgroundColor"
        ) == ("rgb(255, 255, 0)")
    finally:
        browser.eval("localStorage.clear()")


def test_a_browser_without_decompression_stream_searches_with_the_sites_own_fflate(
    browser: Browser, base_url: str
) -> None:
    """The index files are gzip-compressed; Safari before 16.4 and Firefox before 113 have no
    DecompressionStream: the page loads the vendored fflate from the site instead, and finds the same."""
    browser.new_tab()  # the script below stays with this tab only
    try:
        browser.call("Page.addScriptToEvaluateOnNewDocument", session=True,
                     source="delete window.DecompressionStream;")
        seen = search(browser, base_url, q="六盘水市监发〔2021〕12号")
        assert browser.eval("typeof DecompressionStream") == "undefined"
        assert seen["urls"] == [PLAN_2021]
        requested = browser.requests()
        assert base_url + "assets/vendor/fflate/index.js" in requested
        assert [u for u in requested if not u.startswith((base_url, "data:"))] == []
        assert any(".json.gz?" in u for u in requested)
    finally:
        browser.new_tab()
    search(browser, base_url, q="六盘水市监发〔2021〕12号")
    assert not any(u.endswith("fflate/index.js") for u in browser.requests())


# A throw-away project whose text is traditional: simplified input must find it (the reverse direction).
TRADITIONAL = {
    "2026-00030": (
        "六盤水市市場監督管理局關於推進政務公開標準化規範化工作的通知",
        "為深入推進基層政務公開標準化規範化建設，現就有關事項通知如下。",
    ),
    "2026-00031": ("六盘水市市场监督管理局关于开展食品安全抽检工作的通知", "现就食品安全抽检工作通知如下。"),
}


def _item(seq: str, title: str, body: str) -> str:
    return f"""---
索引号: 11520200MB1C123455/{seq}
标题: {title}
目录: 工作动态/工作动态
发布机构: 六盘水市市场监督管理局
成文日期: 2026-03-02
发布日期: 2026-03-02
主题分类: 综合政务
文种: 信息
公开方式: 主动公开
公开范围: 面向全社会
责任科室: 办公室
---

{body}
"""


@pytest.fixture(scope="module")
def traditional_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A two-item project (one in traditional characters) built and served on 127.0.0.1."""
    root = make_project(tmp_path_factory.mktemp("trad-project"), settings=CASE_SETTINGS)
    for name in ("hooks", "overrides", "docs"):
        (root / name).symlink_to(ROOT / name)
    for seq, (title, body) in TRADITIONAL.items():
        folder = root / "content" / "工作动态" / "工作动态" / seq
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(_item(seq, title, body), encoding="utf-8")
    dest = tmp_path_factory.mktemp("trad-site")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(dest)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(dest) as url:
        yield url


@pytest.mark.parametrize("query", ["政务公开标准化", "政務公開標準化", "规范化"])
def test_simplified_input_finds_traditional_text(query: str, browser: Browser, traditional_site: str) -> None:
    seen = search(browser, traditional_site, q=query)
    assert seen["urls"] == [ITEM.format("2026-00030")]
    assert seen["marks"], "the traditional title is highlighted for a simplified query"
