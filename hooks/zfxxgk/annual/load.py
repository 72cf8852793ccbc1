"""Read 统计.yaml with positions, validate it against its schema, build the `AnnualReport`.

Every schema error becomes one message at the line of the offending key or number; the record is
built only from a valid file (identities are checked afterwards, in `checks`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema

from zfxxgk import yamlpos
from zfxxgk.annual.formats import (
    AFTER_REVIEW,
    APPLICANT_COLUMNS,
    DIRECT,
    LITIGATION,
    NOTE,
    RESULT_COLUMNS,
    RESULTS_HEAD,
    RESULTS_TOTAL,
    REVIEW,
    S1,
    S2,
    S3,
    S4,
    S5,
    S6,
    TOTAL,
    format_for,
)
from zfxxgk.annual.model import AnnualReport, Figure, Key2, Key3, Key4, Value
from zfxxgk.annual.schema import schema_for
from zfxxgk.items.record import parse_date
from zfxxgk.problems import Problems, Severity, rule
from zfxxgk.yamlpos import Located, Pos

_BASIS = "schema/annual-report.schema.json（国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式）"
rule("annual.yaml", Severity.ERROR, _BASIS, "统计.yaml 不是有效的 YAML 映射")
rule("annual.schema", Severity.ERROR, _BASIS, "统计.yaml 不符合年报数据格式")
rule("annual.year", Severity.ERROR, _BASIS, "统计.yaml 的年度与所在文件夹不一致")

_TYPES = {"integer": "整数", "number": "数字", "string": "文字", "object": "映射（键: 值）", "array": "列表"}
_START = Pos(1, 1)


def load_report(
    path: Path, rel: str, problems: Problems, folder_year: int | None = None
) -> AnnualReport | None:
    """Load one 统计.yaml; report every problem; None when the file cannot be used for the tables."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add("annual.yaml", rel, 0, 0, f"无法读取统计.yaml：{exc}。请以 UTF-8 编码保存。")
        return None
    return parse_report(text, rel, problems, folder_year)


def parse_report(
    text: str, rel: str, problems: Problems, folder_year: int | None = None
) -> AnnualReport | None:
    """Parse the text of a 统计.yaml (see `load_report`)."""
    try:
        located = yamlpos.parse(text)
    except yamlpos.YamlError as exc:
        problems.add("annual.yaml", rel, exc.line, exc.column,
                     f"YAML 语法错误：{exc.message}。请检查缩进和冒号。")
        return None
    for dup in located.duplicates:
        problems.add("annual.yaml", rel, dup.second.line, dup.second.column,
                     f"「{dup.key}」写了两次（第一次在第 {dup.first.line} 行）。请删去其中一处。")
    data = located.data
    if not isinstance(data, dict):
        problems.add("annual.yaml", rel, 1, 1, "统计.yaml 应为“键: 值”的映射，第一行一般是「年度: 2024」。")
        return None
    year = data.get("年度") if isinstance(data.get("年度"), int) else folder_year
    if not isinstance(year, int) or isinstance(year, bool):
        problems.add("annual.schema", rel, 1, 1, "缺少「年度」，请在第一行写「年度: 2024」这样的整数年份。")
        return None
    if folder_year is not None and year != folder_year:
        pos = located.value_pos(("年度",), _START)
        problems.add("annual.year", rel, pos.line, pos.column,
                     f"「年度」是 {year}，但文件放在 {folder_year} 年的文件夹里。请改正年度或移动文件。")
    fmt = format_for(year)
    schema = schema_for(fmt)
    errors = list(_messages(jsonschema.Draft202012Validator(schema).iter_errors(data), located, schema))
    for line, column, message in errors:
        problems.add("annual.schema", rel, line, column, message)
    if errors:
        return None
    return _build(data, located, rel, year, text.splitlines())


def _build(data: dict[str, Any], located: Located, rel: str, year: int, lines: list[str]) -> AnnualReport:
    fmt = format_for(year)
    section2: dict[Key2, Figure] = {}
    for block in fmt.blocks:
        for row in block.rows:
            for col in block.columns:
                where: tuple[str, ...] = (S2, block.title, row.label, col.label)
                value = _get(data, where)
                if value is not None:
                    figure = Figure(value, "data", located.values[where])
                    section2[(block.title, row.label, col.label)] = figure
    section3: dict[Key3, Figure] = {}
    for leaf in fmt.leaves3():
        if leaf == (RESULTS_HEAD, RESULTS_TOTAL) and _get(data, (S3, *leaf)) is None:
            continue  # summed in `_fill_results_total`
        for column, figure in _row(data, located, (S3, *leaf), APPLICANT_COLUMNS).items():
            section3[(leaf, column)] = figure
    _fill_results_total(fmt.result_parts(), section3)
    section4: dict[Key4, Figure] = {}
    groups: tuple[tuple[str, tuple[str, ...]], ...] = (
        (REVIEW, (S4, REVIEW)),
        (DIRECT, (S4, LITIGATION, DIRECT)),
        (AFTER_REVIEW, (S4, LITIGATION, AFTER_REVIEW)),
    )
    for group, path in groups:
        for column, figure in _row(data, located, path, RESULT_COLUMNS).items():
            section4[(group, column)] = figure
    texts = {key: str(data[key]) for key in ("前言", S1, S5, S6) if isinstance(data.get(key), str)}
    for section in (S2, S3, S4):
        note = data[section].get(NOTE)
        if isinstance(note, str):
            texts[f"{section}/{NOTE}"] = note
    text_pos = {key: _text_start(located.value_pos((*key.split("/"),), _START), lines) for key in texts}
    published_text = data.get("发布日期")
    published = parse_date(published_text) if isinstance(published_text, str) else None
    return AnnualReport(
        year=year, format=fmt, path=rel, section2=MappingProxyType(section2),
        section3=MappingProxyType(section3), section4=MappingProxyType(section4),
        texts=MappingProxyType(texts),
        agency=data.get("机关名称"), published=published,
        published_pos=located.value_pos(("发布日期",), _START) if published else None,
        published_path=rel if published else None, text_pos=MappingProxyType(text_pos),
    )


