"""Acceptance 3 of issue 19: the README's rule table and the messages agree on every article number."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import yaml

from projectkit import CASE_SETTINGS, ROOT, make_project, merge
from zfxxgk.cli import main
from zfxxgk.problems import citation

CASES = Path(__file__).parent / "cases"
README = (ROOT / "README.md").read_text(encoding="utf-8")
# 第二十六条, 第二条第二款, 第二十条第（一）项 — an article with its paragraph and item, as written.
ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条(?:第[一二三四五六七八九十]+款)?(?:第（[一二三四五六七八九十]+）项)?")
# 总局令第45号 as the issue corrected it: no message or row may cite the old, wrong numbers.
ORDER_45_WRONG = ("第十四条", "第十条", "第十一条", "第七条")


def readme_rows() -> dict[str, str]:
    """Rule id → the README row's 依据 cell."""
    rows = {}
    for line in README.splitlines():
        match = re.match(r"^\| `([a-z0-9.\-]+)` \| [^|]+ \| [^|]+ \| (.+) \|$", line)
        if match:
            rows[match[1]] = match[2]
    return rows


def _problems(config: Path, as_of: str) -> list[dict[str, object]]:
    out = io.StringIO()
    with redirect_stdout(out):
        main(["check", "--config", str(config), "--as-of", as_of, "--format", "json"])
    found: list[dict[str, object]] = json.loads(out.getvalue())["problems"]
    return found


def _all_problems(tmp_path: Path) -> list[dict[str, object]]:
    found = _problems(ROOT / "mkdocs.yml", "2026-11-22")
    for case in sorted(p for kind in ("valid", "invalid", "warning") for p in (CASES / kind).iterdir() if p.is_dir()):
        settings = dict(CASE_SETTINGS)
        if (case / "settings.yml").exists():
            settings = merge(settings, yaml.safe_load((case / "settings.yml").read_text(encoding="utf-8")))
        root = make_project(tmp_path / case.parent.name / case.name, case / "content", settings)
        found += _problems(root / "mkdocs.yml", "2026-11-20")
    return found


def test_every_article_a_message_cites_is_in_the_readme_row_of_its_rule(tmp_path: Path) -> None:
    rows = readme_rows()
    checked = 0
    for problem in _all_problems(tmp_path):
        rule_id, cited = str(problem["rule"]), citation(str(problem["message"])) or ""
        assert rule_id in rows, f"{rule_id} is not in the README rule table"
        for article in ARTICLE.findall(cited):
            assert article in rows[rule_id], f"{rule_id}: the message cites {article}, the README row does not"
            checked += 1
    assert checked > 20


def test_order_45_articles_are_the_corrected_ones() -> None:
    for rule_id, basis in readme_rows().items():
        for part in re.split("[；;]", basis):
            if "总局令第45号" in part:
                assert not any(wrong in part for wrong in ORDER_45_WRONG), f"{rule_id}: {part}"
    prose = README.split("<!-- rules:start -->")[0]
    assert "《市场监督管理行政处罚信息公示规定》第十三条" in prose and "第十四条" not in prose
