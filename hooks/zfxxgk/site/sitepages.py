"""The pages 《政府网站发展指引》 asks every site to have besides its columns: 网站地图 (every column, linked)
and 联系我们 (the agency's address, hours, telephone, fax and e-mail from settings).

Both are generated pages outside the nav, linked from the footer of every page and from the 404 page.
"""

from __future__ import annotations

from zfxxgk.settings import Agency
from zfxxgk.site.columns import Column, ColumnTree
from zfxxgk.site.itempage import HOME_TITLE, RenderedPage, breadcrumbs
from zfxxgk.html.markup import e
from zfxxgk.site.pagemeta import column_meta
from zfxxgk.html.urls import relative

SITEMAP_URL = "wzdt/"
SITEMAP_TITLE = "网站地图"
CONTACT_URL = "lxwm/"
CONTACT_TITLE = "联系我们"
SEARCH_URL = "search/"  # zfxxgk.site.searchpage.SEARCH_URL (not imported: that module imports the search)


def _branch(col: Column, from_url: str) -> str:
    link = f'<a href="{e(relative(from_url, col.url))}">{e(col.title)}</a>'
    if not col.children:
        return f"<li>{link}</li>"
    return f"<li>{link}<ul>{''.join(_branch(c, from_url) for c in col.children)}</ul></li>"


def sitemap_page(tree: ColumnTree) -> RenderedPage:
    """网站地图: the column's home, every column in nav order (nested as in the nav), search and contact."""
    url = SITEMAP_URL
    home = f'<a href="{e(relative(url, ""))}">{HOME_TITLE}</a>'
    columns = "".join(_branch(c, url) for c in tree.top)
    others = (
        f'<li><a href="{e(relative(url, SEARCH_URL))}">站内搜索</a></li>'
        f'<li><a href="{e(relative(url, CONTACT_URL))}">{CONTACT_TITLE}</a></li>'
    )
    agency = f'<li><a href="{e(tree.agency_home)}">本机关网站首页</a></li>' if tree.agency_home else ""
    html = "\n".join(
        [
            breadcrumbs(tree, None, url, SITEMAP_TITLE),
            f"<h1>{SITEMAP_TITLE}</h1>",
            f'<nav class="zfxxgk-sitemap" aria-label="{SITEMAP_TITLE}"><ul><li>{home}<ul>{columns}</ul></li>'
            f"{others}{agency}</ul></nav>",
        ]
    )
    return RenderedPage(url, SITEMAP_TITLE, html, meta=column_meta(SITEMAP_TITLE))


def contact_page(agency: Agency, tree: ColumnTree) -> RenderedPage:
    """联系我们: how to reach the agency's 政府信息公开 office, every value from settings."""
    url = CONTACT_URL
    rows = [("主办单位", agency.name), ("地址", agency.address)]
    if agency.postcode:
        rows.append(("邮政编码", agency.postcode))
    rows += [("办公时间", agency.hours), ("咨询电话", agency.phone)]
    if agency.fax:
        rows.append(("传真", agency.fax))
    if agency.email:
        rows.append(("电子邮箱", agency.email))
    cells = "".join(f'<tr><th scope="row">{e(label)}</th><td>{e(value)}</td></tr>' for label, value in rows)
    application = next((c for c in tree.top if c.kind == "application"), None)
    apply = (f'申请获取主动公开以外的政府信息，请见<a href="{e(relative(url, application.url))}">{e(application.title)}</a>；'
             if application else "")
    html = "\n".join(
        [
            breadcrumbs(tree, None, url, CONTACT_TITLE),
            f"<h1>{CONTACT_TITLE}</h1>",
            f'<table class="zfxxgk-index zfxxgk-contact"><caption>{e(agency.name)}</caption>'
            f"<tbody>{cells}</tbody></table>",
            f"<p>{apply}对网站内容的意见和纠错，请使用页面底部的“我为政府网站找错”。</p>",
        ]
    )
    return RenderedPage(url, CONTACT_TITLE, html, meta=column_meta(CONTACT_TITLE))
