"""Agency settings: validated in one place; a broken configuration exits 2 with its location."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from projectkit import CASE_SETTINGS, ROOT, make_project, merge
from zfxxgk.cli import main
from zfxxgk.settings import SettingsError, load_settings


def _run(config: Path) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = main(["check", "--config", str(config), "--as-of", "2026-11-20"])
    return code, err.getvalue()


def test_repository_settings_load() -> None:
    settings = load_settings(ROOT / "mkdocs.yml")
    assert settings.agency.name == "六盘水市市场监督管理局"
    assert settings.org_codes == ("11520200MB1C123455",)
    assert {d.name for d in settings.departments} >= {"办公室", "执法支队"}


def test_missing_config_file_exits_2(tmp_path: Path) -> None:
    code, err = _run(tmp_path / "nope.yml")
    assert code == 2 and "找不到配置文件" in err


def test_yaml_error_in_config_exits_2_with_line(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra:\n  zfxxgk: [\n", encoding="utf-8")
    code, err = _run(config)
    assert code == 2 and "YAML 语法错误" in err and f"{config.as_posix()}:4:" in err


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"机关": {"统一社会信用代码": "123"}}, "统一社会信用代码"),
        ({"机关": {"网站标识码": "52"}}, "网站标识码"),
        ({"机关": {"ICP备案号": "黔12345号"}}, "ICP备案号"),
        ({"rules": {"schema.nope": "error"}}, "schema.nope"),
        ({"rules": {"schema.enum": "fatal"}}, "rules"),
        ({"index_pattern": "([0-9"}, "index_pattern"),
        ({"attachments": {"max_bytes": -1}}, "max_bytes"),
        ({"科室": {"办公室": {"审核人": ["lps"]}}}, "审核人"),
        ({"unknown": 1}, "unknown"),
        ({"as_of": "2026-02-30"}, "as_of"),
        ({"as_of": "2026/11/20"}, "as_of"),
    ],
)
def test_malformed_setting_is_a_clear_error(tmp_path: Path, override: dict[str, object], expected: str) -> None:
    root = make_project(tmp_path / "p", None, override)
    with pytest.raises(SettingsError) as info:
        load_settings(root / "mkdocs.yml")
    assert expected in info.value.message
    assert info.value.line > 0
    code, err = _run(root / "mkdocs.yml")
    assert code == 2 and "配置错误" in err


def test_missing_agency_block(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra:\n  zfxxgk:\n    content_dir: content\n", encoding="utf-8")
    code, err = _run(config)
    assert code == 2 and "机关" in err


def test_severity_override_switches_a_rule_off(tmp_path: Path) -> None:
    case = Path(__file__).parent / "cases/warning/docno-brackets/content"
    root = make_project(tmp_path / "p", case, merge(CASE_SETTINGS, {"rules": {"docno.brackets": "off"}}))
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "--config", str(root / "mkdocs.yml"), "--as-of", "2026-11-20"])
    assert code == 0 and "docno.brackets" not in out.getvalue()
    root2 = make_project(tmp_path / "q", case, merge(CASE_SETTINGS, {"rules": {"docno.brackets": "error"}}))
    with redirect_stdout(io.StringIO()):
        assert main(["check", "--config", str(root2 / "mkdocs.yml"), "--as-of", "2026-11-20"]) == 1


def test_as_of_pins_the_check_and_build_date(tmp_path: Path) -> None:
    import datetime as dt

    from zfxxgk.site.builddate import build_date

    sample = load_settings(ROOT / "mkdocs.yml")
    assert sample.as_of == dt.date(2026, 11, 20)  # the sample does not age with each commit
    pinned = build_date(ROOT, environ={}, pinned=sample.as_of)
    assert (pinned.date, pinned.source, pinned.reproducible) == (dt.date(2026, 11, 20), "as_of", True)
    epoch = build_date(ROOT, environ={"SOURCE_DATE_EPOCH": "1763596800"}, pinned=sample.as_of)
    assert (epoch.date, epoch.source) == (dt.date(2025, 11, 20), "SOURCE_DATE_EPOCH")  # the environment wins
    config = make_project(tmp_path / "p", None, {}) / "mkdocs.yml"
    config.write_text("".join(line for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.lstrip().startswith("as_of:")), encoding="utf-8")
    plain = load_settings(config)
    assert plain.as_of is None and build_date(ROOT, environ={}).source == "git"


def _schema_options() -> dict[str, object]:
    import json

    schema = json.loads((ROOT / "hooks" / "zfxxgk" / "data" / "settings.schema.json").read_text(encoding="utf-8"))

    def find(node: object) -> dict[str, object] | None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and "options" in props:
                return props["options"]["properties"]  # type: ignore[no-any-return]
            for value in node.values():
                found = find(value)
                if found is not None:
                    return found
        return None

    found = find(schema)
    assert found is not None
    return found


def test_every_option_of_the_schema_is_declared_once_with_a_type_and_a_default() -> None:
    import dataclasses

    from zfxxgk.options import Options

    declared = {f.name for f in dataclasses.fields(Options)}
    assert declared == set(_schema_options())
    defaults = Options()
    assert (defaults.quota_per_quarter, defaults.quota_per_year, defaults.veto_threshold) == (2, 10, 5)


def test_options_are_read_with_their_types(tmp_path: Path) -> None:
    from zfxxgk.options import Options

    read = Options.read({"quota_per_quarter": 3, "publishers": ["甲局"], "column_update_days": {"动态": "7"},
                         "annual_categories": {"规章": ["政策文件/规章"]}, "quota_since": "2024-01-01"})
    assert read.quota_per_quarter == 3 and read.quota_per_year == 10
    assert read.publishers == ("甲局",)
    assert read.column_update_days == {"动态": 7}
    assert read.annual_categories == {"规章": ("政策文件/规章",)}
    assert read.quota_since == "2024-01-01"
    loaded = load_settings(ROOT / "mkdocs.yml")
    assert isinstance(loaded.options, Options)
