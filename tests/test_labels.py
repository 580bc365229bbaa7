"""The one label lookup: its order of properties, its choice among several values, and that
every stage that names a node (validation report, pages, network, tables) goes through it."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

import pledgegraph
from pledgegraph.export.tables import entity_rows
from pledgegraph.labels import NAMES, curie, label
from pledgegraph.network import network_from_graph
from pledgegraph.validate import validate
from pledgegraph.web.linked_data import name_of

from .conftest import ROOT

# Fiction for these tests: a company with two labels, written in the order that the old
# unsorted lookup could pick either way.
TWIN = URIRef("https://w3id.org/pledgegraph/id/company/test-twin")


def test_properties_in_order_and_the_smallest_value() -> None:
    g = Graph()
    g.add((TWIN, DCTERMS.title, Literal("A title")))
    assert label(g, TWIN) == "A title"
    g.add((TWIN, SKOS.prefLabel, Literal("Preferred")))
    assert label(g, TWIN) == "Preferred"
    for name in ("Zeta Works", "Alpha Works", "Mid Works"):
        g.add((TWIN, RDFS.label, Literal(name)))
    assert label(g, TWIN) == "Alpha Works"
    assert label(g, TWIN, (DCTERMS.title,)) == "A title"
    assert label(g, URIRef("https://example.org/nothing")) is None


def test_the_first_graph_with_a_label_decides() -> None:
    result, context = Graph(), Graph()
    context.add((TWIN, RDFS.label, Literal("From the context")))
    assert label((result, context), TWIN) == "From the context"
    result.add((TWIN, DCTERMS.title, Literal("From the result")))
    assert label((result, context), TWIN) == "From the result"


def test_curie_where_a_prefix_is_bound() -> None:
    g = Graph()
    g.bind("company", "https://w3id.org/pledgegraph/id/company/")
    assert curie(g, TWIN) == "company:test-twin"
    assert curie(Graph(bind_namespaces="none"), TWIN) == str(TWIN)


def test_every_stage_names_a_node_with_two_labels_the_same(tmp_path: Path) -> None:
    twin = tmp_path / "twin.ttl"
    twin.write_text(
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<{TWIN}> a schema:Corporation ; rdfs:label "Zeta Works", "Alpha Works" .\n',
        encoding="utf-8",
    )
    dataset = pledgegraph.load([twin], root=ROOT)
    report = validate(dataset)
    about_twin = [r for r in report.results if r.focus == str(TWIN)]
    assert about_twin, report.summary()  # two labels break the one-label shape
    assert {r.focus_label for r in about_twin} == {"Alpha Works"}
    graph = dataset.graph(next(iter(n for n, f in dataset.files.items() if f == twin.resolve())))
    assert name_of(graph, TWIN) == "Alpha Works"
    assert network_from_graph(graph).nodes[str(TWIN)]["label"] == "Alpha Works"
    rows = [r for r in entity_rows(graph) if r["iri"] == str(TWIN)]
    assert [r["label"] for r in rows] == ["Alpha Works"]
    assert label(graph, TWIN, NAMES) == "Alpha Works"
