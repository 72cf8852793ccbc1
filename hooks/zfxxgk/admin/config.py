"""The Decap CMS configuration of the site's /admin/ page, generated from catalogue, schema and settings.

One collection per catalogue row (its folder content/<一级>/<二级>/, standard columns at the top), in
catalogue order, labelled “一级 / 二级” so the rows of one 一级事项 stand together; the row's 公开时限, 依据,
要素 and 公开主体 are the collection's description. Fields come in the key order `zfxxgk new` writes, with
the base schema's titles, descriptions (hints), required list, patterns and choices. Entries are saved at
content/<一级>/<二级>/<年份-流水号>/index.md: a nested collection whose folder (the `path` meta field) is
derived from the 索引号 in the browser (zfxxgk-admin.js). The output depends only on those inputs, so
`zfxxgk admin --check` can compare it with the committed admin/config.yml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from zfxxgk.admin.backend import backend_config
from zfxxgk.catalogue.model import Catalogue, CatalogueItem
from zfxxgk.catalogue.schema import item_slugs
from zfxxgk.checks.fields import _DOCNO, _DOCNO_ORDER
from zfxxgk.newitem import ANNUAL, column_folder, is_structured
from zfxxgk.settings import Settings

COMMAND = "zfxxgk admin --write"
HEADER = f"""\
# 自动生成，请勿手工修改。Generated file — do not edit by hand.
# 来源：schema/catalogue.json（标准目录）、schema/item.schema.json 和 mkdocs.yml 中的 extra.zfxxgk（科室、admin）。
# 修改后请运行：{COMMAND}；CI 运行 zfxxgk admin --check，本文件过期时失败。
# 网站构建时按同样的来源生成 site/admin/config.yml，与本文件相同。
"""
ITEMS = "items"  # the hidden collection of every item, for the 解读对象 / 废止依据 pickers
DATE: dict[str, Any] = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
INDEX_REF = ("解读对象", "废止依据", "修改依据")


def js_regex(pattern: str) -> str:
    """A Python regular expression as JavaScript writes it (named groups (?<name>…))."""
    return pattern.replace("(?P<", "(?<")


def docno_pattern() -> str:
    """The 文号 shapes `zfxxgk check` accepts (docno.shape), as one regular expression (Python and JavaScript)."""
    shapes = (re.sub(r"\(\?P<\w+>", "(?:", p.pattern.strip("^$")) for p in (_DOCNO, _DOCNO_ORDER))
    return "^(?:" + "|".join(shapes) + ")$"  # unnamed groups: the alternatives share their names


def _hint(props: Mapping[str, Any], name: str) -> str:
    return str(props.get(name, {}).get("description", ""))


def _choices(props: Mapping[str, Any], name: str) -> list[str]:
    return [str(v) for v in props.get(name, {}).get("enum", [])]


class _Fields:
    """Builds one collection's field list from the base schema's properties."""

    def __init__(self, settings: Settings, props: Mapping[str, Any], required: Sequence[str]) -> None:
        self.settings, self.props, self.required = settings, props, set(required)

    def field(self, name: str, widget: str = "string", required: bool | None = None, **extra: Any) -> dict[str, Any]:
        """A field with the schema's title and description; required as the schema says unless given."""
        out: dict[str, Any] = {"name": name, "label": str(self.props.get(name, {}).get("title", name)),
                               "widget": widget}
        out["required"] = name in self.required if required is None else required
        hint = _hint(self.props, name)
        if hint:
            out["hint"] = hint
        schema_pattern = self.props.get(name, {}).get("pattern")
        if schema_pattern and widget == "string" and "pattern" not in extra:
            out["pattern"] = [js_regex(schema_pattern), f"（{hint}）"]
        out.update(extra)
        return out

    def date(self, name: str, required: bool | None = None, **extra: Any) -> dict[str, Any]:
        """A date stored as a YYYY-MM-DD string (Decap's datetime widget: the browser's date input)."""
        return self.field(name, DATE["widget"], required=required, **{k: v for k, v in DATE.items() if k != "widget"},
                          **extra)

    def select(self, name: str, required: bool | None = None, default: str | None = None) -> dict[str, Any]:
        """A choice among the schema's enum."""
        extra: dict[str, Any] = {"options": _choices(self.props, name)}
        if default:
            extra["default"] = default
        return self.field(name, "select", required=required, **extra)

    def reference(self, name: str, required: bool = False) -> dict[str, Any]:
        """An existing item, chosen by 标题 or 文号, stored as its 索引号."""
        return self.field(name, "relation", required=required, collection=ITEMS, value_field="索引号",
                          search_fields=["标题", "文号", "索引号"], display_fields=["标题", "文号", "索引号"],
                          options_length=50)


