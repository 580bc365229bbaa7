"""The network stage: counts against SPARQL, folded attributes, GraphML and GEXF round trips."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal

import networkx as nx
import pytest
from rdflib import RDFS, URIRef

from pledgegraph.load import PledgeDataset
from pledgegraph.network import network, network_from_graph, to_gexf, to_graphml
from pledgegraph.results import GraphResult
from pledgegraph.store import MemoryStore
from pledgegraph.summary import summarise
from pledgegraph.vocab import ID, PLEDGE
from tests.support_network import EDGE_COUNT, ENTITY_COUNT, sparql_count

COMMITMENT = ID["commitment/us-japan-2025/"]
ENERGY = str(COMMITMENT) + "energy-infrastructure"
TOSHIBA_PLEDGE = str(COMMITMENT) + "toshiba-power-modules"


@pytest.fixture(scope="module")
def store(dataset: PledgeDataset) -> MemoryStore:
    return MemoryStore(dataset)


@pytest.fixture(scope="module")
def g(store: MemoryStore) -> nx.MultiDiGraph:
    return network(store)


def test_counts_equal_a_sparql_count_of_entities_and_links(g, store):
    assert g.number_of_nodes() == sparql_count(store, ENTITY_COUNT)
    assert g.number_of_edges() == sparql_count(store, EDGE_COUNT)
    types = Counter(d["type"] for _, d in g.nodes(data=True))
    assert types["agreement"] == 1
    assert types["commitment"] == 25


def test_no_vocabulary_amount_or_evidence_nodes(g):
    for node, attrs in g.nodes(data=True):
        assert node.startswith(str(ID)), node
        assert "#" not in node, node  # #amount, #selector, #stated-total are folded
        assert "/evidence/" not in node, node
        assert attrs["type"] != "evidence"


def test_amounts_are_folded_with_cap_or_stated(g):
    energy = g.nodes[ENERGY]
    assert energy["amount"] == 332e9
    assert energy["amount_kind"] == "cap"
    assert energy["currency"] == "USD"
    assert energy["amount_text"] == "up to $332 billion"
    assert energy["sector"] == "Energy"
    assert "up to $332 billion" in energy["quote"]
    assert energy["source"].startswith("[Report from Tokyo")
    toshiba = g.nodes[TOSHIBA_PLEDGE]
    assert (toshiba["amount_kind"], toshiba["amount_text"]) == ("stated", "$25 billion")


def test_folded_amounts_add_up_to_the_summary(g, dataset):
    (summary,) = summarise(dataset).agreements  # one agreement: money is never summed across
    commitments = [d for _, d in g.nodes(data=True) if d["type"] == "commitment"]
    caps = sum(Decimal(str(d["amount"])) for d in commitments if d.get("amount_kind") == "cap")
    stated = sum(Decimal(str(d["amount"])) for d in commitments if d.get("amount_kind") == "stated")
    assert caps == summary.itemised_caps == Decimal("357e9")
    assert stated == summary.itemised_stated == Decimal("156.45e9")
    assert sum(1 for d in commitments if "amount" in d) == 14
    agreement = g.nodes[str(ID["agreement/us-japan-2025"])]
    assert agreement["amount_text"] == "$467 billion"


def test_every_commitment_carries_its_quote(g):
    for node, attrs in g.nodes(data=True):
        if attrs["type"] == "commitment":
            assert attrs.get("quote"), node
            assert attrs.get("source"), node


def test_edges_are_labelled_from_the_ontology(g, dataset):
    labels = Counter(d["label"] for *_, d in g.edges(data=True))
    assert labels["under agreement"] == 25
    for *_, attrs in g.edges(data=True):
        iri = URIRef(attrs["iri"])
        if iri.startswith(str(PLEDGE._NS)):
            assert attrs["label"] == str(dataset.value(iri, RDFS.label)), attrs
    ge_vernova = str(ID["company/ge-vernova"])
    partners_of = [s for s, _, d in g.in_edges(ge_vernova, data=True) if d["label"] == "partner"]
    assert len(partners_of) == 2  # the only company in two commitments


def test_attributes_are_plain_scalars(g):
    for _, attrs in g.nodes(data=True):
        for key, value in attrs.items():
            assert isinstance(key, str) and isinstance(value, (str, int, float)), (key, value)
    for *_, attrs in g.edges(data=True):
        assert all(isinstance(v, str) for v in attrs.values())


@pytest.mark.parametrize(
    "write, read",
    [
        (to_graphml, lambda b: nx.read_graphml(io.BytesIO(b), force_multigraph=True)),
        (to_gexf, lambda b: nx.read_gexf(io.BytesIO(b))),
    ],
    ids=["graphml", "gexf"],
)
def test_graphml_and_gexf_read_back_with_the_same_counts(g, write, read):
    data = write(g)
    assert data == write(g)  # deterministic
    back = read(data)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes[ENERGY]["amount_text"] == "up to $332 billion"
    assert float(back.nodes[ENERGY]["amount"]) == 332e9


def test_construct_result_is_drawn_with_labels_from_context(store, dataset):
    result = store.query(
        """
        PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
        CONSTRUCT { ?c ?p ?o } WHERE { ?c pledge:partner ?company ; ?p ?o }
        """,
        {"company": ID["company/toshiba"]},
    )
    assert isinstance(result, GraphResult)
    sub = network_from_graph(result.graph, context=dataset)
    assert TOSHIBA_PLEDGE in sub
    assert sub.nodes[str(ID["company/toshiba"])]["label"] == "Toshiba"
    assert sub.nodes[TOSHIBA_PLEDGE]["amount_text"] == "$25 billion"
    assert {d["label"] for *_, d in sub.edges(data=True)} >= {"partner", "under agreement"}
    assert sub.number_of_nodes() < 10


def test_claims_and_reconciliations_are_folded_into_their_subject():
    from pledgegraph.store import open_store
    from tests.support_network import TWO_SOURCES

    g = network(open_store("memory", [TWO_SOURCES]))
    fiction = str(ID["commitment/testland-accord/"])
    assert not [n for n in g if "/claim/" in n or "#" in n or "/evidence/" in n]
    turbines = g.nodes[fiction + "turbines"]
    assert (turbines["amount_kind"], turbines["amount_text"]) == ("cap", "up to $25 billion")
    assert g.nodes[fiction + "ports"]["disputed"] == "true"
    aircraft = g.nodes[fiction + "aircraft"]
    assert (aircraft["commitment_kind"], aircraft["amount_kind"]) == ("purchase", "floor")
    assert aircraft["amount_text"] == "over $5 billion"
    sources = {
        t for _, t, k in g.out_edges(fiction + "turbines", keys=True) if k.endswith("#evidence")
    }
    assert sources == {str(ID["source/testland-fact-sheet"]), str(ID["source/wire-report"])}
    assert not [k for *_, k in g.edges(keys=True) if k.endswith(("#claimAbout", "#reconciliation"))]
