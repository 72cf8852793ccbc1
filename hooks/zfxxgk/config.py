"""The settings as records: the agency, its departments and every setting the checks, the site and the CLI
use. zfxxgk.settings reads them from `extra.zfxxgk` in mkdocs.yml and validates them (against the schema
and against the rules the checks register, which is why the reader sits above the checks and these
records below them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zfxxgk.branding import Branding
from zfxxgk.options import Options
from zfxxgk.problems import Severity


class SettingsError(Exception):
    """Configuration that cannot be used; the message is for the person who edits mkdocs.yml."""

    def __init__(self, message: str, path: str = "mkdocs.yml", line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: 配置错误 [settings] {self.message}"


@dataclass(frozen=True)
class Agency:
    """The agency the column belongs to (主办单位), shown in the footer and used by checks."""

    name: str
    credit_code: str
    site_code: str
    icp: str
    police: str
    address: str
    hours: str
    phone: str
    postcode: str = ""
    fax: str = ""
    email: str = ""


@dataclass(frozen=True)
class Department:
    """A responsible department (科室) and who reviews its items."""

    name: str
    reviewers: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    """Every setting the checks, the site and the CLI use; built once per run."""

    root: Path
    config_file: Path
    agency: Agency
    departments: tuple[Department, ...]
    content_dir: Path
    schema_dir: Path
    catalogue_dir: Path
    index_pattern: re.Pattern[str]
    org_codes: tuple[str, ...]
    attachment_extensions: tuple[str, ...]
    attachment_max_bytes: int
    severities: Mapping[str, Severity | None]
    options: Options = field(default_factory=Options)  # extra.zfxxgk.options, typed (zfxxgk.options)
    branding: Branding = field(default_factory=Branding)  # extra.zfxxgk.网站: emblem, colours, header links
    admin: Mapping[str, Any] = field(default_factory=dict)  # 网页编辑 (/admin/): the forge, see zfxxgk.admin
    # The folders the engine publishes from besides content/: mkdocs.yml's docs_dir and the theme's custom_dir.
    engine_dirs: tuple[Path, ...] = ()
    as_of: dt.date | None = None  # a fixed "today" (the sample, archives); None: the commit's date or the clock

    def rel(self, path: Path) -> str:
        """A path as shown in reports: relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
        except (OSError, RuntimeError):  # a link that loops (RuntimeError before Python 3.13): name it as written
            try:
                return path.absolute().relative_to(self.root.absolute()).as_posix()
            except ValueError:
                return path.as_posix()
