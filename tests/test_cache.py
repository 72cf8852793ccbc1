"""The build cache changes nothing but speed: cold, warm, disabled and default-location builds are byte-identical,
an edited item is rebuilt, and `zfxxgk check` reports the same problems with and without it."""

from __future__ import annotations

import io
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import zfxxgk
from projectkit import copy_sample
from zfxxgk import cache as cache_module
from zfxxgk.cache import Cache, cache_dir, code_fingerprint, key
from zfxxgk.progress import Progress

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1795600000"


def run(project: Path, args: list[str], cache: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ZFXXGK_CACHE_DIR"}
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    if cache is not None:
        env["ZFXXGK_CACHE_DIR"] = cache
    result = subprocess.run([sys.executable, "-m", *args], cwd=project, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return result


def tree_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("project"))


def test_cold_warm_disabled_and_default_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "cold")], str(cache))
    assert (cache / "cache.sqlite3").is_file()
    run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "warm")], str(cache))
    run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "off")], "")
    run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "default")], None)
    assert (project / ".cache" / "zfxxgk" / "cache.sqlite3").is_file()
    cold = tree_bytes(tmp_path / "cold")
    assert len(cold) > 50
    for other in ("warm", "off", "default"):
        built = tree_bytes(tmp_path / other)
        assert built.keys() == cold.keys(), other
        differing = [name for name in cold if cold[name] != built[name]]
        assert differing == [], (other, differing[:5])


def test_an_edited_item_is_rebuilt_from_its_new_bytes(project: Path, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    item = next(p for p in sorted((project / "content").rglob("index.md")) if "政策文件" in p.as_posix())
    original = item.read_bytes()
    run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "before")], cache)
    try:
        item.write_bytes(original + "\n\n## 补充说明\n\n本段为缓存测试新增。\n".encode())
        run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "after")], cache)
        run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "fresh")], "")
    finally:
        item.write_bytes(original)
    after, fresh = tree_bytes(tmp_path / "after"), tree_bytes(tmp_path / "fresh")
    assert after == fresh
    changed = [n for n, data in after.items() if "本段为缓存测试新增" in data.decode("utf-8", "replace")]
    assert any(n.startswith("xxgk/") and n.endswith("index.html") for n in changed)


def test_check_reports_the_same_with_and_without_the_cache(project: Path, tmp_path: Path) -> None:
    args = ["zfxxgk", "check", "--format", "json", "--as-of", "2026-11-20"]
    cache = str(tmp_path / "cache")
    cold = run(project, args, cache).stdout
    warm = run(project, args, cache).stdout
    off = run(project, args, "").stdout
    assert cold == warm == off
    assert '"problems"' in cold


def test_keys_depend_on_salt_and_parts_and_unused_entries_are_dropped(tmp_path: Path) -> None:
    assert key("a", "bc") != key("ab", "c")
    # A kind with no registered shape (zfxxgk.cache.expect): "item" values must be parsed items.
    first = Cache(tmp_path, "salt-1")
    first.put("k", first.key("x"), {"value": 1})
    first.put("k", first.key("y"), [2])
    first.close()
    second = Cache(tmp_path, "salt-1")
    assert second.get("k", second.key("x")) == {"value": 1}
    second.close()  # "y" was not used by this run: dropped
    third = Cache(tmp_path, "salt-1")
    assert third.get("k", third.key("y")) is None
    assert third.get("k", third.key("x")) == {"value": 1}
    third.close()
    other = Cache(tmp_path, "salt-2")  # another code version or schema: nothing is found
    assert other.get("k", other.key("x")) is None
    other.close()


def test_get_many_answers_as_get_does_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "_SELECT_MANY", 3)  # several SELECTs
    first = Cache(tmp_path, "salt")
    for n in range(10):
        first.put("k", first.key(str(n)), f"值{n}" if n % 2 else (n, "元组"))
    first.close()
    second = Cache(tmp_path, "salt")
    asked = [second.key(str(n)) for n in (9, 0, 11, 4, 4, 7, 2, 13)] + [""]
    assert second.get_many("k", asked) == [second.get("k", key) for key in asked]
    assert second.get_many("k", asked)[:3] == ["值9", (0, "元组"), None]
    second.close()  # what get_many found counts as used: kept
    third = Cache(tmp_path, "salt")
    assert third.get("k", third.key("4")) == (4, "元组") and third.get("k", third.key("1")) is None
    third.close()


