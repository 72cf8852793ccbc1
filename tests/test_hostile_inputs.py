"""Issue 20, crashes and hangs: every reproducer an editor or an administrator can write ends in a clear Chinese
problem (file, line, rule, what to do) within a time bound, never in a traceback or a hang.

The families: 索引号 that cannot be a URL; files that cannot be reached; YAML that is too deep, too wide or not
text; dates and working days; the search tokeniser on long runs; Office files; settings, holidays, catalogue and
records; a damaged cache. README「处理上限」 lists the bounds.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import pickle
import re
import sqlite3
import subprocess
import sys
import time
import zipfile
import zlib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from projectkit import CASE_SETTINGS, ROOT, copy_sample, make_project
from zfxxgk import yamlpos
from zfxxgk.cli import main
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.problems import Problem
from zfxxgk.project import load_project, open_cache
from zfxxgk.search.tokenize import MAX_WORD, tokenize
from zfxxgk.settings import SettingsError, load_settings
from zfxxgk.text.extract import extract_text, limit_reason
from zfxxgk.workdays import Calendar

AS_OF = dt.date(2026, 11, 20)
FOLDER = "content/其他文件/2024-00010"
ITEM = f"{FOLDER}/index.md"
FRONT = """\
---
索引号: 11520200MB1C123455/2024-00010
标题: 关于开展2024年“双随机、一公开”监管工作的通知
目录: 政策文件/其他文件
发布机构: 六盘水市市场监督管理局
成文日期: 2024-03-04
发布日期: 2024-03-08
文号: 六盘水市监发〔2024〕5号
主题分类: 市场监管、安全生产监管
文种: 通知
公开方式: 主动公开
公开范围: 面向全社会
责任科室: 信用监管科
"""
BODY = "---\n各县（市、特区、区）市场监督管理局：\n\n现将2024年工作安排通知如下。\n"
CJK = re.compile("[\u4e00-\u9fff]")
SECONDS = 10.0  # every reproducer here took from a minute to forever, or crashed; this is ample


def item(extra: str = "", front: str = FRONT, body: str = BODY) -> str:
    """The item text with `extra` front-matter lines added at the end of the front matter."""
    return front + extra + body


def with_field(name: str, line: str) -> str:
    """The item with the line of one field replaced."""
    return re.sub(rf"^{name}:.*$", lambda _m: line, item(), count=1, flags=re.M)


def write_project(tmp_path: Path, text: str, files: dict[str, bytes] | None = None) -> Path:
    root = make_project(tmp_path / "p", None, CASE_SETTINGS)
    folder = root / FOLDER
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    return root


def check(root: Path) -> list[Problem]:
    """`zfxxgk check` as a library call, timed: its problems (it must not raise)."""
    start = time.monotonic()
    project = load_project(load_settings(root / "mkdocs.yml"), AS_OF)
    project.manifest()  # what the build and `check --against` compute next: must not raise either
    assert time.monotonic() - start < SECONDS
    return project.problems.sorted()


def clear(problem: Problem, rule: str, line: int | None = None) -> None:
    """The problem is the rule's, located, in Chinese, with its basis, and without a Python word."""
    assert problem.rule == rule
    assert problem.path == ITEM or problem.path.startswith("content/")
    if line is not None:
        assert problem.line == line
    assert CJK.search(problem.message) and "依据" in problem.message
    assert not re.search(r"Traceback|Error\b|errno|\\\\x", problem.message)


def only(problems: list[Problem], rule: str) -> Problem:
    found = [p for p in problems if p.rule == rule]
    assert found, [f"{p.rule} {p.message}" for p in problems]
    return found[0]


def test_the_plain_item_is_clean(tmp_path: Path) -> None:
    assert [p for p in check(write_project(tmp_path, item())) if p.severity.value != "info"] == []


# --- 索引号 that cannot be a URL: index.shape, and the build and `check --against` go on ------------------------

BAD_INDEX = ["11520200MB1C123455／2024-00010", "11520200MB1C123455/2024－00010", "11520200MB1C123455/2024 00010",
             "1.5e10"]


@pytest.mark.parametrize("value", BAD_INDEX, ids=["fullwidth-slash", "fullwidth-hyphen", "space", "float"])
def test_index_that_cannot_be_a_url_is_index_shape(tmp_path: Path, value: str) -> None:
    root = write_project(tmp_path, with_field("索引号", f"索引号: {value}"))
    problems = check(root)
    clear(only(problems, "index.shape"), "index.shape", 2)
    project = load_project(load_settings(root / "mkdocs.yml"), AS_OF)
    assert project.public_items() == [] and project.withdrawals() == []


