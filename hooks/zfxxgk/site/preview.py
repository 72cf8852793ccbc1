"""Preview (`mkdocs serve`): an item's problems shown at the top of its own page.

Only in a preview: a published build never carries them. The pages are already written when this runs;
the box goes right before the page's first heading, so the editor sees what to fix where they look.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from html import escape
from pathlib import Path

from zfxxgk.items.record import Item
from zfxxgk.problems import Problem, Severity
from zfxxgk.html.urls import UrlError, item_url

MARK = "zfxxgk-preview-problems"


def banner(problems: list[Problem]) -> str:
    """The HTML box listing an item's errors and warnings, line by line."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    kind = "danger" if errors else "warning"
    rows = "".join(
        f"<li>第 {p.line} 行第 {p.column} 列：{p.severity.label} [{escape(p.rule)}] {escape(p.message)}</li>"
        for p in problems
    )
    return (f'<div class="admonition {kind} {MARK}" role="alert"><p class="admonition-title">预览：本条有 '
            f"{len(problems)} 个问题（{errors} 个错误），发布前请改正。正式构建的网站不显示本框。</p>"
            f"<ul>{rows}</ul></div>")


def inject(site_dir: Path, items: Iterable[Item], problems: Iterable[Problem]) -> int:
    """Put the box at the top of each item page that has errors or warnings; returns the pages changed."""
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.severity is not Severity.INFO:
            by_file[problem.path].append(problem)
    changed = 0
    for item in items:
        found = by_file.get(item.rel)
        if not found:
            continue
        try:
            page = site_dir / item_url(item.index_no) / "index.html"
        except UrlError:
            continue
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        if MARK in html:
            continue
        at = html.find("<h1")
        at = at if at >= 0 else html.find("<article")
        if at < 0:
            continue
        page.write_text(html[:at] + banner(sorted(found)) + html[at:], encoding="utf-8")
        changed += 1
    return changed
