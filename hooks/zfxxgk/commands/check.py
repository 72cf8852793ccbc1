"""`zfxxgk check`: validate every item and report every problem in one run."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from zfxxgk.items import manifest
from zfxxgk.problems import Problems
from zfxxgk.project import load_project
from zfxxgk.report import reporters
from zfxxgk.settings import SettingsError, load_settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `check` sub-command."""
    p = subparsers.add_parser("check", help="检查全部条目（exit 0 无错误，1 有错误，2 用法或配置错误）")
    p.add_argument("--format", choices=("text", "json", "sarif", "gitlab"), default="text", help="输出格式")
    p.add_argument("--as-of", type=_date, default=None, help="以此日期为“今天”（YYYY-MM-DD），用于与时间有关的规则")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径")
    p.add_argument("--output", "-o", default=None, help="写入文件而不是标准输出")
    p.add_argument("--against", default=None, metavar="OLD_MANIFEST",
                   help="与上次发布的网址清单（site/data/manifest.json）比较：网址不得无故消失，发布日期不得修改")
    p.set_defaults(func=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，收到 {text!r}") from None


def _read_manifest(path: str, problems: Problems) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.add("manifest.unreadable", path, 0, 0, f"无法读取网址清单：{exc}。请确认下载了上次发布的 data/manifest.json。")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("urls"), dict):
        problems.add("manifest.unreadable", path, 0, 0, "网址清单格式不对：应为 zfxxgk 构建生成的 data/manifest.json。")
        return None
    return data


def run(args: argparse.Namespace) -> int:
    """Load, check and report; exit 0 clean, 1 errors, 2 configuration."""
    early = Problems()
    old = _read_manifest(args.against, early) if args.against else None
    # What is online keeps its 索引号: a duplicate is reported on the other file.
    online = {str(e.get("索引号")): str(e.get("发布日期")) for e in (old or {}).get("urls", {}).values()
              if isinstance(e, dict) and e.get("status") == "published"}
    try:
        settings = load_settings(args.config)
        project = load_project(settings, args.as_of or settings.as_of or dt.date.today(), published=online)
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    problems = project.problems
    problems.extend(early)
    if old is not None:
        where = {item.index_no: item.rel for item in project.items}
        manifest.compare(old, project.manifest(), problems, where)
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
