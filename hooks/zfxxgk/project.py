"""Gather phase: settings → sources → validated items → every check. Render only after this."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from zfxxgk.cache import Cache, cache_dir, code_fingerprint, files_fingerprint
from zfxxgk.cache import expect as cache_expect
from zfxxgk.catalogue.model import Catalogue
from zfxxgk.checks import CheckContext, run_checks
from zfxxgk.checks.fields import check_dates
from zfxxgk.checks.penalty import options as penalty_options
from zfxxgk.checks.penalty_withdraw import taken_down
from zfxxgk.html.urls import UrlError, item_url
from zfxxgk.items import penalty
from zfxxgk.items.loader import Source, parse_source, read_source
from zfxxgk.items.manifest import Records, Withdrawal, build_manifest, load_records
from zfxxgk.items.record import ContentScan, Item, build_item, parse_date, scan_content
from zfxxgk.items.validate import SHAPE_ONLY, SchemaSet, load_schemas, validate_source
from zfxxgk.problems import RULES, Problems, Severity, rule
from zfxxgk.progress import Progress, Stage
from zfxxgk.safepath import links_and_specials
from zfxxgk.settings import Settings, SettingsError
from zfxxgk.workdays import Calendar, CalendarError
from zfxxgk.workers import cached_map, cpus, forkable
from zfxxgk.yamlpos import Located

rule("content.symlink", Severity.ERROR, "《政府网站发展指引》（国办发〔2017〕47号）安全防护要求",
     "内容目录里有指向文件夹或 Markdown 文件的符号链接，网站不会读取")
rule("source.symlink", Severity.ERROR, "《政府网站发展指引》（国办发〔2017〕47号）安全防护要求",
     "docs/ 或主题目录（overrides/）里有符号链接或特殊文件，构建会把链接所指的内容发布出去")
rule("content.file-name", Severity.ERROR, "条例第二十条（法定主动公开内容）",
     "Markdown 文件的扩展名不是小写的 .md，网站不会读取它")
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
        return list(self._withdrawals)

    def public_items(self) -> list[Item]:
        """Items the site publishes: 主动公开 and not withdrawn, newest first, then by 索引号."""
        return list(self._public_items)

    @cached_property
    def _withdrawals(self) -> tuple[Withdrawal, ...]:
        # The project does not change once loaded, so the build and the manifest share one pass.
        found = {w.url: w for w in self.records.withdrawals}
        columns, small = penalty_options(self.context)
        for item in self.items:
            ended = penalty.withdrawn(item, columns, small, self.as_of)
            url = _url(item.index_no)
            down = taken_down(item, self.as_of)
            if down and url is not None and url not in found:
                found[url] = Withdrawal(url, item.index_no, item.title, down,
                                        "行政处罚决定已被依法变更、撤销或确认无效，依《市场监督管理行政处罚信息公示规定》撤下。")
            elif ended and url is not None and url not in found:
                found[url] = Withdrawal(url, item.index_no, item.title, ended,
                                        "行政处罚信息公示期满，依《市场监督管理行政处罚信息公示规定》第十三条停止公示。")
        return tuple(sorted(found.values(), key=lambda w: w.url))

    @cached_property
    def _public_items(self) -> tuple[Item, ...]:
        gone = {w.url for w in self._withdrawals} | {w.index_no for w in self.records.withdrawals}
        chosen = [
            item for item in self.items
            if item.disclosure == "主动公开" and item.index_no not in gone and _url(item.index_no) not in gone | {None}
        ]
        return tuple(sorted(chosen, key=lambda i: (-i.published.toordinal(), i.index_no)))

    def manifest(self) -> dict[str, Any]:
        """The URL manifest of what this content publishes (see zfxxgk.items.manifest)."""
        published = [(item_url(item.index_no), item) for item in self.public_items()]
        return build_manifest(published, self.withdrawals(), self.records)


def _url(index_no: str) -> str | None:
    """The item's URL, or None for a 索引号 that cannot be one (index.shape reports it; such an item is not
    published, so the build and `check --against` go on to print the problems instead of stopping)."""
    try:
        return item_url(index_no)
    except UrlError:
        return None


def open_cache(settings: Settings) -> Cache:
    """The project's build cache (see zfxxgk.cache); salted with the code and the schema files."""
    schema_files = list(settings.schema_dir.rglob("*.json")) if settings.schema_dir.is_dir() else []
    return Cache(cache_dir(settings.root), code_fingerprint() + files_fingerprint(schema_files))


