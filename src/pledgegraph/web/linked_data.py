"""The views of dereferenceable IRIs: the HTML of ``/id/...`` and ``/ontology`` pages, the
formats they are offered in, and the queries that gather them (``resources`` serves them).

The ``https://w3id.org/pledgegraph/`` IRIs map onto paths of this server: ``.../id/company/toyota``
is ``/id/company/toyota``. HTML comes from Jinja templates with autoescaping: labels and quotes
are never markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from pledgegraph.errors import PledgeGraphError
from pledgegraph.formats import FILE_FORMATS, RDF_FORMATS, Format, find
from pledgegraph.labels import curie, label
from pledgegraph.results import money
from pledgegraph.templating import render
from pledgegraph.vocab import BASE, ID, OA, PLEDGE, SCHEMA, ordered

HTML = find("html")
# order breaks ties in negotiation: */* and text/* get HTML, application/* JSON-LD
OFFERED: tuple[Format, ...] = (
    HTML,
    *sorted(
        RDF_FORMATS,
        key=lambda f: ("turtle", "jsonld").index(f.name) if f.name in ("turtle", "jsonld") else 2,
    ),
)
ONTOLOGY_GRAPHS = BASE + "graph/ontology/"

DESCRIBE = """
PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
CONSTRUCT { ?s ?p ?o . ?x ?lp ?label }
WHERE {
  { ?iri ?p ?o . BIND(?iri AS ?s) }
  UNION { ?s ?p ?o . FILTER(STRSTARTS(STR(?s), CONCAT(STR(?iri), "#"))) }
  UNION { ?s ?p ?iri . BIND(?iri AS ?o) }
  UNION { ?iri pledge:evidence ?s . ?s ?p ?o }
  UNION { ?iri pledge:evidence/oa:hasSelector ?s . ?s ?p ?o }
  UNION {
    { ?iri ?q ?x } UNION { ?x ?q ?iri } UNION { ?iri pledge:evidence/oa:hasSource ?x }
    UNION { ?iri ?q ?y . ?y ?r ?x . FILTER(STRSTARTS(STR(?y), CONCAT(STR(?iri), "#"))) }
    VALUES ?lp { rdfs:label skos:prefLabel dcterms:title }
    ?x ?lp ?label
  }
}
"""

ONTOLOGY = """
CONSTRUCT { ?s ?p ?o }
WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(?prefix))) }
"""


# ---------------------------------------------------------------- content negotiation


def split_extension(path: str) -> tuple[str, Format | None, bool]:
    """``"company/toyota.ttl"`` -> ``("company/toyota", turtle, True)``.

    Slugs never hold a dot, so a dot starts an extension; an unknown one is not found.
    The last item is False for a known format we do not serve here (-> 406).
    """
    stem, dot, extension = path.rpartition(".")
    if not dot or "/" in extension:
        return path, None, True
    try:
        fmt = find(extension, FILE_FORMATS)
    except PledgeGraphError:
        return path, None, False
    return stem, fmt, fmt in OFFERED


# ---------------------------------------------------------------- HTML views


def local_href(iri: Node) -> str | None:
    """Our IRIs become paths of this server; others stay as they are."""
    text = str(iri)
    if text.startswith(BASE):
        return "/" + text[len(BASE) :]
    return text if text.startswith(("http://", "https://")) else None


def name_of(graph: Graph, node: Node) -> str:
    """Its label; else ``#amount`` for a part of one of our entities; else a CURIE or IRI."""
    if (found := label(graph, node)) is not None:
        return found
    if isinstance(node, URIRef) and "#" in node and str(node).startswith(str(ID)):
        return "#" + str(node).rsplit("#", 1)[1]
    return curie(graph, node)


@dataclass
class Value:
    text: str
    href: str | None = None
    note: str = ""  # datatype or language of a literal, or a readable amount
    details: list[tuple[Value, list[Value]]] = field(default_factory=list)


def value_view(graph: Graph, node: Node, owner: Node | None = None) -> Value:
    if isinstance(node, Literal):
        note = node.language or (curie(graph, node.datatype) if node.datatype else "")
        return Value(str(node), note=note)
    if isinstance(node, BNode):
        members = _list_members(graph, node)
        return Value(" or ".join(name_of(graph, m) for m in members) if members else "(blank node)")
    view = Value(name_of(graph, node), local_href(node))
    if owner is not None and str(node).startswith(str(owner) + "#"):
        view.details = properties(graph, node)
        view.note = amount_note(graph, node)
    return view


def _list_members(graph: Graph, node: Node) -> list[Node]:
    for predicate in (OWL.unionOf, OWL.withRestrictions):
        for head in graph.objects(node, predicate):
            return list(Collection(graph, head))
    return []


def amount_note(graph: Graph, node: Node) -> str:
    """``up to $332 billion`` for a cap, ``$30 billion`` for a stated amount."""
    currency = str(next(iter(graph.objects(node, SCHEMA.currency)), "USD"))
    for predicate, prefix in (
        (SCHEMA.value, ""),
        (SCHEMA.maxValue, "up to "),
        (SCHEMA.minValue, "at least "),
    ):
        for value in graph.objects(node, predicate):
            try:
                return prefix + money(Decimal(str(value)), currency)
            except InvalidOperation:
                return ""
    return ""


