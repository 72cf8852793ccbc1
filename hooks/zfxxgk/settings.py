"""Agency and check settings, read from `extra.zfxxgk` in mkdocs.yml and validated in one place.

A missing or malformed setting is a `SettingsError` (exit code 2) that names the file, line and
setting; MkDocs and the CLI read the same values.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from zfxxgk import yamlpos
from zfxxgk.branding import BrandingError, located_error, parse_branding
from zfxxgk.config import Agency as Agency
from zfxxgk.config import Department as Department
from zfxxgk.config import Settings as Settings
from zfxxgk.config import SettingsError as SettingsError
from zfxxgk.options import Options
from zfxxgk.problems import RULES, Severity

SCHEMA_FILE = "settings.schema.json"
DEFAULT_INDEX_PATTERN = r"^(?P<org>[0-9A-Z]{18}|[0-9A-Z]{8}-?[0-9A-Z])/(?P<year>\d{4})(?:\d{2})?-(?P<seq>\d{5})$"
DEFAULT_EXTENSIONS = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "csv", "txt", "jpg", "jpeg", "png", "zip")


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
        kind = "超出处理上限" if isinstance(exc, yamlpos.LimitError) else "YAML 语法错误"
        raise SettingsError(f"{kind}：{exc.message}", shown, exc.line, exc.column) from None
    data = located.data if isinstance(located.data, dict) else {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    raw = extra.get("zfxxgk") if isinstance(extra, dict) else None
    if not isinstance(raw, dict):
        raise SettingsError("缺少 extra.zfxxgk 设置（机关名称、统一社会信用代码 等）。请参照 README 的“设置”一节补上。", shown, 1, 1)
    if located.duplicates:
        dup = located.duplicates[0]
        raise SettingsError(f"键 {dup.key} 写了两次（第 {dup.first.line} 行已有），后写的会覆盖先写的：请只保留一个",
                            shown, dup.second.line, dup.second.column)
    rules = raw.get("rules")
    if isinstance(rules, dict):
        # `x: off` unquoted is the YAML 1.1 boolean false (and on/yes true): read as the switch it was meant as.
        raw = {**raw, "rules": {k: {False: "off", True: "on"}.get(v, v) if isinstance(v, bool) else v
                                for k, v in rules.items()}}
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        err = errors[0]
        path = ("extra", "zfxxgk", *err.absolute_path)
        pos = located.nearest(path, yamlpos.Pos(1, 1))
        where = ".".join(str(p) for p in path)
        more = f"（另有 {len(errors) - 1} 处设置错误）" if len(errors) > 1 else ""
        raise SettingsError(f"设置 {where} 不正确：{_settings_message(err)}{more}", shown, pos.line, pos.column)
    _check_dates(raw, shown, located)
    return _build(raw, config_path, located)


def _check_dates(raw: dict[str, Any], shown: str, located: yamlpos.Located) -> None:
    """Dates the schema can only check for shape: quota_since and as_of real days in range, annual_deadline a real
    month and day (02-29 allowed: it exists in leap years)."""
    from zfxxgk.items.record import EARLIEST, LATEST, calendar_date

    options = raw.get("options", {})
    for path, value in ((("options", "quota_since"), options.get("quota_since")), (("as_of",), raw.get("as_of"))):
        if isinstance(value, str) and not (EARLIEST <= (calendar_date(value) or dt.date.min) <= LATEST):
            pos = located.nearest(("extra", "zfxxgk", *path), yamlpos.Pos(1, 1))
            raise SettingsError(f"设置 extra.zfxxgk.{'.'.join(path)} 不正确：“{value}”不是 {EARLIEST} 至 {LATEST} "
                                "之间真实存在的日期（YYYY-MM-DD）", shown, pos.line, pos.column)
    deadline = options.get("annual_deadline")
    if isinstance(deadline, str) and calendar_date(f"2000-{deadline}") is None:
        pos = located.nearest(("extra", "zfxxgk", "options", "annual_deadline"), yamlpos.Pos(1, 1))
        raise SettingsError(f"设置 extra.zfxxgk.options.annual_deadline 不正确：“{deadline}”不是真实存在的月-日"
                            "（MM-DD，例如 01-31）", shown, pos.line, pos.column)


_TYPES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false", "array": "列表（- 项）",
          "object": "映射（键: 值）", "null": "空值"}


def _settings_message(err: jsonschema.ValidationError) -> str:
    """The schema error in Chinese: what is wrong and what is allowed (jsonschema's own text is English)."""
    value = _shown(err.instance)
    rule = err.validator_value
    about = err.schema.get("description") if isinstance(err.schema, dict) else None
    hint = f"（{about}）" if about else ""
    if err.validator == "required":
        missing = [m for m in rule if m not in err.instance]
        return "缺少 " + "、".join(missing)
    if err.validator == "pattern":
        return f"“{err.instance}”的格式不对（{about or rule}）"
    if err.validator == "additionalProperties":
        extra = sorted(map(str, set(err.instance) - set(err.schema.get("properties", {}))))
        return "不认识的设置 " + "、".join(extra)
    if err.validator == "type":
        wanted = "或".join(_TYPES.get(t, t) for t in ([rule] if isinstance(rule, str) else rule))
        return f"{value} 应为{wanted}{hint}"
    if err.validator in ("minimum", "exclusiveMinimum"):
        return f"{value} 太小：不能小于{'等于' if err.validator == 'exclusiveMinimum' else ''} {rule}{hint}"
    if err.validator in ("maximum", "exclusiveMaximum"):
        return f"{value} 太大：不能大于{'等于' if err.validator == 'exclusiveMaximum' else ''} {rule}{hint}"
    if err.validator == "enum":
        return f"{value} 不是可选的值；可选：{'、'.join(map(str, rule))}{hint}"
    if err.validator in ("minLength", "minItems", "minProperties"):
        return f"{value} 太短或为空：至少 {rule} 个{'字' if err.validator == 'minLength' else '项'}{hint}"
    if err.validator in ("maxLength", "maxItems", "maxProperties"):
        return f"{value} 太长：最多 {rule} 个{'字' if err.validator == 'maxLength' else '项'}{hint}"
    if err.validator == "uniqueItems":
        return f"{value} 中有重复的项{hint}"
    if err.validator == "const":
        return f"{value} 只能是 {rule}{hint}"
    return f"{value} 不符合设置的格式要求（{err.validator}）{hint}"


def _shown(value: Any) -> str:
    """A value as the editor wrote it, cut short."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return f"“{text[:60]}{'…' if len(text) > 60 else ''}”"


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
        if value != "on":  # on: the rule's default severity
            severities[rule_id] = None if value == "off" else Severity(value)
    attachments = raw.get("attachments", {})
    try:
        branding = parse_branding(raw.get("网站"), root)
    except BrandingError as exc:
        pos = located_error(exc, located)
        raise SettingsError(f"设置 {'.'.join(exc.path)} 不正确：{exc}", config_path.as_posix(), pos.line, pos.column) from None
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
        options=Options.read(raw.get("options", {})),
        branding=branding,
        admin=dict(raw.get("admin", {})),
        engine_dirs=_engine_dirs(located.data, root),
        as_of=dt.date.fromisoformat(raw["as_of"]) if isinstance(raw.get("as_of"), str) else None,
    )


def _engine_dirs(config: Any, root: Path) -> tuple[Path, ...]:
    """docs_dir (default docs) and theme.custom_dir of the mkdocs.yml, inside the project: every file in them is
    copied into the site by the engine itself, so they are scanned for links like content/ (project.py)."""
    config = config if isinstance(config, dict) else {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    names = [config.get("docs_dir", "docs"), theme.get("custom_dir") if isinstance(theme, dict) else None]
    return tuple(root / name for name in names if isinstance(name, str) and name)
