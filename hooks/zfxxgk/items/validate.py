"""Validate front matter against the JSON Schema and turn each error into an editor's message.

The base schema (schema/item.schema.json) holds the common metadata; the generated schema of the
item's catalogue entry (schema/catalogue/*.schema.json, title = "一级/二级") adds its 要素 fields.
One message template per validator keyword; the position is the offending key's line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from zfxxgk.items.loader import Source
from zfxxgk.problems import Problems, Severity, rule

_BASIS = "schema/item.schema.json（信息索引表要素：《政府信息公开目录系统实施指引（试行）》、条例第十二条）"

for _kw, _summary in {
    "required": "缺少必填字段",
    "type": "字段值的类型不对",
    "enum": "字段值不在可选范围内",
    "pattern": "字段值的格式不对",
    "unknown-key": "不认识的字段",
    "length": "字段值过长或为空",
    "other": "不符合 schema 的其他情形",
}.items():
    rule(f"schema.{_kw}", Severity.ERROR, _BASIS, _summary)

# Labels real sites use for the same field, so "did you mean" can answer them.
SYNONYMS = {
    "发文机关": "发布机构", "发布单位": "发布机构", "来源": "发布机构", "名称": "标题", "题目": "标题",
    "发文字号": "文号", "发文日期": "成文日期", "生成日期": "成文日期", "签发日期": "成文日期",
    "发布时间": "发布日期", "公开日期": "发布日期", "体裁": "文种", "关键词": "主题词", "摘要": "内容概述",
    "所属目录": "目录", "栏目": "目录", "时效性": "有效性", "效力": "有效性", "关联解读": "解读对象",
    "失效日期": "废止日期", "附件列表": "附件", "科室": "责任科室", "file": "文件", "name": "名称", "title": "标题",
}

_TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "array": "列表", "object": "映射（键: 值）",
               "boolean": "是/否", "null": "空值"}


@dataclass(frozen=True)
class SchemaSet:
    """The base schema and the generated per-catalogue-item schemas, keyed by 目录 path."""

    base: dict[str, Any]
    by_catalogue: Mapping[str, dict[str, Any]]
    _validators: dict[str, tuple[dict[str, Any], jsonschema.Draft202012Validator]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _fast: dict[str, _Check | None] = field(default_factory=dict, repr=False, compare=False)

    def validator(self, catalogue_path: object) -> tuple[dict[str, Any], jsonschema.Draft202012Validator]:
        """The effective schema and its validator for a 目录 value (built once per distinct path)."""
        name = catalogue_path if isinstance(catalogue_path, str) and catalogue_path in self.by_catalogue else ""
        found = self._validators.get(name)
        if found is None:
            schema = self.effective(name or None)
            found = self._validators[name] = (schema, jsonschema.Draft202012Validator(schema))
        return found

    def is_surely_valid(self, catalogue_path: object, instance: Any) -> bool:
        """True only when `instance` certainly has no error under the effective schema (see `_compile`);
        False means "ask jsonschema", which then words every error."""
        name = catalogue_path if isinstance(catalogue_path, str) and catalogue_path in self.by_catalogue else ""
        if name not in self._fast:
            self._fast[name] = _compile(self.effective(name or None))
        check = self._fast[name]
        return check is not None and check(instance)

    def effective(self, catalogue_path: object) -> dict[str, Any]:
        """The closed schema for an item of the given 目录: base fields plus that entry's 要素."""
        base = self.base["$defs"]["base"]
        extra = self.by_catalogue.get(catalogue_path) if isinstance(catalogue_path, str) else None
        properties = dict(base["properties"])
        if extra:
            for name, prop in extra.get("properties", {}).items():
                properties.setdefault(name, prop)
        required = list(base.get("required", []))
        if extra:
            required += [r for r in extra.get("required", []) if r not in required]
        return {**base, "properties": properties, "required": required, "additionalProperties": False}


def load_schemas(schema_dir: Path) -> SchemaSet:
    """Read schema/item.schema.json and every schema/catalogue/*.schema.json."""
    base = json.loads((schema_dir / "item.schema.json").read_text(encoding="utf-8"))
    by_path: dict[str, dict[str, Any]] = {}
    for file in sorted((schema_dir / "catalogue").glob("*.schema.json")):
        generated = json.loads(file.read_text(encoding="utf-8"))
        by_path[str(generated.get("title", file.stem))] = generated
    return SchemaSet(base, by_path)


