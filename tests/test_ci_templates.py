"""The CI templates parse, follow each platform's schema, and use only the README's commands."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import yaml

from projectkit import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _vendor_schema(name: str) -> dict[str, Any]:
    """A schema shipped by check-jsonschema (SchemaStore's GitHub workflow and GitLab CI schemas)."""
    files = resources.files("check_jsonschema.builtin_schemas.vendor")
    loaded: dict[str, Any] = json.loads(files.joinpath(name).read_text(encoding="utf-8"))
    return loaded


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean; GitHub reads it as the string "on"
        data["on"] = data.pop(True)
    return data


def _commands(scripts: list[str]) -> list[str]:
    return [line.strip() for script in scripts for line in script.splitlines() if line.strip()]


def test_github_workflow_follows_its_schema() -> None:
    workflow = _load(".github/workflows/zfxxgk.yml")
    jsonschema.Draft7Validator(_vendor_schema("github-workflows.json")).validate(workflow)
    jobs = workflow["jobs"]
    assert set(jobs) == {"check", "build", "test", "deploy"}
    steps = {name: job.get("steps", []) for name, job in jobs.items()}
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps["check"])
    assert jobs["check"]["permissions"]["security-events"] == "write"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in steps["deploy"])
    assert "refs/heads/main" in jobs["deploy"]["if"]
    runs = _commands([s["run"] for job in steps.values() for s in job if "run" in s])
    assert "zfxxgk codeowners --check" in runs and "zfxxgk catalogue check" in runs
    assert any("zfxxgk check --against published-manifest.json" in r for r in runs)
    _only_readme_commands(runs)


def test_gitlab_ci_follows_its_schema() -> None:
    config = _load(".gitlab-ci.yml")
    jsonschema.Draft7Validator(_vendor_schema("gitlab-ci.json")).validate(config)
    assert config["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    scripts = [line for job in ("check", "urls", "build", "test", "pages") for line in config[job]["script"]]
    assert "zfxxgk codeowners --check" in scripts and "zfxxgk catalogue check" in scripts
    _only_readme_commands(_commands(scripts))


def _only_readme_commands(commands: list[str]) -> None:
    # Installing system packages, fetching the last published manifest and moving the built site are glue.
    allowed_prefixes = ("sudo apt-get", "apt-get", "rm -rf public", "zfxxgk check", "curl -fsSL")
    for command in commands:
        assert command in README or command.startswith(allowed_prefixes), command
    assert any(c == "python3 -m pytest" for c in commands)
    assert any("mkdocs build --strict" in c for c in commands)
