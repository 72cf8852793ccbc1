"""Chromium side of the search benchmark: a local server that records every request (workers' too) with
caching off, and the per-query measurements of our /search/ page, Pagefind and Material's search worker."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, unquote, urlparse

from cdp import Browser

QUERIES = [
    "信息公开",
    "公开",
    "息公",
    "政務公開",
    "2021年 预算",
    "药",
    "行政处罚",
    "食品安全监督抽检",
    "〔2021〕39号",
    "黔府办函[2020]5号",
    "11520200MB1C123455/2021-00012",
    "年度报告",
    "双随机",
    "告知书 送达",
    "平潭综合实验区管委会",
]
Row = dict[str, Any]

# Our page: when does data-state become "done" (results rendered)? Recorded before the page's scripts run.
OURS_PROBE = """window.__zf = {done: []};
document.addEventListener('DOMContentLoaded', () => {
  const root = document.getElementById('zfxxgk-search');
  if (root) { new MutationObserver(() => { if (root.getAttribute('data-state') === 'done') {
    window.__zf.done.push(performance.now()); } }).observe(root, {attributes: true, attributeFilter: ['data-state']}); }
});"""
PRECOMPRESSED = (".pf_index", ".pf_fragment", ".pf_filter", ".pf_meta", ".pagefind", ".gz")


class _Logged(http.server.SimpleHTTPRequestHandler):
    """Serves files with caching off and records every path asked for (workers' fetches included)."""

    requested: ClassVar[list[str]] = []

    def end_headers(self) -> None:
        """Nothing is cached: every first query of a page downloads what it needs again."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Record the path instead of printing a log line."""
        self.requested.append(unquote(urlparse(self.path).path))


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` over HTTP on a free local port."""
    handler = functools.partial(_Logged, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def goto(browser: Browser, url: str) -> None:
    """Open a page with an empty request record."""
    _Logged.requested.clear()
    browser.goto(url)


def poll(browser: Browser, condition: str, timeout: float = 600) -> None:
    """Wait until a JavaScript condition holds in the page."""
    deadline = time.monotonic() + timeout
    while not browser.eval(condition):
        if time.monotonic() > deadline:
            raise TimeoutError(condition)
        time.sleep(0.02)


def fetched(root: Path, keep: Callable[[str], bool]) -> tuple[int, int]:
    """Bytes of the files requested since the page was opened, for kept paths: as served (no compression
    here) and gzip-compressed as a real server would send them (Pagefind's files and ours but the manifest are
    compressed already)."""
    raw = gz = 0
    for path in dict.fromkeys(_Logged.requested):
        if not keep(path) or not (root / path.lstrip("/")).is_file():
            continue
        data = (root / path.lstrip("/")).read_bytes()
        raw += len(data)
        gz += len(data) if path.endswith(PRECOMPRESSED) else len(gzip.compress(data, 6))
    return raw, gz


def ours(browser: Browser, base: str, root: Path) -> list[Row]:
    """Each query on a freshly loaded /search/ page: bytes, first (navigation → results), lunr, warm times."""
    rows = []
    for q in QUERIES:
        goto(browser, f"{base}ours/search/?q={quote(q)}")
        poll(
            browser,
            "window.__zf.done.length > 0 || document.getElementById('zfxxgk-search').dataset.state === 'error'",
        )
        first = browser.eval("window.__zf.done[0]")
        lunr_ms = float(browser.eval("document.getElementById('zfxxgk-search').dataset.queryMs"))
        data, data_gz = fetched(root, lambda p: "/search/index/" in p)
        total, total_gz = fetched(root, lambda p: "/search/index/" in p or "/assets/" in p)
        t0 = browser.eval(
            "(() => { const t = performance.now(); document.getElementById('zfxxgk-search-form')"
            ".requestSubmit(); return t; })()"
        )
        poll(browser, "window.__zf.done.length > 1")
        warm = browser.eval("window.__zf.done[1]") - t0
        rows.append(
            {
                "q": q,
                "data": data,
                "data_gz": data_gz,
                "total": total,
                "total_gz": total_gz,
                "first_ms": first,
                "query_ms": lunr_ms,
                "warm_ms": warm,
            }
        )
    return rows


def pagefind(browser: Browser, base: str, root: Path) -> list[Row]:
    """Each query on a fresh page: Pagefind's JS API, the first ten results' data loaded."""
    run = """(async (q) => { const t0 = performance.now();
      const pf = window.__pf || (window.__pf = await import('/site/pagefind/pagefind.js'));
      const s = await pf.search(q); await Promise.all(s.results.slice(0, 10).map(r => r.data()));
      return [performance.now() - t0, s.results.length]; })"""
    rows = []
    for q in QUERIES:
        goto(browser, f"{base}pf/")
        first, _hits = browser.eval(f"{run}({q!r})")
        data, data_gz = fetched(root, lambda p: "/pagefind/" in p and not p.endswith((".js", ".wasm")))
        total, total_gz = fetched(root, lambda p: "/pagefind/" in p)
        warm, _ = browser.eval(f"{run}({q!r})")
        rows.append(
            {
                "q": q,
                "data": data,
                "data_gz": data_gz,
                "total": total,
                "total_gz": total_gz,
                "first_ms": first,
                "query_ms": warm,
                "warm_ms": warm,
            }
        )
    return rows


def material(browser: Browser, base: str, root: Path) -> list[Row]:
    """Material's page: search_index.json fetched, its worker's lunr index built, then each query in the worker."""
    goto(browser, f"{base}site/")
    poll(browser, "window.__md.ready !== null")
    ready = browser.eval("window.__md.ready - window.__md.setup")
    total, total_gz = fetched(root, lambda p: "/search/" in p or "/workers/" in p)
    ask = """(q) => new Promise(resolve => { const w = window.__md.worker; const t0 = performance.now();
      const on = e => { if (e.data && e.data.type === 3) { w.removeEventListener('message', on);
        resolve(performance.now() - t0); } }; w.addEventListener('message', on); w.postMessage({type: 2, data: q}); })"""
    rows = []
    for q in QUERIES:
        first = browser.eval(f"({ask})({q!r})")
        warm = browser.eval(f"({ask})({q!r})")
        rows.append(
            {
                "q": q,
                "data": total,
                "data_gz": total_gz,
                "total": total,
                "total_gz": total_gz,
                "first_ms": ready + first,
                "query_ms": first,
                "warm_ms": warm,
                "ready_ms": ready,
            }
        )
    return rows