def test_check_against_a_manifest_reports_index_shape_not_a_traceback(tmp_path: Path) -> None:
    root = write_project(tmp_path, item())
    manifest = tmp_path / "published.json"
    manifest.write_text(json.dumps(load_project(load_settings(root / "mkdocs.yml"), AS_OF).manifest()), "utf-8")
    (root / ITEM).write_text(with_field("索引号", "索引号: 1.5e10"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["check", "--config", str(root / "mkdocs.yml"), "--as-of", AS_OF.isoformat(),
                     "--against", str(manifest)])
    assert code == 1
    assert "[index.shape]" in out.getvalue() and "[manifest.url-removed]" in out.getvalue()
    assert "Traceback" not in err.getvalue()


@pytest.mark.build  # runs mkdocs build
def test_mkdocs_build_prints_index_shape_instead_of_a_traceback(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    target = next((root / "content").rglob("index.md"))
    text = target.read_text(encoding="utf-8")
    target.write_text(re.sub(r"^索引号:.*$", "索引号: 11520200MB1C123455／2024-00099", text, count=1, flags=re.M),
                      encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), NO_MKDOCS_2_WARNING="1", ZFXXGK_CACHE_DIR="")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                            cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr and "UrlError" not in result.stderr, result.stderr[-2000:]
    assert "[index.shape]" in result.stderr


# --- files that cannot be reached -------------------------------------------------------------------------------


def test_attachment_name_over_255_bytes_is_attachment_path(tmp_path: Path) -> None:
    name = "附" * 90 + ".pdf"  # 274 bytes in UTF-8
    root = write_project(tmp_path, item(f"附件:\n  - 名称: 方案\n    文件: {name}\n"))
    problem = only(check(root), "attachment.path")
    clear(problem, "attachment.path", 16)
    assert "255 字节" in problem.message


def test_self_referencing_attachment_link_is_a_problem(tmp_path: Path) -> None:
    root = write_project(tmp_path, item("附件:\n  - 名称: 方案\n    文件: loop.pdf\n"))
    (root / FOLDER / "loop.pdf").symlink_to("loop.pdf")
    (root / FOLDER / "other.pdf").symlink_to("other.pdf")  # undeclared, in the folder listing
    problems = check(root)
    assert any(p.rule.startswith("attachment.") and p.line == 16 for p in problems)


def test_self_referencing_item_file_is_a_link_with_the_reason(tmp_path: Path) -> None:
    root = write_project(tmp_path, item())
    (root / "content/其他文件/loop.md").symlink_to("loop.md")
    # The content walk follows no link (zfxxgk.safepath): a looping one is refused as a link, never opened.
    problem = only(check(root), "content.symlink")
    assert problem.path == "content/其他文件/loop.md" and "符号链接" in problem.message


# --- YAML: depth, aliases, numbers, characters ------------------------------------------------------------------

BOMB = "其他:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
YAML_CASES = {
    "nesting-1000": ("其他: " + "[" * 1000 + "]" * 1000 + "\n", 14),
    "nesting-100000": ("其他: " + "[" * 100_000 + "]" * 100_000 + "\n", 14),  # libyaml's composer crashed here
    "nesting-block": "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "x\n",
    "number-5000-digits": ("其他: " + "9" * 5000 + "\n", 14),
    "lone-surrogate": None,
    "alias-bomb": (BOMB, None),
    "control-character": ("其他: a\x07b\n", 14),
}


@pytest.mark.parametrize("case", list(YAML_CASES))
def test_hostile_yaml_is_a_yaml_problem_with_a_position(tmp_path: Path, case: str) -> None:
    spec = YAML_CASES[case]
    if case == "lone-surrogate":
        text, line = with_field("标题", '标题: "关于\\ud800的通知"'), 3
    elif case == "nesting-block":
        text, line = item(str(spec)), None
    else:
        assert isinstance(spec, tuple)
        text, line = item(spec[0]), spec[1]
    problems = check(write_project(tmp_path, text))
    problem = next(p for p in problems if p.rule.startswith("yaml."))
    clear(problem, problem.rule, line)
    assert problem.rule in ("yaml.limit", "yaml.syntax")


def test_yaml_limits_in_the_reader() -> None:
    with pytest.raises(yamlpos.LimitError, match="别名"):
        yamlpos.parse(BOMB)
    with pytest.raises(yamlpos.LimitError, match="嵌套"):
        yamlpos.parse("a: " + "[" * (yamlpos.MAX_DEPTH + 1) + "]" * (yamlpos.MAX_DEPTH + 1))
    assert yamlpos.parse("a: " + "[" * 8 + "1" + "]" * 8).data  # ordinary nesting still reads
    assert yamlpos.parse("a: " + "9" * yamlpos.MAX_DIGITS).data["a"] == int("9" * yamlpos.MAX_DIGITS)
    assert yamlpos.parse('a: "\\u4e00"').data == {"a": "一"}


@pytest.mark.parametrize("depth", [yamlpos.MAX_DEPTH + 1, 1000, 1001, 100_000])
def test_deep_flow_nesting_is_reported_at_the_collection_past_the_limit(depth: int) -> None:
    # libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops at its own limit of 1,000 levels while scanning ahead;
    # the position is the same with every PyYAML: the bracket that opens level MAX_DEPTH + 1 (the two
    # mappings are levels 1 and 2, so it is bracket MAX_DEPTH - 1).
    with pytest.raises(yamlpos.LimitError, match="嵌套") as raised:
        yamlpos.parse("x:\n  a: " + "[" * depth + "]" * depth, line_offset=10)
    assert (raised.value.line, raised.value.column) == (12, len("  a: ") + yamlpos.MAX_DEPTH - 1)


# --- Markdown bodies python-markdown renders in quadratic time ---------------------------------------------------


@pytest.mark.parametrize("run", ["[" * 20_000, "![" * 3000, "[x](" * 5000, "&amp;" * 20_000],
                         ids=["brackets", "images", "unclosed-links", "entities"])
def test_bodies_over_the_renderer_bounds_are_body_limit(tmp_path: Path, run: str) -> None:
    problem = only(check(write_project(tmp_path, item(body=BODY + "\n" + run + "\n"))), "body.limit")
    clear(problem, "body.limit", 19)
    start = time.monotonic()
    html = MarkdownRenderer().render(run)
    assert time.monotonic() - start < 1 and html.startswith("<p>")  # 9 s to minutes before


def test_ordinary_links_are_rendered() -> None:
    assert '<a href="b">a</a>' in MarkdownRenderer().render("[a](b) " * 100)


# --- dates and working days -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1900-01-01"])
def test_dates_out_of_range_are_date_invalid_at_once(tmp_path: Path, value: str) -> None:
    problem = only(check(write_project(tmp_path, with_field("发布日期", f"发布日期: {value}"))), "date.invalid")
    clear(problem, "date.invalid", 7)
    assert "1949-10-01" in problem.message


def test_working_days_are_counted_per_year() -> None:
    calendar = Calendar.load(ROOT / "catalogue/holidays.yaml")
    start = time.monotonic()
    assert calendar.workdays_between(dt.date(1949, 10, 1), dt.date(2099, 12, 31)) > 35_000
    with pytest.raises(ValueError, match="超出"):
        calendar.add_workdays(dt.date(2024, 1, 1), 100_000_000_000)
    assert time.monotonic() - start < 3


# --- the search tokeniser ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("run", ["a" * 250_000, "开头 a/b x-y " + "a" * 250_000, "a-1-" + "1" * 250_000,
                                 "k" + " " * 250_000 + "/"])
