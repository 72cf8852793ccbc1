"""Write a synthetic but realistic zfxxgk project of N items (for the benchmark), deterministic from a seed.

    python bench/generate.py --items 10000 --out bench/out/items-10000

The output is a full project: mkdocs.yml and overrides/ copied from the repository, schema/, catalogue/,
docs/ and content/ with N items spread over ten years and every catalogue column — 要素 as fields or
`##` sections as the catalogue row asks, 公开时限 met on the working-day calendar, every 行政规范性文件
paired with its 解读, attachments copied from the sample's real files. `bench.json` records the seed,
the as-of date and the counts. The content passes `zfxxgk check --as-of <as-of>` without errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

import shapes
import vocab

from zfxxgk.workdays import Calendar

ROOT = Path(__file__).resolve().parents[1]
AGENCY = "六盘水市市场监督管理局"
CODE = "11520200MB1C123455"
AS_OF = dt.date(2026, 11, 20)
FIRST_SEQ = 10  # numbers below are left to the annual reports and hand-made items
# Share of each catalogue row in a year's output (行政规范性文件 brings as many 解读 again).
WEIGHTS = {
    "政务公开/政府信息公开指南": 0.002,
    "政务公开/政府信息公开制度": 0.004,
    "机构信息/机构职能": 0.002,
    "政策文件/行政规范性文件": 0.03,
    "政策文件/其他文件": 0.08,
    "规划计划/工作计划": 0.03,
    "行政许可/食品经营许可服务指南": 0.005,
    "行政许可/食品经营许可信息": 0.21,
    "行政处罚/行政处罚决定": 0.24,
    "双随机一公开/随机抽查事项清单": 0.01,
    "双随机一公开/抽查结果": 0.08,
    "监督检查/食品安全监督抽检": 0.08,
    "财政信息/部门预决算": 0.01,
    "工作动态/工作动态": 0.189,
}


@dataclass
class Spec:
    """One item before it is written: column, dates and the links that tie it to others."""

    path: str
    written: dt.date
    published: dt.date
    index_no: str = ""
    seq: int = 0
    interprets: Spec | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _spread(rng: random.Random, total: int) -> list[str]:
    """`total` column paths by WEIGHTS (the 规范性文件 and their 解读 are planned separately)."""
    counts = {p: max(1, round(total * w)) for p, w in WEIGHTS.items() if p != "政策文件/行政规范性文件"}
    counts["工作动态/工作动态"] = max(0, counts["工作动态/工作动态"] + total - sum(counts.values()))
    paths = [p for p, k in counts.items() for _ in range(k)][:total]
    rng.shuffle(paths)
    return paths


def plan(n: int, seed: int, calendar: Calendar, as_of: dt.date = AS_OF) -> list[Spec]:
    """The specs of n items: dates in the last ten years, deadlines met, 索引号 unique per year."""
    rng = random.Random(seed)
    start = dt.date(as_of.year - 9, 1, 1)
    span = (as_of - dt.timedelta(days=14) - start).days
    specs: list[Spec] = []
    n_docs = max(1, round(n * WEIGHTS["政策文件/行政规范性文件"]))
    paths = _spread(rng, n - 2 * n_docs)
    for path in paths:
        written = calendar.next_workday(start + dt.timedelta(days=rng.randrange(span)))
        specs.append(Spec(path, written, _publish(rng, calendar, path, written)))
    for _ in range(n_docs):
        written = calendar.next_workday(start + dt.timedelta(days=rng.randrange(span)))
        doc = Spec("政策文件/行政规范性文件", written, _publish(rng, calendar, "", written))
        jd_written = doc.published
        jd = Spec("政策解读/政策解读", jd_written, calendar.add_workdays(jd_written, rng.randrange(3))[0], interprets=doc)
        specs += [doc, jd]
    specs.sort(key=lambda s: (s.published, s.written, s.path))
    seqs: Counter[int] = Counter()
    for spec in specs:
        year = spec.published.year
        spec.seq = FIRST_SEQ + seqs[year]
        seqs[year] += 1
        spec.index_no = f"{CODE}/{year}-{spec.seq:05d}"
    _lifecycle([s for s in specs if s.path == "政策文件/行政规范性文件"], rng, as_of)
    return specs


def _publish(rng: random.Random, calendar: Calendar, path: str, written: dt.date) -> dt.date:
    """A 发布日期 within the row's 公开时限 (a few working days after the anchor date)."""
    lag = rng.choice((0, 1, 1, 2, 2, 3, 4, 5))
    if path in ("双随机一公开/抽查结果", "行政许可/食品经营许可信息"):
        lag = min(lag, 4)
    return calendar.add_workdays(written, lag)[0]