def load_project(
    settings: Settings, as_of: dt.date, progress: Progress | None = None, cache: Cache | None = None,
    keep_sources: bool = True, check: bool = True, published: Mapping[str, str] | None = None,
) -> Project:
    """Read every item, validate it, build records, run every check; never raises for content errors.

    Per-file work (YAML, schema, dates) comes from the cache when the file's bytes are unchanged; the
    cache is opened here (and closed) unless the caller passes one it will close itself. With
    `keep_sources=False` the parsed files (front matter and the position of every key, which only the
    checks need) are dropped once the checks have run: a build keeps the records alone. With
    `check=False` the checks are left to `check_project` (the caller's cache must stay open for them):
    what is published does not depend on them, so a build starts its search index meanwhile.
    `published` (索引号 → 发布日期 of the last published manifest) tells the checks which item of a
    duplicated 索引号 is the one already online.
    """
    problems = Problems(settings.severities)
    try:
        schemas = load_schemas(settings.schema_dir)
    except (OSError, ValueError) as exc:
        raise SettingsError(f"无法读取 {settings.rel(settings.schema_dir)}/item.schema.json：{exc}") from None
    own_cache = cache is None
    store = open_cache(settings) if cache is None else cache
    try:
        scan = scan_content(settings.content_dir)
        files = list(scan.files)
        _report_scan(settings, scan, problems)
        _report_engine_dirs(settings, problems)
        if not files:
            problems.add("content.none", settings.rel(settings.content_dir), 0, 0,
                         f"{settings.rel(settings.content_dir)}/ 里没有条目（*.md）。")
        stage = progress.stage("读取并校验条目", len(files)) if progress else None
        sources: list[Source] = []
        items: list[Item] = []
        for path, loaded in zip(files, _load_files(files, _rels(settings, files), schemas, problems, store, stage),
                                strict=True):
            if loaded is None:
                continue
            source, usable = loaded
            sources.append(source)
            if usable:  # attachment sizes are only looked up for the files 附件 declares
                items.append(build_item(source, _sizes(path.parent) if source.meta.get("附件") else {}))
        if stage:
            stage.done(f"{len(items)} 条可用")
        context = CheckContext(settings=settings, problems=problems, as_of=as_of, sources=sources, items=items,
                               calendar=load_calendar(settings), catalogue=load_normalised_catalogue(settings),
                               cache=store, extras={"published": dict(published or {})})
        records = load_records(settings.content_dir, problems, settings.rel(settings.content_dir))
        project = Project(settings, schemas, sources, items, problems, context, records)
        if check:
            check_project(project, progress, keep_sources)
    finally:
        if own_cache:
            store.close()
    return project


def _report_scan(settings: Settings, scan: ContentScan, problems: Problems) -> None:
    """What the content scan left out: links (never followed) and Markdown files under another name."""
    for link in scan.links:
        kind = "文件夹" if link.is_dir() else "文件"
        rel = f"{settings.rel(link.parent)}/{link.name}"  # the link itself, not where it leads
        problems.add("content.symlink", rel, 1, 1,
                     f"{rel} 是指向{kind}的符号链接（快捷方式）：网站不跟随链接，"
                     "链接里的条目和文件都不会发布。请把文件夹或文件本身放进 content/，删除链接。")
    for path in scan.misnamed:
        stem = path.name[: -len(path.suffix)]
        right = path.with_name(("index" if stem.lower() == "index" else stem) + ".md")
        problems.add("content.file-name", settings.rel(path), 1, 1,
                     f"{path.name} 不会被网站读取：条目文件的扩展名必须是小写的 .md。请改名为 {right.name}。")


def _report_engine_dirs(settings: Settings, problems: Problems) -> None:
    """Links and special files in the folders the engine copies whole (docs/, overrides/): the engine would
    follow a link (docs/env.txt -> /proc/self/environ publishes the build's environment), so each is an error,
    and an error stops the build before anything is published. Where the folders themselves are is
    configuration (mkdocs.yml's docs_dir and custom_dir), reviewed as such: a link in their place is followed."""
    for folder in settings.engine_dirs:
        for path in links_and_specials(folder) if folder.is_dir() else []:
            rel = path.relative_to(settings.root).as_posix() if path.is_relative_to(settings.root) else path.as_posix()
            kind = "符号链接（快捷方式）" if path.is_symlink() else "特殊文件（管道、设备等）"
            problems.add("source.symlink", rel, 1, 1,
                         f"{rel} 是{kind}：构建会把它所指的内容原样发布到网站上，可能泄露服务器上的文件。"
                         "请删除它，把要发布的文件本身放进该文件夹。")


def check_project(project: Project, progress: Progress | None = None, keep_sources: bool = True) -> None:
    """Run every check of a project loaded with `check=False` (problems go to project.problems); then, with
    `keep_sources=False`, drop the parsed files (about a third of a loaded project's memory)."""
    checking = progress.stage("检查条目", len(project.items)) if progress else None
    run_checks(project.context)
    if checking:
        checking.count = len(project.items)
        checking.done(f"{len(project.problems.errors)} 个错误")
    if not keep_sources:
        project.sources = []
        project.context = replace(project.context, sources=project.sources)


