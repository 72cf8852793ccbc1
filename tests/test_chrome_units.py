"""Units of the page chrome: metadata escaping, the skeleton's head slot, wide tables in named scroll regions,
the breadcrumb's 首页, the default favicon."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from test_site_units import ORG, SPEC, sample
from zfxxgk.branding import Branding, home_url, jiucuo_url, site_domain
from zfxxgk.site.columns import build_tree
from zfxxgk.site.itempage import breadcrumbs
from zfxxgk.site.pagemeta import item_meta, meta_html
from zfxxgk.site.siteindex import build_site_index
from zfxxgk.site.skeleton import CONTENT_MARK, HEAD_MARK, TITLE_MARK, skeleton_from
from zfxxgk.site.tables import scrollable_tables
from zfxxgk.sitesettings import SiteSettings


class Metas(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta":
            self.found.append((a.get("name") or "", a.get("content") or ""))


def test_meta_values_are_escaped_and_read_back_unchanged() -> None:
    pairs = (("ArticleTitle", '关于 "A&B" <通知> \'x\''), ("Description", "第一行\n第二行 &amp;"))
    parser = Metas()
    parser.feed(meta_html(pairs))
    assert tuple(parser.found) == pairs


def test_item_meta_takes_the_items_fields_in_order() -> None:
    tree = build_tree(SPEC, SiteSettings())
    index = build_site_index(sample(), tree)
    item = index.by_index[f"{ORG}/2024-00010"]
    column = index.home_column[item.index_no]
    meta = dict(item_meta(item, column, tree.parents(column.key)[0], "https://x.example/zfxxgk/", "xxgk/a/b/"))
    assert meta["ArticleTitle"] == item.title and meta["PubDate"] == item.published.isoformat()
    assert meta["ContentSource"] == item.publisher and meta["Url"] == "https://x.example/zfxxgk/xxgk/a/b/"
    assert meta["ColumnName"] == column.title and meta["ColumnType"] == "信息公开"
    assert meta["Description"] == (item.summary or item.title)


def test_skeleton_head_slot_is_filled_and_optional() -> None:
    page = f"<head>{HEAD_MARK}<title>{TITLE_MARK}</title></head><body>{CONTENT_MARK}</body>"
    filled = skeleton_from(page, "_zfxxgk/").fill("标题", "<h1>标题</h1>", "xxgk/a/b/", '<meta name="PubDate" content="x">')
    assert filled == '<head><meta name="PubDate" content="x"><title>标题</title></head><body><h1>标题</h1></body>'
    plain = skeleton_from(f"<title>{TITLE_MARK}</title>{CONTENT_MARK}", "_zfxxgk/").fill("t", "<h1>t</h1>", "u/", "<meta>")
    assert plain == "<title>t</title><h1>t</h1>"


def test_every_outermost_table_gets_a_named_focusable_region() -> None:
    body = ("<p>前</p><table><caption>抽检 <b>结果</b></caption><tr><td><table><tr><td>内</td></tr></table></td></tr>"
            "</table><p>中</p><TABLE><tr><td>2</td></tr></TABLE>")
    out = scrollable_tables(body)
    assert out.count('role="region"') == 2 and out.count('tabindex="0"') == 2
    assert 'aria-label="表格：抽检 结果"' in out and 'aria-label="正文表格2"' in out
    assert out.replace("</div>", "").count("<table") == 2  # the inner table stays inside the first region
    assert scrollable_tables("<p>无表格</p>") == "<p>无表格</p>"


def test_breadcrumb_starts_with_the_agencys_home() -> None:
    tree = replace(build_tree(SPEC, SiteSettings()), agency_home="https://x.example/")
    html = breadcrumbs(tree, None, "wzdt/", "网站地图")
    assert html.index('<a href="https://x.example/">首页</a>') < html.index(">政府信息公开<") < html.index("网站地图")
    assert "当前位置：" in html
    assert "首页" not in breadcrumbs(build_tree(SPEC, SiteSettings()), None, "wzdt/", "网站地图")


def test_defaults_from_site_url_and_site_code() -> None:
    assert home_url(Branding(), "https://scjgj.example.cn/zfxxgk/") == "https://scjgj.example.cn/"
    assert home_url(Branding(home="https://www.example.cn/"), "https://a.example/") == "https://www.example.cn/"
    assert site_domain("https://scjgj.example.cn/zfxxgk/") == "scjgj.example.cn"
    assert jiucuo_url(Branding(), "5202000028").endswith("sitecode=5202000028")
    assert jiucuo_url(Branding(jiucuo="https://jc.example/"), "1") == "https://jc.example/"
