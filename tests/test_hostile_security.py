"""Issue 20, security and lost content: each reproducer of the issue, as an attacker or a careless editor
would write it, gives a clear located problem and never reaches the site.

Symbolic links (an attachment linked to /proc/self/environ, to a file outside the repository, through a
linked folder; a linked image, item folder or item file), a 标题 that closes <title> and runs a script,
cells a spreadsheet would evaluate, markup that hid the rest of a body, a blank 标题, a Markdown file the
site did not read. The browser half (the script does not run in Chromium) is tests/browser/test_hostile_browser.py.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hostilekit import ROOT, add_item, build, check, file_line, item_text, new_project, site_files
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.html.sanitize import sanitize
from zfxxgk.safepath import Refusal, resolve
from zfxxgk.site import downloads
from zfxxgk.site.skeleton import CONTENT_MARK, TITLE_MARK, skeleton_from

SECRET = "zfxxgk-secret-7f3a91"  # in the outside files and in the build's environment
XSS_TITLE = "</title><script>window.x=1</script>"
IMG_TITLE = "<img src=x onerror=window.y=1>关于检查的通知"


def problems_of(found: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [p for p in found if p["rule"] == rule]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project with a secret text file and a secret image."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    (folder / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    return folder


# --- symbolic links: the check reports each at its 附件 entry or image, the build copies none ----------------


@pytest.mark.parametrize(
    ("name", "target"),
    [("env.txt", "/proc/self/environ"), ("secret.txt", "OUTSIDE/secret.txt"), ("报表.xlsx", "OUTSIDE")],
    ids=["proc-environ", "file-outside-repository", "link-to-folder"],
)
def test_linked_attachment_is_an_error_at_its_entry(tmp_path: Path, outside: Path, name: str, target: str) -> None:
    root = new_project(tmp_path / "p")
    text = item_text(files=(name,))
    folder = add_item(root, text)
    (folder / name).symlink_to(target.replace("OUTSIDE", str(outside)))
    code, found = check(root)
    assert code == 1
    links = problems_of(found, "attachment.symlink")
    assert [(p["path"], p["line"], p["column"], p["severity"]) for p in links] == [
        ("content/其他文件/2024-00010/index.md", file_line(text, name), 9, "error")
    ]
    assert "符号链接" in links[0]["message"] and "（依据：" in links[0]["message"]
    assert SECRET not in str(found)


def test_attachment_in_a_linked_folder_is_an_error_naming_the_folder(tmp_path: Path, outside: Path) -> None:
    root = new_project(tmp_path / "p")
    text = item_text(files=("资料/secret.txt",))
    folder = add_item(root, text)
    (folder / "资料").symlink_to(outside, target_is_directory=True)
    code, found = check(root)
    assert code == 1
    [link] = problems_of(found, "attachment.symlink")
    assert link["line"] == file_line(text, "资料/secret.txt")
    assert "资料/secret.txt 中的 资料 是符号链接" in link["message"]


def test_linked_body_image_is_an_error_at_the_image(tmp_path: Path, outside: Path) -> None:
    root = new_project(tmp_path / "p")
    text = item_text(body="正文第一段。\n\n![平面图](secret.png)\n")
    folder = add_item(root, text)
    (folder / "secret.png").symlink_to(outside / "secret.png")
    code, found = check(root)
    assert code == 1
    [link] = problems_of(found, "attachment.symlink")
    assert (link["line"], link["column"]) == (text.splitlines().index("![平面图](secret.png)") + 1, 8)


def test_a_fifo_declared_as_attachment_is_refused_without_blocking(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    text = item_text(files=("管道.txt",))
    os.mkfifo(add_item(root, text) / "管道.txt")
    result: list[tuple[int, list[dict[str, Any]]]] = []
    worker = threading.Thread(target=lambda: result.append(check(root)), daemon=True)
    worker.start()
    worker.join(60)
    assert result, "zfxxgk check blocked on a FIFO"
    code, found = result[0]
    assert code == 1
    assert "不是普通文件" in problems_of(found, "attachment.symlink")[0]["message"]


def test_linked_item_folder_and_item_file_are_reported(tmp_path: Path, outside: Path) -> None:
    root = new_project(tmp_path / "p")
    add_item(root, item_text())
    elsewhere = outside / "2024-00011"
    elsewhere.mkdir()
    (elsewhere / "index.md").write_text(item_text(no="2024-00011"), encoding="utf-8")
    (root / "content" / "其他文件" / "2024-00011").symlink_to(elsewhere, target_is_directory=True)
    (root / "content" / "其他文件" / "2024-00012").mkdir()
    (root / "content" / "其他文件" / "2024-00012" / "index.md").symlink_to(elsewhere / "index.md")
    code, found = check(root)
    assert code == 1
    assert sorted(p["path"] for p in problems_of(found, "content.symlink")) == [
        "content/其他文件/2024-00011", "content/其他文件/2024-00012/index.md"]


@pytest.mark.build  # runs mkdocs build
def test_the_build_copies_no_linked_file(tmp_path: Path, outside: Path) -> None:
    root = new_project(tmp_path / "p")
    text = item_text(files=("env.txt", "secret.txt", "资料/secret.txt", "通知.txt"),
                     body="正文。\n\n![图](secret.png)\n")
    folder = add_item(root, text)
    (folder / "通知.txt").write_text("正式文件。\n", encoding="utf-8")
    (folder / "env.txt").symlink_to("/proc/self/environ")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "secret.png").symlink_to(outside / "secret.png")
    (folder / "资料").symlink_to(outside, target_is_directory=True)
    site = tmp_path / "site"
    result = build(root, site, env={"ZFXXGK_HOSTILE": SECRET})
    assert "Traceback" not in result.stderr
    assert "[attachment.symlink]" in result.stderr
    files = site_files(site)
    assert not [path for path, data in files.items() if SECRET.encode() in data]
    assert not [path for path in files if path.endswith(("env.txt", "secret.txt", "secret.png"))]
    if result.returncode == 0 and files:  # a build that publishes despite errors still copies the real file
        assert any(path.endswith("/通知.txt") for path in files)


def test_resolver_follows_no_link_and_keeps_in_the_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "link").symlink_to(tmp_path / "sub", target_is_directory=True)
    assert resolve(tmp_path, "sub/a.pdf") == tmp_path / "sub" / "a.pdf"
    assert resolve(tmp_path, "link/a.pdf") == Refusal("link", "link")
    assert resolve(tmp_path, "../a.pdf") == Refusal("outside", "../a.pdf")
    assert resolve(tmp_path, "/etc/passwd") == Refusal("outside", "/etc/passwd")
    assert resolve(tmp_path, "sub") == Refusal("not-file", "sub")
    assert isinstance(resolve(tmp_path, "无.pdf"), Refusal)
    assert resolve(tmp_path, "名" * 100 + ".pdf") == Refusal("missing", "名" * 100 + ".pdf", "File name too long")


# --- escaping: the title in <title>, the header and every download -----------------------------------------


def test_skeleton_fill_escapes_the_title_in_every_slot() -> None:
    theme = (f"<html><head><title>{TITLE_MARK} - 站点</title></head><body><header>{TITLE_MARK}</header>"
             f"<main>{CONTENT_MARK}</main></body></html>")
    page = skeleton_from(theme, "xxgk/a/_zfxxgk/").fill(XSS_TITLE, "<h1>x</h1>", "xxgk/a/b/")
    assert "<script>" not in page and "</title><script>" not in page
    assert page.count("&lt;/title&gt;&lt;script&gt;window.x=1&lt;/script&gt;") == 2


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built (not strict: its items only have warnings) from items an attacker and a careless editor wrote."""
    base = tmp_path_factory.mktemp("hostile")
    root = new_project(base / "p")
    add_item(root, item_text(no="2024-00010", title=XSS_TITLE, summary="=HYPERLINK(\"http://x.example\",\"点我\")"))
    add_item(root, item_text(no="2024-00011", title=IMG_TITLE, summary="@SUM(1+1)*cmd|' /C calc'!A0"),
             no="2024-00011")
    add_item(root, item_text(no="2024-00012", title="+1-2 关于价格的公告", summary="-2+3",
                             body="前文\n\n<textarea>\n\n后文 **保留**\n\n## 二、要求\n\n结尾段落\n"), no="2024-00012")
    add_item(root, item_text(no="2024-00013", title="关于图形的通知", summary="\t=1+1",
                             body="图前\n\n<svg><circle r=1>\n\n图后的段落\n"), no="2024-00013")
    add_item(root, item_text(no="2024-00014", title="关于\u0001控制字符\u001f的通知"), no="2024-00014")
    site = base / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    (base / "build.log").write_text(result.stderr, encoding="utf-8")
    return site