class _Recorder:
    """Stands in for Problems while per-file work runs, so its problems can be cached and replayed."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int, int, str]] = []

    def add(self, rule_id: str, path: str, line: int, column: int, message: str) -> None:
        self.calls.append((rule_id, path, line, column, message))


# A file's parsed front matter and the problems of its parse and validation, as cached:
# (problem calls, (meta, located, body length, body line) or None when unparsable, usable for a record).
Parsed = tuple[list[tuple[str, str, int, int, str]], tuple[dict[str, Any], Located, int, int] | None, bool]

def _is_parsed(value: Any) -> bool:
    """Whether a cached value has the shape of Parsed (problem calls of known rules, the parse, usable)."""
    if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], list)
            and isinstance(value[2], bool)):
        return False
    calls, parsed = value[0], value[1]
    if not all(isinstance(c, tuple) and len(c) == 5 and c[0] in RULES and isinstance(c[1], str)
               and type(c[2]) is int and type(c[3]) is int and isinstance(c[4], str) for c in calls):
        return False
    return parsed is None or (isinstance(parsed, tuple) and len(parsed) == 4 and isinstance(parsed[0], dict)
                              and isinstance(parsed[1], Located) and type(parsed[2]) is int and parsed[2] >= 0
                              and type(parsed[3]) is int)


cache_expect("item", _is_parsed)

PARALLEL_FROM = 300  # files to parse; below this a process pool costs more than it saves
CHUNK = 100
BLOCK = 5000  # files read, parsed and turned into sources at a time (bounds the bytes held at once)


def _load_files(
    files: list[Path], rels: list[str], schemas: SchemaSet, problems: Problems, store: Cache, stage: Stage | None
) -> Iterator[tuple[Source, bool] | None]:
    """(source, usable for a record) of every file, in order, None for an unreadable one; from the cache when a
    file's bytes are known, else parsed and validated (in forked workers when there are many).

    Files are taken BLOCK at a time, so that only one block's bytes are held at once. Problems are reported
    in file order, exactly as a serial run reports them; cache entries are written here (the workers never
    touch the cache).
    """
    for start in range(0, len(files), BLOCK):
        yield from _load_block(files[start : start + BLOCK], rels[start : start + BLOCK], schemas, problems, store,
                               stage)


def _load_block(
    files: list[Path], rels: list[str], schemas: SchemaSet, problems: Problems, store: Cache, stage: Stage | None
) -> list[tuple[Source, bool] | None]:
    raws: list[bytes | None] = []
    keys: list[str] = []
    for path, rel in zip(files, rels, strict=True):
        try:
            raw = path.read_bytes()
        except OSError:
            raws.append(None)
            keys.append("")  # no key: never found
            continue
        raws.append(raw)
        keys.append(store.key("item", rel, raw))
    hits: list[Parsed | None] = store.get_many("item", keys)
    missing = [i for i, raw in enumerate(raws) if raw is not None and hits[i] is None]
    jobs = [(raws[i] or b"", files[i], rels[i]) for i in missing]
    for i, parsed in zip(missing, _parse_all(jobs, schemas), strict=True):
        hits[i] = parsed
        store.put("item", keys[i], parsed)
    out: list[tuple[Source, bool] | None] = []
    for path, rel, data, entry_key, hit in zip(files, rels, raws, keys, hits, strict=True):
        if stage:
            stage.advance()
        if data is None or hit is None:
            source = read_source(path, rel, problems)  # reports the error exactly as the loader words it
            out.append(None if source is None else (source, False))
            continue
        out.append(_source(path, rel, data, entry_key, hit, problems))
    return out


def _source(path: Path, rel: str, raw: bytes, entry_key: str, hit: Parsed, problems: Problems
            ) -> tuple[Source, bool] | None:
    calls, parsed, usable = hit
    for call in calls:
        problems.add(*call)
    if parsed is None:
        return None
    meta, located, body_len, body_line = parsed
    body = ""
    if body_len:
        text = (raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw).decode("utf-8")  # utf-8-sig, but faster
        body = text[len(text) - body_len :]
    return Source(path, rel, meta, located, body, body_line, entry_key), usable


def _parse(raw: bytes, path: Path, rel: str, schemas: SchemaSet) -> Parsed:
    """Parse and validate one file's bytes: pure, so it may run in a worker process."""
    recorder = _Recorder()
    source = parse_source(raw, path, rel, recorder)  # type: ignore[arg-type]
    usable = False
    if source is not None:
        raised = validate_source(source, schemas, recorder)  # type: ignore[arg-type]
        dates_ok = check_dates(source, recorder)  # type: ignore[arg-type]
        # Shape errors are reported but leave every value of its declared type, so the record can
        # still be built and the remaining checks can report everything in one run.
        usable = dates_ok and raised <= SHAPE_ONLY and _has_required(source, schemas)
    parsed = None if source is None else (source.meta, source.located, len(source.body), source.body_line)
    return recorder.calls, parsed, usable


