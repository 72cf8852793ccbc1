"""The 政府信息公开工作年度报告 (annual report) generated from content/政府信息公开年报/<year>/统计.yaml.

Public API:
- `load_year(content_dir, year, problems, items)` → `AnnualReport | None` (one report, section 二 derived)
- `check_reports(content_dir, items, problems)` → every report, checked, newest first (for `zfxxgk check`)
- `render_report_html(report)`, `render_xlsx(report)` (bytes), `render_json(report)` (text)
"""

from __future__ import annotations

from zfxxgk.annual.checks import check_carry_over, check_deadline, check_identities
from zfxxgk.annual.collect import (
    ANNUAL_DIR,
    DATA_FILE,
    check_reports,
    folders,
    load_year,
    read_report_item,
)
from zfxxgk.annual.derive import ItemLike, derive_section2
from zfxxgk.annual.formats import FORMAT_2019, FORMAT_2021, Format, format_for
from zfxxgk.annual.load import load_report, parse_report
from zfxxgk.annual.model import AnnualReport, Figure
from zfxxgk.annual.render_html import render_report_html
from zfxxgk.annual.render_json import canonical, render_json
from zfxxgk.annual.render_xlsx import render_xlsx
from zfxxgk.options import DEFAULT_CATEGORIES

__all__ = [
    "ANNUAL_DIR",
    "DATA_FILE",
    "DEFAULT_CATEGORIES",
    "FORMAT_2019",
    "FORMAT_2021",
    "AnnualReport",
    "Figure",
    "Format",
    "ItemLike",
    "canonical",
    "check_carry_over",
    "check_deadline",
    "check_identities",
    "check_reports",
    "derive_section2",
    "folders",
    "format_for",
    "load_report",
    "load_year",
    "parse_report",
    "read_report_item",
    "render_json",
    "render_report_html",
    "render_xlsx",
]
