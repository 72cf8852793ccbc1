"""Column pages: item lists paginated into static pages with per-year pages, and section directories."""

from __future__ import annotations

import math
from collections.abc import Sequence

from zfxxgk.items.record import Item
from zfxxgk.site.columns import ENDED, Column, ColumnTree
from zfxxgk.site.siteindex import SiteIndex
from zfxxgk.site.itempage import RenderedPage, breadcrumbs
from zfxxgk.html.markup import cn_date, e
from zfxxgk.site.pagemeta import of_column
from zfxxgk.html.urls import relative


def page_url(base: str, number: int) -> str:
    """URL of page `number` of a list whose first page is at `base` (`base/page/2/` …)."""
    return base if number == 1 else f"{base}page/{number}/"


def column_data(col: Column) -> str:
    """Path (without extension) of a column's data downloads."""
    return "data/columns/" + col.key.replace("/", "-")


def _downloads(col: Column, from_url: str) -> str:
    base = relative(from_url, column_data(col))
    links = " · ".join(
        f'<a href="{e(base)}.{ext}">{label}</a>'
        for ext, label in (("json", "JSON"), ("csv", "CSV"), ("xlsx", "Excel"))
    )
    return f'<p class="zfxxgk-downloads">本栏目数据下载：{links}</p>'


