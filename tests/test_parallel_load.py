"""Per-file loading in forked workers gives exactly what a serial run gives, checks and all.

A generated project of a few hundred items (bench/generate.py) is spoiled here and there (YAML and schema
errors, personal data in bodies, fields and attachments, attachments sharing their bytes) and loaded
serially and in parallel, with and without the build cache: problems (order and wording), sources and
items must be identical.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from zfxxgk import project as project_module
from zfxxgk import workers as workers_module
from zfxxgk.cache import Cache
from zfxxgk.project import Project, check_project, load_project
from zfxxgk.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
ADULT = "520201198503151237"  # a valid 身份证号码 (checksum and birth date), as in tests/cases
LIST_TEXT = f"处罚名单\n张三 身份证号码 {ADULT}\n联系电话 13812345678\n"


def _insert_meta(text: str, lines: str) -> str:
    """Front-matter lines added just before the closing ---."""
    end = text.index("\n---\n", 4)
    return text[:end] + "\n" + lines.rstrip("\n") + text[end:]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parallel")
    generate.generate(400, out, seed=11)
    files = sorted((out / "content").rglob("index.md"))
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        if n % 41 == 0:
            text = text.replace("\n标题:", "\n标题: [未闭合", 1)  # yaml.syntax
        elif n % 37 == 0:
            text = _insert_meta(text, "发文机关: 某局")  # schema.unknown-key
        elif n % 29 == 0:
            text = _insert_meta(text, "联系人: 举报人李四")  # privacy in a field (unknown key too)
        elif n % 13 == 0:
            text += f"\n当事人王某，身份证号码{ADULT}，手机13912345678，家庭住址：幸福路12号3栋。\n"
        elif n % 17 == 0 and "\n附件:" not in text:
            # Attachments with the same bytes under different names: one extraction, the same findings.
            name = f"名单{n}.txt"
            (path.parent / name).write_text(LIST_TEXT, encoding="utf-8")
            text = _insert_meta(text, f"附件:\n  - 名称: 处罚名单{n}\n    文件: {name}")
        path.write_text(text, encoding="utf-8")
    return out


def _load(root: Path, parallel: bool, monkeypatch: pytest.MonkeyPatch, cache_dir: Path | None) -> Project:
    limit = 1 if parallel else 10**9
    monkeypatch.setattr(project_module, "PARALLEL_FROM", limit)
    decided: list[bool] = []
    original = project_module._parallel

    def spy(count: int) -> bool:
        answer = original(count)
        if count:  # nothing to do (a warm cache) decides nothing
            decided.append(answer)
        return answer

    monkeypatch.setattr(project_module, "_parallel", spy)
    settings = load_settings(root / "mkdocs.yml")
    cache = Cache(cache_dir, "test-salt") if cache_dir is not None else Cache(None, "")
    try:
        loaded = load_project(settings, AS_OF, cache=cache)
    finally:
        cache.close()
    if parallel and not all(decided):
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            pytest.skip("no parallel loading here (one CPU or no fork start method)")
        # A thread left running by another test (a server, a watcher) stops every forked worker in this
        # test process: that must not pass as a skip.
        pytest.fail(f"threads running in the test process, so nothing is forked: {threading.enumerate()}")
    assert parallel or not any(decided)
    return loaded


def _problems(loaded: Project) -> list[tuple[str, str, int, int, str]]:
    return [(p.rule, p.path, p.line, p.column, p.message) for p in loaded.problems]


def _sources(loaded: Project) -> list[tuple[Any, ...]]:
    return [(s.rel, s.meta, s.located, s.body, s.body_line) for s in loaded.sources]


def test_parallel_load_equals_the_serial_run(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: the parallel path is never taken")
    serial = _load(corpus, False, monkeypatch, None)
    parallel = _load(corpus, True, monkeypatch, None)
    rules = {p.rule for p in serial.problems}
    # The spoiled files are reported, so the comparison covers problems of every stage.
    assert {"yaml.syntax", "schema.unknown-key", "privacy.id-number", "privacy.mobile", "privacy.name",
            "privacy.address"} <= rules
    assert _problems(parallel) == _problems(serial)
    assert _sources(parallel) == _sources(serial)
    assert parallel.items == serial.items
    # The same with the build cache: a cold run (parallel, entries written by the parent) and a warm one.
    cold = _load(corpus, True, monkeypatch, tmp_path / "cache")
    warm = _load(corpus, True, monkeypatch, tmp_path / "cache")
    for run in (cold, warm):
        assert _problems(run) == _problems(serial)
        assert run.items == serial.items


def test_attachments_with_the_same_bytes_give_the_same_findings_under_their_own_names(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _load(corpus, False, monkeypatch, None)
    found: dict[str, list[tuple[str, str]]] = {}
    for p in loaded.problems:
        if p.rule.startswith("privacy.") and "附件「处罚名单" in p.message:
            name = p.message.split("附件「", 1)[1].split("」", 1)[0]
            found.setdefault(name, []).append((p.rule, p.message.replace(name, "NAME")))
    assert len(found) >= 2
    first, *others = found.values()
    assert sorted(rule for rule, _ in first) == ["privacy.id-number", "privacy.mobile"]
    for other in others:
        file_free = [(rule, message.split("）：", 1)[1]) for rule, message in other]
        assert file_free == [(rule, message.split("）：", 1)[1]) for rule, message in first]
    for name, entries in found.items():
        number = name.removeprefix("处罚名单")
        assert all(f"（名单{number}.txt 第 " in message.replace("NAME", name) for _, message in entries)


def test_no_fork_after_all_falls_back_to_parsing_here(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _load(corpus, False, monkeypatch, None)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("fork: Resource temporarily unavailable")

    monkeypatch.setattr(workers_module, "start_pool", refuse)
    fallback = _load(corpus, True, monkeypatch, None)
    assert _problems(fallback) == _problems(serial)
    assert fallback.items == serial.items


def test_loading_in_blocks_equals_loading_at_once(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    whole = _load(corpus, False, monkeypatch, None)
    # Blocks of 150 files (not a multiple of the worker chunk): every block parsed by its own pool, and
    # the last block shorter than the others; then again from the cache the first run wrote.
    monkeypatch.setattr(project_module, "BLOCK", 150)
    cold = _load(corpus, True, monkeypatch, tmp_path / "cache")
    warm = _load(corpus, True, monkeypatch, tmp_path / "cache")
    for run in (cold, warm):
        assert _problems(run) == _problems(whole)
        assert _sources(run) == _sources(whole)
        assert run.items == whole.items


def test_a_build_keeps_the_records_and_drops_the_parsed_files(corpus: Path) -> None:
    settings = load_settings(corpus / "mkdocs.yml")
    kept = load_project(settings, AS_OF, cache=Cache(None, ""))
    dropped = load_project(settings, AS_OF, cache=Cache(None, ""), keep_sources=False)
    assert kept.sources and not dropped.sources and not dropped.context.sources
    assert dropped.items == kept.items
    assert _problems(dropped) == _problems(kept)
    assert dropped.public_items() == kept.public_items()
    assert dropped.context.by_index.keys() == kept.context.by_index.keys()


def test_checks_run_later_report_what_a_checked_load_reports(corpus: Path) -> None:
    """A build loads, starts its search index from what is published, then checks."""
    settings = load_settings(corpus / "mkdocs.yml")
    checked = load_project(settings, AS_OF, cache=Cache(None, ""))
    later = load_project(settings, AS_OF, cache=Cache(None, ""), check=False)
    assert later.public_items() == checked.public_items()
    # Reading and validating found the YAML and schema errors; the personal data is for the checks to find.
    assert {p.rule for p in later.problems} & {"yaml.syntax", "schema.unknown-key"}
    assert not {p.rule for p in later.problems if p.rule.startswith("privacy.")}
    check_project(later, keep_sources=False)
    assert _problems(later) == _problems(checked)
    assert later.items == checked.items and not later.sources
