"""Search index benchmark: build time, index size, bytes a first query downloads, time per query.

Run: python bench/search_bench.py [--items 1000 10000]. Uses the synthetic corpus of tests/search_corpus.py.
Query time is lunr.js in node (assemble + rank + facet counts, chunks already loaded), the median of 5 runs;
the browser-level figures (Chromium, Material and Pagefind anchors) belong to the issue-5 benchmark.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]

from search_corpus import synthetic_docs  # noqa: E402
from zfxxgk.search.index import build_index  # noqa: E402

QUERIES = ["信息公开", "公开", "息公", "政務公開", "2021年 预算", "药", "行政处罚", "食品安全监督抽检",
           "〔2021〕39号", "黔府办函[2020]5号", "11520200MB1C123455/2021-00012", "年度报告", "双随机",
           "告知书 送达", "平潭综合实验区管委会"]


def run(items: int, work: Path) -> dict[str, float]:
    """Build an index of `items` synthetic documents and measure it."""
    docs = synthetic_docs(items)
    out = work / f"index-{items}"
    began = time.perf_counter()
    stats = build_index(docs, out)
    build_s = time.perf_counter() - began
    queries = work / "queries.json"
    queries.write_text(json.dumps(QUERIES, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(["node", str(ROOT / "bench" / "search_query.mjs"), str(out), str(queries)],
                            capture_output=True, text=True, check=True)
    rows = json.loads(result.stdout)
    return {
        "items": items,
        "build_s": build_s,
        "index_mb": stats.bytes / 1e6,
        "files": stats.files,
        "first_kb_median": statistics.median(r["first_bytes"] for r in rows) / 1e3,
        "first_kb_max": max(r["first_bytes"] for r in rows) / 1e3,
        "query_ms_median": statistics.median(r["ms"] for r in rows),
        "query_ms_max": max(r["ms"] for r in rows),
    }


def main() -> None:
    """Print one table row per corpus size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [run(n, Path(tmp)) for n in args.items]
    header = ("items", "build_s", "index_mb", "files", "first_kb_median", "first_kb_max",
              "query_ms_median", "query_ms_max")
    print(" | ".join(header))
    for r in results:
        print(" | ".join(f"{r[h]:.1f}" if isinstance(r[h], float) else str(r[h]) for h in header))


if __name__ == "__main__":
    main()
