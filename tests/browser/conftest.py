"""Fixtures for the browser tests: one strict build of the sample, served on 127.0.0.1, one Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cdp import CHROMIUM, Browser
from sitehttp import serve

ROOT = Path(__file__).resolve().parents[2]




@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built once with the commit's date."""
    dest = tmp_path_factory.mktemp("browser-site")
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch.strip() or "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return dest


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on a free local port."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def site_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served under /zfxxgk/, the path of site_url: the 404 page, served at any depth, links
    to its assets and the columns by absolute path."""
    root = tmp_path_factory.mktemp("served")
    (root / "zfxxgk").symlink_to(built_site, target_is_directory=True)
    with serve(root) as url:
        yield url + "zfxxgk/"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: .ci/run installs it from Debian (apt-get install chromium)"
        )
    with Browser() as b:
        yield b


@pytest.fixture(scope="session")
def pages(built_site: Path) -> dict[str, str]:
    """One URL per page type, chosen from the built site's items.json."""
    rows = json.loads((built_site / "data" / "items.json").read_text(encoding="utf-8"))["items"]

    def url(row: dict[str, str]) -> str:
        return row["URL"].split("/zfxxgk/", 1)[1]

    interpretation = next(r for r in rows if r["栏目"] == "政策解读")
    report = next(r for r in rows if r["目录"] == "政务公开/政府信息公开年报")
    document = next(r for r in rows if r["有效性"] in ("已废止", "已失效"))
    return {
        "home": "",
        "list": "fdzdgknr/zcwj/xzgfxwj/",
        "item": url(document),
        "interpretation": url(interpretation),
        "annual": url(report),
        "section": "fdzdgknr/",
        "application": "ysqgk/",
        "search": "search/",
        "sitemap": "wzdt/",
        "contact": "lxwm/",
        "notfound": "404.html",
        # an item whose body has a table of eight columns (食品安全监督抽检 results)
        "wide": next(url(r) for r in rows if r["目录"] == "监督检查/食品安全监督抽检"),
    }
