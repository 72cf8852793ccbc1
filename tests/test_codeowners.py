"""`zfxxgk codeowners`: review routing from 公开主体, 审核人 and 责任科室; --check fails when the file is stale."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from zfxxgk.cli import main
from zfxxgk.newitem import read_sources
from zfxxgk.project import load_normalised_catalogue
from zfxxgk.report.codeowners import generate
from zfxxgk.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
Factory = Callable[..., Path]


def owners_of(codeowners: str, path: str) -> tuple[str, ...]:
    """The owners GitHub and GitLab give a file: the last rule whose pattern matches it."""
    found: tuple[str, ...] = ()
    for line in codeowners.splitlines():
        if not line or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        pattern = pattern.replace("\\ ", " ")
        if (pattern.endswith("/") and ("/" + path).startswith(pattern)) or "/" + path == pattern:
            found = tuple(owners)
    return found


def codeowners(root: Path, *argv: str) -> int:
    return main(["codeowners", "--config", str(root / "mkdocs.yml"), *argv])


def test_committed_files_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert codeowners(ROOT, "--check") == 0, capsys.readouterr().err
    assert "是最新的" in capsys.readouterr().out
    assert (ROOT / ".github/CODEOWNERS").read_bytes() == (ROOT / ".gitlab/CODEOWNERS").read_bytes()


def test_every_sample_item_is_reviewed_by_its_department() -> None:
    settings = load_settings(ROOT / "mkdocs.yml")
    catalogue = load_normalised_catalogue(settings)
    assert catalogue is not None
    text = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    reviewers = {d.name: d.reviewers for d in settings.departments}
    differing = 0
    for source in read_sources(settings):
        entry = catalogue.get(str(source.meta["目录"]))
        assert entry is not None
        department = str(source.meta.get("责任科室") or entry.subject)
        differing += department != entry.subject
        assert owners_of(text, source.rel) == reviewers[department], source.rel
        for sibling in source.path.parent.iterdir():  # attachments go to the same reviewers
            assert owners_of(text, settings.rel(sibling)) == reviewers[department]
    assert differing, "the sample should route at least one item away from its column's 公开主体"
    office = reviewers["办公室"]
    for path in ("catalogue/标准目录.xlsx", "schema/catalogue.json", "mkdocs.yml", "content/未分类/说明.md"):
        assert owners_of(text, path) == office


def test_header_and_determinism() -> None:
    settings = load_settings(ROOT / "mkdocs.yml")
    catalogue = load_normalised_catalogue(settings)
    assert catalogue is not None
    first = generate(settings, catalogue, read_sources(settings))
    assert first == generate(settings, catalogue, list(reversed(read_sources(settings))))
    assert first.startswith("# 自动生成，请勿手工修改。")
    assert "zfxxgk codeowners --write --gitlab" in first.split("\n\n", 1)[0]
    assert all(line == line.rstrip() for line in first.splitlines())


def copy_with_codeowners(project: Factory, settings: dict[str, object] | None = None) -> Path:
    root = project(content=ROOT / "content", settings=settings)
    for name in ("docs", "overrides", "hooks"):  # owned by the office, as in the repository
        (root / name).mkdir(exist_ok=True)
    for rel in (".github/CODEOWNERS", ".gitlab/CODEOWNERS"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, root / rel)
    return root


def test_check_fails_after_a_reviewer_changes(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_with_codeowners(project)
    assert codeowners(root, "--check") == 0
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["zfxxgk"]["科室"]["执法支队"]["审核人"] = ["@lps-scjgj/zfzd-new"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    capsys.readouterr()

    assert codeowners(root, "--check") == 1
    err = capsys.readouterr().err
    assert "错误：.github/CODEOWNERS 已过期" in err and "错误：.gitlab/CODEOWNERS 已过期" in err
    assert f"请运行 zfxxgk codeowners --write --gitlab --config {root / 'mkdocs.yml'}，并提交生成的文件。" in err
    assert "+/content/行政处罚/行政处罚决定/ @lps-scjgj/zfzd-new" in err

    assert codeowners(root, "--write", "--gitlab") == 0
    assert codeowners(root, "--check") == 0
    text = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert owners_of(text, "content/行政处罚/行政处罚决定/2026-00022/index.md") == ("@lps-scjgj/zfzd-new",)


def test_check_fails_when_an_item_names_another_department(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_with_codeowners(project)
    item = root / "content/财政信息/部门预决算/2025-00010/index.md"
    item.write_text(item.read_text(encoding="utf-8").replace("责任科室: 财务科", "责任科室: 办公室"), encoding="utf-8")
    assert codeowners(root, "--check") == 1
    assert "+/content/财政信息/部门预决算/2025-00010/ @lps-scjgj/bgs" in capsys.readouterr().err


def test_missing_file_and_print(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(content=ROOT / "content")
    for name in ("docs", "overrides", "hooks"):
        (root / name).mkdir(exist_ok=True)
    assert codeowners(root, "--check") == 1
    assert "找不到 .github/CODEOWNERS" in capsys.readouterr().err
    assert codeowners(root) == 0
    assert capsys.readouterr().out == (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert codeowners(root, "--write", "--output", "CODEOWNERS") == 0
    assert (root / "CODEOWNERS").read_bytes() == (ROOT / ".github/CODEOWNERS").read_bytes()
    assert not (root / ".gitlab").exists()


def test_department_without_reviewers_is_a_config_error(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(content=ROOT / "content", settings={"科室": {"财务科": {"审核人": []}}})
    assert codeowners(root, "--check") == 2
    assert "科室“财务科”没有审核人" in capsys.readouterr().err


def test_unknown_subject_is_a_config_error(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project()
    path = root / "schema/catalogue.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][-1]["subject"] = "宣传科"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert codeowners(root) == 2
    assert "公开主体“宣传科”不是设置中的科室" in capsys.readouterr().err


def test_shared_subject_and_review_office(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(settings={"options": {"review_office": "法规科"}})
    path = root / "schema/catalogue.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][-1]["subject"] = "办公室、信用监管科"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert codeowners(root) == 0
    text = capsys.readouterr().out
    assert owners_of(text, "mkdocs.yml") == ("@lps-scjgj/fgk",)
    assert owners_of(text, "content/工作动态/工作动态/x/index.md") == ("@lps-scjgj/bgs", "@lps-scjgj/xyjgk")


def test_review_templates_share_the_checklist() -> None:
    github = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    gitlab = (ROOT / ".gitlab/merge_request_templates/Default.md").read_text(encoding="utf-8")
    items = [line for line in github.splitlines() if line.startswith("- [ ]")]
    assert items == [line for line in gitlab.splitlines() if line.startswith("- [ ]")]
    for topic in ("保密审查", "要素齐全", "政策解读", "签发后的正式版本", "发布日期如实", "时限", "有效性", "审核分派"):
        assert any(topic in item for item in items), topic
    for text in (github, gitlab):
        assert "zfxxgk codeowners --write --gitlab" in text and "`文件:行:列: 错误|警告 [规则编号]" in text


def test_what_the_build_publishes_as_is_or_runs_needs_the_office(tmp_path: Path) -> None:
    # A link or a script in docs/, overrides/ or hooks/ reaches the site or the build: the office reviews it.
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    office = next(line.split()[1] for line in text.splitlines() if line.startswith("/content/ "))
    for folder in ("/docs/", "/overrides/", "/hooks/"):
        assert f"{folder} {office}" in text.splitlines()
