"""`zfxxgk codeowners`: print, write or check the CODEOWNERS file that routes reviews to departments."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from zfxxgk.newitem import read_sources
from zfxxgk.project import load_normalised_catalogue
from zfxxgk.report.codeowners import DEFAULT_OUTPUT, GITLAB_OUTPUT, CodeownersError, generate
from zfxxgk.settings import SettingsError, load_settings

_DIFF_LINES = 40


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `codeowners` sub-command."""
    p = subparsers.add_parser("codeowners", help="按标准目录的公开主体和科室审核人生成 CODEOWNERS（审核分派）",
                              description="不加参数时打印 CODEOWNERS 内容；--write 写入文件；--check 检查已提交的文件是否过期。")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="写入文件（默认 .github/CODEOWNERS）")
    mode.add_argument("--check", action="store_true", help="已提交的文件过期时 exit 1（供 CI 使用）")
    p.add_argument("--output", "-o", default=DEFAULT_OUTPUT, help=f"文件路径，相对于 mkdocs.yml 所在目录（默认 {DEFAULT_OUTPUT}）")
    p.add_argument("--gitlab", action="store_true",
                   help=f"同时写入或检查 GitLab 用的 {GITLAB_OUTPUT}（--check 时该文件存在就会检查）")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 written or up to date, 1 stale (--check), 2 configuration errors."""
    try:
        settings = load_settings(args.config)
        catalogue = load_normalised_catalogue(settings)
        if catalogue is None:
            raise CodeownersError("还没有导入标准目录（schema/catalogue.json）：请先运行 zfxxgk catalogue import catalogue/标准目录.xlsx。")
        text = generate(settings, catalogue, read_sources(settings))
    except (SettingsError, CodeownersError) as exc:
        print(f"配置错误：{exc}" if isinstance(exc, CodeownersError) else str(exc), file=sys.stderr)
        return 2
    outputs = [settings.root / args.output]
    gitlab = settings.root / GITLAB_OUTPUT
    if args.gitlab or (args.check and gitlab.is_file() and gitlab not in outputs):
        outputs.append(gitlab)
    if args.write:
        for path in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"已写入 {settings.rel(path)}")
        return 0
    if not args.check:
        sys.stdout.write(text)
        return 0
    command = _command(args, with_gitlab=len(outputs) > 1)
    stale = 0
    for path in outputs:
        shown = settings.rel(path)
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            print(f"错误：找不到 {shown}。请运行 {command}，并提交生成的文件。", file=sys.stderr)
            stale += 1
            continue
        if current == text:
            continue
        stale += 1
        print(f"错误：{shown} 已过期，与标准目录的公开主体、mkdocs.yml 中科室的审核人或条目的责任科室不一致。"
              f"请运行 {command}，并提交生成的文件。", file=sys.stderr)
        diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), shown, "应为", lineterm=""))
        for line in diff[:_DIFF_LINES]:
            print(line, file=sys.stderr)
        if len(diff) > _DIFF_LINES:
            print(f"……（另有 {len(diff) - _DIFF_LINES} 行差异）", file=sys.stderr)
    if not stale:
        print(f"{'、'.join(settings.rel(p) for p in outputs)} 是最新的。")
    return 1 if stale else 0


def _command(args: argparse.Namespace, with_gitlab: bool) -> str:
    parts = ["zfxxgk codeowners --write"]
    if with_gitlab:
        parts.append("--gitlab")
    if args.output != DEFAULT_OUTPUT:
        parts.append(f"--output {args.output}")
    if Path(args.config) != Path("mkdocs.yml"):
        parts.append(f"--config {args.config}")
    return " ".join(parts)
