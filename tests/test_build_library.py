"""`zfxxgk build` (the build as a library, zfxxgk.build, issue 16): the same bytes as `mkdocs build` and as a
ProperDocs build, with each engine; --out, --strict, atomic publishing, reuse of unchanged item pages, and
errors for editors in Chinese."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from projectkit import CASE_SETTINGS, ROOT, make_project

pytestmark = pytest.mark.build
CASES = Path(__file__).parent / "cases"


def run(args: list[str], cwd: Path, epoch: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """`python -m <args>` in `cwd`, with its own zfxxgk cache and a fixed build date."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,
        "NO_MKDOCS_2_WARNING": "1",
        "ZFXXGK_CACHE_DIR": str(cache),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "hooks"), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=1800)


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path relative to the site folder."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same(left: dict[str, bytes], right: dict[str, bytes]) -> None:
    assert sorted(left) == sorted(right)
    differing = [name for name in left if left[name] != right[name]]
    assert differing == [], f"{len(differing)} of {len(left)} files differ, first {differing[0]}"


def commit_epoch() -> str:
    out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout
    return out.strip() or "1700000000"


def test_zfxxgk_build_gives_the_bytes_of_mkdocs_build_with_either_engine(tmp_path: Path) -> None:
    epoch = commit_epoch()
    mk = run(["mkdocs", "build", "-q", "-d", str(tmp_path / "mk")], ROOT, epoch, tmp_path / "cache-mk")
    assert mk.returncode == 0, mk.stderr[-3000:]
    out = tmp_path / "out" / "zfxxgk"
    zb = run(["zfxxgk", "build", "--out", str(out)], ROOT, epoch, tmp_path / "cache-zb")
    assert zb.returncode == 0, zb.stderr[-3000:]
    assert f"网站已生成：{out}" in zb.stderr and "Traceback" not in zb.stderr
    mkdocs = tree(tmp_path / "mk")
    assert len(mkdocs) > 200 and "data/items.json" in mkdocs and "sitemap.xml" in mkdocs
    assert_same(mkdocs, tree(out))
    # Published whole: nothing of the build is left beside the site folder (lock, staging folder).
    assert sorted(p.name for p in out.parent.iterdir()) == ["zfxxgk"]
    pd = run(["zfxxgk", "build", "-q", "--engine", "properdocs", "--out", str(tmp_path / "pd")], ROOT, epoch,
             tmp_path / "cache-pd")
    assert pd.returncode == 0, pd.stderr[-3000:]
    assert_same(mkdocs, tree(tmp_path / "pd"))
    # A rebuild into the same folder keeps the unchanged item pages (set aside before the engine empties
    # the staging folder) and gives the same bytes; the previous site is kept beside it as the next base.
    again = run(["zfxxgk", "build", "--out", str(out)], ROOT, epoch, tmp_path / "cache-zb")
    assert again.returncode == 0, again.stderr[-3000:]
    assert re.search(r"沿用上次构建的条目页面 \d+ 条", again.stderr)
    assert_same(mkdocs, tree(out))
    assert sorted(p.name for p in out.parent.iterdir()) == ["zfxxgk", "zfxxgk.zfxxgk-old"]


def _error_project(root: Path) -> Path:
    root.mkdir()
    for name in ("hooks", "overrides", "schema", "catalogue", "docs"):
        (root / name).symlink_to(ROOT / name)
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    item = root / "content" / "政策文件" / "其他文件" / "2024-00010" / "index.md"
    item.parent.mkdir(parents=True)
    item.write_text(
        "---\n索引号: 11520200MB1C123455/2024-00010\n目录: 政策文件/其他文件\n发布机构: 六盘水市市场监督管理局\n"
        "发布日期: 2024-13-01\n公开方式: 主动公开\n---\n正文\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("strict", [True, False])
def test_a_content_error_fails_the_build_in_chinese_and_publishes_nothing(tmp_path: Path, strict: bool) -> None:
    root = _error_project(tmp_path / "project")
    args = ["zfxxgk", "build", "--out", "public", *(["--strict"] if strict else [])]
    result = run(args, root, "1735660800", tmp_path / "cache")
    assert result.returncode == 1
    assert re.search(r"content/政策文件/其他文件/2024-00010/index\.md:\d+:\d+: 错误 \[[a-z.-]+\] ", result.stderr)
    assert re.search(r"错误: zfxxgk: 内容有 \d+ 个错误（见上方），网站没有发布：.*public 保持上次构建的内容", result.stderr)
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("public")) == []


