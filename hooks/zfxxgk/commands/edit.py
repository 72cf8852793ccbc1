"""`zfxxgk edit`: the local mode of the web editing page — the site on 127.0.0.1, saving into this folder."""

from __future__ import annotations

import argparse
import sys

from zfxxgk.admin.local import EditError, serve
from zfxxgk.settings import SettingsError, load_settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `edit` sub-command."""
    p = subparsers.add_parser("edit", help="本地网页编辑：在本机打开 /admin/，保存的条目直接写入本地文件夹",
                              description="构建网站并在 127.0.0.1 上提供；网页编辑（/admin/）通过 decap-server 把条目和附件"
                                          "写入本地工作目录，保存后自动重新构建。第一次运行时用 npm ci 安装 decap-server。")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000；0 为任选空闲端口）")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; exit 2 when local mode cannot start."""
    try:
        settings = load_settings(args.config)
        return serve(settings, args.port, lambda line: print(line, file=sys.stderr, flush=True))
    except (SettingsError, EditError) as exc:
        print(f"错误：{exc}" if isinstance(exc, EditError) else str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"错误：无法在 127.0.0.1:{args.port} 上提供网站：{exc.strerror or exc}。请用 --port 换一个端口。", file=sys.stderr)
        return 2
