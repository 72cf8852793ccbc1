"""The 年报 item pages: the report body and its tables generated from 统计.yaml by `zfxxgk.annual`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zfxxgk import annual
from zfxxgk.items.record import Item
from zfxxgk.problems import Problems
from zfxxgk.safepath import readable
from zfxxgk.html.markup import e

ANNUAL_CATALOGUE = "政务公开/政府信息公开年报"
XLSX_NAME = "年报统计表.xlsx"
JSON_NAME = "年报数据.json"


@dataclass(frozen=True)
class Extra:
    """HTML appended to an item's page and files published in the item's folder."""

    html: str = ""
    files: dict[str, bytes] = field(default_factory=dict)


def annual_extras(content_dir: Path, root: Path, items: Sequence[Item]) -> Callable[[Item], Extra]:
    """A function giving each 年报 item its generated report (problems were reported by `zfxxgk check`)."""

    def extra(item: Item) -> Extra:
        folder = item.folder
        if item.catalogue != ANNUAL_CATALOGUE or not folder.name.isdigit() or len(folder.name) != 4:
            return Extra()
        if readable(folder, annual.DATA_FILE) is None:  # no link followed
            return Extra()
        report = annual.load_year(content_dir, int(folder.name), Problems(), items, root=root)
        if report is None:
            return Extra()
        data_links = (
            f'<p class="zfxxgk-downloads">年报数据下载：<a href="{e(XLSX_NAME)}" download>Excel 统计表</a> · '
            f'<a href="{e(JSON_NAME)}" download>JSON</a></p>'
        )
        files = {XLSX_NAME: annual.render_xlsx(report), JSON_NAME: annual.render_json(report).encode("utf-8")}
        return Extra(annual.render_report_html(report, heading_level=2) + data_links, files)

    return extra
