"""Reporters: one result object (Problems), three formats — text, JSON, SARIF 2.1.0."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from zfxxgk import __version__
from zfxxgk.problems import RULES, Problem, Problems, Severity, citation


def text(problems: Problems) -> str:
    """`path:line:column: 错误|警告|提示 [rule-id] message` per problem, then a summary line.

    Site-wide notices (提示 with no line, such as the quota of each department) would bury the item
    problems: they follow in one block, grouped by rule with the rule's basis once.
    """
    everything = list(problems)
    site = [p for p in everything if _site_notice(p)]
    lines = [f"{p.path}:{p.line}:{p.column}: {p.severity.label} [{p.rule}] {p.message}"
             for p in everything if not _site_notice(p)]
    lines += _site_block(site)
    s = problems.summary()
    infos = f"，{s['infos']} 个提示" if s["infos"] else ""
    lines.append(f"共 {s['errors']} 个错误，{s['warnings']} 个警告{infos}。" if lines else "检查通过：没有发现问题。")
    return "\n".join(lines) + "\n"


def _site_notice(problem: Problem) -> bool:
    return problem.severity is Severity.INFO and problem.line == 0


def _without_citation(message: str, basis: str) -> str:
    if basis and citation(message) == basis:
        return message[: message.rfind("（依据：")]
    return message


def _site_block(site: list[Problem]) -> list[str]:
    if not site:
        return []
    out = ["", f"全站提示（{len(site)} 条，不影响检查结果）："]
    for rule_id in sorted({p.rule for p in site}):
        group = [p for p in site if p.rule == rule_id]
        out.append(f"  [{rule_id}] {len(group)} 条（{group[0].path}）：")
        basis = RULES[rule_id].basis if rule_id in RULES else ""
        # The rule's own basis is printed once for the group; a message citing anything else keeps it.
        out += [f"    - {_without_citation(p.message, basis)}" for p in group]
        if basis:
            out.append(f"    （依据：{basis}）")
    out.append("")
    return out


def as_json(problems: Problems, checked: int) -> str:
    """The JSON report: {"problems": [...], "summary": {...}} (schema: data/report.schema.json)."""
    summary = {**problems.summary(), "files": checked}
    doc = {"problems": [p.as_dict() for p in problems], "summary": summary}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def sarif(problems: Problems) -> str:
    """A SARIF 2.1.0 log, so code-review platforms can annotate the diff."""
    used = sorted({p.rule for p in problems})
    rules = [
        {
            "id": rid,
            "shortDescription": {"text": RULES[rid].summary},
            "fullDescription": {"text": f"{RULES[rid].summary}（依据：{RULES[rid].basis}）"},
            "defaultConfiguration": {"level": _level(RULES[rid].severity)},
            "properties": {"basis": RULES[rid].basis},
        }
        for rid in used
    ]
    index = {rid: i for i, rid in enumerate(used)}
    results: list[dict[str, Any]] = []
    for p in problems:
        region = {"startLine": max(p.line, 1), "startColumn": max(p.column, 1)}
        results.append({
            "ruleId": p.rule,
            "ruleIndex": index[p.rule],
            "level": _level(p.severity),
            "message": {"text": p.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": p.path, "uriBaseId": "%SRCROOT%"},
                "region": region,
            }}],
        })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "zfxxgk", "version": __version__, "informationUri": "https://zfxxgk.invalid/",
                                "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def gitlab(problems: Problems) -> str:
    """GitLab's code-quality report (a CodeClimate subset), so merge requests show the problems."""
    issues = []
    for p in problems:
        digest = hashlib.sha256(f"{p.path}\0{p.rule}\0{p.line}\0{p.message}".encode()).hexdigest()
        issues.append({
            "description": p.message,
            "check_name": p.rule,
            "fingerprint": digest,
            "severity": {"error": "major", "warning": "minor", "info": "info"}[p.severity.value],
            "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _level(severity: Severity) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity.value]