def list_table(items: Sequence[Item], index: SiteIndex, from_url: str, caption: str) -> str:
    """The list table: 标题 (linked), 文号, 索引号 (wide screens), 发布日期 — in the order given."""
    rows = []
    for item in items:
        href = e(relative(from_url, index.urls[item.index_no]))
        mark = f' <span class="zfxxgk-badge">{e(item.validity)}</span>' if item.validity in ENDED else ""
        rows.append(
            f'<tr><td class="zfxxgk-col-title"><a href="{href}">{e(item.title)}</a>{mark}</td>'
            f'<td class="zfxxgk-col-docno">{e(item.doc_no or "")}</td>'
            f'<td class="zfxxgk-col-index">{e(item.index_no)}</td>'
            f'<td class="zfxxgk-col-date">{cn_date(item.published)}</td></tr>'
        )
    # The same column widths in every list (site.css sizes these classes; table-layout: fixed).
    cols = (
        '<colgroup><col class="zfxxgk-col-title"><col class="zfxxgk-col-docno"><col class="zfxxgk-col-index">'
        '<col class="zfxxgk-col-date"></colgroup>'
    )
    head = (
        '<thead><tr><th scope="col" class="zfxxgk-col-title">标题</th><th scope="col" class="zfxxgk-col-docno">文号</th>'
        '<th scope="col" class="zfxxgk-col-index">索引号</th>'
        '<th scope="col" class="zfxxgk-col-date">发布日期</th>'
        "</tr></thead>"
    )
    return (
        f'<table class="zfxxgk-list"><caption class="zfxxgk-sr">{e(caption)}</caption>{cols}{head}'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def pagination(base: str, current: int, total: int, from_url: str) -> str:
    """Static page links (上一页 1 2 … n 下一页); empty for a single page."""
    if total <= 1:
        return ""
    shown = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    links: list[str] = []
    if current > 1:
        links.append(
            f'<li><a href="{e(relative(from_url, page_url(base, current - 1)))}" rel="prev">上一页</a></li>'
        )
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append('<li class="zfxxgk-gap" aria-hidden="true">…</li>')
        if number == current:
            links.append(f'<li><a aria-current="page" href="./">{number}</a></li>')
        else:
            href = e(relative(from_url, page_url(base, number)))
            links.append(f'<li><a href="{href}" aria-label="第{number}页">{number}</a></li>')
        previous = number
    if current < total:
        links.append(
            f'<li><a href="{e(relative(from_url, page_url(base, current + 1)))}" rel="next">下一页</a></li>'
        )
    return f'<nav class="zfxxgk-pages" aria-label="分页"><ul>{"".join(links)}</ul></nav>'


def _years(col: Column, counts: dict[int, int], year: int | None, from_url: str) -> str:
    if len(counts) < 2 and year is None:
        return ""
    entries = [("全部", col.url, year is None)]
    entries += [
        (f"{y}年（{n}）", f"{col.url}{y}/", y == year) for y, n in sorted(counts.items(), reverse=True)
    ]
    current = ' aria-current="page"'
    links = "".join(
        f'<li><a href="{e(relative(from_url, url))}"{current if on else ""}>{e(label)}</a></li>'
        for label, url, on in entries
    )
    return f'<nav class="zfxxgk-years" aria-label="按年份筛选"><ul>{links}</ul></nav>'


def _note(col: Column, tree: ColumnTree, from_url: str) -> str:
    keys = tree.by_key()
    if col.ended_list and col.ended_list in keys:
        other = keys[col.ended_list]
        return (
            f'<p class="zfxxgk-note">本栏目列出现行有效的文件。已废止、已失效的文件见'
            f'<a href="{e(relative(from_url, other.url))}">{e(other.title)}</a>。</p>'
        )
    if col.status == "ended":
        current = next((c for c in keys.values() if c.ended_list == col.key), None)
        back = (
            f'现行有效的文件见<a href="{e(relative(from_url, current.url))}">{e(current.title)}</a>。'
            if current
            else ""
        )
        return f'<p class="zfxxgk-note">本栏目列出已废止、已失效的文件，原文保留供查阅。{back}</p>'
    return ""


def column_pages(col: Column, tree: ColumnTree, index: SiteIndex, page_size: int) -> list[RenderedPage]:
    """Every static page of a list column: all items paginated, then each year paginated."""
    items = index.column_items.get(col.key, ())
    by_year: dict[int, list[Item]] = {}
    for item in items:
        by_year.setdefault(item.year, []).append(item)
    counts = {year: len(chosen) for year, chosen in by_year.items()}
    pages = _paged(col, tree, index, items, None, col.url, page_size, counts)
    for year in sorted(by_year, reverse=True):
        pages += _paged(col, tree, index, by_year[year], year, f"{col.url}{year}/", page_size, counts)
    return pages


def _paged(
    col: Column,
    tree: ColumnTree,
    index: SiteIndex,
    items: Sequence[Item],
    year: int | None,
    base: str,
    page_size: int,
    counts: dict[int, int],
) -> list[RenderedPage]:
    total = max(1, math.ceil(len(items) / page_size))
    pages = []
    for number in range(1, total + 1):
        url = page_url(base, number)
        chunk = items[(number - 1) * page_size : number * page_size]
        title = col.title + (f" · {year}年" if year else "") + (f"（第{number}页）" if number > 1 else "")
        count = f"共 <strong>{len(items)}</strong> 条信息" + (
            f"，第 {number}/{total} 页" if total > 1 else ""
        )
        table = (
            list_table(chunk, index, url, f"{title}列表")
            if chunk
            else '<p class="zfxxgk-none">本栏目暂无信息。</p>'
        )
        html = "\n".join(
            p
            for p in (
                breadcrumbs(tree, col.key, url, title)
                if url != col.url
                else breadcrumbs(tree, _parent(col), url, col.title),
                f"<h1>{e(title)}</h1>",
                _note(col, tree, url),
                f'<p class="zfxxgk-count">{count}</p>',
                _years(col, counts, year, url),
                table,
                pagination(base, number, total, url),
                _downloads(col, url) if items else "",
            )
            if p
        )
        meta = of_column(col, tree.parents(col.key)[0])
        pages.append(RenderedPage(url, title, html, chunk[0].published if chunk else None, meta))
    return pages


def _parent(col: Column) -> str | None:
    return col.key.rsplit("/", 1)[0] if "/" in col.key else None


def count(col: Column, index: SiteIndex) -> int:
    """Items listed in a column, including its sub-columns."""
    return len(index.column_items.get(col.key, ())) + sum(count(c, index) for c in col.children)


def section_page(col: Column, tree: ColumnTree, index: SiteIndex) -> RenderedPage:
    """A section's directory: its sub-columns with their item counts and latest 发布日期."""
    url = col.url
    head = (
        '<thead><tr><th scope="col">栏目</th><th scope="col">信息条数</th>'
        '<th scope="col">最近发布</th></tr></thead>'
    )

    def table(caption: str, columns: Sequence[Column]) -> str:
        rows = []
        for c in columns:
            latest = index.column_items.get(c.key, ())
            rows.append(
                f'<tr><td><a href="{e(relative(url, c.url))}">{e(c.title)}</a></td>'
                f"<td>{count(c, index)}</td><td>{cn_date(latest[0].published) if latest else '—'}</td></tr>"
            )
        return (
            f'<table class="zfxxgk-dir"><caption class="zfxxgk-sr">{e(caption)}</caption>'
            f"{head}<tbody>{''.join(rows)}</tbody></table>"
        )

    if any(child.children for child in col.children):
        blocks = [
            f'<h2><a href="{e(relative(url, child.url))}">{e(child.title)}</a></h2>'
            + table(child.title, child.children)
            for child in col.children
        ]
    else:
        blocks = [table(col.title, col.children)]
    html = "\n".join(
        [
            breadcrumbs(tree, _parent(col), url, col.title),
            f"<h1>{e(col.title)}</h1>",
            f'<p class="zfxxgk-count">共 <strong>{count(col, index)}</strong> 条信息</p>',
            *blocks,
        ]
    )
    return RenderedPage(url, col.title, html, meta=of_column(col, tree.parents(col.key)[0]))
