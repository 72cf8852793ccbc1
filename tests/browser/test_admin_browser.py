"""The web editing page in a real headless Chromium, local mode (`zfxxgk edit`, decap-server writing into a
copy of the sample project): create, edit and link items through the form; refusals; no foreign request.

Screenshots of the form and the preview go to tests/artifacts/ (copies are kept in docs/screenshots/).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from admin_driver import Admin
from cdp import Browser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from projectkit import copy_sample
from zfxxgk.admin.local import ensure_decap_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
OTHER = "zcwj-qtwj"  # 政策文件/其他文件
INTERPRETATION = "zcjd-zcjd"  # 政策解读/政策解读
TODAY = dt.date.today()
WRITTEN, PUBLISHED = (TODAY - dt.timedelta(days=3)).isoformat(), (TODAY - dt.timedelta(days=1)).isoformat()
TITLE = "六盘水市市场监督管理局关于开展冬季食品安全专项检查的通知"
DOC_NO = f"六盘水市市监发〔{TODAY.year}〕88号"


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "NO_MKDOCS_2_WARNING": "1"}


def sample_copy(dest: Path) -> Path:
    """The sample project with the admin-vendor packages (decap-server) the local mode needs."""
    copy_sample(dest)
    (dest / "admin-vendor" / "server").mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / "admin-vendor" / "server" / name, dest / "admin-vendor" / "server" / name)
    (dest / "admin-vendor" / "server" / "node_modules").symlink_to(ROOT / "admin-vendor" / "server" / "node_modules")
    return dest


def zfxxgk(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zfxxgk", *argv], cwd=root, env=env(), capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def editing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A copy of the sample served by `zfxxgk edit` on a free port: (project root, base URL)."""
    ensure_decap_server(ROOT, print)  # npm ci from admin-vendor/server/package-lock.json on a fresh machine
    root = sample_copy(tmp_path_factory.mktemp("admin") / "project")
    proc = subprocess.Popen([sys.executable, "-m", "zfxxgk", "edit", "--port", "0"], cwd=root, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    url = ""
    for line in proc.stderr:
        found = re.search(r"网站：(http://127\.0\.0\.1:\d+/)", line)
        if found:
            url = found[1]
            break
    assert url, "zfxxgk edit did not start"
    try:
        yield root, url
    finally:
        proc.terminate()
        proc.wait(timeout=120)


@pytest.fixture(scope="module")
def admin(browser: Browser, editing: tuple[Path, str]) -> Iterator[Admin]:
    page = Admin(browser, editing[1])
    page.open()
    yield page
    # The admin page keeps asking its backend: leave it, so that later tests in the shared browser record
    # only their own requests.
    browser.goto("about:blank")


def wait_file(path: Path, contains: str = "", timeout: float = 60) -> str:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if contains in text:
                return text
        time.sleep(0.25)
    raise AssertionError(f"{path} was not written (with {contains!r})")


def front_keys(text: str) -> list[str]:
    head = text.split("---\n")[1]
    return [line.split(":", 1)[0] for line in head.splitlines() if line and not line.startswith(" ")]


def test_create_edit_and_link_items_through_the_form(
    admin: Admin, editing: tuple[Path, str], tmp_path: Path
) -> None:
    root, base = editing
    admin.new_entry(OTHER)
    number = admin.wait(f"/^11520200MB1C123455\\/{TODAY.year}-\\d{{5}}$/.test(__za.input('索引号').value) && "
                        "__za.input('索引号').value", what="the next free 索引号")
    tail = number.rpartition("/")[2]
    admin.fill("标题", TITLE)
    admin.fill("文号", DOC_NO)
    admin.fill("成文日期", WRITTEN)
    admin.fill("发布日期", PUBLISHED)
    admin.choose("责任科室", "食品经营监管科")
    admin.click_text("button", "新增附件")
    admin.fill("名称", "专项检查工作方案")
    plan = tmp_path / "专项检查工作方案.pdf"
    shutil.copyfile(ROOT / "content/行政许可/食品经营许可服务指南/2026-00012/食品经营许可办理流程.pdf", plan)
    admin.upload([plan])
    preview = admin.wait("(() => { const d = document.querySelector('iframe')?.contentDocument; const t ="
                         " d?.querySelector('table.zfxxgk-index'); return t && d.querySelector('.zfxxgk-attachments li') && {table: t.innerText,"
                         " title: d.querySelector('h1.zfxxgk-title').textContent,"
                         " files: [...d.querySelectorAll('.zfxxgk-attachments li')].map(li => li.textContent),"
                         " css: [...d.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)}; })()",
                         what="the preview with the attachment")
    assert preview["title"] == TITLE and f"文号\t{DOC_NO}" in preview["table"]
    assert preview["files"] and preview["files"][0].startswith("专项检查工作方案")
    assert any(href.startswith(base) and href.endswith("site.css") for href in preview["css"])  # the site's own CSS
    shoot(admin, "admin-form.png", "admin-preview.png")
    admin.publish()

    folder = root / "content" / "政策文件" / "其他文件" / tail
    text = wait_file(folder / "index.md", "附件")
    assert (folder / "专项检查工作方案.pdf").read_bytes() == plan.read_bytes()
    assert front_keys(text) == ["索引号", "标题", "目录", "发布机构", "成文日期", "发布日期", "文号", "公开方式",
                                "公开范围", "责任科室", "附件"]
    # the same item from `zfxxgk new` in another copy of the sample: the same text, but for the attachment
    other = sample_copy(tmp_path / "new")
    made = zfxxgk(other, "new", "--目录", "政策文件/其他文件", "--标题", TITLE, "--文号", DOC_NO, "--成文日期", WRITTEN,
                  "--发布日期", PUBLISHED, "--科室", "食品经营监管科")
    assert made.returncode == 0, made.stderr
    by_new = (other / "content" / "政策文件" / "其他文件" / tail / "index.md").read_text(encoding="utf-8")
    head = text.split("附件:")[0]
    assert head == by_new.split("---\n")[0] + "---\n" + by_new.split("---\n")[1], (text, by_new)
    assert "附件:\n  - 名称: 专项检查工作方案\n    文件: 专项检查工作方案.pdf\n" in text
    checked = zfxxgk(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    admin.open_entry(OTHER, tail)
    admin.fill("标题", TITLE + "（修订）")
    admin.publish()
    text = wait_file(folder / "index.md", "（修订）")
    assert f"索引号: {number}\n" in text and sorted(p.name for p in folder.iterdir()) == ["index.md", "专项检查工作方案.pdf"]

    admin.new_entry(INTERPRETATION)
    second = admin.wait("__za.input('索引号').value !== '' && __za.input('索引号').value", what="索引号")
    assert second != number  # the working tree's next free number, as zfxxgk new allocates it
    admin.fill("标题", "《关于开展冬季食品安全专项检查的通知》政策解读")
    admin.fill("成文日期", PUBLISHED)  # a 解读 is formed when it is written: its deadline counts from it
    admin.fill("发布日期", PUBLISHED)
    admin.choose("解读对象", "冬季食品安全", TITLE + "（修订）")
    admin.markdown_mode()
    admin.write_section("背景依据", "为做好冬季食品安全工作，我局制定了专项检查通知。")
    admin.write_section("主要内容", "检查对象为学校食堂和校园周边食品经营者。")
    admin.publish()
    jd = root / "content" / "政策解读" / "政策解读" / second.rpartition("/")[2] / "index.md"
    saved = wait_file(jd, "解读对象")
    assert f"解读对象: {number}\n" in saved
    assert "## 背景依据\n\n为做好冬季食品安全工作，我局制定了专项检查通知。\n\n## 主要内容\n\n检查对象" in saved
    checked = zfxxgk(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    site = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=root, env=env(),
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    doc_page = (site / "xxgk" / number / "index.html").read_text(encoding="utf-8")
    jd_page = (site / "xxgk" / second / "index.html").read_text(encoding="utf-8")
    related = re.search(r'id="xgjd">相关解读</h2><ul><li><a href="([^"]+)">([^<]+)</a>', doc_page)
    target = re.search(r'id="jddx">解读对象</h2><p><a href="([^"]+)">([^<]+)</a>', jd_page)
    assert related and related[1] == f"../{second.rpartition('/')[2]}/" and related[2].startswith("《关于开展冬季")
    assert target and target[1] == f"../{tail}/" and target[2] == TITLE + "（修订）"

    foreign = [u for u in admin.b.requests() if not u.startswith((base, "data:", "blob:"))]
    assert foreign == []


def shoot(admin: Admin, form: str, preview: str) -> None:
    """Screenshots of the form pane (from its first fields) and the preview pane."""
    admin.b.eval("(() => { const l = [...document.querySelectorAll('label[for]')].find(l => l.textContent.trim() === '索引号');"
                 " l.scrollIntoView({block: 'start'}); })()")
    boxes = admin.b.eval("""(() => {
      const frame = document.querySelector('iframe').getBoundingClientRect();
      return {form: {x: 0, y: 0, width: frame.left, height: innerHeight},
              preview: {x: frame.left, y: frame.top, width: frame.width, height: frame.height}};
    })()""")
    import base64

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, box in ((form, boxes["form"]), (preview, boxes["preview"])):
        data = admin.b.call("Page.captureScreenshot", session=True, format="png", clip={**box, "scale": 1})["data"]
        (ARTIFACTS / name).write_bytes(base64.b64decode(data))


def test_form_refuses_empty_required_field_and_wrong_doc_number(admin: Admin, editing: tuple[Path, str]) -> None:
    root, _ = editing
    before = sorted((root / "content" / "政策文件" / "其他文件").iterdir())
    admin.new_entry(OTHER)
    admin.wait("__za.input('索引号').value", what="索引号")
    admin.fill("文号", "六盘水市监发2026第38号文")
    admin.choose("责任科室", "法规科")
    admin.publish()
    errors = admin.wait("(() => { const e = [...document.querySelectorAll('li')].map(li => li.textContent.trim())"
                        ".filter(t => t.startsWith('“')); return e.length >= 2 && e; })()", what="the refusals")
    assert "“标题”是必填项" in errors
    assert any(e.startswith("“文号”不满足模式（应为“机关代字〔年份〕序号号”") for e in errors), errors
    assert sorted((root / "content" / "政策文件" / "其他文件").iterdir()) == before


def test_check_reports_a_form_saved_mistake_at_its_line(admin: Admin, editing: tuple[Path, str]) -> None:
    root, _ = editing
    admin.new_entry(OTHER)
    number = admin.wait("__za.input('索引号').value", what="索引号")
    admin.fill("标题", "六盘水市市场监督管理局关于成文日期写错的通知")
    admin.fill("成文日期", PUBLISHED)  # after the 发布日期: the form cannot know which one is wrong
    admin.fill("发布日期", WRITTEN)
    admin.choose("责任科室", "法规科")
    admin.publish()
    path = root / "content" / "政策文件" / "其他文件" / number.rpartition("/")[2] / "index.md"
    text = wait_file(path, "成文日期")
    line = text.splitlines().index(f"成文日期: {PUBLISHED}") + 1
    assert line == 6  # after ---, 索引号, 标题, 目录, 发布机构: where `zfxxgk new` writes it, too
    checked = zfxxgk(root, "check")
    assert checked.returncode == 1
    rel = path.relative_to(root).as_posix()
    assert (f"{rel}:{line}:7: 错误 [date.order] 成文日期 {PUBLISHED} 晚于发布日期 {WRITTEN}：文件不能在签发之前公开，"
            "请核对两个日期。") in checked.stdout
    path.unlink()
