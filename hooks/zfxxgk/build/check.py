"""Phase 2, check: every check on the loaded items; errors and warnings logged as located lines, notices
summed up; an error ends the build (a preview goes on)."""

from __future__ import annotations

import logging

from zfxxgk.build.state import Build, BuildError
from zfxxgk.problems import RULES
from zfxxgk.project import Project, check_project


def report(project: Project, log: logging.Logger) -> None:
    """Log errors and warnings as `path:line:column: 错误|警告 [rule] message` (they fail --strict).

    Notices (提示) are for the disclosure office, not the build: one summary line per rule, with the
    command that lists them in full.
    """
    notices: dict[str, int] = {}
    for problem in project.problems.sorted():
        if problem.severity.value == "info":
            notices[problem.rule] = notices.get(problem.rule, 0) + 1
            continue
        where = f"{problem.path}:{problem.line}:{problem.column}"
        line = f"{where}: {problem.severity.label} [{problem.rule}] {problem.message}"
        if problem.severity.value == "error":
            log.error(line)
        else:
            log.warning(line)
    for rule_id, count in sorted(notices.items()):
        log.info(f"提示 [{rule_id}] {count} 条（{RULES[rule_id].summary}）；详见 zfxxgk check 或 zfxxgk report compliance")


def check(state: Build) -> None:
    """Run every check and report the problems; BuildError on content errors, unless this is a preview."""
    project = state.project
    check_project(project, state.progress, keep_sources=False)
    report(project, state.log)
    if (errors := len(project.problems.errors)) and not state.serving:
        site_dir = state.publication.site_dir if state.publication else "网站目录"
        raise BuildError(f"zfxxgk: 内容有 {errors} 个错误（见上方），网站没有发布：{site_dir} 保持上次构建的内容")