_Check = Callable[[Any], bool]
# Keywords that never make an instance invalid (annotations; format is not asserted without a format checker).
_ANNOTATIONS = frozenset({"title", "description", "examples", "$comment", "default", "deprecated", "readOnly",
                          "writeOnly", "format"})
_TYPES: dict[str, _Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),  # 1.0 too for jsonschema: it decides
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def _compile(schema: Any) -> _Check | None:
    """A predicate that is True only for instances valid under `schema` (Draft 2020-12, no format checker),
    or None when the schema uses a keyword it does not know. It may say False for a valid instance
    (a float 1.0 as an integer, a non-string enum value): then jsonschema decides, as it always did."""
    if not isinstance(schema, dict):
        return None
    checks: list[_Check] = []
    for keyword, value in schema.items():
        check = _keyword(keyword, value, schema)
        if check is None:
            return None
        checks.append(check)
    return lambda instance: all(check(instance) for check in checks)


def _keyword(keyword: str, value: Any, schema: dict[str, Any]) -> _Check | None:
    if keyword in _ANNOTATIONS:
        return lambda _v: True
    if keyword == "type":
        names = value if isinstance(value, list) else [value]
        if not all(isinstance(n, str) and n in _TYPES for n in names):
            return None
        tests = [_TYPES[n] for n in names]
        return lambda v: any(test(v) for test in tests)
    if keyword == "enum" and isinstance(value, list):
        strings = frozenset(e for e in value if isinstance(e, str))
        return lambda v: isinstance(v, str) and v in strings
    if keyword == "pattern" and isinstance(value, str):
        regex = re.compile(value)
        return lambda v: not isinstance(v, str) or regex.search(v) is not None
    if keyword in ("minLength", "maxLength", "minItems", "maxItems") and type(value) is int:
        kind: tuple[type[str] | type[list[Any]], ...] = (str,) if keyword.endswith("Length") else (list,)
        if keyword.startswith("min"):
            return lambda v: not isinstance(v, kind) or len(v) >= value
        return lambda v: not isinstance(v, kind) or len(v) <= value
    if keyword == "required" and isinstance(value, list):
        return lambda v: not isinstance(v, dict) or all(name in v for name in value)
    if keyword == "items" and "prefixItems" not in schema:
        sub = _compile(value)
        return None if sub is None else (lambda v: not isinstance(v, list) or all(sub(x) for x in v))
    if keyword == "properties" and isinstance(value, dict):
        subs = {name: _compile(sub) for name, sub in value.items()}
        if any(sub is None for sub in subs.values()):
            return None
        return lambda v: not isinstance(v, dict) or all(
            sub(v[name]) for name, sub in subs.items() if name in v)  # type: ignore[misc]
    if keyword == "additionalProperties" and value is False and "patternProperties" not in schema:
        known = frozenset(schema.get("properties", {}))
        return lambda v: not isinstance(v, dict) or known.issuperset(v)
    if keyword == "anyOf" and isinstance(value, list):
        options = [sub for sub in map(_compile, value) if sub is not None]  # an unknown one never vouches
        return lambda v: any(option(v) for option in options)
    return None


# Errors after which the record can still be typed (every value is still of its declared type).
SHAPE_ONLY = frozenset({"schema.enum", "schema.pattern", "schema.unknown-key", "schema.length"})


def validate_source(source: Source, schemas: SchemaSet, problems: Problems) -> set[str]:
    """Validate one item's front matter; report every error; return the rule ids raised."""
    if schemas.is_surely_valid(source.meta.get("目录"), source.meta):
        return set()  # nearly every item: no error, and jsonschema is ~20× slower at telling so
    schema, validator = schemas.validator(source.meta.get("目录"))
    raised = set()
    for problem_args in _messages(source, schema, validator.iter_errors(source.meta)):
        raised.add(problem_args[0])
        problems.add(*problem_args)
    return raised


