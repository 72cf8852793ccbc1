"""The one way a file an item names (an attachment, a body image) is reached on disk.

A merge request can add a symbolic link as easily as a file: `env.txt -> /proc/self/environ`, a link to a
file outside the repository, a link to a folder. Whatever a link points to would be read by the checks and
copied into the site, so no link is ever followed: every component of the path below the item's folder is
looked at without following it (lstat), the last one must be a regular file (not a FIFO, which would
block the build, nor a device), and no part may be `..`. The checks report a
refusal (checks.attachments), and the build, the privacy scan and the manifest read and copy only what
`resolve` returns, so what is published is exactly what the checks accepted.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Reason = Literal["outside", "link", "missing", "not-file"]


@dataclass(frozen=True)
class Refusal:
    """Why a named file is not used: its kind and the offending part of the path (as written)."""

    reason: Reason
    part: str = ""
    detail: str = ""

    def describe(self, name: str) -> str:
        """A Chinese sentence (without advice) for the editor: what is wrong with `name`."""
        if self.reason == "outside":
            return f"{name} 越出了条目文件夹"
        if self.reason == "link":
            shown = name if self.part in ("", name) else f"{name} 中的 {self.part}"
            return f"{shown} 是符号链接（快捷方式），网站不会读取或发布链接所指的文件"
        if self.reason == "not-file":
            return f"{name} 不是普通文件（是文件夹或管道等特殊文件），网站不会读取或发布它"
        return f"{name} 不存在" + (f"（{self.detail}）" if self.detail else "")


def unsafe_name(name: str) -> bool:
    """True when a name written in content is absolute, has a drive or stream, a NUL, or climbs with `..`."""
    # Plain string tests (this runs for every attachment of every build): ":" covers drive letters and
    # NTFS streams, a leading slash or backslash absolute and UNC paths.
    if not name or "\0" in name or ":" in name or name.startswith(("/", "\\")):
        return True
    return ".." in name.replace("\\", "/").split("/")


def resolve(folder: Path, name: str) -> Path | Refusal:
    """The file `name` (relative, `/`-separated) of `folder`, or why it may not be read.

    No symbolic link is followed at any level below `folder` and no `..` is accepted, so the file lies in
    `folder`; it must be a regular file. (The folder itself is reached by the content scan, which follows
    no link either: items.scan_content.)
    """
    if unsafe_name(name):
        return Refusal("outside", name)
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts:
        return Refusal("not-file", name)
    current = str(folder)
    for index, part in enumerate(parts):
        current = os.path.join(current, part)
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return Refusal("missing", "/".join(parts[: index + 1]))
        except OSError as exc:  # a name too long for the file system, a loop, no permission
            return Refusal("missing", "/".join(parts[: index + 1]), exc.strerror or type(exc).__name__)
        if stat.S_ISLNK(info.st_mode):
            return Refusal("link", "/".join(parts[: index + 1]))
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            return Refusal("missing", "/".join(parts[: index + 1]))
        if last and not stat.S_ISREG(info.st_mode):
            return Refusal("not-file", name)
    # Every component was looked at without following it and none is `..`: the file lies in `folder`.
    return Path(current)


def readable(folder: Path, name: str) -> Path | None:
    """The file `name` of `folder` when `resolve` accepts it, else None."""
    found = resolve(folder, name)
    return found if isinstance(found, Path) else None


def links_and_specials(folder: Path) -> list[Path]:
    """Every symbolic link (to a file or a folder, never entered) and every special file (FIFO, socket,
    device) under `folder`, in a stable order: what an engine copying a whole folder would follow or block on."""
    found: list[Path] = []
    for current, dirs, names in os.walk(folder):  # followlinks=False: a linked folder is listed, not entered
        dirs.sort()
        base = Path(current)
        for name in [*dirs, *sorted(names)]:
            path = base / name
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append(path)
    return found
