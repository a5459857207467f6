"""Screenshot a report.html with headless Chromium (for the README: docs/report.png).

Usage:
    python scripts/screenshot_report.py                      # the built-in demo report
    python scripts/screenshot_report.py out/report.html      # any report
    python scripts/screenshot_report.py out/report.html --png docs/report.png --height 2400

Needs a Chromium binary (``apt-get install chromium``); the browser runs with every
network feature off, so the screenshot also proves the file renders offline.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("Error: no Chromium found. Install it with: apt-get install -y chromium")


def screenshot(html: Path, png: Path, width: int = 1280, height: int = 2400) -> Path:
    """Render ``html`` to ``png`` with headless Chromium; returns the PNG path."""
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={width},{height}",
            html.resolve().as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return png


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html", nargs="?", help="a report.html; default: write and use the demo report")
    parser.add_argument("--png", default=str(REPO / "docs" / "report.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args()
    if args.html:
        html = Path(args.html)
    else:
        sys.path.insert(0, str(REPO))
        from insights.report.demo import demo_analysis

        out = Path(tempfile.mkdtemp(prefix="insights-demo-"))
        demo_analysis().save(out)
        html = out / "report.html"
    png = screenshot(html, Path(args.png), args.width, args.height)
    print(f"{png} ({png.stat().st_size:,} bytes) from {html}")


if __name__ == "__main__":
    main()
