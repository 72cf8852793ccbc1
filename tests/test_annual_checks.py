"""Acceptance 2: the identities of sections 三 and 四 — one error per broken identity, at the right line;
plus schema messages, the deadline, carry-over and derivation from items."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from zfxxgk.annual import check_reports, derive_section2, parse_report
from zfxxgk.annual.checks import check_identities
from zfxxgk.annual.render_json import canonical
from zfxxgk.annual.schema import dumps
from zfxxgk.problems import Problem, Problems

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content/政府信息公开年报"
TEXT_2024 = (SAMPLE / "2024/统计.yaml").read_text(encoding="utf-8")
TEXT_2025 = (SAMPLE / "2025/统计.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line containing `needle`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def run(text: str, year: int = 2024) -> list[Problem]:
    problems = Problems()
    report = parse_report(text, "统计.yaml", problems, folder_year=year)
    if report is not None:
        check_identities(report, problems)
    return list(problems)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize(("text", "year"), [(TEXT_2024, 2024), (TEXT_2025, 2025)],
                         ids=["list-form-2024", "mapping-form-2025"])
def test_sample_reports_pass_every_identity(text: str, year: int) -> None:
    assert run(text, year) == []


def test_sample_content_is_clean_and_consistent_across_years() -> None:
    problems = Problems()
    reports = check_reports(ROOT / "content", None, problems, root=ROOT)
    assert [r.year for r in reports] == [2025, 2024]
    assert all(r.format.name == "2021" for r in reports)
    assert list(problems) == []


BROKEN = {
    # 自然人 予以公开 5 → 6: that row's 总计 (7) and 自然人's （七）总计 (12) no longer add up.
    "one-result-changed": (
        ("    （一）予以公开: [5, 2, 0, 0, 0, 0, 7]", "    （一）予以公开: [6, 2, 0, 0, 0, 0, 7]"),
        {("annual.applicant-total", "    （一）予以公开", "总计"),
         ("annual.results-total", "    （七）总计", "自然人")},
    ),
    # 结转下年度 1 → 2 for 自然人 and in 总计: both columns stop balancing, nothing else.
    "carry-over-changed": (
        ("  四、结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]", "  四、结转下年度继续办理: [2, 0, 0, 0, 0, 0, 2]"),
        {("annual.balance", "  四、结转下年度继续办理", "「自然人」"),
         ("annual.balance", "  四、结转下年度继续办理", "「总计」")},
    ),
    # A wrong 总计 in one row only.
    "row-total-wrong": (
        ("      1.本机关不掌握相关政府信息: [3, 0, 0, 0, 0, 0, 3]", "      1.本机关不掌握相关政府信息: [3, 0, 0, 0, 0, 0, 4]"),
        {("annual.applicant-total", "1.本机关不掌握相关政府信息", "总计"),
         ("annual.results-total", "    （七）总计", "「总计」")},
    ),
    # Section 四: 行政复议 总计 wrong, and 复议后起诉 总计 wrong.
    "review-totals-wrong": (
        ("  行政复议: [1, 0, 0, 0, 1]\n  行政诉讼:\n    未经复议直接起诉: [0, 0, 0, 0, 0]\n    复议后起诉: [0, 0, 0, 0, 0]",
         "  行政复议: [1, 0, 0, 0, 2]\n  行政诉讼:\n    未经复议直接起诉: [0, 0, 0, 0, 0]\n    复议后起诉: [0, 1, 0, 0, 0]"),
        {("annual.review-total", "  行政复议:", "行政复议"),
         ("annual.review-total", "    复议后起诉:", "复议后起诉")},
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_identity_is_exactly_one_error(case: str) -> None:
    (old, new), expected = BROKEN[case]
    text = edit(TEXT_2024, old, new)
    problems = run(text)
    assert len(problems) == len(expected), [p.message for p in problems]
    found = set()
    for rule_id, line_text, named in expected:
        match = [p for p in problems if p.rule == rule_id and p.line == line_of(text, line_text) and named in p.message]
        assert len(match) == 1, (rule_id, line_text, [(p.rule, p.line, p.message) for p in problems])
        found.add(match[0])
    assert len(found) == len(problems)
    assert all(p.severity.value == "error" for p in problems)


def test_balance_message_names_column_and_both_sides() -> None:
    text = edit(TEXT_2025, "  四、结转下年度继续办理: {商业企业: 1}", "  四、结转下年度继续办理: {商业企业: 0}")
    problems = run(text, 2025)
    assert {p.rule for p in problems} == {"annual.balance"}
    by_column = {("商业企业" if "「商业企业」" in p.message else "总计"): p for p in problems}
    assert set(by_column) == {"商业企业", "总计"}
    message = by_column["商业企业"].message
    assert "4 + 0" not in message  # sides are labelled, not bare sums
    assert "一、本年新收（4）" in message and "= 4" in message
    assert "（七）总计（3）" in message and "结转下年度继续办理（0）= 3" in message
    assert "国办公开办函" in message
    assert by_column["商业企业"].line == line_of(text, "四、结转下年度继续办理")


def test_omitted_cells_count_as_zero_and_totals_are_summed() -> None:
    problems = Problems()
    report = parse_report(TEXT_2025, "统计.yaml", problems, folder_year=2025)
    assert report is not None
    row = ("三、本年度办理结果", "（七）总计")
    assert [report.value3(row, c) for c in ("自然人", "商业企业", "法律服务机构", "总计")] == [10, 3, 2, 15]
    assert report.section4[("复议后起诉", "总计")].value == 0


@pytest.mark.parametrize(("old", "new", "rule_id", "needle"), [
    ("    （一）予以公开: [5, 2, 0, 0, 0, 0, 7]", "    （一）予以公开: [5, -2, 0, 0, 0, 0, 7]", "annual.schema", "不能小于 0"),
    ("    （一）予以公开: [5, 2, 0, 0, 0, 0, 7]", "    （一）予以公开: [5, 2.5, 0, 0, 0, 0, 7]", "annual.schema", "应为整数"),
    ("    （一）予以公开: [5, 2, 0, 0, 0, 0, 7]", "    （一）予以公开: [5, 2, 0, 0, 0]", "annual.schema", "应有 6 到 7 个"),
    ("    （一）予以公开: [5, 2, 0, 0, 0, 0, 7]", "    （一）予以公开: {自然人: 5, 商业企业: 2, 个人: 0}",
     "annual.schema", "不认识「个人」"),
    ("    （一）予以公开:", "    （一）予以公开了:", "annual.schema", "是不是「（一）予以公开」"),
    ("    行政强制: {本年处理决定数量: 23}\n", "", "annual.schema", "缺少「行政强制」"),
    ("    行政许可: {本年处理决定数量: 1286}\n", "", "annual.schema", "没有填写内容"),
    ("年度: 2024", "年度: 2023", "annual.year", "2024 年的文件夹"),
])
def test_schema_problems_point_at_the_line(old: str, new: str, rule_id: str, needle: str) -> None:
    text = edit(TEXT_2024, old, new)
    problems = run(text)
    assert [p.rule for p in problems] == [rule_id], [p.message for p in problems]
    assert needle in problems[0].message
    if new:
        assert problems[0].line == line_of(text, (new or old).strip().split("\n")[0].strip()[:12])


def test_yaml_syntax_error_is_reported_with_position() -> None:
    problems = run(TEXT_2024.replace("年度: 2024", "年度: [2024"))
    assert [p.rule for p in problems] == ["annual.yaml"]
    assert problems[0].line > 0


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content / "政府信息公开年报")
    return content


def test_report_published_after_31_january_is_late(tmp_path: Path) -> None:
    content = _content(tmp_path)
    index = content / "政府信息公开年报/2024/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("发布日期: 2025-01-17", "发布日期: 2025-02-03"),
                     encoding="utf-8")
    problems = Problems()
    check_reports(content, None, problems, root=tmp_path)
    late = [p for p in problems if p.rule == "annual.late"]
    assert len(late) == 1 and len(problems) == 1
    assert late[0].path == "content/政府信息公开年报/2024/index.md"
    assert late[0].line == line_of(index.read_text(encoding="utf-8"), "发布日期:")
    assert "第四十九条" in late[0].message and "2025-01-31" in late[0].message


def test_data_file_date_is_used_without_an_item(tmp_path: Path) -> None:
    content = _content(tmp_path)
    (content / "政府信息公开年报/2025/index.md").unlink()
    data = content / "政府信息公开年报/2025/统计.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("年度: 2025\n", "年度: 2025\n发布日期: 2026-03-02\n"),
                    encoding="utf-8")
    problems = Problems()
    check_reports(content, None, problems, root=tmp_path)
    assert [(p.rule, p.path, p.line) for p in problems] == [
        ("annual.late", "content/政府信息公开年报/2025/统计.yaml", line_of(data.read_text(encoding="utf-8"), "发布日期: 2026"))
    ]


def test_carry_over_between_years_is_compared(tmp_path: Path) -> None:
    content = _content(tmp_path)
    data = content / "政府信息公开年报/2025/统计.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "  二、上年结转政府信息公开申请数量: {自然人: 1}", "  二、上年结转政府信息公开申请数量: {自然人: 0}"), encoding="utf-8")
    problems = Problems()
    check_reports(content, None, problems, root=tmp_path)
    rules = sorted(p.rule for p in problems)
    # The 2025 column balance breaks too (its own identity), and the carry-over differs from 2024 (warning).
    assert rules == ["annual.balance", "annual.balance", "annual.carry-over", "annual.carry-over"]


def test_missing_data_file_beside_a_report_item_is_a_warning(tmp_path: Path) -> None:
    content = _content(tmp_path)
    (content / "政府信息公开年报/2025/统计.yaml").unlink()
    problems = Problems()
    reports = check_reports(content, None, problems, root=tmp_path)
    assert [r.year for r in reports] == [2024]
    assert [(p.rule, p.path) for p in problems] == [("annual.data-missing", "content/政府信息公开年报/2025/index.md")]


@dataclass(frozen=True)
class FakeItem:
    catalogue: str
    published: dt.date
    written: dt.date | None = None
    validity: str | None = "现行有效"
    repealed_on: dt.date | None = None
    disclosure: str = "主动公开"
    genre: str | None = "通知"


ITEMS = [
    FakeItem("政策文件/行政规范性文件", dt.date(2021, 11, 19), dt.date(2021, 11, 15), "已废止", dt.date(2024, 5, 1)),
    FakeItem("政策文件/行政规范性文件", dt.date(2022, 5, 26), dt.date(2022, 5, 20)),
    FakeItem("政策文件/行政规范性文件", dt.date(2024, 3, 22), dt.date(2024, 3, 18)),
    FakeItem("政策文件/行政规范性文件", dt.date(2025, 1, 6), dt.date(2024, 12, 27)),  # made 2024, public 2025
    FakeItem("政策文件/行政规范性文件", dt.date(2023, 2, 1), None, "已失效"),  # no 废止日期: not in force
    FakeItem("政策文件/行政规范性文件", dt.date(2024, 6, 1), disclosure="依申请公开"),
    FakeItem("政策文件/其他文件", dt.date(2024, 6, 1)),
    FakeItem("政策文件/规章/市政府规章", dt.date(2024, 8, 1), dt.date(2024, 7, 20)),
]


def _cells(report: object, block: str = "第二十条第（一）项") -> dict[tuple[str, str], object]:
    return {(r, c): f.value for (b, r, c), f in report.section2.items() if b == block}  # type: ignore[attr-defined]


def test_section2_derived_from_items_2021_format() -> None:
    problems = Problems()
    report = parse_report(TEXT_2024, "统计.yaml", problems, folder_year=2024)
    assert report is not None
    report = derive_section2(report, ITEMS, problems)
    assert _cells(report) == {
        ("规章", "本年制发件数"): 1, ("规章", "本年废止件数"): 0, ("规章", "现行有效件数"): 1,
        ("行政规范性文件", "本年制发件数"): 2, ("行政规范性文件", "本年废止件数"): 1,
        ("行政规范性文件", "现行有效件数"): 2,
    }
    assert all(report.section2[("第二十条第（一）项", r, c)].origin == "derived" for r, c in _cells(report))
    assert list(problems) == []


def test_section2_derived_from_items_2019_format() -> None:
    text = (ROOT / "tests/fixtures/annual/guiyang-2020/统计.yaml").read_text(encoding="utf-8")
    text = text.replace("    规章: {本年新制作数量: 0, 本年新公开数量: 0, 对外公开总数量: 0}\n", "")
    problems = Problems()
    report = parse_report(text, "统计.yaml", problems, folder_year=2020)
    assert report is not None
    items = [FakeItem("政策文件/规章", dt.date(2020, 1, 10), dt.date(2019, 12, 20)),
             FakeItem("政策文件/规章", dt.date(2019, 3, 1)),
             FakeItem("政策文件/规章", dt.date(2021, 3, 1))]
    report = derive_section2(report, items, problems)
    cells = _cells(report)
    assert [cells[("规章", c)] for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")] == [0, 1, 2]
    # 规范性文件 was typed (3/3/3) while no item exists: the typed numbers stay, each difference warns.
    assert [cells[("规范性文件", c)] for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")] == [3, 3, 3]
    warnings = list(problems)
    assert [p.rule for p in warnings] == ["annual.derived-differs"] * 3
    assert {p.line for p in warnings} == {line_of(text, "    规范性文件:")}
    assert all(p.severity.value == "warning" and "按目录 政策文件/行政规范性文件 的条目统计是 0" in p.message
               for p in warnings)


def test_categories_are_a_parameter() -> None:
    problems = Problems()
    report = parse_report(TEXT_2024, "统计.yaml", problems, folder_year=2024)
    assert report is not None
    report = derive_section2(report, ITEMS, problems, {"规章": (), "行政规范性文件": ("政策文件/其他文件",)})
    assert _cells(report)[("行政规范性文件", "现行有效件数")] == 1
    assert _cells(report)[("规章", "现行有效件数")] == 0


def test_committed_schema_is_generated() -> None:
    assert (ROOT / "schema/annual-report.schema.json").read_text(encoding="utf-8") == dumps()


@pytest.mark.parametrize("path", [SAMPLE / "2024/统计.yaml", SAMPLE / "2025/统计.yaml",
                                  ROOT / "tests/fixtures/annual/guiyang-2020/统计.yaml"])
def test_json_export_is_valid_data_for_the_same_schema(path: Path) -> None:
    problems = Problems()
    report = parse_report(path.read_text(encoding="utf-8"), "统计.yaml", problems, int(path.parent.name[-4:]))
    assert report is not None
    report = derive_section2(report, ITEMS, Problems())
    schema = json.loads((ROOT / "schema/annual-report.schema.json").read_text(encoding="utf-8"))
    data = canonical(report)
    jsonschema.Draft202012Validator(schema).validate(data)
    again = parse_report(json.dumps(data, ensure_ascii=False), "x.json", Problems(), report.year)
    assert again is not None and check_identities(again, Problems()) == 0


def test_unsafe_html_in_markdown_is_reported_at_its_line(tmp_path: Path) -> None:
    content = _content(tmp_path)
    data = content / "政府信息公开年报/2024/统计.yaml"
    text = data.read_text(encoding="utf-8").replace(
        "  2024年，我局未收取信息处理费。", "  2024年，我局未收取信息处理费。\n\n  详见<script>alert(1)</script>附表。")
    data.write_text(text, encoding="utf-8")
    problems = Problems()
    check_reports(content, None, problems, root=tmp_path)
    assert [(p.rule, p.line, p.column) for p in problems] == [
        ("html.unsafe", line_of(text, "<script>"), text.splitlines()[line_of(text, "<script>") - 1].index("<") + 1)]
    assert "「六、其他需要报告的事项」" in next(iter(problems)).message
