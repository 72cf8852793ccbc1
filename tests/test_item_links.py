"""A hand-written page in docs/ may link to an item page's Markdown path (xxgk/<前段码>/<后段码>/index.md);
the link resolves, under `mkdocs build --strict`, whether item pages are filled into a skeleton or rendered
by the theme."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from projectkit import CASE_SETTINGS, ROOT, make_project

ITEM = "xxgk/11520200MB1C123455/2024-00010/"
WITHDRAWN = "xxgk/11520200MB1C123455/2020-00031/"
RECORDS = (f"撤回:\n  - 网址: {WITHDRAWN}\n    索引号: 11520200MB1C123455/2020-00031\n"
           "    标题: 关于开展2020年食品安全检查的通知\n    撤回日期: 2024-03-18\n    原因: 内容已过时，按公开办决定撤下\n")


@pytest.mark.parametrize("mode", ["fill", "theme"])
def test_links_from_docs_to_item_pages_resolve_in_both_modes(tmp_path: Path, mode: str) -> None:
    settings = dict(CASE_SETTINGS)
    if mode == "theme":
        settings["site"] = {"item_pages": "theme"}
    project = make_project(tmp_path / "project", ROOT / "tests/cases/valid/minimal/content", settings)
    for name in ("hooks", "overrides"):
        (project / name).symlink_to(ROOT / name)
    (project / "content" / "_records.yaml").write_text(RECORDS, encoding="utf-8")
    docs = project / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (docs / "guide" / "links.md").write_text(
        f"# 相关文件\n\n- [通知](../{ITEM}index.md)\n- [通知正文](../{ITEM}index.md#一工作目标)\n"
        f"- [已撤下的通知](../{WITHDRAWN}index.md)\n",
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ZFXXGK_CACHE_DIR"}
    env.update(SOURCE_DATE_EPOCH="1711929600", NO_MKDOCS_2_WARNING="1", ZFXXGK_CACHE_DIR="")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=project,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "not found among documentation files" not in result.stderr
    page = (site / "guide" / "links" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="(\.\./\.\./xxgk/[^"]*)"', page)
    assert hrefs == [f"../../{ITEM}", f"../../{ITEM}#一工作目标", f"../../{WITHDRAWN}"]
    assert (site / ITEM / "index.html").is_file() and (site / WITHDRAWN / "index.html").is_file()
    assert "撤下" in (site / WITHDRAWN / "index.html").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count(f"{ITEM}</loc>") == 1


def test_the_settings_written_for_the_theme_mode(tmp_path: Path) -> None:
    """The helper above really switches the mode (the setting sits under extra.zfxxgk.site)."""
    settings = dict(CASE_SETTINGS)
    settings["site"] = {"item_pages": "theme"}
    project = make_project(tmp_path / "p", None, settings)
    written = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert written["extra"]["zfxxgk"]["site"]["item_pages"] == "theme"
    assert written["extra"]["zfxxgk"]["site"]["page_size"] == 20  # merged, not replaced
