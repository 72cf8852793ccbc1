"""Chunked search equals whole-index search: same refs, same order, same scores (lunr.js in node), and the
page's own scoring from the chunks (searchcore.query) equals lunr.js bit for bit."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from search_corpus import synthetic_docs
from zfxxgk.search.index import build_lunr, write_index
from zfxxgk.search.lunrbuild import to_lunr_serialized
from zfxxgk.search.model import SearchDoc, doc_order
from zfxxgk.search.tokenize import tokenize

ROOT = Path(__file__).resolve().parent.parent
FIXED = [
    "信息公开", "公开", "息公", "政務公開", "行政處罰", "2021年 预算", "药", "年", "食品安全", "监督抽检",
    "行政处罚告知书", "双随机", "年度报告", "政府信息公开工作年度报告", "依申请公开", "平潭综合实验区",
    "告知书 送达", "2023", "11520200MB1C123455", "〔2021〕39号", "黔府办函[2020]5号", "岚综委﹝2020﹞41号",
    "没有这种说法的一个查询词语", "covid", "第二十条", "附件", "中华人民共和国政府信息公开条例",
    "年报", "2025年报", "双随机 一公开", "政府信息公开 指南", "学校食品安全检查", "平潭综合实验区管委会",
]


def queries(docs: list[SearchDoc]) -> list[str]:
    """FIXED plus title fragments, 文号 in other bracket styles and 索引号 drawn from the corpus."""
    rng = random.Random(50)
    out = list(FIXED)
    while len(out) < 40:
        title = rng.choice(docs).title
        start = rng.randrange(max(1, len(title) - 6))
        out.append(title[start : start + 2 + rng.randrange(5)])
    with_no = [doc for doc in docs if doc.doc_no]
    for doc in rng.sample(with_no, 5):
        out.append(doc.doc_no.translate(str.maketrans("〔〕﹝﹞", "【】[]")))
    for doc in rng.sample(docs, 5):
        out.append(doc.index_no)
    return out


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_chunked_search_equals_whole_index(tmp_path: Path) -> None:
    docs = synthetic_docs(2000)
    ordered = doc_order(docs)
    built = build_lunr(ordered)
    stats = write_index(ordered, built, tmp_path / "index")
    whole = to_lunr_serialized(built)
    (tmp_path / "whole.json").write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    asked = queries(docs)
    assert len(asked) >= 50
    (tmp_path / "queries.json").write_text(json.dumps(asked, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "equivalence.mjs"), str(tmp_path / "index"),
         str(tmp_path / "whole.json"), str(tmp_path / "queries.json")],
        capture_output=True, text=True, check=True,
    )
    got = json.loads(run.stdout)
    answered = 0
    for query in asked:
        result = got[query]
        for mode in ("required", "optional"):
            whole_hits, chunked_hits = result[mode]["whole"], result[mode]["chunked"]
            assert [ref for ref, _ in chunked_hits] == [ref for ref, _ in whole_hits], (query, mode)
            for (_, a), (_, b) in zip(chunked_hits, whole_hits, strict=True):
                assert a == pytest.approx(b, rel=1e-12, abs=1e-12), (query, mode)
            # The page's own scoring from the chunks: lunr.js's refs, order and scores, bit for bit.
            assert result[mode]["direct"] == whole_hits, (query, mode)
        assert result["rankChunked"] == result["rankWhole"], query
        assert result["rankPage"] == result["rankWhole"], query
        answered += bool(result["required"]["whole"])
        assert result["buckets"] <= len(result["tokens"]) <= 40
    assert answered >= 40
    assert stats.docs == 2000
    for query in asked[-10:-5]:  # a 文号 in another bracket style: the top hit carries that 文号
        top = ordered[int(got[query]["rank"][0])]
        assert tokenize(top.doc_no, "query") == tokenize(query, "query"), query
    for query in asked[-5:]:  # an 索引号: the top hit is that item
        assert ordered[int(got[query]["rank"][0])].index_no == query
