"""The index build: same numbers as lunr.py, deterministic files, a layout the browser can follow."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from search_corpus import CORPUS, synthetic_docs
from zfxxgk.search.index import build_index, build_lunr
from zfxxgk.search.lunrbuild import lunr_py_serialized, to_lunr_serialized
from zfxxgk.search.model import FIELDS, SearchDoc, doc_order
from zfxxgk.search.store import (
    ALPHABET,
    _numbers,
    encode_numbers,
    encode_postings,
    read_index_file,
    term_hash,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def real_docs() -> list[SearchDoc]:
    """The 20 real 平潭 pages and the 5 real agency seeds (two in traditional characters) as SearchDocs."""
    docs = []
    for path in sorted((CORPUS / "docs").glob("*.txt")) + sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("==== 正文 ====")
        lines = [line for line in (head if body else text).splitlines() if line.strip()]
        meta = dict(line.split(": ", 1) for line in lines if ": " in line)
        docs.append(SearchDoc(
            ref=f"xxgk/{path.stem}/", title=meta.get("标题", lines[0]), doc_no=meta.get("文号", ""),
            index_no="", summary="", body=body or text, attachments=(), date=meta.get("发布时间", "")[:10],
            column=meta.get("栏目", ""), publisher=meta.get("发布机构", ""), subject="", validity="",
        ))
    return docs


@pytest.mark.slow
def test_fast_builder_equals_lunr_py() -> None:
    for docs in (real_docs(), synthetic_docs(300, seed=9)):
        tokens = [doc.field_tokens() for doc in doc_order(docs)]
        assert to_lunr_serialized(build_lunr(doc_order(docs))) == lunr_py_serialized(tokens, FIELDS)


def test_build_is_deterministic_and_order_free(tmp_path: Path) -> None:
    docs = synthetic_docs(120)
    first = build_index(docs, tmp_path / "a")
    build_index(list(reversed(docs)), tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) == first.files
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_layout_manifest_chunks_docs_and_facets(tmp_path: Path) -> None:
    docs = synthetic_docs(150)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "stale.json").write_text("{}")
    stats = build_index(docs, tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert not (tmp_path / "t" / "stale.json").exists()
    assert manifest["lunr"]["fields"] == [name for name, _ in FIELDS]
    assert manifest["counts"] == {"docs": 150, "terms": stats.terms, "postings": stats.postings}
    buckets = manifest["terms"]["buckets"]
    seen_terms = 0
    for bucket in range(buckets):
        chunk = read_index_file(tmp_path / manifest["terms"]["path"].format(bucket=f"{bucket:x}"))
        for term in chunk["terms"]:
            assert term_hash(term) % buckets == bucket
        seen_terms += len(chunk["terms"])
    assert seen_terms == stats.terms
    ordered = doc_order(docs)
    rows = []
    for n in range(manifest["docs"]["chunks"]):
        rows += read_index_file(tmp_path / manifest["docs"]["path"].format(chunk=n))["docs"]
    assert [row[1] for row in rows] == [doc.ref for doc in ordered]
    facets = read_index_file(tmp_path / manifest["facets"])
    radices = [len(facet["values"]) for facet in facets["facets"]]
    width = facets["width"]
    assert len(ALPHABET) ** width >= math.prod(radices) and len(facets["codes"]) == width * len(ordered)
    assert width < len(radices)  # one code for all facets: narrower than one character per facet
    decoded: list[list[str]] = [[] for _ in radices]
    for i in range(len(ordered)):
        value = 0
        for char in facets["codes"][i * width : (i + 1) * width]:
            value = value * len(ALPHABET) + ALPHABET.index(char)
        for f in reversed(range(len(radices))):
            value, position = divmod(value, radices[f])
            decoded[f].append(facets["facets"][f]["values"][position])
        assert value == 0
    for facet, attr, values in zip(facets["facets"], ("column", "publisher", "subject", "validity", "kind"), decoded,
                                   strict=True):
        assert values == [getattr(doc, attr) for doc in ordered], facet["name"]
    assert facets["facets"][-1] == {"name": "类别", "values": [""]}  # one value: a radix of 1, nothing to say
    years = {year: (start, end) for year, start, end in facets["years"]}
    assert all(ordered[i].date.startswith(year) for year, (s, e) in years.items() for i in range(s, e))


def test_duplicate_refs_are_refused(tmp_path: Path) -> None:
    doc = synthetic_docs(1)[0]
    with pytest.raises(ValueError, match="distinct refs"):
        build_index([doc, doc], tmp_path)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_term_hash_matches_javascript() -> None:
    terms = ["信息", "wh:黔府办函2021-39", "sy:11520200mb1c123455/2021-00012", "𠮷野", "a", ""]
    script = (
        f"const c=require({json.dumps(str(ROOT / 'overrides/assets/zfxxgk/searchcore.js'))});"
        f"process.stdout.write(JSON.stringify({json.dumps(terms, ensure_ascii=False)}.map(c.termHash)))"
    )
    run = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == [term_hash(term) for term in terms]


def test_postings_numbers_round_trip_through_javascript() -> None:
    """store.encode_numbers and _numbers write the same text; searchcore.decodeNumbers reads it back."""
    values = [0, 1, 31, 32, 1023, 1024, 32767, 32768, (1 << 30) - 1, 7, 999, 1000, 4096]
    text = encode_numbers(values)
    assert _numbers(np.array(values), np.array([len(values)]))[0].decode() == text
    assert len(encode_numbers([31])) == 1 and len(encode_numbers([1023])) == 2 and len(encode_numbers([32768])) == 4
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    core = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "zfxxgk" / "searchcore.js"
    script = f"console.log(JSON.stringify(require({str(core)!r}).decodeNumbers({text!r})))"
    run = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == values


def test_postings_round_trip_through_javascript() -> None:
    """store.encode_postings: the next document with a frequent score is one character; searchscore.decodePostings
    gives back every doc id and score, whatever the first id and the gaps."""
    cases = [
        ([0, 1, 2, 3, 40, 41, 5000], [1500, 1500, 800, 1500, 800, 99999, 1500]),
        ([1, 2, 3], [7, 7, 7]),
        ([7], [0]),
        (list(range(1, 200)), [1000 + (i % 3) for i in range(1, 200)]),
    ]
    encoded = [encode_postings(ids, milli) for ids, milli in cases]
    scores, symbols, gaps = encoded[0]
    assert scores == encode_numbers([1500, 800, 99999])  # most frequent first, then the smaller
    assert symbols == encode_numbers([1, 0, 2, 0, 3, 4, 1])  # 2 × rank + 1 when the gap is not 1
    assert gaps == encode_numbers([0, 37, 4959])
    assert encode_postings(*cases[1]) == ("7", "000", "")
    assert len(encode_postings(*cases[3])[1]) == 199  # one character a posting
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    score = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "zfxxgk" / "searchscore.js"
    script = (f"const s = require({str(score)!r}); const cases = {json.dumps(encoded)};"
              "console.log(JSON.stringify(cases.map(c => { const p = s.decodePostings(c[0], c[1], c[2]);"
              " return [p.ids, p.milli]; })))")
    run = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == [[ids, milli] for ids, milli in cases]


def test_facet_codes_decode_in_javascript(tmp_path: Path) -> None:
    """searchcore.decodeFacets reads every document's facet values back from the joint codes of facets.json."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    docs = doc_order(synthetic_docs(300, seed=21))
    build_index(docs, tmp_path)
    core = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "zfxxgk" / "searchcore.js"
    script = (f"const c = require({str(core)!r}); const fs = require('fs');"
              f"const f = c.decodeFacets(JSON.parse(require('zlib').gunzipSync("
              f"fs.readFileSync({str(tmp_path / 'facets.json.gz')!r})).toString('utf8')));"
              "const out = {}; for (const name of Object.keys(f.facets)) {"
              " out[name] = Array.from(f.facets[name].codes, (code) => f.facets[name].values[code]); }"
              "process.stdout.write(JSON.stringify(out));")
    run = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    got = json.loads(run.stdout)
    for name, attr in (("栏目", "column"), ("发布机构", "publisher"), ("主题分类", "subject"), ("有效性", "validity"),
                       ("类别", "kind")):
        assert got[name] == [getattr(doc, attr) for doc in docs], name
    assert got["年份"] == [doc.date[:4] for doc in docs]
    assert len({tuple(v) for v in zip(*(got[n] for n in ("栏目", "发布机构", "主题分类", "有效性")), strict=True)}) > 50
