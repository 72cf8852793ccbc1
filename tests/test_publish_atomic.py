"""Publishing is all or nothing: a build with errors (strict or not) leaves the site folder exactly as it was;
a build killed at any point leaves the previous site whole, with nothing hidden in it; two builds into one
folder both end cleanly; a read-only site folder is one clear line."""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from projectkit import ROOT, copy_sample

EPOCH = "1795600000"  # 2026-11-24
ITEM = "content/双随机一公开/抽查结果/2026-00020/index.md"
WITHDRAWN = "content/工作动态/工作动态/2026-00019"
WITHDRAWN_URL = "xxgk/11520200MB1C123455/2026-00019/"
EDITED = "content/政策文件/行政规范性文件/2025-00013/index.md"
OLD = "site.zfxxgk-old"  # the previous site, kept beside the site folder as the next build's base
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id18(birth: date, area: str = "520201", seq: str = "123") -> str:
    """A valid 18-digit 居民身份证号码 (GB 11643 check digit)."""
    body = f"{area}{birth:%Y%m%d}{seq}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def _env(cache: str, **extra: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("ZFXXGK_CACHE_DIR", "ZFXXGK_SEARCH_CHILD_FROM")}
    environ.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"),
                   ZFXXGK_CACHE_DIR=cache, **extra)
    return environ


