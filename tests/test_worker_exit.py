"""Worker processes die with the process that forked them: `kill -9` of `zfxxgk check` (a cancelled CI job)
leaves no parse worker waiting for work forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from projectkit import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import generate

from zfxxgk import project as project_module
from zfxxgk.workers import cpus, forkable


def _children(pid: int) -> set[int]:
    """Living (not zombie) processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text(encoding="utf-8") if entry.name.isdigit() else ""
        except OSError:  # ended meanwhile
            continue
        fields = stat.rpartition(")")[2].split()
        if fields and fields[0] != "Z" and int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":  # a zombie has ended; PID 1 of a container may never reap it
            alive.add(pid)
    return alive


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.skipif(cpus() < 2 or not forkable(), reason="parses in forked workers only with two CPUs")
def test_parse_workers_end_when_check_is_killed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    generate.generate(project_module.PARALLEL_FROM + 100, project, seed=5)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "ZFXXGK_CACHE_DIR": ""}
    check = subprocess.Popen([sys.executable, "-m", "zfxxgk", "check"], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not workers and check.poll() is None and time.monotonic() < deadline:
            workers = _children(check.pid)
            time.sleep(0.002)
        assert workers, "zfxxgk check ended or took too long before it forked its parse workers"
        os.kill(check.pid, signal.SIGKILL)
        check.wait(timeout=30)
        deadline = time.monotonic() + 5
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive(workers) == set()
    finally:
        check.kill()
        check.wait()
        for pid in _alive(workers):  # before the fix: do not leave them to the rest of the run
            os.kill(pid, signal.SIGKILL)
