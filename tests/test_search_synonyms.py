"""Synonyms and short forms (issue 18 point 1), punctuation and spacing (point 2): the same tokens in the index
and in the query, the default table, a site's own groups from mkdocs.yml, and the table the index ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from projectkit import make_project
from search_corpus import synthetic_docs
from zfxxgk.cache import Cache
from zfxxgk.search.index import build_index
from zfxxgk.search.model import SearchDoc
from zfxxgk.search.store import read_index_file, unpacked
from zfxxgk.search.synonyms import SynonymError, build_synonyms, default_synonyms, site_synonyms
from zfxxgk.search.terms import terms_key
from zfxxgk.search.tokenize import optional_tokens, tokenize
from zfxxgk.settings import SettingsError, load_settings
from zfxxgk.sitesettings import load_site_settings


def finds(query: str, text: str, synonyms: object = None) -> bool:
    """Every required token of the query is an index token of the text (what a lunr REQUIRED query asks)."""
    return set(tokenize(query, "query", synonyms)) <= set(tokenize(text, "index", synonyms))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("年报", "六盘水市市场监督管理局2025年政府信息公开工作年度报告"),
        ("年度报告", "2024年政府信息公开年报"),
        ("政府信息公开年报", "2025年政府信息公开工作年度报告"),
        ("2025年报", "2025年政府信息公开工作年度报告"),
        ("2024年度报告", "平潭综合实验区2024年政府信息公开年报"),
        ("双随机一公开", "关于开展“双随机、一公开”抽查工作的通知"),
        ("双随机", "2026年度随机抽查事项清单"),
        ("随机抽查", "区公安局“双随机”抽查情况"),
        ("规范性文件", "行政规范性文件目录"),
        ("行政规范性文件", "关于清理规范性文件的决定"),
        ("解读", "《行政处罚裁量权基准》政策解读"),
        ("政策解读", "关于《裁量权基准》的解读"),
        ("公开指南", "六盘水市市场监督管理局政府信息公开指南（2026年修订）"),
        ("政府信息公开指南", "信息公开指南"),
        ("預決算", "2025年部门预算决算公开"),
        ("机构设置", "机构职能"),
    ],
)
def test_a_short_form_finds_the_long_form_and_back(query: str, text: str) -> None:
    assert finds(query, text), (tokenize(query, "query"), tokenize(text, "index"))


def test_regulations_are_not_normative_documents() -> None:
    """规章 is a related term, not a synonym: the two are counted apart in the annual report."""
    assert not finds("规章", "行政规范性文件目录")
    assert not finds("规范性文件", "六盘水市政府规章清单")
    assert all("规章" not in group for group in default_synonyms().groups)


def test_punctuation_and_spaces_do_not_change_the_query() -> None:
    forms = ["双随机一公开", "双随机、一公开", "双随机 一公开", "双随机，一公开", "雙隨機·一公開"]
    assert {tuple(tokenize(q, "query")) for q in forms} == {("ty:双随机",)}
    # Any wording: the bigram across a junction is indexed, and optional in a query that has a space there.
    assert finds("食品药品", "食品、药品监督管理") and finds("食品 药品", "食品、药品监督管理")
    assert optional_tokens("食品 药品") == ["品药"] and optional_tokens("食品药品") == []
    assert "品药" not in tokenize("食品\n药品", "index")  # a line break parts the words


def test_a_blocked_phrase_is_not_the_short_form() -> None:
    assert "ty:年报" not in tokenize("请于今年报名截止前按年报送材料", "index")
    assert tokenize("今年报名", "query") == ["今年", "年报", "报名"]
    assert "ty:年报" in tokenize("今年报送的年报", "index")


def test_a_long_form_also_says_the_short_forms_inside_it() -> None:
    tokens = tokenize("2025年政府信息公开工作年度报告", "index")
    assert tokens.count("ty:政府信息公开年报") == 1 and tokens.count("ty:年报") == 1
    assert not finds("政府信息公开年报", "企业年度报告公示")  # the long form is not any 年度报告


def test_groups_sharing_a_member_merge_and_bad_members_are_refused() -> None:
    table = build_synonyms([["年报", "年度报告"], ["营商环境", "营商"], ["年度报告", "年报告"]])
    assert table.groups == (("年报", "年度报告", "年报告"), ("营商环境", "营商"))
    assert table.token(0) == "ty:年报"
    assert build_synonyms([["雙隨機", "双随机、一公开"]]).groups == (("双随机", "双随机一公开"),)
    with pytest.raises(SynonymError, match="“abc”不能作同义词"):
        build_synonyms([["营商环境", "abc"]])
    with pytest.raises(SynonymError, match="须为两个或更多汉字"):
        build_synonyms([["营商环境", "营"]])


def test_site_groups_extend_the_defaults() -> None:
    table = site_synonyms([("一网通办", "网上办事"), ("年报", "年度工作报告")])
    assert ("一网通办", "网上办事") in table.groups
    assert table.groups[0] == ("年报", "年度报告", "年度工作报告")
    assert finds("网上办事", "全面推进一网通办的通知", table)
    assert not finds("网上办事", "全面推进一网通办的通知", default_synonyms())
    assert site_synonyms([]) is default_synonyms()


def test_the_index_ships_its_table_and_caches_terms_by_it(tmp_path: Path) -> None:
    table = site_synonyms([("营商环境", "营商")])
    doc = synthetic_docs(1)[0]
    build_index([doc], tmp_path / "a", synonyms=table)
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    shipped = read_index_file(tmp_path / "a" / manifest["synonyms"])
    assert shipped["phrases"]["营商"] == ["ty:营商环境"]
    assert shipped["phrases"]["政府信息公开工作年度报告"] == ["ty:政府信息公开年报", "ty:年报"]
    assert shipped["phrases"]["年报名"] == []
    build_index([doc], tmp_path / "b")
    assert "营商" not in read_index_file(tmp_path / "b" / manifest["synonyms"])["phrases"]
    cache = Cache(None, "salt")
    texts = ("标题", "", "", "", "正文", "")
    assert terms_key(cache, texts, table) != terms_key(cache, texts, default_synonyms())


def test_settings_take_groups_and_refuse_what_is_not_chinese(tmp_path: Path) -> None:
    root = make_project(tmp_path / "ok", None, {"site": {"search_synonyms": [["营商环境", "营商"]]}})
    load_settings(root / "mkdocs.yml")
    assert load_site_settings(root / "mkdocs.yml").search_synonyms == (("营商环境", "营商"),)
    bad = make_project(tmp_path / "bad", None, {"site": {"search_synonyms": [["营商环境", "yingshang"]]}})
    with pytest.raises(SettingsError) as caught:
        load_settings(bad / "mkdocs.yml")
    assert "search_synonyms" in str(caught.value) and "两个或更多汉字" in str(caught.value)
    assert caught.value.line > 0


def test_search_doc_tokens_use_the_table() -> None:
    doc = SearchDoc("x/", "优化营商环境", "", "", "", "", (), "2026-01-01", "", "", "", "")
    assert "ty:营商环境" in doc.field_tokens(site_synonyms([("营商环境", "营商")]))["标题"]
    assert "ty:营商环境" not in doc.field_tokens()["标题"]


def test_a_site_table_reaches_the_search_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table of site.search_synonyms is the one the child indexes with and ships (as an inline build)."""
    from test_search_child import _index
    from zfxxgk.site.searchchild import start_index, write_index

    monkeypatch.setenv("ZFXXGK_SEARCH_CHILD_FROM", "1")
    monkeypatch.delenv("PYTHONPATH", raising=False)  # the child imports this module by the parent's sys.path
    _tree, index = _index()
    table = site_synonyms([("一网通办", "网上办事")])
    child = start_index(index, tmp_path / "child", None, table)
    assert child is not None
    child.wait()
    write_index(index, tmp_path / "inline", None, None, table)
    shipped = [(tmp_path / run / "search" / "index" / "synonyms.json.gz").read_bytes() for run in ("child", "inline")]
    assert shipped[0] == shipped[1] and "网上办事" in json.loads(unpacked(shipped[0]))["phrases"]