def _messages(
    source: Source, schema: dict[str, Any], errors: Iterator[jsonschema.ValidationError]
) -> Iterator[tuple[str, str, int, int, str]]:
    for err in sorted(errors, key=lambda e: (list(map(str, e.absolute_path)), str(e.validator))):
        path = tuple(err.absolute_path)
        label = _label(path)
        if err.validator == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for key in sorted(set(err.instance) - set(allowed)):
                pos = source.located.key_pos((*path, key), source.pos(*path))
                yield ("schema.unknown-key", source.rel, pos.line, pos.column, _unknown(key, allowed, path))
            continue
        if err.validator == "required":
            for name in err.validator_value:
                if name not in err.instance:
                    pos = source.pos(*path) if path else source.located.values.get((), source.pos())
                    where = f"{label}中" if path else ""
                    desc = _describe(schema, (*path, name))
                    yield ("schema.required", source.rel, pos.line, pos.column,
                           f"{where}缺少必填字段「{name}」。{desc}")
            continue
        pos = source.located.value_pos(path, source.pos(*path))
        rule_id, text = _template(err, label, schema)
        yield (rule_id, source.rel, pos.line, pos.column, text)


def _template(err: jsonschema.ValidationError, label: str, schema: dict[str, Any]) -> tuple[str, str]:
    value = err.instance
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"“{value}”"
    desc = _describe(schema, tuple(err.absolute_path))
    kw = err.validator
    if kw == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        names = "或".join(_TYPE_NAMES.get(str(t), str(t)) for t in want)
        hint = "日期请写成 YYYY-MM-DD，如需保留原样可加引号。" if isinstance(value, (int, float)) else ""
        return "schema.type", f"{label}应为{names}，现在是 {shown}。{hint}{desc}"
    if kw == "enum":
        options = "；".join(map(str, err.validator_value))
        close = difflib.get_close_matches(str(value), [str(v) for v in err.validator_value], n=1, cutoff=0.3)
        guess = f"是不是“{close[0]}”？" if close else ""
        return "schema.enum", f"{label}的值 {shown} 不在可选范围内。{guess}可选：{options}。"
    if kw == "pattern":
        proposal = propose_date(value) if isinstance(value, str) else None
        if proposal:
            return "schema.pattern", f"{label}的值 {shown} 格式不对：日期请写成 YYYY-MM-DD，即 {proposal}。{desc}"
        return "schema.pattern", f"{label}的值 {shown} 格式不对。{desc}"
    if kw in ("minLength", "maxLength", "minItems"):
        if kw == "maxLength":
            return "schema.length", f"{label}过长（{len(str(value))} 字，最多 {err.validator_value} 字）。"
        return "schema.length", f"{label}不能为空。{desc}"
    if kw == "anyOf":
        return "schema.type", f"{label}的值 {shown} 类型不对。{desc}"
    return "schema.other", f"{label}不符合要求：{err.message}。{desc}"


_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def propose_date(value: str) -> str | None:
    """The YYYY-MM-DD form of a date written 2026/9/1, 2026.9.1, 2026-9-1 or 2026年9月1日; None otherwise."""
    match = _LOOSE_DATE.match(value.translate(str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _label(path: tuple[Any, ...]) -> str:
    if not path:
        return "前置元数据"
    parts = []
    for part in path:
        parts.append(f"第 {part + 1} 项" if isinstance(part, int) else f"「{part}」")
    return "".join(parts)


def _describe(schema: dict[str, Any], path: tuple[Any, ...]) -> str:
    node: Any = schema
    for part in path:
        if not isinstance(node, dict):
            return ""
        node = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
    if isinstance(node, dict) and node.get("description"):
        return f"说明：{node['description']}"
    return ""


def _unknown(key: str, allowed: list[str], path: tuple[Any, ...]) -> str:
    where = f"{_label(path)}中" if path else ""
    guess = SYNONYMS.get(key) if SYNONYMS.get(key) in allowed else None
    if guess is None:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
        guess = close[0] if close else None
    hint = f"是不是「{guess}」？" if guess else f"可用的字段有：{'、'.join(allowed)}。"
    return f"{where}不认识的字段「{key}」。{hint}"
