"""Take the README's screenshots (home, a list, an item; desktop 1366 px and phone 390 px) with headless Chromium.

Builds the sample site into a temporary folder, serves it on 127.0.0.1 and writes docs/screenshots/*.png
(excluded from the site by mkdocs.yml's exclude_docs). Run: python tools/screenshots.py
Needs /usr/bin/chromium (or $CHROMIUM) and fonts-noto-cjk, as the browser tests do.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from cdp import Browser  # noqa: E402  (the browser tests' CDP client)
from sitehttp import serve  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "home": "",
    "list": "fdzdgknr/zcwj/xzgfxwj/",
    "item": "xxgk/11520200MB1C123455/2025-00013/",
}
# (name, width, height, scale): the picture is the first screen of the page, scaled down to keep it small.
SCREENS = (("desktop", 1366, 800, 0.6), ("phone", 390, 780, 0.8))


def build(dest: Path) -> None:
    """Build the sample site with the last commit's date."""
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch.strip() or "1700000000", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(ROOT / "hooks")}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(dest)], cwd=ROOT, env=env, check=True)


def shoot(browser: Browser, url: str, width: int, height: int, scale: float, path: Path) -> None:
    """One screenshot of the first screen at `width` CSS px, scaled by `scale`."""
    browser.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                 deviceScaleFactor=1, mobile=False)
    browser.goto(url)
    clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": scale}
    data = browser.call("Page.captureScreenshot", session=True, format="png", clip=clip)["data"]
    path.write_bytes(base64.b64decode(data))


def main() -> None:
    """Build, serve and photograph the sample site."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        with serve(site) as base, Browser() as browser:
            for page, url in PAGES.items():
                for screen, width, height, scale in SCREENS:
                    target = OUT / f"{page}-{screen}.png"
                    shoot(browser, base + url, width, height, scale, target)
                    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
