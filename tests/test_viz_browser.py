"""The page in real headless Chromium, opened from file:// with no network.

Chromium is Debian's /usr/bin/chromium driven by Playwright; these tests fail (never skip) when
it is missing. A dialog, a console error, a page error or a request to anything but
file:/data:/blob: fails them. Graphs of 1, 2, 3 and 50 agreements: the seed, the seed with a
fiction of three disagreeing sources, and synthetic ones.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from pledgegraph import viz
from pledgegraph.graphpage.read import read
from pledgegraph.graphpage.scenes import Planner
from tests.support_network import (
    HOSTILE_COMMITMENT_IRI,
    HOSTILE_COMPANY,
    HOSTILE_COMPANY_IRI,
    HOSTILE_QUOTE,
    graph_of,
    hostile_file,
)
from tests.support_process import launch_chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
ID = "https://w3id.org/pledgegraph/id/"
ENERGY = ID + "commitment/us-japan-2025/energy-infrastructure"
TOSHIBA = ID + "company/toshiba"
TURBINES = ID + "commitment/testland-accord/turbines"
PORTS = ID + "commitment/testland-accord/ports"
WIRE = ID + "source/wire-report"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


class Visit:
    """A page opened from file://, with everything it did recorded."""

    def __init__(self, browser: Browser, html: bytes, folder: Path, name: str = "network") -> None:
        path = folder / f"{name}.html"
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
        self.wait_for("window.pledgegraph && window.pledgegraph.drawn > 0")

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def wait_for(self, expression: str, timeout: float = 30.0) -> None:
        # page.wait_for_function evaluates strings with eval(), which the page's CSP forbids
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(f"!!({expression})"):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.05)

    def settle(self) -> None:
        """Wait for two animation frames: the labels of the last view are drawn."""
        self.page.evaluate(
            "new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def positions(self) -> dict[str, list[float]]:
        return self.page.evaluate(
            "Object.fromEntries(Object.entries(pledgegraph.network.getPositions())"
            ".map(([k, p]) => [k, [p.x, p.y]]))"
        )

    def ink(self, box: dict | None = None) -> int:
        """Pixels of the canvas (or of a box on it) that are not white: drawn on."""
        return self.page.evaluate(
            """(box) => {
              const canvas = document.querySelector('#graph canvas');
              const ratio = canvas.width / canvas.clientWidth;
              const b = box || {x: 0, y: 0, w: canvas.clientWidth, h: canvas.clientHeight};
              // read a copy: reading the page's own canvas back would slow it down (and warn)
              const copy = document.createElement('canvas');
              copy.width = canvas.width;
              copy.height = canvas.height;
              const ctx = copy.getContext('2d', {willReadFrequently: true});
              ctx.drawImage(canvas, 0, 0);
              const data = ctx.getImageData(
                Math.floor(b.x * ratio), Math.floor(b.y * ratio),
                Math.ceil(b.w * ratio), Math.ceil(b.h * ratio)).data;
              let ink = 0;
              for (let i = 0; i < data.length; i += 4)
                if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] < 600) ink++;
              return ink;
            }""",
            box,
        )

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

    def close(self) -> None:
        self.page.close()


def largest_pledges(visit: Visit, count: int = 3) -> list[str]:
    """The largest pledges the scene draws."""
    return visit.page.evaluate(
        """(count) => pledgegraph.data.nodes
             .filter((n) => n.kind === 'commitment' && n.amount > 0 && pledgegraph.nodes.get(n.id))
             .sort((a, b) => b.amount - a.amount).slice(0, count).map((n) => n.id)""",
        count,
    )


def check_readable(visit: Visit, shot: str) -> None:
    """Not blank, no error, labels apart, the largest pledges labelled in view."""
    visit.settle()
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=ARTIFACTS / shot)
    canvas = visit.page.evaluate(
        "[document.querySelector('#graph canvas').clientWidth, "
        "document.querySelector('#graph canvas').clientHeight]"
    )
    assert visit.ink() > canvas[0] * canvas[1] * 0.005  # not blank
    boxes = visit.page.evaluate("pledgegraph.labelBoxes")
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        assert (
            a["x"] >= 0
            and a["x"] + a["w"] <= canvas[0]
            and a["y"] >= 0
            and a["y"] + a["h"] <= canvas[1]
        )
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"]
            )  # fmt: skip
            assert apart, (a["text"], b["text"])
    labelled = {b["id"]: b for b in boxes}
    for pledge in largest_pledges(visit):
        assert pledge in labelled, pledge
        box = labelled[pledge]
        assert visit.ink(box) > 20, box["text"]  # the text is really drawn there
        assert " bn" in box["text"] or " m" in box["text"]  # with its amount
    visit.assert_clean()


