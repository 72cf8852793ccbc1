"""Issue 16's Zensical trial (ENGINES.md): write the column as pages *before* an engine runs.

    PYTHONPATH=hooks python tools/zensical_trial.py OUT [--zensical] [--project DIR]
    cd OUT && zensical build -f mkdocs.yml

Uses the zfxxgk library the way the build (hooks/zfxxgk/build/) does (load, tree, render_site, every item
page rendered by zfxxgk with `item_pages: theme`), but writes the result into OUT/docs/ as Markdown files
whose body is the page's HTML, the data files and attachments beside them, and an OUT/mkdocs.yml with the
nav and without `hooks:`. With --zensical, what the adapter gives the templates at run time (on_env: the
footer, the search box) is written into the copied overrides instead, Zensical's own search is switched
off and its `classic` theme variant chosen. The search index, sitemap.xml and manifest are left out: the
trial shows how far prepared pages go. Not part of the package or the build.
"""

from __future__ import annotations

import json
import shutil
import sys
from html import escape
from pathlib import Path

import yaml

from zfxxgk.build.gather import tree_spec
from zfxxgk.html.markup import MarkdownRenderer
from zfxxgk.project import load_project
from zfxxgk.search import search_box_html
from zfxxgk.settings import load_settings
from zfxxgk.site import records, searchpage
from zfxxgk.site.annualpage import annual_extras
from zfxxgk.site.build import SiteInput, item_pages, render_site, site_nav
from zfxxgk.site.builddate import build_date
from zfxxgk.site.columns import build_tree
from zfxxgk.site.footer import footer_html
from zfxxgk.sitesettings import parse_site

ROOT = Path(__file__).resolve().parents[1]


def page_source(title: str, html: str) -> str:
    """A Markdown page whose body is already HTML (raw HTML blocks pass through Python-Markdown)."""
    return "---\ntitle: " + json.dumps(escape(title), ensure_ascii=False) + "\n---\n\n" + html + "\n"


def bake_templates(overrides: Path, footer: str) -> None:
    """Write the on_env globals into the copied overrides, for an engine that runs no on_env."""
    partial = overrides / "partials" / "footer.html"
    text = partial.read_text(encoding="utf-8")
    partial.write_text(text.replace("{{ zfxxgk_footer | safe }}", "{% raw %}" + footer + "{% endraw %}"),
                       encoding="utf-8")
    main_html = overrides / "main.html"
    box = search_box_html("@ACTION@").replace("@ACTION@", "{{ 'search/' | url }}")
    text = main_html.read_text(encoding="utf-8")
    text = text.replace("{%- if zfxxgk_search_box is defined %}", "{%- if true %}")
    main_html.write_text(text.replace("{{ zfxxgk_search_box('search/' | url) | safe }}", box), encoding="utf-8")


def main(out: Path, zensical: bool, root: Path = ROOT) -> int:
    """Write OUT/docs, OUT/overrides and OUT/mkdocs.yml of the project at root for an engine without hooks."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    settings = load_settings(root / "mkdocs.yml")
    site = parse_site(config["extra"]["zfxxgk"].get("site"))
    when = build_date(settings.root)
    project = load_project(settings, when.date)
    tree = build_tree(tree_spec(project, site), site, (item.catalogue for item in project.items))
    # MkDocs puts its builtins (toc, tables, fenced_code) before the configured extensions.
    md = MarkdownRenderer(["toc", "tables", "fenced_code", "attr_list", "admonition"], {"toc": {"permalink": False}})
    inp = SiteInput(tree=tree, agency=settings.agency, site_url=config["site_url"], site_name=config["site_name"],
                    page_size=site.page_size, feed_size=site.feed_size, home_size=site.home_size,
                    when=when.date, extras=annual_extras(settings.content_dir, settings.root, project.items))
    rendered = render_site(project.public_items(), inp)
    for item in item_pages(rendered, inp, md):
        rendered.add(item.page)
        rendered.copies.update(item.images)
    for w in project.withdrawals():
        if w.url.endswith("/"):
            rendered.add(records.withdrawal_page(w, tree))
    rendered.add(searchpage.search_page(tree))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root / "docs", out / "docs")
    shutil.copytree(root / "overrides", out / "overrides")
    home = out / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n" + rendered.home_html + "\n", encoding="utf-8")
    for uri, page in rendered.pages.items():
        (out / "docs" / uri).parent.mkdir(parents=True, exist_ok=True)
        (out / "docs" / uri).write_text(page_source(page.title, page.html), encoding="utf-8")
    for uri, data in rendered.data.items():
        (out / "docs" / uri).parent.mkdir(parents=True, exist_ok=True)
        (out / "docs" / uri).write_bytes(data)
    for uri, path in rendered.copies.items():
        (out / "docs" / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out / "docs" / uri)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("hooks:\n  - hooks/zfxxgk_hooks.py\n", "")
    if zensical:
        bake_templates(out / "overrides", footer_html(settings.agency))
        text = text.replace("  name: material\n", "  name: material\n  variant: classic\n")
        text = text.replace("plugins: []\n", "plugins:\n  - search:\n      enabled: false\n")
    nav = yaml.safe_dump({"nav": site_nav(tree)}, allow_unicode=True, sort_keys=False)
    (out / "mkdocs.yml").write_text(text + "\n" + nav, encoding="utf-8")
    print(f"{len(rendered.pages)} pages, {len(rendered.data)} data files, {len(rendered.copies)} copies in {out}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    project = Path(args[args.index("--project") + 1]) if "--project" in args else ROOT
    raise SystemExit(main(Path(args[0]), "--zensical" in args, project.resolve()))
