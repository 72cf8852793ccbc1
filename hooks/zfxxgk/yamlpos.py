"""YAML with positions: every key and value remembers its line and column.

Dates stay strings (the timestamp resolver is removed), duplicate keys are reported instead of
silently overwritten, and unknown tags (mkdocs.yml's `!ENV`, `!!python/name:`) are kept as text.
The work is bounded: nesting deeper than MAX_DEPTH, more than MAX_NODES values once aliases are expanded (an
"alias bomb" of a few lines expands to billions), integers longer than MAX_DIGITS and lone surrogates
(`"\\ud800"`, which no file can hold) are a YamlError with a position, never a hang or a traceback.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_DEPTH = 32  # nested lists/mappings; front matter uses 3, mkdocs.yml about 6
MAX_NODES = 100_000  # values after expanding aliases (*name); mkdocs.yml has about 300
MAX_DIGITS = 100  # digits of an integer or a float (Python refuses to convert more than 4,300)
# Nesting that the parsers themselves cannot survive: libyaml's composer recurses in C (a segmentation
# fault at ~100,000 levels) and PyYAML's in Python. Text whose indicators could not nest this deep is
# composed at once; other text is first scanned by its event stream, which needs no recursion.
_SCAN_FROM = 200
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONG_NUMBER = re.compile(rf"[0-9][0-9_.,]{{{MAX_DIGITS},}}")


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: 2021-07-02 stays the string '2021-07-02'."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_CSafeLoader: Any = getattr(yaml, "CSafeLoader", None)
if _CSafeLoader is not None:

    class _FastLoader(_CSafeLoader):  # type: ignore[misc]
        """libyaml's parser with the same resolvers; used when it can give the same answer, ~10× faster."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            """BaseResolver.resolve, answering at once for a plain scalar no implicit resolver could claim
            (most values here start with a Chinese character); libyaml calls this for every node."""
            if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _RESOLVED_FIRST:
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    # First characters that some implicit resolver (int, float, bool, null …) looks at. The shortcut
    # above is only valid without wildcard (None) resolvers and path resolvers, as in SafeLoader.
    _RESOLVED_FIRST = frozenset(k for k, v in _Loader.yaml_implicit_resolvers.items() if v)
    assert None not in _RESOLVED_FIRST and not _FastLoader.yaml_path_resolvers
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in a file (instances are shared: a build holds hundreds, not millions)."""

    line: int
    column: int

    def __reduce__(self) -> tuple[Any, tuple[int, int]]:
        return (at, (self.line, self.column))


@functools.lru_cache(maxsize=65536)
def at(line: int, column: int) -> Pos:
    """The shared Pos of a line and column."""
    return Pos(line, column)


@dataclass(frozen=True)
class Duplicate:
    """A mapping key given twice; the later value wins, the earlier is reported."""

    key: str
    first: Pos
    second: Pos


