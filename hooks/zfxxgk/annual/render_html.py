"""The report body as accessible HTML: sections 一…六, tables with caption, th scope and headers."""

from __future__ import annotations

import html

from zfxxgk.annual.formats import NOTE, S1, S2, S3, S4, S5, S6
from zfxxgk.annual.grid import Table, headers_of, occupancy, tables
from zfxxgk.annual.markup import render_markdown
from zfxxgk.annual.model import AnnualReport

_KEYS = {S1: "1", S2: "2", S3: "3", S4: "4", S5: "5", S6: "6"}


def _attr(name: str, value: object) -> str:
    return f' {name}="{html.escape(str(value), quote=True)}"'


def render_table(table: Table, prefix: str) -> str:
    """One table; every <th> has an id and a scope, every <td> lists its headers."""
    slots = occupancy(table)
    tid = f"{prefix}-t{_KEYS[table.caption]}"

    def cid(r: int, c: int) -> str:
        return f"{tid}-r{r}c{c}"

    lines = [f'<table class="zfxxgk-annual-table" id="{tid}">',
             f"<caption>{html.escape(table.caption)}</caption>"]
    for row in table.rows:
        parts = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += _attr("rowspan", cell.rowspan)
            if cell.colspan > 1:
                attrs += _attr("colspan", cell.colspan)
            if cell.header:
                attrs = _attr("id", cid(cell.row, cell.col)) + _attr("scope", cell.scope) + attrs
                parts.append(f"<th{attrs}>{html.escape(cell.text)}</th>")
            elif cell.value is None:
                parts.append(f'<td class="zfxxgk-annual-note"{attrs}>{html.escape(cell.text)}</td>')
            else:
                ids = " ".join(cid(h.row, h.col) for h in headers_of(cell, slots))
                parts.append(f'<td{_attr("headers", ids)}{attrs}>{html.escape(cell.text)}</td>')
        lines.append(f"<tr>{''.join(parts)}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def render_report_html(report: AnnualReport, heading_level: int = 2) -> str:
    """The report body (导语 and sections 一…六 with their tables), without page title or layout."""
    prefix = f"nb{report.year}"
    h = max(1, min(heading_level, 5))
    by_key = {t.caption: t for t in tables(report)}
    out = [f'<div class="zfxxgk-annual" data-year="{report.year}" data-format="{report.format.name}">']
    if report.text("前言"):
        out.append(f'<div class="zfxxgk-annual-intro">{render_markdown(report.text("前言"))}</div>')
    for section in (S1, S2, S3, S4, S5, S6):
        out.append("<section>")
        out.append(f'<h{h} id="{prefix}-s{_KEYS[section]}">{html.escape(section)}</h{h}>')
        if section in by_key:
            # Focusable so keyboard users can scroll a wide table; named after the table it holds.
            label = html.escape(f"{section}统计表", quote=True)
            out.append(f'<div class="zfxxgk-annual-scroll" role="region" tabindex="0" aria-label="{label}">')
            out.append(render_table(by_key[section], prefix))
            out.append("</div>")
            note = report.text(f"{section}/{NOTE}")
            if note:
                out.append(render_markdown(note))
        else:
            out.append(render_markdown(report.text(section)))
        out.append("</section>")
    out.append("</div>")
    return "\n".join(out) + "\n"


_PAGE_CSS = """body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.7}
table{border-collapse:collapse;margin:1rem 0}caption{font-weight:bold;margin-bottom:.5rem}
th,td{border:1px solid #333;padding:.25rem .5rem;text-align:center}
.zfxxgk-annual-scroll{overflow-x:auto}"""


def render_report_page(report: AnnualReport) -> str:
    """A standalone HTML document (for `zfxxgk report annual --format html`): title, body, print styles."""
    title = html.escape(report.display_title)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{title}</h1>\n{render_report_html(report)}</main>\n</body>\n</html>\n"
    )
