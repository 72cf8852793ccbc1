"""The compliance report for the disclosure office: the check's problems counted and listed to fix.

One source of truth: the same Problems `zfxxgk check` reports, grouped per rule, per column (the
item's 目录) and per department (its 责任科室), with the list of items to fix. JSON for machines,
a self-contained HTML page (no external resource) for people; neither is part of the public site.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from zfxxgk import __version__
from zfxxgk.checks import quota
from zfxxgk.problems import RULES, Problem, Severity
from zfxxgk.project import Project

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class ItemToFix:
    """An item with at least one error or warning."""

    path: str
    index_no: str
    title: str
    column: str
    department: str
    problems: tuple[Problem, ...]


def build(project: Project) -> dict[str, Any]:
    """The report document (see `to_json`); problems are exactly the check's."""
    problems = project.problems.sorted()
    by_path = {item.rel: item for item in project.items}
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    per_column: dict[str, Counter[str]] = defaultdict(Counter)
    per_department: dict[str, Counter[str]] = defaultdict(Counter)
    grouped: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        per_rule[p.rule][p.severity.value] += 1
        item = by_path.get(p.path)
        column = item.catalogue if item else "（全站）"
        department = (item.department or item.publisher) if item else "（全站）"
        per_column[column][p.severity.value] += 1
        per_department[department][p.severity.value] += 1
        if p.severity is not Severity.INFO:
            grouped[p.path].append(p)
    to_fix = []
    for path, found in sorted(grouped.items(), key=lambda kv: (min(_SEVERITY_ORDER[p.severity] for p in kv[1]), kv[0])):
        item = by_path.get(path)
        to_fix.append(ItemToFix(
            path=path, index_no=item.index_no if item else "", title=item.title if item else path,
            column=item.catalogue if item else "", department=(item.department or "") if item else "",
            problems=tuple(found),
        ))
    summary = project.problems.summary()
    return {
        "quota": _quota(project),
        "generator": f"zfxxgk {__version__}",
        "agency": project.settings.agency.name,
        "as_of": project.as_of.isoformat(),
        "items": len(project.items),
        "summary": {"errors": summary["errors"], "warnings": summary["warnings"], "infos": summary["infos"]},
        "per_rule": {
            rule: {"summary": RULES[rule].summary, "basis": RULES[rule].basis, **dict(sorted(c.items()))}
            for rule, c in sorted(per_rule.items())
        },
        "per_column": {k: dict(sorted(v.items())) for k, v in sorted(per_column.items())},
        "per_department": {k: dict(sorted(v.items())) for k, v in sorted(per_department.items())},
        "to_fix": [
            {"path": f.path, "索引号": f.index_no, "标题": f.title, "目录": f.column, "责任科室": f.department,
             "problems": [p.as_dict() for p in f.problems]}
            for f in to_fix
        ],
        "problems": [p.as_dict() for p in problems],
    }


def _quota(project: Project) -> dict[str, Any]:
    """Items per department in each finished quarter and the last finished year, with the quotas."""
    ctx = project.context
    per_quarter, per_year = quota.department_counts(ctx)
    quarters = quota.finished_quarters(project.as_of)
    year = project.as_of.year - 1
    rows = {}
    for dept in project.settings.departments:
        counts = {f"{y}年第{q}季度": per_quarter[(dept.name, y, q)] for y, q in quarters}
        counts[f"{year}年"] = per_year[(dept.name, year)]
        rows[dept.name] = counts
    return {
        "per_quarter": project.settings.options.quota_per_quarter,
        "per_year": project.settings.options.quota_per_year,
        "periods": [f"{y}年第{q}季度" for y, q in quarters] + [f"{year}年"],
        "departments": rows,
    }


def _quota_table(q: dict[str, Any]) -> str:
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(p)}</th>' for p in q["periods"])
    out = [f'<table><caption>各科室公开信息数（每季度不少于 {q["per_quarter"]} 条、全年不少于 {q["per_year"]} 条；'
           f'“不足”表示未达要求）</caption><thead><tr><th scope="col">科室</th>{head}</tr></thead><tbody>']
    for dept, counts in q["departments"].items():
        cells = []
        for period in q["periods"]:
            need = q["per_year"] if period.endswith("年") else q["per_quarter"]
            n = counts[period]
            cells.append(f"<td>{n}{'（不足）' if n < need else ''}</td>")
        out.append(f'<tr><th scope="row">{esc(dept)}</th>{"".join(cells)}</tr>')
    out.append("</tbody></table>")
    return "".join(out)