def check_same_positions_on_a_second_load(
    browser: Browser, html: bytes, first: Visit, folder: Path
) -> None:
    again = Visit(browser, html, folder, "again")
    try:
        assert again.positions() == first.positions()
        assert again.page.evaluate("pledgegraph.scene") == first.page.evaluate("pledgegraph.scene")
    finally:
        again.close()


def test_one_agreement(browser, folder):
    store = graph_of(1, folder)
    html = viz.page(store)
    visit = Visit(browser, html, folder)
    try:
        assert visit.page.evaluate("pledgegraph.scene") == "full"
        assert visit.page.evaluate("pledgegraph.nodes.length") == visit.page.evaluate(
            "pledgegraph.data.nodes.length"
        )
        assert "U.S.-Japan Framework Agreement" in visit.page.inner_text("header h1")
        check_readable(visit, "network-1.png")
        labelled = {b["id"]: b["text"] for b in visit.page.evaluate("pledgegraph.labelBoxes")}
        assert "up to $332 bn" in labelled[ENERGY]
        if (
            os.environ.get("PLEDGEGRAPH_UPDATE_DOCS")
            or not (ROOT / "docs" / "network.png").exists()
        ):
            visit.page.screenshot(path=ROOT / "docs" / "network.png")
        check_same_positions_on_a_second_load(browser, html, visit, folder)
    finally:
        visit.close()


def test_hover_click_search_and_filter(browser, folder):
    visit = Visit(browser, viz.page(graph_of(1, folder)), folder)
    page = visit.page
    try:
        tip = visit.hover(ENERGY)
        assert "up to $332 billion" in tip
        assert "Japan has committed to invest up to $332 billion" in tip
        assert "Sector: Energy" in tip
        panel = visit.click(ENERGY)
        assert ENERGY in panel and "critical energy infrastructure" in panel
        assert "under agreement" in panel
        greyed = page.evaluate("(id) => pledgegraph.nodes.get(id).color.background", TOSHIBA)
        assert greyed == "#e4e7eb"  # not a neighbour: greyed out

        page.fill("#search", "toshiba")
        page.press("#search", "Enter")
        assert page.evaluate("pledgegraph.network.getSelectedNodes()") == [TOSHIBA]
        view, spot = page.evaluate(
            "(id) => [pledgegraph.network.getViewPosition(), pledgegraph.network.getPosition(id)]",
            TOSHIBA,
        )
        assert abs(view["x"] - spot["x"]) < 1 and abs(view["y"] - spot["y"]) < 1
        assert "Toshiba" in page.inner_text("#details h2")

        page.select_option("#filter-sector", label="Transformers (1)")
        shown = page.evaluate(
            """pledgegraph.nodes.get({filter: (n) => !n.hidden})
                 .map((n) => pledgegraph.data.nodes.find((d) => d.id === n.id))
                 .filter((d) => d.kind === 'commitment').map((d) => d.attrs.sector)"""
        )
        assert shown == ["Transformers"]
        page.select_option("#filter-sector", "")
        page.uncheck("#legend input[value=company]")  # a kind ticked off in the legend
        hidden = page.evaluate(
            """pledgegraph.nodes.get({filter: (n) => n.hidden})
                 .map((n) => pledgegraph.data.nodes.find((d) => d.id === n.id).kind)"""
        )
        assert hidden and set(hidden) == {"company"}
        page.click("#reset")
        assert page.evaluate("pledgegraph.nodes.get({filter: (n) => n.hidden}).length") == 0
        visit.assert_clean()
    finally:
        visit.close()


def test_two_agreements_show_each_sources_words_side_by_side(browser, folder):
    store = graph_of(2, folder)
    visit = Visit(browser, viz.page(store), folder)
    page = visit.page
    try:
        check_readable(visit, "network-2.png")
        panel = visit.click(TURBINES)
        heads = page.locator("table.claims thead th").all_inner_texts()
        assert any("Fact sheet: Testland and Exampleland (fiction)" in h for h in heads)
        assert any("Wire report on the Testland accord (fiction)" in h for h in heads)
        assert any("government source" in h and "2031-03-02" in h for h in heads)
        amount_row = page.locator("table.claims tbody tr", has_text="amount").inner_text()
        assert "up to $25 billion" in amount_row and "\n$25 billion" in amount_row
        assert "preferred rank" in amount_row and "accepted by Test Reviewer" in amount_row
        assert "Testland will invest $25 billion in turbines with Acme Turbines" in panel
        assert "not named by the source" in panel
        assert "so the amount is a cap" not in panel  # how it was chosen: folded away...
        page.click("#details details.reasons summary")  # ...until asked for
        assert "so the amount is a cap" in page.inner_text("#details")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "network-claims.png")
        # the disputed commitment is marked on the node, and its panel says so
        page.click("#reset")
        border = page.evaluate("(id) => pledgegraph.nodes.get(id).color.border", PORTS)
        assert border == "#d62728"
        assert "Sources of the same standing disagree" in visit.click(PORTS)
        # the filter by source keeps the commitments that source states
        page.click("#reset")
        page.select_option(
            "#filter-source", label="Wire report on the Testland accord (fiction) (2)"
        )
        shown = page.evaluate(
            """pledgegraph.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)
                 .filter((id) => id.includes('/commitment/'))"""
        )
        assert sorted(shown) == [PORTS, TURBINES]
        visit.assert_clean()
    finally:
        visit.close()


