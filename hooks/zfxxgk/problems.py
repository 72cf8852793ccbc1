"""Problems found in content, and the registry of rules that find them.

Every check yields `Problem` records into one `Problems` collection; nothing stops at the first
error and nothing is swallowed. A rule has a stable id, a default severity that settings may
override, and the regulation behind it, which every message names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How serious a problem is: errors fail `zfxxgk check`; warnings fail `mkdocs build --strict`; infos never fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word used in text reports."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class Rule:
    """A check rule: stable id, default severity, regulation it enforces, one-line summary."""

    id: str
    severity: Severity
    basis: str
    summary: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity | str, basis: str, summary: str) -> Rule:
    """Register a rule (idempotent for identical definitions) and return it."""
    new = Rule(rule_id, Severity(severity), basis, summary)
    old = RULES.get(rule_id)
    if old is not None and old != new:
        raise ValueError(f"rule {rule_id} registered twice with different definitions")
    RULES[rule_id] = new
    return new


def citation(message: str) -> str | None:
    """The text of the （依据：…） that ends a message, or None when the message does not end with one.

    The word 依据 alone is no citation: "缺少要素「处罚依据」" or "废止依据 … 找不到" still need theirs.
    """
    start = message.rfind("（依据：")
    if start < 0 or not message.endswith("）"):
        return None
    inner = message[start + len("（依据："):-1]
    # Balanced: the closing bracket at the end belongs to this （依据：, not to a bracket inside it.
    return inner if inner.count("（") == inner.count("）") and inner.strip() else None


def has_citation(message: str) -> bool:
    """True when the message already ends with its （依据：…）."""
    return citation(message) is not None


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located in a file (line and column are 1-based; 0 means the whole file)."""

    path: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    rule: str
    message: str

    def as_dict(self) -> dict[str, object]:
        """The JSON form of the problem, as documented in DESIGN.md."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


class Problems:
    """An ordered collection of problems with per-rule severity overrides applied on add."""

    def __init__(self, severities: Mapping[str, Severity | None] | None = None) -> None:
        self._items: list[Problem] = []
        self._severities = dict(severities or {})

    def add(
        self,
        rule_id: str,
        path: str,
        line: int,
        column: int,
        message: str,
        severity: Severity | None = None,
    ) -> Problem | None:
        """Record a problem for a registered rule; returns None when the rule is switched off."""
        known = RULES.get(rule_id)
        if known is None:
            raise KeyError(f"unknown rule id {rule_id!r}; register it with problems.rule()")
        sev = self._severities.get(rule_id, severity or known.severity)
        if sev is None:
            return None
        text = message if has_citation(message) or not known.basis else f"{message}（依据：{known.basis}）"
        problem = Problem(path, line, column, sev, rule_id, text)
        self._items.append(problem)
        return problem

    def extend(self, problems: Iterable[Problem]) -> None:
        """Append problems produced elsewhere (already final)."""
        self._items.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Problem]:
        """Problems in a stable order: by path, line, column, rule, message."""
        return sorted(set(self._items))

    @property
    def errors(self) -> list[Problem]:
        """Only the problems of severity error."""
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Only the problems of severity warning."""
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    @property
    def infos(self) -> list[Problem]:
        """Notices for the disclosure office (提示); they never fail a check or a build."""
        return [p for p in self.sorted() if p.severity is Severity.INFO]

    def summary(self) -> dict[str, object]:
        """Counts for reports: errors, warnings, and per-rule counts."""
        per_rule: dict[str, int] = {}
        for p in self._items:
            per_rule[p.rule] = per_rule.get(p.rule, 0) + 1
        return {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.infos),
            "rules": dict(sorted(per_rule.items())),
        }
