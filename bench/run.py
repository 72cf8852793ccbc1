"""Benchmark zfxxgk against plain mkdocs-material on the same generated Markdown; print one table.

    python bench/run.py --items 10000            # generate (once) into bench/out/items-10000, then measure
    python bench/run.py --items 50000 --repeat 1

Figures are medians of --repeat runs. Times are wall-clock seconds of the real commands in a child
process; peak memory is both the largest process's ru_maxrss (os.wait4) and the peak proportional set size
of the whole process tree (item workers and the search child included), sampled from /proc every 0.2 s;
output size the bytes under site/ without the copied attachments. The baseline is the same items as one Markdown page each, built by plain
mkdocs-material (navigation.prune, a nav of the columns only, no search plugin, no hook).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import plain  # noqa: E402

# Targets of issue 9 (None: no target, reported for information).
TARGETS = {"check": 5.0, "build_ratio": 1.0, "rebuild": 10.0, "memory": 2048.0, "per_item_kb": 40.0}


@dataclass(frozen=True)
class Run:
    """One measured child process."""

    seconds: float
    max_rss_mb: float  # the largest single process (ru_maxrss of the child and its waited-for children)
    tree_pss_mb: float  # the peak of the whole process tree at once (workers, search child), sampled
    returncode: int
    stderr: str


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, for every process /proc shows."""
    found: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        ppid = int(stat.rpartition(")")[2].split()[1])
        found.setdefault(ppid, []).append(int(entry.name))
    return found


def tree_pss_kb(root: int) -> int:
    """Proportional set size of `root` and all its descendants (shared pages counted once), in kB."""
    children = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


class TreeSampler(threading.Thread):
    """Samples the memory of a process tree every `interval` seconds until `stop`."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.peak_kb = max(self.peak_kb, tree_pss_kb(self.pid))

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self.stopped.set()
        self.join()
        return self.peak_kb / 1024


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command; wall time, the peak of its largest process and the peak of its whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid) if Path("/proc/self/smaps_rollup").exists() else None
    if sampler:
        sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    tree = sampler.stop() if sampler else 0.0  # before the wait: /proc/<pid> goes with the zombie
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, tree, proc.returncode, err)


def output_bytes(site: Path) -> int:
    """Bytes of the built site without attachments (files beside item pages under xxgk/)."""
    total = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).parts
        if rel[0] == "xxgk" and path.name != "index.html":
            continue
        total += path.stat().st_size
    return total


def machine() -> str:
    """nproc, memory, CPU model and load average of this machine."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPU ({model}), {mem / 1024 / 1024:.1f} GB RAM, load average {load}, "
            f"Python {platform.python_version()}")


def _env(cache: Path, as_of: str) -> dict[str, str]:
    epoch = str(int(time.mktime(time.strptime(as_of, "%Y-%m-%d"))) + 12 * 3600)
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1", "ZFXXGK_CACHE_DIR": str(cache),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "hooks"), os.environ.get("PYTHONPATH")]))}


