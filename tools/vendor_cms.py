"""Copy Decap CMS from its npm package into hooks/zfxxgk/data/admin/decap-cms/, which the site serves at /admin/.

    python tools/vendor_cms.py            # npm ci in admin-vendor/cms/ (versions pinned by its package-lock.json), then copy
    python tools/vendor_cms.py --check    # exit 1 when the copied files differ from the installed package

The bundle (dist/decap-cms.js), the chunks it loads from its own folder (*.decap-cms.js, *.wasm), the licence
notices and VENDORED.json (package, version, licence, file hashes) are committed; source maps are not. Run it
after changing the version in admin-vendor/cms/package.json (`npm install --prefix admin-vendor/cms decap-cms@X`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "admin-vendor" / "cms"
PACKAGE = VENDOR / "node_modules" / "decap-cms"
# The monorepo's MIT licence; the decap-cms package itself ships none, its sibling packages carry it.
LICENCE = VENDOR / "node_modules" / "decap-cms-locales" / "LICENSE"
TARGET = ROOT / "hooks" / "zfxxgk" / "data" / "admin" / "decap-cms"


def npm_ci() -> None:
    """Install the pinned packages of admin-vendor/package-lock.json."""
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(VENDOR)], check=True)


def wanted() -> dict[str, Path]:
    """Target file name → installed file."""
    dist = PACKAGE / "dist"
    files = {p.name: p for p in sorted(dist.iterdir())
             if p.name == "decap-cms.js" or p.name.endswith((".decap-cms.js", ".wasm"))}
    files["decap-cms.js.LICENSE.txt"] = dist / "decap-cms.js.LICENSE.txt"
    files["LICENSE"] = LICENCE
    return files


def record(files: dict[str, Path]) -> str:
    """VENDORED.json: what was copied, from which package version, under which licence."""
    meta = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))
    data = {
        "package": meta["name"],
        "version": meta["version"],
        "license": meta["license"],
        "homepage": meta.get("homepage", ""),
        "source": f"npm: {meta['name']}@{meta['version']} (dist/), installed by tools/vendor_cms.py from admin-vendor/cms/package-lock.json",
        "files": {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in sorted(files.items())},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Install and copy, or check the copy."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare the committed copy with the installed package")
    parser.add_argument("--no-install", action="store_true", help="use admin-vendor/node_modules as it is")
    args = parser.parse_args(argv)
    if not args.no_install:
        npm_ci()
    files = wanted()
    text = record(files)
    if args.check:
        current = TARGET / "VENDORED.json"
        same = current.is_file() and current.read_text(encoding="utf-8") == text and all(
            (TARGET / n).is_file() and (TARGET / n).read_bytes() == p.read_bytes() for n, p in files.items())
        print("decap-cms copy is up to date" if same else "decap-cms copy differs: run python tools/vendor_cms.py")
        return 0 if same else 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    for name, path in files.items():
        shutil.copyfile(path, TARGET / name)
    (TARGET / "VENDORED.json").write_text(text, encoding="utf-8")
    print(f"copied {len(files)} files of decap-cms to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
