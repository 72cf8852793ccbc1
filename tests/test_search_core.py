"""searchcore.js, the search page's pure functions, run in node against a real built index."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from search_corpus import synthetic_docs
from zfxxgk.search.index import build_index, field_texts
from zfxxgk.search.model import FIELD_NAMES, SearchDoc, doc_order

ROOT = Path(__file__).resolve().parent.parent
Outcome = tuple[dict[str, Any], list[SearchDoc]]
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """Build a 200-document index and run tests/js/core_cases.mjs over it."""
    docs = synthetic_docs(200, seed=3)
    out = tmp_path_factory.mktemp("index")
    build_index(docs, out)
    run = subprocess.run(["node", str(ROOT / "tests" / "js" / "core_cases.mjs"), str(out)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout), list(doc_order(docs))


def test_state_round_trips_through_the_url(outcome: Outcome) -> None:
    got, _ = outcome
    assert got["roundTrip"] == {"q": "黔府办函〔2021〕39号", "sort": "date", "page": 3,
                                "filters": {"栏目": ["政策解读", "其他文件"], "年份": ["2021"]}}
    assert got["query"].startswith("?q=")
    assert got["defaults"] == {"q": "x", "sort": "relevance", "page": 1, "filters": {}}


def test_partial_fallback_and_no_match(outcome: Outcome) -> None:
    got, _ = outcome
    assert got["partial"] is True
    assert got["none"] == 0


def test_facet_counts_filters_and_date_sort(outcome: Outcome) -> None:
    got, ordered = outcome
    hits = [ordered[i] for i in got["all"]]
    assert hits and all("公开" in (d.title + d.summary + d.body + "".join(d.attachments)) for d in hits)
    expected = Counter(d.column for d in hits)
    assert dict(got["counts"]["栏目"]) == expected
    assert dict(got["counts"]["年份"]) == Counter(d.date[:4] for d in hits)
    # A facet's own filter does not narrow its counts; the other facets' counts are narrowed.
    assert dict(got["countsFiltered"]["栏目"]) == expected
    narrowed = [d for d in hits if d.column == got["firstColumn"]]
    assert dict(got["countsFiltered"]["有效性"]) == Counter(d.validity for d in narrowed)
    assert [ordered[i] for i in got["filtered"]] == narrowed
    assert got["byDate"] == sorted(got["all"], reverse=True)
    dates = [ordered[i].date for i in got["byDate"]]
    assert dates == sorted(dates, reverse=True)


def test_doc_row_and_highlight(outcome: Outcome) -> None:
    got, ordered = outcome
    first = ordered[got["all"][0]]
    assert got["row"][:4] == [first.title, first.ref, first.doc_no, first.date]
    assert [run["text"] for run in got["highlight"] if run["mark"]] == ["政务公开", "ＡＢＣ"]
    assert "".join(run["text"] for run in got["highlight"]) == "本局政务公开工作（ＡＢＣ）"


def test_a_pickled_document_comes_back_equal_and_leaves_its_texts_as_they_were() -> None:
    """Documents cross to worker processes as UTF-8 texts (pickling a str would grow it by a UTF-8 copy)."""
    doc = SearchDoc("xxgk/a/b/", "标题", "六盘水市监发〔2024〕5号", "11520200MB1C123455/2024-00010", "概述",
                    "正文内容。" * 500, ("附件一", "附件二"), "2024-03-08", "其他文件", "六盘水市市场监督管理局",
                    "综合政务", "现行有效")
    sizes = [sys.getsizeof(doc.body), sys.getsizeof(doc.title)]
    again = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == doc and type(again.body) is str and again.attachments == ("附件一", "附件二")
    assert [sys.getsizeof(doc.body), sys.getsizeof(doc.title)] == sizes
    texts = field_texts(doc)
    again_texts = pickle.loads(pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL))
    assert again_texts == texts and type(again_texts) is type(texts)
    assert sys.getsizeof(texts[FIELD_NAMES.index("正文")]) == sizes[0]
