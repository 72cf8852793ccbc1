"""`zfxxgk report …`: reports generated from the content.

Each report kind is a sub-command with its own `register_<kind>(subparsers)` and `run_<kind>(args)`;
add a sibling (e.g. `report compliance`) by writing both functions and listing the register function
in `SUBCOMMANDS`. The logic lives in library modules (`zfxxgk.annual` for the annual report).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from zfxxgk.annual import (
    DEFAULT_CATEGORIES,
    ItemLike,
    check_deadline,
    check_identities,
    load_year,
    render_json,
    render_xlsx,
)
from zfxxgk.annual.collect import ANNUAL_DIR, DATA_FILE
from zfxxgk.annual.render_html import render_report_page
from zfxxgk.problems import Problems
from zfxxgk.project import load_project
from zfxxgk.report import compliance, reporters
from zfxxgk.settings import Settings, SettingsError, load_settings

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `report` command and its sub-commands."""
    parser = subparsers.add_parser("report", help="生成报告（年报等）")
    kinds = parser.add_subparsers(dest="report_kind", metavar="KIND", parser_class=type(parser))
    for register_kind in SUBCOMMANDS:
        register_kind(kinds)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    parser.set_defaults(func=usage)


def register_annual(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `report annual`."""
    p = kinds.add_parser("annual", help="政府信息公开工作年度报告（由 统计.yaml 和条目生成）")
    p.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    p.add_argument("--format", choices=("html", "json", "xlsx"), default="html", help="输出格式")
    p.add_argument("--out", "-o", default=None, help="写入文件（默认标准输出）")
    p.add_argument("--content", default=None, help=f"内容目录（其中的 {ANNUAL_DIR}/<年度>/{DATA_FILE}）")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径（用于机关名称和条目统计）")
    p.set_defaults(func=run_annual)


def register_compliance(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `report compliance`."""
    p = kinds.add_parser("compliance", help="合规报告：按规则、栏目、科室统计问题，列出需要改正的条目（供政务公开办公室）")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="以此日期为“今天”（YYYY-MM-DD）")
    p.add_argument("--format", choices=("html", "json"), default="html", help="输出格式")
    p.add_argument("--out", "-o", default=None, help="写入文件（默认标准输出）")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径")
    p.set_defaults(func=run_compliance)


SUBCOMMANDS: Sequence[Callable[[argparse._SubParsersAction], None]] = (  # type: ignore[type-arg]
    register_annual,
    register_compliance,
)


def run_compliance(args: argparse.Namespace) -> int:
    """Run every check and write the compliance report; exit 1 when the check has errors, like `check`."""
    try:
        settings = load_settings(args.config)
        project = load_project(settings, args.as_of or settings.as_of or dt.date.today())
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    report = compliance.build(project)
    text = compliance.to_json(report) if args.format == "json" else compliance.to_html(report)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_ERRORS if report["summary"]["errors"] else EXIT_OK


def _settings(config: str) -> Settings | None:
    return load_settings(config) if Path(config).is_file() else None


def run_annual(args: argparse.Namespace) -> int:
    """Load, derive and check one year's report, then write it as HTML, JSON or XLSX."""
    try:
        settings = _settings(args.config)
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    content = Path(args.content) if args.content else (settings.content_dir if settings else Path("content"))
    items: list[ItemLike] | None = None
    categories = DEFAULT_CATEGORIES
    if settings is not None:
        scoped = replace(settings, content_dir=content)
        items = list(load_project(scoped, dt.date.today()).items)
        categories = settings.options.annual_categories
    root = settings.root if settings else Path.cwd()
    problems = Problems(settings.severities if settings else None)
    report = load_year(content, args.year, problems, items, root=root, categories=categories)
    if report is None:
        if problems.errors:
            sys.stderr.write(reporters.text(problems))
            return EXIT_ERRORS
        print(f"没有找到 {content / ANNUAL_DIR / str(args.year) / DATA_FILE}。", file=sys.stderr)
        return EXIT_USAGE
    if settings is not None and not report.agency:
        report = report.with_meta(agency=settings.agency.name)
    check_identities(report, problems)
    check_deadline(report, problems)
    if len(problems):
        sys.stderr.write(reporters.text(problems))
    data: bytes
    if args.format == "xlsx":
        data = render_xlsx(report)
    elif args.format == "json":
        data = render_json(report).encode("utf-8")
    else:
        data = render_report_page(report).encode("utf-8")
    if args.out:
        Path(args.out).write_bytes(data)
    elif args.format == "xlsx" and sys.stdout.isatty():
        print("XLSX 是二进制文件，请用 --out 指定输出文件。", file=sys.stderr)
        return EXIT_USAGE
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_ERRORS if problems.errors else EXIT_OK
