"""The build date: from the commit, never the clock, so two builds of one commit are identical."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class BuildDate:
    """The as-of date of a build and where it came from (SOURCE_DATE_EPOCH, git, or the clock)."""

    date: dt.date
    source: str

    @property
    def reproducible(self) -> bool:
        """False when the date came from the clock (the build then says so in a warning)."""
        return self.source != "clock"


def build_date(root: Path, environ: Mapping[str, str] | None = None, pinned: dt.date | None = None) -> BuildDate:
    """SOURCE_DATE_EPOCH if set, else the date the settings pin (as_of), else the last commit's date, else
    today (not reproducible)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return BuildDate(dt.datetime.fromtimestamp(int(epoch), CHINA).date(), "SOURCE_DATE_EPOCH")
        except (ValueError, OverflowError, OSError):
            pass  # an unusable value falls through to the commit date; the caller reports the source
    if pinned is not None:
        return BuildDate(pinned, "as_of")
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        out = None
    if out is not None and out.returncode == 0:
        try:
            return BuildDate(dt.date.fromisoformat(out.stdout.strip()), "git")
        except ValueError:
            pass  # no commit yet: use the clock below
    return BuildDate(dt.date.today(), "clock")