def to_json(report: dict[str, Any]) -> str:
    """Byte-stable JSON text."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _counts_table(caption: str, head: str, rows: dict[str, dict[str, Any]], extra: str | None = None) -> str:
    out = [f'<table><caption>{html.escape(caption)}</caption><thead><tr><th scope="col">{html.escape(head)}</th>']
    if extra:
        out.append(f'<th scope="col">{html.escape(extra)}</th>')
    out.append('<th scope="col">错误</th><th scope="col">警告</th><th scope="col">提示</th></tr></thead><tbody>')
    for name, counts in rows.items():
        out.append(f'<tr><th scope="row">{html.escape(name)}</th>')
        if extra:
            out.append(f"<td>{html.escape(str(counts.get('summary', '')))}</td>")
        out.append("".join(f"<td>{int(counts.get(k, 0))}</td>" for k in ("error", "warning", "info")) + "</tr>")
    if not rows:
        out.append('<tr><td colspan="5">没有问题。</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def to_html(report: dict[str, Any]) -> str:
    """A self-contained, accessible HTML page of the report (inline CSS, no script, no external resource)."""
    s = report["summary"]
    esc = html.escape
    fix = []
    for entry in report["to_fix"]:
        items = "".join(
            f'<li><span class="sev sev-{p["severity"]}">{ {"error": "错误", "warning": "警告", "info": "提示"}[p["severity"]] }</span> '
            f'<code>{esc(p["rule"])}</code> 第 {p["line"]} 行：{esc(p["message"])}</li>'
            for p in entry["problems"]
        )
        fix.append(f'<section class="fix"><h3>{esc(entry["标题"])}</h3>'
                   f'<p class="meta">{esc(entry["path"])} · 索引号 {esc(entry["索引号"] or "—")} · 目录 {esc(entry["目录"] or "—")}'
                   f' · 责任科室 {esc(entry["责任科室"] or "—")}</p><ul>{items}</ul></section>')
    body = "".join(fix) or "<p>没有需要改正的条目。</p>"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{esc(report["agency"])} 政务公开合规报告（{esc(report["as_of"])}）</title>
<style>
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:64rem;margin:0 auto;padding:1rem 1.5rem;color:#1b1b1b;line-height:1.6}}
h1{{font-size:1.6rem}} table{{border-collapse:collapse;margin:1rem 0;width:100%}}
caption{{text-align:left;font-weight:bold;padding:.25rem 0}} th,td{{border:1px solid #767676;padding:.3rem .5rem;text-align:left}}
thead th{{background:#e8eef5}} td{{font-variant-numeric:tabular-nums}}
.summary{{display:flex;gap:1rem;flex-wrap:wrap;padding:0;list-style:none}} .summary li{{border:2px solid #1b1b1b;padding:.5rem 1rem}}
.sev{{font-weight:bold;padding:0 .3rem}} .sev-error{{color:#fff;background:#b3261e}} .sev-warning{{color:#1b1b1b;background:#f4c542}}
.sev-info{{color:#fff;background:#2f5f8a}} .fix{{border-top:1px solid #767676;margin-top:1rem}} .meta{{color:#3d3d3d}}
code{{font-family:monospace}}
</style>
</head>
<body>
<main>
<h1>{esc(report["agency"])} 政务公开合规报告</h1>
<p>检查日期 {esc(report["as_of"])} · 条目 {int(report["items"])} 条 · 由 {esc(report["generator"])} 生成（内部使用，不在公开网站导航中）</p>
<ul class="summary"><li>错误 <strong>{s["errors"]}</strong></li><li>警告 <strong>{s["warnings"]}</strong></li><li>提示 <strong>{s["infos"]}</strong></li></ul>
<h2>按规则</h2>
{_counts_table("各规则的问题数", "规则", report["per_rule"], extra="说明")}
<h2>按栏目</h2>
{_counts_table("各栏目的问题数", "栏目（目录）", report["per_column"])}
<h2>按科室</h2>
{_counts_table("各科室的问题数", "责任科室", report["per_department"])}
<h2>科室发布数量</h2>
{_quota_table(report["quota"])}
<h2>需要改正的条目</h2>
{body}
</main>
</body>
</html>
"""
