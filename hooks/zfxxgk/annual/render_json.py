"""The report as JSON: the keys of 统计.yaml with every number filled in (derived and summed ones too)."""

from __future__ import annotations

import json

from zfxxgk.annual.formats import (
    AFTER_REVIEW,
    APPLICANT_COLUMNS,
    DIRECT,
    LITIGATION,
    NOTE,
    RESULT_COLUMNS,
    REVIEW,
    S1,
    S2,
    S3,
    S4,
    S5,
    S6,
)
from zfxxgk.annual.model import AnnualReport


def _with_note(report: AnnualReport, section: str, body: dict[str, object]) -> dict[str, object]:
    note = report.text(f"{section}/{NOTE}")
    if note:
        body[NOTE] = note
    return body


def canonical(report: AnnualReport) -> dict[str, object]:
    """Plain data in the shape of 统计.yaml (valid against its schema), every cell present."""
    out: dict[str, object] = {"年度": report.year}
    if report.agency:
        out["机关名称"] = report.agency
    if report.published:
        out["发布日期"] = report.published.isoformat()
    if report.text("前言"):
        out["前言"] = report.text("前言")
    out[S1] = report.text(S1)
    cells = report.section2
    s2: dict[str, object] = {
        block.title: {
            row.label: {c.label: cells[(block.title, row.label, c.label)].value for c in block.columns}
            for row in block.rows
        }
        for block in report.format.blocks
    }
    out[S2] = _with_note(report, S2, s2)
    s3: dict[str, object] = {}
    for leaf in report.format.leaves3():
        node = s3
        for part in leaf[:-1]:
            child = node.setdefault(part, {})
            assert isinstance(child, dict)
            node = child
        node[leaf[-1]] = {c: report.value3(leaf, c) for c in APPLICANT_COLUMNS}
    out[S3] = _with_note(report, S3, s3)

    def group(name: str) -> dict[str, object]:
        return {c: report.section4[(name, c)].value for c in RESULT_COLUMNS}

    litigation = {DIRECT: group(DIRECT), AFTER_REVIEW: group(AFTER_REVIEW)}
    s4: dict[str, object] = {REVIEW: group(REVIEW), LITIGATION: litigation}
    out[S4] = _with_note(report, S4, s4)
    out[S5] = report.text(S5)
    out[S6] = report.text(S6)
    return out


def render_json(report: AnnualReport) -> str:
    """The canonical form as indented UTF-8 JSON text, with a trailing newline."""
    return json.dumps(canonical(report), ensure_ascii=False, indent=2) + "\n"
