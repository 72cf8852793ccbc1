"""Progress of long work: each stage reports its count and elapsed time.

On a terminal the current stage is redrawn in place (carriage return) a few times a second; in CI
logs (stderr not a TTY) each stage is one INFO line when it ends. Messages go through logging under
`mkdocs.plugins.zfxxgk` at INFO, never WARNING, so `mkdocs build --strict` does not count them.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

LOGGER = "mkdocs.plugins.zfxxgk"
_REDRAW = 0.25  # seconds between terminal redraws


class Progress:
    """Stages of one build or check run; created per run, never shared."""

    def __init__(self, log: logging.Logger | None = None, stream: TextIO | None = None) -> None:
        self.log = log or logging.getLogger(LOGGER)
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.perf_counter()
        self._live = self.log.isEnabledFor(logging.INFO) and _isatty(self.stream)

    def stage(self, name: str, total: int, unit: str = "条") -> Stage:
        """Start a stage of `total` steps."""
        return Stage(self, name, total, unit)

    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self.started


class Stage:
    """One stage: call `advance` as work is done and `done` at the end."""

    def __init__(self, progress: Progress, name: str, total: int, unit: str) -> None:
        self.progress = progress
        self.name = name
        self.total = total
        self.unit = unit
        self.count = 0
        self.started = time.perf_counter()
        self._drawn = 0.0

    def advance(self, steps: int = 1) -> None:
        """Count finished steps; redraw the terminal line now and then."""
        self.count += steps
        if self.progress._live:
            now = time.perf_counter()
            if now - self._drawn >= _REDRAW:
                self._drawn = now
                self.progress.stream.write(f"\rINFO    -  zfxxgk: {self._text()}")
                self.progress.stream.flush()

    def done(self, detail: str = "") -> None:
        """End the stage with one INFO line (clearing the terminal line first)."""
        if self.progress._live:
            self.progress.stream.write("\r\x1b[K")
            self.progress.stream.flush()
        extra = f"，{detail}" if detail else ""
        self.progress.log.info(f"zfxxgk: {self._text()}{extra}")

    def _text(self) -> str:
        seconds = time.perf_counter() - self.started
        return (f"{self.name} {self.count}/{self.total} {self.unit}（{seconds:.1f} 秒，累计 {self.progress.elapsed():.1f} 秒，"
                f"内存峰值 {peak_mb():.0f} MB）")


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (0 where the platform does not say).

    Linux's VmHWM where there is one: ru_maxrss survives exec, so a process started with posix_spawn (the
    search child) would report the peak of the process that started it."""
    linux = _high_water_mark()
    if linux is not None:
        return linux
    try:
        import resource
    except ImportError:  # not on POSIX
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _high_water_mark() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):  # no /proc: not Linux
        return None
    return None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
