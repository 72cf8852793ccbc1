"""Issue 19: an item is judged, and cited, by the rules in force on its own date."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from projectkit import CASE_SETTINGS, ROOT, make_project
from zfxxgk.annual import check_reports, derive_section2, parse_report
from zfxxgk.documents import annual_format_basis, annual_report_basis, publication_basis
from zfxxgk.problems import Problems
from zfxxgk.project import load_project
from zfxxgk.settings import load_settings

CASES = Path(__file__).parent / "cases"
SAMPLE = ROOT / "content/政府信息公开年报"


def _problems(case: str, tmp_path: Path, rule_id: str) -> list[str]:
    root = make_project(tmp_path / "p", CASES / case / "content", CASE_SETTINGS)
    project = load_project(load_settings(root / "mkdocs.yml"), dt.date(2026, 11, 20))
    return [p.message for p in project.problems if p.rule == rule_id]


def test_document_formed_in_2018_is_judged_under_the_2008_regulation(tmp_path: Path) -> None:
    (message,) = _problems("warning/deadline-late-2018", tmp_path, "deadline.late")
    assert message.endswith("（依据：《中华人民共和国政府信息公开条例》（2008年施行）第十八条："
                            "自该政府信息形成或者变更之日起20个工作日内公开）")


def test_enforcement_decision_limit_of_7_working_days_cites_its_own_rule(tmp_path: Path) -> None:
    (message,) = _problems("warning/deadline-late-permit", tmp_path, "deadline.late")
    assert "7个工作日" in message and message.endswith("7个工作日内公开）") and "国办发〔2018〕118号" in message


def test_penalty_decision_limit_cites_order_45(tmp_path: Path) -> None:
    (message,) = _problems("warning/deadline-late", tmp_path, "deadline.late")
    assert message.endswith("（依据：《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）："
                            "自作出行政处罚决定之日起20个工作日内公示）")


def test_publication_basis_by_kind_and_date() -> None:
    assert "第二十六条" in publication_basis("default", None, None, None, None, dt.date(2019, 5, 15))
    assert "（2008年施行）第十八条" in publication_basis("default", None, None, None, None, dt.date(2019, 5, 14))
    assert "第四十九条" in publication_basis("annual_date", None, None, 1, 31, dt.date(2025, 1, 1))
    assert "国办发〔2019〕54号" in publication_basis("working_days", 3, "形成或变更", None, None, dt.date(2025, 1, 1))


def test_annual_report_deadline_and_format_by_report_year() -> None:
    assert annual_report_basis(2018)[0] == (3, 31) and "2008年施行" in annual_report_basis(2018)[1]
    assert annual_report_basis(2019)[0] == (1, 31) and "第四十九条" in annual_report_basis(2019)[1]
    assert "〔2019〕60号" in annual_format_basis(2020) and "〔2021〕30号" in annual_format_basis(2021)


def test_2020_report_derivation_cites_the_2019_format() -> None:
    text = (ROOT / "tests/fixtures/annual/guiyang-2020/统计.yaml").read_text(encoding="utf-8")
    problems = Problems()
    report = parse_report(text, "统计.yaml", problems, folder_year=2020)
    assert report is not None
    derive_section2(report, [], problems)
    messages = [p.message for p in problems if p.rule == "annual.derived-differs"]
    assert messages and all(m.endswith("国办公开办函〔2019〕60号：政府信息公开工作年度报告格式（试行））")
                            for m in messages)
    assert not any("〔2021〕30号" in m for m in messages)


def test_report_for_2018_is_accepted_and_due_by_31_march(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = content / "政府信息公开年报/2018"
    folder.mkdir(parents=True)
    text = (ROOT / "tests/fixtures/annual/guiyang-2020/统计.yaml").read_text(encoding="utf-8")
    (folder / "统计.yaml").write_text(text.replace("年度: 2020", "年度: 2018\n发布日期: 2019-03-20"), encoding="utf-8")
    problems = Problems()
    reports = check_reports(content, None, problems, root=tmp_path)
    assert [r.year for r in reports] == [2018] and reports[0].format.name == "2019"
    assert [p.rule for p in problems if p.rule.startswith("annual.") and p.rule != "annual.derived-differs"] == []
    late = tmp_path / "late"
    shutil.copytree(content, late)
    data = late / "政府信息公开年报/2018/统计.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("2019-03-20", "2019-04-02"), encoding="utf-8")
    problems = Problems()
    check_reports(late, None, problems, root=tmp_path)
    (message,) = [p.message for p in problems if p.rule == "annual.late"]
    assert "2019-03-31" in message and "2008年施行" in message
