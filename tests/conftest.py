"""Fixtures for the whole suite (helpers live in projectkit.py, importable from any test folder)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from projectkit import make_project

# Property tests: "ci" is derandomised (the same examples on every run, so a red CI is reproducible and a green
# one is not luck), thorough (500 examples a property) and without deadline (a 2-core CI machine under load is
# slow at times); .ci/run selects it. Locally "dev" explores 100 new examples a property on every run, so the
# unit layer stays quick. HYPOTHESIS_PROFILE overrides both. Tests that set max_examples keep their own count.
settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True,
                          max_examples=500, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


# The layers (README, "The two commands"): `browser` tests drive headless Chromium (tests/browser/ and the
# modules marked in place); `build` tests build a whole site or a whole search index, or run the command line
# on a whole project. What is left is the unit layer: `-m "not browser and not build"`, well under a minute.
BUILD_MODULES = frozenset({
    "test_build_cleanup", "test_cache", "test_item_links", "test_parallel_load", "test_penalty_withdrawal",
    "test_search_build", "test_search_child", "test_search_equivalence", "test_site_build", "test_site_golden",
    "test_skeleton", "test_sample", "test_engine_properdocs", "test_build_library", "test_preview_problems",
    "test_pagemeta", "test_citations", "test_readme_articles",  # every case through the check, a built site
})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the build layer by module, and whole-index builds (marked slow) with it."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module is not None else ""
        if module in BUILD_MODULES or item.get_closest_marker("slow") is not None:
            item.add_marker(pytest.mark.build)


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Factory: project(content=..., settings=...) → path of a fresh project root."""

    def factory(content: Path | None = None, settings: dict[str, Any] | None = None) -> Path:
        return make_project(tmp_path / "project", content, settings)

    return factory
