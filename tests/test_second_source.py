"""Issue 11's Done-when, end to end: second sources read into the seed agreement and reviewed.

A copy of the project (ontology/, data/, queries/) gets the fact sheet and the wire report of
``tests/fixtures/sources/`` through the commands a user runs: ``extract --agreement``,
``review`` (accept everything the fixture expects, reject the rest, resolve the ambiguous item
with ``--match``), ``build``. What should come out is read from each fixture's
``*.expected.yaml``, never written here.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from rdflib import URIRef

from pledgegraph.cli import cli
from pledgegraph.query import find_query, run
from pledgegraph.results import SelectResult
from pledgegraph.store import open_store
from pledgegraph.vocab import PLEDGE, SCHEMA
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

SOURCES = FIXTURES / "sources"
FIXTURE_NAMES = ("us-japan-2025-factsheet", "us-japan-2025-wire")
KINDS = {"government": "government", "news-agency": "news-agency", "newspaper": "newspaper"}
COMMITMENT = "https://w3id.org/pledgegraph/id/commitment/us-japan-2025/"
SEED_ITEMISED = Decimal("513450000000")  # the seed's itemised sum, as docs/sources.md states it
TIER = {"government": 2, "company": 3, "news-agency": 4, "newspaper": 5}  # the decision record


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SOURCES / f"{name}.expected.yaml").read_text())
    return data


def cli_run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def review_json(path: Path) -> list[dict[str, Any]]:
    result = cli_run("review", str(path), "--json")
    assert result.exit_code == 0, result.output
    import json

    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def wanted(item: dict[str, Any], text: str, located: list[tuple[int, int]]) -> bool:
    """Whether a draft item's quote overlaps an item the fixture expects."""
    start = text.find(item["quote"])
    end = start + len(item["quote"])
    return any(a < end and start < b for a, b in located)


def locate(name: str) -> tuple[str, list[tuple[int, int]]]:
    text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
    spans, pos = [], 0
    for item in expected(name)["items"]:
        start = text.index(item["quote"], pos)
        spans.append((start, start + len(item["quote"])))
        pos = start
    return text, spans


class Flow:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.drafts: dict[str, Path] = {}
        self.outputs: dict[str, Result] = {}

    def extract(self, name: str) -> Path:
        source = expected(name)["source"]
        target = self.root / "data" / "agreements" / f"{name}.ttl"
        text = self.root / "data" / "sources" / f"{name}.txt"
        shutil.copy(SOURCES / f"{name}.txt", text)
        args = ["extract", str(text), "--agreement", "us-japan-2025", "-o", str(target)]
        args += ["--published", source["published"], "--publisher", source["publisher"]]
        args += ["--source-kind", KINDS[source["kind"]]]
        if source["title"]:
            args += ["--title", source["title"]]
        result = cli_run(*args)
        assert result.exit_code == 0, result.output
        self.drafts[name] = target
        return target

    def review(self, name: str) -> None:
        """Reject what the fixture does not expect, accept all but the ambiguous, then resolve
        each ambiguous item with its first candidate."""
        path = self.drafts[name]
        text, spans = locate(name)
        items = review_json(path)
        extra = [i["id"] for i in items if not wanted(i, text, spans)]
        args = ["review", str(path), "--accept-all", "--reviewer", "Test Reviewer"]
        args += ["--date", "2026-12-02"]
        if extra:
            args += ["--reject", ",".join(extra)]
        self.outputs[f"accept-all {name}"] = result = cli_run(*args)
        assert result.exit_code == 0, result.output
        if name == FIXTURE_NAMES[0]:  # once is enough: a build loads everything
            self.outputs[f"build with ambiguous {name}"] = cli_run(
                "build", "--out", str(self.root / "dist-stopped")
            )
        for item in review_json(path):
            if item["status"] == "ambiguous":
                pick = sorted(item["candidates"])[-1]
                result = cli_run("review", str(path), "--match", f"{item['id']}=<{pick}>")
                assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flow]:
    root = tmp_path_factory.mktemp("project")
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLEDGEGRAPH_ROOT", str(root))
        flow = Flow(root)
        for name in FIXTURE_NAMES:
            flow.extract(name)
            if name == FIXTURE_NAMES[0]:
                flow.outputs["build with drafts"] = cli_run("build", "--out", str(root / "d0"))
            flow.review(name)
        flow.outputs["build"] = cli_run("build", "--out", str(root / "dist"))
        yield flow