def properties(graph: Graph, subject: Node) -> list[tuple[Value, list[Value]]]:
    """``(property, values)`` pairs of ``subject``, sorted by property name."""
    rows = []
    for predicate in ordered(set(graph.predicates(subject))):
        name = Value(curie(graph, predicate), local_href(predicate))
        values = ordered(graph.objects(subject, predicate))
        rows.append((name, [value_view(graph, v, owner=subject) for v in values]))
    return rows


def evidence_view(graph: Graph, subject: URIRef) -> list[dict[str, object]]:
    """The quotes behind ``subject``, each with its source."""
    quotes: list[dict[str, object]] = []
    for evidence in ordered(graph.objects(subject, PLEDGE.evidence)):
        for selector in ordered(graph.objects(evidence, OA.hasSelector)):
            for exact in graph.objects(selector, OA.exact):
                sources = [
                    Value(name_of(graph, s), local_href(s))
                    for s in ordered(graph.objects(evidence, OA.hasSource))
                ]
                start = next(iter(graph.objects(selector, OA.start)), None)
                end = next(iter(graph.objects(selector, OA.end)), None)
                span = f"characters {start} to {end}" if start is not None else ""
                quotes.append({"quote": str(exact), "sources": sources, "span": span})
    return quotes


def incoming_view(graph: Graph, iri: URIRef) -> list[tuple[Value, Value]]:
    """``(subject, property)`` pairs of the triples pointing at ``iri``, sorted by label."""
    rows = [
        (Value(name_of(graph, s), local_href(s)), Value(curie(graph, p), local_href(p)))
        for s, p in graph.subject_predicates(iri)
        if not str(s).startswith(str(iri) + "#")
    ]
    return sorted(rows, key=lambda row: (row[1].text, row[0].text))


def alternates(path: str) -> list[tuple[Format, str]]:
    return [(fmt, f"{path}{fmt.extension}") for fmt in OFFERED if fmt is not HTML]


def entity_page(graph: Graph, iri: URIRef, path: str) -> str:
    fragments = ordered({s for s in graph.subjects() if str(s).startswith(str(iri) + "#")})
    evidence = evidence_view(graph, iri)
    for fragment in fragments:
        evidence += evidence_view(graph, fragment)  # type: ignore[arg-type]
    types = [value_view(graph, t) for t in ordered(graph.objects(iri, RDF.type))]
    return render(
        "ld_entity.html",
        title=name_of(graph, iri),
        iri=str(iri),
        types=types,
        properties=[row for row in properties(graph, iri) if row[0].text != "rdf:type"],
        evidence=evidence,
        incoming=incoming_view(graph, iri),
        alternates=alternates(path),
    )


# ---------------------------------------------------------------- the ontology page


def _term(graph: Graph, term: URIRef) -> dict[str, object]:
    def values(predicate: URIRef) -> list[Value]:
        return [value_view(graph, v) for v in ordered(graph.objects(term, predicate))]

    superclasses = values(RDFS.subClassOf) + values(RDFS.subPropertyOf)
    ours = [v for v in superclasses if (v.href or "").startswith("/ontology")]
    external = [v for v in superclasses if v not in ours]
    return {
        "anchor": str(term).rsplit("#", 1)[-1],
        "iri": str(term),
        "label": name_of(graph, term),
        "comment": " ".join(str(c) for c in graph.objects(term, RDFS.comment)),
        "domain": values(RDFS.domain),
        "range": values(RDFS.range),
        "parents": ours,
        "alignments": external + values(SKOS.closeMatch) + values(RDFS.seeAlso),
    }


def ontology_page(graph: Graph, path: str) -> str:
    ours = sorted(
        {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(PLEDGE))}
    )
    groups: list[tuple[str, list[dict[str, object]]]] = []
    for heading, kinds in (
        ("Classes", (OWL.Class,)),
        ("Object properties", (OWL.ObjectProperty,)),
        ("Datatype properties", (OWL.DatatypeProperty,)),
        ("Annotation properties", (OWL.AnnotationProperty,)),
        ("Datatypes and schemes", (RDFS.Datatype, SKOS.ConceptScheme)),
        ("Individuals: ranks, source kinds, rules, statuses", (OWL.NamedIndividual,)),
    ):
        members = [t for t in ours if any((t, RDF.type, k) in graph for k in kinds)]
        groups.append((heading, [_term(graph, t) for t in members]))
    modules = [
        {
            "iri": str(o),
            "href": local_href(o),
            "title": name_of(graph, o),
            "rows": properties(graph, o),
        }
        for o in ordered(graph.subjects(RDF.type, OWL.Ontology))
    ]
    return render(
        "ld_ontology.html",
        title="PledgeGraph ontology",
        modules=modules,
        groups=groups,
        sectors=sector_tree(graph),
        alternates=alternates(path),
    )


def sector_tree(graph: Graph) -> list[dict[str, object]]:
    """The sector scheme, top concepts first, each followed by its narrower concepts."""

    def concept(node: Node, depth: int) -> dict[str, object]:
        return {
            "anchor": "sector-" + str(node).rsplit("/", 1)[-1],
            "href": local_href(node),
            "label": name_of(graph, node),
            "notation": ", ".join(str(n) for n in graph.objects(node, SKOS.notation)),
            "definition": " ".join(str(d) for d in graph.objects(node, SKOS.definition)),
            "depth": depth,
        }

    rows = []
    for top in ordered(graph.objects(PLEDGE.SectorScheme, SKOS.hasTopConcept)):
        rows.append(concept(top, 0))
        rows += [concept(n, 1) for n in ordered(graph.objects(top, SKOS.narrower))]
    return rows
