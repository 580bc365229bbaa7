"""The page in real headless Chromium, opened from file:// with no network.

Chromium is Debian's /usr/bin/chromium driven by Playwright; these tests fail (never skip) when
it is missing. A dialog, a console error, a page error or a request to anything but
file:/data:/blob: fails them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from pledgegraph import viz
from pledgegraph.load import PledgeDataset
from pledgegraph.network import network
from pledgegraph.store import MemoryStore, open_store
from tests.support_network import (
    EDGE_COUNT,
    ENTITY_COUNT,
    HOSTILE_COMMITMENT_IRI,
    HOSTILE_COMPANY,
    HOSTILE_COMPANY_IRI,
    HOSTILE_QUOTE,
    big_network,
    hostile_file,
    sparql_count,
)
from tests.support_process import launch_chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
ID = "https://w3id.org/pledgegraph/id/"
ENERGY = ID + "commitment/us-japan-2025/energy-infrastructure"
TOSHIBA = ID + "company/toshiba"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """A page opened from file://, with everything it did recorded."""

    def __init__(self, browser: Browser, html: bytes, folder: Path) -> None:
        path = folder / "network.html"
        path.write_bytes(html)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page: Page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda err: self.errors.append(f"pageerror: {err}"))
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.wait_for("window.pledgegraph && window.pledgegraph.stable === true")

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def wait_for(self, expression: str, timeout: float = 20.0) -> None:
        # page.wait_for_function evaluates strings with eval(), which the page's CSP forbids
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(f"!!({expression})"):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.05)

    def point_at(self, node: str) -> tuple[float, float]:
        """Zoom onto ``node`` and return its position on the screen."""
        return tuple(
            self.page.evaluate(
                """(id) => {
                  const net = pledgegraph.network;
                  net.moveTo({position: net.getPosition(id), scale: 2.5, animation: false});
                  const dom = net.canvasToDOM(net.getPosition(id));
                  const box = document.getElementById('graph').getBoundingClientRect();
                  return [box.left + dom.x, box.top + dom.y];
                }""",
                node,
            )
        )

    def hover(self, node: str) -> str:
        x, y = self.point_at(node)
        self.page.mouse.move(x - 200, y - 200)
        self.page.mouse.move(x, y, steps=4)
        self.wait_for("document.getElementById('tooltip').style.display === 'block'")
        return self.page.inner_text("#tooltip")

    def click(self, node: str) -> str:
        x, y = self.point_at(node)
        self.page.mouse.click(x, y)
        self.wait_for("document.querySelector('#details h2') !== null")
        return self.page.inner_text("#details")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        offline = ("file:", "data:", "blob:")
        assert [u for u in self.requests if not u.startswith(offline)] == []


@pytest.fixture(scope="module")
def store(dataset: PledgeDataset) -> MemoryStore:
    return MemoryStore(dataset)


def test_page_loads_offline_with_every_node_and_edge(browser, store, tmp_path):
    visit = Visit(browser, viz.page(store), tmp_path)
    try:
        g = network(store)
        counts = visit.page.evaluate("[pledgegraph.nodes.length, pledgegraph.edges.length]")
        assert counts == [g.number_of_nodes(), g.number_of_edges()]
        assert counts == [sparql_count(store, ENTITY_COUNT), sparql_count(store, EDGE_COUNT)]
        assert visit.page.locator("#graph canvas").count() == 1
        assert "U.S.-Japan Framework Agreement" in visit.page.inner_text("header h1")
        assert visit.page.evaluate("pledgegraph.network.physics.physicsEnabled") is False
        ARTIFACTS.mkdir(exist_ok=True)
        visit.page.screenshot(path=ARTIFACTS / "network.png")
        docs_shot = ROOT / "docs" / "network.png"
        if os.environ.get("PLEDGEGRAPH_UPDATE_DOCS") or not docs_shot.exists():
            visit.page.screenshot(path=docs_shot)
        visit.assert_clean()
    finally:
        visit.page.close()


