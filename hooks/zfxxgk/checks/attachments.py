"""Attachment checks: declared files exist, have an allowed type and size, and stay in the item's folder."""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import unquote

from zfxxgk.annual.collect import DATA_FILE as ANNUAL_DATA_FILE
from zfxxgk.problems import Severity, rule

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext

_BASIS = "条例第二十四条（政府信息公开平台应当具备信息检索、查阅、下载等功能）"
# Files beside index.md that are data of the item itself, not attachments.
_DATA_FILES = {"index.md", ANNUAL_DATA_FILE}

rule("attachment.missing", Severity.ERROR, _BASIS, "附件文件不存在")
rule("attachment.extension", Severity.ERROR, _BASIS, "附件类型不在允许范围内")
rule("attachment.size", Severity.ERROR, _BASIS, "附件过大")
rule("attachment.path", Severity.ERROR, _BASIS, "附件路径越出条目文件夹")
rule("attachment.undeclared", Severity.WARNING, _BASIS, "条目文件夹里有未在「附件」中声明的文件")


# Images the body shows from the item's own folder are published beside the page (site/build.py).
_BODY_IMAGES = (re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)"), re.compile(r"""<img\b[^>]*?\bsrc=["']([^"']+)"""))


def body_images(body: str) -> set[str]:
    """File names of the images an item's body shows from its own folder (no folders, no other hosts)."""
    names = set()
    for pattern in _BODY_IMAGES:
        for ref in pattern.findall(body):
            name = unquote(ref)
            if "/" not in name and ":" not in name and "?" not in name and "#" not in name:
                names.add(name)
    return names


def unsafe_path(file: str) -> bool:
    """True when an attachment path is absolute or climbs out of the item's folder."""
    if not file or PureWindowsPath(file).is_absolute() or PurePosixPath(file).is_absolute() or ":" in file:
        return True
    parts = PurePosixPath(file.replace("\\", "/")).parts
    return ".." in parts


def check(ctx: CheckContext) -> None:
    """Check every declared attachment, and files left in a folder without a declaration."""
    settings = ctx.settings
    allowed = settings.attachment_extensions
    for item in ctx.items:
        src = ctx.source(item)
        declared = set()
        for index, att in enumerate(item.attachments):
            pos = src.located.value_pos(("附件", index, "文件"), src.pos("附件", index))
            if unsafe_path(att.file):
                ctx.problems.add("attachment.path", src.rel, pos.line, pos.column,
                                 f"附件「{att.name}」的路径 {att.file} 越出了条目文件夹：请把文件放在 index.md 旁边，"
                                 "只写文件名（不要用 ..、盘符或以 / 开头的路径）。")
                continue
            declared.add(att.file)
            if att.extension not in allowed:
                ctx.problems.add("attachment.extension", src.rel, pos.line, pos.column,
                                 f"附件「{att.name}」的类型 .{att.extension or '（无扩展名）'} 不允许；"
                                 f"允许的类型：{'、'.join(allowed)}。")
            if not att.path.is_file():
                present = sorted(p.name for p in item.folder.iterdir() if p.is_file() and p.name != item.path.name)
                hint = f"文件夹里现有：{'、'.join(present)}。" if present else "文件夹里没有其他文件。"
                ctx.problems.add("attachment.missing", src.rel, pos.line, pos.column,
                                 f"附件「{att.name}」的文件 {att.file} 不存在。请把文件放进 {settings.rel(item.folder)}/，"
                                 f"或改正文件名。{hint}")
                continue
            size = att.path.stat().st_size
            if size > settings.attachment_max_bytes:
                ctx.problems.add("attachment.size", src.rel, pos.line, pos.column,
                                 f"附件「{att.name}」有 {size / 1048576:.1f} MB，超过上限 "
                                 f"{settings.attachment_max_bytes / 1048576:.1f} MB；请压缩或拆分后再上传。")
        if item.path.name == "index.md":
            declared |= body_images(item.body)
            for extra in sorted(p for p in item.folder.iterdir() if p.is_file()):
                if extra.name not in declared and extra.name not in _DATA_FILES and not extra.name.startswith("."):
                    ctx.problems.add("attachment.undeclared", src.rel, 1, 1,
                                     f"文件 {extra.name} 在条目文件夹里，但没有在「附件」中声明，网站不会发布它。"
                                     "请在「附件」中加上它，或把它移走。")
