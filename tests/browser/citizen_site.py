"""The site of the citizen query set (tests/search_citizen_queries.yaml): the sample project plus the 20 real
平潭 pages of the test corpus, each an item of 工作动态 with its real title, date and body.

`build_citizen_site(dest, code)` builds it with the zfxxgk code (hooks/ and overrides/) found under `code`: the
repository by default, or another checkout (the score of the set on an older commit, for comparison).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from projectkit import copy_sample  # noqa: E402
from search_corpus import CORPUS  # noqa: E402

CODE = "11520200MB1C123455"
FIRST_SEQ = 500  # corpus items are numbered from here in their year (the sample's own stop below 100)


def corpus_pages() -> list[dict[str, str]]:
    """The real pages: id, title, date (YYYY-MM-DD), 文号 and body, by id."""
    pages = []
    for path in sorted((CORPUS / "docs").glob("*.txt"), key=lambda p: int(p.stem)):
        head, _sep, body = path.read_text(encoding="utf-8").partition("==== 正文 ====")
        fields = {}
        for line in head.splitlines():
            key, colon, value = line.partition(":")
            if colon:
                fields[key.strip()] = value.strip()
        pages.append({
            "id": path.stem,
            "title": " ".join(fields["标题"].split()),
            "date": fields["发布时间"][:10],
            "doc_no": fields.get("文号", ""),
            "body": body.split("\n", 1)[-1].strip(),
        })
    return pages


def corpus_urls() -> dict[str, str]:
    """Corpus page id → the URL of its item on the citizen site."""
    urls: dict[str, str] = {}
    counts: dict[str, int] = {}
    for page in corpus_pages():
        year = page["date"][:4]
        counts[year] = counts.get(year, 0) + 1
        urls[page["id"]] = f"xxgk/{CODE}/{year}-{FIRST_SEQ + counts[year]:05d}/"
    return urls


def _item(page: dict[str, str], url: str) -> str:
    index_no = url.split("/", 1)[1].rstrip("/")
    meta = {
        "索引号": index_no,
        "标题": page["title"],
        "目录": "工作动态/工作动态",
        "发布机构": "六盘水市市场监督管理局",
        "成文日期": page["date"],
        "发布日期": page["date"],
        "主题分类": "综合政务",
        "文种": "信息",
        "公开方式": "主动公开",
        "公开范围": "面向全社会",
        "责任科室": "办公室",
    }
    if page["doc_no"]:
        meta["文号"] = page["doc_no"]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    body = page["body"].replace("<", "＜").replace("#", "＃")
    return f"---\n{front}---\n\n{body}\n"


def build_citizen_site(dest: Path, code: Path = ROOT) -> Path:
    """Build the citizen site into `dest`/site with the zfxxgk code under `code`; returns the site folder."""
    project = copy_sample(dest / "project")
    shutil.rmtree(project / "overrides")
    shutil.copytree(code / "overrides", project / "overrides")
    urls = corpus_urls()
    for page in corpus_pages():
        url = urls[page["id"]]
        folder = project / "content" / "工作动态" / "工作动态" / url.rstrip("/").rsplit("/", 1)[1]
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(_item(page, url), encoding="utf-8")
    site = dest / "site"
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch.strip() or "1790000000", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(code / "hooks"), "ZFXXGK_CACHE_DIR": ""}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return site


CASES = ROOT / "tests" / "search_citizen_queries.yaml"

# What the page shows once a query is answered: result URLs and the mark each carries.
SHOWN = """new Promise((resolve, reject) => {
  const until = Date.now() + 20000;
  const tick = () => {
    const root = document.getElementById('zfxxgk-search');
    const state = root && root.getAttribute('data-state');
    if (state === 'done' || state === 'idle') {
      const rows = [...document.querySelectorAll('#zfxxgk-search-results li.zfxxgk-result')];
      resolve({urls: rows.map(li => li.getAttribute('data-url')),
               marks: rows.map(li => li.querySelector('.zfxxgk-result__mark')?.textContent || ''),
               status: document.getElementById('zfxxgk-search-status').textContent});
    } else if (state === 'error' || Date.now() > until) { reject(new Error('search state ' + state)); }
    else { setTimeout(tick, 20); }
  };
  tick();
})"""


def expected_url(item: str) -> str:
    """The URL of a case's item: a sample item's 索引号 part, or corpus:<id>."""
    if item.startswith("corpus:"):
        return corpus_urls()[item.split(":", 1)[1]]
    return f"xxgk/{CODE}/{item}/"


def cases() -> list[dict[str, object]]:
    """The citizen query set."""
    loaded: list[dict[str, object]] = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return loaded


def shown(browser: object, base_url: str, query: str) -> dict[str, list[str]]:
    """Open the search page for `query` in Chromium (tests/browser/cdp.Browser) and return what it lists."""
    from urllib.parse import urlencode

    browser.goto(base_url + "search/?" + urlencode({"q": query}))  # type: ignore[attr-defined]
    result: dict[str, list[str]] = browser.eval(SHOWN)  # type: ignore[attr-defined]
    return result


def verdict(case: dict[str, object], seen: dict[str, list[str]]) -> str:
    """"" when the case's item is at its rank (with its mark), else what was seen instead."""
    rank = int(str(case["rank"]))
    url = expected_url(str(case["item"]))
    urls = seen["urls"]
    if url not in urls:
        return f"not in the first {len(urls)} results"
    at = urls.index(url) + 1
    if at != rank:
        return f"at rank {at}"
    if str(case.get("mark", "")) != seen["marks"][at - 1]:
        return f"mark {seen['marks'][at - 1]!r}"
    return ""


def main() -> None:
    """Build the citizen site with the code under --code (default: this checkout), run the set in Chromium
    and print the score (the issue's before/after figure)."""
    import argparse
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from cdp import Browser
    from sitehttp import serve

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--code", type=Path, default=ROOT, help="a checkout whose hooks/ and overrides/ build the site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="citizen-") as tmp:
        site = build_citizen_site(Path(tmp), args.code.resolve())
        with serve(site) as base, Browser() as browser:
            passed = 0
            all_cases = cases()
            for case in all_cases:
                problem = verdict(case, shown(browser, base, str(case["q"])))
                passed += not problem
                print(f"{'ok  ' if not problem else 'FAIL'} {case['q']} → {case['item']} #{case['rank']}"
                      + (f": {problem}" if problem else ""))
            print(f"score: {passed} / {len(all_cases)}")


if __name__ == "__main__":
    main()
