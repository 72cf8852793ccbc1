"""The catalogue reader, its cell parsers, the column tree and the generated schemas."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from referencing import Registry, Resource

from zfxxgk.catalogue import schema as catschema
from zfxxgk.catalogue.cells import parse_channels, split_basis, split_elements
from zfxxgk.catalogue.load import CatalogueError, load_catalogue, read_catalogue
from zfxxgk.catalogue.model import Catalogue
from zfxxgk.catalogue.tree import SlugError, column_tree, slug_paths, slugify

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "catalogues"
SAMPLE = ROOT / "catalogue" / "标准目录.xlsx"


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    return read_catalogue(SAMPLE)


@pytest.fixture(scope="module")
def odd() -> Catalogue:
    return read_catalogue(FIXTURES / "odd-layouts.xlsx")


def _book(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for ref in merges:
        book.active.merge_cells(ref)
    book.save(path)
    return path


HEADER = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]


def test_sample_catalogue_reads_every_row(sample: Catalogue) -> None:
    assert len(sample) == 16
    assert [i.row for i in sample] == list(range(4, 20))
    item = sample.get("行政处罚/行政处罚决定")
    assert item is not None
    assert item.elements[0] == "处罚对象" and item.elements[-1] == "处罚履行方式和期限"
    assert item.deadline.kind == "working_days" and item.deadline.anchor == "决定作出"
    assert item.channels == ("政府网站", "两微一端", "其他：国家企业信用信息公示系统")
    assert (item.audience, item.mode, item.level) == (("全社会",), ("主动",), ("市级",))
    assert item.subject == "执法支队"
    assert item.regulations == ("《市场监督管理行政处罚信息公示规定》",)


def test_merged_first_level_fills_every_row(sample: Catalogue) -> None:
    assert [i.path[0] for i in sample][:3] == ["政务公开"] * 3
    assert sample.get("双随机一公开/抽查结果") is not None


def test_lookup_and_suggestions(sample: Catalogue) -> None:
    assert sample.get(" 行政许可 / 食品经营许可信息 ") is sample.get("行政许可/食品经营许可信息")
    assert sample.get("行政許可/食品經營許可信息") is sample.get("行政许可/食品经营许可信息")
    assert sample.get("行政许可/不存在") is None
    assert sample.closest("行政处罚/处罚决定")[0] == "行政处罚/行政处罚决定"
    assert sample.closest("其他/工作动态") == ["工作动态/工作动态"]


def test_odd_layouts(odd: Catalogue) -> None:
    paths = [i.path_str for i in odd]
    assert "行政許可/食品經營許可/許可結果" in paths  # 三级事项, 同上 in 二级, traditional kept for display
    assert "不应读取" not in paths  # rows after 注： are not items
    result = odd.get("行政许可/食品经营许可/许可结果")
    assert result is not None
    assert result.basis == ("《中華人民共和國行政許可法》",)  # 同上
    assert result.channels == ("政府網站", "兩微一端")  # 口 boxes are unselected
    assert result.level == ("区级", "镇街级")
    assert (result.code, result.category) == ("520201002", "結果公開")
    assert result.url == "http://amr.gzlps.gov.cn/zfxxgk/xzxk/"
    applied = odd.get("依申请公开办理结果")
    assert applied is not None
    assert applied.audience == ("特定群体：申请人",) and applied.mode == ("依申请",)
    assert applied.deadline.kind == "default" and applied.requirement == "按申请人要求的形式提供"
    assert odd.get("工作动态").channels == applied.channels  # type: ignore[union-attr]  # 同上 below a section row
    final = odd.get("财政信息/部门决算")
    assert final is not None and final.deadline.raw == "批复后20日内"  # 一级 blank below, 同上
    assert [w.sheet for w in odd.warnings] == ["乡镇", "填表说明"]
    assert "视情况而定" in odd.warnings[0].message and odd.warnings[0].row == 8
    assert [s.sheets for s in odd.sources] == [("食品安全（繁體）", "政务公开（公开要求）", "乡镇")]


def test_legacy_xls_with_merged_cells() -> None:
    catalogue = read_catalogue(FIXTURES / "legacy.xls")
    assert [i.path_str for i in catalogue] == [
        "行政审批/食品经营许可服务指南", "行政审批/食品经营许可基本信息", "监督检查/食品生产经营监督检查",
        "行政处罚/食品生产经营行政处罚",
    ]
    assert catalogue.items[1].level == ("县级", "乡级")
    assert catalogue.items[3].deadline.anchor == "决定作出"


def test_unreadable_layout_names_file_sheet_row_and_expectation() -> None:
    with pytest.raises(CatalogueError) as info:
        read_catalogue(FIXTURES / "unreadable.xlsx")
    err = info.value
    assert (Path(err.file).name, err.sheet, err.row) == ("unreadable.xlsx", "目录", 2)
    assert "公开内容（要素）" in err.message
    assert "unreadable.xlsx" in str(err) and "第2行" in str(err)


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "目录.xlsx"
    path.write_text("序号,公开事项\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="不是 Excel 工作簿"):
        read_catalogue(path)


def test_no_header_anywhere(tmp_path: Path) -> None:
    path = _book(tmp_path / "x.xlsx", [["随便写的"], ["一些数据", 1, 2]])
    with pytest.raises(CatalogueError, match="没有找到标准目录表头"):
        read_catalogue(path)


def test_same_as_above_in_first_row_is_an_error(tmp_path: Path) -> None:
    path = _book(tmp_path / "x.xlsx", [HEADER, [1, "政务公开", "指南", "同上", "", "", "办公室", "■政府网站"]])
    with pytest.raises(CatalogueError) as info:
        read_catalogue(path)
    assert info.value.row == 2 and "同上" in info.value.message


def test_duplicate_paths_are_an_error(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, [1, "政务公开", "指南", "", "", "", "办公室", "■政府网站"],
                                [2, "政务公开", "指南", "", "", "", "办公室", "■政府网站"]]
    path = _book(tmp_path / "x.xlsx", rows)
    with pytest.raises(CatalogueError, match="重复"):
        read_catalogue(path)


def test_row_without_a_name_is_an_error(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, [1, "", "", "要素甲", "", "20个工作日", "办公室", "■政府网站"]]
    with pytest.raises(CatalogueError, match="没有事项名称") as info:
        read_catalogue(_book(tmp_path / "x.xlsx", rows))
    assert info.value.row == 2


def test_columns_found_by_meaning_not_position(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["公开时限", "公开主体", "二级事项", "公开内容（要素）", "一级事项"],
        ["及时公开", "办公室", "工作动态", "标题、正文", "动态"],
    ]
    item = read_catalogue(_book(tmp_path / "x.xlsx", rows)).items[0]
    assert item.path == ("动态", "工作动态")
    assert item.elements == ("标题", "正文")
    assert item.deadline.qualifier == "及时"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.处罚对象 2.案件名称 3.处罚依据等", ("处罚对象", "案件名称", "处罚依据")),
        ("1、处罚对象\n2、案件名称", ("处罚对象", "案件名称")),
        ("（1）检查制度；（2）检查结果等", ("检查制度", "检查结果")),
        ("①甲②乙", ("甲", "乙")),
        ("适用范围、审批依据；受理机构;申请条件等", ("适用范围", "审批依据", "受理机构", "申请条件")),
        ("法定代表人（负责人、主要负责人）、经营场所等信息", ("法定代表人（负责人、主要负责人）", "经营场所")),
        ("部门预算、部门决算、“三公”经费", ("部门预算", "部门决算", "“三公”经费")),
        ("", ()),
        ("无", ()),
    ],
)
def test_split_elements(text: str, expected: tuple[str, ...]) -> None:
    assert split_elements(text) == expected


def test_split_basis_keeps_articles_with_their_regulation() -> None:
    assert split_basis("《中华人民共和国政府信息公开条例》第四十九条、第五十条") == (
        "《中华人民共和国政府信息公开条例》第四十九条、第五十条",)
    assert split_basis("《甲法》、《乙条例》第三条；国发〔2019〕5号") == ("《甲法》", "《乙条例》第三条", "国发〔2019〕5号")


def test_parse_channels() -> None:
    assert parse_channels("■政府网站 □政府公报\n■其他：政务服务窗口") == ("政府网站", "其他：政务服务窗口")
    assert parse_channels("口政府网站 ■两微一端") == ("两微一端",)
    assert parse_channels("政府网站、政务微博") == ("政府网站", "政务微博")
    assert parse_channels("") == ()


def test_slugs() -> None:
    assert slugify("行政处罚") == "xzcf"
    assert slugify("双随机一公开") == "ssjygk"
    assert slugify("2025年报") == "2025nb"
    assert slugify("！？") == "lm"


def test_column_tree_with_collisions_and_overrides(sample: Catalogue) -> None:
    tree = column_tree(sample)
    assert [n.title for n in tree][:3] == ["政务公开", "机构信息", "政策文件"]
    urls = slug_paths(tree)
    assert urls["行政处罚/行政处罚决定"] == "xzcf/xzcfjd"
    assert urls["政策文件"] == "zcwj"
    assert urls["政策解读/政策解读"] == "zcjd/zcjd"
    overridden = slug_paths(column_tree(sample, {"行政处罚": "cf", "监督检查": "xzcf"}))
    assert overridden["行政处罚/行政处罚决定"] == "cf/xzcfjd"
    assert overridden["监督检查"] == "xzcf"
    with pytest.raises(SlugError):
        column_tree(sample, {"行政处罚": "行政 处罚"})
    with pytest.raises(SlugError, match="重复"):
        column_tree(sample, {"行政处罚": "x", "行政许可": "x"})


def test_colliding_slugs_get_numbered_suffixes_in_catalogue_order(sample: Catalogue) -> None:
    base = sample.items[0]
    items = tuple(replace(base, path=p) for p in (("信息公开", "甲"), ("学习观看", "乙"), ("信息共享", "丙")))
    tree = column_tree(Catalogue(items, ()))
    assert [n.slug for n in tree] == ["xxgk", "xxgk-2", "xxgx"]
    again = column_tree(Catalogue(items, ()), {"学习观看": "xxgk"})
    assert [n.slug for n in again] == ["xxgk-2", "xxgk", "xxgx"]


def test_generated_files_are_byte_stable_and_match_the_repository(sample: Catalogue) -> None:
    first = catschema.render(sample)
    assert first == catschema.render(read_catalogue(SAMPLE))
    text = first["catalogue.json"]
    assert text.endswith("\n") and "zfxxgk catalogue import catalogue/标准目录.xlsx" in text
    assert json.loads(text)["sources"][0]["sha256"] == sample.sources[0].sha256
    for rel, body in first.items():
        assert (ROOT / "schema" / rel).read_text(encoding="utf-8") == body, f"schema/{rel} is out of date"


def test_item_schema_extends_the_base_schema(sample: Catalogue) -> None:
    files = catschema.render(sample)
    schema = json.loads(files["catalogue/xzcf-xzcfjd.schema.json"])
    assert schema["title"] == "行政处罚/行政处罚决定"
    assert schema["$ref"] == "../item.schema.json#/$defs/base"
    assert list(schema["properties"]) == sorted(sample.get("行政处罚/行政处罚决定").elements)  # type: ignore[union-attr]
    base = json.loads((ROOT / "schema" / "item.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resources([
        (base["$id"], Resource.from_contents(base)), (schema["$id"], Resource.from_contents(schema)),
    ])
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    item = {"索引号": "11520200MB1C123455/2025-00001", "标题": "行政处罚决定书", "目录": "行政处罚/行政处罚决定",
            "发布机构": "六盘水市市场监督管理局", "发布日期": "2025-01-02", "公开方式": "主动公开",
            "处罚对象": "某食品店", "处罚时间": "2025-01-01"}
    assert list(validator.iter_errors(item)) == []
    errors = list(validator.iter_errors({**item, "处罚金额": 5000}))
    assert errors and "处罚金额" in errors[0].message


def test_check_detects_changed_spreadsheet_and_stale_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "catalogue").mkdir()
    (tmp_path / "catalogue" / "标准目录.xlsx").write_bytes(SAMPLE.read_bytes())
    monkeypatch.chdir(tmp_path)
    catschema.write(load_catalogue(["catalogue/标准目录.xlsx"]), "schema")
    assert catschema.check("catalogue", "schema").up_to_date
    (tmp_path / "schema" / "catalogue" / "old.schema.json").write_text("{}\n", encoding="utf-8")
    stale = catschema.check("catalogue", "schema")
    assert not stale.up_to_date and stale.differing == ("catalogue/old.schema.json",)
    assert stale.command == "zfxxgk catalogue import catalogue/标准目录.xlsx"
