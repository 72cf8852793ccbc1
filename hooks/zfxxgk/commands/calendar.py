"""`zfxxgk calendar deadline DATE N`: the N-th working day after DATE (民法典第二百零一条)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from zfxxgk.workdays import Calendar, CalendarError

DEFAULT_HOLIDAYS = "catalogue/holidays.yaml"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `calendar` sub-command."""
    p = subparsers.add_parser("calendar", help="工作日计算")
    sub = p.add_subparsers(dest="calendar_command", metavar="ACTION", parser_class=type(p))
    d = sub.add_parser("deadline", help="自 DATE 之日起 N 个工作日的最后一天（起始日不计入）")
    d.add_argument("date", type=_date, metavar="DATE", help="起算日期 YYYY-MM-DD")
    d.add_argument("n", type=_count, metavar="N", help="工作日数")
    d.add_argument("--holidays", default=None, help=f"节假日覆盖文件（默认 {DEFAULT_HOLIDAYS}，存在时使用）")
    d.set_defaults(func=run_deadline)
    p.set_defaults(func=lambda args: _help(p))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，收到 {text!r}") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"工作日数应为非负整数，收到 {text!r}")
    return int(text)


def run_deadline(args: argparse.Namespace) -> int:
    """Print the deadline as YYYY-MM-DD; warnings (unknown holidays) go to stderr."""
    path = args.holidays
    if path is None and Path(DEFAULT_HOLIDAYS).is_file():
        path = DEFAULT_HOLIDAYS
    try:
        calendar = Calendar.load(path)
    except CalendarError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    day, warnings = calendar.add_workdays(args.date, args.n)
    for warning in warnings:
        print(f"警告：{warning}", file=sys.stderr)
    print(day.isoformat())
    return 0
