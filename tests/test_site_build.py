"""Tests of a real `mkdocs build` of the sample site: structure, links, downloads, no external requests,
byte-identical rebuilds."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
SITE_HOST = "scjgj.liupanshui.example"
# Plain <a href> links (never resources) allowed to leave the site, which 《政府网站发展指引》 puts on every
# page: the two 备案 record lookups, 我为政府网站找错 and the 党政机关网站开办单位标识's certificate page.
BEIAN_HOSTS = {"beian.miit.gov.cn", "beian.gov.cn", "www.beian.gov.cn", "zfwzzc.www.gov.cn", "bszs.conac.cn"}
TEXT_SUFFIXES = {".html", ".css", ".js", ".xml", ".json", ".svg", ".txt", ".webmanifest"}


def build(dest: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` of the sample into dest with the commit's date as SOURCE_DATE_EPOCH."""
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch.strip() or "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(dest), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    result = build(dest)
    assert result.returncode == 0, result.stderr[-3000:]
    return dest


def html_of(site: Path, url: str) -> str:
    return (site / unquote(url) / "index.html").read_text(encoding="utf-8")


def items(site: Path) -> list[dict[str, str]]:
    data: list[dict[str, str]] = json.loads((site / "data" / "items.json").read_text(encoding="utf-8"))[
        "items"
    ]
    return data


def local(url: str) -> str:
    return urlparse(url).path.removeprefix("/zfxxgk/")


def test_strict_build_passes(tmp_path: Path) -> None:
    result = build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]


def test_language_and_nav_structure(site: Path) -> None:
    home = html_of(site, "")
    assert home.lstrip().startswith('<!doctype html>\n<html lang="zh-CN"')
    nav = home[home.index("md-nav--primary") :]
    order = [
        nav.index(t) for t in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报")
    ]
    assert order == sorted(order)
    assert "xxgk/" not in nav[: nav.index("</nav>")]  # item pages are never in the nav
    assert not (site / "search" / "search_index.json").exists()


def test_every_item_has_a_page_at_its_index_number_url(site: Path) -> None:
    rows = items(site)
    assert rows
    for row in rows:
        prefix, suffix = row["索引号"].split("/")
        assert local(row["URL"]) == f"xxgk/{prefix}/{suffix}/"
        page = html_of(site, local(row["URL"]))
        assert f"<td>{row['索引号']}</td>" in page and "发布日期：<time" in page
        for label in (
            "索引号",
            "主题分类",
            "发布机构",
            "成文日期",
            "标题",
            "文号",
            "发布日期",
            "主题词",
            "有效性",
            "内容概述",
        ):
            assert f'<th scope="row">{label}</th>' in page


def test_interpretations_link_both_ways(site: Path) -> None:
    pairs = 0
    for row in items(site):
        page = html_of(site, local(row["URL"]))
        match = re.search(r'<h2 id="jddx">解读对象</h2><p><a href="([^"]+)"', page)
        if not match:
            continue
        pairs += 1
        doc_url = os.path.normpath(os.path.join(local(row["URL"]), match[1])) + "/"
        doc = html_of(site, doc_url)
        back = f'href="../{local(row["URL"]).rstrip("/").rsplit("/", 1)[1]}/"'
        assert '<h2 id="xgjd">相关解读</h2>' in doc and back in doc, doc_url
    assert pairs >= 2


def test_repealed_documents_show_banner_and_stay_reachable(site: Path) -> None:
    ended = [r for r in items(site) if r["有效性"] in ("已废止", "已失效")]
    assert ended
    for row in ended:
        page = html_of(site, local(row["URL"]))
        assert "zfxxgk-validity--ended" in page and f"<strong>{row['有效性']}</strong>" in page
    listing = html_of(site, "fdzdgknr/zcwj/xzgfxwj/")
    assert "废止和失效行政规范性文件" in listing
    for row in ended:
        if row["目录"] == "政策文件/行政规范性文件":
            assert local(row["URL"]).split("/", 1)[1] not in listing
            assert local(row["URL"]).split("/", 1)[1] in html_of(site, "fdzdgknr/zcwj/xzgfxwj-fzhsx/")


def test_items_xlsx_csv_and_json_hold_the_same_rows(site: Path) -> None:
    rows = items(site)
    wb = load_workbook(io.BytesIO((site / "data" / "items.xlsx").read_bytes()))
    # dates are real dates in the workbook: read back as the same YYYY-MM-DD
    table = [[c.date().isoformat() if isinstance(c, dt.datetime) else c or "" for c in r]
             for r in wb.active.iter_rows(values_only=True)]
    fields = table[0]
    for key in ("索引号", "标题", "文号", "发布日期", "发布机构", "栏目", "URL"):
        assert key in fields
    assert [dict(zip(fields, r, strict=True)) for r in table[1:]] == rows
    csv_text = (site / "data" / "items.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf") and csv_text.count(b"\r\n") == len(rows) + 1
    columns = sorted((site / "data" / "columns").glob("*.json"))
    assert columns


