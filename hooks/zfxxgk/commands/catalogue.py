"""`zfxxgk catalogue show|import|check|diff`: the standard catalogue (标准目录) and the schemas made from it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zfxxgk.catalogue import schema as catschema
from zfxxgk.catalogue.diff import diff_catalogues, diff_text, load_any
from zfxxgk.catalogue.load import Catalogue, CatalogueError, CatalogueItem, display_path, load_catalogue


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `catalogue` sub-command and its actions."""
    p = subparsers.add_parser("catalogue", help="标准目录：查看、导入为 schema、检查是否最新、比较")
    sub = p.add_subparsers(dest="catalogue_command", metavar="ACTION", parser_class=type(p))
    show = sub.add_parser("show", help="打印规范化后的标准目录")
    show.add_argument("file", metavar="FILE", help="标准目录表（.xlsx 或 .xls）")
    show.add_argument("--format", choices=("json", "text"), default="text", help="输出格式")
    show.set_defaults(func=run_show)
    imp = sub.add_parser("import", help="由标准目录表生成 schema/catalogue.json 和 schema/catalogue/*.schema.json")
    imp.add_argument("files", nargs="+", metavar="FILE", help="标准目录表（.xlsx 或 .xls），可多个")
    imp.add_argument("--out", default="schema", help="输出目录（默认 schema）")
    imp.set_defaults(func=run_import)
    chk = sub.add_parser("check", help="schema/ 是否与 catalogue/ 一致（不一致 exit 1 并给出重新生成的命令）")
    chk.add_argument("--catalogue-dir", default="catalogue", help="标准目录表所在目录")
    chk.add_argument("--schema-dir", default="schema", help="生成的 schema 目录")
    chk.set_defaults(func=run_check)
    dif = sub.add_parser("diff", help="比较两个版本的标准目录：新增、删除、修改的事项")
    dif.add_argument("old", metavar="OLD", help="旧版标准目录表或 catalogue.json")
    dif.add_argument("new", metavar="NEW", help="新版标准目录表或 catalogue.json")
    dif.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    dif.set_defaults(func=run_diff)
    p.set_defaults(func=lambda args: _help(p))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _missing(paths: list[str]) -> int:
    for path in paths:
        if not Path(path).is_file():
            print(f"错误：找不到文件 {path}", file=sys.stderr)
            return 2
    return 0


def _fail(exc: CatalogueError) -> int:
    print(f"错误：{exc}", file=sys.stderr)
    return 1


def _warn(catalogue: Catalogue) -> None:
    for warning in catalogue.warnings:
        print(f"警告：{warning}", file=sys.stderr)


def _text(item: CatalogueItem) -> str:
    def join(values: tuple[str, ...]) -> str:
        return "、".join(values) if values else "（无）"

    d = item.deadline
    detail = d.kind if d.n is None else f"{d.kind} n={d.n} {d.unit}"
    if d.anchor:
        detail += f"，自{d.anchor}"
    lines = [
        f"{item.path_str}    [{item.sheet} 第{item.row}行]",
        f"  要素：{join(item.elements)}",
        f"  依据：{'；'.join(item.basis) or '（无）'}",
        f"  时限：{d.describe()}    [{detail}]",
        f"  主体：{item.subject or '（无）'}",
        f"  渠道：{join(item.channels)}",
        f"  对象：{join(item.audience)}    方式：{join(item.mode)}    层级：{join(item.level)}",
    ]
    extras = [("类别", item.category), ("编码", item.code), ("网址", item.url), ("公开要求", item.requirement)]
    lines += [f"  {label}：{value}" for label, value in extras if value]
    return "\n".join(lines)


def run_show(args: argparse.Namespace) -> int:
    """Print the normalised catalogue of one spreadsheet."""
    if _missing([args.file]):
        return 2
    try:
        catalogue = load_catalogue([args.file])
    except CatalogueError as exc:
        return _fail(exc)
    _warn(catalogue)
    if args.format == "json":
        data = catalogue.to_json(hashes=False)
        data["warnings"] = [{"sheet": w.sheet, "row": w.row, "message": w.message} for w in catalogue.warnings]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write("\n\n".join(_text(i) for i in catalogue.items) + "\n")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Generate schema/ from the spreadsheets (sorted by path, so the order is canonical)."""
    if _missing(args.files):
        return 2
    files = sorted(args.files, key=lambda f: display_path(Path(f)))
    try:
        catalogue = load_catalogue(files)
    except CatalogueError as exc:
        return _fail(exc)
    _warn(catalogue)
    written = catschema.write(catalogue, args.out)
    print(f"已生成 {len(written)} 个文件到 {args.out}/（{len(catalogue)} 个标准目录事项）")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Exit 1 with the regenerating command when schema/ is out of date with catalogue/."""
    try:
        freshness = catschema.check(args.catalogue_dir, args.schema_dir)
    except CatalogueError as exc:
        return _fail(exc)
    if freshness.up_to_date:
        print(f"{args.schema_dir}/ 与 {args.catalogue_dir}/ 一致。")
        return 0
    print(f"错误：{args.schema_dir}/ 与 {args.catalogue_dir}/ 中的标准目录不一致（标准目录改过但没有重新导入，"
          "或生成的文件被手工修改）。以下文件需要重新生成：", file=sys.stderr)
    for rel in freshness.differing:
        print(f"  {args.schema_dir}/{rel}", file=sys.stderr)
    print(f"请运行：{freshness.command}", file=sys.stderr)
    return 1


def run_diff(args: argparse.Namespace) -> int:
    """Print added, removed and changed catalogue items."""
    if _missing([args.old, args.new]):
        return 2
    try:
        diff = diff_catalogues(load_any(args.old), load_any(args.new))
    except CatalogueError as exc:
        return _fail(exc)
    if args.format == "json":
        sys.stdout.write(json.dumps(diff.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(diff_text(diff))
    return 0
