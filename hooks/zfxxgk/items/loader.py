"""Read an item file: split YAML front matter from the Markdown body, keep every position.

The loader never raises for an editor's mistake: an unreadable file becomes a problem and no
`Source`; everything it could read is kept for the checks that follow.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zfxxgk import yamlpos
from zfxxgk.bodylimits import over_limit
from zfxxgk.problems import Problems, Severity, rule

_FORMAT_BASIS = "《中华人民共和国政府信息公开条例》第十二条：目录包括索引、名称、内容概述、生成日期（须能从前置元数据读出）"

rule("file.encoding", Severity.ERROR, _FORMAT_BASIS, "文件不是 UTF-8 编码")
rule("file.empty", Severity.ERROR, _FORMAT_BASIS, "空文件")
rule("frontmatter.missing", Severity.ERROR, _FORMAT_BASIS, "缺少以 --- 开头和结束的前置元数据")
rule("yaml.syntax", Severity.ERROR, _FORMAT_BASIS, "YAML 语法错误")
rule("yaml.not-mapping", Severity.ERROR, _FORMAT_BASIS, "前置元数据不是“键: 值”的映射")
rule("yaml.duplicate-key", Severity.ERROR, _FORMAT_BASIS, "同一个键写了两次")
rule("body.limit", Severity.ERROR, _FORMAT_BASIS, "正文超出 Markdown 处理上限（方括号或行内标记过多）")
rule("yaml.limit", Severity.ERROR, _FORMAT_BASIS,
     "前置元数据超出处理上限（嵌套层数、别名展开、数字位数）或含有无效字符")

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class Source:
    """An item file as read: front matter with positions, the body and where it starts."""

    path: Path
    rel: str
    meta: dict[str, Any]
    located: yamlpos.Located
    body: str
    body_line: int
    digest: str = ""  # the build cache's key of the file's bytes ("" when read without the cache)

    def pos(self, *path: str | int) -> yamlpos.Pos:
        """Position of a front-matter key (or list element), falling back to its nearest parent."""
        return self.located.nearest(tuple(path), yamlpos.Pos(2, 1))


def read_source(path: Path, rel: str, problems: Problems) -> Source | None:
    """Read and parse one item file; problems go to `problems`, None when nothing usable remains."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add("file.encoding", rel, 0, 0, f"无法读取文件：{os_reason(exc)}。")
        return None
    return parse_source(raw, path, rel, problems)


