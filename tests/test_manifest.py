"""URL stability: published URLs never disappear silently and published dates never change."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

from projectkit import CASE_SETTINGS, make_project
from zfxxgk.cli import main
from zfxxgk.items.manifest import dumps
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings

FULL = Path(__file__).parent / "cases/valid/full/content"
AS_OF = dt.date(2026, 11, 20)
DOC = "xxgk/11520200MB1C123455/2024-00012/"


def _published(root: Path) -> Path:
    project = load_project(load_settings(root / "mkdocs.yml"), AS_OF)
    target = root.parent / "manifest.json"
    target.write_text(dumps(project.manifest()), encoding="utf-8")
    return target


def _check_against(root: Path, old: Path) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "--config", str(root / "mkdocs.yml"), "--as-of", AS_OF.isoformat(),
                     "--format", "json", "--against", str(old)])
    return code, json.loads(out.getvalue())["problems"]


def test_manifest_lists_every_public_item(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FULL, CASE_SETTINGS)
    manifest = json.loads(_published(root).read_text(encoding="utf-8"))
    assert set(manifest["urls"]) == {
        "xxgk/11520200MB1C123455/2021-00015/", "xxgk/11520200MB1C123455/2024-00010/",
        "xxgk/11520200MB1C123455/2024-00011/", DOC,
    }
    entry = manifest["urls"][DOC]
    assert entry["索引号"] == "11520200MB1C123455/2024-00012" and entry["status"] == "published"
    assert len(entry["sha256"]) == 64


def test_removing_a_published_item_fails_until_a_withdrawal_is_recorded(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FULL, CASE_SETTINGS)
    old = _published(root)
    shutil.rmtree(root / "content/其他文件/2024-00012")
    # The repeal basis of 2021-00015 pointed at it; keep that reference valid for this test.
    doc = root / "content/其他文件/2021-00015/index.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("2024-00012", "2024-00010"), encoding="utf-8")
    code, problems = _check_against(root, old)
    removed = [p for p in problems if p["rule"] == "manifest.url-removed"]
    assert code == 1 and len(removed) == 1 and DOC in str(removed[0]["message"])
    (root / "content/_records.yaml").write_text(
        "撤回:\n  - 网址: " + DOC + "\n    索引号: 11520200MB1C123455/2024-00012\n    标题: 关于废止部分规范性文件的决定\n"
        "    撤回日期: 2026-11-18\n    原因: 该决定已被上级机关撤销\n", encoding="utf-8")
    code, problems = _check_against(root, old)
    assert code == 0 and not [p for p in problems if p["rule"].startswith("manifest.")]


def test_changing_a_published_date_is_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FULL, CASE_SETTINGS)
    old = _published(root)
    doc = root / "content/其他文件/2024-00010/index.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("发布日期: 2024-03-08", "发布日期: 2024-03-07"),
                   encoding="utf-8")
    code, problems = _check_against(root, old)
    changed = [p for p in problems if p["rule"] == "date.changed"]
    assert code == 1 and len(changed) == 1 and changed[0]["path"].endswith("2024-00010/index.md")


def test_malformed_records_and_manifest_are_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FULL, CASE_SETTINGS)
    (root / "content/_records.yaml").write_text("撤回:\n  - 网址: x/\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    code, problems = _check_against(root, bad)
    assert code == 1 and {p["rule"] for p in problems} >= {"records.invalid", "manifest.unreadable"}
