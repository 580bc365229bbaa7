"""The page, without a browser: embedded data, escaping, offline-ness, header, claims."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from pledgegraph import viz
from pledgegraph.build import build_outputs
from pledgegraph.cli import cli
from pledgegraph.errors import QueryError
from pledgegraph.graphpage.read import read
from pledgegraph.load import PledgeDataset
from pledgegraph.network import network
from pledgegraph.results import SelectResult, money
from pledgegraph.store import MemoryStore, Store, open_store
from tests.support_network import (
    HOSTILE_COMMITMENT_IRI,
    HOSTILE_COMPANY,
    HOSTILE_COMPANY_IRI,
    HOSTILE_QUOTE,
    TWO_SOURCES,
    graph_of,
    hostile_file,
)

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/pledgegraph/id/"
TURBINES = ID + "commitment/testland-accord/turbines"
PORTS = ID + "commitment/testland-accord/ports"
AIRCRAFT = ID + "commitment/testland-accord/aircraft"


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


def header(html: bytes) -> str:
    text = html.decode()
    return re.sub(r"<[^>]+>", "", text[text.index("<header>") : text.index("</header>")])


@pytest.fixture(scope="module")
def store(dataset: PledgeDataset) -> MemoryStore:
    return MemoryStore(dataset)


@pytest.fixture(scope="module")
def html(store: MemoryStore) -> bytes:
    return viz.page(store)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("viz")


@pytest.fixture(scope="module")
def two(folder) -> Store:
    return graph_of(2, folder)


def test_embedded_json_holds_every_node_and_edge(html, store):
    g = network(store)
    data = embedded(html)
    nodes = data["nodes"]
    assert [n["id"] for n in nodes] == sorted(g.nodes)  # no pseudo groups in the seed
    assert len(data["edges"]) == g.number_of_edges()
    drawn = {(nodes[s]["id"], nodes[t]["id"], data["edgeLabels"][k]) for s, t, k in data["edges"]}
    assert drawn == {(s, t, d["label"]) for s, t, d in g.edges(data=True)}
    assert data["mode"] == "full"
    assert sorted(r[0] for r in data["scenes"]["full"]["nodes"]) == list(range(len(nodes)))


def test_nodes_are_styled_by_kind_and_sized_by_amount(html):
    nodes = {n["id"]: n for n in embedded(html)["nodes"]}
    energy = nodes[ID + "commitment/us-japan-2025/energy-infrastructure"]
    toshiba = nodes[ID + "commitment/us-japan-2025/toshiba-power-modules"]
    policy = nodes[ID + "commitment/us-japan-2025/vehicle-certification-acceptance"]
    assert (energy["ak"], energy["short"]) == ("cap", "up to $332 bn")
    assert (toshiba["ak"], toshiba["short"]) == ("stated", "$25 bn")
    assert toshiba["attrs"]["amount_text"] == "$25 billion"
    # area grows with the amount: radius ~ sqrt, with a floor that keeps small ones clickable
    assert energy["size"] > toshiba["size"] > policy["size"] >= 8
    assert abs((energy["size"] - 9) / (toshiba["size"] - 9) - (332 / 25) ** 0.5) < 0.05
    assert (energy["style"], policy["style"]) == ("investment", "policy")
    long = nodes[ID + "commitment/us-japan-2025/ge-vernova-power-equipment"]
    assert long["name"] == "Large-scale power equipment with GE Vernova"


def test_one_colour_per_kind_and_a_legend(html):
    types = embedded(html)["types"]
    assert len({t[2] for t in types}) == len(types)
    text = html.decode()
    for kind, name, colour, _shape, count in types:
        assert f'value="{kind}"' in text and f"{name} ({count})" in text and colour in text


def test_page_loads_nothing_from_anywhere(html):
    page = parse(html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "data"):
            assert attrs.get(name) is None, (tag, attrs)
    assert not [attrs for attrs, _ in page.scripts if "src" in attrs]
    assert not re.search(rb"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert b"Content-Security-Policy" in html and b"default-src 'none'" in html


def test_header_of_one_agreement_and_the_newest_source_date(store, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # a file time would say 1970; sources say 2025
    text = header(viz.page(store))
    assert "U.S.-Japan Framework Agreement" in text
    assert "headline $467 billion" in text
    assert "itemised $513.45 billion (stated $156.45 billion + caps $357 billion)" in text
    # the White House fact sheet (dcterms:issued 2025-10-28) is the only dated source
    assert "data as of 2025-10-28" in text and "1970" not in text


def test_header_never_adds_agreements_up(two, folder):
    text = header(viz.page(two))
    assert "headline $467 billion" in text and "headline $40 billion" in text
    assert "itemised $513.45 billion" in text and "itemised $35 billion" in text
    # neither the headlines nor the itemised sums of the two agreements are added up
    for total in ("$507 billion", "$548.45 billion", "$553.45 billion"):
        assert total not in text
    # purchases stand apart from investment, and the sources' headlines side by side
    assert "purchases over $5 billion" in text
    assert "$40 billion in Fact sheet: Testland and Exampleland (fiction)" in text
    assert "$45 billion in Wire report on the Testland accord (fiction)" in text
    assert "data as of 2031-03-03" in text  # the newest of the sources' dates


def headline_sum(store: Store) -> Decimal:
    result = store.query(
        "PREFIX pledge: <https://w3id.org/pledgegraph/ontology#> "
        "PREFIX schema: <https://schema.org/> "
        "SELECT (SUM(?v) AS ?total) WHERE { ?a pledge:statedTotal/schema:value ?v }"
    )
    assert isinstance(result, SelectResult)
    return Decimal(str(result.rows[0]["total"]))


@pytest.mark.parametrize("agreements", (3, 50))
def test_header_lists_each_agreement_and_no_sum(folder, agreements):
    store = graph_of(agreements, folder)
    html = viz.page(store)
    text = header(html)
    data = read(store)
    names = [e.label for e in data.entities.values() if e.kind == "agreement"]
    assert len(names) == agreements
    for name in names:
        assert text.count(name) >= 1
    assert len(re.findall(r"headline (up to |over )?\$", text)) == agreements  # one line each
    total = headline_sum(store)
    assert money(total) not in html.decode()
    if agreements > 3:
        assert "(never added up across agreements)" in text


def test_claims_sit_beside_their_commitment_never_as_entities(two):
    data = embedded(viz.page(two))
    nodes = data["nodes"]
    ids = [n["id"] for n in nodes]
    assert not [i for i in ids if "/claim/" in i or "/evidence/" in i or "#" in i]
    at = {n["id"]: i for i, n in enumerate(nodes)}
    claims = data["claims"][str(at[TURBINES])]
    by_source = {nodes[c["source"]]["name"]: c for c in claims if c["fact"] == "amount"}
    gov = by_source["Fact sheet: Testland and Exampleland (fiction)"]
    wire = by_source["Wire report on the Testland accord (fiction)"]
    assert (gov["values"], gov["amount_kind"], gov["rank"]) == (
        ["up to $25 billion"],
        "cap",
        "preferred",
    )
    assert (wire["values"], wire["amount_kind"], wire["rank"]) == (
        ["$25 billion"],
        "stated",
        "normal",
    )
    assert wire["quote"] == "Testland will invest $25 billion in turbines with Acme Turbines"
    assert (wire["status"], wire["reviewer"], wire["reviewed"]) == (
        "accepted", "Test Reviewer", "2031-03-04",
    )  # fmt: skip
    partner = [c for c in claims if c["fact"] == "partner"]
    assert [c["values"] for c in partner] == [["Acme Turbines (fiction)"]]
    named = [c for c in claims if c["fact"] == "committed by"]
    assert named and named[0]["amount_kind"] == "not named"
    assert nodes[at[TURBINES]]["ak"] == "cap" and "disputed" not in nodes[at[TURBINES]]
    ports = nodes[at[PORTS]]
    assert ports["disputed"] == 1 and ports["attrs"]["amount_text"] == "$10 billion"
    reasons = data["reconciled"][str(at[PORTS])]
    assert "the lower figure is taken" in reasons[0]["reason"]
    rejected = [c for c in data["claims"][str(at[PORTS])] if c.get("status") == "rejected"]
    assert [c["values"] for c in rejected] == [["$15 billion"]]
    assert (
        nodes[at[AIRCRAFT]]["style"] == "purchase" and nodes[at[AIRCRAFT]]["short"] == "over $5 bn"
    )


def test_filters_list_agreements_parties_sectors_and_sources(two):
    data = embedded(viz.page(two))
    nodes = data["nodes"]
    names = {d: {nodes[i]["name"]: n for i, n in data["filters"][d]} for d in data["filters"]}
    assert names["agreement"]["Testland-Exampleland Accord (fiction)"] == 3
    assert names["source"]["Wire report on the Testland accord (fiction)"] == 2
    assert names["source"]["Second wire report (fiction)"] == 1
    assert names["party"]["Acme Turbines (fiction)"] == 1
    assert names["sector"]["Energy"] >= 2  # the seed's energy pledge and the fiction's turbines


def test_same_data_same_bytes(store, folder):
    assert viz.page(store) == viz.page(store)
    # two stores loaded from the same files: the same page, positions included
    assert viz.page(graph_of(3, folder)) == viz.page(graph_of(3, folder))
    # and whichever engine holds them
    files = [TWO_SOURCES]
    assert viz.page(open_store("memory", files)) == viz.page(open_store("oxigraph", files))


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
    assert nodes[HOSTILE_COMPANY_IRI]["name"] == HOSTILE_COMPANY
    assert nodes[HOSTILE_COMMITMENT_IRI]["attrs"]["quote"] == HOSTILE_QUOTE


def test_page_script_never_writes_html():
    static = ROOT / "src" / "pledgegraph" / "static"
    assert {p.name for p in static.glob("*.js")} == {*viz.SCRIPTS, "vis-network.min.js"}
    script = "".join((static / name).read_text() for name in viz.SCRIPTS)
    assert "textContent" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_large_graphs_open_on_an_overview(folder):
    data = embedded(viz.page(graph_of(50, folder)))
    assert data["mode"] == "overview"
    assert set(data["scenes"]) == {"agreement", "sector", "party"}
    nodes = data["nodes"]
    commitments = [n for n in nodes if n["kind"] == "commitment"]
    assert all("agreement" in c and "sectors" in c for c in commitments)  # to drill down by
    overview = data["scenes"]["agreement"]
    assert len(overview["nodes"]) < len(nodes) / 5
    assert overview["hidden"].startswith("Showing 50 of 50 agreements")


def test_build_writes_the_page(dataset):
    files = build_outputs(dataset)
    assert b'id="graph-data"' in files["network.html"]


def test_viz_command_draws_the_company_query():
    out = ROOT / "test-artifacts" / "toshiba.html"
    args = ["viz", "--query", "company-profile", "--param", "company=company:toshiba"]
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    nodes = {n["id"]: n for n in embedded(out.read_bytes())["nodes"]}
    toshiba = ID + "company/toshiba"
    pledge = ID + "commitment/us-japan-2025/toshiba-power-modules"
    assert toshiba in nodes and pledge in nodes
    assert nodes[pledge]["attrs"]["amount_text"] == "$25 billion"
    assert ID + "company/hitachi" not in nodes
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
    assert ID + "company/hitachi" in nodes
    assert ID + "company/toshiba" not in nodes


def test_viz_command_refuses_a_select_query(tmp_path):
    query = tmp_path / "select.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    out = tmp_path / "x.html"
    result = CliRunner().invoke(cli, ["viz", "--query", str(query), "-o", str(out)])
    assert result.exit_code == QueryError.exit_code
    assert "viz draws CONSTRUCT or DESCRIBE results only" in result.stderr
    assert not out.exists()


def test_viz_command_draws_everything_with_extra_files(tmp_path):
    out = tmp_path / "all.html"
    result = CliRunner().invoke(cli, ["viz", str(TWO_SOURCES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = embedded(out.read_bytes())
    assert len(data["nodes"]) > 90
    assert "<h1>Testland-Exampleland Accord (fiction); U.S.-Japan Framework Agreement</h1>" in (
        out.read_text()
    )


def test_a_remote_store_draws_the_same_page(tmp_path):
    """Any SPARQL 1.1 store: the same data pushed to an Oxigraph server gives the same bytes."""
    from pledgegraph.store import OxigraphStore, RemoteStore
    from tests.support_scale import oxigraph_server

    local = open_store("oxigraph", [TWO_SOURCES])
    assert isinstance(local, OxigraphStore)
    with oxigraph_server(tmp_path / "server") as base:
        remote = RemoteStore(base + "/query")
        for name in local.graph_names():  # the Graph Store Protocol, as `push` does
            remote.put_graph(name, local.graph_ntriples(name))
        page = viz.page(remote)
    assert embedded(page)["claims"] and page == viz.page(local)


def test_an_empty_graph_and_a_pledge_under_no_agreement_are_drawn():
    import networkx as nx

    empty = embedded(viz.render(nx.MultiDiGraph(), viz.PageInfo("empty")))
    assert empty["nodes"] == [] and empty["scenes"]["full"]["nodes"] == []
    g = nx.MultiDiGraph()
    pledge, company = ID + "commitment/x/a", ID + "company/c"
    g.add_node(pledge, type="commitment", label="A pledge", iri=pledge, amount=5e9,
               amount_kind="cap", currency="USD", amount_text="up to $5 billion")  # fmt: skip
    g.add_node(company, type="company", label="C", iri=company)
    g.add_edge(pledge, company, key="https://w3id.org/pledgegraph/ontology#partner", label="p")
    data = embedded(viz.render(g, viz.PageInfo("no agreement")))
    spots = {tuple(r[1:3]) for r in data["scenes"]["full"]["nodes"]}
    assert len(spots) == 2 and data["nodes"][0]["short"] == "up to $5 bn"