def parse_source(raw: bytes, path: Path, rel: str, problems: Problems) -> Source | None:
    """Parse item bytes (see `read_source`)."""
    text = _decode(raw, rel, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add("file.empty", rel, 1, 1, "文件是空的。请写入前置元数据（--- 之间的 索引号、标题 等）和正文，或删除该文件。")
        return None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").strip() != "---":
        problems.add(
            "frontmatter.missing", rel, 1, 1,
            "文件第一行必须是 ---，随后是前置元数据（索引号、标题、发布日期 等），再以一行 --- 结束。",
        )
        return None
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r\n"))), None)
    if end is None:
        problems.add(
            "frontmatter.missing", rel, 1, 1,
            "前置元数据没有结束：请在元数据之后单独写一行 ---，再写正文。",
        )
        return None
    front = "".join(lines[1:end])
    try:
        located = yamlpos.parse(front, line_offset=1)
    except yamlpos.LimitError as exc:
        problems.add("yaml.limit", rel, exc.line, exc.column, f"前置元数据无法处理：{exc.message}。")
        return None
    except yamlpos.YamlError as exc:
        # lines[1:end] starts at file line 2: index i is file line i + 2.
        colon = full_width_colon(lines[1:end], exc.line - 2)
        if colon is not None:
            line, column, key = colon[0] + 2, colon[1], colon[2]
            problems.add("yaml.syntax", rel, line, column,
                         f"「{key}」后面用了全角冒号“：”。前置元数据的键和值之间要用半角冒号加空格“: ”："
                         f"请改为“{key}: …”。")
            return None
        problems.add(
            "yaml.syntax", rel, exc.line, exc.column,
            f"前置元数据的 YAML 语法错误：{chinese_yaml_error(exc.message)}。常见原因：冒号后缺空格、引号不成对、缩进不一致。",
        )
        return None
    if not isinstance(located.data, dict):
        kind = "空的" if located.data is None else f"一个{_kind(located.data)}"
        problems.add(
            "yaml.not-mapping", rel, 2, 1,
            f"前置元数据是{kind}，应为“键: 值”的映射，例如“标题: 关于……的通知”，每行一个字段。",
        )
        return None
    for dup in located.duplicates:
        problems.add(
            "yaml.duplicate-key", rel, dup.second.line, dup.second.column,
            f"字段「{dup.key}」写了两次（第 {dup.first.line} 行已有），只保留一个。",
        )
    body = "".join(lines[end + 1 :])
    _body_limits(body, end + 2, rel, problems)
    return Source(path, rel, located.data, located, body, end + 2)


_KEY_WITH_WIDE_COLON = re.compile(r"^(\s*)([^\s:：#\-\[{\"'][^:：]{0,30}?)\s*：")
# The PyYAML problems an editor meets, in Chinese; anything else is shown as the parser words it.
_YAML_PROBLEMS = {
    "could not find expected ':'": "找不到应有的半角冒号“:”",
    "mapping values are not allowed here": "这里不能再出现“键: 值”（值中含冒号时请给整个值加引号）",
    "found character '\\t' that cannot start any token": "含有制表符（Tab），请改用空格缩进",
    "found unexpected end of stream": "引号或括号没有闭合",
    "found unexpected ':'": "出现了多余的冒号“:”",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "expected <block end>, but found '<scalar>'": "缩进不一致或引号后有多余的文字",
    "found undefined alias": "使用了未定义的别名（*）",
    "expected ',' or ']'": "方括号 [ ] 中的列表写法不对：缺少逗号或右括号（值中含冒号时请加引号）",
    "expected ',' or '}'": "花括号 { } 中的写法不对：缺少逗号或右括号（值中含冒号时请加引号）",
    "while scanning a quoted scalar": "引号没有闭合",
    "while scanning a simple key": "这一行缺少“键: 值”中的半角冒号",
}


def full_width_colon(lines: list[str], error_line: int) -> tuple[int, int, str] | None:
    """(0-based line in `lines`, 1-based column, key) of a `键：值` line at or before the parser's error line.

    PyYAML reads `标题：关于…` as plain text and complains one line later that it "could not find expected
    ':'"; the editor needs the line that holds the full-width colon.
    """
    for index in range(min(error_line, len(lines) - 1), -1, -1):
        text = lines[index].rstrip("\r\n")
        match = _KEY_WITH_WIDE_COLON.match(text)
        if match and ": " not in text[:match.end()] and not text.rstrip().endswith(":"):
            return index, match.end(), match[2].strip()
    return None


def chinese_yaml_error(message: str) -> str:
    """The parser's message in Chinese where it is a known one (the context in brackets is dropped then)."""
    for english, chinese in _YAML_PROBLEMS.items():
        if message.startswith(english) or f"（{english}" in message:
            return chinese
    return message


def _body_limits(body: str, first_line: int, rel: str, problems: Problems) -> None:
    """A body over a bound of the Markdown renderer (zfxxgk.bodylimits) is an error where it goes over."""
    found = over_limit(body)
    if found is None:
        return
    at, what = found
    line = first_line + body.count("\n", 0, at)
    column = at - (body.rfind("\n", 0, at) + 1) + 1
    problems.add("body.limit", rel, line, column,
                 f"{what}：请把多余的方括号改为【】、把过长的段落分开，或删去多余的标记；这样的正文不能按 Markdown 处理。")


_REASONS = {
    errno.ELOOP: "它是指向自身（或循环指向）的符号链接，请删除该链接",
    errno.ENAMETOOLONG: "文件名过长（超过 255 字节），请缩短文件名",
    errno.EACCES: "没有读取权限，请检查文件权限",
    errno.ENOENT: "文件不存在（可能是指向不存在文件的符号链接）",
    errno.EISDIR: "这是一个文件夹，不是文件",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read, in words for an editor (the system's English text as a last resort)."""
    return _REASONS.get(exc.errno or 0) or f"{exc.strerror or exc}，请检查该文件"


def _decode(raw: bytes, rel: str, problems: Problems) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "（看起来是 GBK/GB18030 编码）" if _is_gb(raw) else ""
        problems.add(
            "file.encoding", rel, line, column,
            f"文件不是 UTF-8 编码{hint}：第 {line} 行有无法识别的字节。请在编辑器中以 UTF-8 另存该文件。",
        )
        return None


def _is_gb(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, str):
        return "字符串"
    return "单个值"
