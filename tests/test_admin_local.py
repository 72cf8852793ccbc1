"""`zfxxgk edit` (local mode) without a browser: the site and /admin/ on one origin, /api/v1 forwarded to the real
decap-server (npm, installed from admin-vendor/server/package-lock.json), the next free 索引号, a rebuild after a save."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from projectkit import copy_sample
from zfxxgk.admin.local import ensure_decap_server
from zfxxgk.newitem import next_index_no, read_sources, taken_numbers
from zfxxgk.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    ensure_decap_server(ROOT, print)
    root = copy_sample(tmp_path_factory.mktemp("edit") / "project")
    (root / "admin-vendor" / "server").mkdir(parents=True)
    shutil.copy2(ROOT / "admin-vendor" / "server" / "package-lock.json", root / "admin-vendor" / "server" / "package-lock.json")
    (root / "admin-vendor" / "server" / "node_modules").symlink_to(ROOT / "admin-vendor" / "server" / "node_modules")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    proc = subprocess.Popen([sys.executable, "-m", "zfxxgk", "edit", "--port", "0"], cwd=root, env=env,
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
        assert proc.wait(timeout=120) == 0
        # `kill` ends it as Ctrl+C does: its decap-server goes too
        running = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        assert str(root / "admin-vendor" / "server" / "node_modules" / "decap-server") not in running


def post(url: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(url + "api/v1", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        data: dict[str, object] = json.loads(answer.read())
        return data


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as answer:
        data: bytes = answer.read()
        return data


def test_site_admin_and_local_backend_on_one_origin(served: tuple[Path, str]) -> None:
    _, url = served
    assert b'<script src="decap-cms/decap-cms.js"></script>' in get(url + "admin/")
    assert get(url + "admin/config.yml") == (ROOT / "admin" / "config.yml").read_bytes()
    assert post(url, {"action": "info"})["type"] == "local_fs"


def test_next_free_index_is_zfxxgk_new_s(served: tuple[Path, str]) -> None:
    root, url = served
    settings = load_settings(root / "mkdocs.yml")
    expected = next_index_no(settings.org_codes[0], 2026, taken_numbers(read_sources(settings)))
    assert json.loads(get(url + "api/zfxxgk/next-index?year=2026")) == {"index": expected}


def test_a_save_writes_the_working_tree_and_rebuilds_the_site(served: tuple[Path, str]) -> None:
    root, url = served
    number = json.loads(get(url + "api/zfxxgk/next-index?year=2026"))["index"]
    folder = f"content/工作动态/工作动态/{number.rpartition('/')[2]}"
    raw = (f"---\n索引号: {number}\n标题: 局领导带队检查节日市场\n目录: 工作动态/工作动态\n发布机构: 六盘水市市场监督管理局\n"
           "发布日期: 2026-09-30\n公开方式: 主动公开\n公开范围: 面向全社会\n责任科室: 办公室\n---\n正文。\n")
    answer = post(url, {"action": "persistEntry", "params": {
        "branch": "main", "dataFiles": [{"slug": "x", "path": f"{folder}/index.md", "raw": raw}], "assets": [],
        "options": {"commitMessage": "新增", "useWorkflow": False, "status": "draft"}}})
    assert answer == {"message": "entry persisted"}
    assert (root / folder / "index.md").read_text(encoding="utf-8") == raw
    page = f"{url}xxgk/{number}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if "局领导带队检查节日市场" in get(page).decode("utf-8"):
                break
        except OSError:
            pass
        time.sleep(1)
    else:
        raise AssertionError("the site was not rebuilt after the save")
    assert number in get(url + "admin/items.json").decode("utf-8")
    assert json.loads(get(url + "api/zfxxgk/next-index?year=2026"))["index"] != number
