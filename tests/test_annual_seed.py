"""Acceptance 1: seed 003 (贵阳市市场监督管理局, report year 2020, 2019 format) reproduced cell for cell."""

from __future__ import annotations

import re
from pathlib import Path

import opencc  # type: ignore[import-untyped]
import pytest

from test_annual_html_grid import HtmlTable, parse_tables
from zfxxgk.annual import derive_section2, load_report, render_report_html
from zfxxgk.annual.checks import check_identities
from zfxxgk.problems import Problems

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests/fixtures/annual/guiyang-2020"
SEED = FIXTURES / "原文.txt"  # a copy of seed 003_9bc75f7d89e17786.txt
FIXTURE = FIXTURES / "统计.yaml"

# Section 二 of the seed, cell by cell in reading order (transcribed from the report, simplified script,
# full-width brackets as in the national format).
SECTION2 = [
    "第二十条第（一）项",
    "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量",
    "规章", "0", "0", "0",
    "规范性文件", "3", "3", "3",
    "第二十条第（五）项",
    "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
    "行政许可", "20", "-1", "20980",
    "其他对外管理服务事项", "50", "+8", "5261",
    "第二十条第（六）项",
    "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
    "行政处罚", "649", "+20", "97",
    "行政强制", "28", "-3", "60",
    "第二十条第（八）项",
    "信息内容", "上一年项目数量", "本年增/减",
    "行政事业性收费", "0", "0",
    "第二十条第（九）项",
    "信息内容", "采购项目数量", "采购总金额",
    "政府集中采购", "25", "49万元",
]

# Section 三 rows of the 2019 (试行) format, in table order, with the seed's figures
# (columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
Z = [0] * 7
SECTION3 = [
    ("一、本年新收政府信息公开申请数量", [4, 0, 0, 0, 0, 0, 4]),
    ("二、上年结转政府信息公开申请数量", Z),
    ("（一）予以公开", [2, 0, 0, 0, 0, 0, 2]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Z),
    ("1.属于国家秘密", Z),
    ("2.其他法律行政法规禁止公开", Z),
    ("3.危及“三安全一稳定”", Z),
    ("4.保护第三方合法权益", Z),
    ("5.属于三类内部事务信息", Z),
    ("6.属于四类过程性信息", Z),
    ("7.属于行政执法案卷", Z),
    ("8.属于行政查询事项", Z),
    ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]),
    ("2.没有现成信息需要另行制作", Z),
    ("3.补正后申请内容仍不明确", [1, 0, 0, 0, 0, 0, 1]),
    ("1.信访举报投诉类申请", Z),
    ("2.重复申请", Z),
    ("3.要求提供公开出版物", Z),
    ("4.无正当理由大量反复申请", Z),
    ("5.要求行政机关确认或重新出具已获取信息", Z),
    ("（六）其他处理", Z),
    ("（七）总计", [4, 0, 0, 0, 0, 0, 4]),
    ("四、结转下年度继续办理", Z),
]
GROUP_LABELS = {"三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"}


@pytest.fixture(scope="module")
def tables() -> list[HtmlTable]:
    problems = Problems()
    report = load_report(FIXTURE, "统计.yaml", problems, folder_year=2020)
    assert report is not None, [p.message for p in problems]
    report = derive_section2(report, None, problems)
    assert check_identities(report, problems) == 0
    assert list(problems) == []
    assert report.format.name == "2019"
    return parse_tables(render_report_html(report))


def test_transcription_matches_the_seed_text() -> None:
    """The expected cells above are exactly the seed's table lines (traditional → simplified)."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index("第二十條第(一)項")
    end = text.index("49萬元") + len("49萬元")
    lines = opencc.OpenCC("tw2sp").convert(text[start:end]).splitlines()
    lines = [re.sub(r"\((.)\)", r"（\1）", line.strip()) for line in lines]
    assert lines == SECTION2


def test_section2_reproduces_the_seed_cell_for_cell(tables: list[HtmlTable]) -> None:
    assert tables[0].caption == "二、主动公开政府信息情况"
    assert tables[0].texts() == SECTION2


def test_section3_every_cell(tables: list[HtmlTable]) -> None:
    table = tables[1]
    assert table.caption == "三、收到和处理政府信息公开申请情况"
    header = [c.text for row in table.rows[:3] for c in row]
    assert header == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
        "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    ]
    body = []
    for row in table.rows[3:]:
        labels = [c.text for c in row if c.tag == "th" and c.text not in GROUP_LABELS]
        numbers = [int(c.text) for c in row if c.tag == "td"]
        body.append((labels[-1], numbers))
    assert body == SECTION3
    groups = [c.text for row in table.rows[3:] for c in row if c.text in GROUP_LABELS]
    assert groups == ["三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"]


def test_section3_is_consistent(tables: list[HtmlTable]) -> None:
    rows = dict(SECTION3)
    parts = [numbers for label, numbers in SECTION3[2:-2]]
    for col in range(7):
        new, carried, seventh, out = (rows["一、本年新收政府信息公开申请数量"][col],
                                      rows["二、上年结转政府信息公开申请数量"][col],
                                      rows["（七）总计"][col], rows["四、结转下年度继续办理"][col])
        assert new + carried == seventh + out
        assert seventh == sum(p[col] for p in parts)


def test_section4_no_review_or_litigation(tables: list[HtmlTable]) -> None:
    table = tables[2]
    assert table.caption == "四、政府信息公开行政复议、行政诉讼情况"
    assert [c.text for c in table.rows[0]] == ["行政复议", "行政诉讼"]
    assert [c.text for c in table.rows[1]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                                               "未经复议直接起诉", "复议后起诉"]
    assert [c.text for c in table.rows[2]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert [c.text for c in table.rows[3]] == ["0"] * 15