@pytest.mark.build  # a built site (hostile_site)
def test_the_build_warns_about_the_raw_elements(hostile_site: Path) -> None:
    log = (hostile_site.parent / "build.log").read_text(encoding="utf-8")
    assert "content/其他文件/2024-00012/index.md:13:1: 警告 [html.raw-element] 正文中的 <textarea> 标签" in log
    assert "content/其他文件/2024-00013/index.md:13:1: 警告 [html.raw-element] 正文中的 <svg> 标签" in log
    assert "Traceback" not in log


def _page(site: Path, no: str) -> str:
    return (site / "xxgk" / "11520200MB1C123455" / no / "index.html").read_text(encoding="utf-8")


@pytest.mark.build  # a built site (hostile_site)
def test_hostile_title_is_text_in_title_header_and_heading(hostile_site: Path) -> None:
    html = _page(hostile_site, "2024-00010")
    assert "<script>window.x=1</script>" not in html
    assert "<title>&lt;/title&gt;&lt;script&gt;window.x=1&lt;/script&gt; - " in html
    assert html.count("&lt;/title&gt;&lt;script&gt;window.x=1&lt;/script&gt;") >= 3  # <title>, header, <h1>
    img = _page(hostile_site, "2024-00011")
    assert "<img src=x onerror" not in img and "&lt;img src=x onerror=window.y=1&gt;" in img


