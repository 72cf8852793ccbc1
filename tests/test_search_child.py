"""The search child without MkDocs: a child process running a tiny stand-in for the index writer (the
stand-ins are functions of this module, which the child imports to unpickle its job)."""

from __future__ import annotations

import errno
import logging
import multiprocessing
import os
import signal
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pytest

from test_search_site import _index
from zfxxgk.cache import Cache
from zfxxgk.site import searchchild as search_child
from zfxxgk.site.searchchild import (
    STAGING,
    SearchChild,
    SearchChildError,
    child_from,
    start_index,
    wanted,
    write_index,
)
from zfxxgk.site.searchpage import markdown_docs

pytestmark = pytest.mark.skipif(not hasattr(os, "posix_spawn") or not Path("/proc/self/stat").exists(),
                                reason="starts processes with posix_spawn, and reads them from /proc")


@pytest.fixture(autouse=True)
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system temporary folder, for this test only: whatever a child leaves there shows."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    monkeypatch.setenv("ZFXXGK_SEARCH_CHILD_FROM", "1")
    monkeypatch.delenv("PYTHONPATH", raising=False)  # the child imports this module by the parent's sys.path
    yield root
    search_child.stop_all()  # a failed test does not leave a child running


def _start(work: object, site: Path) -> SearchChild:
    child = SearchChild.start(work, site)  # type: ignore[arg-type]
    assert child is not None, "no child started"
    return child


def _write_index(staging: Path) -> None:
    """Stand-in for the index writer: a manifest, and a temporary folder used on the way."""
    scratch = Path(tempfile.mkdtemp(prefix="chunks-"))
    (scratch / "part").write_text("x", encoding="utf-8")
    out = staging / "search" / "index"
    out.mkdir(parents=True)
    (out / "manifest.json").write_text('{"docs": 1}', encoding="utf-8")


