"""Issue 20, second look: holes a fresh review found in the merged resolver and escaping, each as an editor
(careless or hostile) would write it, and shown fixed.

A body "image" was copied into the site whatever its type: `![图](evil.svg)` or `![页](evil.html)` put a file
that runs script on the site's own origin (stored XSS when opened), and `![x](名单.html)` published a file
the privacy scan never reads, with check and strict build passing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hostilekit import add_item, build, check, item_text, new_project, site_files
from zfxxgk.html import images

ID_NUMBER = "520201198503151237"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.x=1">'
       b"<script>window.y=1</script><rect width=\"9\" height=\"9\"/></svg>")
HTML = f"<html><body><script>window.x=1</script>{ID_NUMBER}</body></html>".encode()
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def problems_of(found: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [p for p in found if p["rule"] == rule]


@pytest.mark.parametrize(
    ("name", "data"),
    [("evil.svg", SVG), ("EVIL.SVG", SVG), ("page.html", HTML), ("page.xhtml", HTML), ("名单.txt", HTML),
     ("disguised.png", HTML), ("no-extension", PNG)],
    ids=["svg", "svg-upper-case", "html", "xhtml", "txt", "html-named-png", "no-extension"],
)
def test_body_image_that_is_not_a_picture_is_an_error(tmp_path: Path, name: str, data: bytes) -> None:
    root = new_project(tmp_path / "p")
    text = item_text(body=f"正文第一段。\n\n![图]({name})\n")
    (add_item(root, text) / name).write_bytes(data)
    code, found = check(root)
    assert code == 1
    [problem] = problems_of(found, "attachment.image-type")
    assert (problem["line"], problem["column"]) == (text.splitlines().index(f"![图]({name})") + 1, 6)
    assert name in problem["message"] and "（依据：" in problem["message"]


def test_a_real_picture_is_accepted_and_copied(tmp_path: Path) -> None:
    (tmp_path / "平面图.PNG").write_bytes(PNG)
    (tmp_path / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 16)
    assert images.image_problem(tmp_path / "平面图.PNG") is None
    assert images.image_problem(tmp_path / "照片.jpg") is None
    copies = images.image_copies(images.BodyImages(("平面图.PNG", "照片.jpg")), tmp_path, "x/")
    assert sorted(copies) == ["x/平面图.PNG", "x/照片.jpg"]


@pytest.mark.build  # runs mkdocs build
def test_the_build_copies_no_body_file_that_is_not_a_picture(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p")
    folder = add_item(root, item_text(body="正文。\n\n![图](evil.svg)\n\n![页](evil.html)\n\n![好](ok.png)\n"))
    (folder / "evil.svg").write_bytes(SVG)
    (folder / "evil.html").write_bytes(HTML)
    (folder / "ok.png").write_bytes(PNG)
    site = tmp_path / "site"
    result = build(root, site)
    assert "Traceback" not in result.stderr
    assert "[attachment.image-type]" in result.stderr
    files = site_files(site)
    assert not [path for path in files if path.endswith(("evil.svg", "evil.html"))]
    assert not [path for path, data in files.items() if ID_NUMBER.encode() in data or b"window.y" in data]
    if result.returncode == 0 and files:  # a build that publishes despite errors still copies the picture
        assert any(path.endswith("/ok.png") for path in files)


# --- ID numbers the rendered page shows whole, split in the source in ways the scanner did not join ----------

SPLIT_IDS = {
    "unquoted-alt": f"![图](平面图.png)\n\n<img src=\"平面图.png\" alt={ID_NUMBER}>",
    "unquoted-title": f"<abbr title={ID_NUMBER}>当事人</abbr>",
    "html-comment": "当事人身份号：520201<!-- 核对 -->198503151237。",
    "empty-comment": "当事人520201<!---->198503151237。",
    "link-text": "当事人[5202011985](https://www.gov.cn/)03151237。",
    "image-alt-and-text": "当事人![5202011985](平面图.png)03151237。",
    "reference-link": "当事人[520201][r]198503151237。\n\n[r]: https://www.gov.cn/",
}


@pytest.mark.parametrize("body", SPLIT_IDS.values(), ids=SPLIT_IDS.keys())
def test_id_number_split_by_markup_the_page_drops_is_found(tmp_path: Path, body: str) -> None:
    from zfxxgk.html.markup import MarkdownRenderer

    # What the page holds: tags gone, the alt, title and lang texts where their tag was.
    rendered = MarkdownRenderer().render(body)
    shown = re.sub(r"<[^>]*>", "", re.sub(r'<[^>]*?(?:alt|title|lang)="([^"]*)"[^>]*>', r"\1", rendered))
    assert ID_NUMBER in shown
    root = new_project(tmp_path / "p")
    text = item_text(body=f"正文第一段。\n\n{body}\n")
    (add_item(root, text) / "平面图.png").write_bytes(PNG)
    code, found = check(root)
    assert code == 1
    [problem] = problems_of(found, "privacy.id-number")
    assert problem["line"] == next(i for i, line in enumerate(text.splitlines(), 1) if "5202011" in line
                                   or "520201<" in line or "520201]" in line or ID_NUMBER in line)


def test_numbers_inside_links_and_comments_are_still_found() -> None:
    import datetime as dt

    from zfxxgk.checks.privacy_scan import scan_text

    for text in (f"[查看](https://x.example/?id={ID_NUMBER})", f"<!-- {ID_NUMBER} -->", f"[r]: https://x/{ID_NUMBER}",
                 f"[x][{ID_NUMBER}]"):
        assert [f.kind for f in scan_text(text, as_of=dt.date(2026, 11, 22))] == ["id-number"], text
