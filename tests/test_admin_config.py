"""The /admin/ configuration (Decap CMS) generated from catalogue, schema and settings: its collections and
fields, its backends, determinism, and the staleness check (`zfxxgk admin --check`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from zfxxgk.admin import CONFIG_FILE, config_text, index_html
from zfxxgk.admin.backend import backend_config
from zfxxgk.admin.config import docno_pattern, js_regex
from zfxxgk.cli import main
from zfxxgk.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
VENDORED = ROOT / "hooks" / "zfxxgk" / "data" / "admin" / "decap-cms"
Factory = Callable[..., Path]


def admin(root: Path, *argv: str) -> int:
    return main(["admin", "--config", str(root / "mkdocs.yml"), *argv])


def config(root: Path = ROOT) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(config_text(load_settings(root / "mkdocs.yml")))
    return data


def collection(cfg: dict[str, Any], folder: str) -> dict[str, Any]:
    return next(c for c in cfg["collections"] if c["folder"] == folder)


def fields(col: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in col["fields"]}


def test_committed_config_is_current_and_regeneration_is_byte_identical(capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(ROOT / "mkdocs.yml")
    first, second = config_text(settings), config_text(settings)
    assert first == second
    assert (ROOT / CONFIG_FILE).read_text(encoding="utf-8") == first
    assert admin(ROOT, "--check") == 0, capsys.readouterr().err
    assert first.startswith("# 自动生成，请勿手工修改。")


def test_one_collection_per_catalogue_row_in_order_with_its_hints() -> None:
    cfg = config()
    catalogue = json.loads((ROOT / "schema" / "catalogue.json").read_text(encoding="utf-8"))["items"]
    rows = [c for c in cfg["collections"] if not c.get("hide")]
    assert [c["label"] for c in rows] == [i["path"].replace("/", " / ") for i in catalogue]
    penalty = collection(cfg, "content/行政处罚/行政处罚决定")
    assert penalty["description"].startswith("公开时限：自作出行政处罚决定之日起二十个工作日内。依据：《市场监督管理行政处罚信息公示规定》")
    assert "要素：处罚对象、案件名称、违法主要事实" in penalty["description"] and penalty["description"].endswith("公开主体：执法支队。")
    assert collection(cfg, "content/政府信息公开指南")["label"] == "政务公开 / 政府信息公开指南"
    # the layout content/<一级>/<二级>/<年份-流水号>/index.md: a nested folder named by the path meta field
    assert penalty["nested"] == {"depth": 2, "subfolders": False}
    assert penalty["meta"]["path"]["index_file"] == "index" and penalty["meta"]["path"]["widget"] == "zfxxgk-folder"
    assert penalty["media_folder"] == "" and penalty["public_folder"] == ""  # attachments beside index.md
    assert cfg["locale"] == "zh_Hans"


def test_fields_follow_zfxxgk_new_order_with_schema_rules() -> None:
    cfg = config()
    other = collection(cfg, "content/政策文件/其他文件")
    names = [f["name"] for f in other["fields"]]
    assert names[:14] == ["索引号", "标题", "目录", "发布机构", "成文日期", "发布日期", "文号", "主题分类", "文种",
                          "主题词", "内容概述", "公开方式", "公开范围", "有效性"]
    assert names[-4:] == ["责任科室", "附件", "隐私确认", "body"]
    f = fields(other)
    assert {n for n, v in f.items() if v["required"]} == {"索引号", "标题", "目录", "发布机构", "发布日期", "公开方式", "责任科室"}
    assert f["标题"]["label"] == "标题" and "第十二条" in f["标题"]["hint"]
    assert f["目录"] == {**f["目录"], "widget": "hidden", "default": "政策文件/其他文件"}
    assert f["发布日期"]["widget"] == "datetime" and f["发布日期"]["format"] == "YYYY-MM-DD" and f["发布日期"]["time_format"] is False
    assert f["主题分类"]["widget"] == "select" and "市场监管、安全生产监管" in f["主题分类"]["options"]
    assert f["责任科室"]["options"] == ["办公室", "法规科", "食品经营监管科", "行政审批科", "执法支队", "信用监管科", "财务科"]
    assert f["责任科室"]["default"] == "办公室"
    assert f["废止依据"]["widget"] == "relation" and f["废止依据"]["value_field"] == "索引号"
    assert f["废止依据"]["search_fields"][:2] == ["标题", "文号"]
    attachment = {x["name"]: x for x in f["附件"]["fields"]}
    assert attachment["文件"]["widget"] == "file" and attachment["文件"]["media_folder"] == ""
    assert "解读对象" not in f
    interpretation = fields(collection(cfg, "content/政策解读/政策解读"))
    assert interpretation["解读对象"]["required"] and interpretation["解读对象"]["collection"] == "items"
    assert interpretation["body"]["default"] == "## 背景依据\n\n## 主要内容\n\n"  # prose 要素 as ## headings
    penalty = fields(collection(cfg, "content/行政处罚/行政处罚决定"))
    assert penalty["处罚对象"]["required"] and penalty["决定日期"]["required"]  # structured 要素 as fields
    assert "default" not in penalty["body"]
    assert fields(collection(cfg, "content/政策文件/行政规范性文件"))["有效性"]["default"] == "现行有效"


def test_patterns_are_the_checks_patterns() -> None:
    f = fields(collection(config(), "content/政策文件/其他文件"))
    docno = re.compile(f["文号"]["pattern"][0].replace("(?<", "(?P<"))
    assert docno.pattern == docno_pattern().replace("(?<", "(?P<")
    assert docno.match("六盘水市监发〔2026〕38号") and docno.match("国家市场监督管理总局令第45号")
    assert not docno.match("六盘水市监发(2026)38号") and not docno.match("第38号文件")
    assert f["文号"]["pattern"][1].startswith("（应为“机关代字〔年份〕序号号”")
    index = re.compile(f["索引号"]["pattern"][0].replace("(?<", "(?P<"))
    assert index.match("11520200MB1C123455/2026-00025") and not index.match("2026-00025")
    assert js_regex(r"(?P<org>\d)") == r"(?<org>\d)"


def test_backends() -> None:
    gitlab = config()
    assert gitlab["backend"]["name"] == "gitlab" and gitlab["backend"]["auth_type"] == "pkce"
    assert gitlab["backend"]["api_root"] == "https://gitlab.liupanshui.example/api/v4"
    assert gitlab["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in gitlab  # added by zfxxgk-admin.js when `zfxxgk edit` serves the page
    forgejo = backend_config({"backend": "forgejo", "url": "https://git.example/", "repo": "a/b", "app_id": "x"})
    assert forgejo["backend"]["auth_endpoint"] == "https://git.example/login/oauth/authorize"
    assert forgejo["publish_mode"] == "editorial_workflow"
    gitea = backend_config({"backend": "gitea", "url": "https://git.example", "repo": "a/b", "app_id": "x"})
    assert gitea["backend"]["api_root"] == "https://git.example/api/v1" and "publish_mode" not in gitea
    assert backend_config({})["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}


def test_bad_admin_settings_are_reported_with_the_line(project: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(settings={"admin": {"backend": "github", "url": "gitlab.example"}})
    assert admin(root, "--check") == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml" in err and "admin" in err and "Traceback" not in err


def test_catalogue_change_without_regenerating_fails_the_check(
    project: Factory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project()
    assert admin(root, "--write") == 0
    assert admin(root, "--check") == 0
    book = openpyxl.load_workbook(root / "catalogue" / "标准目录.xlsx")
    sheet = book.active
    row = next(r for r in range(1, sheet.max_row + 1) if sheet[f"C{r}"].value == "其他文件")
    sheet[f"F{row}"] = "信息形成之日起10个工作日内"
    book.save(root / "catalogue" / "标准目录.xlsx")
    capsys.readouterr()
    assert admin(root, "--check") == 1  # schema/ not re-imported: the form is stale too
    assert "请运行：zfxxgk catalogue import catalogue/标准目录.xlsx，再运行 zfxxgk admin --write" in capsys.readouterr().err
    monkeypatch.chdir(root)
    assert main(["catalogue", "import", "catalogue/标准目录.xlsx"]) == 0
    capsys.readouterr()
    assert admin(root, "--check") == 1
    err = capsys.readouterr().err
    assert f"错误：{CONFIG_FILE} 已过期" in err and "请运行 zfxxgk admin --write" in err
    assert "+  description: 公开时限：信息形成之日起10个工作日内。" in err
    assert admin(root, "--write") == 0 and admin(root, "--check") == 0


def test_vendored_decap_is_the_npm_package_with_its_licence() -> None:
    record = json.loads((VENDORED / "VENDORED.json").read_text(encoding="utf-8"))
    assert record["package"] == "decap-cms" and record["license"] == "MIT"
    lock = json.loads((ROOT / "admin-vendor" / "cms" / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/decap-cms"]["version"] == record["version"]
    server = json.loads((ROOT / "admin-vendor" / "server" / "package-lock.json").read_text(encoding="utf-8"))
    assert server["packages"]["node_modules/decap-server"]["license"] == "MIT"
    assert "MIT License" in (VENDORED / "LICENSE").read_text(encoding="utf-8")
    import hashlib

    for name, digest in record["files"].items():
        assert hashlib.sha256((VENDORED / name).read_bytes()).hexdigest() == digest, name


def test_admin_page_loads_only_its_own_files() -> None:
    html = index_html("六盘水市市场监督管理局 政府信息公开", ["zcwj-qtwj"])
    assert re.findall(r'(?:src|href)="([^"]+)"', html) == ["data:,", "config.yml", "decap-cms/decap-cms.js", "zfxxgk-admin.js"]
    assert '<html lang="zh-CN">' in html
