"""Small projects holding hostile content (issue 20): an item written from a few fields, checked in-process
and built by a real `mkdocs build`, for tests/test_hostile_security.py and tests/browser."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from projectkit import CASE_SETTINGS, ROOT, make_project, merge
from zfxxgk.cli import main

AS_OF = "2026-11-20"
ORG = "11520200MB1C123455"
TITLE = "关于开展2024年“双随机、一公开”监管工作的通知"


def item_text(
    no: str = "2024-00010",
    title: str = TITLE,
    files: tuple[str, ...] = (),
    body: str = "各县（市、特区、区）市场监督管理局：\n\n现将有关事项通知如下。\n",
    summary: str | None = None,
) -> str:
    """An item file: 标题 on line 3, 内容概述 (when given) on line 8, then 附件 with each 文件 at column 9."""
    lines = [
        "---",
        f"索引号: {ORG}/{no}",
        f"标题: {json.dumps(title, ensure_ascii=False)}",
        "目录: 政策文件/其他文件",
        "发布机构: 六盘水市市场监督管理局",
        f"发布日期: {no[:4]}-03-08",
        "公开方式: 主动公开",
    ]
    if summary is not None:
        lines.append(f"内容概述: {json.dumps(summary, ensure_ascii=False)}")
    if files:
        lines.append("附件:")
        for name in files:
            lines += [f"  - 名称: {name.rsplit('.', 1)[0]}", f"    文件: {json.dumps(name, ensure_ascii=False)}"]
    # 成文日期 last, so that the lines above stay where the tests expect them (its absence is an error).
    return "\n".join([*lines, f"成文日期: {no[:4]}-03-08", "---", body])


def file_line(text: str, name: str) -> int:
    """The line (from 1) of the `文件:` entry naming `name` in an item file written by item_text."""
    wanted = f"    文件: {json.dumps(name, ensure_ascii=False)}"
    return text.splitlines().index(wanted) + 1


def new_project(dest: Path, settings: dict[str, Any] | None = None) -> Path:
    """A project that `mkdocs build` can build: the repository's settings, theme and hooks, no content yet."""
    root = make_project(dest, None, merge(CASE_SETTINGS, settings or {}))
    for name in ("hooks", "overrides", "docs"):
        (root / name).symlink_to(ROOT / name)
    return root


def add_item(root: Path, text: str, no: str = "2024-00010") -> Path:
    """Write an item's index.md under content/其他文件/<no>/; its folder."""
    folder = root / "content" / "其他文件" / no
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(text, encoding="utf-8")
    return folder


def check(root: Path) -> tuple[int, list[dict[str, Any]]]:
    """`zfxxgk check --format json` of the project, in this process: exit code and problems."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "--config", str(root / "mkdocs.yml"), "--as-of", AS_OF, "--format", "json"])
    return code, json.loads(out.getvalue())["problems"]


def build(root: Path, dest: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build` of the project into `dest` (this checkout's zfxxgk, a fixed build date)."""
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1763596800", "NO_MKDOCS_2_WARNING": "1",
               "PYTHONPATH": str(ROOT / "hooks"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(dest), *extra],
        cwd=root, env=environ, capture_output=True, text=True, timeout=600,
    )


def site_files(site: Path) -> dict[str, bytes]:
    """Every file under a built site, by its path relative to the site."""
    if not site.is_dir():
        return {}
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
