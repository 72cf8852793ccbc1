"""The tokeniser: shared vectors in Python and in JavaScript (node), plus the properties search relies on."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from zfxxgk.search.synonyms import default_synonyms
from zfxxgk.search.tokenize import fold_source, normalize, optional_tokens, tokenize

ROOT = Path(__file__).resolve().parent.parent
VECTORS = json.loads((ROOT / "tests" / "search_vectors.json").read_text(encoding="utf-8"))["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_python_vectors(vector: dict[str, object]) -> None:
    assert tokenize(str(vector["text"]), "index") == vector["index"]
    assert tokenize(str(vector["text"]), "query") == vector["query"]
    assert optional_tokens(str(vector["text"])) == vector["optional"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_vectors(tmp_path: Path) -> None:
    table = tmp_path / "synonyms.json"
    table.write_text(json.dumps(default_synonyms().browser_doc(), ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "run_vectors.mjs"), str(table)], capture_output=True, text=True,
        check=True,
    )
    got = json.loads(run.stdout)
    expected = {v["name"]: {"index": v["index"], "query": v["query"], "optional": v["optional"]} for v in VECTORS}
    assert got == expected


def test_bracket_styles_give_one_exact_token() -> None:
    styles = ["黔府办函〔2021〕39号", "黔府办函[2021]39号", "黔府办函【2021】39号", "黔府办函﹝2021﹞39号",
              "黔府办函（2021）39号", "黔府办函(2021)39号", "黔府办函〔2021〕第39号", "黔府辦函［２０２１］３９號"]
    assert {tuple(tokenize(s, "query")) for s in styles} == {("wh:黔府办函2021-39",)}


def test_every_query_token_of_a_text_is_indexed_for_that_text() -> None:
    texts = ["根据黔府办函〔2021〕39号文件", "六盘水市监发〔2021〕12号", "11520200MB1C123455/2021-00012",
             "关于2021年部门预算的公告", "政務公開"]
    for text in texts:
        assert set(tokenize(text, "query")) <= set(tokenize(text, "index")), text
    assert "wh:2021-39" in tokenize("根据黔府办函〔2021〕39号文件", "index")
    assert "sy:2021-00012" in tokenize("11520200MB1C123455/2021-00012", "index")


def test_partial_queries_hit_the_index_tokens() -> None:
    indexed = set(tokenize("黔府办函〔2021〕39号", "index"))
    assert set(tokenize("〔2021〕39号", "query")) <= indexed
    assert set(tokenize("府办函[2021]39号", "query")) <= indexed
    suoyin = set(tokenize("11520200MB1C123455/2021-00012", "index"))
    assert set(tokenize("2021-00012", "query")) <= suoyin


def test_normalize_keeps_length_and_table_has_provenance() -> None:
    text = "政務公開ＡＢＣ　臺灣𠮷"
    assert len(normalize(text)) == len(text)
    assert normalize("政務公開ＡＢＣ") == "政务公开abc"
    source = fold_source()["source"]
    assert isinstance(source, dict)
    assert source["name"] == "opencc-python-reimplemented" and "Apache" in source["license"]