def _stat(pid: int) -> tuple[str, int, int] | None:
    """State, parent and process group of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    fields = text.rpartition(")")[2].split()
    return fields[0], int(fields[1]), int(fields[2])


def _processes() -> dict[int, tuple[str, int, int]]:
    found: dict[int, tuple[str, int, int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                found[int(entry.name)] = stat
    return found


def _living(pids: set[int]) -> set[int]:
    """Those of `pids` still running (a zombie has ended; it only waits to be reaped)."""
    return {pid for pid in pids if (stat := _stat(pid)) is not None and stat[0] != "Z"}


def _descendants(root: int) -> set[int]:
    """Living processes whose chain of parents leads to `root`."""
    table = _processes()
    found: set[int] = set()
    for pid, (state, _parent, _group) in table.items():
        chain, seen = pid, set()
        while chain in table and chain not in seen:
            seen.add(chain)
            chain = table[chain][1]
            if chain == root:
                if state != "Z":
                    found.add(pid)
                break
    return found


def _group(pgid: int) -> set[int]:
    return {pid for pid, (state, _parent, group) in _processes().items() if group == pgid and state != "Z"}


def test_the_child_writes_the_index_and_wait_moves_it_into_place(tmp_path: Path, temp_root: Path) -> None:
    site = tmp_path / "site"
    (site / "search" / "index").mkdir(parents=True)
    (site / "search" / "index" / "old.json").write_text("{}", encoding="utf-8")  # an older index: replaced
    child = _start(_write_index, site)
    assert child.tmp.parent == site / STAGING  # on the site's disk, not in the system's temporary folder
    child.wait()
    assert sorted(p.name for p in (site / "search" / "index").iterdir()) == ["manifest.json"]
    assert not (site / STAGING).exists()
    assert list(temp_root.iterdir()) == []  # the child's temporary files went into its folder, removed
    assert not search_child._RUNNING


def _pid_after(pause: float) -> int:
    time.sleep(pause)
    return os.getpid()


def _pool_then_hang(record: Path, staging: Path) -> None:
    """A child that forks a pool of workers (as the term and chunk stages do) and is still busy."""
    (staging / "search").mkdir(parents=True)
    Path(tempfile.mkdtemp(prefix="chunks-"))
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        workers = set(pool.map(_pid_after, [0.2] * 4))
        pool.submit(time.sleep, 600)
        record.write_text(" ".join(str(pid) for pid in sorted(workers)), encoding="utf-8")
        time.sleep(600)


def _await(path: Path, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while not path.exists() or not path.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"{path} not written"
        time.sleep(0.05)
    return path.read_text(encoding="utf-8")


def test_stop_ends_the_child_with_the_workers_it_forked_and_removes_its_folders(
    tmp_path: Path, temp_root: Path
) -> None:
    site = tmp_path / "site"
    record = tmp_path / "workers"
    child = _start(partial(_pool_then_hang, record), site)
    workers = {int(pid) for pid in _await(record).split()}
    assert workers and child.pid not in workers
    assert workers | {child.pid} <= _group(child.pid)  # the child leads a group of its own, workers in it
    assert workers | {child.pid} <= _descendants(os.getpid())
    assert (site / STAGING).is_dir() and any(child.tmp.iterdir())

    child.stop()

    deadline = time.monotonic() + 10
    while _living(workers | {child.pid}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _living(workers | {child.pid}) == set()
    assert _group(child.pid) == set()
    assert _descendants(os.getpid()) & (workers | {child.pid}) == set()
    assert not (site / STAGING).exists()
    assert list(temp_root.iterdir()) == []
    assert not search_child._RUNNING


def test_stopping_a_child_that_has_already_ended(tmp_path: Path, temp_root: Path) -> None:
    site = tmp_path / "site"
    child = _start(_write_index, site)
    deadline = time.monotonic() + 30
    while _stat(child.pid) is not None and _stat(child.pid)[0] != "Z":  # type: ignore[index]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    child.stop()  # its group is gone but for the unreaped child itself: no error
    assert _stat(child.pid) is None
    assert not (site / STAGING).exists() and list(temp_root.iterdir()) == []


def _disk_full(staging: Path) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(staging / "search" / "index" / "0.json"))


def _bug(staging: Path) -> None:
    raise RuntimeError("an unexpected bug")


def _killed(staging: Path) -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would


def _interrupted(staging: Path) -> None:
    raise KeyboardInterrupt


def test_a_file_error_in_the_child_is_one_line_for_the_operator(
    tmp_path: Path, temp_root: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    child = _start(_disk_full, site)
    with pytest.raises(SearchChildError) as raised:
        child.wait()
    where = site / STAGING / "search" / "index" / "0.json"
    assert str(raised.value) == f"zfxxgk: 生成检索索引失败：写入文件失败：磁盘已满（{where}）"
    assert "Traceback" not in capfd.readouterr().err
    assert not (site / STAGING).exists() and list(temp_root.iterdir()) == []


def test_an_interrupted_child_is_one_line_too(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    child = _start(_interrupted, tmp_path / "site")
    with pytest.raises(SearchChildError, match="子进程被中断"):
        child.wait()
    assert "Traceback" not in capfd.readouterr().err


def test_an_unexpected_error_in_the_child_shows_its_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    child = _start(_bug, tmp_path / "site")
    with pytest.raises(SearchChildError) as raised:
        child.wait()
    assert str(raised.value) == "zfxxgk: 生成检索索引失败（错误信息见上方）"
    err = capfd.readouterr().err
    assert "Traceback" in err and "RuntimeError: an unexpected bug" in err


def test_a_child_killed_by_a_signal_says_so(tmp_path: Path, temp_root: Path) -> None:
    child = _start(_killed, tmp_path / "site")
    with pytest.raises(SearchChildError, match="子进程被信号 SIGKILL 终止"):
        child.wait()
    assert list(temp_root.iterdir()) == []


def test_threshold_from_the_environment() -> None:
    assert child_from({}) == 400
    assert child_from({"ZFXXGK_SEARCH_CHILD_FROM": " 25 "}) == 25
    assert child_from({"ZFXXGK_SEARCH_CHILD_FROM": ""}) == 400
    for bad in ("abc", "-1", "1e3", "4.5"):
        with pytest.raises(SearchChildError, match="环境变量 ZFXXGK_SEARCH_CHILD_FROM 应为非负整数"):
            child_from({"ZFXXGK_SEARCH_CHILD_FROM": bad})


def test_small_sites_and_bad_settings_start_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZFXXGK_SEARCH_CHILD_FROM", "10")
    assert not wanted(9) and wanted(10)
    monkeypatch.setenv("ZFXXGK_SEARCH_CHILD_FROM", "十")
    with pytest.raises(SearchChildError):
        wanted(10)


@pytest.mark.parametrize(
    "refusal",
    [BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable"), NotImplementedError("setpgroup")],
)
def test_when_no_process_can_be_started_the_index_is_built_inline(
    tmp_path: Path, temp_root: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    refusal: Exception,
) -> None:
    def no_process(*_args: object, **_kwargs: object) -> int:
        raise refusal

    monkeypatch.setattr(os, "posix_spawn", no_process)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zfxxgk"):
        assert SearchChild.start(_write_index, tmp_path) is None
    assert any("无法另起进程生成检索索引" in r.getMessage() and r.levelno == logging.INFO for r in caplog.records)
    assert list(temp_root.iterdir()) == []


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_child_writes_the_files_an_inline_build_writes(
    tmp_path: Path, temp_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real work: a child handed the documents alone, a batch at a time (one document a batch here),
    with a cold and then a warm cache of its own."""
    monkeypatch.setattr(search_child, "_BATCH", 1)
    _tree, index = _index()
    write_index(index, tmp_path / "inline", Cache(None, ""), None)
    expected = _files(tmp_path / "inline")
    assert "search/index/manifest.json" in expected
    cache = Cache(tmp_path / "cache", "salt")
    for run in ("cold", "warm"):
        child = start_index(index, tmp_path / run, cache)
        assert child is not None
        child.wait()
        assert _files(tmp_path / run) == expected, run
        with sqlite3.connect(tmp_path / "cache" / "search.sqlite3") as db:
            kinds = dict(db.execute("SELECT kind, count(*) FROM entry GROUP BY kind").fetchall())
        # Written by the cold run (one text per distinct body), kept by the warm one.
        assert kinds == {"search-text": len({doc.body for doc in markdown_docs(index)}), "search-terms": 4}, run
    cache.close()
    assert list(temp_root.iterdir()) == []