def _lifecycle(docs: list[Spec], rng: random.Random, as_of: dt.date) -> None:
    """规范性文件: five-year terms; expired ones 已失效, some repealed by a later document."""
    for i, doc in enumerate(docs):
        until = shapes.plus_years(doc.written, 5) - dt.timedelta(days=1)
        later = [d for d in docs[i + 1 : i + 40] if d.written > doc.written]
        if later and rng.random() < 0.15:
            by = rng.choice(later)
            doc.extra.update(有效性="已废止", 废止日期=by.written.isoformat(), 废止依据=by.index_no)
        elif until < as_of:
            doc.extra.update(有效性="已失效", 有效期至=until.isoformat(), 废止日期=until.isoformat())
        else:
            doc.extra.update(有效性="现行有效", 有效期至=until.isoformat())


def copy_project(out: Path) -> None:
    """mkdocs.yml, overrides/, docs/, schema/, catalogue/ and the hook file from the repository."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    for folder in ("overrides", "docs", "schema", "catalogue"):
        shutil.copytree(ROOT / folder, out / folder, dirs_exist_ok=True)
    (out / "hooks").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "hooks" / "zfxxgk_hooks.py", out / "hooks" / "zfxxgk_hooks.py")
    reports = ROOT / "content" / "政务公开" / "政府信息公开年报"
    reports = reports if reports.is_dir() else ROOT / "content" / "政府信息公开年报"
    if reports.is_dir():  # the annual reports are data (统计.yaml), copied as the sample has them
        shutil.copytree(reports, out / "content" / reports.name, dirs_exist_ok=True)


def _link(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def generate(n: int, out: Path, seed: int = 1, as_of: dt.date = AS_OF) -> dict[str, Any]:
    """Write the project; returns the summary also written to out/bench.json."""
    if (out / "content").exists():
        shutil.rmtree(out / "content")
    copy_project(out)
    calendar = Calendar.load(ROOT / "catalogue" / "holidays.yaml")
    words = vocab.load()
    rng = random.Random(seed * 7919 + 17)
    attachments = shapes.sample_attachments(ROOT / "content")
    specs = plan(n, seed, calendar, as_of)
    columns: Counter[str] = Counter()
    numbers: Counter[tuple[str, int]] = Counter()
    for spec in specs:
        meta, body, files = shapes.item(spec, words, rng, attachments, numbers)
        folder = out / "content" / spec.path / spec.index_no.split("/")[1]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(shapes.render(meta, body), encoding="utf-8")
        for name, src in files:
            _link(src, folder / name)
        columns[spec.path] += 1
    summary = {"items": n, "seed": seed, "as_of": as_of.isoformat(), "columns": dict(sorted(columns.items()))}
    (out / "bench.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    """CLI: --items N --out DIR [--seed S]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, required=True, help="number of items (1000, 10000, 50000 …)")
    parser.add_argument("--out", type=Path, required=True, help="output project folder")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    summary = generate(args.items, args.out, args.seed)
    print(f"{summary['items']} items in {args.out} (as of {summary['as_of']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
