"""`mkdocs serve` shows an item's problems at the top of its page; a published build never does."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from projectkit import CASE_SETTINGS, ROOT, make_project
from zfxxgk.engines.mkdocs import adapter as mkdocs_adapter
from zfxxgk.site.preview import MARK

CASE = Path(__file__).parent / "cases/warning/deadline-late-permit/content"
PAGE = "xxgk/11520200MB1C123455/2026-00014/index.html"


def _site(tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> str:
    root = make_project(tmp_path / command, CASE, CASE_SETTINGS)
    for name in ("hooks", "overrides", "docs"):
        (root / name).symlink_to(ROOT / name)
    epoch = int(dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    monkeypatch.chdir(root)
    mkdocs_adapter.on_startup(command=command, dirty=False)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "out"))
        config.plugins.on_startup(command=command, dirty=False)
        build(config)
    finally:
        mkdocs_adapter.on_startup(command="build", dirty=False)
    html = (root / "out" / PAGE).read_text(encoding="utf-8")
    shutil.rmtree(root / "out")
    return html


def test_serve_shows_the_items_problems_at_the_top(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = _site(tmp_path, "serve", monkeypatch)
    assert MARK in html
    box = html[html.index(MARK):]
    assert html.index(MARK) < html.index("<h1")
    assert "deadline.late" in box[:3000] and "第 7 行" in box[:3000] and "正式构建的网站不显示本框" in box[:3000]


def test_published_build_has_no_problem_box(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MARK not in _site(tmp_path, "build", monkeypatch)
