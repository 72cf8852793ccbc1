"""The checks: each module registers its rules and exposes `check(ctx)`; `run_checks` runs them all."""

from __future__ import annotations

from collections.abc import Callable

from zfxxgk.checks import (
    annual,
    attachments,
    catalogue,
    columns,
    fields,
    html,
    interpretation,
    penalty,
    penalty_withdraw,
    privacy,
    publisher,
    quota,
    references,
    validity,
    validity_term,
)
from zfxxgk.checks.context import CheckContext

__all__ = ["CheckContext", "all_checks", "run_checks"]


def all_checks() -> list[Callable[[CheckContext], None]]:
    """Every check function, in the order they run."""
    return [
        fields.check, references.check, catalogue.check, attachments.check, html.check, validity.check, validity_term.check, penalty.check,
        penalty_withdraw.check, interpretation.check, privacy.check, publisher.check, quota.check, annual.check, columns.check,
    ]


def run_checks(ctx: CheckContext) -> None:
    """Run every check over the context; problems accumulate in ctx.problems."""
    for check in all_checks():
        check(ctx)
