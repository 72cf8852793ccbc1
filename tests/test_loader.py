"""The loader: positions, dates kept as strings, every malformed input a problem and never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from zfxxgk import yamlpos
from zfxxgk.items.loader import parse_source
from zfxxgk.items.validate import load_schemas
from zfxxgk.problems import RULES, Problems

P = Path("content/x/index.md")


def _parse(text: str | bytes) -> tuple[object, list[str]]:
    problems = Problems()
    raw = text.encode("utf-8") if isinstance(text, str) else text
    source = parse_source(raw, P, "content/x/index.md", problems)
    return source, [f"{p.rule}@{p.line}:{p.column}" for p in problems.sorted()]


def _parse_reported(text: str | bytes) -> object:
    """Parse, and assert what every malformed input must get: a problem with a known rule id and a line."""
    problems = Problems()
    raw = text.encode("utf-8") if isinstance(text, str) else text
    source = parse_source(raw, P, "content/x/index.md", problems)
    found = problems.sorted()
    if source is None:
        assert found, "a file the loader gives up on must be reported"
        assert any(p.severity.value == "error" for p in found)
    for problem in found:
        assert problem.rule in RULES, problem.rule
        assert problem.path == "content/x/index.md"
        assert problem.line >= 1, f"{problem.rule} has no line"
        assert problem.message.strip()
    return source


def test_dates_stay_strings_and_positions_are_kept() -> None:
    source, problems = _parse("---\n标题: 通知\n发布日期: 2021-07-02\n附件:\n  - 名称: 表\n    文件: a.xls\n---\n正文\n")
    assert problems == []
    assert source is not None
    assert source.meta["发布日期"] == "2021-07-02"  # type: ignore[attr-defined]
    assert source.located.key_pos(("发布日期",), yamlpos.Pos(0, 0)) == yamlpos.Pos(3, 1)  # type: ignore[attr-defined]
    assert source.pos("发布日期") == yamlpos.Pos(3, 7)  # type: ignore[attr-defined]
    assert source.located.value_pos(("附件", 0, "文件"), yamlpos.Pos(0, 0)) == yamlpos.Pos(6, 9)  # type: ignore[attr-defined]
    assert source.body == "正文\n" and source.body_line == 8  # type: ignore[attr-defined]


def test_yes_no_and_numbers_are_not_silently_turned_into_dates() -> None:
    located = yamlpos.parse("a: 2021-07-02 10:00:00\nb: 2021-07-02T10:00:00Z\n")
    assert located.data == {"a": "2021-07-02 10:00:00", "b": "2021-07-02T10:00:00Z"}


def test_bom_is_accepted() -> None:
    source, problems = _parse(b"\xef\xbb\xbf---\n\xe6\xa0\x87\xe9\xa2\x98: x\n---\n")
    assert source is not None and problems == []


def test_crlf_line_endings_are_accepted() -> None:
    source, problems = _parse("---\r\n标题: 通知\r\n---\r\n正文\r\n")
    assert problems == [] and source is not None


def test_syntax_error_has_the_parsers_line() -> None:
    _source, problems = _parse("---\n标题: 通知\n发布日期: [2021\n---\n")
    assert problems and problems[0].startswith("yaml.syntax@")
    assert int(problems[0].split("@")[1].split(":")[0]) >= 3


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    _source, problems = _parse("---\n标题: 一\n文号: x\n标题: 二\n---\n")
    assert problems == ["yaml.duplicate-key@4:1"]


def test_scalar_front_matter_is_not_a_mapping() -> None:
    _source, problems = _parse("---\n只是一句话\n---\n")
    assert problems == ["yaml.not-mapping@2:1"]


def test_unterminated_front_matter() -> None:
    _source, problems = _parse("---\n标题: 通知\n正文没有结束线\n")
    assert problems == ["frontmatter.missing@1:1"]


def test_gbk_file_names_the_encoding() -> None:
    problems = Problems()
    parse_source("---\n标题: 通知\n---\n".encode("gb18030"), P, "x.md", problems)
    (problem,) = problems.sorted()
    assert problem.rule == "file.encoding" and "GB18030" in problem.message and problem.line == 2


@given(st.text(max_size=300))
def test_fuzz_front_matter_text_never_raises(body: str) -> None:
    _parse_reported("---\n" + body + "\n---\n正文\n")


@given(st.binary(max_size=200))
def test_fuzz_bytes_never_raise(raw: bytes) -> None:
    _parse_reported(raw)


_YAMLISH = st.lists(
    st.sampled_from(["标题", "索引号", "附件", "- ", ": ", "  ", "\n", "[", "]", "{", "}", "'", '"', "&a", "*a",
                     "!!python/name:os.system", "<<: *a", "2021-13-45", "---", "...", "?", "|", ">", "#", "\t", "%YAML"]),
    max_size=40,
).map("".join)


@given(_YAMLISH)
def test_fuzz_yaml_shaped_front_matter_never_raises(front: str) -> None:
    _parse_reported("---\n" + front + "\n---\n")


# --- the schema pre-check -----------------------------------------------------------------------------

_ROOT = Path(__file__).resolve().parents[1]
_SCHEMAS = load_schemas(_ROOT / "schema")
_VALID = {
    "索引号": "11520200MB1C123455/2024-00010", "标题": "关于开展监管工作的通知", "目录": "政策文件/其他文件",
    "发布机构": "六盘水市市场监督管理局", "发布日期": "2024-03-08", "公开方式": "主动公开",
}
_NAMES = sorted({*_SCHEMAS.base["$defs"]["base"]["properties"],
                 *(name for extra in _SCHEMAS.by_catalogue.values() for name in extra.get("properties", {})),
                 "未知字段", "内容", "名称", "文件"})
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.sampled_from(
        ["", " ", "x", "2024-01-02", "主动公开", "依申请公开", "x" * 300, "11520200MB1C123455/2024-00010"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_NAMES), inner, max_size=3),
    max_leaves=6,
)


@given(st.dictionaries(st.sampled_from(_NAMES), _VALUES, max_size=4),
       st.lists(st.sampled_from(sorted(_VALID)), max_size=3),
       st.sampled_from([*_SCHEMAS.by_catalogue, None, "nope", 3]))
def test_schema_pre_check_vouches_only_for_valid_front_matter(
    changes: dict[str, object], dropped: list[str], catalogue: object
) -> None:
    meta = {k: v for k, v in {**_VALID, **changes}.items() if k not in dropped}
    if catalogue is not None:
        meta["目录"] = catalogue
    if _SCHEMAS.is_surely_valid(meta.get("目录"), meta):
        _schema, validator = _SCHEMAS.validator(meta.get("目录"))
        assert list(validator.iter_errors(meta)) == []


def test_schema_pre_check_vouches_for_plain_valid_front_matter() -> None:
    assert _SCHEMAS.is_surely_valid(_VALID["目录"], _VALID)
    assert not _SCHEMAS.is_surely_valid(_VALID["目录"], {**_VALID, "公开方式": "保密"})
