"""行政处罚 公示期 (总局令第45号第十三条): fines in every written form, the province's line per party type."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest

from zfxxgk.items import penalty
from zfxxgk.items.finemoney import chinese_number, fines_yuan
from zfxxgk.items.record import Item

GUIZHOU = penalty.SmallFine(person=5000, organisation=50000, inclusive=False)


def decision(content: str, party: str = "六盘水市某某食品有限公司", decided: str = "2026-08-03",
             published: dt.date = dt.date(2026, 8, 10), **extra: str) -> Item:
    fields = {"处罚种类和内容": content, "处罚对象": party, "处罚时间": decided, **extra}
    return Item(path=Path("index.md"), rel="index.md", index_no="X/2026-00001", title="决定书",
                catalogue="行政处罚/行政处罚决定", publisher="某局", published=published, disclosure="主动公开",
                fields=MappingProxyType(fields))


@pytest.mark.parametrize(("text", "yuan"), [
    ("罚款人民币3,000元", 3000), ("罚款叁仟元", 3000), ("罚款3000.00元", 3000), ("罚款0.3万元", 3000),
    ("罚款人民币叁仟元整", 3000), ("罚款人民币贰万伍仟元", 25000), ("罚款人民币一万零五百元", 10500),
    ("罚款（人民币）3，000元", 3000), ("罚款人民币叁佰元伍角", 300.5), ("罚款人民币5000元，并处罚款2000元", 7000),
    ("没收违法所得人民币19.80元；罚款人民币50000元。", 50000), ("警告", 0),
])
def test_fine_amounts_in_every_written_form(text: str, yuan: float) -> None:
    assert fines_yuan(text) == yuan


def test_chinese_numerals_with_capital_digits_and_units() -> None:
    assert chinese_number("叁仟") == 3000
    assert chinese_number("壹拾贰万叁仟肆佰伍拾陆") == 123456
    assert chinese_number("十二") == 12
    assert chinese_number("三千x") is None


def test_capital_numeral_fine_of_a_person_is_a_small_fine() -> None:
    """Issue 19: "罚款叁仟元" was read as 0 yuan and got 3 years instead of 3 months."""
    terms = penalty.terms(decision("罚款叁仟元", party="李某"), GUIZHOU)
    assert (terms.fine_yuan, terms.party, terms.short_period) == (3000, "自然人", True)
    assert terms.expires_on == dt.date(2026, 11, 10)


def test_company_fined_20000_stays_three_months_under_the_provincial_line() -> None:
    terms = penalty.terms(decision("罚款人民币20,000元"), GUIZHOU)
    assert terms.party == "法人或其他组织" and terms.short_period


def test_line_is_per_party_type_and_exclusive_in_guizhou() -> None:
    assert not penalty.terms(decision("罚款人民币5000元", party="李某"), GUIZHOU).short_period
    assert penalty.terms(decision("罚款人民币4999元", party="李某"), GUIZHOU).short_period
    assert not penalty.terms(decision("罚款人民币50000元"), GUIZHOU).short_period
    inclusive = penalty.SmallFine(5000, 50000, inclusive=True)
    assert penalty.terms(decision("罚款人民币5000元", party="李某"), inclusive).short_period


def test_party_type_field_overrides_the_name() -> None:
    item = decision("罚款人民币20000元", party="张某某", 当事人类型="法人或其他组织")
    assert penalty.party_kind(item) == "法人或其他组织"
    assert penalty.party_kind(decision("罚款", party="张某某")) == "自然人"


def test_national_default_has_no_small_fine_line() -> None:
    """45号令 leaves 较低数额 to the provinces: without a setting every fine is shown 3 years."""
    assert not penalty.terms(decision("罚款人民币100元", party="李某"), penalty.SmallFine()).short_period
    assert penalty.terms(decision("通报批评"), penalty.SmallFine()).short_period


def test_warning_and_criticism_is_not_warning_only_and_is_shown_three_months() -> None:
    terms = penalty.terms(decision("警告、通报批评"), GUIZHOU)
    assert not terms.warning_only and terms.short_period


def test_criticism_with_a_large_fine_or_confiscation_is_three_years() -> None:
    assert not penalty.terms(decision("通报批评，罚款人民币80000元"), GUIZHOU).short_period
    assert not penalty.terms(decision("没收违法所得，罚款人民币1000元"), GUIZHOU).short_period


def test_warning_only_is_judged_by_order_45_only_from_2021_09_01() -> None:
    assert penalty.terms(decision("警告", decided="2021-09-01"), GUIZHOU).warning_only
    assert not penalty.terms(decision("警告", decided="2020-06-01"), GUIZHOU).warning_only