def select(root: Path, name: str, **values: str) -> list[dict[str, Any]]:
    store = open_store("memory", root=root)
    result = run(store, find_query(name, root / "queries"), values)
    assert isinstance(result, SelectResult)
    return result.rows


def short(term: object) -> str:
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_drafts_never_build(flow: Flow) -> None:
    stopped = flow.outputs["build with drafts"]
    assert stopped.exit_code == 1
    assert f"data/agreements/{FIXTURE_NAMES[0]}.ttl" in stopped.stderr
    assert "draft node(s)" in stopped.stderr
    assert not (flow.root / "d0").exists()


def test_an_ambiguous_item_is_never_merged_unreviewed(flow: Flow) -> None:
    said = flow.outputs[f"accept-all {FIXTURE_NAMES[0]}"].stdout
    assert "is ambiguous" in said and "--match" in said
    # with only the ambiguous item left as a draft, the build still stops
    assert flow.outputs[f"build with ambiguous {FIXTURE_NAMES[0]}"].exit_code == 1


def test_build_passes_and_nothing_is_counted_twice(flow: Flow) -> None:
    built = flow.outputs["build"]
    assert built.exit_code == 0, built.output
    # the itemised sum moves only by what the fixtures expect: a new item adds its amount, a
    # matched figure that a more authoritative source states differently replaces the seed's
    # (a source of the same tier: the lower figure); nothing a source repeats is added again
    seed_tier = TIER["news-agency"]
    change = Decimal(0)
    for name in FIXTURE_NAMES:
        exp = expected(name)
        tier = TIER[exp["source"]["kind"]]
        for item in exp["items"]:
            value = Decimal(item["amount"]["value"])
            if item["status"] == "new":
                change += value
        for dis in exp["disagreements"]:
            if dis["fact"] != "amount":
                continue
            seed_value = Decimal(str(parse_money(dis["seed_value"])))
            value = Decimal(str(parse_money(dis["value"])))
            if value != seed_value and (tier < seed_tier or value < seed_value):
                change += value - seed_value
    rows = select(flow.root, "agreement-totals")
    (row,) = [r for r in rows if short(r["agreement"]) == "us-japan-2025"]
    assert Decimal(str(row["itemised"])) == SEED_ITEMISED + change


def parse_money(written: str) -> Decimal:
    from pledgegraph.ingest.amounts import parse_amount

    return parse_amount(written).value


def disagreement_pairs(flow: Flow) -> dict[tuple[str, str], set[frozenset[str]]]:
    rows = select(flow.root, "source-disagreements", agreement="agreement:us-japan-2025")
    found: dict[tuple[str, str], set[frozenset[str]]] = {}
    for r in rows:
        key = (short(r["commitment"]), short(r["fact"]))
        found.setdefault(key, set()).add(frozenset({short(r["sourceA"]), short(r["sourceB"])}))
    return found


def test_toshiba_has_both_sources_disagrees_and_is_a_cap(flow: Flow) -> None:
    toshiba = URIRef(COMMITMENT + "toshiba-power-modules")
    sources = select(flow.root, "commitment-sources", commitment=str(toshiba))
    stating = {short(r["source"]) for r in sources}
    assert "rttnews-us-japan-framework-2025" in stating and len(stating) >= 2
    pairs = disagreement_pairs(flow)
    assert (
        frozenset({"rttnews-us-japan-framework-2025", FIXTURE_NAMES[0]})
        in pairs[("toshiba-power-modules", "amount")]
    )
    store = open_store("memory", root=flow.root)
    graph = store.dataset()
    amount = graph.value(toshiba, PLEDGE.amount)
    assert graph.value(amount, SCHEMA.maxValue) is not None  # a cap in the roll-ups
    assert graph.value(amount, SCHEMA.value) is None
    (row,) = select(flow.root, "agreement-totals")
    assert Decimal(str(row["caps"])) >= Decimal("25000000000")


