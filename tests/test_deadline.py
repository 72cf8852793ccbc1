"""The 公开时限 parser: every phrasing of RULES §4.1 and its traditional / full-width / numeral variants."""

from __future__ import annotations

import pytest

from zfxxgk.catalogue.deadline import Deadline, default_deadline, normalise, parse_deadline

W = "working_days"

# (phrasing as written in real catalogues, kind, n, unit, anchor, month, day, qualifier)
PHRASINGS = [
    ("信息形成或者变更之日起20个工作日内", W, 20, "working_day", "形成或变更", None, None, None),
    ("信息形成或变更之日起20个工作日内", W, 20, "working_day", "形成或变更", None, None, None),
    ("自信息形成或者变更之日起20个工作日内予以公开", W, 20, "working_day", "形成或变更", None, None, None),
    ("信息形成（变更）20个工作日内", W, 20, "working_day", "形成或变更", None, None, None),
    ("信息形成之日起20个工作日内", W, 20, "working_day", "形成", None, None, None),
    ("自制作或获取该信息之日起20个工作日内公开", W, 20, "working_day", "制作或获取", None, None, None),
    ("20工作日", W, 20, "working_day", "形成或变更", None, None, None),
    ("20个工作日内", W, 20, "working_day", "形成或变更", None, None, None),
    ("信息形成或变更之日起3个工作日内", W, 3, "working_day", "形成或变更", None, None, None),
    ("信息形成后，7个工作日内公开", W, 7, "working_day", "形成", None, None, None),
    ("行政处罚决定形成之日起20个工作日内", W, 20, "working_day", "决定作出", None, None, None),
    ("执法决定作出之日起7个工作日内", W, 7, "working_day", "决定作出", None, None, None),
    ("自作出行政处罚决定之日起二十个工作日内", W, 20, "working_day", "决定作出", None, None, None),
    ("自行政处罚决定书送达之日起7个工作日内", W, 7, "working_day", "决定书送达", None, None, None),
    ("自抽查结束之日起20个工作日内", W, 20, "working_day", "抽查结束", None, None, None),
    ("每年1月31日前", "annual_date", None, None, None, 1, 31, None),
    ("6月底前", "annual_date", None, None, None, 6, None, None),
    ("实时公开", "qualitative", None, None, None, None, None, "实时"),
    ("及时公开", "qualitative", None, None, None, None, None, "及时"),
    ("长期公开", "qualitative", None, None, None, None, None, "长期"),
    ("限时公开", "qualitative", None, None, None, None, None, "限时"),
    ("同上", "inherit", None, None, None, None, None, None),
    ("1年", "period", 1, "year", None, None, None, None),
    ("6个月", "period", 6, "month", None, None, None, None),
    ("1个月", "period", 1, "month", None, None, None, None),
    ("条目化展示、信息形成（变更）20个工作日内。可链接至本级政府门户网站", W, 20, "working_day", "形成或变更",
     None, None, None),
    ("批复后20日内", "calendar_days", 20, "day", "批复", None, None, None),
    ("与部门预算批复同步公开", "qualitative", None, None, "批复", None, None, "同步"),
]

VARIANTS = [
    # traditional characters
    ("信息形成或者變更之日起20個工作日內", W, 20, "形成或变更"),
    ("自行政處罰決定書送達之日起7個工作日內", W, 7, "决定书送达"),
    ("自製作或獲取該信息之日起20個工作日內公開", W, 20, "制作或获取"),
    # full-width digits and brackets
    ("信息形成（变更）２０个工作日内", W, 20, "形成或变更"),
    ("自抽查结束之日起２０个工作日内", W, 20, "抽查结束"),
    # Chinese numerals
    ("信息形成或变更之日起三个工作日内", W, 3, "形成或变更"),
    ("执法决定作出之日起七个工作日内", W, 7, "决定作出"),
    ("信息形成之日起十个工作日内", W, 10, "形成"),
    ("信息形成之日起二十五个工作日内", W, 25, "形成"),
    ("批复后二十日内", "calendar_days", 20, "批复"),
    # line breaks inside the cell
    ("信息形成或者变更之日起\n20个工作日内", W, 20, "形成或变更"),
    ("自作出行政处罚决定\r\n之日起二十个\n工作日内", W, 20, "决定作出"),
]


@pytest.mark.parametrize(("text", "kind", "n", "unit", "anchor", "month", "day", "qualifier"), PHRASINGS)
def test_every_real_phrasing(
    text: str, kind: str, n: int | None, unit: str | None, anchor: str | None,
    month: int | None, day: int | None, qualifier: str | None,
) -> None:
    assert parse_deadline(text) == Deadline(text, kind, n, unit, anchor, month, day, qualifier)


@pytest.mark.parametrize(("text", "kind", "n", "anchor"), VARIANTS)
def test_traditional_fullwidth_numeral_variants(text: str, kind: str, n: int, anchor: str) -> None:
    parsed = parse_deadline(text)
    assert (parsed.kind, parsed.n, parsed.anchor) == (kind, n, anchor)
    assert parsed.raw == text.strip()


def test_traditional_annual_date_and_qualitative() -> None:
    assert parse_deadline("每年一月三十一日前").month == 1
    assert parse_deadline("每年一月三十一日前").day == 31
    assert parse_deadline("實時公開").qualifier == "实时"
    assert parse_deadline("長期公開").qualifier == "长期"


@pytest.mark.parametrize("text", ["", None, "  ", "/", "—", "无"])
def test_empty_cell_means_article_26(text: str | None) -> None:
    parsed = parse_deadline(text)
    assert parsed.kind == "default"
    assert (parsed.n, parsed.unit, parsed.anchor) == (20, "working_day", "形成或变更")
    assert "第二十六条" in parsed.describe()
    assert default_deadline() == Deadline("", "default", 20, "working_day", "形成或变更")


@pytest.mark.parametrize("text", ["视情况而定", "按上级要求", "每月15日前", "xyz"])
def test_unknown_phrasing_is_unparsed_never_an_exception(text: str) -> None:
    parsed = parse_deadline(text)
    assert parsed.kind == "unparsed"
    assert parsed.raw == text
    assert not parsed.parsed
    assert parsed.qualifier and "人工核对" in parsed.qualifier


def test_period_variants() -> None:
    assert parse_deadline("半年") == Deadline("半年", "period", 6, "month")
    assert parse_deadline("每季度") == Deadline("每季度", "period", 1, "quarter")
    assert parse_deadline("一年").n == 1


def test_normalise() -> None:
    assert normalise("信息形成（變更）\n二十個工作日內") == "信息形成(变更)20个工作日内"


def test_json_round_trip() -> None:
    for row in PHRASINGS:
        parsed = parse_deadline(row[0])
        assert Deadline.from_json(parsed.to_json()) == parsed
    assert set(parse_deadline("20个工作日").to_json()) >= {"raw", "kind", "n", "unit", "anchor"}
