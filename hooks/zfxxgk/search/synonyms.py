"""Synonyms and short forms of the search (年报 ↔ 年度报告 …): one token per group, in the index and in queries.

The default table is hooks/zfxxgk/data/search/synonyms.json; a site adds groups in mkdocs.yml
(`extra.zfxxgk.site.search_synonyms`). Spec: TOKENISER.md §5. The index build writes the table the index was
built with (`browser_doc`) next to the manifest, and tokenize.js matches with exactly that table.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from zfxxgk.search.tokenize import CJK, normalize

PREFIX = "ty:"
# What may stand between two characters of a phrase: anything but a word character or a line break.
SEP = f"[^\\n0-9a-z{CJK}]"
SEP_RE = re.compile(SEP)
CJK_ONLY = re.compile(f"[{CJK}]{{2,}}")


class SynonymError(ValueError):
    """A synonym that cannot be used (not two or more Chinese characters); the message names it."""


def phrase(text: str) -> str:
    """A member as it is matched: normalised (folded, half-width), punctuation and spaces removed."""
    return SEP_RE.sub("", normalize(text)).replace("\n", "")


@dataclass(frozen=True)
class Synonyms:
    """Groups of interchangeable phrases (each group's first member names its token) and, per group, the
    longer phrases in which a member is not meant (blockers: 年报名 is not 年报)."""

    groups: tuple[tuple[str, ...], ...]
    blockers: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def phrases(self) -> dict[str, tuple[int, ...]]:
        """Phrase → the groups it stands for: its own first, then every group with a member inside it (a
        text saying 政府信息公开年度报告 also says 年度报告); a blocker stands for none."""
        table: dict[str, tuple[int, ...]] = {}
        for blocked in self.blockers:
            for text in blocked:
                table[text] = ()
        for g, members in enumerate(self.groups):
            for text in members:
                inside = [h for h, other in enumerate(self.groups) if h != g and any(m in text for m in other)]
                table[text] = (g, *inside)
        return table

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Every phrase, leftmost-longest, separators allowed between characters (None: no phrases)."""
        source = trie_source(sorted(self.phrases))
        return re.compile(source) if source else None

    @cached_property
    def digest(self) -> str:
        """A hash of the table (part of the cache key of indexed terms)."""
        return hashlib.sha256(json.dumps(self.browser_doc(), ensure_ascii=False).encode("utf-8")).hexdigest()

    def token(self, group: int) -> str:
        """The search token of a group."""
        return PREFIX + self.groups[group][0]

    def matches(self, norm: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, phrase) of every phrase in normalised text (blockers included), leftmost-longest."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(norm, start, len(norm) if end is None else end):
            yield match.start(), match.end(), SEP_RE.sub("", match.group())

    def index_tokens(self, norm: str) -> list[str]:
        """Index mode: for each phrase found, the tokens of every group it stands for."""
        out: list[str] = []
        for _start, _end, text in self.matches(norm):
            out.extend(self.token(g) for g in self.phrases[text])
        return out

    def browser_doc(self) -> dict[str, Any]:
        """The table as tokenize.js reads it: phrase → group tokens (own group first); blockers map to []."""
        return {
            "about": "检索同义词表（由 zfxxgk 在构建时生成，与索引一致）；见 hooks/zfxxgk/search/TOKENISER.md §5",
            "phrases": {text: [self.token(g) for g in groups] for text, groups in sorted(self.phrases.items())},
        }


def trie_source(phrases: Sequence[str]) -> str:
    """A regular expression matching the phrases leftmost-longest, with SEP* between characters (the same
    text in Python and JavaScript: literal characters, classes, non-capturing groups, * and ?)."""
    trie: dict[str, Any] = {}
    for text in phrases:
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}

    def alternatives(node: dict[str, Any]) -> str:
        parts = []
        for char in sorted(k for k in node if k):
            child = node[char]
            rest = ""
            if any(k for k in child):
                rest = f"(?:{SEP}*(?:{alternatives(child)})){'?' if '' in child else ''}"
            parts.append(re.escape(char) + rest)
        return "|".join(parts)

    return f"(?:{alternatives(trie)})" if trie else ""


def _clean(members: Sequence[str], where: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in members:
        text = phrase(str(raw))
        if not CJK_ONLY.fullmatch(text):
            raise SynonymError(f"{where}：“{raw}”不能作同义词（须为两个或更多汉字，标点和空格不计）")
        if text not in out:
            out.append(text)
    return tuple(out)


def build_synonyms(groups: Sequence[Sequence[str]], blockers: Sequence[Sequence[str]] = ()) -> Synonyms:
    """A table from raw groups: members normalised; groups sharing a member merged (the earlier one keeps
    its name); blockers are per group, in the same order."""
    merged: list[list[str]] = []
    merged_blockers: list[list[str]] = []
    for i, members in enumerate(groups):
        clean = list(_clean(members, f"同义词组 {i + 1}"))
        blocked = list(_clean(blockers[i], f"同义词组 {i + 1} 的排除词")) if i < len(blockers) else []
        joined = [k for k, group in enumerate(merged) if set(group) & set(clean)]
        if not joined:
            merged.append(clean)
            merged_blockers.append(blocked)
            continue
        first = joined[0]
        for k in reversed(joined[1:]):
            merged[first] += [m for m in merged[k] if m not in merged[first]]
            merged_blockers[first] += merged_blockers[k]
            del merged[k], merged_blockers[k]
        merged[first] += [m for m in clean if m not in merged[first]]
        merged_blockers[first] += [b for b in blocked if b not in merged_blockers[first]]
    members_all = {m for group in merged for m in group}
    final_blockers = tuple(tuple(b for b in blocked if b not in members_all) for blocked in merged_blockers)
    return Synonyms(tuple(tuple(group) for group in merged), final_blockers)


@lru_cache(maxsize=1)
def _default_doc() -> dict[str, Any]:
    text = resources.files("zfxxgk").joinpath("data/search/synonyms.json").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


@lru_cache(maxsize=1)
def default_synonyms() -> Synonyms:
    """The default table (hooks/zfxxgk/data/search/synonyms.json)."""
    doc = _default_doc()
    return build_synonyms([g["members"] for g in doc["groups"]], [g.get("blockers", []) for g in doc["groups"]])


def site_synonyms(extra: Sequence[Sequence[str]]) -> Synonyms:
    """The default table with a site's own groups added (merged into a default group they share a member with)."""
    if not extra:
        return default_synonyms()
    doc = _default_doc()
    groups = [g["members"] for g in doc["groups"]] + [list(group) for group in extra]
    blockers = [g.get("blockers", []) for g in doc["groups"]]
    return build_synonyms(groups, blockers)
