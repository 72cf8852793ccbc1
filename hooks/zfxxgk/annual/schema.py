"""The JSON Schema of 统计.yaml, generated from the layouts in `formats` (Draft 2020-12, Chinese titles).

The committed copy is schema/annual-report.schema.json (regenerate with
`python -m zfxxgk.annual.schema > schema/annual-report.schema.json`; a test fails when it drifts).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from zfxxgk.annual.formats import (
    AFTER_REVIEW,
    APPLICANT_COLUMNS,
    CARRIED_IN,
    CARRIED_OUT,
    DIRECT,
    FIRST_YEAR,
    FORMAT_2019,
    FORMAT_2021,
    LITIGATION,
    NEW,
    NOTE,
    RESULT_COLUMNS,
    REVIEW,
    S1,
    S2,
    S3,
    S4,
    S5,
    S6,
    Block,
    Format,
    Node,
)

SCHEMA_ID = "https://zfxxgk.invalid/schema/annual-report.schema.json"

_HOW = (
    "政府信息公开工作年度报告的数据文件，放在 content/政府信息公开年报/<年度>/统计.yaml，"
    "与年报条目 index.md 同目录。"
    "键名与国家年报格式的行、列名称一字不差（2020 年度及以前用国办公开办函〔2019〕60号格式——2018 年度及以前没有全国统一表格，按此格式填写能填的部分；2021 年度起用"
    "国办公开办函〔2021〕30号格式）。二、三、四部分的表格由本文件生成；第二部分“第二十条第（一）项”可以不填，"
    "由条目的日期和有效性自动统计，填写的数字优先并在与统计结果不同时给出警告。"
    "三、四部分每一行可写成列表（按表格从左到右的顺序），也可写成“列名: 数字”的映射（未写的列按 0 计）；"
    "“总计”列和“（七）总计”行可以不写，不写时自动求和，写了就核对。"
    "一、五、六部分和各表后的“说明”用 Markdown 书写。"
)

_COUNT = {"type": "integer", "minimum": 0, "title": "件数", "description": "非负整数，没有就写 0。"}
_DELTA = {"type": "integer", "title": "本年增/减",
          "description": "与上一年相比的增减，带符号整数，如 8、-1、0。"}
_AMOUNT = {"type": "number", "minimum": 0, "title": "金额（万元）",
           "description": "非负数，单位万元，可带小数。"}
_MONEY = {
    "title": "采购总金额",
    "description": "数字，或带单位的文字，如 “49万元”“75394432.52元”。",
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\d+(\.\d+)?(元|万元)$"},
    ],
}
_KINDS: dict[str, dict[str, Any]] = {"count": _COUNT, "delta": _DELTA, "amount": _AMOUNT, "money": _MONEY}
_MARKDOWN = {"type": "string", "title": "Markdown 正文"}


def _row_schema(columns: tuple[str, ...], title: str, what: str) -> dict[str, Any]:
    """A row given as a list (left to right) or as a mapping of column labels; 总计 optional."""
    order = "、".join(columns)
    return {
        "title": title,
        "description": f"{what}：写成列表 [{order}]（总计可省略，省略时自动求和），"
                       f"或写成映射 {{{columns[0]}: 数字, …}}（未写的列按 0 计）。",
        "type": ["array", "object"],
        "items": {"$ref": "#/$defs/件数"},
        "minItems": len(columns) - 1,
        "maxItems": len(columns),
        "properties": {c: {"$ref": "#/$defs/件数"} for c in columns},
        "additionalProperties": False,
    }


def _block_schema(block: Block) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for row in block.rows:
        columns = {c.label: _KINDS[c.kind] for c in block.columns}
        rows[row.label] = {
            "title": row.label,
            "type": "object",
            "properties": columns,
            "additionalProperties": False,
            "required": [] if block.derivable else [c.label for c in block.columns],
        }
    hint = ("可不填：由条目的成文日期、发布日期、有效性和废止日期自动统计；填写的数字优先。"
            if block.derivable else "必须填写。")
    return {
        "title": block.title,
        "description": f"{block.title}，每行写“列名: 数字”。{hint}",
        "type": "object",
        "properties": rows,
        "additionalProperties": False,
        "required": [] if block.derivable else [r.label for r in block.rows],
    }


def _node_schema(node: Node) -> dict[str, Any]:
    if not node.children:
        return {"$ref": "#/$defs/申请人行"}
    return {
        "title": node.label,
        "description": f"{node.label}下的各行；全为 0 的行可以不写。",
        "type": "object",
        "properties": {child.label: _node_schema(child) for child in node.children},
        "additionalProperties": False,
    }


def _report_schema(fmt: Format, years: dict[str, int]) -> dict[str, Any]:
    s2 = {b.title: _block_schema(b) for b in fmt.blocks}
    s2[NOTE] = {**_MARKDOWN, "description": "表后的文字说明（Markdown），可不写。"}
    s3: dict[str, Any] = {node.label: _node_schema(node) for node in fmt.rows3}
    s3[NOTE] = {**_MARKDOWN, "description": "表后的文字说明（Markdown），可不写。"}
    group = {"$ref": "#/$defs/复议诉讼行"}
    s4 = {
        REVIEW: group,
        LITIGATION: {
            "title": LITIGATION, "type": "object", "additionalProperties": False,
            "properties": {DIRECT: group, AFTER_REVIEW: group}, "required": [DIRECT, AFTER_REVIEW],
        },
        NOTE: {**_MARKDOWN, "description": "表后的文字说明（Markdown），可不写。"},
    }
    return {
        "title": f"{fmt.basis}的年报数据",
        "type": "object",
        "additionalProperties": False,
        "required": ["年度", S1, S2, S3, S4, S5, S6],
        "properties": {
            "年度": {"type": "integer", "title": "年度",
                     "description": "报告年度（统计期限为该年1月1日至12月31日）。", **years},
            "机关名称": {"type": "string", "minLength": 1, "title": "机关名称",
                     "description": "可不写，默认取年报条目的发布机构。"},
            "发布日期": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "title": "发布日期",
                     "description": "YYYY-MM-DD；年报条目 index.md 的发布日期优先。"},
            "前言": {**_MARKDOWN, "description": "正文前的导语（Markdown），可不写。"},
            S1: {**_MARKDOWN, "description": "一、总体情况（Markdown）。"},
            S2: {"title": S2, "type": "object", "additionalProperties": False, "properties": s2,
                 "required": [b.title for b in fmt.blocks if not b.derivable]},
            S3: {"title": S3, "type": "object", "additionalProperties": False, "properties": s3,
                 "required": [NEW, CARRIED_IN, CARRIED_OUT]},
            S4: {"title": S4, "type": "object", "additionalProperties": False, "properties": s4,
                 "required": [REVIEW, LITIGATION]},
            S5: {**_MARKDOWN, "description": "五、存在的主要问题及改进情况（Markdown）。"},
            S6: {**_MARKDOWN, "description": "六、其他需要报告的事项（Markdown）；没有就写“无”。"},
        },
    }


def build_schema() -> dict[str, Any]:
    """The whole schema: common definitions and one closed object per format, chosen by 年度."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "政府信息公开工作年度报告数据（统计.yaml）",
        "description": _HOW,
        "type": "object",
        "required": ["年度"],
        "properties": {"年度": {"type": "integer", "minimum": FIRST_YEAR, "title": "年度"}},
        "if": {"properties": {"年度": {"minimum": 2021}}},
        "then": {"$ref": "#/$defs/格式2021"},
        "else": {"$ref": "#/$defs/格式2019"},
        "$defs": {
            "件数": _COUNT,
            "申请人行": _row_schema(APPLICANT_COLUMNS, "申请人各列", "按申请人情况各列填写"),
            "复议诉讼行": _row_schema(RESULT_COLUMNS, "结果各列",
                                  "按结果维持、结果纠正、其他结果、尚未审结各列填写"),
            "格式2021": _report_schema(FORMAT_2021, {"minimum": 2021}),
            "格式2019": _report_schema(FORMAT_2019, {"minimum": FIRST_YEAR, "maximum": 2020}),
        },
    }


def schema_for(fmt: Format) -> dict[str, Any]:
    """The closed schema of one format (what the loader validates against)."""
    whole = build_schema()
    return {"$schema": whole["$schema"], "$defs": whole["$defs"], "$ref": f"#/$defs/格式{fmt.name}"}


def dumps() -> str:
    """The schema file's text (stable key order, UTF-8, trailing newline)."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(dumps())
