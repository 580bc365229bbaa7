"""The page, without a browser: embedded data, escaping, offline-ness, header, determinism."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from pledgegraph import viz
from pledgegraph.build import build_outputs
from pledgegraph.cli import cli
from pledgegraph.errors import QueryError
from pledgegraph.load import PledgeDataset
from pledgegraph.network import network
from pledgegraph.store import MemoryStore, open_store
from tests.support_network import (
    HOSTILE_COMMITMENT_IRI,
    HOSTILE_COMPANY,
    HOSTILE_COMPANY_IRI,
    HOSTILE_QUOTE,
    big_network,
    hostile_file,
)

ROOT = Path(__file__).resolve().parent.parent


class PageParser(HTMLParser):
    """Collects every tag's attributes and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(html: bytes) -> PageParser:
    parser = PageParser()
    parser.feed(html.decode("utf-8"))
    return parser


def embedded(html: bytes) -> dict:
    scripts = [text for attrs, text in parse(html).scripts if attrs.get("id") == "graph-data"]
    assert len(scripts) == 1
    return json.loads(scripts[0])


@pytest.fixture(scope="module")
def store(dataset: PledgeDataset) -> MemoryStore:
    return MemoryStore(dataset)


@pytest.fixture(scope="module")
def html(store: MemoryStore) -> bytes:
    return viz.page(store)


def test_embedded_json_holds_every_node_and_edge(html, store):
    g = network(store)
    data = embedded(html)
    assert len(data["nodes"]) == g.number_of_nodes()
    assert len(data["edges"]) == g.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert {(e["from"], e["to"], e["label"]) for e in data["edges"]} == {
        (s, t, d["label"]) for s, t, d in g.edges(data=True)
    }


def test_nodes_are_styled_by_type_and_amount(html):
    nodes = {n["id"]: n for n in embedded(html)["nodes"]}
    energy = nodes["https://w3id.org/pledgegraph/id/commitment/us-japan-2025/energy-infrastructure"]
    toshiba = nodes[
        "https://w3id.org/pledgegraph/id/commitment/us-japan-2025/toshiba-power-modules"
    ]
    assert energy["shapeProperties"]["borderDashes"]  # a cap: dashed
    assert toshiba["shapeProperties"]["borderDashes"] is False  # stated: solid
    assert energy["size"] > toshiba["size"] > 9  # log scale: $332bn > $25bn > no amount
    agreement = nodes["https://w3id.org/pledgegraph/id/agreement/us-japan-2025"]
    assert (agreement["x"], agreement["y"], agreement["shape"]) == (0, 0, "star")
    long = nodes[
        "https://w3id.org/pledgegraph/id/commitment/us-japan-2025/ge-vernova-power-equipment"
    ]
    # the canvas shows a short label; tooltip, panel and search use the whole name
    assert long["name"] == "Large-scale power equipment with GE Vernova"
    assert long["label"] == "Large-scale power equipment with GE Ver…"
    colours = {n["kind"]: n["color"]["background"] for n in nodes.values()}
    assert len(set(colours.values())) == len(colours)  # one colour per type


