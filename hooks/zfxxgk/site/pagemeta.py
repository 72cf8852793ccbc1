"""Page metadata as government pages carry it (《政府网站发展指引》网页设计规范; GB/T 42147-2022 政府网站网页
电子文件元数据): SiteName, SiteDomain and SiteIDCode on every page, ColumnName and ColumnType on column
pages, and on item pages also ArticleTitle, PubDate, ContentSource, Keywords, Description and Url, each
from the item's own fields. Values are HTML-escaped: titles and summaries are editors' text.
"""

from __future__ import annotations

from collections.abc import Sequence

from zfxxgk.items.record import Item
from zfxxgk.site.columns import INTERPRETATION, Column
from zfxxgk.html.markup import e
from zfxxgk.html.urls import absolute

Meta = tuple[tuple[str, str], ...]
HOME_COLUMN = "政府信息公开"
# 栏目类型 of the 指引's column classes: the disclosure column is 信息公开; policy interpretations are
# 解读回应.
DEFAULT_TYPE = "信息公开"
COLUMN_TYPES = {INTERPRETATION: "解读回应"}


def meta_html(pairs: Sequence[tuple[str, str]]) -> str:
    """`<meta name=… content=…>` lines for (name, content) pairs, in order, values escaped."""
    return "".join(f'<meta name="{e(name)}" content="{e(value)}">\n' for name, value in pairs)


def site_meta(site_name: str, domain: str, site_code: str) -> Meta:
    """The metadata every page carries."""
    return (("SiteName", site_name), ("SiteDomain", domain), ("SiteIDCode", site_code))


def column_type(title: str) -> str:
    """The 栏目类型 of a column (by its title, or the first-level title it sits under)."""
    return COLUMN_TYPES.get(title, DEFAULT_TYPE)


def column_meta(title: str, top_title: str = "") -> Meta:
    """ColumnName and ColumnType of a column page (`top_title`: its first-level column, if any)."""
    return (("ColumnName", title), ("ColumnType", column_type(top_title or title)))


def of_column(col: Column | None, top: Column | None = None) -> Meta:
    """The column metadata of `col` (the home column when None)."""
    if col is None:
        return column_meta(HOME_COLUMN)
    return column_meta(col.title, top.title if top else "")


def item_meta(item: Item, col: Column | None, top: Column | None, site_url: str, url: str) -> Meta:
    """The metadata of an item page: its column's, then the article's own from the item's fields."""
    keywords = ",".join(item.keywords)
    pairs = [
        *of_column(col, top),
        ("ArticleTitle", item.title),
        ("PubDate", item.published.isoformat()),
        ("ContentSource", item.publisher),
    ]
    if keywords:
        pairs.append(("Keywords", keywords))
    pairs.append(("Description", item.summary or item.title))
    pairs.append(("Url", absolute(site_url, url)))
    return tuple(pairs)
