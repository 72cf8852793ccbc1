"""Markup of the search page body, the header search box and the script tags the page needs."""

from __future__ import annotations

from html import escape

# Load order matters: the tokeniser, the scoring and the core (all pure), then the page logic. The scoring
# computes lunr.js's result from the term chunks alone (tests/test_search_equivalence.py): lunr is not loaded.
SCRIPTS = (
    "zfxxgk/tokenize.js",
    "zfxxgk/searchscore.js",
    "zfxxgk/searchcore.js",
    "zfxxgk/search.js",
)


def _e(text: str) -> str:
    return escape(text, quote=True)


def search_page_html(manifest_url: str, site_root: str = "../") -> str:
    """The search page body; `manifest_url` and `site_root` are relative to the page (or absolute paths)."""
    return f"""<div id="zfxxgk-search" class="zfxxgk-search" data-index="{_e(manifest_url)}" data-root="{_e(site_root)}">
  <form id="zfxxgk-search-form" class="zfxxgk-search__form" role="search" method="get" action="">
    <label for="zfxxgk-search-q" class="zfxxgk-search__label">检索关键词</label>
    <input id="zfxxgk-search-q" name="q" type="search" autocomplete="off" aria-describedby="zfxxgk-search-hint">
    <button type="submit" class="md-button md-button--primary">搜索</button>
    <p id="zfxxgk-search-hint" class="zfxxgk-search__hint">可检索标题、正文、内容概述、附件名称、文号和索引号，简体繁体均可；
      文号可输入全称（如 黔府办函〔2021〕39号，括号写法不限）或年份与序号（如 〔2021〕39号）。</p>
  </form>
  <p class="zfxxgk-search__skip"><a id="zfxxgk-search-skip" href="#zfxxgk-search-results">跳到检索结果</a></p>
  <p id="zfxxgk-search-status" class="zfxxgk-search__status" role="status" aria-live="polite" aria-atomic="true"></p>
  <div class="zfxxgk-search__body">
    <section id="zfxxgk-search-facets" class="zfxxgk-search__facets" aria-labelledby="zfxxgk-search-facets-title" hidden>
      <h2 id="zfxxgk-search-facets-title">筛选结果</h2>
      <div id="zfxxgk-search-facet-groups"></div>
    </section>
    <section class="zfxxgk-search__main" aria-label="检索结果">
      <p id="zfxxgk-search-sort" class="zfxxgk-search__sort" hidden>
        <label for="zfxxgk-search-sort-select">排序</label>
        <select id="zfxxgk-search-sort-select" name="sort">
          <option value="relevance">按相关度</option>
          <option value="date">按发布日期（新到旧）</option>
        </select>
      </p>
      <ol id="zfxxgk-search-results" class="zfxxgk-search__results" tabindex="-1"></ol>
      <nav id="zfxxgk-search-pages" class="zfxxgk-search__pages" aria-label="结果分页" hidden></nav>
    </section>
  </div>
  <noscript><p>站内检索需要启用浏览器的 JavaScript；也可以从政府信息公开目录按栏目浏览。</p></noscript>
</div>
"""


def search_box_html(search_page_url: str) -> str:
    """The header search box: a plain GET form to the search page (works without JavaScript)."""
    return f"""<form class="zfxxgk-searchbox" role="search" method="get" action="{_e(search_page_url)}">
  <label for="zfxxgk-searchbox-q" class="zfxxgk-searchbox__label">站内检索</label>
  <input id="zfxxgk-searchbox-q" name="q" type="search" placeholder="标题、文号、索引号" autocomplete="off">
  <button type="submit" class="zfxxgk-searchbox__button">搜索</button>
</form>
"""


def search_scripts_html(assets_url: str) -> str:
    """The script tags of the search page, in load order; `assets_url` is the URL of overrides/assets/."""
    base = assets_url if assets_url.endswith("/") else assets_url + "/"
    return "".join(f'<script src="{_e(base + path)}" defer></script>\n' for path in SCRIPTS)
