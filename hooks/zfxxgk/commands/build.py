"""`zfxxgk build`: build the site with the build library (zfxxgk.build) and the first installed engine.

The same site, byte for byte, as `mkdocs build` from the same mkdocs.yml; published only when the build
succeeds (the site folder keeps the last site otherwise).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from zfxxgk.build import BuildError, ConfigError
from zfxxgk.build.engine import ENGINES, load_engine
from zfxxgk.build.run import build_site

LEVELS = {logging.ERROR: "错误", logging.WARNING: "警告", logging.INFO: "信息", logging.DEBUG: "调试"}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `build` sub-command."""
    p = subparsers.add_parser("build", help="生成网站（exit 0 已发布，1 没有发布：内容错误或构建失败，2 用法或配置错误）")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径")
    p.add_argument("--out", "-d", default=None, metavar="DIR", help="网站目录（默认为 mkdocs.yml 的 site_dir，即 site/）")
    p.add_argument("--strict", action="store_true", help="有警告也不发布")
    p.add_argument("--engine", choices=ENGINES, default=None, help="网站生成引擎（默认：第一个已安装的）")
    p.add_argument("--quiet", "-q", action="store_true", help="只显示警告和错误")
    p.set_defaults(func=run)


class _Lines(logging.Formatter):
    """`级别: message`, the level in Chinese."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{LEVELS.get(record.levelno, record.levelname)}: {record.getMessage()}"


def run(args: argparse.Namespace) -> int:
    """Build and publish; exit 0 published, 1 not published, 2 configuration."""
    config = Path(args.config)
    if not config.is_file():
        print(f"找不到配置文件 {config}。请在项目根目录运行，或用 --config 指定 mkdocs.yml。", file=sys.stderr)
        return 2
    try:
        engine = load_engine(args.engine)
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Lines())
    for logger in engine.loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING if args.quiet else logging.INFO)
        logger.propagate = False
    try:
        site = build_site(engine, config, Path(args.out) if args.out else None, args.strict)
    except ConfigError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 1
    finally:
        for logger in engine.loggers:
            logger.removeHandler(handler)
    if not args.quiet:
        print(f"网站已生成：{site}", file=sys.stderr)
    return 0
