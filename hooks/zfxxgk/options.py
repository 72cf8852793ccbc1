"""The rule options (`extra.zfxxgk.options` in mkdocs.yml): each declared once, with its type and default.

data/settings.schema.json checks their shapes when the settings are loaded (a wrong type is a settings
error before any rule runs); `Options.read` then gives every option its type, so that the rules, the
reports and `zfxxgk new` read `settings.options.<name>` and never repeat a default. README's 设置 table
documents them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# Which 目录 count as 规章 and as 行政规范性文件 in part 二 of the annual report (annual_categories).
DEFAULT_CATEGORIES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "规章": ("政策文件/规章",),
    "行政规范性文件": ("政策文件/行政规范性文件",),
})


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _string_lists(value: Any) -> Mapping[str, tuple[str, ...]]:
    return {str(k): _strings(v) for k, v in value.items()}


def _days(value: Any) -> Mapping[str, int]:
    return {str(k): int(v) for k, v in value.items()}


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _optional_mapping(value: Any) -> Mapping[str, Any] | None:
    return None if value is None else dict(value)


@dataclass(frozen=True)
class Options:
    """Every rule option with its default (the national rule where there is one; see README 设置). Plain
    dicts, not mapping proxies: the settings are pickled (the search child, the build cache)."""

    # 须标注有效性 / 须有政策解读的目录
    validity_columns: tuple[str, ...] = ("政策文件/规章", "政策文件/行政规范性文件")
    interpretation_required_columns: tuple[str, ...] = ("政策文件/规章", "政策文件/行政规范性文件")
    interpretation_days: int | None = None  # national default: no time limit
    interpretation_basis: str = "本机关或本省规定"
    # 行政处罚 (总局令第45号)
    penalty_columns: tuple[str, ...] = ("行政处罚",)
    penalty_small_fine: Mapping[str, Any] | None = None  # {自然人, 法人或其他组织, 含本数}
    penalty_small_fine_yuan: float | None = None  # the older single figure
    penalty_notice_days: int = 30
    penalty_publish_days: int = 20
    penalty_withdraw_days: int = 3
    public_phone_numbers: tuple[str, ...] = ()
    # 科室发布数量
    quota_per_quarter: int = 2
    quota_per_year: int = 10
    quota_since: str | None = None  # YYYY-MM-DD
    anchor_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # merged over checks.catalogue's anchors
    # 单项否决 (国办秘函〔2019〕19号)
    veto_threshold: int = 5
    veto_threshold_other: int = 10
    column_update_days: Mapping[str, int] = field(default_factory=dict)  # merged over checks.columns' classes
    # 年报
    annual_categories: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    annual_deadline: str = "01-31"  # MM-DD
    # zfxxgk new, CODEOWNERS, 发布机构
    structured_columns: tuple[str, ...] = ("行政处罚/*", "*/*许可信息", "*/抽查结果", "*/*抽检*")
    review_office: str | None = None  # default: the guide's 公开主体
    publishers: tuple[str, ...] = ()
    # 有效期上限
    validity_term_years: Mapping[str, Any] | None = None  # national default: no cap
    validity_term_basis: str = "本省行政规范性文件管理规定"
    validity_term_columns: tuple[str, ...] = ("政策文件/行政规范性文件",)

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Options:
        """The options of `extra.zfxxgk.options` (already checked against the settings schema), typed;
        an option not given keeps its default."""
        given = {name: _TYPES[name](value) for name, value in raw.items() if name in _TYPES}
        return cls(**given)


_TYPES: dict[str, Any] = {
    "validity_columns": _strings,
    "interpretation_required_columns": _strings,
    "interpretation_days": _optional_int,
    "interpretation_basis": str,
    "penalty_columns": _strings,
    "penalty_small_fine": _optional_mapping,
    "penalty_small_fine_yuan": _optional_float,
    "penalty_notice_days": int,
    "penalty_publish_days": int,
    "penalty_withdraw_days": int,
    "public_phone_numbers": _strings,
    "quota_per_quarter": int,
    "quota_per_year": int,
    "quota_since": _optional_str,
    "anchor_fields": _string_lists,
    "veto_threshold": int,
    "veto_threshold_other": int,
    "column_update_days": _days,
    "annual_categories": _string_lists,
    "annual_deadline": str,
    "structured_columns": _strings,
    "review_office": _optional_str,
    "publishers": _strings,
    "validity_term_years": _optional_mapping,
    "validity_term_basis": str,
    "validity_term_columns": _strings,
}
assert set(_TYPES) == {f.name for f in dataclasses.fields(Options)}, "every option needs its type"
