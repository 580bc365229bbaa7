"""The dataset description: one VoID + DCAT node for the whole graph, with its distributions.

It goes into ``dist/void.ttl`` and, as the named graph ``DESCRIPTION_GRAPH``, into every export.
Its counts describe the export it sits in, itself included: ``void:triples`` is the number of
distinct triples in the union of the data and this description (a triple stated in two files
counts once), the number ``build`` prints and ``push`` checks. That is well defined because the
description has the same number of triples whatever numbers it states, so we build it once
with placeholder counts, put it in the store, count there, and build it again. Everything is
asked of the Oxigraph store with whole-graph queries: no copy of the graph is made. Each
agreement is a ``void:subset`` whose ``void:entities`` is its number of commitments.

Dates come from the data (``summary.data_timestamp`` and the ontology's ``dcterms:created``),
never from the clock, so rebuilds are byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, XSD

from pledgegraph.export import DUMPS
from pledgegraph.export.tables import ENTITIES, Select, is_entity, native_select
from pledgegraph.formats import find
from pledgegraph.load import PledgeDataset
from pledgegraph.store.oxigraph import OxigraphStore
from pledgegraph.summary import data_timestamp
from pledgegraph.vocab import BASE, GRAPH, ID, PLEDGE, SCHEMA, VOID

DATASET_IRI = ID["dataset/pledgegraph"]
DESCRIPTION_GRAPH = GRAPH["void"]
PUBLISHER_IRI = URIRef(BASE)
DOWNLOAD_BASE = BASE + "dist/"
SPARQL_ENDPOINT = URIRef(BASE + "sparql")
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")

TITLE = "PledgeGraph: international investment agreements and the pledges made under them"
DESCRIPTION = (
    "A linked-data knowledge graph of international investment agreements and the commitments "
    "made under them: who pledged how much, to whom, together with which companies, in which "
    "sectors, and which source sentence says so. Headline totals and itemised pledges are both "
    'recorded as the sources state them; caps ("up to") are kept apart from stated amounts. '
    "Quotations from sources remain under their publishers' rights (see dcterms:rights on each "
    "source document)."
)


@dataclass(frozen=True)
class Counts:
    triples: int = 0
    entities: int = 0
    classes: int = 0
    properties: int = 0


def describe(dataset: PledgeDataset) -> Graph:
    """The VoID + DCAT description of ``dataset`` (an rdflib copy is put into Oxigraph)."""
    return describe_store(OxigraphStore.from_dataset(dataset))


@dataclass(frozen=True)
class _Data:
    """What the counts need of the data, asked once before the description goes in."""

    triples: int
    entities: frozenset[str]
    classes: frozenset[str]
    properties: frozenset[str]

    @classmethod
    def of(cls, store: OxigraphStore, select: Select) -> _Data:
        claims = {c for (c,) in select(f"SELECT DISTINCT ?c {{ ?c a <{PLEDGE.Claim}> }}")}
        subjects = (s.value for s in store.subjects() if isinstance(s, ox.NamedNode))
        return cls(
            triples=store.distinct_triples(),
            entities=frozenset(s for s in subjects if is_entity(s) and s not in claims),
            classes=frozenset(c for (c,) in select("SELECT DISTINCT ?c { ?s a ?c }")),
            properties=frozenset(p for (p,) in select("SELECT DISTINCT ?p { ?s ?p ?o }")),
        )

    def with_description(self, store: OxigraphStore, description: Graph) -> Counts:
        """The counts of the data and ``description`` together (as ``count`` would find)."""
        subjects = {str(s) for s in description.subjects() if isinstance(s, URIRef)}
        return Counts(
            triples=self.triples + _new_triples(store, description),
            entities=len(self.entities | {s for s in subjects if is_entity(s)}),
            classes=len(self.classes | {str(c) for c in description.objects(None, RDF.type)}),
            properties=len(self.properties | {str(p) for p in description.predicates()}),
        )


def describe_store(store: OxigraphStore) -> Graph:
    """The VoID + DCAT description of ``store``, also put into it as ``DESCRIPTION_GRAPH``."""
    select = native_select(store.native)
    _put(store, Graph())  # an earlier description is not data
    data = _Data.of(store, select)
    modified = data_timestamp(store.files).replace(tzinfo=None).isoformat(timespec="seconds")
    facts = _Facts(select, modified + "Z")
    draft = _description(facts, Counts(), vocabularies=())
    vocabularies = namespaces_used(data.classes | data.properties | _terms(draft))
    draft = _description(facts, Counts(), vocabularies)
    _put(store, draft)
    counts = data.with_description(store, draft)
    final = _description(facts, counts, vocabularies)
    _put(store, final)
    assert data.with_description(store, final) == counts, "description changed size"
    return final


def _put(store: OxigraphStore, description: Graph) -> None:
    # sorted: Oxigraph in memory writes a graph in the order it was given
    lines = description.serialize(format="nt", encoding="utf-8").split(b"\n")
    store.add_graph(str(DESCRIPTION_GRAPH), b"\n".join(sorted(line for line in lines if line)))


def _new_triples(store: OxigraphStore, description: Graph) -> int:
    """The triples of ``description`` that no other graph of ``store`` states."""
    from pledgegraph.store.terms import to_oxigraph

    own = str(DESCRIPTION_GRAPH)
    new = 0
    for triple in description:
        s, p, o = (to_oxigraph(t) for t in triple)  # type: ignore[arg-type]
        stated = store.native.quads_for_pattern(s, p, o)  # type: ignore[arg-type]
        new += not any(getattr(q.graph_name, "value", None) != own for q in stated)
    return new


def _terms(graph: Graph) -> set[str]:
    return {str(p) for p in graph.predicates()} | {str(c) for c in graph.objects(None, RDF.type)}


def _one(select: Select, sparql: str) -> int:
    return int(select(sparql)[0][0])


def count(store: OxigraphStore) -> Counts:
    """The VoID statistics of the union of ``store``'s graphs, asked anew (for checks)."""
    select = native_select(store.native)
    return Counts(
        triples=store.distinct_triples(),
        entities=_one(select, f"SELECT (COUNT(*) AS ?n) {{ {ENTITIES} }}"),
        classes=_one(select, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }"),
        properties=_one(select, "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }"),
    )


