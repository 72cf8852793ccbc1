"""`zfxxgk report annual` in all three formats, through the CLI entry point, in a throw-away project."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from test_annual_html_grid import parse_tables
from zfxxgk.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    content = tmp_path / "src"
    shutil.copytree(ROOT / "content/政府信息公开年报", content / "政府信息公开年报")
    shutil.copytree(ROOT / "content/政策文件/行政规范性文件", content / "政策文件/行政规范性文件")
    dest = tmp_path / "site"
    dest.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "schema", dest / "schema")
    shutil.copytree(content, dest / "content")
    monkeypatch.chdir(dest)
    return dest


def test_html(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "annual", "--year", "2024", "--format", "html", "--out", "nb.html"]) == 0
    page = (project / "nb.html").read_text(encoding="utf-8")
    assert "<title>六盘水市市场监督管理局2024年政府信息公开工作年度报告</title>" in page
    tables = parse_tables(page)
    assert [t.caption for t in tables] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                           "四、政府信息公开行政复议、行政诉讼情况"]
    # 行政规范性文件 counted from the items: 1 made in 2024, 1 repealed in 2024, 2 in force at year end.
    assert tables[0].texts()[:13] == ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
                                      "规章", "0", "0", "0", "行政规范性文件", "1", "1", "2"]
    assert capsys.readouterr().err == ""


def test_json_to_stdout(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "annual", "--year", "2025", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    schema = json.loads((project / "schema/annual-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["年度"] == 2025 and data["发布日期"] == "2026-01-16"
    assert data["机关名称"] == "六盘水市市场监督管理局"
    applications = data["三、收到和处理政府信息公开申请情况"]
    assert applications["一、本年新收政府信息公开申请数量"]["总计"] == 15
    assert applications["三、本年度办理结果"]["（七）总计"]["总计"] == 15


def test_xlsx(project: Path) -> None:
    assert main(["report", "annual", "--year", "2024", "--format", "xlsx", "--out", "nb.xlsx"]) == 0
    book = load_workbook(io.BytesIO((project / "nb.xlsx").read_bytes()))
    assert book.sheetnames == ["二、主动公开", "三、依申请公开", "四、复议诉讼"]
    sheet = book["三、依申请公开"]
    assert sheet["A1"].value == "六盘水市市场监督管理局2024年政府信息公开工作年度报告"
    assert sheet["A2"].value == "三、收到和处理政府信息公开申请情况"
    assert sheet["A6"].value == "一、本年新收政府信息公开申请数量" and sheet["J6"].value == 16
    assert book.properties.title == "六盘水市市场监督管理局2024年政府信息公开工作年度报告"


def test_missing_year_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "annual", "--year", "2019", "--format", "json"]) == 2
    assert "2019/统计.yaml" in capsys.readouterr().err


def test_broken_data_exits_1_with_located_messages(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = project / "content/政府信息公开年报/2024/统计.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("行政复议: [1, 0, 0, 0, 1]", "行政复议: [1, 0, 0, 0, 3]"),
                    encoding="utf-8")
    assert main(["report", "annual", "--year", "2024", "--format", "json", "--out", "nb.json"]) == 1
    err = capsys.readouterr().err
    assert "content/政府信息公开年报/2024/统计.yaml:" in err and "[annual.review-total]" in err


def test_content_option_without_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ROOT / "tests/fixtures/annual/guiyang-2020", tmp_path / "c/政府信息公开年报/2020")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "annual", "--year", "2020", "--format", "html", "--content", "c"]) == 0
    out = capsys.readouterr().out
    assert "<title>貴陽市市場監督管理局2020年政府信息公开工作年度报告</title>" in out
    assert "49万元" in out


def test_report_without_kind_prints_help(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 2
    assert "annual" in capsys.readouterr().err