def _ok(run: Run, what: str) -> Run:
    if run.returncode not in (0, 1):
        raise SystemExit(f"{what} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return run


def _search_probe(project: Path, env: dict[str, str]) -> tuple[float, int]:
    code = (
        "import datetime as dt,json,sys,tempfile,time;from pathlib import Path\n"
        "from zfxxgk.settings import load_settings;from zfxxgk.project import load_project\n"
        "from zfxxgk.build.gather import tree_spec\nfrom zfxxgk.site.columns import build_tree\n"
        "from zfxxgk.sitesettings import parse_site\nfrom zfxxgk.site.siteindex import build_site_index\n"
        "from zfxxgk.site.searchchild import start_index, write_index\nfrom zfxxgk.cache import Cache\nimport yaml\n"
        "s=load_settings('mkdocs.yml');p=load_project(s,dt.date.fromisoformat(sys.argv[1]))\n"
        "cfg=yaml.load(open('mkdocs.yml',encoding='utf-8'),Loader=yaml.BaseLoader)\n"
        "site=parse_site(cfg['extra']['zfxxgk'].get('site'))\n"
        "tree=build_tree(tree_spec(p,site),site,(i.catalogue for i in p.items))\n"
        "ix=build_site_index(p.public_items(),tree)\nd=Path(tempfile.mkdtemp())\nt=time.perf_counter()\n"
        "c=start_index(ix,d,Cache(None,''))\n"
        "c.wait() if c else write_index(ix,d,Cache(None,''),None)\n"
        "st=sum(f.stat().st_size for f in (d/'search'/'index').rglob('*') if f.is_file())\n"
        "print(json.dumps([time.perf_counter()-t,st]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, json.loads((project / "bench.json").read_text())["as_of"]],
                         cwd=project, env=env, capture_output=True, text=True, check=True)
    seconds, size = json.loads(out.stdout.strip().splitlines()[-1])
    return float(seconds), int(size)


def bench(items: int, repeat: int, out: Path, keep: bool) -> dict[str, float]:
    """Measure everything for one corpus size; returns the medians."""
    project = out / f"items-{items}"
    if not (project / "bench.json").is_file() or json.loads((project / "bench.json").read_text())["items"] != items:
        print(f"generating {items} items …", file=sys.stderr)
        generate.generate(items, project)
    as_of = json.loads((project / "bench.json").read_text())["as_of"]
    shutil.copy2(ROOT / "hooks" / "zfxxgk_hooks.py", project / "hooks" / "zfxxgk_hooks.py")  # this checkout's
    baseline = plain.write_plain(project, out / f"plain-{items}")
    work = out / f"work-{items}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    rows: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        rows.setdefault(key, []).append(value)

    for n in range(repeat):
        print(f"run {n + 1}/{repeat} at {items} items …", file=sys.stderr)
        cache = work / f"cache-{n}"
        env = _env(cache, as_of)
        add("check_cold", _ok(measure([sys.executable, "-m", "zfxxgk", "check", "--as-of", as_of], project, env),
                              "zfxxgk check").seconds)
        add("check", _ok(measure([sys.executable, "-m", "zfxxgk", "check", "--as-of", as_of], project, env),
                         "zfxxgk check").seconds)
        shutil.rmtree(cache, ignore_errors=True)
        site = work / f"site-{n}"
        full = _ok(measure([*mkdocs, "-d", str(site)], project, env), "mkdocs build")
        add("build", full.seconds)
        add("memory", full.max_rss_mb)
        add("tree_memory", full.tree_pss_mb)
        add("size", output_bytes(site))
        edited = sorted((project / "content" / "工作动态").rglob("index.md"))[n]
        original = edited.read_bytes()
        try:
            edited.write_bytes(original + f"\n补充说明第{n + 1}条。\n".encode())
            add("rebuild", _ok(measure([*mkdocs, "-d", str(site)], project, env), "mkdocs rebuild").seconds)
        finally:
            edited.write_bytes(original)
        # CI keeps the cache directory between runs but starts from a fresh clone: a new, empty site dir.
        ci_site = work / f"site-ci-{n}"
        add("build_warm", _ok(measure([*mkdocs, "-d", str(ci_site)], project, env), "mkdocs build (kept cache)").seconds)
        shutil.rmtree(ci_site)
        search_s, search_b = _search_probe(project, env)
        add("search", search_s)
        add("search_size", search_b)
        base_site = work / f"plain-site-{n}"
        plain_run = _ok(measure([*mkdocs, "-d", str(base_site)], baseline, env), "plain mkdocs build")
        add("plain", plain_run.seconds)
        add("plain_memory", plain_run.max_rss_mb)
        add("plain_tree_memory", plain_run.tree_pss_mb)
        add("plain_size", output_bytes(base_site))
        if not keep:
            shutil.rmtree(site)
            shutil.rmtree(base_site)
    return {key: statistics.median(values) for key, values in rows.items()}


def table(results: dict[int, dict[str, float]]) -> str:
    """The one table: every figure, its ratio to the plain Material build, the target and whether it is met."""
    lines = ["| 项目 / measure | 条目数 N | zfxxgk | plain Material | ratio | target | met |",
             "|---|---:|---:|---:|---:|---|---|"]
    for n, r in sorted(results.items()):
        base = r["plain"]

        def row(name: str, ours: str, plain_v: str, ratio: float | None, target: str, met: bool | None,
                n: int = n) -> None:
            ratio_s = f"{ratio:.2f}×" if ratio is not None else ""
            met_s = "" if met is None else ("yes" if met else "no")
            lines.append(f"| {name} | {n} | {ours} | {plain_v} | {ratio_s} | {target} | {met_s} |")

        row("zfxxgk check (cold cache)", f"{r['check_cold']:.1f} s", "", r["check_cold"] / base, "", None)
        row("zfxxgk check (warm cache)", f"{r['check']:.1f} s", "", r["check"] / base, "≤ 5 s at 10,000",
            r["check"] <= TARGETS["check"] if n == 10000 else None)
        row("full mkdocs build", f"{r['build']:.1f} s", f"{base:.1f} s", r["build"] / base,
            "≤ 1.0× plain at 10,000", r["build"] / base <= TARGETS["build_ratio"] if n == 10000 else None)
        row("full build, cache kept (CI)", f"{r['build_warm']:.1f} s", f"{base:.1f} s", r["build_warm"] / base,
            "", None)
        row("rebuild after one edit", f"{r['rebuild']:.1f} s", f"{base:.1f} s", r["rebuild"] / base,
            "≤ 10 s at 10,000", r["rebuild"] <= TARGETS["rebuild"] if n == 10000 else None)
        peak = max(r["memory"], r["tree_memory"])
        row("peak memory, largest process (RSS)", f"{r['memory']:.0f} MB", f"{r['plain_memory']:.0f} MB",
            r["memory"] / r["plain_memory"], "", None)
        row("peak memory, all processes (PSS)", f"{r['tree_memory']:.0f} MB", f"{r['plain_tree_memory']:.0f} MB",
            r["tree_memory"] / r["plain_tree_memory"] if r["plain_tree_memory"] else None,
            "≤ 2 GB at 50,000 (the larger of the two)", peak <= TARGETS["memory"] if n == 50000 else None)
        per_item = r["size"] / n / 1024
        row("output size", f"{r['size'] / 1e6:.1f} MB ({per_item:.1f} KB/item)",
            f"{r['plain_size'] / 1e6:.1f} MB", r["size"] / r["plain_size"], "≤ 40 KB/item",
            per_item <= TARGETS["per_item_kb"])
        row("search index build", f"{r['search']:.1f} s", "", r["search"] / base, "", None)
        row("search index size", f"{r['search_size'] / 1e6:.1f} MB", "", None, "", None)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI: --items N [N …] --repeat R --out DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--keep", action="store_true", help="keep the built sites under --out")
    args = parser.parse_args(argv)
    results = {n: bench(n, args.repeat, args.out, args.keep) for n in args.items}
    print(f"machine: {machine()}")
    print(f"runs per figure: {args.repeat} (median)")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