def test_tokeniser_is_linear_on_a_long_run(run: str) -> None:
    start = time.monotonic()
    tokens = tokenize(run) + tokenize(run, "query")
    assert time.monotonic() - start < 3  # was quadratic: 13 s for 10,000 letters
    assert max(map(len, tokens)) <= MAX_WORD


def test_javascript_tokeniser_is_linear_on_a_long_run() -> None:
    script = (
        "const tok = require(process.argv[1]); const fold = require(process.argv[2]);"
        "const t = tok.create(fold); const s = 'a/b x-y ' + 'a'.repeat(250000); const t0 = Date.now();"
        "const out = t.tokenize(s, 'index').concat(t.tokenize(s, 'query'));"
        "console.log(JSON.stringify({ms: Date.now() - t0, longest: Math.max(...out.map(x => x.length))}));"
    )
    result = subprocess.run(["node", "-e", script, str(ROOT / "overrides/assets/zfxxgk/tokenize.js"),
                             str(ROOT / "hooks/zfxxgk/data/search/fold.json")], capture_output=True, text=True,
                            timeout=120, check=True)
    found = json.loads(result.stdout)
    assert found["ms"] < 3000 and found["longest"] == MAX_WORD


# --- Office files -----------------------------------------------------------------------------------------------

_DOCX_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
               b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def nested_controls(depth: int, text: str) -> bytes:
    inner = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    return (f'<w:document {_W}><w:body>' + "<w:sdt><w:sdtContent>" * depth + inner
            + "</w:sdtContent></w:sdt>" * depth + "</w:body></w:document>").encode()