def _validity_columns(settings: Settings) -> tuple[str, ...]:
    return settings.options.validity_columns


def collection_fields(settings: Settings, entry: CatalogueItem, props: Mapping[str, Any],
                      required: Sequence[str]) -> list[dict[str, Any]]:
    """The fields of one catalogue row's collection, in the key order `zfxxgk new` writes."""
    f = _Fields(settings, props, required)
    index_pattern = js_regex(settings.index_pattern.pattern)
    example = f"{settings.org_codes[0]}/2026-00001" if settings.org_codes else "前段码/2026-00001"
    modes = "".join(entry.mode)
    mode = "依申请公开" if "依申请" in modes and "主动" not in modes else "主动公开"
    scope = "面向特定群体" if any("特定" in a for a in entry.audience) else "面向全社会"
    departments = [d.name for d in settings.departments]
    validity = entry.path_str in _validity_columns(settings)
    interpretation = "解读" in entry.path_str
    deadline = entry.deadline.raw or ""
    fields = [
        f.field("索引号", "zfxxgk-index", pattern=[index_pattern, f"（应为“前段码/年份-五位流水号”，例如 {example}）"]),
        f.field("标题", required=True),
        f.field("目录", "hidden", default=entry.path_str),
        f.field("发布机构", default=settings.agency.name),
        f.date("成文日期"),
        f.date("发布日期", default="{{now}}"),  # today, as zfxxgk new
        f.field("文号", pattern=[js_regex(docno_pattern()),
                                "（应为“机关代字〔年份〕序号号”，例如 六盘水市监发〔2021〕12号；没有文号请留空）"]),
        f.select("主题分类"),
        f.select("文种", default="解读" if interpretation else None),
        f.field("主题词"),
        f.field("内容概述", "text"),
        f.select("公开方式", default=mode),
        f.select("公开范围", required=False, default=scope),
        f.select("有效性", default="现行有效" if validity else None),
        f.date("有效期至"),
        f.date("废止日期"),
        f.reference("废止依据"),
        f.reference("修改依据"),
    ]
    if interpretation:
        fields += [f.reference("解读对象", required=True), f.select("解读形式")]
    department: dict[str, Any] = {"options": departments} if departments else {}
    if entry.subject in departments:
        department["default"] = entry.subject
    fields.append(f.field("责任科室", "select" if departments else "string", required=True, **department))
    if "决定" in deadline:
        fields.append(f.date("决定日期", required=True))
    if "抽查结束" in deadline:
        fields.append(f.date("抽查结束日期", required=True))
    structured = is_structured(settings, entry)
    for element in entry.elements if structured else ():
        fields.append({"name": element, "label": element, "widget": "text", "required": True,
                       "hint": f"标准目录“{entry.path_str}”要求公开的要素。"})
    attachment = {"name": "附件", "label": "附件", "widget": "list", "required": False,
                  "hint": "先填附件的名称，再点“选择文件”上传；文件保存在本条目的文件夹里。",
                  "label_singular": "附件", "summary": "{{fields.名称}}",
                  "fields": [{"name": "名称", "label": "名称", "widget": "string", "required": True,
                              "hint": "附件显示的名称，例如 专项检查工作方案。"},
                             {"name": "文件", "label": "文件", "widget": "file", "required": True,
                              "media_folder": "", "public_folder": "", "choose_url": False,
                              "hint": "上传附件；允许的类型：" + "、".join(settings.attachment_extensions) + "。"}]}
    privacy = {"name": "隐私确认", "label": "隐私确认", "widget": "list", "required": False,
               "hint": _hint(props, "隐私确认"), "summary": "{{fields.内容}}",
               "fields": [{"name": "内容", "label": "内容", "widget": "string", "required": True},
                          {"name": "理由", "label": "理由", "widget": "string", "required": True}]}
    sections = () if structured else entry.elements
    body: dict[str, Any] = {"name": "body", "label": "正文", "widget": "markdown", "required": bool(sections),
                            "modes": ["rich_text", "raw"], "buttons": ["bold", "italic", "link", "heading-two",
                                                                        "heading-three", "bulleted-list",
                                                                        "numbered-list", "quote"],
                            "editor_components": ["image"]}
    if sections:
        body["default"] = "".join(f"## {name}\n\n" for name in sections)
        body["hint"] = f"请在各小节下填写标准目录要求的要素：{'、'.join(sections)}。"
    return [*fields, attachment, privacy, body]