def test_three_agreements(browser, folder):
    html = viz.page(graph_of(3, folder))
    visit = Visit(browser, html, folder)
    try:
        assert visit.page.evaluate("pledgegraph.scene") == "full"
        check_readable(visit, "network-3.png")
        check_same_positions_on_a_second_load(browser, html, visit, folder)
    finally:
        visit.close()


def check_drill_down_matches_python(visit: Visit, store) -> None:
    """The page lays a drill-down out itself: the same positions as the Python recipe."""
    planner = Planner(read(store))
    ids = visit.page.evaluate("pledgegraph.data.nodes.map((n) => n.id)")
    index = {n: i for i, n in enumerate(ids)}
    checked = 0
    for dimension in ("agreement", "sector", "party", "source"):
        groups = planner.groups(dimension).members
        for group in sorted(groups, key=lambda g: (-len(groups[g]), g))[:3]:
            expected = planner.detail(group, groups[group]).json(index)
            got = visit.page.evaluate(
                "([d, g]) => pledgegraph.detail(d, g)", [dimension, index[group]]
            )
            assert [r[0] for r in got["nodes"]] == [r[0] for r in expected["nodes"]], group
            for a, b in zip(got["nodes"], expected["nodes"], strict=True):
                assert a[3] == b[3], (group, a, b)
                assert abs(a[1] - b[1]) <= 1 and abs(a[2] - b[2]) <= 1, (group, a, b)
            assert got["hidden"] == expected["hidden"]
            checked += 1
    assert checked >= 10


@pytest.mark.slow
def test_fifty_agreements_overview_and_drill_down(browser, folder):
    store = graph_of(50, folder)
    html = viz.page(store)
    visit = Visit(browser, html, folder)
    page = visit.page
    try:
        assert page.evaluate("pledgegraph.scene") == "overview:agreement"
        assert "Showing 50 of 50 agreements" in page.inner_text("#hidden-note")
        check_readable(visit, "network-50.png")
        check_drill_down_matches_python(visit, store)
        check_same_positions_on_a_second_load(browser, html, visit, folder)
        # drill down: a click on an agreement draws all its commitments and what they name
        agreement, count = page.evaluate(
            """(() => { const f = pledgegraph.data.filters.agreement[0];
                        return [pledgegraph.data.nodes[f[0]].id, f[1]]; })()"""
        )
        before = page.evaluate("pledgegraph.nodes.length")
        x, y = page.evaluate(
            """(id) => { const net = pledgegraph.network;
                         const d = net.canvasToDOM(net.getPosition(id));
                         const b = document.getElementById('graph').getBoundingClientRect();
                         return [b.left + d.x, b.top + d.y]; }""",
            agreement,
        )
        page.mouse.click(x, y)
        visit.wait_for("pledgegraph.scene.indexOf('detail:agreement:') === 0")
        drawn = page.evaluate(
            "pledgegraph.nodes.getIds().filter((id) => id.includes('/commitment/')).length"
        )
        assert drawn == count and page.evaluate("pledgegraph.nodes.length") != before
        assert page.is_visible("#back")
        check_readable(visit, "network-50-detail.png")
        page.click("#back")
        assert page.evaluate("pledgegraph.scene") == "overview:agreement"
        # a search finds a commitment the overview does not draw
        hidden = page.evaluate(
            """pledgegraph.data.nodes.filter((n) => n.kind === 'commitment'
                 && !pledgegraph.nodes.get(n.id)).map((n) => n.name)[0]"""
        )
        page.fill("#search", hidden)
        page.press("#search", "Enter")
        selected = page.evaluate("pledgegraph.network.getSelectedNodes()")
        assert len(selected) == 1 and page.inner_text("#details h2") == hidden
        page.select_option("#cluster-by", "sector")
        assert page.evaluate("pledgegraph.scene") == "overview:sector"
        check_readable(visit, "network-50-sectors.png")
    finally:
        visit.close()


def test_hostile_data_shows_as_text(browser, tmp_path):
    from pledgegraph.store import open_store

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
        visit.assert_clean()
    finally:
        visit.close()
