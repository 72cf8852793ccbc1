"""`zfxxgk new`: write a new item with the next free 索引号 — by flags, or by answering Chinese prompts.

Prompts appear for every value not given as a flag when --interactive is set, or when 目录 or 标题
is missing and standard input is a terminal. `run` takes its streams and `today` as parameters so
tests can drive the prompts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from functools import partial
from typing import TextIO, TypeVar

from zfxxgk.catalogue.model import Catalogue, CatalogueItem
from zfxxgk.items.validate import load_schemas
from zfxxgk.newitem import NewItemError, Request, plan, read_sources, taken_numbers, write
from zfxxgk.project import load_normalised_catalogue
from zfxxgk.report.codeowners import COMMAND
from zfxxgk.settings import Settings, SettingsError, load_settings

T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `new` sub-command."""
    p = subparsers.add_parser("new", help="新建一条信息：分配下一个索引号，按标准目录写好前置元数据和要素",
                              description="新建一条信息。缺少 --目录 或 --标题 且在终端中运行时逐项提问；脚本中请给出参数。")
    p.add_argument("--目录", "--catalogue", dest="catalogue", help="标准目录事项“一级/二级”（或其序号）")
    p.add_argument("--标题", "--title", dest="title", help="信息的完整名称")
    p.add_argument("--科室", "--department", dest="department", help="责任科室（默认：标准目录的公开主体）")
    p.add_argument("--文号", "--doc-no", dest="doc_no", help="例如 六盘水市监发〔2021〕12号")
    p.add_argument("--成文日期", "--written", dest="written", type=_date, help="YYYY-MM-DD")
    p.add_argument("--发布日期", "--published", dest="published", type=_date, help="YYYY-MM-DD（默认：今天）")
    p.add_argument("--文种", "--genre", dest="genre", help="例如 通知、公告、解读")
    p.add_argument("--主题分类", "--category", dest="category", help="例如 综合政务")
    p.add_argument("--解读对象", "--interprets", dest="interprets", help="政策解读所解读文件的索引号")
    p.add_argument("--interactive", "-i", action="store_true", help="逐项提问（已用参数给出的不再问）")
    p.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml 的路径")
    p.set_defaults(func=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，收到 {text!r}") from None


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None,
        today: dt.date | None = None) -> int:
    """Plan and write the item; exit 0 written, 2 usage, configuration or an unusable answer."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    try:
        settings = load_settings(args.config)
        catalogue = load_normalised_catalogue(settings)
        schema = load_schemas(settings.schema_dir).base["$defs"]["base"]["properties"]
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError) as exc:
        print(f"无法读取 schema/item.schema.json：{exc}", file=sys.stderr)
        return 2
    if catalogue is None:
        print("还没有导入标准目录（schema/catalogue.json）：请先运行 zfxxgk catalogue import catalogue/标准目录.xlsx。",
              file=sys.stderr)
        return 2
    choices = {name: tuple(schema.get(name, {}).get("enum", ())) for name in ("文种", "主题分类")}
    taken = taken_numbers(read_sources(settings))
    missing = [flag for flag, value in (("--目录", args.catalogue), ("--标题", args.title)) if not value]
    if missing and not (args.interactive or stdin.isatty()):
        print(f"缺少参数 {'、'.join(missing)}。在终端中运行会逐项提问，也可以加 --interactive。", file=sys.stderr)
        return 2
    today = today or dt.date.today()
    try:
        if args.interactive or missing:
            request = Prompts(stdin, stdout, settings, catalogue, choices, taken, today).ask(args)
        else:
            request = from_flags(args, catalogue, choices)
        draft = plan(settings, catalogue, request, today, taken)
        path = write(draft)
    except NewItemError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except EOFError:
        print("输入已结束，没有创建条目。", file=sys.stderr)
        return 2
    stdout.write(f"已创建 {settings.rel(path)}（索引号 {draft.index_no}）。\n")
    if draft.fields:
        stdout.write(f"请填写前置元数据中标有“# 待填写”的要素：{'、'.join(draft.fields)}。\n")
    if draft.sections:
        stdout.write(f"请在正文各小节下填写要素：{'、'.join(draft.sections)}。\n")
    entry = catalogue.get(request.catalogue)
    if entry is not None and draft.department != entry.subject:
        stdout.write(f"责任科室“{draft.department}”不是本栏目的公开主体“{entry.subject}”：请运行 {COMMAND}，"
                     "把审核分派（CODEOWNERS）一并提交。\n")
    stdout.write("附件放在同一文件夹，并在前置元数据“附件”中列出；写完后运行 zfxxgk check 检查。\n")
    return 0


def _entry(catalogue: Catalogue, text: str) -> CatalogueItem | None:
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(catalogue):
        return catalogue.items[int(text) - 1]
    return catalogue.get(text)


def _choice(options: Sequence[str], text: str) -> str | None:
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1]
    return text if text in options else None


def _checked(label: str, options: Sequence[str], value: str | None) -> str | None:
    """A flag's 文种 or 主题分类 (a name or its number), or NewItemError when it is not a choice."""
    if not value or not options:
        return value
    found = _choice(options, value)
    if found is None:
        raise NewItemError(f"{label}“{value}”不在可选范围内，可选：{'、'.join(options)}。")
    return found