def test_an_interrupted_wait_ends_the_child_and_its_workers(
    tmp_path: Path, temp_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the build waits for the child (mkdocs serve, a long index): nothing goes on running."""
    site = tmp_path / "site"
    record = tmp_path / "workers"
    child = _start(partial(_pool_then_hang, record), site)
    workers = {int(pid) for pid in _await(record).split()}
    real_end = SearchChild._end

    def interrupted(self: SearchChild, kill: bool) -> int | None:
        if not kill:
            raise KeyboardInterrupt
        return real_end(self, kill)

    monkeypatch.setattr(SearchChild, "_end", interrupted)
    with pytest.raises(KeyboardInterrupt):
        child.wait()
    deadline = time.monotonic() + 10
    while _living(workers | {child.pid}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _living(workers | {child.pid}) == set()
    assert not (site / STAGING).exists() and not search_child._RUNNING


def _until_orphaned(staging: Path) -> None:
    (staging / "search").mkdir(parents=True)
    for _ in range(1200):  # a minute at the most: a child that never notices must not outlive the tests
        search_child.check_parent()
        time.sleep(0.05)


def test_a_child_whose_build_is_gone_gives_up_and_removes_its_folder(tmp_path: Path, temp_root: Path) -> None:
    """A build killed by a signal runs no clean-up; its child notices and removes what it wrote."""
    site = tmp_path / "site"
    record = tmp_path / "child"
    middle = os.fork()
    if middle == 0:  # the build: starts the child, says its pid, and is gone without a word
        code = 1
        try:
            started = SearchChild.start(_until_orphaned, site)
            if started is not None:
                record.write_text(str(started.pid), encoding="utf-8")
                code = 0
        finally:
            os._exit(code)
    os.waitpid(middle, 0)
    pid = int(_await(record))
    deadline = time.monotonic() + 30
    while _living({pid}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _living({pid}) == set()
    assert not (site / STAGING).exists()
