"""Fixtures for the whole suite (helpers live in projectkit.py, importable from any test folder)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from projectkit import make_project


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Factory: project(content=..., settings=...) → path of a fresh project root."""

    def factory(content: Path | None = None, settings: dict[str, Any] | None = None) -> Path:
        return make_project(tmp_path / "project", content, settings)

    return factory
