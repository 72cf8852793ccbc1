"""The fast index build equals the plain one: terms, numbers, rounding, files (cached, parallel or not)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from search_corpus import synthetic_docs
from zfxxgk.cache import Cache
from zfxxgk.search import store, stream
from zfxxgk.search.index import build_batches, build_index, build_lunr, field_texts, write_index
from zfxxgk.search.lunrbuild import build, reference_build
from zfxxgk.search.model import FIELDS, doc_order
from zfxxgk.search.store import write_term_chunks
from zfxxgk.search.stream import KeyTable, to_milli
from zfxxgk.search.terms import decode, doc_terms, field_terms, many_field_terms, pack, term_hash, unpack_keys
from zfxxgk.search.tokenize import tokenize

ODD_TEXTS = [
    "",
    "a",
    "信",
    "〇一二",
    "政務公開 行政處罰 ＡＢＣ１２３ abc 123",
    "𠮷野家𠮷𠮷 𪚥 x𠮷y 中𠮷文",
    "根据黔府办函〔2021〕39号和六盘水市监发[2020]5号文件，索引号 11520200MB1C123455/2021-00012 与 PZ00101-0200-2014-00021",
    "ａ－ｂ／ｃ 2021-00012 第二十条 “引号” 《书名》 ……——",
    "重复重复重复重复重复重复重复重复 aaa aaa aaa 1 1 1",
    "\u3000全角空格\u3000分隔\n换行\t制表",
]


def texts_of(seed: int, count: int) -> list[str]:
    """Texts of every length around the numpy threshold, built from the synthetic corpus and ODD_TEXTS."""
    rng = random.Random(seed)
    pool = [text for doc in synthetic_docs(40, seed=seed) for text in field_texts(doc)] + ODD_TEXTS
    out = list(ODD_TEXTS)
    while len(out) < count:
        a, b = rng.choice(pool), rng.choice(pool)
        start = rng.randrange(max(1, len(a)))
        out.append(a[start : start + rng.randrange(200)] + rng.choice(["", " ", "𠮷", "ｘ"]) + b[: rng.randrange(120)])
    return out


def test_field_terms_equal_counted_tokens() -> None:
    for text in texts_of(3, 400):
        length, key_bytes, tf_bytes, extras = field_terms(text)
        keys = np.frombuffer(key_bytes, dtype=np.int64).tolist()
        tfs = np.frombuffer(tf_bytes, dtype=np.int32).tolist()
        expected = Counter(tokenize(text, "index"))
        assert [(decode(k, extras), tf) for k, tf in zip(keys, tfs, strict=True)] == list(expected.items()), text
        assert length == sum(expected.values())


def test_texts_done_together_equal_texts_done_alone() -> None:
    texts = texts_of(5, 300)
    together = many_field_terms(texts)
    for text, terms in zip(texts, together, strict=True):
        alone = field_terms(text)
        assert terms[0] == alone[0] and terms[2] == alone[2], text
        keys = [decode(k, terms[3]) for k in np.frombuffer(terms[1], dtype=np.int64).tolist()]
        assert keys == [decode(k, alone[3]) for k in np.frombuffer(alone[1], dtype=np.int64).tolist()], text


def test_pack_round_trip() -> None:
    texts = texts_of(4, 60)
    for i in range(0, len(texts), 6):
        fields = [field_terms(text) for text in texts[i : i + 6]]
        fields.append(field_terms("重" * 70000))  # a term frequency beyond 16 bits
        packed = pack(fields)
        keys, tfs = unpack_keys([packed])
        assert packed[0] == tuple(field[0] for field in fields)
        assert packed[1] == tuple(len(field[1]) // 8 for field in fields)
        got = [decode(k, packed[4]) for k in keys.tolist()]
        want = [decode(k, field[3]) for field in fields for k in np.frombuffer(field[1], dtype=np.int64).tolist()]
        assert got == want
        assert tfs.tolist() == [tf for field in fields for tf in np.frombuffer(field[2], dtype=np.int32).tolist()]
    wide, narrow = pack([field_terms("𠮷野" * 30)]), pack([field_terms("吉野" * 40)])
    assert wide[2][:1] == b"q" and narrow[2][:1] == b"I"  # a bigram outside the BMP: 64-bit keys
    many = pack([field_terms("重" * 300)])  # term frequencies in 16 bits
    keys, tfs = unpack_keys([narrow, wide, many])
    assert [decode(k) for k in keys.tolist()] == ["吉野", "野吉", "吉", "野", "𠮷野", "野𠮷", "𠮷", "野", "重重", "重"]
    assert tfs.tolist() == [40, 39, 40, 40, 30, 29, 30, 30, 299, 300]
    keys, tfs = unpack_keys([narrow, narrow])
    assert [decode(k) for k in keys.tolist()] == ["吉野", "野吉", "吉", "野"] * 2 and tfs.tolist() == [40, 39, 40, 40] * 2


def test_key_table_matches_a_dict() -> None:
    rng = np.random.default_rng(7)
    table, reference = KeyTable(bits=4), {}
    for _ in range(30):
        keys = np.unique(rng.integers(0, 1 << 40, 300))
        fresh = np.array([k for k in keys.tolist() if k not in reference], dtype=np.int64)
        values = rng.integers(0, 1 << 30, len(fresh))
        table.put(fresh, values)
        reference.update(zip(fresh.tolist(), values.tolist(), strict=True))
        probe = np.concatenate((keys, rng.integers(0, 1 << 40, 200)))
        assert table.get(probe).tolist() == [reference.get(k, -1) for k in probe.tolist()]


def test_milli_rounding_equals_python_on_ties() -> None:
    base = np.arange(0, 200000, 7, dtype=np.float64)
    ties = (base + 0.5) / 1000  # x.xxx5: round-half-even on the decimal, not on the binary value
    values = np.concatenate([
        ties, np.nextafter(ties, 0), np.nextafter(ties, np.inf), base / 1000,
        np.random.default_rng(3).random(20000) * 300,
    ])
    assert to_milli(values).tolist() == [round(round(x, 3) * 1000) for x in values.tolist()]


def random_corpus(seed: int, count: int) -> list[dict[str, list[str]]]:
    """Token lists over a small vocabulary, so that terms repeat across documents and fields."""
    rng = random.Random(seed)
    vocab = ["信息", "公开", "息公", "年", "2021", "wh:黔府办函2021-39", "sy:2021-00012", "𠮷野", "a", "〇"]
    vocab += [chr(0x4E00 + rng.randrange(300)) + chr(0x4E00 + rng.randrange(300)) for _ in range(200)]
    docs = []
    for _ in range(count):
        doc = {}
        for name, _boost in FIELDS:
            size = rng.choice([0, 1, 2, 5, 30, 200])
            doc[name] = [rng.choice(vocab[: rng.randrange(5, len(vocab))]) for _ in range(size)]
        docs.append(doc)
    return docs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_numpy_builder_equals_reference(seed: int) -> None:
    docs = random_corpus(seed, 150)
    assert build(docs, FIELDS) == reference_build(docs, FIELDS)
    tokens = [doc.field_tokens() for doc in doc_order(synthetic_docs(60, seed=seed))]
    assert build(tokens, FIELDS) == reference_build(tokens, FIELDS)


def test_scores_round_as_python_on_ties() -> None:
    """idf values that put score × boost on (or one ulp beside) x.xxx5: the scoring must round as Python."""
    halves = (np.arange(1, 3000, dtype=np.float64) * 17 + 0.5) / 1000
    idf = np.concatenate((halves, np.nextafter(halves, 0), np.nextafter(halves, 1e9)))
    n = len(idf)
    width = len(FIELDS)
    records = np.zeros(n, dtype=stream.RECORD)
    records["term"] = np.arange(n)
    records["slot"] = np.arange(n) * width + np.arange(n) % width  # doc i, field i mod width
    records["tf"] = 1 + (np.arange(n) // width) % 3
    norms = np.full(n * width, 1.2)  # with tf 1: ((K1 + 1) * tf) / (norm + tf) == 1
    boosts = np.array([boost for _name, boost in FIELDS], dtype=np.float64)
    groups = stream._score(records, idf, norms, boosts, width)
    expected, naive = [], []
    for i, value in enumerate(idf.tolist()):
        tf = 1 + (i // width) % 3
        score = value * ((stream.K1 + 1) * tf) / (1.2 + tf)
        expected.append(round(round(score * FIELDS[i % width][1], 3) * 1000))
        naive.append(int(np.rint(score * FIELDS[i % width][1] * 1000)))
    assert groups.terms.tolist() == list(range(n))
    assert groups.milli.tolist() == expected
    assert naive != expected  # the cases exist where plain np.rint would be wrong


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_cached_parallel_and_plain_builds_write_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "POSTINGS_PER_CHUNK", 40)  # many buckets: every partition on its own
    monkeypatch.setattr(stream, "SPILL_BYTES", 4096)  # postings go through the partition files
    docs = synthetic_docs(150, seed=11)
    ordered = doc_order(docs)
    write_index(ordered, reference_build([doc.field_tokens() for doc in ordered], FIELDS), tmp_path / "ref")
    expected = tree(tmp_path / "ref")
    assert len([rel for rel in expected if rel.startswith("t/")]) >= stream.PARTS
    cache_dir = tmp_path / "cache"
    for name, parallel, use_cache in [("serial", False, False), ("parallel", True, False),
                                      ("cold", True, True), ("warm", False, True), ("warm-parallel", True, True)]:
        cache = Cache(cache_dir, "salt") if use_cache else None
        stats = build_index(docs, tmp_path / name, cache, parallel=parallel, chunk_workers=parallel)
        if cache:
            cache.close()
        assert tree(tmp_path / name) == expected, name
        assert stats.files == len(expected)
        assert stats.bytes == sum(len(data) for data in expected.values())


def test_small_index_writes_the_same_files(tmp_path: Path) -> None:
    docs = synthetic_docs(30, seed=12)
    ordered = doc_order(docs)
    write_index(ordered, reference_build([doc.field_tokens() for doc in ordered], FIELDS), tmp_path / "ref")
    build_index(docs, tmp_path / "new")
    assert tree(tmp_path / "new") == tree(tmp_path / "ref")
    build_index([], tmp_path / "empty")
    write_index([], reference_build([], FIELDS), tmp_path / "empty-ref")
    assert tree(tmp_path / "empty") == tree(tmp_path / "empty-ref")


def test_doc_terms_feed_the_same_index() -> None:
    ordered = doc_order(synthetic_docs(40, seed=13))
    assert build_lunr(ordered) == reference_build([doc.field_tokens() for doc in ordered], FIELDS)
    assert doc_terms(field_texts(ordered[0])) == doc_terms(field_texts(ordered[0]))


def test_documents_in_batches_write_the_files_of_one_list(tmp_path: Path) -> None:
    """The search child's way: documents in index order a batch at a time, each batch emptied once indexed."""
    docs = synthetic_docs(120, seed=13)
    build_index(docs, tmp_path / "whole")
    ordered = doc_order(docs)
    batches = [ordered[i : i + 25] for i in range(0, len(ordered), 25)]
    stats = build_batches(iter(batches), tmp_path / "batches")
    assert tree(tmp_path / "batches") == tree(tmp_path / "whole")
    assert stats.docs == 120 and all(batch == [] for batch in batches)
    with pytest.raises(ValueError, match="doc_order"):
        build_batches([ordered[60:], ordered[:60]], tmp_path / "unordered")
    with pytest.raises(ValueError, match="distinct refs"):
        build_batches([ordered[:10], ordered[9:20]], tmp_path / "twice")


def test_the_chunk_writer_writes_what_the_plain_python_reference_says(tmp_path: Path) -> None:
    """write_term_chunks (numpy, bytes) against store.term_chunks (lists of Python ints, one term at a time)."""
    ordered = doc_order(synthetic_docs(80, seed=14))
    built = build_lunr(ordered)
    buckets = 16
    written = write_term_chunks(tmp_path, [(store.built_groups(built), range(buckets))], built.terms,
                                [term_hash(term) for term in built.terms], buckets)
    reference = store.term_chunks(built, buckets)
    assert len(written) == sum(1 for chunk in reference if chunk)
    for bucket, chunk in enumerate(reference):
        path = tmp_path / "t" / f"{bucket:x}.json.gz"
        found = store.read_index_file(path)["terms"] if path.exists() else {}
        assert found == chunk, bucket
