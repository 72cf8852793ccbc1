"""Search benchmark (issue 5 point 6): our term-chunked index against mkdocs-material's search and Pagefind.

Run: python bench/search_bench.py [--items 1000 10000] [--with-50k] [--no-anchors] [--repeat 3]
For each size, over the synthetic corpus of tests/search_corpus.py: index build time and size; in headless
Chromium (tests/browser/cdp.py, HTTP cache off, localhost) the bytes a first query downloads and the times
of a first and a warm query over QUERIES. Anchors: the same pages as a plain Material site (jieba-segmented
search_index.json, its worker building the lunr index) and indexed by Pagefind (pip 'pagefind[extended]').
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [
    str(ROOT / "hooks"),
    str(ROOT / "tests"),
    str(ROOT / "tests" / "browser"),
    str(ROOT / "bench"),
]

import search_anchors as anchors  # noqa: E402
import search_browser as measure_in  # noqa: E402
from cdp import CHROMIUM, Browser  # noqa: E402

from search_corpus import synthetic_docs  # noqa: E402

Row = measure_in.Row


def summary(engine: str, items: int, build_s: float, size: tuple[int, int], rows: list[Row]) -> Row:
    """One table row: medians over the query set (max for the bytes of a first query)."""

    def med(key: str) -> float:
        return float(statistics.median(r[key] for r in rows))

    return {
        "engine": engine,
        "items": items,
        "build_s": build_s,
        "index_MB": size[0] / 1e6,
        "files": size[1],
        "first_KB": med("total") / 1e3,
        "first_KB_gz": med("total_gz") / 1e3,
        "data_KB": med("data") / 1e3,
        "max_KB": max(r["total"] for r in rows) / 1e3,
        "first_ms": med("first_ms"),
        "query_ms": med("query_ms"),
        "warm_ms": med("warm_ms"),
    }


def combined(runs: list[list[Row]]) -> list[Row]:
    """Per query, the median of each time over the runs (the bytes are the same in every run)."""
    out = []
    for rows in zip(*runs, strict=True):
        row = dict(rows[0])
        for key in ("first_ms", "query_ms", "warm_ms"):
            row[key] = float(statistics.median(r[key] for r in rows))
        row["query_runs"] = [r["query_ms"] for r in rows]
        out.append(row)
    return out


def measure(items: int, work: Path, with_anchors: bool, repeat: int = 1) -> list[Row]:
    """Build every index of `items` synthetic documents and measure them in Chromium (our page `repeat`
    times, each in a fresh browser: a first query's time is mostly the JavaScript engine warming up, and
    varies from run to run on a shared machine)."""
    docs = synthetic_docs(items)
    build_s, stats = anchors.build_ours(docs, work / "ours")
    print(f"  {items}: ours built in {build_s:.1f} s", file=sys.stderr, flush=True)
    if with_anchors:
        material_s, site = anchors.build_material(docs, work)
        print(f"  {items}: material built in {material_s:.1f} s", file=sys.stderr, flush=True)
        pagefind_s = anchors.build_pagefind(site)
        print(f"  {items}: pagefind built in {pagefind_s:.1f} s", file=sys.stderr, flush=True)
    out = []
    with measure_in.serve(work) as base, Browser() as browser:
        browser.call("Network.setCacheDisabled", session=True, cacheDisabled=True)
        browser.call(
            "Page.addScriptToEvaluateOnNewDocument",
            session=True,
            source=measure_in.OURS_PROBE + anchors.MATERIAL_WORKER_PROBE,
        )
        runs = [measure_in.ours(browser, base, work)]
        for _ in range(repeat - 1):
            with Browser() as again:
                again.call("Network.setCacheDisabled", session=True, cacheDisabled=True)
                again.call("Page.addScriptToEvaluateOnNewDocument", session=True, source=measure_in.OURS_PROBE)
                runs.append(measure_in.ours(again, base, work))
        rows = combined(runs)
        out.append(summary("zfxxgk", items, build_s, (stats.bytes, stats.files), rows))
        worst_kb = max(rows, key=lambda r: r["total"])
        worst_ms = max(rows, key=lambda r: r["query_ms"])
        out[-1]["worst"] = (worst_kb["q"], worst_kb["total"] / 1e3, worst_ms["q"], worst_ms["query_ms"])
        for r in rows:  # per query, on stderr: the spread behind the medians
            print(
                f"    {items} zfxxgk {r['q']}: {r['total'] / 1e3:.1f} KB ({r['total_gz'] / 1e3:.1f} KB gz), "
                f"first {r['first_ms']:.0f} ms, lunr {r['query_ms']:.0f} ms "
                f"(runs: {', '.join(f'{ms:.0f}' for ms in r['query_runs'])}), warm {r['warm_ms']:.0f} ms",
                file=sys.stderr,
            )
        if with_anchors:
            out.append(
                summary(
                    "pagefind",
                    items,
                    pagefind_s,
                    anchors.dir_bytes(site / "pagefind"),
                    measure_in.pagefind(browser, base, work),
                )
            )
            try:
                rows = measure_in.material(browser, base, work)
            except (TimeoutError, RuntimeError) as exc:  # a tab that runs out of memory on a huge index
                print(f"  {items}: material failed in the browser: {exc}", file=sys.stderr)
                rows = []
            size = anchors.dir_bytes(site / "search")
            if rows:
                row = summary("material", items, material_s, size, rows)
                row["load_ms"] = statistics.median(r["ready_ms"] for r in rows)
                out.append(row)
    return out


def machine() -> str:
    """nproc, memory, CPU model, and the versions that matter."""
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")
    )
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    versions = subprocess.run(
        [sys.executable, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True
    ).stdout.splitlines()
    keep = [
        v for v in versions if v.lower().startswith(("mkdocs-material==", "pagefind==", "jieba==", "lunr=="))
    ]
    return (
        f"machine: nproc={os.cpu_count()} mem={int(mem) / 1024 / 1024:.1f} GiB cpu={cpu}; "
        f"python {platform.python_version()}; {chromium}; {' '.join(keep)}"
    )


HEADER = (
    "engine",
    "items",
    "build_s",
    "index_MB",
    "files",
    "first_KB",
    "first_KB_gz",
    "data_KB",
    "max_KB",
    "first_ms",
    "query_ms",
    "warm_ms",
    "load_ms",
)


LEGEND = """\
build_s: zfxxgk = build_index (lunr semantics, term chunks, store); pagefind = its CLI over the site's HTML;
  material = the whole `mkdocs build` (pages and search_index.json, jieba segmentation).