def test_docx_with_3000_nested_content_controls_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.docx"
    path.write_bytes(docx({"word/document.xml": nested_controls(3000, "身份证号 520201198503151237")}))
    assert extract_text(path) == "身份证号 520201198503151237"
    root = write_project(tmp_path, item("附件:\n  - 名称: 名单\n    文件: deep.docx\n"),
                         {"deep.docx": path.read_bytes()})
    assert only(check(root), "privacy.id-number").line == 16  # found deep inside, not a RecursionError


def test_docx_with_large_header_parts_is_refused_from_its_directory(tmp_path: Path) -> None:
    header = f"<w:hdr {_W}><w:p><w:r><w:t>".encode() + b"x" * (40 * 1024 * 1024) + b"</w:t></w:r></w:p></w:hdr>"
    data = docx({"word/document.xml": nested_controls(1, "正文"), "word/header1.xml": header,
                 "word/header2.xml": header})
    assert len(data) < 2 * 1024 * 1024
    root = write_project(tmp_path, item("附件:\n  - 名称: 名单\n    文件: big.docx\n"), {"big.docx": data})
    start = time.monotonic()
    assert extract_text(root / FOLDER / "big.docx") is None
    assert "超过上限" in limit_reason(root / FOLDER / "big.docx")
    assert time.monotonic() - start < 2
    problem = only(check(root), "attachment.unreadable")
    assert "超出处理上限" in problem.message and problem.line == 16


def test_zip_with_too_many_members_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    path.write_bytes(docx({"word/document.xml": nested_controls(1, "正文"),
                           **{f"word/media/{i}.bin": b"" for i in range(10_001)}}))
    assert extract_text(path) is None and "个文件" in limit_reason(path)


# --- settings (mkdocs.yml) --------------------------------------------------------------------------------------


def settings_error(tmp_path: Path, old: str, new: str) -> SettingsError:
    """The SettingsError of the project's mkdocs.yml with `old` replaced by `new`; also through the CLI."""
    root = write_project(tmp_path, item())
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(SettingsError) as caught:
        load_project(load_settings(config), AS_OF)
    assert time.monotonic() - start < SECONDS
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        assert main(["check", "--config", str(config), "--as-of", AS_OF.isoformat()]) == 2
    assert "Traceback" not in err.getvalue() and CJK.search(err.getvalue())
    exc = caught.value
    assert CJK.search(exc.message) and not re.search(r"is not|is greater|does not match|Error\b", exc.message)
    return exc


OPTIONS = "    options:\n"  # extra.zfxxgk.options in the repository's mkdocs.yml (four spaces in)
DAYS = "      interpretation_days: 3\n"  # already set there: replaced, not written twice
SETTINGS_CASES = {
    "quota-since-2026-13-45": (OPTIONS, OPTIONS + "      quota_since: 2026-13-45\n", "quota_since"),
    "annual-deadline-02-30": (OPTIONS, OPTIONS + "      annual_deadline: \"02-30\"\n", "annual_deadline"),
    "interpretation-days-1e11": (DAYS, "      interpretation_days: 100000000000\n", "不能大于"),
    "interpretation-days-text": (DAYS, "      interpretation_days: 三天\n", "应为整数"),
    "page-size-type": ("page_size: 20", "page_size: 二十", "应为整数"),
    "unknown-option": (OPTIONS, OPTIONS + "      interpretation_dayz: 3\n", "不认识的设置"),
    "rule-value": ("    rules:\n", "    rules:\n      docno.shape: maybe\n", "可选"),
}


@pytest.mark.parametrize("case", list(SETTINGS_CASES))
def test_bad_settings_are_chinese_with_key_path_and_line(tmp_path: Path, case: str) -> None:
    old, new, expected = SETTINGS_CASES[case]
    exc = settings_error(tmp_path, old, new)
    assert expected in exc.message and exc.line > 0
    assert "extra.zfxxgk." in exc.message


