"""健康状况 is among the data to mask (浙江省办法第七条): explicit labels only, statutory phrases left alone."""

from __future__ import annotations

from datetime import date

import pytest

from zfxxgk.checks.privacy_scan import apply_acknowledgments, scan_text

DAY = date(2026, 11, 1)


@pytest.mark.parametrize(("text", "value"), [
    ("当事人李某健康状况：患有糖尿病，正在治疗。", "患有糖尿病"),
    ("既往病史为高血压", "高血压"),
    ("经医院诊断为轻度抑郁。", "轻度抑郁"),
])
def test_health_data_is_flagged(text: str, value: str) -> None:
    (finding,) = scan_text(text, as_of=DAY)
    assert (finding.kind, finding.value, finding.severity) == ("health", value, "warning")
    assert "健康状况" in finding.message and finding.message.endswith("第七条）")


@pytest.mark.parametrize("text", [
    "当事人安排患有有碍食品安全疾病的人员从事接触直接入口食品的工作。",
    "从业人员未取得健康证明。",
    "病史：＊＊＊（已隐去）",
    "危害人体健康。",
    "应当删除自然人的身份证件号码、家庭住址、健康状况等个人信息。",
    "健康状况、病史等信息不予公开。",
])
def test_statutory_phrases_and_masked_values_pass(text: str) -> None:
    assert scan_text(text, as_of=DAY) == []


def test_health_data_can_be_acknowledged() -> None:
    findings = scan_text("病情：已康复", as_of=DAY)
    assert apply_acknowledgments(findings, ["已康复"]) == []
