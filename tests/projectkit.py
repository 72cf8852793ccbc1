"""Test helpers shared by every test module: a throw-away project built from the repository's settings."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` merged into `base`, mappings recursively."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def make_project(dest: Path, content: Path | None = None, settings: dict[str, Any] | None = None) -> Path:
    """Copy mkdocs.yml (with extra.zfxxgk overrides) and schema/ into `dest`; optionally a content tree."""
    dest.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if settings:
        config["extra"]["zfxxgk"] = merge(config["extra"]["zfxxgk"], settings)
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "schema", dest / "schema", dirs_exist_ok=True)
    if (ROOT / "catalogue").is_dir():
        shutil.copytree(ROOT / "catalogue", dest / "catalogue", dirs_exist_ok=True)
    if content is not None:
        shutil.copytree(content, dest / "content", dirs_exist_ok=True)
    else:
        (dest / "content").mkdir(exist_ok=True)
    return dest


def copy_sample(dest: Path) -> Path:
    """The sample project (settings, theme overrides, schema, catalogue, content) in a throw-away folder."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "schema", "catalogue", "overrides", "docs"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "hooks").mkdir()
    shutil.copy2(ROOT / "hooks" / "zfxxgk_hooks.py", dest / "hooks" / "zfxxgk_hooks.py")
    return dest


# Site-wide monitoring rules (empty and stale columns, quotas) judge a whole site; tests built on a
# handful of case items switch them off (tests/cases/settings.yml).
CASE_SETTINGS: dict[str, Any] = yaml.safe_load((ROOT / "tests/cases/settings.yml").read_text(encoding="utf-8"))