def _text_start(pos: Pos, lines: list[str]) -> Pos:
    """A block scalar (| or >) starts on the line after its indicator, at that line's indentation."""
    line = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
    if line[pos.column - 1:pos.column] in ("|", ">") and pos.line < len(lines):
        following = lines[pos.line]
        return Pos(pos.line + 1, len(following) - len(following.lstrip()) + 1)
    return pos


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _row(
    data: dict[str, Any], located: Located, path: tuple[str, ...], columns: tuple[str, ...]
) -> dict[str, Figure]:
    """One table row as figures: given numbers with their positions, 0 for the rest, 总计 summed if absent."""
    raw = _get(data, path)
    where = located.nearest(path, _START)
    figures: dict[str, Figure] = {}
    if isinstance(raw, list):
        for index, value in enumerate(raw):
            figures[columns[index]] = Figure(value, "data", located.values[(*path, index)])
    elif isinstance(raw, dict):
        for column, value in raw.items():
            figures[column] = Figure(value, "data", located.values[(*path, column)])
    for column in columns[:-1]:
        figures.setdefault(column, Figure(0, "absent", where))
    if TOTAL not in figures:
        figures[TOTAL] = Figure(sum(_int(figures[c].value) for c in columns[:-1]), "computed", where)
    return {c: figures[c] for c in columns}


def _fill_results_total(parts: list[tuple[str, ...]], section3: dict[Key3, Figure]) -> None:
    leaf = (RESULTS_HEAD, RESULTS_TOTAL)
    if (leaf, TOTAL) in section3:
        return
    where = next((section3[(p, TOTAL)].pos for p in parts if (p, TOTAL) in section3), None)
    for column in APPLICANT_COLUMNS:
        total = sum(_int(section3[(p, column)].value) for p in parts)
        section3[(leaf, column)] = Figure(total, "computed", where)


def _int(value: Value) -> int:
    return value if isinstance(value, int) else 0


def _messages(errors: Iterator[jsonschema.ValidationError], located: Located,
              schema: dict[str, Any]) -> Iterator[tuple[int, int, str]]:
    def order(err: jsonschema.ValidationError) -> tuple[int, str]:
        return located.nearest(tuple(err.absolute_path), _START).line, err.message

    for err in sorted(errors, key=order):
        path = tuple(err.absolute_path)
        label = "".join(f"第 {p + 1} 个数" if isinstance(p, int) else f"「{p}」" for p in path) or "统计.yaml"
        if err.validator == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for key in sorted(set(err.instance) - set(allowed)):
                pos = located.key_pos((*path, key), located.nearest(path, _START))
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.4)
                hint = f"是不是「{close[0]}」？" if close else f"这里可写：{'、'.join(allowed)}。"
                yield pos.line, pos.column, f"{label}中不认识「{key}」。名称须与国家年报格式一字不差，{hint}"
            continue
        if err.validator == "required":
            pos = located.nearest(path, _START)
            for name in err.validator_value:
                if name not in err.instance:
                    yield pos.line, pos.column, f"{label}中缺少「{name}」，请补上（没有就写 0）。"
            continue
        pos = located.nearest(path, _START)
        yield pos.line, pos.column, _template(err, label)


def _template(err: jsonschema.ValidationError, label: str) -> str:
    shown = json.dumps(err.instance, ensure_ascii=False)
    kw = err.validator
    if kw == "minimum":
        return f"{label}是 {shown}，不能小于 {err.validator_value}。件数和金额只能是 0 或正数。"
    if kw == "maximum":
        return (f"{label}是 {shown}，不能大于 {err.validator_value}："
                "2021 年度起须用国办公开办函〔2021〕30号格式。")
    if kw in ("minItems", "maxItems"):
        low, high = err.schema.get("minItems"), err.schema.get("maxItems")
        return (f"{label}有 {len(err.instance)} 个数，应有 {low} 到 {high} 个"
                "（按表格从左到右的各列；最后的总计可省略）。")
    if kw == "type" and err.instance is None:
        return f"{label}没有填写内容。请按国家年报格式补全（没有就写 0）。"
    if kw == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        names = "或".join(_TYPES.get(str(t), str(t)) for t in want)
        return f"{label}应为{names}，现在是 {shown}。件数写不带引号的整数，如 4。"
    if kw in ("anyOf", "pattern"):
        return f"{label}的值 {shown} 不对：请写数字，或“49万元”这样带单位的金额。"
    return f"{label}不符合年报数据格式：{err.message}。"
