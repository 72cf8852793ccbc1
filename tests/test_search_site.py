"""zfxxgk.site.searchpage: Markdown bodies as plain text, one SearchDoc per published item with its column,
the /search/ page markup, and the index written under search/index/ (byte-identical when rebuilt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_site_units import SPEC, make, sample
from zfxxgk.items.record import Attachment
from zfxxgk.site.columns import ColumnTree, build_tree
from zfxxgk.site.searchpage import (
    markdown_docs,
    plain_text,
    search_docs,
    search_page,
    write_docs_index,
    write_search_index,
)
from zfxxgk.site.siteindex import SiteIndex, build_site_index
from zfxxgk.sitesettings import SiteSettings


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("## 一、工作目标\n\n紧扣**重点**工作。", "一、工作目标 紧扣重点工作。"),
        ("见[《条例》](https://x.example/a)和![图一](a.png)。", "见《条例》和图一。"),
        (
            "| 项目 | 内容 |\n|---|---|\n| 文号 | 六盘水市监处罚〔2025〕52号 |",
            "项目 内容 文号 六盘水市监处罚〔2025〕52号",
        ),
        ("- 第一项\n1. 第二项\n> 引文\n\n---\n", "第一项 第二项 引文"),
        ('!!! note "注意"\n    正文 {: .lead }\n<b>加粗</b> `代码`', "注意 正文 加粗 代码"),
    ],
)
def test_plain_text_drops_markup_and_keeps_words(markdown: str, text: str) -> None:
    assert plain_text(markdown) == text


def _index() -> tuple[ColumnTree, SiteIndex]:
    tree = build_tree(SPEC, SiteSettings())
    items = sample()
    items[3] = make(
        "2024-00010",
        "关于开展抽查的通知",
        doc_no="六盘水市监发〔2024〕5号",
        summary="部署抽查。",
        body="## 抽查安排\n\n**按计划**开展。",
        attachments=(Attachment("抽查计划表", "jh.xlsx", Path("/c/jh.xlsx"), 10),),
    )
    return tree, build_site_index(items, tree)


def test_one_search_doc_per_published_item_with_its_column() -> None:
    _tree, index = _index()
    docs = {d.ref: d for d in search_docs(index)}
    assert len(docs) == 4
    notice = docs["xxgk/11520200MB1C123455/2024-00010/"]
    assert notice.column == "其他文件" and notice.doc_no == "六盘水市监发〔2024〕5号"
    assert notice.body == "抽查安排 按计划开展。" and notice.attachments == ("抽查计划表",)
    assert notice.date == "2024-03-08" and notice.summary == "部署抽查。"
    assert docs["xxgk/11520200MB1C123455/2021-00013/"].column == "政策解读"
    assert docs["xxgk/11520200MB1C123455/2021-00012/"].validity == "已废止"


def test_search_page_loads_its_scripts_from_this_site_only() -> None:
    tree = _index()[0]
    page = search_page(tree)
    assert page.url == "search/" and page.title == "站内搜索"
    assert 'data-index="index/manifest.json"' in page.html and 'data-root="../"' in page.html
    scripts = [part.split('"')[0] for part in page.html.split('<script src="')[1:]]
    assert scripts == [
        "../assets/zfxxgk/tokenize.js",
        "../assets/zfxxgk/searchscore.js",
        "../assets/zfxxgk/searchcore.js",
        "../assets/zfxxgk/search.js",
    ]
    assert page.html.count(" defer>") == 4 and "//" not in "".join(scripts)


def test_index_is_written_under_search_index_and_rebuilds_identically(tmp_path: Path) -> None:
    _tree, index = _index()
    stats = write_search_index(index, tmp_path / "a")
    write_search_index(index, tmp_path / "b")
    manifest = json.loads((tmp_path / "a" / "search" / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["docs"] == stats.docs == 4
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) == stats.files
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


def test_indexing_documents_lets_go_of_them_and_writes_the_same_files(tmp_path: Path) -> None:
    """write_docs_index (the search child's way) empties the list it is handed; the files are those of
    write_search_index."""
    _tree, index = _index()
    docs = markdown_docs(index)
    assert docs[0].body == index.items[0].body  # still Markdown
    write_docs_index(docs, tmp_path / "a")
    assert docs == []
    write_search_index(index, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
