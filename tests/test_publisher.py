"""发布机构 is a full name: an abbreviation is told its full form, another agency must be listed in settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from projectkit import CASE_SETTINGS, make_project, merge
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings

CASE = Path(__file__).parent / "cases/invalid/field-publisher-abbreviation/content"
ITEM = "其他文件/2024-00010/index.md"


def _messages(tmp_path: Path, publisher: str, known: list[str] | None = None) -> list[str]:
    settings = merge(dict(CASE_SETTINGS), {"options": {"publishers": known}}) if known else CASE_SETTINGS
    root = make_project(tmp_path / "p", CASE, settings)
    item = root / "content" / ITEM
    text = item.read_text(encoding="utf-8").replace("发布机构: 六盘水市市监局", f"发布机构: {publisher}")
    item.write_text(text, encoding="utf-8")
    project = load_project(load_settings(root / "mkdocs.yml"), dt.date(2026, 11, 20))
    return [p.message for p in project.problems if p.rule == "field.publisher"]


def test_abbreviation_is_told_the_full_name(tmp_path: Path) -> None:
    (message,) = _messages(tmp_path, "六盘水市市监局")
    assert "简称" in message and "“六盘水市市场监督管理局”" in message


def test_full_name_passes(tmp_path: Path) -> None:
    assert _messages(tmp_path, "六盘水市市场监督管理局") == []


def test_other_agency_needs_its_full_name_in_settings(tmp_path: Path) -> None:
    (message,) = _messages(tmp_path, "贵州省市场监督管理局")
    assert "publishers" in message
    assert _messages(tmp_path / "known", "贵州省市场监督管理局", ["贵州省市场监督管理局"]) == []
