"""The one label lookup: what a node is called, chosen the same way everywhere.

A node's label is the value of the first property in ``LABELS`` that it has: ``rdfs:label``,
then ``skos:prefLabel``, then ``dcterms:title``. Of several values of that property the
smallest (by Unicode code points) wins, so the choice never depends on load order or hashing.
Given several graphs (a query result, then the whole dataset), the first graph that has a
value for any of the properties decides.

The CSV tables name entities by ``NAMES`` only (a document title is not a name there); the
pages, the network, the validation report and the tables all call ``label``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

LABELS: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
NAMES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel)


def first_value(
    graphs: Graph | Sequence[Graph], node: Node, properties: Sequence[URIRef]
) -> str | None:
    """The smallest value of the first of ``properties`` that ``node`` has, in the first of
    ``graphs`` with one; None if it has none."""
    for graph in [graphs] if isinstance(graphs, Graph) else graphs:
        for prop in properties:
            values = sorted(str(v) for v in graph.objects(node, prop))
            if values:
                return values[0]
    return None


def label(
    graphs: Graph | Sequence[Graph], node: Node, properties: Sequence[URIRef] = LABELS
) -> str | None:
    """The label of ``node`` (see the module's docstring), or None if it has none.

    >>> from rdflib import Literal
    >>> g = Graph()
    >>> n = URIRef("https://example.org/x")
    >>> for name in ("Zeta", "Alpha"):
    ...     _ = g.add((n, RDFS.label, Literal(name)))
    >>> _ = g.add((n, DCTERMS.title, Literal("A title")))
    >>> label(g, n)
    'Alpha'
    >>> label(g, URIRef("https://example.org/y")) is None
    True
    """
    return first_value(graphs, node, properties)


def curie(graph: Graph, iri: Node) -> str:
    """A CURIE such as ``pledge:partner`` where ``graph`` binds a prefix for it, else the IRI."""
    try:
        prefix, _namespace, name = graph.namespace_manager.compute_qname(str(iri), generate=False)
    except (KeyError, ValueError):
        return str(iri)
    return f"{prefix}:{name}" if prefix else str(iri)