def test_disagreements_and_corroborations_as_the_fixtures_expect(flow: Flow) -> None:
    pairs = disagreement_pairs(flow)
    seed = "rttnews-us-japan-framework-2025"
    for name in FIXTURE_NAMES:
        exp = expected(name)
        pair = frozenset({seed, name})
        listed = {key for key, found in pairs.items() if pair in found}
        want = {(d["commitment"], d["fact"]) for d in exp["disagreements"]}
        corroborated = {(c["commitment"], c["fact"]) for c in exp["corroborated"]}
        assert not listed & corroborated, (name, listed & corroborated)
        # every amount disagreement the fixture expects is listed (investors and partners
        # depend on what the extractor reads from the sentence; see docs/sources.md)
        amounts = {k for k in want if k[1] == "amount"}
        assert amounts <= listed, (name, amounts - listed)


def test_equal_sources_that_differ_on_a_figure_are_disputed_lower_chosen(tmp_path: Path) -> None:
    """An invented news-agency text (this test's own) says $27 billion for the Toshiba item,
    which the seed (also a news agency) states as $25 billion."""
    root = tmp_path / "p"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, root / folder)  # the seed alone: one tier, a news agency
    text = root / "data" / "sources" / "invented-wire.txt"
    text.write_text(
        "TOKYO, Oct 29 (Invented Wire) - Japan will put $27 billion into power modules and "
        "transformers from Toshiba, officials said.\n",
        encoding="utf-8",
    )
    draft = root / "data" / "agreements" / "invented-wire.ttl"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLEDGEGRAPH_ROOT", str(root))
        made = cli_run(
            "extract", str(text), "--agreement", "us-japan-2025", "-o", str(draft),
            "--published", "2025-10-29", "--publisher", "Invented Wire",
            "--source-kind", "news-agency",
        )  # fmt: skip
        assert made.exit_code == 0, made.output
        items = review_json(draft)
        toshiba = [i for i in items if i["commitment"] == COMMITMENT + "toshiba-power-modules"]
        assert len(toshiba) == 1
        reviewed = cli_run("review", str(draft), "--accept", toshiba[0]["id"])
        assert reviewed.exit_code == 0
        others = [i["id"] for i in review_json(draft)]
        if others:
            cli_run("review", str(draft), "--reject", ",".join(others))
        graph = open_store("memory", root=root).dataset()
    subject = URIRef(COMMITMENT + "toshiba-power-modules")
    flagged = [subject, URIRef(f"{subject}#reconciled-amount")]
    assert any(str(graph.value(node, PLEDGE.disputed)) == "true" for node in flagged)
    amount = graph.value(subject, PLEDGE.amount)
    figures = [graph.value(amount, p) for p in (SCHEMA.value, SCHEMA.maxValue)]
    assert Decimal(str(next(f for f in figures if f is not None))) == Decimal("25000000000")


@pytest.mark.browser
def test_the_page_shows_both_sources_words_side_by_side(flow: Flow) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support_process import launch_chromium
    from tests.test_viz_browser import Visit

    page_file = flow.root / "dist" / "network.html"
    toshiba = COMMITMENT + "toshiba-power-modules"
    fact_sheet = expected(FIXTURE_NAMES[0])["source"]["title"]
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            visit = Visit(browser, page_file.read_bytes(), flow.root, "second-source")
            page = visit.page
            panel = visit.click(toshiba)
            heads = " | ".join(page.locator("table.claims thead th").all_inner_texts())
            assert fact_sheet in heads
            assert "Report from Tokyo on the U.S.-Japan Framework Agreement" in heads
            amount_row = page.locator("table.claims tbody tr", has_text="amount").inner_text()
            assert "up to $25 billion" in amount_row and "\n$25 billion" in amount_row
            assert "Up to $25 billion to supply Toshiba electrical power modules" in panel
            assert "Japan will invest another $25 billion to supply electrical power" in panel
            # the filter by source keeps the commitments the fact sheet states
            page.click("#reset")
            options = page.locator("#filter-source option").all_inner_texts()
            (label,) = [o for o in options if o.startswith(fact_sheet)]
            page.select_option("#filter-source", label=label)
            shown = page.evaluate(
                """pledgegraph.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)
                     .filter((id) => id.includes('/commitment/'))"""
            )
            assert toshiba in shown
            assert COMMITMENT + "carrier-thermal-cooling" not in shown  # not in the fact sheet
            visit.assert_clean()
            visit.close()
        finally:
            browser.close()
