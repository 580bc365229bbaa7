"""Run the real CLI in a subprocess, and launch Debian's Chromium, the same way in every test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"  # Debian's package; never `playwright install`
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m pledgegraph ARGS`` on this checkout's code and data."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PLEDGEGRAPH_ROOT": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pledgegraph", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Debian Chromium; fails (does not skip) when it is not installed."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