def _parallel(count: int) -> bool:
    """Whether to parse in forked workers: many files, several CPUs, and this the process's only thread
    (forking a threaded process, e.g. `mkdocs serve`, can deadlock the child)."""
    return count >= PARALLEL_FROM and cpus() >= 2 and forkable()


def _parse_all(jobs: list[tuple[bytes, Path, str]], schemas: SchemaSet) -> list[Parsed]:
    """`_parse` of every job, in order; by forked workers (which inherit the jobs) when there are many.

    This process parses every n-th chunk itself beside n - 1 workers (`share`): one worker fewer to fork,
    and a share of the results that is never pickled back. Interleaved, since later files (newer years)
    tend to be longer. No fork possible, or a worker killed: the rest is parsed here."""

    def parse(chunk: list[tuple[bytes, Path, str]]) -> list[Parsed]:
        return [_parse(raw, path, rel, schemas) for raw, path, rel in chunk]

    return list(cached_map(jobs, parse, parallel=_parallel(len(jobs)), chunk=CHUNK, parallel_from=PARALLEL_FROM,
                           share=True))


def _rels(settings: Settings, files: list[Path]) -> list[str]:
    """settings.rel of every file, resolving the content folder once instead of once per file.

    Only a path through a symbolic link can resolve elsewhere; those (rare) files go through settings.rel.
    """
    base = settings.rel(settings.content_dir)
    root = settings.content_dir
    links = _symlinks(root)
    out = []
    prefix = str(root) + os.sep
    for path in files:
        text = str(path)
        if text.startswith(prefix) and os.sep == "/":  # what relative_to gives, without building a Path
            rel = text[len(prefix):]
        else:
            rel = path.relative_to(root).as_posix()
        linked = base.startswith("/") or base in ("", ".") or (links and any(
            rel == link or rel.startswith(link + "/") for link in links))
        out.append(settings.rel(path) if linked else f"{base}/{rel}")
    return out


def _symlinks(root: Path) -> list[str]:
    """Paths (relative to root) of the symbolic links under root; one directory scan, no per-file stat."""
    found: list[str] = []
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    rel = f"{prefix}{entry.name}"
                    if entry.is_symlink():
                        found.append(rel)
                    elif entry.is_dir():
                        stack.append((rel + "/", entry.path))
        except OSError:
            continue  # an unreadable folder: discover() skips it too, and settings.rel stays exact
    return found


def load_normalised_catalogue(settings: Settings) -> Catalogue | None:
    """The catalogue as imported into schema/catalogue.json (None when the agency has not imported one)."""
    path = settings.schema_dir / "catalogue.json"
    if not path.is_file():
        return None
    try:
        return Catalogue.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SettingsError(f"{settings.rel(path)} 无法读取（{exc}）：请运行 zfxxgk catalogue import 重新生成。") from None


@dataclass
class _Workdays(Calendar):
    """The calendar with its day lookups remembered (the checks ask about the same few thousand days)."""

    _days: dict[dt.date, bool] = field(default_factory=dict, repr=False, compare=False)
    _years: dict[int, bool] = field(default_factory=dict, repr=False, compare=False)

    def is_workday(self, day: dt.date) -> bool:
        """Whether the day is a working day (remembered)."""
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = super().is_workday(day)
        return known

    def known(self, day: dt.date) -> bool:
        """Whether the day's year has known holidays (remembered per year)."""
        seen = self._years.get(day.year)
        if seen is None:
            seen = self._years[day.year] = super().known(day)
        return seen


def load_calendar(settings: Settings) -> Calendar:
    """The working-day calendar with the agency's override file (catalogue/holidays.yaml) when present."""
    override = settings.catalogue_dir / "holidays.yaml"
    try:
        return _Workdays.load(override if override.is_file() else None)
    except CalendarError as exc:
        raise SettingsError(exc.message, exc.path) from None


def _has_required(source: Source, schemas: SchemaSet) -> bool:
    required = schemas.base["$defs"]["base"]["required"]
    published = source.meta.get("发布日期")
    return all(isinstance(source.meta.get(key), str) for key in required) and parse_date(str(published)) is not None


def _sizes(folder: Path) -> dict[str, int]:
    """Sizes of the regular files in an item's folder. Links are not followed (zfxxgk.safepath): a link is not
    a file of the item and has no size here; an unreadable entry is left out (the attachment check reports a
    declared file it cannot find)."""
    sizes: dict[str, int] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if entry.is_file(follow_symlinks=False):
                        sizes[entry.name] = entry.stat(follow_symlinks=False).st_size
                except OSError:
                    continue
    except OSError:
        pass
    return sizes