def namespace_of(iri: str) -> str:
    """``https://schema.org/Person`` -> ``https://schema.org/``; ``...ontology#x`` -> ``...#``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def namespaces_used(terms: Iterable[str]) -> tuple[URIRef, ...]:
    """Namespaces of the properties and classes used: what VoID calls the vocabularies."""
    return tuple(sorted({URIRef(namespace_of(t)) for t in terms if ":" in t}))


@dataclass(frozen=True)
class _Facts:
    """What the description says about the data, asked once."""

    select: Select
    modified: str

    def iris(self, sparql: str) -> list[URIRef]:
        return sorted(URIRef(v) for (v,) in self.select(sparql) if v and ":" in v)

    def examples(self) -> list[URIRef]:
        """Every agreement, one investment commitment and one company: good places to start."""
        agreements = [
            a
            for a in self.iris(f"SELECT DISTINCT ?a {{ ?a a <{PLEDGE.Agreement}> }}")
            if str(a).startswith(str(ID)) and "#" not in a
        ]
        first = "SELECT (MIN(STR(?c)) AS ?m) {{ ?c a <{}> FILTER isIRI(?c) }}"
        commitment = self.iris(first.format(PLEDGE.InvestmentCommitment))
        company = self.iris(first.format(SCHEMA.Corporation))
        return [*agreements, *commitment, *company]

    def created(self) -> Literal | None:
        """The earliest ``dcterms:created`` of an ontology module: when the dataset began."""
        rows = self.select(
            f"SELECT ?d {{ ?o a <{OWL.Ontology}> ; <{DCTERMS.created}> ?d }} ORDER BY STR(?d)"
        )
        return Literal(rows[0][0], datatype=XSD.date) if rows else None

    def sources(self) -> list[URIRef]:
        return self.iris(f"SELECT DISTINCT ?s {{ ?s a <{PLEDGE.SourceDocument}> }}")

    def agreements(self) -> list[tuple[URIRef, str, int]]:
        """Each agreement (IRI), its label and its number of commitments."""
        rows = self.select(
            f"""SELECT ?a (MIN(STR(?l)) AS ?label) (COUNT(DISTINCT ?c) AS ?n) {{
              ?a a <{PLEDGE.Agreement}> FILTER isIRI(?a)
              OPTIONAL {{ ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
              OPTIONAL {{ ?c <{PLEDGE.underAgreement}> ?a }}
            }} GROUP BY ?a ORDER BY ?a"""
        )
        return [(URIRef(a), label or a, int(n)) for a, label, n in rows]


def _description(facts: _Facts, counts: Counts, vocabularies: Iterable[URIRef]) -> Graph:
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF)):
        g.bind(prefix, ns)
    g.bind("prov", PROV)
    ds = DATASET_IRI
    add = g.add
    add((ds, RDF.type, VOID.Dataset))
    add((ds, RDF.type, DCAT.Dataset))
    add((ds, DCTERMS.title, Literal(TITLE, lang="en")))
    add((ds, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    add((ds, DCTERMS.license, LICENSE))
    add((ds, DCTERMS.publisher, PUBLISHER_IRI))
    add((PUBLISHER_IRI, RDF.type, FOAF.Organization))
    add((PUBLISHER_IRI, FOAF.name, Literal("The PledgeGraph project")))
    add((ds, DCAT.landingPage, PUBLISHER_IRI))
    if created := facts.created():
        add((ds, DCTERMS.created, created))
    add((ds, DCTERMS.modified, Literal(facts.modified, datatype=XSD.dateTime)))
    add((ds, VOID.triples, Literal(counts.triples)))
    add((ds, VOID.entities, Literal(counts.entities)))
    add((ds, VOID.classes, Literal(counts.classes)))
    add((ds, VOID.properties, Literal(counts.properties)))
    add((ds, VOID.uriSpace, Literal(str(ID))))
    add((ds, VOID.uriRegexPattern, Literal("^" + str(ID).replace(".", "\\.") + "[^#]+$")))
    for vocabulary in vocabularies:
        add((ds, VOID.vocabulary, vocabulary))
    for example in facts.examples():
        add((ds, VOID.exampleResource, example))
    for agreement, title, commitments in facts.agreements():
        subset = URIRef(f"{ds}#agreement-{agreement.rsplit('/', 1)[-1]}")
        add((ds, VOID.subset, subset))
        add((subset, RDF.type, VOID.Dataset))
        add((subset, DCTERMS.title, Literal(title)))
        add((subset, DCTERMS.subject, agreement))
        add((subset, VOID.entities, Literal(commitments)))
    for source in facts.sources():
        add((ds, DCTERMS.source, source))
        add((ds, PROV.wasDerivedFrom, source))
    add((ds, VOID.sparqlEndpoint, SPARQL_ENDPOINT))
    service = URIRef(f"{ds}#sparql")
    add((service, RDF.type, DCAT.DataService))
    add((service, DCTERMS.title, Literal("PledgeGraph SPARQL endpoint", lang="en")))
    add((service, DCAT.endpointURL, SPARQL_ENDPOINT))
    add((service, DCAT.servesDataset, ds))
    add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    for name, format_name in DUMPS:
        _distribution(g, name, format_name)
    return g


def _distribution(g: Graph, name: str, format_name: str) -> None:
    fmt = find(format_name)
    node = URIRef(f"{DATASET_IRI}#{name}")
    url = URIRef(DOWNLOAD_BASE + name)
    g.add((DATASET_IRI, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    title = fmt.title or f"{name} (CSV table)"
    g.add((node, DCTERMS.title, Literal(title, lang="en")))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.mediaType, URIRef(MEDIA_TYPES + fmt.media_type)))
    g.add((node, DCTERMS.format, Literal(fmt.media_type)))
    if fmt.is_rdf:
        g.add((DATASET_IRI, VOID.dataDump, url))
