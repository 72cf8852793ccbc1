"""Working days: chinesecalendar, our own counter (start day not counted), overrides, Monday–Friday fallback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from zfxxgk.catalogue.deadline import parse_deadline
from zfxxgk.workdays import Calendar, CalendarError, annual_date_on_or_after, deadline_for

D = dt.date.fromisoformat


def _year_known(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-26", 3, "2025-09-30"),  # Sat 27 Sep is a 调休 working day
        ("2025-09-30", 1, "2025-10-09"),  # National Day and Mid-Autumn holiday 1–8 Oct
        ("2025-09-30", 3, "2025-10-11"),  # Sat 11 Oct is a 调休 working day
        ("2025-01-24", 5, "2025-02-07"),  # Spring Festival; Sun 26 Jan and Sat 8 Feb are working days
        ("2025-12-31", 20, "2026-01-29"),  # across the year boundary, New Year holiday
        ("2025-10-04", 1, "2025-10-09"),  # start on a holiday: still the first working day after it
        ("2025-09-26", 0, "2025-09-26"),
    ],
)
def test_add_workdays(start: str, n: int, expected: str) -> None:
    day, warnings = Calendar.load().add_workdays(D(start), n)
    assert day == D(expected)
    assert warnings == ()


def test_start_day_is_not_counted_even_when_it_is_a_working_day() -> None:
    day, _ = Calendar.load().add_workdays(D("2025-06-02"), 1)  # Monday
    assert day == D("2025-06-03")


def test_unknown_year_falls_back_to_monday_to_friday_with_a_warning() -> None:
    assert not _year_known(2027), "chinesecalendar now knows 2027: pick a later year for this test"
    day, warnings = Calendar.load().add_workdays(D("2027-03-05"), 3)  # Friday
    assert day == D("2027-03-10")
    assert len(warnings) == 1
    assert "2027年" in warnings[0]
    assert "周一至周五" in warnings[0]


def test_override_file_takes_effect(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text("2027:\n  节假日:\n    - 2027-03-08~2027-03-09\n  调休工作日:\n    - 2027-03-13\n", encoding="utf-8")
    cal = Calendar.load(path)
    day, warnings = cal.add_workdays(D("2027-03-05"), 3)  # Friday; Mon 8 and Tue 9 are holidays
    assert day == D("2027-03-12")
    assert warnings == ()
    assert cal.add_workdays(D("2027-03-05"), 4)[0] == D("2027-03-13")  # the 调休 Saturday
    assert cal.is_workday(D("2027-03-13"))
    assert not cal.is_workday(D("2027-03-08"))


def test_override_replaces_package_data_for_its_year(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text("2025:\n  节假日: [2025-06-03]\n", encoding="utf-8")
    assert not Calendar.load(path).is_workday(D("2025-06-03"))
    assert Calendar.load(path).is_workday(D("2025-10-01"))  # National Day, but the file decides for 2025
    assert not Calendar.load().is_workday(D("2025-10-01"))


def test_repository_override_file_is_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    path = root / "catalogue" / "holidays.yaml"
    cal = Calendar.load(path)
    assert cal.source == str(path)
    # Every year the file lists is taken whole from it, and agrees with what it lists.
    for year in cal.overrides.values():
        assert all(not cal.is_workday(day) for day in year.holidays)
        assert all(cal.is_workday(day) for day in year.workdays)
    # Years the file does not list come from chinesecalendar: 2025's National Day and a 调休 Sunday.
    if 2025 not in cal.overrides:
        assert not cal.is_workday(D("2025-10-01"))
        assert cal.is_workday(D("2025-09-28"))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- 2027-01-01\n", "顶层应是以年份为键的映射"),
        ("abc:\n  节假日: []\n", "不是年份"),
        ("2027:\n  放假: []\n", "只能有"),
        ("2027:\n  节假日: [2027-13-01]\n", "不是日期"),
        ("2027:\n  节假日: [2026-12-31]\n", "不在 2027 年内"),
        ("2027:\n  节假日: [2027-02-13]\n  调休工作日: [2027-02-13]\n", "同时列在"),
        ("2027:\n  调休工作日: [2027-02-08]\n", "本来就是工作日"),
        ("2027: [\n", "不是有效的 YAML"),
    ],
)
def test_override_file_errors_are_clear(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarError) as info:
        Calendar.load(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_workdays_between() -> None:
    cal = Calendar.load()
    assert cal.workdays_between(D("2025-09-30"), D("2025-10-09")) == 1
    assert cal.workdays_between(D("2025-10-11"), D("2025-10-13")) == 1
    assert cal.workdays_between(D("2025-10-13"), D("2025-10-11")) == 0


def test_deadline_for_rule_kinds() -> None:
    cal = Calendar.load()
    assert deadline_for(parse_deadline("执法决定作出之日起7个工作日内"), D("2025-09-26"), cal) == D("2025-10-13")
    assert deadline_for(parse_deadline(""), D("2025-12-31"), cal) == D("2026-01-29")
    # 20 calendar days ending on a Sunday move to the next working day (民法典第二百零三条)
    assert deadline_for(parse_deadline("批复后20日内"), D("2025-05-31"), cal) == D("2025-06-20")
    assert deadline_for(parse_deadline("批复后20日内"), D("2025-09-12"), cal) == D("2025-10-09")
    assert deadline_for(parse_deadline("每年1月31日前"), D("2025-01-10"), cal) == D("2025-01-31")
    assert deadline_for(parse_deadline("每年1月31日前"), D("2025-03-01"), cal) == D("2026-01-31")
    assert deadline_for(parse_deadline("6月底前"), D("2025-02-01"), cal) == D("2025-06-30")
    assert deadline_for(parse_deadline("及时公开"), D("2025-02-01"), cal) is None
    assert deadline_for(parse_deadline("1年"), D("2025-02-01"), cal) is None
    assert deadline_for(parse_deadline("看情况"), D("2025-02-01"), cal) is None


def test_due_carries_fallback_warnings() -> None:
    due = Calendar.load().due(parse_deadline("20个工作日"), D("2026-12-20"))
    assert due is not None
    assert due.date.year == 2027
    assert any("2027年" in w for w in due.warnings)


def test_annual_month_end() -> None:
    assert annual_date_on_or_after(2, None, D("2024-01-05")) == D("2024-02-29")
    assert annual_date_on_or_after(2, 30, D("2025-01-05")) == D("2025-02-28")
