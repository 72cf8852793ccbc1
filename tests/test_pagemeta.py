"""Page metadata (《政府网站发展指引》网页设计规范; GB/T 42147-2022) and the agency's branding, read from a built
site: SiteName, SiteDomain and SiteIDCode on every page, ColumnName and ColumnType on column pages, the article's
own metadata on item pages, compared with the item's fields and the settings; no generator meta."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from projectkit import ROOT, copy_sample
from zfxxgk.branding import favicon_svg
from zfxxgk.settings import SettingsError, load_settings

EPOCH = "1795600000"
ITEM = "content/工作动态/工作动态/2026-00019/index.md"
ITEM_URL = "xxgk/11520200MB1C123455/2026-00019/"
# Every character HTML treats specially, in the fields the metadata repeats.
ODD_TITLE = '市场监管局 & “双随机” <检查> 结果 \'公示\' "通报"'
ODD_SUMMARY = '推进会部署 <重点> 工作 & "两个责任"'
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
BRANDING = {
    "网站名称": "六盘水市市场监督管理局网站",
    "标志": "branding/标志.png",
    "首页": "https://scjgj.liupanshui.example/",
    "导航": [{"名称": "机构概况", "网址": "https://scjgj.liupanshui.example/jggk/"}],
    "开办单位标识": {"图片": "branding/dzjg.png", "网址": "https://bszs.conac.cn/sitename?method=show&id=1"},
    "页头颜色": "#8c1c13",
}


class Head(HTMLParser):
    """The <meta name> values, the icon link, and the <img> sources of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.icon = ""
        self.images: list[dict[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "name" in a:
            self.meta.setdefault(a["name"], []).append(a.get("content", ""))
        elif tag == "link" and a.get("rel") == "icon":
            self.icon = a["href"]
        elif tag == "img":
            self.images.append(a)
        elif tag == "a":
            self._href = a.get("href", "")
            self.links.append((self._href, ""))

    def handle_data(self, data: str) -> None:
        if self._href is not None and data.strip():
            self.links[-1] = (self._href, self.links[-1][1] + data.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


def head_of(site: Path, url: str) -> Head:
    parser = Head()
    parser.feed((site / url / "index.html").read_text(encoding="utf-8") if not url.endswith(".html")
                else (site / url).read_text(encoding="utf-8"))
    return parser


def one(head: Head, name: str) -> str:
    values = head.meta.get(name, [])
    assert len(values) == 1, (name, values)
    return values[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, site): the sample with an odd title and summary and every branding setting, built."""
    tmp = tmp_path_factory.mktemp("pagemeta")
    project = copy_sample(tmp / "project")
    item = project / ITEM
    text = item.read_text(encoding="utf-8")
    text = text.replace("标题: 市市场监管局召开全市秋冬季食品安全工作推进会",
                        "标题: " + yaml.safe_dump(ODD_TITLE, allow_unicode=True).splitlines()[0])
    text = text.replace("内容概述: 市市场监管局召开全市秋冬季食品安全工作推进会，部署校园食品安全、冬季火锅烧烤、节日市场等重点工作。",
                        "内容概述: " + yaml.safe_dump(ODD_SUMMARY, allow_unicode=True).splitlines()[0])
    item.write_text(text, encoding="utf-8")
    (project / "branding").mkdir()
    (project / "branding/标志.png").write_bytes(PNG)
    (project / "branding/dzjg.png").write_bytes(PNG)
    config = project / "mkdocs.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["extra"]["zfxxgk"]["网站"] = BRANDING
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ZFXXGK_CACHE_DIR"}
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), ZFXXGK_CACHE_DIR="")
    site = tmp / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


def test_item_page_metadata_is_the_items_own_fields(built: tuple[Path, Path]) -> None:
    project, site = built
    fields = yaml.safe_load((project / ITEM).read_text(encoding="utf-8").split("---")[1])
    settings = load_settings(project / "mkdocs.yml")
    head = head_of(site, ITEM_URL)
    assert one(head, "ArticleTitle") == fields["标题"] == ODD_TITLE
    assert one(head, "PubDate") == fields["发布日期"].isoformat()
    assert one(head, "ContentSource") == fields["发布机构"]
    assert one(head, "Keywords").split(",") == fields["主题词"].split()
    assert one(head, "Description") == fields["内容概述"] == ODD_SUMMARY
    assert one(head, "Url") == "https://scjgj.liupanshui.example/zfxxgk/" + ITEM_URL
    assert one(head, "ColumnName") == "工作动态" and one(head, "ColumnType") == "信息公开"
    assert one(head, "SiteName") == BRANDING["网站名称"]
    assert one(head, "SiteDomain") == "scjgj.liupanshui.example"
    assert one(head, "SiteIDCode") == settings.agency.site_code
    assert "description" not in head.meta  # only the item's own Description (names are case-insensitive)


def test_column_page_metadata_names_the_column(built: tuple[Path, Path]) -> None:
    project, site = built
    settings = load_settings(project / "mkdocs.yml")
    for url, name, kind in (("fdzdgknr/zcwj/xzgfxwj/", "行政规范性文件", "信息公开"), ("zcjd/", "政策解读", "解读回应"),
                            ("", "政府信息公开", "信息公开"), ("ysqgk/", "依申请公开", "信息公开")):
        head = head_of(site, url)
        assert (one(head, "ColumnName"), one(head, "ColumnType")) == (name, kind), url
        assert one(head, "SiteIDCode") == settings.agency.site_code
        assert "ArticleTitle" not in head.meta and "Url" not in head.meta


def test_every_page_has_the_site_metadata_and_no_generator(built: tuple[Path, Path]) -> None:
    _project, site = built
    # admin/ is the editors' tool (noindex), not a page of the column: it carries no site metadata.
    pages = sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")
    assert len(pages) > 50
    for page in pages:
        parser = Head()
        parser.feed(page.read_text(encoding="utf-8"))
        if "http-equiv" in page.read_text(encoding="utf-8")[:600]:  # a redirect stub of a migrated URL
            continue
        assert "generator" not in parser.meta, page
        assert [one(parser, n) for n in ("SiteName", "SiteDomain", "SiteIDCode")] == [
            BRANDING["网站名称"], "scjgj.liupanshui.example", "5202000028"], page


def test_branding_shows_the_agencys_files_links_and_colour(built: tuple[Path, Path]) -> None:
    _project, site = built
    head = head_of(site, ITEM_URL)
    logo = next(i for i in head.images if "zfxxgk-brand__logo" in i.get("class", ""))
    assert (site / ITEM_URL / logo["src"]).resolve().read_bytes() == PNG
    conac = next(i for i in head.images if i.get("alt") == "党政机关网站开办单位标识")
    assert (site / ITEM_URL / conac["src"]).resolve().read_bytes() == PNG
    assert (BRANDING["开办单位标识"]["网址"], "") in head.links
    assert ("https://scjgj.liupanshui.example/jggk/", "机构概况") in head.links
    assert ("https://scjgj.liupanshui.example/", "首页") in head.links
    assert ("https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=5202000028",
            "我为政府网站找错") in head.links
    assert "--zfxxgk-band:#8c1c13" in (site / ITEM_URL / "index.html").read_text(encoding="utf-8")
    assert (site / ITEM_URL / head.icon).resolve().is_file()


def test_default_branding_is_text_and_a_generated_favicon() -> None:
    settings = load_settings(ROOT / "mkdocs.yml")
    assert settings.branding.logo is None and settings.branding.conac_image is None
    svg = favicon_svg(settings.branding.band).decode("utf-8")
    assert settings.branding.band in svg and ">公<" in svg


def test_a_missing_branding_file_is_a_located_settings_error(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    机关:\n", "    网站:\n      标志: branding/没有这个文件.png\n    机关:\n"), encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    assert "找不到图片文件 branding/没有这个文件.png" in str(caught.value)
    assert caught.value.line > 0


def test_sitemap_contact_and_404_pages(built: tuple[Path, Path]) -> None:
    _project, site = built
    sitemap = head_of(site, "wzdt/")
    column_urls = {href for href, _text in sitemap.links}
    for folder in ("fdzdgknr/zcwj/xzgfxwj/", "zcjd/", "ysqgk/", "zfxxgknb/"):
        assert "../" + folder in column_urls
    contact = (site / "lxwm/index.html").read_text(encoding="utf-8")
    assert "贵州省六盘水市钟山区人民中路68号" in contact and "0858-8221234" in contact
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert "页面未找到" in missing and "Not found" not in missing
    assert 'action="/zfxxgk/search/"' in missing
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://scjgj.liupanshui.example/zfxxgk/</loc>" in xml and "/./" not in xml
    assert "<loc>https://scjgj.liupanshui.example/zfxxgk/wzdt/</loc>" in xml
