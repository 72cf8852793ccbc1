"""The web editing interface at <site>/admin/ (Decap CMS, vendored from npm), generated at every build.

- config.py: admin/config.yml from the catalogue, the base schema and the settings (one collection per
  catalogue row); `zfxxgk admin --check` compares it with the committed admin/config.yml.
- backend.py: the forge (GitLab, Gitea, Forgejo; PKCE login; editorial workflow) or the local proxy.
- this module: the files the site serves under admin/ — the page, the configuration, the vendored Decap
  bundle (data/admin/decap-cms/, see tools/vendor_cms.py), zfxxgk-admin.js (widgets, preview, save) and
  items.json (the published items, for the pickers' preview and the next free 索引号).
- local.py: `zfxxgk edit`, the local mode (decap-server writing to the working tree).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from zfxxgk.admin.config import ITEMS, cms_config, render
from zfxxgk.catalogue.model import Catalogue
from zfxxgk.items.record import Item
from zfxxgk.items.validate import load_schemas
from zfxxgk.project import load_normalised_catalogue
from zfxxgk.settings import Settings, SettingsError

CONFIG_FILE = "admin/config.yml"  # committed, relative to the project root; the site serves the same text
ADMIN = "admin/"


def data_dir() -> Path:
    """The package's admin assets: zfxxgk-admin.js and the vendored decap-cms/."""
    return Path(str(resources.files("zfxxgk") / "data" / "admin"))


def base_schema(settings: Settings) -> Mapping[str, Any]:
    """The base item schema ($defs.base of schema/item.schema.json)."""
    try:
        base: Mapping[str, Any] = load_schemas(settings.schema_dir).base["$defs"]["base"]
    except (OSError, ValueError, KeyError) as exc:
        raise SettingsError(f"无法读取 {settings.rel(settings.schema_dir)}/item.schema.json：{exc}") from None
    return base


def config_text(settings: Settings, catalogue: Catalogue | None = None) -> str:
    """admin/config.yml for this project (SettingsError without an imported catalogue)."""
    catalogue = catalogue or load_normalised_catalogue(settings)
    if catalogue is None:
        raise SettingsError("还没有导入标准目录（schema/catalogue.json）：请先运行 zfxxgk catalogue import catalogue/标准目录.xlsx。")
    return render(cms_config(settings, catalogue, base_schema(settings)))


def collection_names(config: str) -> list[str]:
    """The collections that get the item preview (all but the hidden list of every item)."""
    import yaml  # only here: the names are read back from the text the site serves

    data = yaml.safe_load(config)
    return [c["name"] for c in data.get("collections", []) if c.get("name") != ITEMS]


def index_html(site_name: str, names: Iterable[str]) -> str:
    """The /admin/ page: Decap CMS, then zfxxgk-admin.js, which registers the widgets and starts it."""
    listed = json.dumps(list(names), ensure_ascii=False).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>网页编辑 — {escape(site_name)}</title>
<link rel="icon" href="data:,">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<script>window.CMS_MANUAL_INIT = true;</script>
<script id="zfxxgk-collections" type="application/json">{listed}</script>
</head>
<body>
<script src="decap-cms/decap-cms.js"></script>
<script src="zfxxgk-admin.js"></script>
</body>
</html>
"""


def items_json(items: Iterable[Item], urls: Mapping[str, str], org: str) -> bytes:
    """The published items the editing page needs: 索引号, 标题, 文号, dates, links and their page (from admin/)."""
    rows = []
    for item in sorted(items, key=lambda i: i.index_no):
        url = urls.get(item.index_no)
        rows.append({"索引号": item.index_no, "标题": item.title, "文号": item.doc_no or "",
                     "发布日期": item.published.isoformat(), "解读对象": item.interprets or "",
                     "URL": f"../{url}" if url is not None else ""})
    lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    head = json.dumps({"org": org}, ensure_ascii=False)[:-1]
    return (head + ', "items": [\n' + lines + "\n]}\n").encode("utf-8")


def site_files(settings: Settings, site_name: str, items: Iterable[Item],
               urls: Mapping[str, str]) -> tuple[dict[str, bytes], dict[str, Path]]:
    """What the site serves under admin/: generated texts (uri → content) and copied files (uri → path)."""
    config = config_text(settings)
    data: dict[str, bytes] = {
        ADMIN + "config.yml": config.encode("utf-8"),
        ADMIN + "index.html": index_html(site_name, collection_names(config)).encode("utf-8"),
        ADMIN + "items.json": items_json(items, urls, settings.org_codes[0] if settings.org_codes else ""),
    }
    root = data_dir()
    copies = {ADMIN + "zfxxgk-admin.js": root / "zfxxgk-admin.js"}
    for path in sorted((root / "decap-cms").iterdir()):  # the bundle, its chunks, licences, VENDORED.json
        copies[f"{ADMIN}decap-cms/{path.name}"] = path
    return data, copies
