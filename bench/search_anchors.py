"""The anchors of the search benchmark: the same synthetic pages as a plain MkDocs site with mkdocs-material's
search plugin (search_index.json) and indexed by Pagefind (`pip install 'pagefind[extended]'`) — and the site
that serves our own /search/ page over our index. Used by bench/search_bench.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from zfxxgk.search import SearchDoc, build_index, search_page_html, search_scripts_html
from zfxxgk.search.index import IndexStats

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "overrides" / "assets"
OUR_SCRIPTS = ("zfxxgk/tokenize.js", "zfxxgk/searchscore.js", "zfxxgk/searchcore.js", "zfxxgk/search.js")

# Material's search worker: the page posts {type: 0, data: search_index.json} and the worker answers {type: 1}
# once its lunr index is built; a query is {type: 2, data: q}, answered by {type: 3}. This wrapper, run before
# the page's own scripts, timestamps both and keeps the worker so the benchmark can send queries.
MATERIAL_WORKER_PROBE = """(() => {
  const Native = window.Worker;
  window.__md = {setup: null, ready: null, worker: null};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.__md.worker = this;
      this.addEventListener('message', (e) => {
        if (e.data && e.data.type === 1 && window.__md.ready === null) { window.__md.ready = performance.now(); }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 0) { window.__md.setup = performance.now(); }
      return super.postMessage(message, ...rest);
    }
  };
})();"""


def dir_bytes(path: Path) -> tuple[int, int]:
    """Total bytes and number of files under `path`."""
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def build_ours(docs: list[SearchDoc], site: Path) -> tuple[float, IndexStats]:
    """Our index under site/search/index/ with the search page and its scripts; returns (seconds, stats)."""
    began = time.perf_counter()
    stats = build_index(docs, site / "search" / "index")
    seconds = time.perf_counter() - began
    for rel in OUR_SCRIPTS:
        target = site / "assets" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / rel, target)
    page = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>站内搜索</title></head><body><main>'
        + search_page_html("index/manifest.json", "../")
        + search_scripts_html("../assets/")
        + "</main></body></html>"
    )
    (site / "search" / "index.html").write_text(page, encoding="utf-8")
    return seconds, stats


def page_markdown(doc: SearchDoc) -> str:
    """One synthetic item as the Markdown page an ordinary MkDocs site would have."""
    meta = [f"索引号：{doc.index_no}", f"发布日期：{doc.date}", f"栏目：{doc.column}"]
    if doc.doc_no:
        meta.insert(1, f"文号：{doc.doc_no}")
    parts = [f"# {doc.title}", "  \n".join(meta)]
    if doc.summary:
        parts.append(doc.summary)
    parts.append(doc.body)
    if doc.attachments:
        parts.append("附件：" + "；".join(doc.attachments))
    return "\n\n".join(parts) + "\n"


def build_material(docs: list[SearchDoc], work: Path) -> tuple[float, Path]:
    """A plain Material site (search plugin on, items outside the nav) of the same pages; (seconds, site dir)."""
    project = work / "material"
    pages = project / "docs" / "p"
    pages.mkdir(parents=True, exist_ok=True)
    (project / "docs" / "index.md").write_text(
        "# 政府信息公开\n\n合成数据，用于检索基准测试。\n", encoding="utf-8"
    )
    for n, doc in enumerate(docs):
        (pages / f"{n:05d}.md").write_text(page_markdown(doc), encoding="utf-8")
    config = {
        "site_name": "检索基准",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": ["search"],
        "nav": ["index.md"],  # every item in the nav would make each page hold all N links
        "docs_dir": "docs",
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = work / "site"
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=project,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - began, site


def build_pagefind(site: Path) -> float:
    """Pagefind over the Material site's HTML (the article only), output in site/pagefind/; seconds.
    Also writes pf/index.html beside the site: a bare page for querying it (Material's pages would load
    their own 14 MB-per-1,000-items search index at the same time)."""
    bare = site.parent / "pf" / "index.html"
    bare.parent.mkdir(parents=True, exist_ok=True)
    bare.write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title></head>'
        "<body></body></html>",
        encoding="utf-8",
    )
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", "article", "--silent"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - began
