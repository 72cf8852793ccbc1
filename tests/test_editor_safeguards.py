"""Editor safeguards of issue 19: duplicates reported on the right file, messages at the right line."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

from projectkit import CASE_SETTINGS, ROOT, make_project
from zfxxgk.cli import main

CASES = Path(__file__).parent / "cases"


def _check(root: Path, *extra: str) -> list[dict[str, object]]:
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--config", str(root / "mkdocs.yml"), "--as-of", "2026-11-20", "--format", "json", *extra])
    problems: list[dict[str, object]] = json.loads(out.getvalue())["problems"]
    return problems


def test_duplicate_index_is_reported_on_the_file_not_in_the_published_manifest(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", CASES / "invalid/index-duplicate/content", CASE_SETTINGS)
    online = root / "content/其他文件/2024-00010-b/index.md"
    copy = root / "content/其他文件/2024-00010/index.md"
    # The copy claims an earlier date; the manifest says which file is online.
    copy.write_text(copy.read_text(encoding="utf-8").replace("2024-03-08", "2024-03-05"), encoding="utf-8")
    without = [p for p in _check(root) if p["rule"] == "index.duplicate"]
    assert [p["path"] for p in without] == ["content/其他文件/2024-00010-b/index.md"]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"version": 1, "urls": {"xxgk/11520200MB1C123455/2024-00010/": {
        "索引号": "11520200MB1C123455/2024-00010", "发布日期": "2024-03-08", "sha256": "0", "status": "published"}}}),
        encoding="utf-8")
    found = [p for p in _check(root, "--against", str(manifest)) if p["rule"] == "index.duplicate"]
    assert [p["path"] for p in found] == ["content/其他文件/2024-00010/index.md"]
    message = str(found[0]["message"])
    assert "已公开" in message and online.relative_to(root).as_posix() in message
    assert "请改用下一个空闲的索引号 11520200MB1C123455/2024-00011。" in message


def test_newer_copy_is_told_to_change(tmp_path: Path) -> None:
    src = CASES / "invalid/index-duplicate-newer/content"
    root = make_project(tmp_path / "p", src, CASE_SETTINGS)
    (dup,) = [p for p in _check(root) if p["rule"] == "index.duplicate"]
    assert dup["path"] == "content/其他文件/2024-00010/index.md"
    assert "发布日期 2024-03-08，先于本条" in str(dup["message"])
    shutil.rmtree(root)


def test_readme_new_command_run_twice_reports_the_duplicate_docno(tmp_path: Path) -> None:
    """Issue 19: the README's own `zfxxgk new … --文号 "六盘水市监发〔2026〕38号"` a second time passed silently."""
    from test_newitem import created, run_new

    root = make_project(tmp_path / "p", ROOT / "content")
    argv = ("--目录", "政策文件/其他文件", "--标题", "六盘水市市场监督管理局关于开展2026年秋季学校食品安全专项检查的通知",
            "--文号", "六盘水市监发〔2026〕38号", "--成文日期", "2026-09-01", "--发布日期", "2026-09-04",
            "--科室", "食品经营监管科")
    first = created(run_new(root, *argv)[1], root)
    second = created(run_new(root, *argv)[1], root)
    problems = _check(root)
    dups = [p for p in problems if p["rule"] == "docno.duplicate"]
    # The sample already publishes that 文号 (2026-00025): both new copies are told so.
    assert [p["path"] for p in dups] == [first.relative_to(root).as_posix(), second.relative_to(root).as_posix()]
    assert all("content/政策文件/其他文件/2026-00025/index.md" in str(p["message"]) for p in dups)


def test_docno_written_with_other_brackets_is_the_same_docno(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", CASES / "invalid/docno-duplicate/content", CASE_SETTINGS)
    later = root / "content/其他文件/2024-00011/index.md"
    later.write_text(later.read_text(encoding="utf-8").replace("〔2024〕", "【2024】"), encoding="utf-8")
    rules = sorted(str(p["rule"]) for p in _check(root) if str(p["path"]).endswith("2024-00011/index.md"))
    assert rules == ["docno.brackets", "docno.duplicate"]


def test_empty_element_points_at_its_own_line_and_asks_to_fill_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", CASES / "invalid/catalogue-element-empty/content", CASE_SETTINGS)
    (problem,) = [p for p in _check(root) if p["rule"] == "catalogue.element-missing"]
    assert problem["line"] == 13  # 处罚依据: ""  # 待填写, not the 目录 line
    message = str(problem["message"])
    assert "要素「处罚依据」是空的" in message and "请在这一行填写" in message and "加上" not in message
    assert message.endswith("按标准目录公开）")


def test_full_width_colon_is_named_at_its_own_line(tmp_path: Path) -> None:
    """Issue 19: `标题：…` was reported one line late with "could not find expected ':'"."""
    root = make_project(tmp_path / "p", CASES / "invalid/yaml-full-width-colon/content", CASE_SETTINGS)
    (problem,) = _check(root)
    assert (problem["rule"], problem["line"], problem["column"]) == ("yaml.syntax", 3, 3)
    message = str(problem["message"])
    assert "全角冒号" in message and "标题: …" in message
    assert not any(word in message for word in ("could not", "expected", "mapping"))


def test_known_parser_errors_are_worded_in_chinese(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", CASES / "invalid/yaml-syntax/content", CASE_SETTINGS)
    (problem,) = _check(root)
    message = str(problem["message"]).split("（依据：")[0].replace("YAML", "")
    assert not any("a" <= c.lower() <= "z" for c in message), message


def test_date_with_slashes_gets_the_iso_form_proposed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", CASES / "invalid/schema-date-slashes/content", CASE_SETTINGS)
    problems = [p for p in _check(root) if p["rule"] == "schema.pattern"]
    assert [(p["line"], p["column"]) for p in problems] == [(6, 7)]
    assert "即 2024-03-06" in str(problems[0]["message"])


def test_date_proposals() -> None:
    from zfxxgk.items.validate import propose_date

    assert propose_date("2026/9/1") == "2026-09-01"
    assert propose_date("2026年9月1日") == "2026-09-01"
    assert propose_date("2026.09.01") == "2026-09-01"
    assert propose_date("２０２６／９／１") == "2026-09-01"
    assert propose_date("2026/2/30") is None
    assert propose_date("九月一日") is None


def test_text_report_puts_site_notices_in_one_block_after_the_item_problems() -> None:
    """Issue 19: one real warning was buried under 31 quota notices at mkdocs.yml:0:0."""
    import zfxxgk.checks  # noqa: F401  (registers the rules)
    from zfxxgk.problems import Problems
    from zfxxgk.report.reporters import text

    problems = Problems()
    for name in ("办公室", "法规科", "财务科"):
        problems.add("quota.year", "mkdocs.yml", 0, 0, f"{name} 2025年全年公开信息 0 条，少于要求的 10 条。")
    problems.add("deadline.late", "content/a/index.md", 7, 7, "发布日期晚了 3 个工作日。")
    lines = text(problems).splitlines()
    assert lines[0].startswith("content/a/index.md:7:7: 警告 [deadline.late]")
    assert not any(line.startswith("mkdocs.yml:0:0") for line in lines)
    block = lines.index("全站提示（3 条，不影响检查结果）：")
    assert block > 0 and lines[block + 1] == "  [quota.year] 3 条（mkdocs.yml）："
    assert sum("（依据：《六盘水市市场监督管理局2021年政务公开工作实施方案》" in line for line in lines) == 1
    assert lines[-1] == "共 0 个错误，1 个警告，3 个提示。"
