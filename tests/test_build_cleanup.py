"""A build never leaves hidden folders of ours in the site directory (rsync and gh-deploy would publish
them), nor its staging folder beside it: not after it fails, not from an earlier failed build; and a failed
build leaves no process behind."""

from __future__ import annotations

import errno
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from projectkit import ROOT, copy_sample
from zfxxgk.site import publish
from zfxxgk.site.reuse import ASIDE
from zfxxgk.site.searchchild import STAGING

EPOCH = "1795600000"


def _build(project: Path, site: Path, cache: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("ZFXXGK_CACHE_DIR", "ZFXXGK_SEARCH_CHILD_FROM")}
    environ.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"),
                   ZFXXGK_CACHE_DIR=cache, **env)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=project, env=environ,
                          capture_output=True, text=True, timeout=600)


def _ours(site: Path) -> list[str]:
    """Hidden folders of ours in the site folder, and what a build keeps beside it."""
    inside = [p.name for p in site.iterdir() if p.name.startswith(".zfxxgk")] if site.is_dir() else []
    beside = [p.name for p in site.parent.iterdir() if p.name.startswith(site.name + ".")]
    return sorted(inside + beside)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _running_with(text: str) -> list[int]:
    """Processes whose command line mentions `text` (here: a build's site directory)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
            state = (entry / "stat").read_text(encoding="utf-8").rpartition(")")[2].split()[0] if cmdline else ""
        except OSError:  # ended meanwhile
            continue
        if text.encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads processes from /proc")
def test_a_build_that_fails_after_setting_pages_aside_leaves_no_hidden_folder_and_no_process(
    tmp_path: Path,
) -> None:
    project = copy_sample(tmp_path / "project")
    site, cache = tmp_path / "site", str(tmp_path / "cache")
    first = _build(project, site, cache)
    assert first.returncode == 0, first.stderr[-3000:]
    assert (site / "xxgk").is_dir()
    before = _files(site)
    # A page whose template does not exist fails while MkDocs renders the pages: after on_pre_build has
    # set the item pages aside and started the search child, before on_post_build.
    (project / "docs" / "broken.md").write_text("---\ntemplate: no-such-template.html\n---\n# 坏页面\n",
                                                encoding="utf-8")
    failed = _build(project, site, cache, ZFXXGK_SEARCH_CHILD_FROM="1")
    assert failed.returncode != 0
    assert "no-such-template.html" in failed.stderr
    assert _ours(site) == []
    assert _files(site) == before
    assert _running_with(str(site)) == []


@pytest.mark.parametrize("cache", ["", "kept"])
def test_hidden_folders_an_earlier_build_left_are_removed_before_building(tmp_path: Path, cache: str) -> None:
    """Also with the cache off or `item_pages: theme`, where nothing is set aside."""
    project = copy_sample(tmp_path / "project")
    config = project / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["extra"]["zfxxgk"]["site"]["item_pages"] = "theme"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp_path / "site"
    withdrawn = site / ASIDE / "xxgk" / "11520200MB1C123455" / "2020-00099" / "index.html"
    withdrawn.parent.mkdir(parents=True)
    withdrawn.write_text("<p>因涉及个人隐私已撤下的页面</p>", encoding="utf-8")
    (site / STAGING / "search" / "index").mkdir(parents=True)
    (site / STAGING / "search" / "index" / "0.json").write_text("{}", encoding="utf-8")
    built = _build(project, site, str(tmp_path / cache) if cache else "")
    assert built.returncode == 0, built.stderr[-3000:]
    assert _ours(site) == ["site" + publish.OLD]  # the folder it replaced, beside it
    assert f"已删除上次未完成的构建留下的 {site / ASIDE}" in built.stderr
    assert "Traceback" not in built.stderr


def test_abandon_removes_the_staging_folders_of_unfinished_builds_only(tmp_path: Path) -> None:
    done, failed = tmp_path / "done", tmp_path / "failed"
    logger = logging.getLogger("test_build_cleanup")
    finished = []
    for site in (done, failed):
        (site / "xxgk").mkdir(parents=True)
        (site / "xxgk" / "page.html").write_text(site.name, encoding="utf-8")
        started = publish.begin(site, logger)
        (started.staging / "xxgk").mkdir()
        (started.staging / "xxgk" / "page.html").write_text("new", encoding="utf-8")
        for name in (ASIDE, STAGING):
            (started.staging / name).mkdir()
        finished.append(started)
    publish.publish(finished[0])
    publish.abandon()  # as on_build_error does
    assert _ours(failed) == [] and (failed / "xxgk" / "page.html").read_text(encoding="utf-8") == "failed"
    assert (done / "xxgk" / "page.html").read_text(encoding="utf-8") == "new"
    assert _ours(done) == ["done" + publish.OLD]  # the previous site, never published: the next build's base
    assert (tmp_path / ("done" + publish.OLD) / "xxgk" / "page.html").read_text(encoding="utf-8") == "done"


def test_a_build_killed_between_the_two_renames_of_a_swap_is_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where two folders cannot be exchanged in one step the previous site is renamed away for a moment: the
    next build puts it back first; a swap in two renames publishes the same."""
    site = tmp_path / "site"
    old = tmp_path / ("site" + publish.SWAP)
    (old / "xxgk").mkdir(parents=True)
    (old / "index.html").write_text("previous", encoding="utf-8")
    (tmp_path / ("site" + publish.STAGED) / "xxgk").mkdir(parents=True)  # the killed build's new site
    monkeypatch.setattr(publish, "_exchange", lambda _a, _b: False)
    started = publish.begin(site, logging.getLogger("test_build_cleanup"))
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site" + publish.LOCK, "site" + publish.STAGED]
    assert list(started.staging.iterdir()) == []
    (started.staging / "index.html").write_text("new", encoding="utf-8")
    publish.publish(started)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site" + publish.OLD]
    assert (tmp_path / ("site" + publish.OLD) / "index.html").read_text(encoding="utf-8") == "previous"


def test_a_disk_error_while_writing_item_pages_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Disk full while the item pages are written: the build stops with the operator's message, no traceback
    of ours, and leaves no hidden folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from zfxxgk.build import write

    project = copy_sample(tmp_path / "project")
    site = tmp_path / "site"

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(site / "xxgk" / "x" / "index.html"))

    monkeypatch.setattr(write, "write_page", disk_full)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("ZFXXGK_CACHE_DIR", "")
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    with pytest.raises(Abort):  # how MkDocs ends a build on a plugin's error, after logging it
        build(config)
    said = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert said == [f"zfxxgk: 写入条目页面失败：磁盘已满（{site / 'xxgk' / 'x' / 'index.html'}）"]
    assert _ours(site) == []
