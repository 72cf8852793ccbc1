"""Attachment checks: declared files exist, have an allowed type and size, and stay in the item's folder, as
do the images the body shows."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zfxxgk.annual.collect import DATA_FILE as ANNUAL_DATA_FILE
from zfxxgk.html.images import BodyImages, classify, find_images, image_problem, plain_name
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.problems import Severity, rule
from zfxxgk.safepath import Refusal, resolve, unsafe_name

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext
    from zfxxgk.items.record import Item

_BASIS = "条例第二十四条（政府信息公开平台应当具备信息检索、查阅、下载等功能）"
# Files beside index.md that are data of the item itself, not attachments.
_DATA_FILES = {"index.md", ANNUAL_DATA_FILE}

rule("attachment.missing", Severity.ERROR, _BASIS, "附件文件不存在")
rule("attachment.extension", Severity.ERROR, _BASIS, "附件类型不在允许范围内")
rule("attachment.size", Severity.ERROR, _BASIS, "附件过大")
rule("attachment.path", Severity.ERROR, _BASIS, "附件路径越出条目文件夹")
rule("attachment.undeclared", Severity.WARNING, _BASIS, "条目文件夹里有未在「附件」中声明的文件")
_SECURITY = "《政府网站发展指引》（国办发〔2017〕47号）安全防护要求"
rule("attachment.image-path", Severity.ERROR, _SECURITY, "正文图片的路径越出条目文件夹")
rule("attachment.symlink", Severity.ERROR, _SECURITY, "附件或正文图片是符号链接，或不是普通文件")
rule("attachment.image-type", Severity.ERROR, _SECURITY, "正文图片不是网站发布的图片类型（SVG、HTML 等可以运行脚本）")

# Core Markdown makes an <img> only from `![` or a raw <img> tag: other bodies need no rendering.
_MAY_SHOW_IMAGE = re.compile(r"!\[|<img", re.I)
_KIND = "body-images"


class BodyImageFinder:
    """The images of item bodies as the site finds them (html/images.py, over the rendered body).

    Bodies are rendered with core Markdown: the check runs without MkDocs, which alone builds mkdocs.yml's
    extensions (their options may be Python objects). Extensions add no image syntax, but a container
    (admonition, md_in_html) can hold an image core Markdown takes for code; such an image is left out
    here. The build copies from its own rendering, so this only affects warnings. Cached by body text.
    """

    def __init__(self, cache: Any = None) -> None:
        self.cache = cache
        self._md: MarkdownRenderer | None = None

    def find(self, body: str) -> BodyImages:
        """The local images and out-of-folder references of one body."""
        if not _MAY_SHOW_IMAGE.search(body):
            return BodyImages()
        entry = self.cache.key(_KIND, hashlib.sha256(body.encode("utf-8")).digest()) if self.cache else ""
        found = self.cache.get(_KIND, entry) if self.cache else None
        if isinstance(found, BodyImages):
            return found
        if self._md is None:
            self._md = MarkdownRenderer()
        found = find_images(self._md.render(body))
        if self.cache:
            self.cache.put(_KIND, entry, found)
        return found


def _body_position(item: Item, text: str) -> tuple[int, int]:
    """Line and column of `text` in the item file (the body's first line when it is not found as written)."""
    offset = item.body.find(text)
    if offset < 0:
        return item.body_line, 1
    line = item.body_line + item.body.count("\n", 0, offset)
    return line, offset - (item.body.rfind("\n", 0, offset) + 1) + 1


def unsafe_path(file: str) -> bool:
    """True when an attachment path is absolute or climbs out of the item's folder."""
    return unsafe_name(file)


def _link_message(what: str, name: str, refusal: Refusal) -> str:
    advice = ("请删除链接，把文件本身放进条目文件夹（git 中提交的应是文件，不是链接）。" if refusal.reason == "link"
              else "请换成普通文件。")
    return f"{what}：{refusal.describe(name)}。{advice}"


def _check_images(ctx: CheckContext, item: Item, rel: str, shown: BodyImages) -> None:
    """Refused local images: a link (to a file or a folder), not a regular file, or not a picture; never
    published."""
    for name in shown.local:
        found = resolve(item.folder, name) if plain_name(name) else None
        if isinstance(found, Refusal) and found.reason in ("link", "not-file"):
            line, column = _body_position(item, name)
            ctx.problems.add("attachment.symlink", rel, line, column,
                             _link_message("正文图片", name, found))
        why = image_problem(found) if isinstance(found, Path) else None
        if why:
            line, column = _body_position(item, name)
            ctx.problems.add("attachment.image-type", rel, line, column,
                             f"正文图片 {name} 的{why}，网站不会发布它（SVG、HTML 等文件打开时可以运行脚本，"
                             "其他文件不经个人信息检查）。请换成 PNG 或 JPEG 图片；文件请作为「附件」发布。")


NAME_MAX = 255  # bytes of one file name on Linux, macOS and Windows file systems


def _too_long(file: str) -> int:
    """The UTF-8 length of the longest part of a relative path when it is over NAME_MAX bytes, else 0."""
    longest = max((len(part.encode("utf-8", "surrogatepass")) for part in file.replace("\\", "/").split("/")),
                  default=0)
    return longest if longest > NAME_MAX else 0


def _size(path: Path) -> int | None:
    """The size of a regular file, or None when it is missing or cannot be reached (a link that loops…)."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _files(folder: Path) -> list[str]:
    """Names of the regular files in a folder, sorted; entries that cannot be examined are left out."""
    names = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if entry.is_file(follow_symlinks=False):
                        names.append(entry.name)
                except OSError:
                    continue
    except OSError:
        return []
    return sorted(names)


def check(ctx: CheckContext) -> None:
    """Check every declared attachment, and files left in a folder without a declaration."""
    settings = ctx.settings
    allowed = settings.attachment_extensions
    images = BodyImageFinder(ctx.cache)
    for item in ctx.items:
        src = ctx.source(item)
        shown = images.find(item.body)
        for ref in shown.outside:
            line, column = _body_position(item, ref)
            path = classify(ref)[1]
            shown_as = ref if path == ref else f"{ref}（即 {path}）"
            ctx.problems.add("attachment.image-path", src.rel, line, column,
                             f"正文图片 {shown_as} 指向条目文件夹以外的文件，网站不会发布它。请把图片放在 index.md 旁边，"
                             "只写文件名，例如 ![说明](图片.png)（不要用 ..、盘符、反斜杠或 %2F）。")
        _check_images(ctx, item, src.rel, shown)
        declared = set()
        for index, att in enumerate(item.attachments):
            pos = src.located.value_pos(("附件", index, "文件"), src.pos("附件", index))
            if unsafe_path(att.file):
                ctx.problems.add("attachment.path", src.rel, pos.line, pos.column,
                                 f"附件「{att.name}」的路径 {att.file} 越出了条目文件夹：请把文件放在 index.md 旁边，"
                                 "只写文件名（不要用 ..、盘符或以 / 开头的路径）。")
                continue
            too_long = _too_long(att.file)
            if too_long:
                ctx.problems.add("attachment.path", src.rel, pos.line, pos.column,
                                 f"附件「{att.name[:40]}」的文件名有 {too_long} 字节，超过文件系统允许的 {NAME_MAX} 字节"
                                 "（约 85 个汉字）：请缩短文件名，并同时改名文件。")
                continue
            declared.add(att.file)
            if att.extension not in allowed:
                ctx.problems.add("attachment.extension", src.rel, pos.line, pos.column,
                                 f"附件「{att.name}」的类型 .{att.extension or '（无扩展名）'} 不允许；"
                                 f"允许的类型：{'、'.join(allowed)}。")
            found = att.source
            if isinstance(found, Refusal) and found.reason in ("link", "not-file"):
                ctx.problems.add("attachment.symlink", src.rel, pos.line, pos.column,
                                 _link_message(f"附件「{att.name}」", att.file, found))
                continue
            if isinstance(found, Refusal):
                present = sorted(name for name in _files(item.folder) if name != item.path.name)
                hint = f"文件夹里现有：{'、'.join(present)}。" if present else "文件夹里没有其他文件。"
                ctx.problems.add("attachment.missing", src.rel, pos.line, pos.column,
                                 f"附件「{att.name}」的文件 {att.file} 不存在。请把文件放进 {settings.rel(item.folder)}/，"
                                 f"或改正文件名。{hint}")
                continue
            size = found.stat().st_size
            if size > settings.attachment_max_bytes:
                ctx.problems.add("attachment.size", src.rel, pos.line, pos.column,
                                 f"附件「{att.name}」有 {size / 1048576:.1f} MB，超过上限 "
                                 f"{settings.attachment_max_bytes / 1048576:.1f} MB；请压缩或拆分后再上传。")
        if item.path.name == "index.md":
            declared.update(shown.local)
            for extra in _files(item.folder):
                if extra not in declared and extra not in _DATA_FILES and not extra.startswith("."):
                    ctx.problems.add("attachment.undeclared", src.rel, 1, 1,
                                     f"文件 {extra} 在条目文件夹里，但没有在「附件」中声明，网站不会发布它。"
                                     "请在「附件」中加上它，或把它移走。")