@dataclass
class Located:
    """A parsed YAML document with the position of every key and value, by path."""

    data: Any
    keys: dict[Path_, Pos] = field(default_factory=dict)
    values: dict[Path_, Pos] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def key_pos(self, path: Path_, default: Pos) -> Pos:
        """Where the key of `path` stands (for a list element: where the element starts)."""
        return self.keys.get(path) or self.values.get(path) or default

    def value_pos(self, path: Path_, default: Pos) -> Pos:
        """Where the value at `path` starts, falling back to its key."""
        return self.values.get(path) or self.keys.get(path) or default

    def nearest(self, path: Path_, default: Pos) -> Pos:
        """The position of `path`, or of its closest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            pos = self.values.get(path[:cut]) or self.keys.get(path[:cut])
            if pos is not None:
                return pos
        return default


class YamlError(Exception):
    """A YAML syntax or construction error with the parser's position (1-based)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _pos(node: yaml.Node, line_offset: int) -> Pos:
    return at(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def parse(text: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; positions are shifted by `line_offset` lines."""
    if sum(map(text.count, "[{-:?")) > _SCAN_FROM:
        _scan_depth(text, line_offset)
    if _CSafeLoader is not None and not _NON_PRINTABLE.search(text):
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            located = Located(None)
            if node is not None:
                located.data = _build(fast, node, (), located, line_offset, [0])
                located.values[()] = _pos(node, line_offset)
            return _checked(located, text)
        except LimitError:
            raise
        except (yaml.YAMLError, YamlError):
            pass  # the pure-Python parser below reports the error, with its own wording and position
        finally:
            fast.dispose()
    bad = _NON_PRINTABLE.search(text)
    if bad:  # the reader would reject the text before parsing starts, with an English message
        line = text.count("\n", 0, bad.start()) + 1 + line_offset
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise YamlError(f"含有不允许的控制字符 U+{ord(bad.group()):04X}：请删除它（常见于从其他软件复制的文字）",
                        line, column)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        located = Located(None)
        if node is not None:
            located.data = _build(loader, node, (), located, line_offset, [0])
            located.values[()] = _pos(node, line_offset)
        return _checked(located, text)
    except RecursionError:  # only below _SCAN_FROM indicators, so only with a very low recursion limit
        raise LimitError(f"嵌套层数过多（最多 {MAX_DEPTH} 层）", 1 + line_offset, 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or str(exc)
        context = f"（{exc.context}）" if exc.context else ""
        raise YamlError(f"{problem}{context}", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), 1 + line_offset, 1) from None
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"


class LimitError(YamlError):
    """A document over one of the limits above (not retried with the other parser)."""


def _build(loader: Any, node: yaml.Node, path: Path_, out: Located, offset: int, budget: list[int]) -> Any:
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        budget[0] += len(node.value)
        if budget[0] > MAX_NODES:
            raise LimitError(f"展开别名（*）后值的个数超过 {MAX_NODES}：请不要用锚点和别名（&、*）层层引用，"
                              "直接写出每个值", *_astuple(_pos(node, offset)))
        if len(path) >= MAX_DEPTH:
            raise LimitError(f"嵌套层数超过 {MAX_DEPTH} 层：请减少列表或映射的嵌套", *_astuple(_pos(node, offset)))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        keys, values = out.keys, out.values
        for key_node, value_node in node.value:
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # what construct_object gives for a string scalar, without its bookkeeping
            else:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlError("不支持 YAML 合并键 <<", *_astuple(_pos(key_node, offset)))
                key = _build(loader, key_node, path, Located(None), offset, budget)
                key = key if isinstance(key, str) else str(key)
            sub = (*path, key)
            key_pos = _pos(key_node, offset)
            if key in result:
                out.duplicates.append(Duplicate(key, keys[sub], key_pos))
            keys[sub] = key_pos
            values[sub] = _pos(value_node, offset)
            plain = value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode)
            result[key] = value_node.value if plain else _build(loader, value_node, sub, out, offset, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            sub = (*path, index)
            out.values[sub] = _pos(child, offset)
            plain = child.tag == _STR and isinstance(child, yaml.ScalarNode)
            items.append(child.value if plain else _build(loader, child, sub, out, offset, budget))
        return items
    if node.tag not in _STANDARD_TAGS:
        return node.value  # unknown tag (e.g. !ENV in mkdocs.yml): keep the text
    if node.tag in _NUMBER_TAGS and _LONG_NUMBER.match(node.value.lstrip("+-")):
        raise LimitError(f"数字 {node.value[:20]}… 超过 {MAX_DIGITS} 位：如果这是一串编号，请给它加上引号",
                          *_astuple(_pos(node, offset)))
    return loader.construct_object(node, deep=True)


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _checked(located: Located, text: str) -> Located:
    """The document, unless a double-quoted escape made a lone surrogate (`"\\ud800"`): such a string cannot
    be written to any file or page. Only an escape can make one, so text without a backslash is not walked."""
    if "\\" in text:
        for path, pos in located.values.items():
            value: Any = located.data
            for part in path:
                value = value[part]
            key = path[-1] if path else None
            if any(isinstance(s, str) and _SURROGATE.search(s) for s in (key, value)):
                raise LimitError("含有无效的 Unicode 字符（单独的代理项，如 \\ud800）：请删除这个转义序列",
                                  pos.line, pos.column)
    return located


def _scan_depth(text: str, offset: int) -> None:
    """Raise for nesting deeper than MAX_DEPTH, reading the event stream (no recursion, no document built).
    A syntax error is left to the parse that follows, which words it."""
    if _NON_PRINTABLE.search(text):
        return  # the reader refuses the text before parsing: the parse that follows says so
    if _CSafeLoader is None:
        _scan_events(_Loader(text), offset)
        return
    try:
        _scan_events(_FastLoader(text), offset)
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6 (in PyYAML 6.0.4's wheels) refuses flow nesting over 1,000 while it scans ahead, before
        # it gives the 33rd collection's event: find that collection with the pure-Python event stream, which
        # does not look so far ahead; failing that, report libyaml's own position.
        _scan_events(_Loader(text), offset)
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise LimitError(f"嵌套层数超过 {MAX_DEPTH} 层：请减少列表或映射的嵌套", line + offset, column) from None


def _scan_events(loader: yaml.SafeLoader | _FastLoader, offset: int) -> None:
    """Count collection depth over the loader's events; LimitError where MAX_DEPTH is passed. A syntax error
    ends the scan quietly, except libyaml's own nesting limit, which is raised to _scan_depth."""
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                    raise LimitError(f"嵌套层数超过 {MAX_DEPTH} 层：请减少列表或映射的嵌套", line + offset, column)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if not isinstance(loader, _Loader) and "nesting depth" in str(exc.problem):
            raise
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _astuple(pos: Pos) -> tuple[int, int]:
    return pos.line, pos.column