def _argv(site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-d", str(site), *extra]


def _build(project: Path, site: Path, *extra: str, cache: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_argv(site, *extra), cwd=project, env=_env(cache, **env), capture_output=True,
                          text=True, timeout=600)


def _tree(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (hidden ones too): files by content digest, folders as such."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
    return found


def _beside(site: Path) -> list[str]:
    """What a build left next to the site folder (its staging folder, lock file, previous site)."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(site.name + "."))


def _hidden(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob(".*"))


def _containing(folder: Path, needle: str) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and needle.encode() in p.read_bytes())


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The sample project, its site built once cleanly, and that site's tree."""
    root = tmp_path_factory.mktemp("publish")
    project = copy_sample(root / "project")
    site = root / "site"
    first = _build(project, site)
    assert first.returncode == 0, first.stderr[-3000:]
    return project, site, _tree(site)


# A minor's number: born 2015, eleven at the build date.
@pytest.mark.slow
@pytest.mark.parametrize(("number", "rule"), [(id18(date(1985, 3, 15)), "privacy.id-number"),
                                              (id18(date(2015, 6, 1), seq="246"), "privacy.minor")],
                         ids=["adult", "minor"])
def test_a_build_with_an_id_number_publishes_nothing(
    published: tuple[Path, Path, dict[str, str]], number: str, rule: str
) -> None:
    project, site, before = published
    item = project / ITEM
    original = item.read_bytes()
    item.write_bytes(original + f"\n当事人张三，身份证号码{number}，已责令改正。\n".encode())
    try:
        results = {mode: _build(project, site, *extra) for mode, extra in (("plain", ()), ("strict", ("--strict",)))}
    finally:
        item.write_bytes(original)
    for mode, result in results.items():
        assert result.returncode != 0, mode
        assert f"{ITEM}:" in result.stderr and f"错误 [{rule}]" in result.stderr, mode
        assert f"网站没有发布：{site} 保持上次构建的内容" in result.stderr, mode
        assert "Traceback" not in result.stderr, mode
    assert _containing(site, number) == []  # every file: pages, search index, data downloads
    assert _tree(site) == before
    assert _beside(site) == []


@pytest.mark.slow
def test_a_strict_build_with_a_warning_publishes_nothing(published: tuple[Path, Path, dict[str, str]]) -> None:
    """A warning fails --strict after the whole build (MkDocs counts them at the end): still nothing new."""
    project, site, before = published
    page = project / "docs" / "strict-warning.md"
    page.write_text("# 说明\n\n[不存在的页面](no-such-page.md)\n", encoding="utf-8")
    try:
        strict = _build(project, site, "--strict")
    finally:
        page.unlink()
    assert strict.returncode != 0
    assert "no-such-page.md" in strict.stderr and "in strict mode" in strict.stdout  # click says why on stdout
    assert "Traceback" not in strict.stderr
    assert _tree(site) == before
    assert _beside(site) == []


def _living(text: str) -> list[int]:
    """Processes (not zombies) whose command line mentions `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
            state = (entry / "stat").read_text(encoding="utf-8").rpartition(")")[2].split()[0] if cmdline else ""
        except OSError:
            continue
        if text.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
def test_a_build_killed_at_any_point_leaves_the_previous_site_whole(tmp_path: Path) -> None:
    """Killed with SIGKILL at points spread over a build that withdraws one page and changes another, with the
    cache on (the published pages are linked into the staging folder for reuse) and, every other time, the
    search index built by a child process: the site folder is the previous site or the new one, whole,
    nothing hidden in it, no process of the build left; the next build finishes the job."""
    project = copy_sample(tmp_path / "project")
    site, cache = tmp_path / "site", str(tmp_path / "cache")
    first = _build(project, site, cache=cache)
    assert first.returncode == 0, first.stderr[-3000:]
    before = _tree(site)
    assert WITHDRAWN_URL + "index.html" in before
    shutil.rmtree(project / WITHDRAWN)
    (project / "content" / "_records.yaml").write_text(
        f"撤回:\n  - 网址: {WITHDRAWN_URL}\n    索引号: 11520200MB1C123455/2026-00019\n"
        "    标题: 市市场监管局召开全市秋冬季食品安全工作推进会\n    撤回日期: 2026-11-20\n    原因: 含有个人信息\n",
        encoding="utf-8")
    edited = project / EDITED
    edited.write_bytes(edited.read_bytes() + "\n新增一段说明。\n".encode())
    started = time.monotonic()
    reference = _build(project, tmp_path / "reference", cache=str(tmp_path / "cache-reference"))
    duration = time.monotonic() - started
    assert reference.returncode == 0, reference.stderr[-3000:]
    after = _tree(tmp_path / "reference")
    assert after != before and after[WITHDRAWN_URL + "index.html"] != before[WITHDRAWN_URL + "index.html"]
    outcomes = []
    for n, share in enumerate((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97)):
        env = _env(cache, **({"ZFXXGK_SEARCH_CHILD_FROM": "1"} if n % 2 else {}))
        build = subprocess.Popen(_argv(site), cwd=project, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(duration * share)
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while _living(str(site)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _living(str(site)) == [], f"killed after {duration * share:.1f} s"
        assert _hidden(site) == [], f"killed after {duration * share:.1f} s"
        now = _tree(site)
        assert now in (before, after), f"killed after {duration * share:.1f} s: a site that is neither"
        outcomes.append("previous" if now == before else "new")
    print("kill outcomes:", outcomes)
    assert "previous" in outcomes, outcomes
    last = _build(project, site, cache=cache)
    assert last.returncode == 0, last.stderr[-3000:]
    assert _tree(site) == after
    assert _beside(site) == [OLD] and _hidden(site) == []


@pytest.mark.slow
def test_two_builds_into_one_folder_both_end_cleanly(tmp_path: Path) -> None:
    """The second waits for the first (a lock beside the site folder): both succeed, the site is whole."""
    project = copy_sample(tmp_path / "project")
    site = tmp_path / "site"
    reference = _build(project, tmp_path / "reference")
    assert reference.returncode == 0, reference.stderr[-3000:]
    expected = _tree(tmp_path / "reference")
    for _round in range(2):
        builds = [subprocess.Popen(_argv(site), cwd=project, env=_env(""), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True) for _ in range(2)]
        said = [build.communicate(timeout=600)[1] for build in builds]
        assert [build.returncode for build in builds] == [0, 0], [s[-2000:] for s in said]
        assert not any("Traceback" in s for s in said)
        assert _tree(site) == expected
        assert _beside(site) == [OLD] and _hidden(site) == []


def _without_root_override() -> None:
    """In the child, before exec: as root, drop the capabilities that ignore file permissions (PR_CAPBSET_DROP
    of CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so that a read-only folder is read-only for it too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            os._exit(97)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="drops capabilities with Linux' prctl")
@pytest.mark.parametrize("frozen", ["site", "parent"])
def test_a_read_only_site_folder_is_one_clear_line(tmp_path: Path, frozen: str) -> None:
    project = copy_sample(tmp_path / "project")
    site = tmp_path / "out" / "site"
    first = _build(project, site)
    assert first.returncode == 0, first.stderr[-3000:]
    before = _tree(site)
    folder = site if frozen == "site" else site.parent
    folder.chmod(0o555)
    try:
        result = subprocess.run(_argv(site), cwd=project, env=_env(""), capture_output=True, text=True, timeout=600,
                                preexec_fn=_without_root_override if os.geteuid() == 0 else None)
    finally:
        folder.chmod(0o755)
    assert result.returncode not in (0, 97), result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    if frozen == "site":
        assert errors == [f"ERROR   -  zfxxgk: 网站目录 {site} 不可写（没有权限或文件系统只读），构建没有改动它；"
                          "请改正它的权限，或用 mkdocs build -d 指定另一个目录"]
    else:
        assert len(errors) == 1 and f"无法在 {site.parent} 中建立构建用的文件（没有权限" in errors[0], errors
    assert _tree(site) == before
    assert _beside(site) == []


@pytest.mark.slow
def test_rebuilds_take_the_previous_site_as_their_base_and_render_only_what_changed(tmp_path: Path) -> None:
    """The site before the published one is kept beside it and moved in as the base of the next build's item
    pages; a page the last build changed is linked from the published site, not rendered again and again."""
    project = copy_sample(tmp_path / "project")
    site, cache = tmp_path / "site", str(tmp_path / "cache")
    assert _build(project, site, cache=cache).returncode == 0
    edited = project / EDITED
    edited.write_bytes(edited.read_bytes() + "\n新增一段说明。\n".encode())
    second = _build(project, site, cache=cache)
    assert "沿用上次构建的条目页面 40 条" in second.stderr, second.stderr[-3000:]
    third = _build(project, site, cache=cache)
    assert "沿用上次构建的条目页面 41 条" in third.stderr, third.stderr[-3000:]
    fresh = _build(project, tmp_path / "fresh")
    assert fresh.returncode == 0 and _tree(site) == _tree(tmp_path / "fresh")
    assert _beside(site) == [OLD] and _hidden(site) == []
    page = "xxgk/11520200MB1C123455/2025-00013/index.html"
    assert (site / page).stat().st_ino == (site.parent / OLD / page).stat().st_ino  # one file for both
