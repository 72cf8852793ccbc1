"""YAML with positions: every key and value remembers its line and column.

Dates stay strings (the timestamp resolver is removed), duplicate keys are reported instead of
silently overwritten, and unknown tags (mkdocs.yml's `!ENV`, `!!python/name:`) are kept as text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


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
    if _CSafeLoader is not None and not _NON_PRINTABLE.search(text):
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            located = Located(None)
            if node is not None:
                located.data = _build(fast, node, (), located, line_offset)
                located.values[()] = _pos(node, line_offset)
            return located
        except (yaml.YAMLError, YamlError):
            pass  # the pure-Python parser below reports the error, with its own wording and position
        finally:
            fast.dispose()
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the reader rejects control characters before parsing starts
        raise YamlError(f"含有不允许的控制字符：{exc}", 1 + line_offset, 1) from None
    try:
        node = loader.get_single_node()
        located = Located(None)
        if node is not None:
            located.data = _build(loader, node, (), located, line_offset)
            located.values[()] = _pos(node, line_offset)
        return located
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


def _build(loader: Any, node: yaml.Node, path: Path_, out: Located, offset: int) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        keys, values = out.keys, out.values
        for key_node, value_node in node.value:
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # what construct_object gives for a string scalar, without its bookkeeping
            else:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlError("不支持 YAML 合并键 <<", *_astuple(_pos(key_node, offset)))
                key = _build(loader, key_node, path, Located(None), offset)
                key = key if isinstance(key, str) else str(key)
            sub = (*path, key)
            key_pos = _pos(key_node, offset)
            if key in result:
                out.duplicates.append(Duplicate(key, keys[sub], key_pos))
            keys[sub] = key_pos
            values[sub] = _pos(value_node, offset)
            plain = value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode)
            result[key] = value_node.value if plain else _build(loader, value_node, sub, out, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, child in enumerate(node.value):
            sub = (*path, index)
            out.values[sub] = _pos(child, offset)
            plain = child.tag == _STR and isinstance(child, yaml.ScalarNode)
            items.append(child.value if plain else _build(loader, child, sub, out, offset))
        return items
    if node.tag not in _STANDARD_TAGS:
        return node.value  # unknown tag (e.g. !ENV in mkdocs.yml): keep the text
    return loader.construct_object(node, deep=True)


def _astuple(pos: Pos) -> tuple[int, int]:
    return pos.line, pos.column
