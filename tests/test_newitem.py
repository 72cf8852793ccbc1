"""`zfxxgk new`: 索引号 allocation, folders, rendered items that `zfxxgk check` accepts once filled, prompts."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zfxxgk.cli import build_parser, main
from zfxxgk.commands import new
from zfxxgk.items.loader import read_source
from zfxxgk.items.record import parse_date
from zfxxgk.newitem import next_index_no, read_sources, taken_numbers
from zfxxgk.problems import Problems
from zfxxgk.project import load_normalised_catalogue
from zfxxgk.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
ORG = "11520200MB1C123455"
Factory = Callable[..., Path]


def latest_published() -> dt.date:
    """The newest 发布日期 of the sample content: new items are dated then, so nothing is in the future."""
    days = [parse_date(str(s.meta.get("发布日期", ""))) for s in read_sources(load_settings(ROOT / "mkdocs.yml"))]
    return max(d for d in days if d is not None)


def run_new(root: Path, *argv: str, stdin: str | None = None, tty: bool = False,
            today: dt.date = dt.date(2026, 6, 1)) -> tuple[int, str]:
    """`zfxxgk new` through the real parser, with injected streams; returns (exit code, stdout)."""
    args = build_parser().parse_args(["new", "--config", str(root / "mkdocs.yml"), *argv])
    source = _TTY(stdin or "") if tty else io.StringIO(stdin or "")
    out = io.StringIO()
    code = new.run(args, stdin=source, stdout=out, today=today)
    return code, out.getvalue()


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def check(root: Path, as_of: dt.date, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    """`zfxxgk check --format json`: exit code and problems."""
    capsys.readouterr()
    code = main(["check", "--config", str(root / "mkdocs.yml"), "--format", "json", "--as-of", as_of.isoformat()])
    return code, json.loads(capsys.readouterr().out)["problems"]


def created(output: str, root: Path) -> Path:
    match = re.search(r"已创建 (\S+?)（索引号", output)
    assert match, output
    return root / match[1]


def fill(path: Path, values: dict[str, str]) -> None:
    """Fill the `# 待填写` fields and the empty `##` sections the way an editor would."""
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text, fields = re.subn(rf'^{re.escape(name)}: ""  # 待填写$', f"{name}: {value}", text, flags=re.M)
        text, heads = re.subn(rf"^## {re.escape(name)}\n\n", f"## {name}\n\n{value}\n", text, flags=re.M)
        assert fields + heads == 1, name
    path.write_text(text, encoding="utf-8")


def elements(root: Path, catalogue: str) -> tuple[str, ...]:
    found = load_normalised_catalogue(load_settings(root / "mkdocs.yml"))
    assert found is not None
    entry = found.get(catalogue)
    assert entry is not None
    return entry.elements


# The 要素 values an editor writes; 处罚时间 is a date because the penalty rules read it.
VALUES = {"处罚时间": "2026-10-30", "处罚种类和内容": "罚款人民币20000元", "抽查时间": "2026-09-01至2026-09-20"}

FIELD_ROWS = [
    # (目录, 文种, extra rule ids the row's own checks raise for the same empty 要素)
    # The 时限 runs from 抽查结束日期, which `new` does not ask for: deadline.start-missing until it is written.
    ("双随机一公开/抽查结果", "公示", {"deadline.start-missing"}),
    ("监督检查/食品安全监督抽检", "通告", set()),
    # penalty.content stays quiet while catalogue.element-missing already names 处罚种类和内容.
    ("行政处罚/行政处罚决定", "决定", set()),
]


@pytest.mark.parametrize(("catalogue", "genre", "also"), FIELD_ROWS)
def test_new_item_fails_only_on_its_elements_then_passes_when_filled(
    project: Factory, capsys: pytest.CaptureFixture[str], catalogue: str, genre: str, also: set[str]
) -> None:
    root = project(content=ROOT / "content")
    day = latest_published()
    code, out = run_new(root, "--目录", catalogue, "--标题", "测试条目：新建后只缺要素", "--文种", genre,
                        "--成文日期", (day - dt.timedelta(days=1)).isoformat(), "--发布日期", day.isoformat(),
                        "--主题分类", "市场监管、安全生产监管")
    assert code == 0, out
    path = created(out, root)
    rel = path.relative_to(root).as_posix()
    wanted = elements(root, catalogue)
    assert wanted and "「" not in out and "、".join(wanted) in out

    code, problems = check(root, day, capsys)
    assert code == 1
    mine = [p for p in problems if p["path"] == rel and p["severity"] in ("error", "warning")]
    assert {p["rule"] for p in mine} == {"catalogue.element-missing"} | also
    named = [re.search(r"(?:缺少要素|要素)「(.+?)」", p["message"]) for p in mine if p["rule"] == "catalogue.element-missing"]
    assert sorted(m[1] for m in named if m) == sorted(wanted)
    assert not [p for p in problems if p["path"] != rel and p["severity"] == "error"]

    fill(path, {name: VALUES.get(name, f"{name}的内容") for name in wanted})
    if "deadline.start-missing" in also:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n发布日期:", f"\n抽查结束日期: {day - dt.timedelta(days=2)}\n发布日期:", 1),
                        encoding="utf-8")
    code, problems = check(root, day, capsys)
    assert code == 0, [p for p in problems if p["severity"] == "error"]
    assert not [p for p in problems if p["path"] == rel and p["severity"] != "info"]


def test_prose_elements_become_sections_and_pass_when_written(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(content=ROOT / "content")
    day = latest_published()
    code, out = run_new(root, "--目录", "机构信息/机构职能", "--标题", "六盘水市市场监督管理局机构职能（修订）",
                        "--成文日期", day.isoformat(), "--发布日期", day.isoformat(), "--文种", "信息")
    assert code == 0
    path = created(out, root)
    wanted = elements(root, "机构信息/机构职能")
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == "\n" + "\n".join(f"## {name}\n\n" for name in wanted)
    fill(path, {name: f"{name}的内容" for name in wanted})
    code, problems = check(root, day, capsys)
    assert code == 0, [p for p in problems if p["severity"] == "error"]


def test_empty_prose_sections_are_named_as_missing(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(content=ROOT / "content")
    day = latest_published()
    _, out = run_new(root, "--目录", "机构信息/机构职能", "--标题", "机构职能", "--发布日期", day.isoformat())
    rel = created(out, root).relative_to(root).as_posix()
    _, problems = check(root, day, capsys)
    named = {p["message"] for p in problems if p["path"] == rel and p["rule"] == "catalogue.element-missing"}
    assert len(named) == len(elements(root, "机构信息/机构职能"))


def test_duplicate_index_no_is_reported_with_the_allocators_next_number(
    project: Factory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(content=ROOT / "content")
    day = latest_published()
    _, out = run_new(root, "--目录", "工作动态/工作动态", "--标题", "第一个分支的动态", "--发布日期", day.isoformat())
    first = created(out, root)
    # A second pull request made from the same base allocated the same number in another folder.
    twin = first.parent.parent / "parallel-branch" / "index.md"
    twin.parent.mkdir()
    shutil.copy(first, twin)
    settings = load_settings(root / "mkdocs.yml")
    expected = next_index_no(ORG, day.year, taken_numbers(read_sources(settings)))

    _, problems = check(root, day, capsys)
    dups = [p for p in problems if p["rule"] == "index.duplicate"]
    assert len(dups) == 1 and dups[0]["path"] == twin.relative_to(root).as_posix()
    assert f"请改用下一个空闲的索引号 {expected}。" in dups[0]["message"]
    _, out = run_new(root, "--目录", "工作动态/工作动态", "--标题", "下一条", "--发布日期", day.isoformat())
    assert f"（索引号 {expected}）" in out


def test_next_index_no_per_code_and_year() -> None:
    taken = {f"{ORG}/2026-00003", f"{ORG}/2026-00010", f"{ORG}/2025-00099", "11520200MB1C12345X/2026-00050"}
    assert next_index_no(ORG, 2026, taken) == f"{ORG}/2026-00011"
    assert next_index_no(ORG, 2027, taken) == f"{ORG}/2027-00001"
    assert next_index_no("11520200MB1C12345X", 2026, taken) == "11520200MB1C12345X/2026-00051"


def write_item(root: Path, rel: str, front: str) -> None:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n正文。\n", encoding="utf-8")


def test_invalid_items_still_hold_their_numbers(project: Factory) -> None:
    root = project()
    # No 标题, unknown 目录: invalid, but its number is taken.
    write_item(root, "草稿/a/index.md", f"索引号: {ORG}/2026-00040\n目录: 不存在/栏目")
    write_item(root, "工作动态/工作动态/2026-00041/index.md", "标题: [未闭合")  # unreadable YAML, folder named
    (root / "content" / "工作动态" / "工作动态" / "2026-00042").mkdir()  # an empty folder holds its number too
    code, out = run_new(root, "--目录", "工作动态/工作动态", "--标题", "动态", "--发布日期", "2026-03-02")
    assert code == 0
    assert f"（索引号 {ORG}/2026-00043）" in out
    assert (root / "content/工作动态/工作动态/2026-00043/index.md").is_file()


@pytest.mark.parametrize(("catalogue", "published", "folder"), [
    ("政务公开/政府信息公开指南", "2026-02-03", "政府信息公开指南/2026-00001"),
    ("政务公开/政府信息公开制度", "2026-02-03", "政府信息公开制度/2026-00001"),
    ("政务公开/政府信息公开年报", "2027-01-20", "政府信息公开年报/2026"),
    ("政策文件/行政规范性文件", "2026-02-03", "政策文件/行政规范性文件/2026-00001"),
])
def test_folders(project: Factory, catalogue: str, published: str, folder: str) -> None:
    root = project()
    code, out = run_new(root, "--目录", catalogue, "--标题", "标题", "--发布日期", published)
    assert code == 0 and created(out, root) == root / "content" / folder / "index.md"


def test_front_matter_reads_back(project: Factory) -> None:
    root = project()
    title = '关于"双随机": 抽查 #3 的通知'
    code, out = run_new(root, "--目录", "政策文件/行政规范性文件", "--标题", title, "--文号", "六盘水市监规〔2026〕1号",
                        "--成文日期", "2026-05-20", "--文种", "8", "--主题分类", "综合政务")
    assert code == 0
    source = read_source(created(out, root), "x", Problems())
    assert source is not None
    assert source.meta == {
        "索引号": f"{ORG}/2026-00001", "标题": title, "目录": "政策文件/行政规范性文件", "发布机构": "六盘水市市场监督管理局",
        "成文日期": "2026-05-20", "发布日期": "2026-06-01", "文号": "六盘水市监规〔2026〕1号", "主题分类": "综合政务",
        "文种": "通知", "公开方式": "主动公开", "公开范围": "面向全社会", "有效性": "现行有效", "责任科室": "法规科",
    }


def test_structured_columns_option(project: Factory) -> None:
    root = project(settings={"options": {"structured_columns": ["机构信息"]}})
    code, out = run_new(root, "--目录", "机构信息/机构职能", "--标题", "机构职能")
    assert code == 0
    text = created(out, root).read_text(encoding="utf-8")
    assert '主要职责: ""  # 待填写' in text and "## 主要职责" not in text


@pytest.mark.parametrize(("argv", "message"), [
    (["--目录", "行政处罚/处罚决定", "--标题", "t"], "是不是“行政处罚/行政处罚决定”"),
    (["--目录", "工作动态/工作动态", "--标题", "t", "--科室", "宣传科"], "责任科室“宣传科”不在设置的科室名单中"),
    (["--目录", "工作动态/工作动态", "--标题", "t", "--成文日期", "2026-07-01"], "成文日期 2026-07-01 晚于发布日期 2026-06-01"),
    (["--目录", "工作动态/工作动态", "--标题", "t", "--文种", "简报"], "文种“简报”不在可选范围内"),
    (["--目录", "政策解读/政策解读", "--标题", "t", "--解读对象", f"{ORG}/2020-00001"], "解读对象"),
    (["--标题", "t"], "缺少参数 --目录"),
])
def test_usage_errors_exit_2_and_write_nothing(
    project: Factory, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    root = project()
    code, _ = run_new(root, *argv)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not list((root / "content").rglob("*.md"))


def test_interactive_prompts(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(content=ROOT / "content")
    answers = [
        "行政处罚/不存在",  # unknown → asked again
        "11",  # 行政处罚/行政处罚决定 by its number
        "某某超市销售过期食品案行政处罚决定信息公示",
        "",  # 责任科室: the default (the row's 公开主体)
        "六盘水市监处罚〔2026〕70号",
        "2026-05-28",
        "2026-5-30",  # not YYYY-MM-DD → asked again
        "",  # 发布日期: the default (today)
        "决定",
        "8",  # 主题分类 by number
    ]
    code, out = run_new(root, stdin="\n".join(answers) + "\n", tty=True)
    assert code == 0, capsys.readouterr().err
    assert "标准目录事项：\n   1. 政务公开/政府信息公开指南（公开主体：办公室）\n" in out
    assert "  11. 行政处罚/行政处罚决定（公开主体：执法支队）\n" in out
    assert "没有这个目录事项，请重新输入。" in out
    assert "标题，信息的完整名称：" in out
    assert "科室：\n  1. 办公室\n" in out and "责任科室，填序号或名称 [默认：执法支队]：" in out
    assert "文号，例如 六盘水市监发〔2021〕12号（没有可直接回车）：" in out
    assert "发布日期，YYYY-MM-DD [默认：2026-06-01]：" in out and "日期应为 YYYY-MM-DD，请重新输入。" in out
    assert "   8. 市场监管、安全生产监管\n" in out
    assert "解读对象" not in out  # only asked for 政策解读
    path = created(out, root)
    assert path.parent.parent == root / "content/行政处罚/行政处罚决定"
    source = read_source(path, "x", Problems())
    assert source is not None
    meta = source.meta
    assert (meta["标题"], meta["责任科室"], meta["文号"], meta["成文日期"], meta["发布日期"], meta["文种"], meta["主题分类"]) == (
        answers[2], "执法支队", answers[4], "2026-05-28", "2026-06-01", "决定", "市场监管、安全生产监管")
    assert meta["处罚对象"] == ""


def test_interactive_only_asks_what_flags_did_not_give(project: Factory) -> None:
    root = project(content=ROOT / "content")
    answers = ["2", "", "", "", "", "11520200MB1C123455/2025-00013"]  # 科室, 文号, 成文日期, 发布日期, 主题分类, 解读对象
    code, out = run_new(root, "--interactive", "--目录", "政策解读/政策解读", "--标题", "解读", "--文种", "解读",
                        stdin="\n".join(answers) + "\n")
    assert code == 0
    assert "标准目录事项" not in out and "标题，" not in out and "文种，" not in out
    assert "解读对象，被解读文件的索引号（没有可直接回车）：" in out
    text = created(out, root).read_text(encoding="utf-8")
    assert "责任科室: 法规科" in text and "解读对象: 11520200MB1C123455/2025-00013" in text
    assert text.endswith("---\n\n## 背景依据\n\n\n## 主要内容\n\n")


def test_end_of_input_writes_nothing(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project()
    code, _ = run_new(root, "--interactive", stdin="1\n")
    assert code == 2 and "输入已结束" in capsys.readouterr().err
    assert not list((root / "content").rglob("*.md"))


def test_other_department_is_told_to_update_codeowners(project: Factory) -> None:
    root = project()
    code, out = run_new(root, "--目录", "工作动态/工作动态", "--标题", "动态", "--科室", "执法支队")
    assert code == 0 and "zfxxgk codeowners --write --gitlab" in out


def test_cli_flags_without_terminal(project: Factory, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = project()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["new", "--config", str(root / "mkdocs.yml"), "--目录", "工作动态/工作动态", "--标题", "动态",
                 "--发布日期", "2026-04-01"]) == 0
    assert (root / "content/工作动态/工作动态/2026-00001/index.md").is_file()
    assert main(["new", "--config", str(root / "mkdocs.yml"), "--目录", "工作动态/工作动态"]) == 2
    assert "缺少参数 --标题" in capsys.readouterr().err