def _description(entry: CatalogueItem) -> str:
    parts = [f"公开时限：{entry.deadline.describe()}", f"依据：{'；'.join(entry.basis) or '（未写明）'}"]
    if entry.elements:
        parts.append(f"要素：{'、'.join(entry.elements)}")
    parts.append(f"公开主体：{entry.subject or '（未写明）'}")
    return "。".join(parts) + "。"


def collection(settings: Settings, entry: CatalogueItem, name: str, props: Mapping[str, Any],
               required: Sequence[str]) -> dict[str, Any]:
    """One catalogue row's collection: its folder, hints and fields."""
    folder = settings.rel(column_folder(settings, entry))
    folder_hint = ("年报所属的年份（发布日期的上一年），由发布日期决定。" if entry.path_str == ANNUAL
                   else "条目的文件夹，由索引号的“年份-流水号”决定，无需填写。")
    return {
        "name": name,
        "label": " / ".join(entry.path),
        "label_singular": entry.path[-1],
        "description": _description(entry),
        "folder": folder,
        "create": True,
        "delete": False,  # published items are withdrawn with a record, never deleted (README 发布流程)
        "extension": "md",
        "format": "frontmatter",
        "nested": {"depth": 2, "subfolders": False},
        "meta": {"path": {"widget": "zfxxgk-folder", "label": "文件夹", "index_file": "index", "hint": folder_hint}},
        "media_folder": "",
        "public_folder": "",
        "identifier_field": "标题",
        "summary": "{{发布日期}} {{标题}}",
        "sortable_fields": ["发布日期", "标题", "索引号"],
        "fields": collection_fields(settings, entry, props, required),
    }


def _items_collection(settings: Settings) -> dict[str, Any]:
    return {
        "name": ITEMS,
        "label": "全部条目",
        "description": "全部已有条目，供选择解读对象、废止依据和修改依据。",
        "folder": settings.rel(settings.content_dir),
        "hide": True,
        "create": False,
        "delete": False,
        "extension": "md",
        "format": "frontmatter",
        "nested": {"depth": 4},
        "identifier_field": "标题",
        "fields": [{"name": n, "label": n, "widget": "string"} for n in ("索引号", "标题", "文号", "目录", "发布日期")],
    }


def cms_config(settings: Settings, catalogue: Catalogue, base: Mapping[str, Any]) -> dict[str, Any]:
    """The whole Decap CMS configuration (a plain mapping, in the order it is written)."""
    props: Mapping[str, Any] = base.get("properties", {})
    required: Sequence[str] = base.get("required", [])
    slugs = item_slugs(catalogue)
    config: dict[str, Any] = {**backend_config(settings.admin)}
    config.update({
        "locale": "zh_Hans",
        "site_url": "../",
        "display_url": "../",
        "media_folder": settings.rel(settings.content_dir / "_media"),
        "public_folder": "/_media",
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": [collection(settings, e, slugs[e.path_str], props, required) for e in catalogue],
    })
    config["collections"].append(_items_collection(settings))
    return config


def render(config: Mapping[str, Any]) -> str:
    """The YAML text: header comment, then the mapping in its own order (byte-identical for equal input)."""
    body = yaml.safe_dump(dict(config), allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    return HEADER + body