def test_duplicate_keys_in_mkdocs_yml_are_reported(tmp_path: Path) -> None:
    exc = settings_error(tmp_path, "theme:\n", "site_name: 另一个名称\ntheme:\n")
    assert "写了两次" in exc.message and exc.line > 1


def test_alias_bomb_in_mkdocs_yml_is_refused_with_a_line(tmp_path: Path) -> None:
    bomb = "x0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    exc = settings_error(tmp_path, "theme:\n", bomb + "theme:\n")
    assert "别名" in exc.message and exc.line > 0


@pytest.mark.build  # runs mkdocs build
def test_mkdocs_build_stops_on_an_alias_bomb_in_mkdocs_yml_with_the_message(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    bomb = "x0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n", bomb + "theme:\n", 1), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), NO_MKDOCS_2_WARNING="1", ZFXXGK_CACHE_DIR="")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                            cwd=root, env=env, capture_output=True, text=True, timeout=120)  # hung (MemoryError)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "mkdocs.yml:" in result.stderr and "别名" in result.stderr


def test_rules_off_unquoted_as_the_readme_writes_it(tmp_path: Path) -> None:
    root = write_project(tmp_path, item())
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("    rules:\n", "    rules:\n      docno.shape: off\n      index.year: on\n", 1)
    config.write_text(text, encoding="utf-8")
    settings = load_settings(config)
    assert settings.severities["docno.shape"] is None and "index.year" not in settings.severities


def test_holidays_file_not_utf8_is_a_settings_error(tmp_path: Path) -> None:
    root = write_project(tmp_path, item())
    (root / "catalogue/holidays.yaml").write_bytes("2027:\n  节假日:\n    - 2027-01-01\n".encode("gb18030"))
    with pytest.raises(SettingsError, match="UTF-8"):
        load_project(load_settings(root / "mkdocs.yml"), AS_OF)


# --- records (content/_records.yaml) ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["https://evil.example/x/", "//evil.example/x/", "javascript:alert(1)",
                                    "../../etc/passwd"])
def test_redirect_records_to_other_sites_are_refused(tmp_path: Path, target: str) -> None:
    root = write_project(tmp_path, item())
    (root / "content/_records.yaml").write_text(
        f"迁移:\n  - 原网址: zwgk/old.htm\n    新网址: \"{target}\"\n", encoding="utf-8")
    project = load_project(load_settings(root / "mkdocs.yml"), AS_OF)
    problem = only(project.problems.sorted(), "records.invalid")
    assert problem.line == 2 and "本站" in problem.message
    assert project.records.redirects == ()


# --- catalogue spreadsheets -------------------------------------------------------------------------------------

SAMPLE_XLSX = ROOT / "catalogue/标准目录.xlsx"


def rewrite_xlsx(dest: Path, edit: dict[str, bytes | None]) -> Path:
    """The sample catalogue with some of its parts replaced (None: taken from the sample and edited by caller)."""
    with zipfile.ZipFile(SAMPLE_XLSX) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = edit.get(info.filename) or source.read(info.filename)
            out.writestr(info.filename, data)
    return dest


def sheet_xml() -> bytes:
    with zipfile.ZipFile(SAMPLE_XLSX) as source:
        return source.read("xl/worksheets/sheet1.xml")


def catalogue_show(path: Path) -> tuple[int, str]:
    err = io.StringIO()
    start = time.monotonic()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(["catalogue", "show", str(path), "--format", "json"])
    assert time.monotonic() - start < SECONDS
    assert "Traceback" not in err.getvalue()
    return code, err.getvalue()


def test_the_sample_catalogue_reads(tmp_path: Path) -> None:
    assert catalogue_show(rewrite_xlsx(tmp_path / "same.xlsx", {}))[0] == 0


def test_catalogue_merge_over_the_whole_sheet_is_refused(tmp_path: Path) -> None:
    xml = sheet_xml()
    merges = re.search(rb"<mergeCells[^>]*>", xml)
    if merges:
        xml = xml.replace(merges.group(0), merges.group(0) + b'<mergeCell ref="A30:XFD1048576"/>', 1)
    else:
        xml = xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A30:XFD1048576"/>'
                          b"</mergeCells>", 1)
    code, err = catalogue_show(rewrite_xlsx(tmp_path / "merge.xlsx", {"xl/worksheets/sheet1.xml": xml}))
    assert code != 0 and "合并单元格" in err and "A30:XFD1048576" in err


