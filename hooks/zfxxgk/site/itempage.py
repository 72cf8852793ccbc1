"""An item's page: breadcrumbs, title, 信息索引表, validity banner, body, attachments, 解读 links.

`render_item` is a pure function of the item, the per-build index and the rendered body, so pages
can be rendered in any order, in parallel, or taken from a cache.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from zfxxgk.items.record import Item
from zfxxgk.site.columns import ColumnTree
from zfxxgk.site.siteindex import SiteIndex
from zfxxgk.html.markup import cn_date, e, file_type, human_size
from zfxxgk.site.tables import scrollable_tables
from zfxxgk.html.urls import relative

HOME_TITLE = "政府信息公开"
AGENCY_HOME_TITLE = "首页"
EMPTY = '<span class="zfxxgk-empty">—</span>'


@dataclass(frozen=True)
class RenderedPage:
    """A generated page: where it goes, its title, its HTML and its last-modified date."""

    url: str
    title: str
    html: str
    lastmod: dt.date | None = None
    meta: tuple[tuple[str, str], ...] = ()  # page metadata (zfxxgk.site.pagemeta) for the page's <head>


def breadcrumbs(tree: ColumnTree, column_key: str | None, from_url: str, current: str) -> str:
    """The 当前位置 trail: 首页 (the agency's main site) > 政府信息公开 > columns > the current page (not linked)."""
    links = [(HOME_TITLE, "")]
    if column_key is not None:
        links += [(c.title, c.url) for c in tree.parents(column_key)]
    parts = [f'<li><a href="{e(tree.agency_home)}">{AGENCY_HOME_TITLE}</a></li>'] if tree.agency_home else []
    parts += [
        f'<li><a href="{e(relative(from_url, url))}">{e(title)}</a></li>'
        for title, url in links
        if url != from_url
    ]
    parts.append(f'<li aria-current="page">{e(current)}</li>')
    return (
        '<nav class="zfxxgk-crumbs" aria-label="当前位置"><span class="zfxxgk-crumbs__label" aria-hidden="true">'
        f'当前位置：</span><ol>{"".join(parts)}</ol></nav>'
    )


def _ref(index: SiteIndex, index_no: str, from_url: str) -> str:
    target = index.by_index.get(index_no)
    url = index.url(index_no)
    if target is None or url is None:
        return f"索引号 {e(index_no)}"
    doc_no = f"（{e(target.doc_no)}）" if target.doc_no else ""
    return f'<a href="{e(relative(from_url, url))}">{e(target.title)}</a>{doc_no}'


def index_table(item: Item) -> str:
    """The 信息索引表 in gov.cn label order, plus 有效性 and 内容概述, as a two-column table."""
    rows = [
        ("索引号", e(item.index_no)),
        ("主题分类", e(item.subject) if item.subject else EMPTY),
        ("发布机构", e(item.publisher)),
        ("成文日期", cn_date(item.written) or EMPTY),
        ("标题", e(item.title)),
        ("文号", e(item.doc_no) if item.doc_no else EMPTY),
        ("发布日期", cn_date(item.published)),
        ("主题词", e("、".join(item.keywords)) if item.keywords else EMPTY),
        ("有效性", e(item.validity) if item.validity else EMPTY),
        ("内容概述", e(item.summary) if item.summary else EMPTY),
    ]
    body = "".join(f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' for label, value in rows)
    return f'<table class="zfxxgk-index"><caption>信息索引表</caption><tbody>{body}</tbody></table>'


def validity_banner(item: Item, index: SiteIndex, from_url: str) -> str:
    """The notice on an 已修改 / 已废止 / 已失效 document, with the date and the 依据 linked; else ''."""
    if item.validity == "已废止":
        when = f"于{cn_date(item.repealed_on)}" if item.repealed_on else ""
        text = f"本文件已{when}废止，仅供查阅。"
        basis = f"废止依据：{_ref(index, item.repealed_by, from_url)}" if item.repealed_by else ""
    elif item.validity == "已失效":
        day = item.repealed_on or item.valid_until
        text = f"本文件已{'于' + cn_date(day) if day else ''}失效，仅供查阅。"
        basis = f"失效依据：{_ref(index, item.repealed_by, from_url)}" if item.repealed_by else ""
    elif item.validity == "已修改":
        amender = index.by_index.get(item.amended_by) if item.amended_by else None
        when = f"于{cn_date(amender.published)}" if amender else ""
        text = f"本文件已{when}修改，请以修改后的规定为准。"
        basis = f"修改依据：{_ref(index, item.amended_by, from_url)}" if item.amended_by else ""
    else:
        return ""
    kind = "ended" if item.validity in ("已废止", "已失效") else "amended"
    label = e(item.validity)
    detail = f'<p class="zfxxgk-validity__basis">{basis}</p>' if basis else ""
    return (
        f'<div class="zfxxgk-validity zfxxgk-validity--{kind}" role="note" aria-label="有效性：{label}">'
        f"<p><strong>{label}</strong> {text}</p>{detail}</div>"
    )


def _attachments(item: Item) -> str:
    if not item.attachments:
        return ""
    rows = "".join(
        f'<li><a href="{e(quote(a.file))}" download>{e(a.name)}</a> '
        f'<span class="zfxxgk-file">（{e(file_type(a.extension))}，{e(human_size(a.size))}）</span></li>'
        for a in item.attachments
    )
    head = '<section class="zfxxgk-attachments" aria-labelledby="fj"><h2 id="fj">附件</h2>'
    return f"{head}<ul>{rows}</ul></section>"


def _links(title: str, anchor: str, items: tuple[Item, ...], index: SiteIndex, from_url: str) -> str:
    if not items:
        return ""
    rows = []
    for other in items:
        form = f"{e(other.interpretation_form)}，" if other.interpretation_form else ""
        rows.append(
            f"<li>{_ref(index, other.index_no, from_url)} "
            f"<span>（{form}{cn_date(other.published)}）</span></li>"
        )
    return (
        f'<section class="zfxxgk-related" aria-labelledby="{anchor}"><h2 id="{anchor}">{title}</h2>'
        f"<ul>{''.join(rows)}</ul></section>"
    )


def render_item(
    item: Item, index: SiteIndex, tree: ColumnTree, body_html: str, extra_html: str = ""
) -> RenderedPage:
    """The full HTML of an item's page (the part inside Material's article)."""
    url = index.urls[item.index_no]
    column = index.home_column.get(item.index_no)
    target = ""
    if item.interprets:
        target = (
            f'<section class="zfxxgk-related" aria-labelledby="jddx"><h2 id="jddx">解读对象</h2>'
            f"<p>{_ref(index, item.interprets, url)}</p></section>"
        )
    meta = [f"发布日期：{cn_date(item.published)}", f"来源：{e(item.publisher)}"]
    if item.validity:
        meta.append(f"有效性：{e(item.validity)}")
    parts = [
        breadcrumbs(tree, column.key if column else None, url, item.title),
        f'<h1 class="zfxxgk-title">{e(item.title)}</h1>',
        '<p class="zfxxgk-meta">' + "".join(f"<span>{m}</span>" for m in meta) + "</p>",
        validity_banner(item, index, url),
        index_table(item),
        target,
        f'<div class="zfxxgk-body">{scrollable_tables(body_html)}</div>' if body_html.strip() else "",
        extra_html,
        _attachments(item),
        _links("相关解读", "xgjd", index.interpretations.get(item.index_no, ()), index, url),
        _links("本文件废止的文件", "fzwj", index.repealed.get(item.index_no, ()), index, url),
        _links("本文件修改的文件", "xgwj", index.amended.get(item.index_no, ()), index, url),
    ]
    return RenderedPage(url, item.title, "\n".join(p for p in parts if p), item_lastmod(item))


def item_lastmod(item: Item) -> dt.date:
    """The last change an item's page shows: its publication or its repeal, whichever is later."""
    return max(d for d in (item.published, item.repealed_on) if d is not None)
