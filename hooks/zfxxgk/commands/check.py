"""`zfxxgk check`: validate every item and report every problem in one run."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from zfxxgk import reporters
from zfxxgk.project import load_project
from zfxxgk.settings import SettingsError, load_settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `check` sub-command."""
    p = subparsers.add_parser("check", help="检查全部条目（exit 0 无错误，1 有错误，2 用法或配置错误）")
    p.add_argument("--format", choices=("text", "json", "sarif", "gitlab"), default="text", help="输出格式")
    p.add_argument("--as-of", type=_date, default=None, help="以此日期为“今天”（YYYY-MM-DD），用于与时间有关的规则")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径")
    p.add_argument("--output", "-o", default=None, help="写入文件而不是标准输出")
    p.set_defaults(func=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，收到 {text!r}") from None


def run(args: argparse.Namespace) -> int:
    """Load, check and report; exit 0 clean, 1 errors, 2 configuration."""
    try:
        settings = load_settings(args.config)
        project = load_project(settings, args.as_of or dt.date.today())
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    problems = project.problems
    if args.format == "json":
        out = reporters.as_json(problems, len(project.sources))
    elif args.format == "sarif":
        out = reporters.sarif(problems)
    elif args.format == "gitlab":
        out = reporters.gitlab(problems)
    else:
        out = reporters.text(problems)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(out)
    else:
        sys.stdout.write(out)
    return 1 if problems.errors else 0
