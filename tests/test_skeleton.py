"""Item pages filled into the theme's page skeleton are the pages the theme itself renders, byte for byte."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from projectkit import ROOT, copy_sample
from zfxxgk.site.skeleton import (
    CONTENT_MARK,
    SKELETON_NAME,
    TITLE_MARK,
    SkeletonError,
    skeleton_from,
    skeleton_url,
)

EPOCH = "1795600000"
# A title with every character HTML treats specially, and a body with a local image beside the item.
ODD_TITLE = '市场监管局 & “双随机” <检查> 结果 \'公示\' "通报"'
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_fill_puts_each_value_in_its_slots() -> None:
    url = skeleton_url("xxgk/a/b/")
    assert url == f"xxgk/a/{SKELETON_NAME}/" and skeleton_url("search/") == f"{SKELETON_NAME}/"
    page = f"<title>{TITLE_MARK} - 站</title><link href=\"https://x/{url}\"><h2>{TITLE_MARK}</h2>{CONTENT_MARK}<p>尾</p>"
    skeleton = skeleton_from(page, url)
    assert skeleton.slots == ("title", "url", "title", "content")
    out = skeleton.fill("标题 & <b>", "<h1>正文</h1>", "xxgk/a/b/")
    # The title is text: escaped in every slot (a 标题 with markup must not become markup, issue 20).
    assert out == ('<title>标题 &amp; &lt;b&gt; - 站</title><link href="https://x/xxgk/a/b/">'
                   '<h2>标题 &amp; &lt;b&gt;</h2><h1>正文</h1><p>尾</p>')


def test_a_theme_without_the_markers_is_refused() -> None:
    with pytest.raises(SkeletonError):
        skeleton_from(f"<title>{TITLE_MARK}</title>", "_zfxxgk/")  # no content
    with pytest.raises(SkeletonError):
        skeleton_from(f"<title>{TITLE_MARK}</title>{CONTENT_MARK}{CONTENT_MARK}", "_zfxxgk/")
    with pytest.raises(SkeletonError):
        skeleton_from(f"<title>页面</title>{CONTENT_MARK}", "_zfxxgk/")  # the theme does not show the title
    with pytest.raises(SkeletonError):
        skeleton_from(f"<title>{TITLE_MARK}</title>{CONTENT_MARK}", "_zfxxgk/").fill("t", "<p>无标题</p>", "xxgk/a/b/")


def _build(project: Path, dest: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ZFXXGK_CACHE_DIR"}
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), ZFXXGK_CACHE_DIR="")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(dest)], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_skeleton_and_theme_builds_are_byte_identical(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    item = project / "content/工作动态/工作动态/2026-00019/index.md"
    text = item.read_text(encoding="utf-8")
    text = text.replace("标题: 市市场监管局召开全市秋冬季食品安全工作推进会", f"标题: {yaml.safe_dump(ODD_TITLE, allow_unicode=True).splitlines()[0]}")
    item.write_text(text + "\n![会议现场](现场.png)\n", encoding="utf-8")
    (item.parent / "现场.png").write_bytes(PNG)
    for n in range(90, 93):  # enough 工作动态 for a second list page
        copy = project / f"content/工作动态/工作动态/2026-000{n}/index.md"
        copy.parent.mkdir()
        copy.write_text(text.replace("2026-00019", f"2026-000{n}").replace("推进会", f"推进会（{n}）"), encoding="utf-8")
    (project / "content/_records.yaml").write_text(  # a withdrawal notice at an item URL
        "撤回:\n  - 网址: xxgk/11520200MB1C123455/2020-00031/\n    索引号: 11520200MB1C123455/2020-00031\n"
        "    标题: 关于开展2020年食品安全检查的通知\n    撤回日期: 2026-11-18\n    原因: 内容已过时，按公开办决定撤下\n",
        encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("page_size: 20", "page_size: 5")  # list pages page/2/ …
    config.write_text(text, encoding="utf-8")
    _build(project, tmp_path / "skeleton")
    config.write_text(text.replace("    site:\n", "    site:\n      item_pages: theme\n"), encoding="utf-8")
    _build(project, tmp_path / "theme")
    fast, slow = _tree(tmp_path / "skeleton"), _tree(tmp_path / "theme")
    assert sorted(fast) == sorted(slow)
    different = [name for name in fast if fast[name] != slow[name]]
    assert different == []
    page = fast["xxgk/11520200MB1C123455/2026-00019/index.html"].decode("utf-8")
    assert f"<title>{html.escape(ODD_TITLE)} - " in page  # the title really went through both paths, escaped
    assert fast["xxgk/11520200MB1C123455/2026-00019/现场.png"] == PNG
    assert not any(name.startswith("_zfxxgk/") for name in fast)
    assert "撤" in fast["xxgk/11520200MB1C123455/2020-00031/index.html"].decode("utf-8")
    assert any("/page/2/" in name for name in fast), [n for n in fast if "gzdt" in n]
    assert b"_zfxxgk" not in fast["sitemap.xml"]
    assert b"xxgk/11520200MB1C123455/2026-00019/</loc>" in fast["sitemap.xml"]


def test_a_skeleton_naming_its_own_folder_elsewhere_is_refused() -> None:
    url = skeleton_url("xxgk/a/b/")
    canonical = f'<link rel="canonical" href="https://x/{url}">'
    assert skeleton_from(f"<title>{TITLE_MARK}</title>{canonical}{CONTENT_MARK}", url).slots == ("title", "url", "content")
    for elsewhere in (f'<a href="../{SKELETON_NAME}/">', f'"https:\\/\\/x\\/xxgk\\/a\\/{SKELETON_NAME}\\/"'):
        with pytest.raises(SkeletonError, match=f"{SKELETON_NAME} 出现在标记之外"):
            skeleton_from(f"<title>{TITLE_MARK}</title>{canonical}{elsewhere}{CONTENT_MARK}", url)


PAGE_HOOK = "def on_post_page(output, page, config):\n    return output.replace('<img ', '<img loading=\"lazy\" ')\n"
OTHER_HOOK = "def on_post_build(config):\n    return None\n"


def test_plugins_that_handle_pages_are_named_in_a_warning_unless_item_pages_are_themed(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    (project / "hooks" / "lazy_images.py").write_text(PAGE_HOOK, encoding="utf-8")
    (project / "hooks" / "notify.py").write_text(OTHER_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["plugins"] = ["search"]
    settings["hooks"] = ["hooks/zfxxgk_hooks.py", "hooks/lazy_images.py", "hooks/notify.py"]
    env = {k: v for k, v in os.environ.items() if k != "ZFXXGK_CACHE_DIR"}
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), ZFXXGK_CACHE_DIR="")
    warned = []
    for mode in ("fill", "theme"):
        if mode == "theme":
            settings["extra"]["zfxxgk"]["site"]["item_pages"] = "theme"
        config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / mode)], cwd=project,
                                env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        warned.append([line for line in result.stderr.splitlines() if "只会处理到这个骨架" in line])
    fill, theme = warned
    assert len(fill) == 1 and "WARNING" in fill[0]
    assert "search" in fill[0] and "hooks/lazy_images.py" in fill[0] and "item_pages: theme" in fill[0]
    assert "notify" not in fill[0] and "zfxxgk_hooks" not in fill[0]
    assert theme == []
