"""The dataset description: one VoID + DCAT node for the whole graph, with its distributions.

It goes into ``dist/void.ttl`` and, as the named graph ``DESCRIPTION_GRAPH``, into every export.
Its counts describe the export it sits in, itself included: ``void:triples`` is the number of
distinct triples in the union of the data and this description. That is well defined because
the description has the same number of triples whatever numbers it states, so we build it
once with placeholder counts, count, and build it again.

Dates come from the data (``summary.data_timestamp`` and the ontology's ``dcterms:created``),
never from the clock, so rebuilds are byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, XSD

from pledgegraph.export import DUMPS
from pledgegraph.export.rdf import union_graph
from pledgegraph.export.tables import entity_set, is_entity
from pledgegraph.formats import find
from pledgegraph.load import PledgeDataset
from pledgegraph.summary import data_timestamp
from pledgegraph.vocab import BASE, GRAPH, ID, PLEDGE, SCHEMA, VOID, ordered

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
    """The VoID + DCAT description of ``dataset`` as exported together with it."""
    data = union_graph(dataset)
    draft = _description(dataset, data, Counts(), vocabularies=())
    vocabularies = namespaces_used(_union(data, draft))
    draft = _description(dataset, data, Counts(), vocabularies)
    counts = count(_union(data, draft))
    final = _description(dataset, data, counts, vocabularies)
    assert count(_union(data, final)) == counts, "description changed size with its numbers"
    return final


def _union(data: Graph, description: Graph) -> Graph:
    union = Graph()
    for triple in data:
        union.add(triple)
    for triple in description:
        union.add(triple)
    return union


def count(graph: Graph) -> Counts:
    """The VoID statistics of ``graph``."""
    return Counts(
        triples=len(graph),
        entities=len(entity_set(graph)),
        classes=len(set(graph.objects(None, RDF.type))),
        properties=len(set(graph.predicates())),
    )


def namespace_of(iri: str) -> str:
    """``https://schema.org/Person`` -> ``https://schema.org/``; ``...ontology#x`` -> ``...#``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def namespaces_used(graph: Graph) -> tuple[URIRef, ...]:
    """Namespaces of the properties and classes used: what VoID calls the vocabularies."""
    terms = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    return tuple(sorted({URIRef(namespace_of(str(t))) for t in terms if isinstance(t, URIRef)}))


def _first(iris: Iterable[object]) -> list[URIRef]:
    ordered = sorted(i for i in iris if isinstance(i, URIRef))
    return ordered[:1]


def example_resources(data: Graph) -> list[URIRef]:
    """Every agreement, one investment commitment and one company: good places to start."""
    agreements = ordered(s for s in data.subjects(RDF.type, PLEDGE.Agreement) if is_entity(s))
    commitment = _first(data.subjects(RDF.type, PLEDGE.InvestmentCommitment))
    company = _first(data.subjects(RDF.type, SCHEMA.Corporation))
    return [*agreements, *commitment, *company]  # type: ignore[list-item]


def created_date(data: Graph) -> Literal | None:
    """The earliest ``dcterms:created`` of an ontology module: when the dataset began."""
    dates = ordered(
        d for o in data.subjects(RDF.type, OWL.Ontology) for d in data.objects(o, DCTERMS.created)
    )
    return dates[0] if dates else None  # type: ignore[return-value]


def _description(
    dataset: PledgeDataset, data: Graph, counts: Counts, vocabularies: Iterable[URIRef]
) -> Graph:
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
    if created := created_date(data):
        add((ds, DCTERMS.created, created))
    modified = data_timestamp(dataset).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    add((ds, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    add((ds, VOID.triples, Literal(counts.triples)))
    add((ds, VOID.entities, Literal(counts.entities)))
    add((ds, VOID.classes, Literal(counts.classes)))
    add((ds, VOID.properties, Literal(counts.properties)))
    add((ds, VOID.uriSpace, Literal(str(ID))))
    add((ds, VOID.uriRegexPattern, Literal("^" + str(ID).replace(".", "\\.") + "[^#]+$")))
    for vocabulary in vocabularies:
        add((ds, VOID.vocabulary, vocabulary))
    for example in example_resources(data):
        add((ds, VOID.exampleResource, example))
    for source in ordered(data.subjects(RDF.type, PLEDGE.SourceDocument)):
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