def test_strict_keeps_the_last_site_when_there_are_warnings(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", CASES / "warning/deadline-late-permit/content", CASE_SETTINGS)
    for name in ("hooks", "overrides", "docs"):
        (root / name).symlink_to(ROOT / name)
    epoch = str(int(dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc).timestamp()))
    plain = run(["zfxxgk", "build", "-q"], root, epoch, tmp_path / "cache")  # site_dir from mkdocs.yml: site/
    assert plain.returncode == 0, plain.stderr[-3000:]
    assert re.search(r"警告: .*: 警告 \[deadline\.late\]", plain.stderr)
    before = tree(root / "site")
    strict = run(["zfxxgk", "build", "--strict"], root, epoch, tmp_path / "cache")
    assert strict.returncode == 1
    assert "错误: zfxxgk: 严格模式下有警告（见上方），网站没有发布：" in strict.stderr
    assert "Traceback" not in strict.stderr
    assert tree(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]  # no staging, no lock


def test_configuration_errors_exit_2_in_chinese(tmp_path: Path) -> None:
    missing = run(["zfxxgk", "build", "--config", "nowhere.yml"], tmp_path, "1735660800", tmp_path / "cache")
    assert missing.returncode == 2
    assert "找不到配置文件 nowhere.yml" in missing.stderr and "Traceback" not in missing.stderr
    root = make_project(tmp_path / "nohooks")
    broken = run(["zfxxgk", "build"], root, "1735660800", tmp_path / "cache")  # no overrides/: MkDocs refuses
    assert broken.returncode == 2
    assert "custom_dir" in broken.stderr and "错误: zfxxgk: mkdocs 无法读取配置 mkdocs.yml" in broken.stderr
    for name in ("overrides", "docs"):
        (root / name).symlink_to(ROOT / name)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"hooks:\n- hooks/zfxxgk_hooks.py\n", "", config), encoding="utf-8")
    nohooks = run(["zfxxgk", "build"], root, "1735660800", tmp_path / "cache")
    assert nohooks.returncode == 2
    assert "的 hooks: 中没有 hooks/zfxxgk_hooks.py" in nohooks.stderr and "Traceback" not in nohooks.stderr
    assert not (root / "site").exists()


@pytest.mark.slow
def test_a_generated_1000_item_corpus_builds_to_the_same_bytes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    project = tmp_path / "corpus"
    summary = generate.generate(1000, project, seed=7)
    # Noon UTC of the corpus' as-of date, as bench/run.py builds it.
    as_of = dt.datetime.fromisoformat(summary["as_of"]).replace(hour=12, tzinfo=dt.timezone.utc)
    epoch = str(int(as_of.timestamp()))
    mk = run(["mkdocs", "build", "-q", "-d", str(tmp_path / "mk")], project, epoch, tmp_path / "cache-mk")
    assert mk.returncode == 0, mk.stderr[-3000:]
    zb = run(["zfxxgk", "build", "-q", "--out", str(tmp_path / "zb")], project, epoch, tmp_path / "cache-zb")
    assert zb.returncode == 0, zb.stderr[-3000:]
    mkdocs = tree(tmp_path / "mk")
    assert len(mkdocs) > 1000
    assert_same(mkdocs, tree(tmp_path / "zb"))