def test_feed_and_sitemap(site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom", "s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = ET.parse(site / "feed.xml").getroot().findall("a:entry", ns)
    assert 0 < len(entries) <= 50
    locs = {e.findtext("s:loc", namespaces=ns) for e in ET.parse(site / "sitemap.xml").getroot()}
    assert {r["URL"] for r in items(site)} <= locs
    assert not (site / "sitemap.xml.gz").exists()


def test_manifest_lists_every_published_url(site: Path) -> None:
    urls = json.loads((site / "data" / "manifest.json").read_text(encoding="utf-8"))["urls"]
    published = {u for u, entry in urls.items() if entry["status"] == "published"}
    assert published == {local(r["URL"]) for r in items(site)}
    for url, entry in urls.items():
        if entry["status"] == "withdrawn" and url.endswith("/"):
            assert "已撤下" in html_of(site, url)


def test_application_column_has_guide_and_form(site: Path) -> None:
    page = html_of(site, "ysqgk/")
    assert "申请表下载" in page and 'href="zfxxgk-sqb.docx"' in page
    assert (site / "ysqgk" / "zfxxgk-sqb.docx").read_bytes()[:2] == b"PK"


def test_footer_on_every_page(site: Path) -> None:
    for page in site.rglob("index.html"):
        if page == site / "admin" / "index.html":
            continue  # the editors' page (Decap CMS), not a page of the column
        text = page.read_text(encoding="utf-8")
        assert "网站标识码：5202000028" in text and 'href="https://beian.miit.gov.cn/"' in text, page


_ATTR = re.compile(
    r"""(?P<attr>\b(?:src|href|srcset|action|poster|data|formaction)\s*=\s*)"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s>"']+))""",
    re.I,
)
_CSS = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?(?P<v>[^"')\s]+)""", re.I)
_EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)


def external_references(path: Path, text: str) -> Iterator[str]:
    """Every reference to another host that a browser would load (or follow) from this file."""
    for match in _ATTR.finditer(text):
        value = (
            match["dq"]
            if match["dq"] is not None
            else match["sq"]
            if match["sq"] is not None
            else match["uq"]
        )
        values = value.split(",") if match["attr"].lower().startswith("srcset") else [value]
        for value in values:
            url = value.strip().split(" ")[0]
            if not _EXTERNAL.match(url):
                continue
            host = urlparse(url if "//" in url[:8] else "https:" + url).hostname or ""
            if host == SITE_HOST:
                continue
            tag_start = text.rfind("<", 0, match.start())
            is_link = text[tag_start : tag_start + 3].lower() == "<a "
            if is_link and host in BEIAN_HOSTS and match["attr"].lower().startswith("href"):
                continue
            yield f"{path}: {text[tag_start : match.end()][:160]}"
    for match in _CSS.finditer(text):
        if _EXTERNAL.match(match["v"]):
            yield f"{path}: {match.group(0)[:160]}"


def test_no_file_refers_to_another_host(site: Path) -> None:
    found: list[str] = []
    scanned = 0
    for path in sorted(site.rglob("*")):
        # Decap CMS's bundle holds strings for widgets the site does not configure (Uploadcare, maps): what the
        # admin page really requests is recorded in tests/browser/test_admin_browser.py.
        if site / "admin" / "decap-cms" in path.parents:
            continue
        if path.suffix.lower() in TEXT_SUFFIXES and path.is_file():
            scanned += 1
            found += external_references(
                path.relative_to(site), path.read_text(encoding="utf-8", errors="replace")
            )
    assert scanned > 50
    assert found == []


def test_the_scan_catches_external_resources() -> None:
    bad = (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//cdn.x/y.js"></script>'
        '<img srcset="a.png 1x, https://i.example/b.png 2x"><a href="https://beian.miit.gov.cn/">备案</a>'
        '<style>@import "https://x.example/a.css"; b{background:url(//x.example/i.png)}</style>'
    )
    assert len(list(external_references(Path("t.html"), bad))) == 5


def digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = build(again)
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = digest(site), digest(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_strict_build_fails_on_content_errors_with_located_messages(tmp_path: Path) -> None:
    for name in ("hooks", "overrides", "schema", "catalogue", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    item = tmp_path / "content" / "政策文件" / "其他文件" / "2024-00010" / "index.md"
    item.parent.mkdir(parents=True)
    item.write_text(
        "---\n索引号: 11520200MB1C123455/2024-00010\n目录: 政策文件/其他文件\n发布机构: 六盘水市市场监督管理局\n"
        "发布日期: 2024-13-01\n公开方式: 主动公开\n---\n正文\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1735660800", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    assert re.search(
        r"content/政策文件/其他文件/2024-00010/index\.md:\d+:\d+: 错误 \[[a-z.-]+\] ", result.stderr
    )
    assert "Traceback" not in result.stderr