index_MB/files: what is published for search. first_KB: everything a first query downloads on a fresh
  page (scripts and data; zfxxgk: our JS + manifest, fold and synonym tables, facets, term and doc chunks;
  pagefind: its JS, wasm, entry, index, filter and ten fragments; material: search_index.json and worker),
  as served; first_KB_gz: the same gzip-compressed (pagefind's are compressed already); data_KB: data only;
  max_KB: the largest first query. first_ms: zfxxgk = navigation → results shown; pagefind = search() → ten
  results' data; material = worker's index build (load_ms, after search_index.json is fetched and parsed)
  + the query. query_ms: answering once the chunks are loaded (zfxxgk: lunr's scores from the chunks and
  the ranking; pagefind and material: a repeated query). warm_ms: the same query again on the same page. Medians over the query set
  (zfxxgk: of each query's median over --repeat fresh browsers)."""


def targets(results: list[Row]) -> list[str]:
    """The issue's targets at 10,000 items, met or the distance to them."""
    lines = []
    for r in results:
        if r["engine"] != "zfxxgk" or r["items"] != 10000:
            continue
        worst_kb_q, worst_kb, worst_ms_q, worst_ms = r["worst"]
        for label, value, limit, unit in (
            ("median first query downloads", r["first_KB"], 300.0, "KB"),
            (f"every first query downloads (worst: {worst_kb_q})", worst_kb, 300.0, "KB"),
            ("median answer once chunks are loaded", r["query_ms"], 100.0, "ms"),
            (f"every answer once chunks are loaded (worst: {worst_ms_q})", worst_ms, 100.0, "ms"),
            ("index build", r["build_s"], 60.0, "s"),
        ):
            verdict = "met" if value <= limit else f"MISSED by {value - limit:.1f} {unit}"
            lines.append(f"target at 10,000: {label} {value:.1f} {unit} <= {limit:.0f} {unit}: {verdict}")
    return lines


def main() -> None:
    """Measure every size and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--with-50k", action="store_true", help="also 50,000 items (long on 2 cores)")
    parser.add_argument("--no-anchors", action="store_true", help="our index only (no Material, no Pagefind)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="fresh browsers our page is measured in; times are per-query medians (default 3)")
    args = parser.parse_args()
    sizes = args.items + ([50000] if args.with_50k else [])
    results: list[Row] = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"search-bench-{n}-") as tmp:
            results += measure(n, Path(tmp), not args.no_anchors, max(1, args.repeat))
    print(machine())
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for r in results:
        cells = [f"{r[h]:.1f}" if isinstance(r.get(h), float) else str(r.get(h, "")) for h in HEADER]
        print("| " + " | ".join(cells) + " |")
    print(LEGEND)
    print("\n".join(targets(results)))


if __name__ == "__main__":
    main()
