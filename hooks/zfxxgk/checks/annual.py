"""The annual reports (年报) of every year: their data, the national tables' identities and their deadline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zfxxgk import annual

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext


def check(ctx: CheckContext) -> None:
    """Load and check every year's 统计.yaml; the usable reports are kept for the site and reports."""
    categories = ctx.settings.options.annual_categories
    month, day = (int(x) for x in ctx.settings.options.annual_deadline.split("-"))
    ctx.extras["annual_reports"] = annual.check_reports(
        ctx.settings.content_dir, ctx.items, ctx.problems, root=ctx.settings.root,
        categories=categories, deadline=(month, day),
    )
