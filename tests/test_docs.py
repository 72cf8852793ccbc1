"""The README cannot drift: its rule table is the registry, its commands are the ones CI runs."""

from __future__ import annotations

import re

from projectkit import ROOT
from zfxxgk.cli import build_parser
from zfxxgk.problems import RULES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def rules_table() -> str:
    """The Markdown rows of every registered rule, as the README holds them."""
    build_parser()  # importing every command registers every rule
    rows = [
        f"| `{r.id}` | {r.severity.label} | {r.summary} | {r.basis} |"
        for r in sorted(RULES.values(), key=lambda r: r.id)
    ]
    return "\n".join(rows)


def test_readme_lists_every_rule() -> None:
    block = re.search(r"<!-- rules:start -->\n\|[^\n]*\|\n\|[^\n]*\|\n(.*?)<!-- rules:end -->", README, re.S)
    assert block, "README lacks the rules table markers"
    assert block.group(1).strip() == rules_table(), (
        "README rule table is stale: run `python3 tests/test_docs.py` to rewrite it"
    )


def test_ci_runs_the_readme_test_command() -> None:
    assert "python3 -m pytest" in README
    assert "python3 -m pytest" in (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "python3 -m pip install -e '.[test]' && mkdocs build --strict" in README


if __name__ == "__main__":
    text = re.sub(
        r"(<!-- rules:start -->\n\|[^\n]*\|\n\|[^\n]*\|\n)(.*?)(<!-- rules:end -->)",
        lambda m: m.group(1) + rules_table() + "\n" + m.group(3),
        README,
        flags=re.S,
    )
    (ROOT / "README.md").write_text(text, encoding="utf-8")
