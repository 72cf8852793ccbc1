"""The 公开时限 parser: every phrasing seen in real catalogues (RULES §4.1) → a typed `Deadline`.

Unknown text never raises: it becomes kind "unparsed" with the raw text kept and a note for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zfxxgk.catalogue.text import fold_width, numerals_to_digits, squash, to_simplified

KINDS = (
    "working_days",
    "calendar_days",
    "annual_date",
    "period",
    "qualitative",
    "inherit",
    "default",
    "unparsed",
)
DEFAULT_ANCHOR = "形成或变更"
ARTICLE_26 = "《中华人民共和国政府信息公开条例》第二十六条"


@dataclass(frozen=True)
class Deadline:
    """A parsed 公开时限: kind, count and unit, the event it runs from, and the text as written."""

    raw: str
    kind: str
    n: int | None = None
    unit: str | None = None
    anchor: str | None = None
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None

    def to_json(self) -> dict[str, object]:
        """The JSON form used by `catalogue show` and schema/catalogue.json."""
        return {
            "raw": self.raw,
            "kind": self.kind,
            "n": self.n,
            "unit": self.unit,
            "anchor": self.anchor,
            "month": self.month,
            "day": self.day,
            "qualifier": self.qualifier,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Deadline:
        """Rebuild a deadline from its JSON form."""
        n, month, day = data.get("n"), data.get("month"), data.get("day")
        return cls(
            raw=str(data.get("raw", "")),
            kind=str(data["kind"]),
            n=n if isinstance(n, int) else None,
            unit=_opt_str(data.get("unit")),
            anchor=_opt_str(data.get("anchor")),
            month=month if isinstance(month, int) else None,
            day=day if isinstance(day, int) else None,
            qualifier=_opt_str(data.get("qualifier")),
        )

    @property
    def parsed(self) -> bool:
        """False when the text could not be understood and needs a human look."""
        return self.kind != "unparsed"

    def describe(self) -> str:
        """A short Chinese description of the rule, for messages."""
        if self.kind == "default":
            return f"未写明公开时限，按{ARTICLE_26}：信息形成或者变更之日起20个工作日内"
        return self.raw or self.kind


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


# Anchors: (pattern on the normalised text, canonical name). First match wins, so specific ones first.
_ANCHORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        (r"决定书送达|送达", "决定书送达"),
        (r"抽查(?:工作|任务)?(?:结束|完成)|检查(?:结束|完成)", "抽查结束"),
        (r"作出.{0,8}决定|决定(?:作出|形成|生效|下达)", "决定作出"),
        (r"制作或者?获取|制作、获取|获取或者?制作", "制作或获取"),
        (r"批复|批覆", "批复"),
        (r"形成或者?变更|形成[(]变更[)]|形成、变更|形成/变更|产生或者?变更", "形成或变更"),
        (r"变更", "变更"),
        (r"形成|产生|制作|生成", "形成"),
        (r"受理", "受理"),
        (r"办结", "办结"),
        (r"(?:印发|签发|发布)", "印发"),
    )
)
_ANNUAL = re.compile(r"(?:每年|次年|每年度|年度)?(?:的)?(\d{1,2})月(?:(\d{1,2})[日号]|(底|末))(?:前|之前|以前|内)")
_WORKING = re.compile(r"(\d{1,3})个?工作日")
_CALENDAR = re.compile(r"(\d{1,3})(?:个)?(?:自然日|日|天)(?:内|以内|之内)?")
_QUALITATIVE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), q)
    for p, q in (
        (r"实时", "实时"),
        (r"即时|及时|随时", "及时"),
        (r"长期|常态", "长期"),
        (r"限时", "限时"),
        (r"同步", "同步"),
    )
)
_PERIOD = re.compile(r"^(?:每|更新周期[:：]?)?(\d{1,3}|半)?(年|个月|月|季度|季|周|星期|日|天)(?:更新|公开|1次|一次|内更新)?$")
_PERIOD_UNITS = {"年": "year", "个月": "month", "月": "month", "季度": "quarter", "季": "quarter",
                 "周": "week", "星期": "week", "日": "day", "天": "day"}
_INHERIT = re.compile(r"^同上[。.]?$")
_EMPTY = re.compile(r"^[-—/／无]*$")


def normalise(text: str) -> str:
    """Traditional→simplified, full-width→half-width, Chinese numerals→digits, whitespace removed."""
    return numerals_to_digits(squash(fold_width(to_simplified(text))))


def _anchor(text: str) -> str | None:
    for pattern, name in _ANCHORS:
        if pattern.search(text):
            return name
    return None


def default_deadline(raw: str = "") -> Deadline:
    """The 条例第二十六条 rule that applies when a catalogue gives no 公开时限."""
    return Deadline(raw=raw, kind="default", n=20, unit="working_day", anchor=DEFAULT_ANCHOR)


def parse_deadline(text: str | None) -> Deadline:
    """Parse one 公开时限 cell; never raises (unknown text → kind "unparsed")."""
    raw = "" if text is None else text.strip()
    t = normalise(raw)
    if _EMPTY.match(t):
        return default_deadline(raw)
    if _INHERIT.match(t):
        return Deadline(raw=raw, kind="inherit")
    m = _ANNUAL.search(t)
    if m:
        day = int(m.group(2)) if m.group(2) else None
        month = int(m.group(1))
        if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
            return Deadline(raw=raw, kind="annual_date", month=month, day=day)
    m = _WORKING.search(t)
    if m:
        head = t[: m.start()]
        return Deadline(raw=raw, kind="working_days", n=int(m.group(1)), unit="working_day", anchor=_anchor(head) or DEFAULT_ANCHOR)
    m = _CALENDAR.search(t)
    if m and t[m.end() : m.end() + 1] != "前":
        head = t[: m.start()]
        return Deadline(raw=raw, kind="calendar_days", n=int(m.group(1)), unit="day", anchor=_anchor(head) or DEFAULT_ANCHOR)
    for pattern, qualifier in _QUALITATIVE:
        if pattern.search(t):
            anchor = _anchor(t) if qualifier == "同步" else None
            return Deadline(raw=raw, kind="qualitative", qualifier=qualifier, anchor=anchor)
    m = _PERIOD.match(t.rstrip("。."))
    if m and (m.group(1) or t.startswith("每")):
        count = 6 if m.group(1) == "半" else int(m.group(1) or 1)
        unit = _PERIOD_UNITS[m.group(2)]
        if m.group(1) == "半" and unit != "year":
            return Deadline(raw=raw, kind="unparsed", qualifier="无法识别的公开时限，请人工核对")
        return Deadline(raw=raw, kind="period", n=count, unit="month" if m.group(1) == "半" else unit)
    return Deadline(raw=raw, kind="unparsed", qualifier="无法识别的公开时限，请人工核对")
