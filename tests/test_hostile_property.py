"""Issue 20: hostile front matter and bodies, generated. `zfxxgk check` (the library call) returns problems or a
clean result for every one of them, never an exception, and within a time bound per example.

The generator mixes what broke the tool before (deep nesting, alias bombs, huge numbers, lone surrogates,
control characters, long runs, markup that swallows a page) with YAML-ish noise and odd keys, around an item
that is otherwise valid, so that the checks behind the parser run too.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projectkit import CASE_SETTINGS, make_project
from zfxxgk.cache import Cache
from zfxxgk.problems import Problem
from zfxxgk.project import load_project
from zfxxgk.settings import Settings, load_settings

AS_OF = dt.date(2026, 11, 20)
PER_EXAMPLE = 5.0  # seconds; a clean check of this project takes about 0.05 s
FIELDS = {
    "索引号": "11520200MB1C123455/2024-00010",
    "标题": "关于开展2024年“双随机、一公开”监管工作的通知",
    "目录": "政策文件/其他文件",
    "发布机构": "六盘水市市场监督管理局",
    "成文日期": "2024-03-04",
    "发布日期": "2024-03-08",
    "文号": "六盘水市监发〔2024〕5号",
    "主题分类": "市场监管、安全生产监管",
    "文种": "通知",
    "公开方式": "主动公开",
    "公开范围": "面向全社会",
    "责任科室": "信用监管科",
}
ODD_KEYS = ["附件", "隐私确认", "解读对象", "有效性", "废止日期", "废止依据", "有效期至", "主题词", "内容概述", "其他",
            "<<", "? [a]", "'键'", "", "0", "true", "null", "~", "标题 ", "\u200b标题"]
NASTY = ["\x00", "\x07", "\x1b", "\x7f", "\u2028", "\ufeff", "\u202e", "\ud800", "\udfff", "\U0010ffff", "：",
         "\t", "\r", "’", "＂", "、", "〔", "〕", "/", "／"]


def _text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from(NASTY)), max_size=max_size)


@st.composite
def _value(draw: st.DrawFn) -> str:
    """One YAML-ish value, as written after `key: `."""
    kind = draw(st.sampled_from(["text", "quoted", "escape", "number", "nest", "alias", "date", "list", "real"]))
    if kind == "text":
        return draw(_text())
    if kind == "quoted":
        return '"' + draw(_text()).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if kind == "escape":
        return '"' + draw(st.sampled_from(["\\ud800", "\\udfff", "\\U0010ffff", "\\x00", "\\e", "\\u4e00", "\\N"])) + '"'
    if kind == "number":
        digits = draw(st.integers(1, 6000))
        return draw(st.sampled_from(["", "-", "+", "0x", "0o", "1e"])) + "9" * digits
    if kind == "nest":
        depth = draw(st.integers(1, 1500))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("[{a: ", "}]")]))
        return opener * depth + "1" + closer * depth
    if kind == "alias":
        levels, width = draw(st.integers(1, 10)), draw(st.integers(1, 9))
        lines = ["", "  a0: &a0 [" + ", ".join(["x"] * width) + "]"]
        lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
        return "\n".join(lines)
    if kind == "date":
        return draw(st.sampled_from(["9999-12-31", "0001-01-01", "2024-02-30", "2024-13-01", "1949-09-30",
                                     "2099-12-31", "2100-01-01", "99999-01-01", "2024-1-1", "二〇二四年"]))
    if kind == "list":
        return "\n" + "\n".join(f"  - {draw(_text(20))}" for _ in range(draw(st.integers(0, 4))))
    return draw(st.sampled_from(list(FIELDS.values())))


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Front matter lines between the fences: the valid item with some values and keys replaced or added."""
    if draw(st.integers(0, 9)) == 0:
        return draw(_text(400))  # noise instead of a mapping
    fields = dict(FIELDS)
    for key in draw(st.lists(st.sampled_from(list(FIELDS) + ODD_KEYS), max_size=4)):
        fields[key] = draw(_value())
    return "\n".join(f"{key}: {value}" for key, value in fields.items()) + "\n"


@st.composite
def body(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(
        _text(80),
        st.sampled_from(["<textarea>", "<title>", "<select>", "<svg><script>x</script>", "<img src=x onerror=a()>",
                         "![图](../../../etc/passwd)", "![图](/proc/self/environ)", "**520201**19850315**1237**",
                         "&#53;20201198503151237", "[链接](javascript:alert(1))", "<!--", "```", "\n---\n", "|a|\n|-|",
                         "〔2021〕39号", "11520200MB1C123455/2024-00010", "<div markdown=1>", "&shy;", "\u200b"]),
        st.builds(lambda ch, n: ch * n, st.sampled_from(["a", "一", "1", " ", "-", "[", "*", "<"]),
                  st.integers(1, 20_000)),
    ), max_size=6))
    return "".join(parts)


@pytest.fixture(scope="module")
def project_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = make_project(tmp_path_factory.mktemp("hostile") / "p", None, CASE_SETTINGS)
    (root / "content/其他文件/2024-00010").mkdir(parents=True)
    return load_settings(root / "mkdocs.yml")


def run_check(settings_: Settings, text: str) -> list[Problem]:
    """Write the item and check the project through the library, with the cache off."""
    path = settings_.content_dir / "其他文件/2024-00010/index.md"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    project = load_project(settings_, AS_OF, cache=Cache(None, ""))
    project.manifest()  # what the build and `check --against` compute from the same project
    return project.problems.sorted()


def test_the_unchanged_item_is_clean(project_settings: Settings) -> None:
    text = "---\n" + "\n".join(f"{k}: {v}" for k, v in FIELDS.items()) + "\n---\n正文。\n"
    assert [p for p in run_check(project_settings, text) if p.severity.value == "error"] == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(front=front_matter(), text=body())
def test_hostile_items_give_problems_never_exceptions(project_settings: Settings, front: str, text: str) -> None:
    start = time.monotonic()
    problems = run_check(project_settings, f"---\n{front}---\n{text}")
    elapsed = time.monotonic() - start
    assert elapsed < PER_EXAMPLE, f"{elapsed:.1f} s"
    for problem in problems:
        assert isinstance(problem, Problem) and problem.message and problem.rule
