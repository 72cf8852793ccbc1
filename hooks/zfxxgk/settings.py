"""Agency and check settings, read from `extra.zfxxgk` in mkdocs.yml and validated in one place.

A missing or malformed setting is a `SettingsError` (exit code 2) that names the file, line and
setting; MkDocs and the CLI read the same values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from zfxxgk import yamlpos
from zfxxgk.problems import RULES, Severity

SCHEMA_FILE = "settings.schema.json"
DEFAULT_INDEX_PATTERN = r"^(?P<org>[0-9A-Z]{18}|[0-9A-Z]{8}-?[0-9A-Z])/(?P<year>\d{4})(?:\d{2})?-(?P<seq>\d{5})$"
DEFAULT_EXTENSIONS = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "csv", "txt", "jpg", "jpeg", "png", "zip")


class SettingsError(Exception):
    """Configuration that cannot be used; the message is for the person who edits mkdocs.yml."""

    def __init__(self, message: str, path: str = "mkdocs.yml", line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: 配置错误 [settings] {self.message}"


@dataclass(frozen=True)
class Agency:
    """The agency the column belongs to (主办单位), shown in the footer and used by checks."""

    name: str
    credit_code: str
    site_code: str
    icp: str
    police: str
    address: str
    hours: str
    phone: str
    postcode: str = ""
    fax: str = ""
    email: str = ""


@dataclass(frozen=True)
class Department:
    """A responsible department (科室) and who reviews its items."""

    name: str
    reviewers: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    """Every setting the checks, the site and the CLI use; built once per run."""

    root: Path
    config_file: Path
    agency: Agency
    departments: tuple[Department, ...]
    content_dir: Path
    schema_dir: Path
    catalogue_dir: Path
    index_pattern: re.Pattern[str]
    org_codes: tuple[str, ...]
    attachment_extensions: tuple[str, ...]
    attachment_max_bytes: int
    severities: Mapping[str, Severity | None]
    options: Mapping[str, Any] = field(default_factory=dict)

    def option(self, key: str, default: Any) -> Any:
        """A rule option (e.g. interpretation_days) from `extra.zfxxgk.options`, or the default."""
        return self.options.get(key, default)

    def rel(self, path: Path) -> str:
        """A path as shown in reports: relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
        except (OSError, RuntimeError):  # a link that loops (RuntimeError before Python 3.13): name it as written
            try:
                return path.absolute().relative_to(self.root.absolute()).as_posix()
            except ValueError:
                return path.as_posix()


def _schema() -> dict[str, Any]:
    here = Path(__file__).parent / "data" / SCHEMA_FILE
    loaded: dict[str, Any] = json.loads(here.read_text(encoding="utf-8"))
    return loaded


def load_settings(config_file: Path | str = "mkdocs.yml") -> Settings:
    """Read and validate `extra.zfxxgk` of a mkdocs.yml; raises SettingsError with a location."""
    config_path = Path(config_file)
    shown = config_path.as_posix()
    try:
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SettingsError(f"找不到配置文件 {shown}。请在项目根目录运行，或用 --config 指定 mkdocs.yml。", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"无法读取配置文件 {shown}：{exc}", shown) from None
    try:
        located = yamlpos.parse(text)
    except yamlpos.YamlError as exc:
        raise SettingsError(f"YAML 语法错误：{exc.message}", shown, exc.line, exc.column) from None
    data = located.data if isinstance(located.data, dict) else {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    raw = extra.get("zfxxgk") if isinstance(extra, dict) else None
    if not isinstance(raw, dict):
        raise SettingsError("缺少 extra.zfxxgk 设置（机关名称、统一社会信用代码 等）。请参照 README 的“设置”一节补上。", shown, 1, 1)
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        err = errors[0]
        path = ("extra", "zfxxgk", *err.absolute_path)
        pos = located.nearest(path, yamlpos.Pos(1, 1))
        where = ".".join(str(p) for p in path)
        more = f"（另有 {len(errors) - 1} 处设置错误）" if len(errors) > 1 else ""
        raise SettingsError(f"设置 {where} 不正确：{_settings_message(err)}{more}", shown, pos.line, pos.column)
    return _build(raw, config_path, located)


def _settings_message(err: jsonschema.ValidationError) -> str:
    if err.validator == "required":
        missing = [m for m in err.validator_value if m not in err.instance]
        return "缺少 " + "、".join(missing)
    if err.validator == "pattern":
        return f"“{err.instance}”的格式不对（{err.schema.get('description', err.validator_value)}）"
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return "不认识的设置 " + "、".join(extra)
    return str(err.message)


def _build(raw: dict[str, Any], config_path: Path, located: yamlpos.Located) -> Settings:
    import zfxxgk.checks  # noqa: F401  (registers every rule id, so `rules` overrides can be validated)

    root = config_path.resolve().parent
    a = raw["机关"]
    agency = Agency(
        name=a["机关名称"], credit_code=a["统一社会信用代码"], site_code=str(a["网站标识码"]),
        icp=a["ICP备案号"], police=a["公安备案号"], address=a["地址"], hours=a["办公时间"],
        phone=str(a["电话"]), postcode=str(a.get("邮编", "")), fax=str(a.get("传真", "")),
        email=str(a.get("电子邮箱", "")),
    )
    departments = tuple(
        Department(name, tuple((info or {}).get("审核人", []))) for name, info in raw.get("科室", {}).items()
    )
    try:
        pattern = re.compile(raw.get("index_pattern", DEFAULT_INDEX_PATTERN))
    except re.error as exc:
        pos = located.nearest(("extra", "zfxxgk", "index_pattern"), yamlpos.Pos(1, 1))
        raise SettingsError(f"index_pattern 不是有效的正则表达式：{exc}", config_path.as_posix(), pos.line, pos.column) from None
    if "org" not in pattern.groupindex or "year" not in pattern.groupindex:
        raise SettingsError("index_pattern 必须含命名分组 (?P<org>…) 和 (?P<year>…)。", config_path.as_posix())
    severities: dict[str, Severity | None] = {}
    for rule_id, value in raw.get("rules", {}).items():
        if rule_id not in RULES:
            close = [r for r in RULES if r.split(".")[0] == rule_id.split(".")[0]]
            hint = f"；同类规则有：{'、'.join(sorted(close))}" if close else ""
            pos = located.nearest(("extra", "zfxxgk", "rules", rule_id), yamlpos.Pos(1, 1))
            raise SettingsError(f"rules 中的规则 {rule_id} 不存在{hint}", config_path.as_posix(), pos.line, pos.column)
        severities[rule_id] = None if value == "off" else Severity(value)
    attachments = raw.get("attachments", {})
    return Settings(
        root=root,
        config_file=config_path,
        agency=agency,
        departments=departments,
        content_dir=root / raw.get("content_dir", "content"),
        schema_dir=root / raw.get("schema_dir", "schema"),
        catalogue_dir=root / raw.get("catalogue_dir", "catalogue"),
        index_pattern=pattern,
        org_codes=tuple(raw.get("org_codes", [agency.credit_code])),
        attachment_extensions=tuple(e.lower() for e in attachments.get("extensions", DEFAULT_EXTENSIONS)),
        attachment_max_bytes=int(attachments.get("max_bytes", 50 * 1024 * 1024)),
        severities=severities,
        options=dict(raw.get("options", {})),
    )
