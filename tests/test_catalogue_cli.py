"""`zfxxgk catalogue …` and `zfxxgk calendar deadline` through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from zfxxgk.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "catalogues"

GOLDEN = [
    ("catalogue/标准目录.xlsx", "sample.golden.json"),
    ("tests/fixtures/catalogues/legacy.xls", "legacy.golden.json"),
    ("tests/fixtures/catalogues/odd-layouts.xlsx", "odd-layouts.golden.json"),
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("source", "golden"), GOLDEN)
def test_show_json_matches_golden(
    source: str, golden: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "catalogue", "show", source, "--format", "json")
    assert code == 0
    assert out == (FIXTURES / golden).read_text(encoding="utf-8")


def test_show_json_fields(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _, out, _ = run(capsys, "catalogue", "show", "catalogue/标准目录.xlsx", "--format", "json")
    item = json.loads(out)["items"][0]
    assert {"path", "elements", "basis", "deadline", "subject", "channels", "audience", "mode", "level",
            "sheet", "row", "file"} <= set(item)
    assert {"raw", "kind", "n", "unit", "anchor"} <= set(item["deadline"])


def test_show_text_and_warnings(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "catalogue", "show", "tests/fixtures/catalogues/odd-layouts.xlsx")
    assert code == 0
    assert "行政許可/食品經營許可/許可服務指南" in out and "层级：区级" in out
    assert "警告：" in err and "视情况而定" in err


def test_show_unreadable_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "catalogue", "show", str(FIXTURES / "unreadable.xlsx"))
    assert code == 1 and out == ""
    assert "工作表“目录”，第2行" in err and "公开内容（要素）" in err
    assert "Traceback" not in err


def test_show_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "catalogue", "show", str(tmp_path / "nope.xlsx"))
    assert code == 2 and "找不到文件" in err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_repository_schema_is_up_to_date(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalogue", "check")
    assert code == 0, "schema/ is out of date: run zfxxgk catalogue import catalogue/标准目录.xlsx"
    assert "一致" in out


def test_editing_the_spreadsheet_without_import_fails_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "catalogue" / "标准目录.xlsx"
    book = openpyxl.load_workbook(path)
    book.active["D7"] = "主要职责、内设机构、办公地址、办公时间、联系方式、负责人姓名、机构简介"
    book.save(path)
    code, _, err = run(capsys, "catalogue", "check")
    assert code == 1
    assert "请运行：zfxxgk catalogue import catalogue/标准目录.xlsx" in err
    assert "schema/catalogue.json" in err and "schema/catalogue/jgxx-jgzn.schema.json" in err
    assert run(capsys, "catalogue", "import", "catalogue/标准目录.xlsx")[0] == 0
    assert run(capsys, "catalogue", "check")[0] == 0
    schema = json.loads((project / "schema" / "catalogue" / "jgxx-jgzn.schema.json").read_text(encoding="utf-8"))
    assert "机构简介" in schema["properties"]


def test_editing_only_the_bytes_is_detected(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "catalogue" / "标准目录.xlsx"
    openpyxl.load_workbook(path).save(path)  # same cells, new bytes: the stored sha256 no longer matches
    code, _, err = run(capsys, "catalogue", "check")
    assert code == 1 and "schema/catalogue.json" in err


def test_hand_edited_schema_fails_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project / "schema" / "catalogue" / "xzcf-xzcfjd.schema.json"
    target.write_text(target.read_text(encoding="utf-8").replace("处罚对象", "处罚对像"), encoding="utf-8")
    code, _, err = run(capsys, "catalogue", "check")
    assert code == 1 and "xzcf-xzcfjd.schema.json" in err


def test_import_writes_sorted_stable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert run(capsys, "catalogue", "import", str(ROOT / "catalogue" / "标准目录.xlsx"), "--out", str(out))[0] == 0
    first = {p.name: p.read_bytes() for p in out.rglob("*.json")}
    assert run(capsys, "catalogue", "import", str(ROOT / "catalogue" / "标准目录.xlsx"), "--out", str(out))[0] == 0
    assert first == {p.name: p.read_bytes() for p in out.rglob("*.json")}
    assert len(first) == 17


def test_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "new.xlsx"
    book = openpyxl.load_workbook(ROOT / "catalogue" / "标准目录.xlsx")
    ws = book.active
    ws["F14"] = "自作出行政处罚决定之日起7个工作日内"
    ws.delete_rows(19)  # 工作动态
    ws.insert_rows(19)
    for col, value in zip("ABCDEFG", (16, "工作动态", "图片新闻", "", "", "及时公开", "办公室"), strict=True):
        ws[f"{col}19"] = value
    book.save(new)
    code, out, _ = run(capsys, "catalogue", "diff", str(ROOT / "catalogue" / "标准目录.xlsx"), str(new))
    assert code == 0
    assert "新增事项（1）：\n  + 工作动态/图片新闻" in out
    assert "删除事项（1）：\n  - 工作动态/工作动态" in out
    assert "~ 行政处罚/行政处罚决定" in out
    assert "公开时限：自作出行政处罚决定之日起二十个工作日内 → 自作出行政处罚决定之日起7个工作日内" in out
    code, out, _ = run(capsys, "catalogue", "diff", str(ROOT / "schema" / "catalogue.json"), str(new), "--format", "json")
    assert json.loads(out)["added"] == ["工作动态/图片新闻"]
    same = run(capsys, "catalogue", "diff", str(ROOT / "schema" / "catalogue.json"), str(ROOT / "catalogue" / "标准目录.xlsx"))
    assert same[1] == "标准目录没有变化。\n"


@pytest.mark.parametrize(
    ("date", "n", "expected"),
    [
        ("2025-09-26", "3", "2025-09-30"),
        ("2025-09-30", "1", "2025-10-09"),
        ("2025-09-30", "3", "2025-10-11"),
        ("2025-01-24", "5", "2025-02-07"),
        ("2025-12-31", "20", "2026-01-29"),
    ],
)
def test_calendar_deadline(
    date: str, n: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "calendar", "deadline", date, n)
    assert (code, out, err) == (0, expected + "\n", "")


def test_calendar_deadline_in_an_unknown_year_warns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "calendar", "deadline", "2027-03-05", "3")
    assert (code, out) == (0, "2027-03-10\n")
    assert "警告：" in err and "2027年" in err


def test_calendar_deadline_with_override(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    holidays = tmp_path / "holidays.yaml"
    holidays.write_text("2027:\n  节假日: [2027-03-08]\n", encoding="utf-8")
    code, out, err = run(capsys, "calendar", "deadline", "2027-03-05", "3", "--holidays", str(holidays))
    assert (code, out, err) == (0, "2027-03-11\n", "")
    holidays.write_text("2027:\n  节假日: [2027-02-30]\n", encoding="utf-8")
    code, _, err = run(capsys, "calendar", "deadline", "2027-03-05", "3", "--holidays", str(holidays))
    assert code == 2 and "不是日期" in err


def test_calendar_deadline_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["calendar", "deadline", "2025-13-01", "3"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
