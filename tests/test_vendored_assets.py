"""Front-end code vendored from npm (overrides/assets/vendor/): each package with its version, its licence and
a README saying where it came from; fflate's file is byte for byte the one its README names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

VENDOR = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "vendor"


@pytest.mark.parametrize("package", sorted(p.name for p in VENDOR.iterdir() if p.is_dir()))
def test_every_vendored_package_keeps_its_version_licence_and_source(package: str) -> None:
    folder = VENDOR / package
    version = (folder / "VERSION").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert "Permission is hereby granted, free of charge" in (folder / "LICENSE").read_text(encoding="utf-8")  # MIT
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"`{package}@{version}`" in readme and "npm pack" in readme


def test_fflate_is_the_file_of_the_npm_package() -> None:
    readme = (VENDOR / "fflate" / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"`index\.js` \(sha256\s+`([0-9a-f]{64})`\)", readme)
    assert recorded is not None
    assert hashlib.sha256((VENDOR / "fflate" / "index.js").read_bytes()).hexdigest() == recorded[1]