def test_page_loads_nothing_from_anywhere(html):
    page = parse(html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "data"):
            assert attrs.get(name) is None, (tag, attrs)
    assert not [attrs for attrs, _ in page.scripts if "src" in attrs]
    # no URL the page could fetch outside the scripts' own comments and strings
    assert not re.search(rb"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert b"Content-Security-Policy" in html and b"default-src 'none'" in html


def test_header_shows_title_totals_and_data_time(store, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1761609600")  # 2025-10-28 00:00 UTC
    text = viz.page(store).decode()
    assert "<h1>U.S.-Japan Framework Agreement</h1>" in text
    assert "Headline total $467 billion" in text
    assert "itemised $513.45 billion" in text
    assert "caps $357 billion" in text
    assert datetime.fromtimestamp(1761609600, tz=UTC).strftime("%Y-%m-%d %H:%M UTC") in text


def test_same_data_same_bytes(store, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1761609600")
    assert viz.page(store) == viz.page(store)


def test_hostile_labels_and_quotes_cannot_break_out(tmp_path):
    store = open_store("memory", [hostile_file(tmp_path)])
    html = viz.page(store)
    text = html.decode()
    page = parse(html)
    assert len(page.scripts) == 3  # the library, the data and our own script: nothing more
    assert page.tags[-1][0] == "script"  # and nothing after our own script
    assert "<img" not in text and "<b>bold" not in text
    raw = next(t for a, t in page.scripts if a.get("id") == "graph-data")
    assert not set(raw) & {"<", ">", "&"}
    nodes = {n["id"]: n for n in json.loads(raw)["nodes"]}
    assert nodes[HOSTILE_COMPANY_IRI]["label"] == HOSTILE_COMPANY
    assert nodes[HOSTILE_COMPANY_IRI]["name"] == HOSTILE_COMPANY
    assert nodes[HOSTILE_COMMITMENT_IRI]["attrs"]["quote"] == HOSTILE_QUOTE


def test_page_script_never_writes_html():
    template = (ROOT / "src" / "pledgegraph" / "templates" / "network.html").read_text()
    own_script = template.rsplit("<script>", 1)[1]
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in own_script


def test_large_graphs_get_a_fixed_layout_without_physics(monkeypatch):
    monkeypatch.setattr(viz, "LARGE", 150)  # the same code path, less layout work
    g = nx.MultiDiGraph()
    for i in range(viz.LARGE + 10):
        g.add_node(f"n{i}", type="company", label=f"Company {i}", iri=f"n{i}")
        if i:
            g.add_edge(f"n{i}", f"n{i // 2}", label="partner", iri="p")
    html = viz.render(g, viz.PageInfo("big"))
    data = embedded(html)
    assert data["precomputed"] is True
    assert data["options"]["physics"] == {"enabled": False}
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert html == viz.render(g, viz.PageInfo("big"))  # fixed seed
    assert b"precomputed layout, physics off" in html


def test_build_writes_the_page(dataset):
    files = build_outputs(dataset)
    assert b'id="graph-data"' in files["network.html"]


def test_viz_command_draws_the_company_query():
    out = ROOT / "test-artifacts" / "toshiba.html"
    args = ["viz", "--query", "company-profile", "--param", "company=company:toshiba"]
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    nodes = {n["id"]: n for n in embedded(out.read_bytes())["nodes"]}
    toshiba = "https://w3id.org/pledgegraph/id/company/toshiba"
    pledge = "https://w3id.org/pledgegraph/id/commitment/us-japan-2025/toshiba-power-modules"
    assert toshiba in nodes and pledge in nodes
    assert nodes[pledge]["attrs"]["amount_text"] == "$25 billion"
    assert "https://w3id.org/pledgegraph/id/company/hitachi" not in nodes
    assert len(nodes) < 10
    assert "query company-profile, company=company:toshiba" in out.read_text()


def test_viz_command_draws_a_construct_file(tmp_path):
    query = tmp_path / "hitachi.rq"
    query.write_text(
        "PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>\n"
        "CONSTRUCT { ?c ?p ?o } WHERE {\n"
        "  ?c pledge:partner <https://w3id.org/pledgegraph/id/company/hitachi> ; ?p ?o }\n"
    )
    out = tmp_path / "hitachi.html"
    result = CliRunner().invoke(cli, ["viz", "--query", str(query), "-o", str(out)])
    assert result.exit_code == 0, result.output
    nodes = {n["id"] for n in embedded(out.read_bytes())["nodes"]}
    assert "https://w3id.org/pledgegraph/id/company/hitachi" in nodes
    assert "https://w3id.org/pledgegraph/id/company/toshiba" not in nodes


def test_viz_command_refuses_a_select_query(tmp_path):
    query = tmp_path / "select.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    out = tmp_path / "x.html"
    result = CliRunner().invoke(cli, ["viz", "--query", str(query), "-o", str(out)])
    assert result.exit_code == QueryError.exit_code
    assert "viz draws CONSTRUCT or DESCRIBE results only" in result.stderr
    assert not out.exists()


def test_viz_command_draws_everything(tmp_path):
    out = tmp_path / "all.html"
    result = CliRunner().invoke(cli, ["viz", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(embedded(out.read_bytes())["nodes"]) > 80


def test_very_large_graphs_get_a_spiral_layout(monkeypatch):
    monkeypatch.setattr(viz, "SPRING_MAX", viz.LARGE + 1)
    g = nx.MultiDiGraph()
    for i in range(viz.LARGE + 5):
        g.add_node(f"n{i}", type="company", label=f"Company {i}", iri=f"n{i}")
        if i:
            g.add_edge(f"n{i}", "n0", label="partner", iri="p")
    pos = viz.layout(g)
    assert len(set(pos.values())) == g.number_of_nodes()  # no two nodes on one spot
    assert pos["n0"] == (0.0, 0.0)  # the hub in the middle


def test_large_graphs_fold_commitments_into_sectors_and_companies(monkeypatch):
    from pledgegraph.network import aggregate

    g = big_network()
    folded_graph, folded = aggregate(g)
    assert not [n for n, d in folded_graph.nodes(data=True) if d["type"] == "commitment"]
    sector0 = "https://example.org/sector/0"
    assert folded_graph.nodes[sector0]["commitments"] == 40 == len(folded[sector0])
    stated = sum(
        g.nodes[c]["amount"] for c in folded[sector0] if g.nodes[c]["amount_kind"] == "stated"
    )
    assert folded_graph.nodes[sector0]["stated_total"] == stated
    assert stated == 0  # sector 0 holds pledges 0, 30, 60...: all caps, so no "stated $0"
    assert folded_graph.nodes[sector0]["amount_text"].startswith("40 commitments: caps $")
    company0 = "https://example.org/company/0"
    assert len(folded[company0]) == 3

    def link(source, target):
        return {
            d["label"] for s, t, d in folded_graph.edges(data=True) if (s, t) == (source, target)
        }

    assert link(company0, sector0) == {"1 commitment"}  # its pledges 0, 400, 800: sectors 0, 10, 20
    assert link("https://example.org/gov/a", sector0) == {"40 commitments"}  # all even
    html = viz.render(g, viz.PageInfo("big"))
    data = embedded(html)
    assert len(data["nodes"]) == folded_graph.number_of_nodes() == 433
    assert len(data["foldedNodes"]) == 1200
    assert len(data["foldedEdges"]) == g.number_of_edges()  # every edge touches a pledge
    assert b"1200 commitments folded into their sectors and companies" in html
    assert data["precomputed"] is True and data["options"]["physics"] == {"enabled": False}
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 433  # no two on one spot
    # folding off: everything drawn (on the spiral layout, which is quicker to compute)
    monkeypatch.setattr(viz, "SPRING_MAX", 0)
    assert len(embedded(viz.render(g, viz.PageInfo("big"), fold_large=False))["nodes"]) == 1633


def test_title_names_a_few_agreements_and_counts_many():
    g = nx.MultiDiGraph()
    for i in range(2):
        g.add_node(f"a{i}", type="agreement", label=f"Accord {i}", iri=f"a{i}")
    assert viz.default_title(g) == "Accord 0; Accord 1"
    for i in range(2, 5):
        g.add_node(f"a{i}", type="agreement", label=f"Accord {i}", iri=f"a{i}")
    assert viz.default_title(g) == "PledgeGraph: 5 agreements"
