"""Working days (工作日) on the official calendar, and deadlines computed from a catalogue rule.

Sources, in order: the local override file (catalogue/holidays.yaml) for the years it lists, then
`chinesecalendar` for the years it knows, else Monday–Friday with a warning. Counting follows
民法典第二百零一条: the start day is not counted, so "N 个工作日内" ends on the N-th working day after it.
(`chinese_calendar.find_workday` is not used: it is one day late when the start is not a working day.)
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

from zfxxgk import yamlpos
from zfxxgk.catalogue.deadline import Deadline

FALLBACK_NOTE = "按周一至周五计算工作日，请核对国务院办公厅当年的节假日安排通知，并在 catalogue/holidays.yaml 中补充"


class CalendarError(Exception):
    """The holiday override file cannot be used; the message says where and how to fix it."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class HolidayYear:
    """One year of the override file: its public holidays and its 调休 working days."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def is_workday(self, day: dt.date) -> bool:
        """Working day under this year's arrangement."""
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


_HOLIDAYS_KEY = "节假日"
_WORKDAYS_KEY = "调休工作日"


def _dates(path: str, year: int, key: str, values: object) -> frozenset[dt.date]:
    if values is None:
        return frozenset()
    if not isinstance(values, list):
        raise CalendarError(path, f"{year} 年的“{key}”应是日期列表（- {year}-01-01），实际是 {values!r}")
    out: set[dt.date] = set()
    for value in values:
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()[:100]
        first, _, last = text.partition("~")
        try:
            start = dt.date.fromisoformat(first.strip())
            end = dt.date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise CalendarError(
                path, f"{year} 年的“{key}”中 {text!r} 不是日期；请写成 YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD"
            ) from None
        if start.year != year or end.year != year or end < start:
            raise CalendarError(path, f"{year} 年的“{key}”中 {text!r} 不在 {year} 年内或起止颠倒")
        day = start
        while day <= end:
            out.add(day)
            day += dt.timedelta(days=1)
    return frozenset(out)


