"""Issue 20 in a real browser: a 标题 that closes <title> and opens a <script>, or carries an <img onerror>,
runs nothing in Chromium and is shown as the literal text; an unclosed <textarea> hides nothing after it.
Both ways of writing item pages (the skeleton filled in, and `item_pages: theme`) are built and loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cdp import Browser
from sitehttp import serve

from hostilekit import ORG, add_item, build, item_text, new_project

pytestmark = pytest.mark.browser

XSS_TITLE = "</title><script>window.x=1</script>"
IMG_TITLE = "<img src=x onerror=window.y=1>关于检查的通知"


@pytest.fixture(scope="module", params=["skeleton", "theme"])
def hostile_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hostile project built (with the item pages written either way) and served: its base URL."""
    base = tmp_path_factory.mktemp(f"hostile-{request.param}")
    settings = {"site": {"item_pages": "theme"}} if request.param == "theme" else {}
    root = new_project(base / "p", settings)
    add_item(root, item_text(no="2024-00010", title=XSS_TITLE))
    add_item(root, item_text(no="2024-00011", title=IMG_TITLE), no="2024-00011")
    add_item(root, item_text(no="2024-00012", title="关于征求意见的通知",
                             body="前文\n\n<textarea>\n\n后文 **保留**\n\n## 二、要求\n\n结尾段落\n"), no="2024-00012")
    site = base / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(site) as url:
        yield url


def _open(browser: Browser, base: str, no: str) -> None:
    browser.goto(f"{base}xxgk/{ORG}/{no}/")


def test_script_in_title_does_not_run_and_shows_as_text(browser: Browser, hostile_url: str) -> None:
    _open(browser, hostile_url, "2024-00010")
    seen = browser.eval("""(() => ({
        x: typeof window.x,
        title: document.title,
        h1: document.querySelector("article h1, .md-content h1").textContent.trim(),
        crumb: document.querySelector(".zfxxgk-crumbs li:last-child").textContent.trim(),
        meta: (document.querySelector("meta[name='ArticleTitle']") || {}).content,
        injected: [...document.scripts].filter(s => s.textContent.includes("window.x")).length,
    }))()""")
    assert seen["x"] == "undefined"
    assert seen["injected"] == 0
    assert seen["title"].startswith(XSS_TITLE)
    assert seen["h1"] == XSS_TITLE
    # The title lands in the 当前位置 trail and the page metadata too: text there as well.
    assert seen["crumb"] == XSS_TITLE
    assert seen["meta"] == XSS_TITLE


def test_img_onerror_in_title_does_not_run(browser: Browser, hostile_url: str) -> None:
    _open(browser, hostile_url, "2024-00011")
    seen = browser.eval("""new Promise(done => setTimeout(() => done({
        y: typeof window.y,
        title: document.title,
        images: [...document.images].filter(i => i.getAttribute("src") === "x").length,
    }), 300))""")
    assert seen == {"y": "undefined", "title": seen["title"], "images": 0}
    assert seen["title"].startswith(IMG_TITLE)


def test_unclosed_textarea_hides_nothing_after_it(browser: Browser, hostile_url: str) -> None:
    _open(browser, hostile_url, "2024-00012")
    seen = browser.eval("""(() => ({
        text: document.querySelector(".md-content").innerText,
        textareas: document.querySelectorAll(".md-content textarea").length,
    }))()""")
    assert seen["textareas"] == 0
    for text in ("前文", "后文", "保留", "结尾段落"):
        assert text in seen["text"]
