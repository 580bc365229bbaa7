"""Network stage: RDF -> a networkx ``MultiDiGraph`` of the entities and how they relate.

One node per entity (an IRI under ``https://w3id.org/pledgegraph/id/``), keyed by its IRI, with
``type`` (agreement, commitment, company, ...), ``label``, ``iri`` and its literal properties as
attributes. Amounts, evidence, quote selectors, each source's claims and the reconciliation
nodes are not entities in their own right: they are folded into the attributes of the node that
owns them (``amount``, ``amount_kind`` stated|cap|floor|range, ``currency``, ``amount_text`` "up
to $332 billion", ``quote``, ``source``, ``disputed``), and each evidence becomes one edge from
its owner to the source document. A commitment also carries its ``sector`` labels and its
``commitment_kind`` (investment, purchase or policy). Classes, properties, the sector scheme and
other vocabulary terms are left out. Edges are keyed by the property IRI and labelled with its
``rdfs:label`` from the ontology.

Every attribute is a str, float or int, so ``to_graphml`` and ``to_gexf`` write them as they are.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from decimal import Decimal
from typing import cast

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Identifier, Node

from pledgegraph.labels import NAMES, first_value, label
from pledgegraph.results import money
from pledgegraph.store import Store
from pledgegraph.vocab import ID, OA, PLEDGE, SCHEMA, ordered

# rdf:type -> node type; the first match in this order wins (a commitment may have two types).
TYPES: tuple[tuple[URIRef, str], ...] = (
    (PLEDGE.Agreement, "agreement"),
    (PLEDGE.Instrument, "instrument"),
    (PLEDGE.Commitment, "commitment"),
    (PLEDGE.InvestmentCommitment, "commitment"),
    (PLEDGE.PolicyCommitment, "commitment"),
    (PLEDGE.PurchaseCommitment, "commitment"),
    (PLEDGE.SupranationalBody, "supranational"),
    (PLEDGE.SubnationalGovernment, "subnational"),
    (SCHEMA.GovernmentOrganization, "government"),
    (SCHEMA.Corporation, "company"),
    (PLEDGE.CompanyGroup, "group"),
    (SCHEMA.Person, "person"),
    (SCHEMA.Country, "country"),
    (SCHEMA.City, "city"),
    (SCHEMA.Place, "place"),
    (PLEDGE.Sector, "sector"),
    (PLEDGE.Facility, "facility"),
    (PLEDGE.SourceDocument, "source"),
)
# IRI folder -> node type, for CONSTRUCT results that carry no rdf:type.
KIND_TYPES = {"group": "group", "evidence": "evidence"}

# Terms of the claims model (docs/decisions/20261202-sources-and-claims.md).
CLAIM, RECONCILIATION, CLAIM_ABOUT, PURCHASE = (
    PLEDGE.Claim,
    PLEDGE.reconciliation,
    PLEDGE.claimAbout,
    PLEDGE.PurchaseCommitment,
)
# Nodes that are folded into their owner instead of drawn: amounts, evidence and its
# selectors, each source's claims, and the reconciliation that chose the simple triples.
FOLDED_TYPES = {
    SCHEMA.MonetaryAmount,
    PLEDGE.Evidence,
    OA.TextQuoteSelector,
    CLAIM,
    PLEDGE.Reconciliation,
}
FOLDING_LINKS = {PLEDGE.amount, PLEDGE.statedTotal, PLEDGE.evidence, OA.hasSelector, RECONCILIATION}
# Inverses of edges that are drawn anyway, and scheme bookkeeping: not drawn.
SKIPPED_LINKS = {
    SKOS.narrower, SKOS.hasTopConcept, SKOS.topConceptOf, SKOS.inScheme, RDF.type, CLAIM_ABOUT
}  # fmt: skip


def network(store: Store) -> nx.MultiDiGraph[str]:
    """The whole graph of ``store`` as a network."""
    return network_from_graph(store.dataset())


def network_from_graph(graph: Graph, context: Graph | None = None) -> nx.MultiDiGraph[str]:
    """The network of ``graph`` (a dataset, or a CONSTRUCT result).

    ``context`` (usually the whole dataset) supplies what a query result may lack: property
    labels from the ontology, and labels and types of the entities it names.
    """
    # One plain graph reads faster than a Dataset's union (and without its deprecation noise).
    same = context is None or context is graph
    graph = _plain_union(graph) if isinstance(graph, Dataset) else graph
    context = graph if same or context is None else context
    context = _plain_union(context) if isinstance(context, Dataset) else context
    folded = _folded_nodes(graph)
    entities = sorted(
        {
            term
            for s, _, o in graph.triples((None, None, None))
            for term in (s, o)
            if isinstance(term, URIRef) and term.startswith(str(ID)) and term not in folded
        }
    )
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for iri in entities:
        g.add_node(str(iri), **_attributes(graph, context, iri))
    for iri in entities:
        _fold_into(g, graph, context, iri)
    # Filter first, then sort the few links by their text: sorting all triples compares
    # rdflib terms, which is most of the time on a large graph. (For IRIs both orders agree.)
    links = sorted(
        (str(s), str(p), str(o))
        for s, p, o in graph.triples((None, None, None))
        if isinstance(o, URIRef)
        and isinstance(s, URIRef)
        and p not in SKIPPED_LINKS
        and p not in FOLDING_LINKS
        and str(s) in g
        and str(o) in g
    )
    labels: dict[str, str] = {}
    for s, p, o in links:
        if p not in labels:
            labels[p] = _property_label(context, URIRef(p))
        g.add_edge(s, o, key=p, label=labels[p], iri=p)
    return g


def _plain_union(dataset: Dataset) -> Graph:
    """Every triple of ``dataset`` in one graph without context bookkeeping: rdflib's default
    store looks up the contexts of each triple it yields, which is most of the time of reading a
    large graph; ``SimpleMemory`` does not."""
    union = Graph(store="SimpleMemory")
    for graph in dataset.graphs():
        for triple in graph.triples((None, None, None)):
            union.add(triple)
    return union


def _folded_nodes(graph: Graph) -> set[Node]:
    folded: set[Node] = set()
    for kind in FOLDED_TYPES:
        folded.update(graph.subjects(RDF.type, kind))
    for link in FOLDING_LINKS:
        folded.update(graph.objects(None, link))
    return folded


def local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def node_type(graph: Graph, iri: URIRef) -> str:
    """The node type of ``iri``: from its rdf:type, else from its IRI folder (``id/<kind>/``)."""
    types = set(graph.objects(iri, RDF.type))
    for cls, name in TYPES:
        if cls in types:
            return name
    kind = str(iri)[len(str(ID)) :].split("/", 1)[0]
    return KIND_TYPES.get(kind, kind)


def _attributes(graph: Graph, context: Graph, iri: URIRef) -> dict[str, str | float | int]:
    both = (graph, context)
    typed = graph if any(True for _ in graph.objects(iri, RDF.type)) else context
    attrs: dict[str, str | float | int] = {
        "iri": str(iri),
        "type": node_type(typed, iri),
        "label": label(both, iri) or local_name(str(iri)),
    }
    if attrs["type"] == "commitment":
        types = set(typed.objects(iri, RDF.type))
        attrs["commitment_kind"] = (
            "purchase" if PURCHASE in types else "policy" if PLEDGE.PolicyCommitment in types
            else "investment"
        )  # fmt: skip
    literals: dict[str, list[str]] = defaultdict(list)
    for p, o in graph.predicate_objects(iri):
        if isinstance(o, Literal) and p not in NAMES:
            literals[local_name(str(p))].append(str(o))
        elif isinstance(o, URIRef) and not o.startswith(str(ID)) and p not in SKIPPED_LINKS:
            literals[local_name(str(p))].append(str(o))  # links out, e.g. schema:sameAs
    for key, values in sorted(literals.items()):
        if key not in attrs:
            attrs[key] = "; ".join(sorted(set(values)))
    return attrs


def _fold_into(g: nx.MultiDiGraph[str], graph: Graph, context: Graph, iri: URIRef) -> None:
    """Fold amounts, evidence and sectors of ``iri`` into its node, and link its sources."""
    node = g.nodes[str(iri)]
    for amount in ordered(graph.objects(iri, PLEDGE.amount)) + ordered(
        graph.objects(iri, PLEDGE.statedTotal)
    ):
        node.update(_amount(_about(amount, graph, context), amount))
    quotes: list[str] = []
    sources: list[str] = []
    for evidence in ordered(graph.objects(iri, PLEDGE.evidence)):
        about = _about(evidence, graph, context)
        for selector in ordered(about.objects(evidence, OA.hasSelector)):
            selected = _about(selector, graph, context)
            quotes += sorted(str(q) for q in selected.objects(selector, OA.exact))
        for source in ordered(about.objects(evidence, OA.hasSource)):
            sources.append(label((graph, context), source) or local_name(str(source)))
            if str(source) in g:
                g.add_edge(
                    str(iri),
                    str(source),
                    key=str(PLEDGE.evidence),
                    label=_property_label(context, PLEDGE.evidence),
                    iri=str(PLEDGE.evidence),
                )
    if quotes:
        node["quote"] = "\n".join(dict.fromkeys(quotes))
    if sources:
        node["source"] = "; ".join(dict.fromkeys(sources))
    sectors = sorted(
        label((graph, context), s) or local_name(str(s)) for s in graph.objects(iri, PLEDGE.sector)
    )
    if sectors:
        node["sector"] = "; ".join(sectors)


def _about(node: Node, graph: Graph, context: Graph) -> Graph:
    """Where to read a folded node: the graph if it describes it (a CONSTRUCT result may only
    name it), else the context."""
    return graph if (node, None, None) in graph else context


def _amount(graph: Graph, amount: Node) -> dict[str, str | float]:
    """``amount`` (the figure to size by), ``amount_kind`` stated|cap|floor|range,
    ``currency``, ``amount_text`` as worded; a range also has ``min_amount``/``max_amount``."""
    currency = first_value(graph, amount, (SCHEMA.currency,)) or "USD"
    figures = {}
    for predicate in (SCHEMA.value, SCHEMA.minValue, SCHEMA.maxValue):
        value = graph.value(amount, predicate)
        if isinstance(value, Literal):
            figures[predicate] = Decimal(str(value))
    low, high = figures.get(SCHEMA.minValue), figures.get(SCHEMA.maxValue)
    if SCHEMA.value in figures:
        kind, figure, text = "stated", figures[SCHEMA.value], money(figures[SCHEMA.value], currency)
    elif low is not None and high is not None:
        kind, figure, text = "range", high, f"{money(low, currency)}\u2013{money(high, currency)}"
    elif high is not None:
        kind, figure, text = "cap", high, "up to " + money(high, currency)
    elif low is not None:
        kind, figure, text = "floor", low, "over " + money(low, currency)
    else:
        return {}
    out: dict[str, str | float] = {
        "amount": float(figure), "amount_kind": kind, "currency": currency, "amount_text": text
    }  # fmt: skip
    if kind == "range":
        out.update(min_amount=float(low), max_amount=float(high))  # type: ignore[arg-type]
    return out


def _property_label(context: Graph, predicate: URIRef) -> str:
    labels = sorted(context.objects(predicate, RDFS.label), key=_english_first)
    if labels:
        return str(labels[0])
    return readable(str(predicate))


def readable(predicate: str) -> str:
    """A property without a label, in words: ``schema:containedInPlace`` -> "contained in place"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local_name(predicate)).lower()


def _english_first(label: Node) -> tuple[bool, Identifier]:
    """Sort key: a label in English first, then rdflib's order of terms."""
    return not (isinstance(label, Literal) and label.language == "en"), cast(Identifier, label)


def to_graphml(g: nx.MultiDiGraph[str]) -> bytes:
    """The network as GraphML (for Gephi, yEd, Cytoscape)."""
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_gexf(g: nx.MultiDiGraph[str]) -> bytes:
    """The network as GEXF 1.2 (Gephi's own format)."""
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()
