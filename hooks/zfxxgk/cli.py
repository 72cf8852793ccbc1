"""The `zfxxgk` command line: a thin layer that parses arguments and delegates.

Each sub-command lives in `zfxxgk.commands.<name>` and exposes
`register(subparsers: argparse._SubParsersAction) -> None`, which adds its parser and sets
`func=callable(args) -> int` as the default. Exit codes: 0 fine, 1 content errors, 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from zfxxgk import __version__, commands

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse with exit code 2 and Chinese-first error text."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 参数错误 (usage error): {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The top-level parser with every sub-command found in `zfxxgk.commands`.

    With `command` (the sub-command about to run, named like its module) only that module is imported:
    the others pull in libraries a run of this one does not need (pypinyin, openpyxl …).
    """
    parser = _Parser(prog="zfxxgk", description="政府信息公开专栏：检查、生成与报告")
    parser.add_argument("--version", action="version", version=f"zfxxgk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    names = sorted(info.name for info in pkgutil.iter_modules(commands.__path__))
    for name in [command] if command in names else names:
        module = importlib.import_module(f"zfxxgk.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    # The top level has no option that takes a value, so the first word that is not an option is the command.
    command = next((a for a in args_in if not a.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(args_in)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