@pytest.mark.parametrize(("cell", "refused"), [("XFD1048576", True), ("AZ60000", True), ("C2000", False)],
                         ids=["last-cell-of-the-sheet", "far-down-and-right", "a-few-rows-below"])
def test_a_stray_value_far_from_the_table_is_refused_not_expanded(tmp_path: Path, cell: str, refused: bool) -> None:
    # One value far away used to make the reader build the whole rectangle (XFD1048576: 3.2 GB, minutes).
    row = re.sub(r"[A-Z]", "", cell)
    stray = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>备注</t></is></c></row></sheetData>'.encode()
    xml = sheet_xml().replace(b"</sheetData>", stray, 1)
    code, err = catalogue_show(rewrite_xlsx(tmp_path / "stray.xlsx", {"xl/worksheets/sheet1.xml": xml}))
    if refused:
        assert code != 0 and f"单元格 {cell} 有内容" in err and "处理上限" in err, err
    else:  # a note below the table is read as before (and ignored by the layout reader or reported by it)
        assert "处理上限" not in err


def test_a_formatted_empty_cell_far_away_adds_nothing(tmp_path: Path) -> None:
    stray = b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
    xml = sheet_xml().replace(b"</sheetData>", stray, 1)
    assert catalogue_show(rewrite_xlsx(tmp_path / "styled.xlsx", {"xl/worksheets/sheet1.xml": xml}))[0] == 0


def test_catalogue_with_malformed_xml_is_refused(tmp_path: Path) -> None:
    broken = sheet_xml().replace(b"</sheetData>", b"<row></sheetData>", 1)
    code, err = catalogue_show(rewrite_xlsx(tmp_path / "broken.xlsx", {"xl/worksheets/sheet1.xml": broken}))
    assert code != 0 and "不是有效的 XML" in err and "第 " in err


def test_xlsx_renamed_xls_is_read_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "标准目录.xls"
    renamed.write_bytes(SAMPLE_XLSX.read_bytes())
    assert catalogue_show(renamed)[0] == 0


def test_broken_ole_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000))
    code, err = catalogue_show(broken)
    assert code != 0 and "无法作为 .xls 工作簿打开" in err


def test_item_name_of_32k_characters_is_refused_with_a_message(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(SAMPLE_XLSX)
    sheet = book.worksheets[0]
    cell = next(c for row in sheet.iter_rows(min_row=5) for c in row if isinstance(c.value, str) and c.value.strip())
    cell.value = "食" * 32_000
    path = tmp_path / "long.xlsx"
    book.save(path)
    code, err = catalogue_show(path)
    assert code == 1 and "事项名称有 32000 个字" in err
    err_import = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err_import):  # wrote a file named after it: OSError
        code = main(["catalogue", "import", str(path), "--out", str(tmp_path / "schema")])
    assert code == 1 and "事项名称" in err_import.getvalue()


# --- the build cache --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["flipped-byte", "bad-pickle", "wrong-type", "truncated"])
def test_damaged_cache_values_are_misses_said_at_info(tmp_path: Path, damage: str,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    root = write_project(tmp_path, item())
    settings = load_settings(root / "mkdocs.yml")
    clean = [p.as_dict() for p in load_project(settings, AS_OF).problems.sorted()]
    store = open_cache(settings)
    assert store.directory is not None
    store.close()
    database = sqlite3.connect(store.directory / "cache.sqlite3")
    rows = database.execute("SELECT kind, key, value FROM entry").fetchall()
    assert {kind for kind, _key, _value in rows} >= {"item"}
    for kind, entry_key, value in rows:
        if damage == "flipped-byte":
            new = value[:-1] + bytes([value[-1] ^ 0x40])
        elif damage == "truncated":
            new = value[: len(value) // 2]
        else:  # well-formed entries (right checksum) whose content is not a value of their kind
            payload = b"\x80\x05garbage." if damage == "bad-pickle" else pickle.dumps(("x", 1))
            new = b"p" + zlib.crc32(payload).to_bytes(4, "big") + payload
        database.execute("UPDATE entry SET value = ? WHERE kind = ? AND key = ?", (new, kind, entry_key))
    database.commit()
    database.close()
    with caplog.at_level(logging.INFO):
        again = [p.as_dict() for p in load_project(settings, AS_OF).problems.sorted()]
    assert again == clean
    assert any("构建缓存" in r.getMessage() and "已损坏" in r.getMessage() for r in caplog.records)
    assert all(r.levelno <= logging.INFO for r in caplog.records if "构建缓存" in r.getMessage())
