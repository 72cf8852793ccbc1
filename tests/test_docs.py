"""The README cannot drift: its rule table is the registry, its commands are the ones CI runs."""

from __future__ import annotations

import os
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


def _two_commands() -> list[str]:
    """The command lines of the README's 两条命令 block (comments dropped)."""
    block = README.split("## 两条命令", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_ci_runs_the_readme_test_command() -> None:
    build, test = _two_commands()
    assert build == "python3 -m pip install -e '.[test]' && mkdocs build --strict"
    assert test == "scripts/test"
    # .ci/run: nothing but the README's test command (after choosing the deterministic Hypothesis profile).
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.strip().startswith("#")]
    assert lines[-1] == f"exec {test}"
    assert all(line.startswith(("set ", "cd ", "export HYPOTHESIS_PROFILE=")) for line in lines[:-1]), lines
    assert os.access(ROOT / test, os.X_OK)
    script = (ROOT / test).read_text(encoding="utf-8")
    assert "pip install -q --disable-pip-version-check -e '.[test]'" in script
    assert 'python3 -m pytest "$@"' in script and '"$code" -eq 5' in script


if __name__ == "__main__":
    text = re.sub(
        r"(<!-- rules:start -->\n\|[^\n]*\|\n\|[^\n]*\|\n)(.*?)(<!-- rules:end -->)",
        lambda m: m.group(1) + rules_table() + "\n" + m.group(3),
        README,
        flags=re.S,
    )
    (ROOT / "README.md").write_text(text, encoding="utf-8")
