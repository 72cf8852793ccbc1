"""Golden fragments: the 信息索引表, a list table and the validity banner, normalised one tag per line.

Regenerate after an intended change with `ZFXXGK_UPDATE_GOLDEN=1 pytest tests/test_site_golden.py`
and review the diff of tests/golden/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from test_site_units import ORG, SPEC, sample
from zfxxgk.site.columns import build_tree
from zfxxgk.site.itempage import index_table, validity_banner
from zfxxgk.site.lists import list_table
from zfxxgk.site.siteindex import build_site_index
from zfxxgk.sitesettings import SiteSettings

GOLDEN = Path(__file__).parent / "golden"


def normalise(html: str) -> str:
    """One tag or text run per line, whitespace collapsed, so diffs are readable and stable."""
    tokens = re.findall(r"<[^>]+>|[^<]+", html)
    lines = [re.sub(r"\s+", " ", t).strip() for t in tokens]
    return "\n".join(line for line in lines if line) + "\n"


def fragments() -> dict[str, str]:
    tree = build_tree(SPEC, SiteSettings())
    index = build_site_index(sample(), tree)
    repealed = index.by_index[f"{ORG}/2021-00012"]
    notice = index.by_index[f"{ORG}/2024-00010"]
    column = tree.by_key()["fdzdgknr/zcwj/qtwj"]
    return {
        "index-table.html": index_table(notice),
        "validity-banner.html": validity_banner(repealed, index, index.urls[repealed.index_no]),
        "list-table.html": list_table(list(index.items), index, column.url, "其他文件列表"),
    }


@pytest.mark.parametrize("name", sorted(fragments()))
def test_golden_fragment(name: str) -> None:
    actual = normalise(fragments()[name])
    path = GOLDEN / name
    if os.environ.get("ZFXXGK_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with ZFXXGK_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")