@pytest.mark.build  # a built site (hostile_site)
def test_no_page_or_file_of_the_site_holds_the_markup_raw(hostile_site: Path) -> None:
    # Lists, the home page's newest items, the search page, the feed: wherever a title lands.
    files = site_files(hostile_site)
    assert len([p for p in files if p.endswith(".html")]) > 10
    for path, data in files.items():
        if path.endswith((".html", ".xml", ".js")):  # markup; JSON and CSV hold the title as data
            text = data.decode("utf-8")
            assert "<script>window.x" not in text and "<img src=x onerror" not in text, path


@pytest.mark.build  # a built site (hostile_site)
def test_hostile_title_is_escaped_in_feed_sitemap_and_json(hostile_site: Path) -> None:
    feed = (hostile_site / "feed.xml").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;window.x=1&lt;/script&gt;</title>" in feed
    import json

    rows = json.loads((hostile_site / "data" / "items.json").read_text(encoding="utf-8"))["items"]
    assert XSS_TITLE in [r["标题"] for r in rows]


@pytest.mark.build  # a built site (hostile_site)
def test_feed_and_sitemap_are_well_formed_xml(hostile_site: Path) -> None:
    # A YAML escape can put a control character XML forbids into a 标题: the feed drops it, stays readable.
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "关于控制字符的通知" in titles and XSS_TITLE in titles
    ET.parse(hostile_site / "sitemap.xml")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.mark.build  # a built site (hostile_site)
def test_csv_cells_are_never_formulas(hostile_site: Path) -> None:
    paths = [hostile_site / "data" / "items.csv", *sorted((hostile_site / "data" / "columns").glob("*.csv"))]
    filled = [path for path in paths if _csv_rows(path)]
    assert len(filled) >= 2, "the per-column CSV of the items' column is missing"
    for path in paths:
        for row in _csv_rows(path):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (path, value)
    summaries = {r["内容概述"] for r in _csv_rows(paths[0])}
    assert "'=HYPERLINK(\"http://x.example\",\"点我\")" in summaries
    assert {"'-2+3", "'@SUM(1+1)*cmd|' /C calc'!A0", "'=1+1"} <= summaries  # 内容概述 is stripped
    assert "'+1-2 关于价格的公告" in {r["标题"] for r in _csv_rows(paths[0])}


