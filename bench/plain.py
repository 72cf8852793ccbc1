"""The baseline: the same items as plain Markdown pages for mkdocs-material (no hook, no search).

One page per item (its title as `#` heading, then its body), one index page per column, and a nav
of the columns only; theme features, language and Markdown extensions as in the repository's
mkdocs.yml, with `navigation.prune`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_TITLE = re.compile(r"^标题:\s*(.+)$", re.M)


def _split(text: str) -> tuple[str, str]:
    head, _sep, body = text.partition("\n---\n")
    match = _TITLE.search(head)
    title = match[1].strip().strip('"') if match else "无标题"
    return title, body


def write_plain(project: Path, dest: Path) -> Path:
    """Write the plain docs tree and mkdocs.yml for `project` into `dest` (reused when up to date)."""
    stamp = (project / "bench.json").read_text(encoding="utf-8")
    if (dest / "bench.json").is_file() and (dest / "bench.json").read_text(encoding="utf-8") == stamp:
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    docs = dest / "docs"
    docs.mkdir(parents=True)
    columns: dict[str, list[str]] = {}
    for path in sorted((project / "content").rglob("index.md")):
        rel = path.parent.relative_to(project / "content")
        column = "/".join(rel.parts[:-1]) or rel.parts[0]
        title, body = _split(path.read_text(encoding="utf-8"))
        target = docs / column / f"{rel.parts[-1]}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {title}\n\n{body}", encoding="utf-8")
        columns.setdefault(column, []).append(title)
    for column, titles in columns.items():
        (docs / column / "index.md").write_text(f"# {column.split('/')[-1]}\n\n共 {len(titles)} 条信息。\n",
                                                encoding="utf-8")
    (docs / "index.md").write_text("# 政府信息公开\n", encoding="utf-8")
    repo = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    nav = [{"政府信息公开": "index.md"}, *({c: f"{c}/index.md"} for c in sorted(columns))]
    config = {
        "site_name": repo["site_name"],
        "site_url": repo["site_url"],
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False, "features": repo["theme"]["features"]},
        "plugins": [],
        "markdown_extensions": repo["markdown_extensions"],
        "nav": nav,
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (dest / "bench.json").write_text(stamp, encoding="utf-8")
    return dest