def load_overrides(path: Path) -> dict[int, HolidayYear]:
    """Read and validate the override file: {年份: {节假日: [...], 调休工作日: [...]}}."""
    name = str(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        # Read with the project's bounded YAML reader (depth, aliases, numbers limited; dates stay text).
        data = yamlpos.parse(text).data
    except OSError as exc:
        raise CalendarError(name, f"无法读取节假日覆盖文件：{exc.strerror}") from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CalendarError(name, f"文件不是 UTF-8 编码（第 {line} 行有无法识别的字节）：请在编辑器中以 UTF-8 另存") from None
    except yamlpos.YamlError as exc:
        raise CalendarError(name, f"第 {exc.line} 行第 {exc.column} 列：不是有效的 YAML（{exc.message}）") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CalendarError(name, "顶层应是以年份为键的映射，例如 2027: {节假日: [...], 调休工作日: [...]}")
    years: dict[int, HolidayYear] = {}
    for text_key, body in data.items():
        key = int(text_key) if text_key.isascii() and text_key.isdigit() and len(text_key) == 4 else None
        if key is None or not 1900 <= key <= 2200:
            raise CalendarError(name, f"键 {text_key[:40]!r} 不是年份（应为 4 位整数，如 2027）")
        if not isinstance(body, dict) or set(body) - {_HOLIDAYS_KEY, _WORKDAYS_KEY}:
            raise CalendarError(name, f"{key} 年下只能有“{_HOLIDAYS_KEY}”和“{_WORKDAYS_KEY}”两个列表")
        holidays = _dates(name, key, _HOLIDAYS_KEY, body.get(_HOLIDAYS_KEY))
        workdays = _dates(name, key, _WORKDAYS_KEY, body.get(_WORKDAYS_KEY))
        clash = sorted(holidays & workdays)
        if clash:
            raise CalendarError(name, f"{clash[0]} 同时列在{key}年的“{_HOLIDAYS_KEY}”和“{_WORKDAYS_KEY}”中")
        weekdays = sorted(d for d in workdays if d.weekday() < 5)
        if weekdays:
            day = weekdays[0]
            raise CalendarError(
                name, f"{day} 是周{'一二三四五'[day.weekday()]}，本来就是工作日，不应列为“{_WORKDAYS_KEY}”"
            )
        years[key] = HolidayYear(key, holidays, workdays)
    return years


@dataclass(frozen=True)
class Due:
    """A computed deadline and the warnings met on the way (e.g. a year with unknown holidays)."""

    date: dt.date
    warnings: tuple[str, ...] = ()


@dataclass
class Calendar:
    """The working-day calendar: overrides by year, then chinesecalendar, then Monday–Friday."""

    overrides: dict[int, HolidayYear] = field(default_factory=dict)
    source: str | None = None
    _prefixes: dict[int, list[int]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, override_path: str | Path | None = None) -> Calendar:
        """A calendar with the override file applied (None: chinesecalendar only)."""
        if override_path is None:
            return cls()
        return cls(load_overrides(Path(override_path)), str(override_path))

    def known(self, day: dt.date) -> bool:
        """True when the holidays of the day's year are known (override file or chinesecalendar)."""
        if day.year in self.overrides:
            return True
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return False
        return True

    def is_workday(self, day: dt.date) -> bool:
        """Whether the day is a working day (Monday–Friday where the year's holidays are unknown)."""
        year = self.overrides.get(day.year)
        if year is not None:
            return year.is_workday(day)
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5

    def _unknown_years_warnings(self, start: dt.date, end: dt.date) -> tuple[str, ...]:
        years = [y for y in range(start.year, end.year + 1) if not self.known(dt.date(y, 1, 1))]
        return tuple(f"{y}年的法定节假日和调休安排未知（chinesecalendar 与本地覆盖文件均未收录），{FALLBACK_NOTE}"
                     for y in years)

    def add_workdays(self, start: dt.date, n: int) -> tuple[dt.date, tuple[str, ...]]:
        """The n-th working day strictly after `start`, and warnings for years with unknown holidays.

        Whole years are skipped by their count of working days, so the work grows with the years spanned,
        not the days (a huge n ends in a ValueError, not in a minutes-long loop)."""
        if n < 0:
            raise ValueError("工作日数不能为负数")
        if n == 0:
            return start, self._unknown_years_warnings(start, start)
        year = start.year
        remaining = n + self._count_to(start)  # counted from 1 January of the start's year
        if remaining > (dt.MAXYEAR - year + 1) * 366:  # more days than the calendar has left: no need to count
            raise ValueError(f"{n} 个工作日超出了可以计算的日期范围")
        while remaining > self._year_total(year):
            remaining -= self._year_total(year)
            year += 1
            if year > dt.MAXYEAR:
                raise ValueError(f"{n} 个工作日超出了可以计算的日期范围")
        prefix = self._prefix(year)
        day = dt.date(year, 1, 1) + dt.timedelta(days=bisect.bisect_left(prefix, remaining))
        return day, self._unknown_years_warnings(start + dt.timedelta(days=1), day)

    def next_workday(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d ≤ end (0 when end is not after start); per year, not per day."""
        if end <= start:
            return 0
        whole = sum(self._year_total(year) for year in range(start.year, end.year))
        return whole + self._count_to(end) - self._count_to(start)

    def _rule(self, year: int) -> Callable[[dt.date], bool]:
        """`is_workday` for the days of one year, without chinesecalendar's per-call check of its whole table
        (about 0.5 ms a day: a year's table would take 0.2 s). Same sources and order as is_workday."""
        if year in self.overrides:
            return self.overrides[year].is_workday
        holidays, workdays = chinese_calendar.holidays, chinese_calendar.workdays
        if min(holidays).year <= year <= max(holidays).year:  # the years chinesecalendar.is_workday accepts
            return lambda day: day in workdays or (day.weekday() < 5 and day not in holidays)
        return lambda day: day.weekday() < 5

    def _count_to(self, day: dt.date) -> int:
        """Working days from 1 January of the day's year up to and including the day."""
        return self._prefix(day.year)[day.timetuple().tm_yday - 1]

    def _year_total(self, year: int) -> int:
        """Working days in a year: from its day table when the holidays are known, else Monday–Friday."""
        if year in self._prefixes or self.known(dt.date(year, 1, 1)):
            return self._prefix(year)[-1]
        first = dt.date(year, 1, 1).weekday()
        days = 366 if calendar.isleap(year) else 365
        weeks, extra = divmod(days, 7)
        return weeks * 5 + sum(1 for i in range(extra) if (first + i) % 7 < 5)

    def _prefix(self, year: int) -> list[int]:
        """Running count of working days over the days of a year (index 0 is 1 January), remembered."""
        table = self._prefixes.get(year)
        if table is None:
            workday = self._rule(year)
            table, count, day, one = [], 0, dt.date(year, 1, 1), dt.timedelta(days=1)
            while day.year == year:
                count += workday(day)
                table.append(count)
                if day == dt.date.max:
                    break
                day += one
            self._prefixes[year] = table
        return table

    def due(self, deadline: Deadline, anchor_date: dt.date) -> Due | None:
        """The last permitted publication day under the rule, or None for rules without a date."""
        if deadline.kind in ("working_days", "default") and deadline.n is not None:
            date, warnings = self.add_workdays(anchor_date, deadline.n)
            return Due(date, warnings)
        if deadline.kind == "calendar_days" and deadline.n is not None:
            # 民法典第二百零三条: a period ending on a holiday ends on the next working day.
            end = anchor_date + dt.timedelta(days=deadline.n)
            last = self.next_workday(end)
            return Due(last, self._unknown_years_warnings(end, last))
        if deadline.kind == "annual_date" and deadline.month is not None:
            return Due(annual_date_on_or_after(deadline.month, deadline.day, anchor_date))
        return None


def _month_day(year: int, month: int, day: int | None) -> dt.date:
    if day is None:
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1  # 2月30日 and the like: the last day of that month


def annual_date_on_or_after(month: int, day: int | None, anchor: dt.date) -> dt.date:
    """The first month/day (day None: month end) that falls on or after the anchor date."""
    candidate = _month_day(anchor.year, month, day)
    return candidate if candidate >= anchor else _month_day(anchor.year + 1, month, day)


def deadline_for(deadline: Deadline, anchor_date: dt.date, calendar: Calendar | None = None) -> dt.date | None:
    """The deadline date of a rule counted from the anchor date (None for qualitative/period/unparsed)."""
    due = (calendar or Calendar()).due(deadline, anchor_date)
    return None if due is None else due.date
