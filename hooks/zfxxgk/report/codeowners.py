"""Review routing: a CODEOWNERS file from the catalogue's 公开主体, the departments' 审核人 and each item's 责任科室.

Rules are written in this order, because GitHub and GitLab both let the *last* matching pattern win:
1. the disclosure office (option `review_office`, default the 公开主体 of 政务公开/政府信息公开指南) owns
   content/, catalogue/, schema/ and mkdocs.yml — the catalogue and settings, and anything outside a column —
   and docs/, overrides/ and hooks/, which the build publishes as they are or runs;
2. each catalogue row's folder (content/<一级>/<二级>/, standard columns at the top) → its 公开主体's 审核人;
3. each item whose 责任科室 differs from the department its folder is routed to → that item's own folder.
The output depends only on the inputs (no dates), so `--check` can compare it with the committed file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from zfxxgk.catalogue.model import Catalogue
from zfxxgk.items.loader import Source
from zfxxgk.newitem import column_folder
from zfxxgk.settings import Settings

DEFAULT_OUTPUT = ".github/CODEOWNERS"
GITLAB_OUTPUT = ".gitlab/CODEOWNERS"
GUIDE = "政务公开/政府信息公开指南"
COMMAND = "zfxxgk codeowners --write --gitlab"
HEADER = f"""\
# 自动生成，请勿手工修改。Generated file — do not edit by hand.
# 来源：schema/catalogue.json 中各事项的公开主体、mkdocs.yml 中 extra.zfxxgk.科室 的审核人、各条目的责任科室。
# 修改标准目录、科室审核人或条目的责任科室后，请运行：{COMMAND}
# CI 运行 zfxxgk codeowners --check，本文件过期时失败。
# 同一路径匹配多条规则时以最后一条为准（GitHub、GitLab 相同）。
"""
_SPLIT = re.compile(r"[、,，;；/\s]+")


class CodeownersError(Exception):
    """Settings that cannot route a review (a 公开主体 without a department, a department without 审核人)."""


@dataclass(frozen=True)
class Route:
    """One CODEOWNERS rule and the comment that explains it (shared by consecutive rules)."""

    pattern: str
    owners: tuple[str, ...]
    note: str

    @property
    def line(self) -> str:
        """The rule: pattern and owners."""
        return f"{self.pattern} {' '.join(self.owners)}"


def routes(settings: Settings, catalogue: Catalogue, sources: Iterable[Source]) -> list[Route]:
    """Every rule in file order: office, catalogue rows, then items routed by their own 责任科室."""
    reviewers = {d.name: d.reviewers for d in settings.departments}
    found: list[Route] = []
    office = settings.options.review_office
    guide = catalogue.get(GUIDE)
    office = office or (guide.subject if guide else None)
    if office:
        owners = _owners(office, reviewers, "设置 options.review_office")
        for path in (settings.content_dir, settings.catalogue_dir, settings.schema_dir):
            found.append(Route(_pattern(settings, path, folder=True), owners, f"政务公开办公室（{office}）"))
        found.append(Route(_pattern(settings, settings.config_file, folder=False), owners, f"政务公开办公室（{office}）"))
        # What the engine publishes as it is (docs/, the theme's overrides/) and the code every build runs
        # (hooks/): a change there needs the office's approval like the settings do.
        for path in (*settings.engine_dirs, settings.root / "hooks"):
            if path.is_dir() and path.resolve().is_relative_to(settings.root.resolve()):
                found.append(Route(_pattern(settings, path, folder=True), owners, f"政务公开办公室（{office}）"))
    folders: dict[Path, str] = {}
    for entry in catalogue:
        folder = column_folder(settings, entry)
        if folder in folders:
            continue
        folders[folder] = entry.subject
        owners = _owners(entry.subject, reviewers, f"标准目录“{entry.path_str}”的公开主体")
        found.append(Route(_pattern(settings, folder, folder=True), owners, f"{entry.path_str}：{entry.subject}"))
    exceptions = []
    for source in sources:
        department = source.meta.get("责任科室")
        if not isinstance(department, str) or department.strip() not in reviewers:
            continue  # no or unknown 责任科室: routed by its folder; `zfxxgk check` reports unknown ones
        department = department.strip()
        by_path = _folder_owner(source.path, folders, office)
        if by_path == department:
            continue
        target = _item_target(source.path, folders, settings.content_dir)
        index_no = source.meta.get("索引号")
        label = index_no if isinstance(index_no, str) else settings.rel(source.path)
        note = f"{label} 责任科室：{department}（所在栏目：{by_path or '无'}）"
        owners = _owners(department, reviewers, f"{settings.rel(source.path)} 的责任科室")
        exceptions.append(Route(_pattern(settings, target, folder=target.is_dir()), owners, note))
    found.extend(sorted(exceptions, key=lambda r: r.pattern))
    return found


def render(found: Iterable[Route]) -> str:
    """The CODEOWNERS text: header, then each rule with its comment."""
    lines = HEADER.splitlines()
    note = None
    for route in found:
        if route.note != note:
            lines += ["", f"# {route.note}"]
            note = route.note
        lines.append(route.line)
    return "\n".join(lines) + "\n"


def generate(settings: Settings, catalogue: Catalogue, sources: Iterable[Source]) -> str:
    """The CODEOWNERS text for this project."""
    return render(routes(settings, catalogue, sources))


def _owners(subject: str, reviewers: dict[str, tuple[str, ...]], where: str) -> tuple[str, ...]:
    names = [subject] if subject in reviewers else [n for n in _SPLIT.split(subject) if n]
    unknown = [n for n in names if n not in reviewers]
    if unknown or not names:
        raise CodeownersError(f"{where}“{subject}”不是设置中的科室（mkdocs.yml extra.zfxxgk.科室：{'、'.join(reviewers) or '未设置'}）。"
                              "请在 科室 中加上它并填写审核人，或在标准目录中改正公开主体。")
    owners: list[str] = []
    for name in names:
        if not reviewers[name]:
            raise CodeownersError(f"科室“{name}”没有审核人：请在 mkdocs.yml 的 extra.zfxxgk.科室.{name}.审核人 中填写"
                                  "代码评审账号或团队（以 @ 开头），否则无人审核该科室的条目。")
        owners += [o for o in reviewers[name] if o not in owners]
    return tuple(owners)


def _folder_owner(path: Path, folders: dict[Path, str], office: str | None) -> str | None:
    best = max((f for f in folders if f in path.parents), key=lambda f: len(f.parts), default=None)
    return folders[best] if best is not None else office


def _item_target(path: Path, folders: dict[Path, str], content_dir: Path) -> Path:
    """The item's own folder, or the file itself when the folder is shared (a column or content/)."""
    shared = path.parent in folders or path.parent == content_dir or path.name != "index.md"
    return path if shared else path.parent


def _pattern(settings: Settings, path: Path, folder: bool) -> str:
    rel = settings.rel(path)
    escaped = re.sub(r"([ #*?\[\]\\!])", r"\\\1", rel)
    return f"/{escaped}/" if folder else f"/{escaped}"
