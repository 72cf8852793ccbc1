"""The annual reports (年报) of every year: their data, the national tables' identities and their deadline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zfxxgk import annual
from zfxxgk.annual.derive import DEFAULT_CATEGORIES

if TYPE_CHECKING:
    from zfxxgk.checks.context import CheckContext


def check(ctx: CheckContext) -> None:
    """Load and check every year's 统计.yaml; the usable reports are kept for the site and reports."""
    categories = ctx.settings.option("annual_categories", DEFAULT_CATEGORIES)
    month, day = (int(x) for x in str(ctx.settings.option("annual_deadline", "01-31")).split("-"))
    ctx.extras["annual_reports"] = annual.check_reports(
        ctx.settings.content_dir, ctx.items, ctx.problems, root=ctx.settings.root,
        categories=categories, deadline=(month, day),
    )
