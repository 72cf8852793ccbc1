"""Score of the citizen query set (issue 18, acceptance 1) for a checkout: rank found against rank expected.

Run: python bench/citizen_score.py [--code CHECKOUT] [--json OUT]
Builds the citizen site (tests/browser/citizen_site.py: the sample project and the 20 real 平潭 pages of the test
corpus) with the zfxxgk code (hooks/ and overrides/) of CHECKOUT (default: this one), opens the search page for
each query of tests/search_citizen_queries.yaml in headless Chromium and reads the ranked list it shows (its
first page, ten results). A case is a hit when its item is at its expected rank with its expected mark
(已废止 / 已失效, or none); the score is hits / cases, with the cases whose item is in the top 3 and top 10.

Before/after: `git worktree add /tmp/old <commit>` and `python bench/citizen_score.py --code /tmp/old`; the sample
content and the cases are always this checkout's, only the search code (build and page) is the old one's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from cdp import Browser  # noqa: E402
from citizen_site import build_citizen_site, cases, expected_url, shown  # noqa: E402
from sitehttp import serve  # noqa: E402


def found(case: dict[str, object], seen: dict[str, list[str]]) -> dict[str, object]:
    """Where the case's item is in what the page showed: its rank (None when not on the first page) and mark."""
    url = expected_url(str(case["item"]))
    urls = seen["urls"]
    rank = urls.index(url) + 1 if url in urls else None
    mark = seen["marks"][rank - 1] if rank else ""
    expected = int(str(case["rank"]))
    return {
        "q": str(case["q"]),
        "item": str(case["item"]),
        "point": case["point"],
        "expected": expected,
        "mark_expected": str(case.get("mark", "")),
        "rank": rank,
        "mark": mark,
        "hit": rank == expected and mark == str(case.get("mark", "")),
        "shown": len(urls),
    }


def score(code: Path) -> list[dict[str, object]]:
    """Build the citizen site with the code under `code` and run every case through its search page."""
    with tempfile.TemporaryDirectory(prefix="citizen-score-") as tmp:
        site = build_citizen_site(Path(tmp), code)
        with serve(site) as base, Browser() as browser:
            return [found(case, shown(browser, base, str(case["q"]))) for case in cases()]


def report(rows: list[dict[str, object]]) -> str:
    """A Markdown table, one row a case, and the totals."""
    lines = ["| point | query | item | expected | found | hit |", "|---|---|---|---|---|---|"]
    for r in rows:
        at = f"{r['rank']}" if r["rank"] else f"absent ({r['shown']} shown)"
        if r["rank"] and r["mark"]:
            at += f" ({r['mark']})"
        want = f"{r['expected']}" + (f" ({r['mark_expected']})" if r["mark_expected"] else "")
        lines.append(f"| {r['point']} | {r['q']} | {r['item']} | {want} | {at} | {'yes' if r['hit'] else 'no'} |")
    n = len(rows)
    hits = sum(bool(r["hit"]) for r in rows)
    top3 = sum(bool(r["rank"]) and int(str(r["rank"])) <= 3 for r in rows)
    top10 = sum(bool(r["rank"]) and int(str(r["rank"])) <= 10 for r in rows)
    lines.append(f"score: {hits} / {n} at the expected rank (and mark); top 3: {top3} / {n}; top 10: {top10} / {n}")
    return "\n".join(lines)


def main() -> None:
    """Score the checkout given and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose hooks/ and overrides/ are scored")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    rows = score(args.code.resolve())
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"code: {args.code.resolve()}")
    print(report(rows))


if __name__ == "__main__":
    main()
