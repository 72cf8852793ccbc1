"""`zfxxgk admin`: print, write or check admin/config.yml, the configuration of the web editing page."""

from __future__ import annotations

import argparse
import difflib
import os
import sys

from zfxxgk.admin import CONFIG_FILE, config_text
from zfxxgk.admin.config import COMMAND
from zfxxgk.catalogue import schema as catschema
from zfxxgk.catalogue.load import CatalogueError
from zfxxgk.settings import Settings, SettingsError, load_settings

_DIFF_LINES = 40


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `admin` sub-command."""
    p = subparsers.add_parser("admin", help="网页编辑（/admin/）的配置：由标准目录、schema 和设置生成 admin/config.yml",
                              description="不加参数时打印 admin/config.yml 的内容；--write 写入；--check 检查已提交的文件是否过期。")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"写入 {CONFIG_FILE}")
    mode.add_argument("--check", action="store_true", help=f"{CONFIG_FILE} 过期时 exit 1（供 CI 使用）")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 written, printed or up to date; 1 stale (--check); 2 configuration errors."""
    try:
        settings = load_settings(args.config)
        text = config_text(settings)
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    path = settings.root / CONFIG_FILE
    if args.write:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"已写入 {settings.rel(path)}")
        return 0
    if not args.check:
        sys.stdout.write(text)
        return 0
    if not _schema_current(settings):
        return 1
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"错误：找不到 {CONFIG_FILE}。请运行 {COMMAND}，并提交生成的文件。", file=sys.stderr)
        return 1
    if current == text:
        print(f"{CONFIG_FILE} 是最新的。")
        return 0
    print(f"错误：{CONFIG_FILE} 已过期，与标准目录（schema/catalogue.json）、schema/item.schema.json 或 mkdocs.yml 的设置"
          f"不一致。请运行 {COMMAND}，并提交生成的文件。", file=sys.stderr)
    diff = list(difflib.unified_diff(current.splitlines(), text.splitlines(), CONFIG_FILE, "应为", lineterm=""))
    for line in diff[:_DIFF_LINES]:
        print(line, file=sys.stderr)
    if len(diff) > _DIFF_LINES:
        print(f"……（另有 {len(diff) - _DIFF_LINES} 行差异）", file=sys.stderr)
    return 1


def _schema_current(settings: Settings) -> bool:
    """False (with the commands to run) when schema/ lags behind a changed catalogue/: the form would too."""
    if not any(settings.catalogue_dir.glob("*.xls*")):
        return True  # no spreadsheet in the project: schema/catalogue.json is the source
    # schema/catalogue.json names its spreadsheets relative to the project root, as `zfxxgk catalogue` is run
    here = os.getcwd()
    os.chdir(settings.root)
    try:
        freshness = catschema.check(settings.rel(settings.catalogue_dir), settings.rel(settings.schema_dir))
    except CatalogueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return False
    finally:
        os.chdir(here)
    if freshness.up_to_date:
        return True
    print(f"错误：标准目录改过，但 {settings.rel(settings.schema_dir)}/ 和 {CONFIG_FILE} 都没有重新生成。"
          f"请运行：{freshness.command}，再运行 {COMMAND}，并提交生成的文件。", file=sys.stderr)
    return False