def test_values_come_back_as_stored_and_stored_text_does_not_grow(tmp_path: Path) -> None:
    """Text is kept as UTF-8, not pickled: CPython's pickler would leave a UTF-8 copy inside the str."""
    long_text = "政府信息公开工作年度报告。" * 400
    values = {
        "short": "正文", "long": long_text, "surrogate": "a\ud800b", "empty": "",
        "tuple": ("正文", 3, b"\x00"), "long-list": ["附件" * 3000, "正文"], "bytes": b"z" * 5000, "none": None,
    }
    before = sys.getsizeof(long_text)
    first = Cache(tmp_path, "salt")
    for name, value in values.items():
        first.put("kind", first.key(name), value)
    first.close()
    assert sys.getsizeof(long_text) == before
    second = Cache(tmp_path, "salt")
    for name, value in values.items():
        if value is not None:
            found = second.get("kind", second.key(name))
            assert found == value and type(found) is type(value), name
    second.close()


def test_cache_location_from_the_environment(tmp_path: Path) -> None:
    assert cache_dir(tmp_path, {}) == tmp_path / ".cache" / "zfxxgk"
    assert cache_dir(tmp_path, {"ZFXXGK_CACHE_DIR": "/ci/cache"}) == Path("/ci/cache")
    assert cache_dir(tmp_path, {"ZFXXGK_CACHE_DIR": ""}) is None
    assert not Cache(None, "s").enabled


def test_progress_is_one_line_per_stage_without_a_terminal() -> None:
    stream = io.StringIO()
    log = logging.getLogger("mkdocs.plugins.zfxxgk.test-progress")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        progress = Progress(log, stream)
        stage = progress.stage("渲染条目页面", 3)
        for _ in range(3):
            stage.advance()
        stage.done()
    finally:
        log.removeHandler(handler)
    assert stream.getvalue() == ""  # no carriage-return redraws in a log file
    assert [r.levelno for r in records] == [logging.INFO]
    assert "渲染条目页面 3/3 条" in records[0].getMessage()


def test_a_rebuild_into_the_same_site_reuses_unchanged_pages_and_equals_a_fresh_build(
    project: Path, tmp_path: Path
) -> None:
    """Pages whose inputs did not change are moved back, not rendered; a changed title reaches the pages
    that link to it (a 解读 shows its document's title); the result equals a build without the cache."""
    cache = str(tmp_path / "cache")
    site = tmp_path / "site"
    document = project / "content/政策文件/行政规范性文件/2025-00013/index.md"
    other = next(p for p in sorted((project / "content/工作动态").rglob("index.md")))
    originals = {path: path.read_bytes() for path in (document, other)}
    first = run(project, ["mkdocs", "build", "-d", str(site)], cache)
    assert "沿用上次构建的条目页面" not in first.stderr  # nothing to reuse yet
    try:
        text = originals[document].decode("utf-8")
        title = next(line for line in text.splitlines() if line.startswith("标题:"))[3:].strip()
        document.write_text(text.replace(title, title + "（修订）", 1), encoding="utf-8")
        other.write_bytes(originals[other] + "\n新增一段。\n".encode())
        (site / "xxgk" / "stray.html").write_text("left over", encoding="utf-8")
        second = run(project, ["mkdocs", "build", "-d", str(site)], cache)
        run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "fresh")], "")
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    assert "沿用上次构建的条目页面" in second.stderr
    rebuilt, fresh = tree_bytes(site), tree_bytes(tmp_path / "fresh")
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in fresh if rebuilt[name] != fresh[name]] == []
    assert not (site / ".zfxxgk-previous").exists()
    interpretation = fresh["xxgk/11520200MB1C123455/2025-00014/index.html"].decode("utf-8")
    assert title + "（修订）" in interpretation


def test_search_index_from_a_child_process_is_the_same(project: Path, tmp_path: Path) -> None:
    """Large sites build the search index in a child process; the files are the same."""
    cache = tmp_path / "cache"
    run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "inline")], str(cache))
    os.environ["ZFXXGK_SEARCH_CHILD_FROM"] = "1"
    try:
        run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "child")], str(cache / "child"))
        run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "child-warm")], str(cache / "child"))
    finally:
        del os.environ["ZFXXGK_SEARCH_CHILD_FROM"]
    assert (cache / "child" / "search.sqlite3").is_file()
    inline = tree_bytes(tmp_path / "inline")
    for other in ("child", "child-warm"):
        built = tree_bytes(tmp_path / other)
        assert sorted(built) == sorted(inline)
        assert [name for name in inline if built[name] != inline[name]] == [], other


# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_a_rebuild_into_the_same_site_keeps_the_images_item_bodies_show(tmp_path: Path) -> None:
    """Images a Markdown regex would miss (a reference-style image, brackets in the alt text) are still
    copied when the rest of the site is reused; the site equals a build without the cache."""
    project = copy_sample(tmp_path / "project")
    bodies = {
        "2026-00019": "\n![会议现场][现场]\n\n[现场]: 现场.png\n",
        "2026-00021": "\n![检查现场 [图一]](%E5%9B%BE%E4%B8%80.png)\n",
    }
    images = {"2026-00019": "现场.png", "2026-00021": "图一.png"}
    for seq, extra in bodies.items():
        item = project / "content/工作动态/工作动态" / seq / "index.md"
        item.write_text(item.read_text(encoding="utf-8") + extra, encoding="utf-8")
        (item.parent / images[seq]).write_bytes(PNG)
    cache, site = str(tmp_path / "cache"), tmp_path / "site"
    run(project, ["mkdocs", "build", "-d", str(site)], cache)
    second = run(project, ["mkdocs", "build", "-d", str(site)], cache)
    run(project, ["mkdocs", "build", "-q", "-d", str(tmp_path / "fresh")], "")
    assert "沿用上次构建的条目页面" in second.stderr  # the other pages were reused
    rebuilt, fresh = tree_bytes(site), tree_bytes(tmp_path / "fresh")
    for seq, name in images.items():
        assert rebuilt[f"xxgk/11520200MB1C123455/{seq}/{name}"] == PNG
    assert sorted(rebuilt) == sorted(fresh)
    assert [name for name in fresh if rebuilt[name] != fresh[name]] == []


def test_the_salt_changes_with_the_package_data_and_the_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search fold table (and any data file) and the libraries' versions change outputs, so keys too."""
    package = tmp_path / "zfxxgk"
    shutil.copytree(Path(zfxxgk.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_fingerprint() == code_fingerprint(Path(zfxxgk.__file__).parent)
    before = code_fingerprint(package)
    assert code_fingerprint(package) == before
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cache.cpython-311.pyc").write_bytes(b"compiled")
    (package / ".index.md.swp").write_bytes(b"editor")
    assert code_fingerprint(package) == before  # compiled and hidden files are not the package's bytes
    fold = package / "data" / "search" / "fold.json"
    fold.write_bytes(fold.read_bytes().replace(b"}", b" }", 1))
    after = code_fingerprint(package)
    assert after != before
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "markdown" else real(name))
    assert code_fingerprint(package) != after


class _LockedDatabase:
    """Stands in for a SQLite connection whose writes fail (another process holds the lock)."""

    def executemany(self, *_args: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    def rollback(self) -> None:
        """Nothing to roll back."""

    def close(self) -> None:
        """Nothing to close."""

    def __enter__(self) -> _LockedDatabase:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None


def test_a_cache_that_cannot_be_written_is_said_at_info_and_nothing_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = Cache(tmp_path, "salt")
    cache.put("kind", cache.key("a"), "值")
    cache._db = _LockedDatabase()  # type: ignore[assignment]
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.zfxxgk"):
        cache.close()
    said = [r for r in caplog.records if "无法写入构建缓存" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.INFO and "database is locked" in said[0].getMessage()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_process_started_from_a_large_one_reports_its_own_peak(tmp_path: Path) -> None:
    """The search child is started with posix_spawn from the build: its progress lines show its own peak,
    not the build's (ru_maxrss survives exec)."""
    ballast = bytearray(300 << 20)  # the starting process is large: 300 MB, touched
    for at in range(0, len(ballast), 4096):
        ballast[at] = 1
    code = "from zfxxgk.progress import peak_mb; print(peak_mb())"
    # subprocess starts it with vfork (or posix_spawn) and exec, as the build starts the search child.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "hooks")})
    assert float(out.stdout) < 150, out.stdout
    assert len(ballast) == 300 << 20
