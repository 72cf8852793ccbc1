"""Pages written into a hand-made skeleton, without MkDocs: the filled bytes, the operator's errors, and a
second run into the same site that keeps the unchanged item page."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from projectkit import CASE_SETTINGS, ROOT, make_project
from zfxxgk.build.state import Build
from zfxxgk.build.write import write_filled_pages
from zfxxgk.cache import Cache
from zfxxgk.catalogue.model import Catalogue
from zfxxgk.catalogue.tree import column_tree
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.progress import Progress
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings
from zfxxgk.site.build import SiteInput, render_site
from zfxxgk.site.builddate import BuildDate
from zfxxgk.site.columns import build_tree, spec_from_catalogue
from zfxxgk.site.fill import FillError, read_skeletons, write_page
from zfxxgk.site.itempage import RenderedPage
from zfxxgk.site.reuse import PreviousPages
from zfxxgk.site.skeleton import CONTENT_MARK, SKELETON_NAME, TITLE_MARK, skeleton_url
from zfxxgk.sitesettings import load_site_settings

ITEM = "xxgk/11520200MB1C123455/2024-00010/"


def _skeleton(site: Path, url: str, html: str | None = None) -> str:
    """The theme's page at the skeleton URL `url`, as MkDocs would have written it."""
    text = html if html is not None else (
        f'<html><head><title>{TITLE_MARK} - 站点</title><link rel="canonical" href="https://x/{url}"></head>'
        f'<body><nav><a href="../../">首页</a></nav>{CONTENT_MARK}<footer>页脚</footer></body></html>')
    path = site / url / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def test_a_page_is_written_into_the_skeleton_of_its_folder(tmp_path: Path) -> None:
    url = skeleton_url("xxgk/a/b/")
    _skeleton(tmp_path, url)
    skeletons, digests = read_skeletons({url}, tmp_path)
    assert list(skeletons) == [url] and len(digests[url]) == 64
    assert not (tmp_path / url).exists()  # the skeleton is not a page of the site
    write_page(skeletons, tmp_path, RenderedPage("xxgk/a/b/", "标题 & <b>", "<h1>标题</h1><p>正文 \U0001f600</p>"))
    assert (tmp_path / "xxgk/a/b/index.html").read_bytes() == (
        '<html><head><title>标题 &amp; &lt;b&gt; - 站点</title><link rel="canonical" href="https://x/xxgk/a/b/"></head>'
        '<body><nav><a href="../../">首页</a></nav><h1>标题</h1><p>正文 \U0001f600</p><footer>页脚</footer></body></html>'
    ).encode()


def test_the_operator_is_told_what_is_wrong_with_the_skeletons(tmp_path: Path) -> None:
    url = skeleton_url("xxgk/a/b/")
    with pytest.raises(FillError) as missing:
        read_skeletons({url}, tmp_path)
    assert str(missing.value) == f"zfxxgk: 主题没有输出页面骨架 {url}，无法生成条目页面"
    _skeleton(tmp_path, url, f"<title>页面</title>{CONTENT_MARK}")
    with pytest.raises(FillError, match=r"没有页面标题.*设置 item_pages: theme$"):
        read_skeletons({url}, tmp_path)
    _skeleton(tmp_path, url, f'<title>{TITLE_MARK}</title><a href="../{SKELETON_NAME}/">本页</a>{CONTENT_MARK}')
    with pytest.raises(FillError, match=f"{SKELETON_NAME} 出现在标记之外"):
        read_skeletons({url}, tmp_path)
    _skeleton(tmp_path, url)
    skeletons, _digests = read_skeletons({url}, tmp_path)
    with pytest.raises(FillError) as elsewhere:
        write_page(skeletons, tmp_path, RenderedPage("xxgk/c/d/", "标题", "<h1>标题</h1>"))
    assert str(elsewhere.value) == "zfxxgk: 没有 xxgk/c/d/ 所在文件夹的页面骨架"
    with pytest.raises(FillError, match=r"^zfxxgk: xxgk/a/b/: 条目页面的内容缺少 <h1> 标题"):
        write_page(skeletons, tmp_path, RenderedPage("xxgk/a/b/", "标题", "<p>正文</p>"))


def _state(root: Path, cache: Cache | None) -> Build:
    """What on_config and on_files know of the project at `root` (one item), built without MkDocs."""
    settings = load_settings(root / "mkdocs.yml")
    site = load_site_settings(root / "mkdocs.yml")
    project = load_project(settings, dt.date(2024, 4, 1))
    catalogue = project.context.catalogue
    assert isinstance(catalogue, Catalogue)
    tree = build_tree(spec_from_catalogue(column_tree(catalogue, site.slugs)), site,
                      (item.catalogue for item in project.items))
    inp = SiteInput(tree=tree, agency=settings.agency, site_url="https://x/", site_name="站点",
                    page_size=site.page_size, feed_size=site.feed_size, home_size=site.home_size,
                    when=dt.date(2024, 4, 1))
    out = render_site(project.public_items(), inp)
    state = Build(settings, site, BuildDate(dt.date(2024, 4, 1), "SOURCE_DATE_EPOCH"), project, tree, output=out, cache=cache,
                  inp=inp, md=MarkdownRenderer(["tables", "toc"]))
    state.skeletons = {skeleton_url(url) for url in out.item_dates}
    return state


def test_item_pages_are_filled_and_kept_by_a_second_run_into_the_same_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_project(tmp_path / "project", ROOT / "tests/cases/valid/minimal/content", CASE_SETTINGS)
    site = tmp_path / "site"
    runs = []
    for _run in range(2):
        cache = Cache(tmp_path / "cache", "test-salt")
        state = _state(root, cache)
        assert list(state.output.item_dates) == [ITEM]
        state.progress = Progress(logging.getLogger("mkdocs.plugins.zfxxgk.test-fill"))
        state.previous = PreviousPages(site, cache, site)  # no staging: the site is its own base, as the adapter does
        state.previous.set_aside()  # on_pre_build, before MkDocs cleans the site
        _skeleton(site, skeleton_url(ITEM))  # then MkDocs writes the theme's pages
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zfxxgk.test-fill"):
            runs.append(write_filled_pages(state, site))
        cache.close()
        page = site / ITEM / "index.html"
        runs.append((page.read_bytes(), page.stat().st_mtime_ns))
    first, first_page, second, second_page = runs
    assert first == second == 1
    assert second_page == first_page  # the same file, not written again
    assert [r.getMessage() for r in caplog.records if "沿用" in r.getMessage()] == [
        "zfxxgk: 沿用上次构建的条目页面 1 条（内容和模板均未变）"]
    html = first_page[0].decode("utf-8")  # type: ignore[index]
    assert "<title>关于开展2024年“双随机、一公开”监管工作的通知 - 站点</title>" in html
    assert f'href="https://x/{ITEM}"' in html and "全年完成抽查任务不少于120批次" in html
    assert sorted(p.name for p in site.iterdir()) == ["xxgk"]  # no skeleton, nothing set aside left
    assert not any(SKELETON_NAME in p.as_posix() for p in site.rglob("*"))