def from_flags(args: argparse.Namespace, catalogue: Catalogue, choices: dict[str, tuple[str, ...]]) -> Request:
    """The request given entirely by flags; unknown 文种 or 主题分类 are errors."""
    entry = _entry(catalogue, args.catalogue)
    return Request(
        catalogue=entry.path_str if entry else args.catalogue, title=args.title, department=args.department,
        doc_no=args.doc_no, written=args.written, published=args.published,
        genre=_checked("文种", choices["文种"], args.genre),
        category=_checked("主题分类", choices["主题分类"], args.category),
        interprets=args.interprets,
    )


class Prompts:
    """Chinese prompts with numbered choices and defaults; re-asks until an answer is usable."""

    def __init__(self, stdin: TextIO, stdout: TextIO, settings: Settings, catalogue: Catalogue,
                 choices: dict[str, tuple[str, ...]], taken: set[str], today: dt.date) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.settings, self.catalogue, self.choices = settings, catalogue, choices
        self.taken, self.today = taken, today

    def ask(self, args: argparse.Namespace) -> Request:
        """Ask for every value the flags did not give."""
        entry = _entry(self.catalogue, args.catalogue) if args.catalogue else None
        if entry is None:
            self._list("标准目录事项", [f"{i.path_str}（公开主体：{i.subject}）" for i in self.catalogue])
            entry = self._ask("目录，填序号或“一级/二级”", lambda t: _entry(self.catalogue, t), "没有这个目录事项")
        title = args.title or self._ask("标题，信息的完整名称", lambda t: t.strip() or None, "标题不能为空")
        department = args.department
        if not department:
            names = [d.name for d in self.settings.departments]
            if names:
                self._list("科室", names)
                department = self._ask("责任科室，填序号或名称", lambda t: _choice(names, t), "没有这个科室",
                                       default=entry.subject)
        doc_no = args.doc_no or self._optional("文号，例如 六盘水市监发〔2021〕12号", lambda t: t.strip())
        written = args.written or self._optional("成文日期，YYYY-MM-DD", _parse_date, "日期应为 YYYY-MM-DD")
        published = args.published or self._ask("发布日期，YYYY-MM-DD", _parse_date, "日期应为 YYYY-MM-DD",
                                                default=self.today.isoformat())
        picked: dict[str, str | None] = {}
        for label, value in (("文种", args.genre), ("主题分类", args.category)):
            options = self.choices[label]
            if value or not options:
                picked[label] = _checked(label, options, value)
                continue
            self._list(label, list(options))
            picked[label] = self._optional(f"{label}，填序号或名称", partial(_choice, options), "不在可选范围内")
        interprets = args.interprets
        if not interprets and "解读" in entry.path_str:
            interprets = self._optional("解读对象，被解读文件的索引号", self._known, "找不到这个索引号，请填写已有文件的索引号")
        return Request(entry.path_str, title, department, doc_no, written, published,
                       picked["文种"], picked["主题分类"], interprets)

    def _known(self, text: str) -> str | None:
        return text.strip() if text.strip() in self.taken else None

    def _list(self, heading: str, options: list[str]) -> None:
        self.stdout.write(f"{heading}：\n")
        width = len(str(len(options)))
        for number, text in enumerate(options, 1):
            self.stdout.write(f"  {number:>{width}}. {text}\n")

    def _read(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return line.strip()

    def _ask(self, label: str, parse: Callable[[str], T | None], error: str = "", default: str | None = None) -> T:
        shown = f"{label} [默认：{default}]：" if default else f"{label}："
        while True:
            answer = self._read(shown) or (default or "")
            value = parse(answer) if answer else None
            if value is not None:
                return value
            self.stdout.write(f"  {error or '请输入'}，请重新输入。\n")

    def _optional(self, label: str, parse: Callable[[str], T | None], error: str = "") -> T | None:
        while True:
            answer = self._read(f"{label}（没有可直接回车）：")
            if not answer:
                return None
            value = parse(answer)
            if value is not None:
                return value
            self.stdout.write(f"  {error or '无法识别'}，请重新输入。\n")


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
