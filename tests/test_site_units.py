"""Unit tests of the site package: pure functions, no MkDocs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from html import escape
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from zfxxgk.checks.attachments import BodyImageFinder
from zfxxgk.html.images import BodyImages, find_images, image_copies
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.html.sanitize import sanitize
from zfxxgk.html.urls import UrlError, item_url, relative
from zfxxgk.items.record import Attachment, Item
from zfxxgk.settings import Agency
from zfxxgk.site import appform, downloads, feed, lists, sitemap
from zfxxgk.site.build import SiteInput, item_pages, render_site
from zfxxgk.site.builddate import build_date
from zfxxgk.site.columns import build_tree
from zfxxgk.site.footer import footer_html
from zfxxgk.site.itempage import render_item, validity_banner
from zfxxgk.site.siteindex import build_site_index
from zfxxgk.sitesettings import SiteSettings, parse_site

ORG = "11520200MB1C123455"
AGENCY = Agency(
    name="六盘水市市场监督管理局",
    credit_code=ORG,
    site_code="5202000028",
    icp="黔ICP备17006023号",
    police="黔公网安备 52020102000123号",
    address="贵州省六盘水市钟山区人民中路68号",
    hours="工作日",
    phone="0858-8221234",
    postcode="553000",
    fax="0858-8221235",
    email="gk@lps.example",
)
SPEC = [
    (
        "政务公开",
        "zwgk",
        [
            ("政府信息公开指南", "zfxxgkzn"),
            ("政府信息公开制度", "zfxxgkzd"),
            ("政府信息公开年报", "zfxxgknb"),
        ],
    ),
    ("政策文件", "zcwj", [("行政规范性文件", "xzgfxwj"), ("其他文件", "qtwj")]),
    ("政策解读", "zcjd", [("政策解读", "zcjd")]),
    ("行政处罚", "xzcf", [("行政处罚决定", "xzcfjd")]),
]


def make(
    seq: str, title: str, catalogue: str = "政策文件/其他文件", published: str = "2024-03-08", **kw: object
) -> Item:
    """An item record as the loader would build it."""
    return Item(
        path=Path(f"/c/{seq}/index.md"),
        rel=f"content/{seq}/index.md",
        index_no=f"{ORG}/{seq}",
        title=title,
        catalogue=catalogue,
        publisher=AGENCY.name,
        published=dt.date.fromisoformat(published),
        disclosure="主动公开",
        **kw,
    )  # type: ignore[arg-type]


def sample() -> list[Item]:
    """A regulation repealed by a decision, its 解读, a current regulation and an unrelated notice."""
    return [
        make(
            "2021-00012",
            "关于印发裁量规则的通知",
            "政策文件/行政规范性文件",
            "2021-11-19",
            doc_no="六盘水市监规〔2021〕1号",
            validity="已废止",
            repealed_on=dt.date(2024, 5, 1),
            repealed_by=f"{ORG}/2024-00011",
        ),
        make(
            "2021-00013",
            "《裁量规则》政策解读",
            "政策解读/政策解读",
            "2021-11-19",
            interprets=f"{ORG}/2021-00012",
            interpretation_form="文字解读",
        ),
        make(
            "2024-00011",
            "关于印发新裁量规则的通知",
            "政策文件/行政规范性文件",
            "2024-04-20",
            doc_no="六盘水市监规〔2024〕1号",
            validity="现行有效",
        ),
        make(
            "2024-00010",
            "关于开展抽查的通知",
            "政策文件/其他文件",
            "2024-03-08",
            doc_no="六盘水市监发〔2024〕5号",
            keywords=("双随机", "监管"),
            subject="市场监管、安全生产监管",
            written=dt.date(2024, 3, 4),
        ),
    ]


def test_item_url_comes_from_the_index_number() -> None:
    assert item_url(f"{ORG}/2021-00012") == f"xxgk/{ORG}/2021-00012/"
    assert item_url("0142768-8/2022-00185") == "xxgk/0142768-8/2022-00185/"
    for bad in ("no-slash", "a/b/c", "../x/2021-1", "代码/2021-00001"):
        with pytest.raises(UrlError):
            item_url(bad)


def test_relative_links_between_directory_urls() -> None:
    assert relative("xxgk/a/b/", "") == "../../../"
    assert relative("xxgk/a/b/", "xxgk/a/c/") == "../c/"
    assert relative("", "fdzdgknr/") == "fdzdgknr/"
    assert relative("a/", "a/") == "./"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<p onclick="x()">正文</p>', "<p>正文</p>"),
        ("<script>alert(1)</script><p>留下</p>", "<p>留下</p>"),
        ('<a href="javascript:alert(1)">链接</a>', "<a>链接</a>"),
        ('<a href=" JaVa&#x09;Script:alert(1)">链接</a>', "<a>链接</a>"),
        ('<a href="vbscript:x">v</a><a href="data:text/html,x">d</a>', "<a>v</a><a>d</a>"),
        ('<a href="https://www.gov.cn/">国务院</a>', '<a href="https://www.gov.cn/">国务院</a>'),
        ('<img src="https://cdn.example/x.png" alt="外图">', "［图片：外图］"),
        ('<img src="tu.png">', '<img src="tu.png" alt="图片">'),
        # Backslashes are slashes to a browser: each of these loads from another host.
        ('<img src="\\\\evil.example\\x.png" alt="a">', "［图片：a］"),
        ('<img src="/\\evil.example/y.png" alt="b">', "［图片：b］"),
        ('<img src=" \\/evil.example/z.png" alt="c">', "［图片：c］"),
        ("<iframe src=x>内</iframe><style>p{}</style>文", "文"),
        (
            '<td style="text-align: center;">c</td><td style="background:url(//x)">d</td>',
            '<td style="text-align: center">c</td><td>d</td>',
        ),
        ("<h1>标题</h1>", "<h2>标题</h2>"),
        ("<p>a < b &amp; c</p>", "<p>a &lt; b &amp; c</p>"),
        ("<div><p>未闭合", "<div><p>未闭合</p></div>"),
        ("<svg><script>x</script></svg>后", "后"),
    ],
)
def test_sanitiser_keeps_markup_and_drops_active_content(dirty: str, clean: str) -> None:
    assert sanitize(dirty) == clean


def test_markdown_renderer_uses_extensions_and_sanitises() -> None:
    md = MarkdownRenderer(["tables", "toc"])
    html = md.render("## 一、目标\n\n| 项 | 值 |\n|---|---|\n| a | 1 |\n\n<script>x</script>")
    assert "<table>" in html and "<h2" in html and "script" not in html
    assert md.render("第二次") == "<p>第二次</p>"  # reset between items


def test_column_tree_order_and_validity_split() -> None:
    tree = build_tree(SPEC, SiteSettings())
    assert [c.title for c in tree.top] == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "政策解读",
        "依申请公开",
    ]
    proactive = tree.top[2]
    assert [c.title for c in proactive.children] == [
        "政策文件",
        "行政处罚",
    ]  # 政务公开 and 政策解读 are own columns
    files = proactive.children[0]
    assert [(c.title, c.key, c.status) for c in files.children] == [
        ("行政规范性文件", "fdzdgknr/zcwj/xzgfxwj", "current"),
        ("废止和失效行政规范性文件", "fdzdgknr/zcwj/xzgfxwj-fzhsx", "ended"),
        ("其他文件", "fdzdgknr/zcwj/qtwj", "all"),
    ]
    off = build_tree(SPEC, parse_site({"栏目": {"政策解读": False, "依申请公开": False}}))
    assert [c.title for c in off.top][-1] == "政府信息公开年报"
    assert "政策解读" in [c.title for c in off.top[2].children]


def test_items_from_unknown_catalogue_paths_still_get_a_column() -> None:
    tree = build_tree(SPEC, SiteSettings(), ["工作动态/工作动态"])
    assert tree.by_key()["fdzdgknr/gzdt/gzdt"].paths == ("工作动态/工作动态",)


def test_index_links_interpretations_and_repeals_both_ways() -> None:
    tree = build_tree(SPEC, SiteSettings())
    index = build_site_index(sample(), tree)
    doc, jd, new = f"{ORG}/2021-00012", f"{ORG}/2021-00013", f"{ORG}/2024-00011"
    assert [i.index_no for i in index.interpretations[doc]] == [jd]
    assert [i.index_no for i in index.repealed[new]] == [doc]
    keys = {k: [i.index_no for i in v] for k, v in index.column_items.items() if v}
    assert keys["fdzdgknr/zcwj/xzgfxwj"] == [new]
    assert keys["fdzdgknr/zcwj/xzgfxwj-fzhsx"] == [doc]
    assert keys["zcjd"] == [jd]
    page = render_item(index.by_index[doc], index, tree, "<p>正文</p>").html
    assert "相关解读" in page and "../2021-00013/" in page
    reading = render_item(index.by_index[jd], index, tree, "").html
    assert "解读对象" in reading and "../2021-00012/" in reading
    decision = render_item(index.by_index[new], index, tree, "").html
    assert "本文件废止的文件" in decision and "../2021-00012/" in decision


def test_validity_banner_names_date_and_basis() -> None:
    tree = build_tree(SPEC, SiteSettings())
    index = build_site_index(sample(), tree)
    doc = index.by_index[f"{ORG}/2021-00012"]
    banner = validity_banner(doc, index, index.urls[doc.index_no])
    assert "已废止" in banner and "2024年05月01日" in banner and 'href="../2024-00011/"' in banner
    assert validity_banner(index.by_index[f"{ORG}/2024-00011"], index, "") == ""


def test_pagination_splits_into_static_pages() -> None:
    tree = build_tree(SPEC, SiteSettings())
    items = [make(f"2024-{n:05d}", f"通知{n}", published=f"2024-{1 + n % 12:02d}-01") for n in range(1, 46)]
    items += [make(f"2023-{n:05d}", f"旧通知{n}", published="2023-06-01") for n in range(1, 4)]
    index = build_site_index(items, tree)
    col = tree.by_key()["fdzdgknr/zcwj/qtwj"]
    pages = lists.column_pages(col, tree, index, page_size=20)
    urls = [p.url for p in pages]
    assert urls == [
        "fdzdgknr/zcwj/qtwj/",
        "fdzdgknr/zcwj/qtwj/page/2/",
        "fdzdgknr/zcwj/qtwj/page/3/",
        "fdzdgknr/zcwj/qtwj/2024/",
        "fdzdgknr/zcwj/qtwj/2024/page/2/",
        "fdzdgknr/zcwj/qtwj/2024/page/3/",
        "fdzdgknr/zcwj/qtwj/2023/",
    ]
    first = pages[0].html
    assert "共 <strong>48</strong> 条信息，第 1/3 页" in first
    assert first.count("<tr>") == 21  # header + 20 rows
    assert 'href="2023/"' in first and 'href="page/2/"' in first
    dates = [i.published for i in index.column_items[col.key]]
    assert dates == sorted(dates, reverse=True)


def test_downloads_csv_json_xlsx_hold_the_same_rows() -> None:
    tree = build_tree(SPEC, SiteSettings())
    index = build_site_index(sample(), tree)
    rows = downloads.records(index.items, index, tree, "https://x.example/zfxxgk/")
    raw = downloads.to_csv(rows)
    assert raw.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    doc = json.loads(downloads.to_json(rows, "t"))
    assert doc["count"] == len(parsed) == 4
    assert parsed[0]["URL"] == doc["items"][0]["URL"] == f"https://x.example/zfxxgk/xxgk/{ORG}/2024-00011/"
    assert doc["items"][0]["栏目"] == "法定主动公开内容/政策文件/行政规范性文件"
    when = dt.date(2024, 6, 1)
    data = downloads.to_xlsx(rows, "t", AGENCY.name, when)
    assert data == downloads.to_xlsx(rows, "t", AGENCY.name, when)
    ws = load_workbook(io.BytesIO(data)).active
    # dates are real dates in the workbook: read back as the same YYYY-MM-DD
    table = [[c.date().isoformat() if isinstance(c, dt.datetime) else c or "" for c in r]
             for r in ws.iter_rows(values_only=True)]
    assert table[0] == list(downloads.FIELDS)
    assert table[1:] == [[r[f] for f in downloads.FIELDS] for r in rows]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 6, 1, 0, 0, 0)}


def test_atom_feed_is_valid_and_dated_from_items() -> None:
    tree = build_tree(SPEC, SiteSettings())
    index = build_site_index(sample(), tree)
    root = ET.fromstring(feed.atom(index.items, index, "https://x.example/zfxxgk/", "站", AGENCY.name, 2))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 2
    assert root.findtext("a:updated", namespaces=ns) == "2024-04-20T00:00:00+08:00"
    assert entries[0].find("a:link", ns).get("href").endswith("/2024-00011/")  # type: ignore[union-attr]


def test_sitemap_sorted_with_lastmod() -> None:
    xml = sitemap.sitemap([("b/", dt.date(2024, 1, 2)), ("", None)], "https://x.example/zfxxgk/").decode()
    assert xml.index("<loc>https://x.example/zfxxgk/</loc>") < xml.index("b/</loc><lastmod>2024-01-02")


def test_application_form_is_a_word_document() -> None:
    data = appform.application_form(AGENCY, dt.date(2024, 1, 1))
    assert data == appform.application_form(AGENCY, dt.date(2024, 1, 1))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        doc = ET.fromstring(z.read("word/document.xml"))
        ET.fromstring(z.read("[Content_Types].xml"))
    text = "".join(t.text or "" for t in doc.iter(f"{{{appform.W}}}t"))
    assert "政府信息公开申请表" in text and AGENCY.name in text and "所需政府信息的名称" in text


def test_footer_has_the_required_records() -> None:
    html = footer_html(AGENCY)
    for text in (
        "主办单位：六盘水市市场监督管理局",
        "5202000028",
        "黔ICP备17006023号",
        "黔公网安备 52020102000123号",
        "0858-8221234",
        "人民中路68号",
    ):
        assert text in html
    assert 'href="https://beian.miit.gov.cn/"' in html
    assert 'href="https://beian.gov.cn/portal/registerSystemInfo?recordcode=52020102000123"' in html


def test_build_date_from_source_date_epoch_then_git(tmp_path: Path) -> None:
    assert build_date(tmp_path, {"SOURCE_DATE_EPOCH": "1700000000"}).date == dt.date(2023, 11, 15)
    repo = Path(__file__).resolve().parents[1]
    from_git = build_date(repo, {})
    expected = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=repo, capture_output=True, text=True
    ).stdout
    assert (from_git.source, from_git.date.isoformat()) == ("git", expected.strip())
    assert build_date(tmp_path, {}).source in {"clock", "git"}


def test_attachment_list_shows_type_size_and_link() -> None:
    tree = build_tree(SPEC, SiteSettings())
    item = make(
        "2024-00010",
        "有附件的通知",
        attachments=(
            Attachment(name="抽查计划表", file="抽查 计划表.xlsx", path=Path("/c/x.xlsx"), size=12800),
        ),
    )
    index = build_site_index([item], tree)
    html = render_item(item, index, tree, "").html
    assert '<a href="%E6%8A%BD%E6%9F%A5%20%E8%AE%A1%E5%88%92%E8%A1%A8.xlsx" download>抽查计划表</a>' in html
    assert "Excel 表格，12.5 KB" in html


def test_withdrawal_notice_and_redirect_pages() -> None:
    from zfxxgk.items.manifest import Withdrawal
    from zfxxgk.site import records

    tree = build_tree(SPEC, SiteSettings())
    w = Withdrawal(
        f"xxgk/{ORG}/2021-00001/", f"{ORG}/2021-00001", "某处罚决定信息公示", dt.date(2024, 9, 1), "公示期满"
    )
    page = records.withdrawal_page(w, tree)
    assert (
        page.url == w.url
        and "已撤下" in page.html
        and "2024年09月01日" in page.html
        and "公示期满" in page.html
    )
    html = records.redirect_html(
        "old/2019/123.html", f"xxgk/{ORG}/2019-00001/", "https://x.example/zfxxgk/"
    ).decode()
    assert f'url=../../xxgk/{ORG}/2019-00001/"' in html and 'lang="zh-CN"' in html
    assert records.redirect_path("old/list/") == "old/list/index.html"


@given(
    st.lists(st.sampled_from(["a", "b", "xxgk", "2024-00011", "page", "2", "c.pdf", "#x", "数据"]), max_size=4),
    st.lists(st.sampled_from(["a", "b", "xxgk", "2024-00011", "page", "2", "c.pdf", "#x", "数据"]), max_size=4),
    st.booleans(),
    st.booleans(),
)
def test_relative_links_equal_posixpath(frm: list[str], to: list[str], frm_dir: bool, to_dir: bool) -> None:
    from zfxxgk.html.urls import _relative_posix

    from_url = "/".join(frm) + ("/" if frm and frm_dir else "")
    to_url = "/".join(to) + ("/" if to and to_dir else "")
    assert relative(from_url, to_url) == _relative_posix(from_url, to_url)


# Bodies whose images the check, the copy and the reuse decision must all see alike: (body, the local
# image names, the src values that leave the item's folder).
TRICKY_IMAGE_BODIES = [
    ("![现场][r]\n\n[r]: 现场.png", ("现场.png",), ()),
    ('![现场][]\n\n[现场]: <%E7%8E%B0%E5%9C%BA.png> "标题"', ("现场.png",), ()),
    ("![图](<现场 图.png>)", ("现场 图.png",), ()),
    ('![图](现场.png "说明（1）")', ("现场.png",), ()),
    ("![图 [1] 说明](现场.png)", ("现场.png",), ()),
    ('![a src="x.png"](现场.png)', ("现场.png",), ()),
    ("![图](%E7%8E%B0%E5%9C%BA.png)", ("现场.png",), ()),
    ("![图](a%20b.png?v=2#top)", ("a b.png",), ()),
    ('<img src="示意图.png" alt="示意图">', ("示意图.png",), ()),
    ("<IMG SRC=示意图.png ALT='图'>", ("示意图.png",), ()),
    ('<p><img alt="x" src="a&amp;b.png"></p>', ("a&b.png",), ()),
    ("[![图](现场.png)](https://www.gov.cn/)", ("现场.png",), ()),
    ("| 项 | 图 |\n|---|---|\n| a | ![图](现场.png) |", ("现场.png",), ()),
    ("![图](现场.png){: width=100 }", ("现场.png",), ()),
    ("\\![不是图](现场.png)\n\n`![代码](现场.png)`\n\n    ![缩进代码](现场.png)", (), ()),
    ("![外图](https://cdn.example/x.png) ![根](/images/x.png) ![子](img/x.png) ![本](./x.png)", (), ()),
    ("![x](..%2F..%2F..%2Fmkdocs.yml)", (), ("..%2F..%2F..%2Fmkdocs.yml",)),
    ("![x](../other/x.png) ![y](%2Fetc%2Fpasswd)", (), ("../other/x.png", "%2Fetc%2Fpasswd")),
    ('<img src="..\\..\\x.png"> ![z](C%3A%5Cwin.ini) ![n](%2E%2E)', (), ("..\\..\\x.png", "C%3A%5Cwin.ini", "%2E%2E")),
]


def _site_renderer() -> MarkdownRenderer:
    """The sample site's Markdown settings (mkdocs.yml markdown_extensions)."""
    config = yaml.safe_load((Path(__file__).resolve().parents[1] / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    options = {next(iter(e)): e[next(iter(e))] for e in config["markdown_extensions"] if isinstance(e, dict)}
    return MarkdownRenderer(names, options)


@pytest.mark.parametrize(("body", "local", "outside"), TRICKY_IMAGE_BODIES)
def test_check_and_site_find_the_same_body_images(body: str, local: tuple[str, ...], outside: tuple[str, ...]) -> None:
    """The check renders with core Markdown, the site with its extensions: one detector, same answer."""
    site = find_images(_site_renderer().render(body))
    assert site == BodyImageFinder().find(body)
    assert site == BodyImages(local, outside)


def _image_item(tmp_path: Path, body: str) -> Item:
    folder = tmp_path / "project" / "content" / "其他文件" / "2024-00010"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "project" / "mkdocs.yml").write_text("secret: 1\n", encoding="utf-8")
    for name in ("现场.png", "a b.png", "sub/b.png"):
        (folder / name).write_bytes(b"\x89PNG")
    (folder / "link.png").symlink_to("../../../mkdocs.yml")
    return replace(make("2024-00010", "关于开展抽查的通知"), path=folder / "index.md", body=body)


def test_item_pages_never_copy_a_file_from_outside_the_item_folder(tmp_path: Path) -> None:
    body = "\n\n".join([
        "![a](..%2F..%2F..%2Fmkdocs.yml)", "![b](../../../mkdocs.yml)", "![c](%2Fetc%2Fhostname)",
        '<img src="..\\..\\..\\mkdocs.yml">', "![d](..%5C..%5C..%5Cmkdocs.yml)", "![e](link.png)",
        "![f](sub/b.png)", "![g](sub%2F..%2F..%2F..%2F..%2Fmkdocs.yml)", "![h](%2E%2E)", "![i](C%3A%5Cwin.ini)",
        "![现场](现场.png)", "![j][r]\n\n[r]: a%20b.png",
    ])
    item = _image_item(tmp_path, body)
    tree = build_tree(SPEC, SiteSettings())
    inp = SiteInput(tree=tree, agency=AGENCY, site_url="https://x.example/", site_name="站", page_size=20,
                    feed_size=10, home_size=5, when=dt.date(2024, 4, 1))
    out = render_site([item], inp)
    (page,) = list(item_pages(out, inp, _site_renderer()))
    folder = item.folder.resolve()
    assert all(source.resolve().is_relative_to(folder) for source in page.images.values())
    url = item_url(item.index_no)
    assert page.images == {url + "现场.png": item.folder / "现场.png", url + "a b.png": item.folder / "a b.png"}
    assert not page.reusable  # rendered again next time, so the images are copied again


def test_a_page_without_local_images_may_be_reused(tmp_path: Path) -> None:
    item = _image_item(tmp_path, "正文。![外图](https://cdn.example/x.png) ![x](..%2Fmkdocs.yml)")
    tree = build_tree(SPEC, SiteSettings())
    inp = SiteInput(tree=tree, agency=AGENCY, site_url="https://x.example/", site_name="站", page_size=20,
                    feed_size=10, home_size=5, when=dt.date(2024, 4, 1))
    (page,) = list(item_pages(render_site([item], inp), inp, MarkdownRenderer()))
    assert page.images == {} and page.reusable


@given(st.lists(st.sampled_from([*"./\\%25cCeEfF:a~ ", "%2F", "%5C", "%2E", "..", "link.png", "x.png"]), max_size=12)
       .map("".join))
def test_no_image_src_copies_a_file_outside_the_folder(tmp_path_factory: pytest.TempPathFactory, src: str) -> None:
    root = tmp_path_factory.getbasetemp() / "image-src"
    folder = root / "item"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        (root / "secret.png").write_bytes(b"secret")
        (folder / "x.png").write_bytes(b"\x89PNG")
        (folder / "link.png").symlink_to("../secret.png")
    copies = image_copies(find_images(f'<img src="{escape(src)}">'), folder, "xxgk/a/b/")
    for uri, source in copies.items():
        assert source.resolve().is_relative_to(folder.resolve()) and source.is_file()
        assert uri.startswith("xxgk/a/b/") and "/" not in uri.removeprefix("xxgk/a/b/")