@pytest.mark.build  # a built site (hostile_site)
def test_xlsx_keeps_the_text_as_text(hostile_site: Path) -> None:
    sheet = load_workbook(hostile_site / "data" / "items.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "-2+3"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_spreadsheet_text_follows_owasp() -> None:
    assert [downloads.spreadsheet_text(v) for v in ("=1", "+1", "-1", "@a", "\t=1", "\r=1", "正常", "2024-03-08")] == [
        "'=1", "'+1", "'-1", "'@a", "'\t=1", "'\r=1", "正常", "2024-03-08"]


# --- lost content -------------------------------------------------------------------------------------------


@pytest.mark.build  # a built site (hostile_site)
def test_unclosed_raw_elements_keep_the_rest_of_the_page(hostile_site: Path) -> None:
    html = _page(hostile_site, "2024-00012")
    assert "<textarea" not in html
    for text in ("后文", "保留", "二、要求", "结尾段落"):
        assert text in html
    svg = _page(hostile_site, "2024-00013")
    assert "<circle" not in svg and "图后的段落" in svg


@pytest.mark.parametrize(
    "element",
    ["textarea", "title", "select", "svg", "math", "style", "script", "iframe", "noscript", "template",
     "object", "xmp", "plaintext"],
)
def test_sanitiser_keeps_what_follows_an_unclosed_element(element: str) -> None:
    html = MarkdownRenderer().render(f"前文\n\n<{element}>\n\n后文 **粗体**\n\n## 标题二\n\n结尾")
    assert f"<{element}" not in html
    for text in ("前文", "后文", "粗体", "标题二", "结尾"):
        assert text in html, (element, html)


def test_sanitiser_still_drops_closed_active_content() -> None:
    assert sanitize("<script>alert(1)</script><p>留</p>") == "<p>留</p>"
    assert sanitize("<svg><script>x</script></svg>后") == "后"
    assert sanitize("<textarea>草稿</textarea>后") == "后"
    assert "alert" not in sanitize("<noscript><img src=x onerror=alert(1)>")


@pytest.mark.parametrize("element", ["textarea", "title", "select", "svg", "math", "style", "template", "xmp"])
def test_check_warns_about_raw_elements_at_their_line(tmp_path: Path, element: str) -> None:
    root = new_project(tmp_path / "p")
    text = item_text(body=f"第一段。\n\n正文 <{element}>\n\n后文\n")
    add_item(root, text)
    _code, found = check(root)
    [raw] = problems_of(found, "html.raw-element")
    assert (raw["line"], raw["column"], raw["severity"]) == (text.splitlines().index(f"正文 <{element}>") + 1, 4, "warning")
    assert f"<{element}>" in raw["message"]


@pytest.mark.parametrize("title", ["   ", "\u3000\u3000", "\u200b"], ids=["spaces", "ideographic", "zero-width"])
def test_blank_title_is_an_error(tmp_path: Path, title: str) -> None:
    root = new_project(tmp_path / "p")
    add_item(root, item_text(title=title))
    code, found = check(root)
    assert code == 1
    [blank] = problems_of(found, "field.blank")
    assert (blank["line"], blank["severity"]) == (3, "error")


@pytest.mark.parametrize("name", ["INDEX.MD", "index.markdown", "index.Md"])
def test_markdown_file_under_another_name_is_reported(tmp_path: Path, name: str) -> None:
    root = new_project(tmp_path / "p")
    folder = add_item(root, item_text())
    (folder / "index.md").rename(folder / name)
    code, found = check(root)
    assert code == 1
    [wrong] = problems_of(found, "content.file-name")
    assert wrong["path"] == f"content/其他文件/2024-00010/{name}"
    assert "index.md" in wrong["message"]


@pytest.mark.parametrize("name", ["_records.yaml", "其他文件/2024-00010/统计.yaml"])
def test_linked_data_files_are_reported_and_not_read(tmp_path: Path, outside: Path, name: str) -> None:
    root = new_project(tmp_path / "p")
    add_item(root, item_text())
    (outside / "data.yaml").write_text(f"撤回:\n  - 网址: {SECRET}/\n    标题: {SECRET}\n", encoding="utf-8")
    (root / "content" / name).symlink_to(outside / "data.yaml")
    code, found = check(root)
    assert code == 1
    assert [p["path"] for p in problems_of(found, "content.symlink")] == [f"content/{name}"]
    assert SECRET not in str(found)


# --- links in the folders the engine copies whole (docs/, overrides/) ----------------------------------------


@pytest.mark.build  # runs mkdocs build
def test_links_in_docs_and_theme_folders_stop_the_build_and_publish_nothing(tmp_path: Path, outside: Path) -> None:
    root = new_project(tmp_path / "p")
    add_item(root, item_text())
    for name in ("docs", "overrides"):  # the project's own copies (new_project links the repository's)
        (root / name).unlink()
        shutil.copytree(ROOT / name, root / name)
    site = tmp_path / "site"
    first = build(root, site)
    assert first.returncode == 0, first.stderr[-2000:]
    before = site_files(site)
    (root / "docs" / "env.txt").symlink_to("/proc/self/environ")
    (root / "docs" / "资料").symlink_to(outside, target_is_directory=True)
    (root / "overrides" / "assets" / "secret.txt").symlink_to(outside / "secret.txt")
    os.mkfifo(root / "overrides" / "pipe.html")
    code, found = check(root)
    assert code == 1
    assert sorted(p["path"] for p in problems_of(found, "source.symlink")) == [
        "docs/env.txt", "docs/资料", "overrides/assets/secret.txt", "overrides/pipe.html"]
    assert all("（依据：《政府网站发展指引》" in p["message"] for p in problems_of(found, "source.symlink"))
    result = build(root, site, env={"ZFXXGK_HOSTILE": SECRET})
    assert result.returncode == 1 and "[source.symlink]" in result.stderr and "Traceback" not in result.stderr
    assert site_files(site) == before  # the previous site, untouched: nothing of the links published
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("site") and p.name != "site"
                and any(SECRET.encode() in d for d in site_files(p).values())]