def test_hover_click_search_and_filter(browser, store, tmp_path):
    visit = Visit(browser, viz.page(store), tmp_path)
    page = visit.page
    try:
        tip = visit.hover(ENERGY)
        assert "up to $332 billion" in tip
        assert "Japan has committed to invest up to $332 billion" in tip
        assert "Sector: Energy" in tip
        panel = visit.click(ENERGY)
        assert ENERGY in panel
        assert "critical energy infrastructure" in panel
        assert "under agreement" in panel
        # the neighbourhood stays coloured, the rest is greyed out
        greyed = page.evaluate("(id) => pledgegraph.nodes.get(id).color.background", TOSHIBA)
        assert greyed == "#e4e7eb"

        page.fill("#search", "toshiba")
        page.press("#search", "Enter")
        assert page.evaluate("pledgegraph.network.getSelectedNodes()") == [TOSHIBA]
        view, spot = page.evaluate(
            "(id) => [pledgegraph.network.getViewPosition(), pledgegraph.network.getPosition(id)]",
            TOSHIBA,
        )
        assert abs(view["x"] - spot["x"]) < 1 and abs(view["y"] - spot["y"]) < 1
        assert "Toshiba" in page.inner_text("#details h2")

        page.select_option("#sector-filter", "Transformers")
        shown = page.evaluate(
            """pledgegraph.nodes.get({filter: (n) => n.kind === 'commitment' && !n.hidden})
                 .map((n) => n.attrs.sector)"""
        )
        assert shown and all("Transformers" in s.split("; ") for s in shown)
        assert page.evaluate("pledgegraph.nodes.get({filter: (n) => n.hidden}).length") > 10
        page.click("#reset")
        assert page.evaluate("pledgegraph.nodes.get({filter: (n) => n.hidden}).length") == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "network-reset.png")
        visit.assert_clean()
    finally:
        page.close()


def test_hostile_data_shows_as_text(browser, tmp_path):
    store = open_store("memory", [hostile_file(tmp_path)])
    visit = Visit(browser, viz.page(store), tmp_path)
    page = visit.page
    try:
        assert HOSTILE_COMPANY in visit.hover(HOSTILE_COMPANY_IRI)
        tip = visit.hover(HOSTILE_COMMITMENT_IRI)
        assert HOSTILE_QUOTE in tip and "Hostile pledge <b>bold</b>" in tip
        panel = visit.click(HOSTILE_COMMITMENT_IRI)
        assert HOSTILE_QUOTE in panel and HOSTILE_COMPANY in panel
        assert page.evaluate("document.querySelectorAll('img, b, #details script').length") == 0
        assert page.evaluate("document.scripts.length") == 3
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "network-hostile.png")
        visit.assert_clean()
    finally:
        page.close()


def test_large_page_folds_and_expands(browser, tmp_path):
    g = big_network()
    started = time.monotonic()
    visit = Visit(browser, viz.render(g, viz.PageInfo("Synthetic")), tmp_path)
    drawn_in = time.monotonic() - started
    page = visit.page
    try:
        assert drawn_in < 20, drawn_in  # generous: a shared 2-core machine; benchmarks time it
        assert "1200 commitments folded" in page.inner_text("#folded-note")
        before = page.evaluate("[pledgegraph.nodes.length, pledgegraph.edges.length]")
        assert before[0] == 433
        sector = "https://example.org/sector/0"
        panel = visit.click(sector)
        assert "folded commitments (40)" in panel
        page.click("#expand")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "network-large.png")
        after = page.evaluate("[pledgegraph.nodes.length, pledgegraph.edges.length]")
        assert after[0] == before[0] + 40
        assert after[1] == before[1] + 40 * 4  # each pledge: agreement, government, company, sector
        assert page.evaluate("pledgegraph.nodes.get('https://example.org/commitment/30').kind") == (
            "commitment"
        )
        visit.assert_clean()
    finally:
        page.close()
