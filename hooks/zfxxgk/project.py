"""Gather phase: settings → sources → validated items → every check. Render only after this."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zfxxgk import penalty
from zfxxgk.catalogue_model import Catalogue
from zfxxgk.checks import CheckContext, run_checks
from zfxxgk.checks.fields import check_dates
from zfxxgk.checks.penalty import options as penalty_options
from zfxxgk.items import Item, build_item, discover, parse_date
from zfxxgk.loader import Source, read_source
from zfxxgk.manifest import Records, Withdrawal, build_manifest, load_records
from zfxxgk.problems import Problems, Severity, rule
from zfxxgk.settings import Settings, SettingsError
from zfxxgk.site.urls import item_url
from zfxxgk.validate import SHAPE_ONLY, SchemaSet, load_schemas, validate_source
from zfxxgk.workdays import Calendar, CalendarError

rule("content.none", Severity.WARNING, "条例第二十条（法定主动公开内容）", "内容目录里没有任何条目")


@dataclass
class Project:
    """The loaded and checked content of one site, shared by the CLI, the build and the reports."""

    settings: Settings
    schemas: SchemaSet
    sources: list[Source]
    items: list[Item]
    problems: Problems
    context: CheckContext
    records: Records = field(default_factory=Records)

    @property
    def as_of(self) -> dt.date:
        """The day the time-dependent rules were judged on."""
        return self.context.as_of

    def withdrawals(self) -> list[Withdrawal]:
        """Published URLs taken down: recorded withdrawals and 行政处罚 whose 公示期 has ended."""
        found = {w.url: w for w in self.records.withdrawals}
        columns, small = penalty_options(self.context)
        for item in self.items:
            ended = penalty.withdrawn(item, columns, small, self.as_of)
            url = item_url(item.index_no)
            if ended and url not in found:
                found[url] = Withdrawal(url, item.index_no, item.title, ended,
                                        "行政处罚信息公示期满，依《市场监督管理行政处罚信息公示规定》第十四条停止公示。")
        return sorted(found.values(), key=lambda w: w.url)

    def public_items(self) -> list[Item]:
        """Items the site publishes: 主动公开 and not withdrawn, newest first, then by 索引号."""
        gone = {w.url for w in self.withdrawals()} | {w.index_no for w in self.records.withdrawals}
        chosen = [
            item for item in self.items
            if item.disclosure == "主动公开" and item.index_no not in gone and item_url(item.index_no) not in gone
        ]
        return sorted(chosen, key=lambda i: (-i.published.toordinal(), i.index_no))

    def manifest(self) -> dict[str, Any]:
        """The URL manifest of what this content publishes (see zfxxgk.manifest)."""
        published = [(item_url(item.index_no), item) for item in self.public_items()]
        return build_manifest(published, self.withdrawals(), self.records)


def load_project(settings: Settings, as_of: dt.date) -> Project:
    """Read every item, validate it, build records, run every check; never raises for content errors."""
    problems = Problems(settings.severities)
    try:
        schemas = load_schemas(settings.schema_dir)
    except (OSError, ValueError) as exc:
        raise SettingsError(f"无法读取 {settings.rel(settings.schema_dir)}/item.schema.json：{exc}") from None
    files = discover(settings.content_dir)
    if not files:
        problems.add("content.none", settings.rel(settings.content_dir), 0, 0,
                     f"{settings.rel(settings.content_dir)}/ 里没有条目（*.md）。")
    sources: list[Source] = []
    items: list[Item] = []
    for path in files:
        source = read_source(path, settings.rel(path), problems)
        if source is None:
            continue
        sources.append(source)
        raised = validate_source(source, schemas, problems)
        dates_ok = check_dates(source, problems)
        # Shape errors are reported but leave every value of its declared type, so the record can
        # still be built and the remaining checks can report everything in one run.
        if dates_ok and raised <= SHAPE_ONLY and _has_required(source, schemas):
            items.append(build_item(source, _sizes(path.parent)))
    context = CheckContext(settings=settings, problems=problems, as_of=as_of, sources=sources, items=items,
                           calendar=load_calendar(settings), catalogue=load_normalised_catalogue(settings))
    run_checks(context)
    records = load_records(settings.content_dir, problems, settings.rel(settings.content_dir))
    return Project(settings, schemas, sources, items, problems, context, records)


def load_normalised_catalogue(settings: Settings) -> Catalogue | None:
    """The catalogue as imported into schema/catalogue.json (None when the agency has not imported one)."""
    path = settings.schema_dir / "catalogue.json"
    if not path.is_file():
        return None
    try:
        return Catalogue.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SettingsError(f"{settings.rel(path)} 无法读取（{exc}）：请运行 zfxxgk catalogue import 重新生成。") from None


def load_calendar(settings: Settings) -> Calendar:
    """The working-day calendar with the agency's override file (catalogue/holidays.yaml) when present."""
    override = settings.catalogue_dir / "holidays.yaml"
    try:
        return Calendar.load(override if override.is_file() else None)
    except CalendarError as exc:
        raise SettingsError(exc.message, exc.path) from None


def _has_required(source: Source, schemas: SchemaSet) -> bool:
    required = schemas.base["$defs"]["base"]["required"]
    published = source.meta.get("发布日期")
    return all(isinstance(source.meta.get(key), str) for key in required) and parse_date(str(published)) is not None


def _sizes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in folder.iterdir() if p.is_file()}
