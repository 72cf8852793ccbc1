"""Nothing published is lost: withdrawal notices at withdrawn URLs, redirect pages at moved URLs,
and the URL manifest (data/manifest.json) that `zfxxgk check --against` compares with."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from zfxxgk.items import manifest
from zfxxgk.items.record import Item
from zfxxgk.items.manifest import Records, Withdrawal
from zfxxgk.site.columns import ColumnTree
from zfxxgk.site.itempage import RenderedPage, breadcrumbs
from zfxxgk.html.markup import cn_date, e
from zfxxgk.html.urls import absolute, relative

MANIFEST_PATH = "data/manifest.json"


def withdrawal_page(w: Withdrawal, tree: ColumnTree) -> RenderedPage:
    """The notice served at a withdrawn item's URL instead of a 404."""
    title = w.title or "本信息已撤下"
    html = "\n".join(
        [
            breadcrumbs(tree, None, w.url, title),
            f'<h1 class="zfxxgk-title">{e(title)}</h1>',
            '<div class="zfxxgk-validity zfxxgk-validity--ended" role="note" aria-label="已撤下">'
            f"<p><strong>已撤下</strong> 本信息已于{cn_date(w.date)}撤下，不再公开。</p>"
            f'<p class="zfxxgk-validity__basis">原因：{e(w.reason)}</p></div>',
            f"<p>索引号：{e(w.index_no)}</p>" if w.index_no else "",
            f'<p><a href="{e(relative(w.url, ""))}">返回政府信息公开</a></p>',
        ]
    )
    return RenderedPage(w.url, title, html, w.date)


def redirect_html(old: str, new: str, site_url: str) -> bytes:
    """A static page at an old URL that sends readers (and crawlers) to the item's current URL."""
    base = old if old.endswith("/") else old.rsplit("/", 1)[0] + "/" if "/" in old else ""
    target = relative(base, new)
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>页面已迁移</title>\n'
        f'<meta http-equiv="refresh" content="0; url={e(target)}">\n'
        f'<link rel="canonical" href="{e(absolute(site_url, new))}">\n</head>\n<body>\n<main>\n'
        f'<p>本页已迁移至 <a href="{e(target)}">新地址</a>。</p>\n</main>\n</body>\n</html>\n'
    ).encode()


def redirect_path(old: str) -> str:
    """The file written for an old URL (directory URLs get index.html)."""
    return old + "index.html" if old.endswith("/") or not old else old


def manifest_json(
    published: Sequence[tuple[str, Item]], withdrawn: Iterable[Withdrawal], records: Records
) -> bytes:
    """The byte-stable URL manifest of this build."""
    return manifest.dumps(manifest.build_manifest(published, withdrawn, records)).encode("utf-8")
