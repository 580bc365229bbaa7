"""Time the drawing of a graph page in headless Chromium (Playwright, a test dependency)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def draw_times(html: bytes, repeat: int, budget: float) -> list[float]:
    """Seconds from navigation to the first drawing of the settled page in headless Chromium.

    The page sets ``window.pledgegraph.drawn`` (``performance.now()``, which counts from the
    start of navigation) in vis-network's first ``afterDrawing`` once the layout is settled.
    One fresh tab per run; the browser starts once, outside the timing.
    """
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pledgegraph-draw-") as tmp:
        path = Path(tmp) / "network.html"
        path.write_bytes(html)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                times: list[float] = []
                while len(times) < repeat and not (times and sum(times) + times[-1] > budget):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    page.goto(path.as_uri(), wait_until="commit")
                    deadline = time.monotonic() + max(budget, 60.0)
                    # page.wait_for_function evaluates with eval(), which the page's CSP forbids
                    while not page.evaluate("!!(window.pledgegraph && window.pledgegraph.drawn)"):
                        if time.monotonic() > deadline:
                            raise TimeoutError("the page did not draw")
                        time.sleep(0.02)
                    times.append(page.evaluate("window.pledgegraph.drawn") / 1000)
                    page.close()
                return times
            finally:
                browser.close()
