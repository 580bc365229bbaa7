"""The network page's data, read from a store with a few SPARQL queries.

``read(store)`` asks the store for the entities (IRIs under ``id/``), their literal properties
and the links between them, the amounts, the evidence and its sources, then each source's claims
and the reconciliations (``evidence``). Claims, evidence, selectors, amounts and reconciliation
nodes are folded into the entity they describe; they are never entities of their own. The same
``PageData`` is made from a networkx graph by ``model.from_network`` (a CONSTRUCT result), so
both are drawn alike. At 10^6 triples the answers run to a few hundred thousand rows, so the
loops here are kept plain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter

from pledgegraph.export.tables import DRAFT_COMMITMENTS
from pledgegraph.graphpage import evidence
from pledgegraph.graphpage.model import Entity, Link, PageData
from pledgegraph.graphpage.select import PREFIXES, Row, Select, amount_of, selector
from pledgegraph.network import TYPES, local_name, readable
from pledgegraph.store import Store
from pledgegraph.vocab import ID, OA, PLEDGE, SCHEMA

IDS = str(ID)
P = str(PLEDGE._NS)
LABEL_ORDER = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
KINDS = {str(cls): kind for cls, kind in TYPES}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FOLDERS = (IDS + "evidence/", IDS + "claim/")  # of nodes folded into others, never entities
FOLDED_CLASSES = {
    P + "Claim",
    P + "Evidence",
    str(SCHEMA.MonetaryAmount),
    str(OA.TextQuoteSelector),
}
# Inverses drawn anyway, and scheme bookkeeping: never links.
UNDRAWN = {P + "claimAbout"} | {
    "http://www.w3.org/2004/02/skos/core#" + p
    for p in ("narrower", "hasTopConcept", "topConceptOf", "inScheme")
}
PURCHASE = P + "PurchaseCommitment"
POLICY = P + "PolicyCommitment"

# An entity: an IRI under id/, not of evidence or claims (their own folders), nor a node inside
# another one (#amount, #selector, #reconciled-amount).
ENTITY = (
    f'STRSTARTS(STR(?s), "{IDS}") && !CONTAINS(STR(?s), "#") '
    f'&& !STRSTARTS(STR(?s), "{IDS}evidence/") && !STRSTARTS(STR(?s), "{IDS}claim/")'
)
# Every triple of every entity, its types included. What amounts, evidence and reconciliations
# hold is read by the queries after this one.
Q_TRIPLES = PREFIXES + (
    "SELECT ?s ?p ?o ?lit ?lang WHERE { ?s ?p ?o FILTER(?p NOT IN (pledge:amount, "
    f"pledge:statedTotal, pledge:evidence, pledge:reconciliation) && {ENTITY}) "
    "BIND(isLiteral(?o) AS ?lit) BIND(LANG(?o) AS ?lang) }"
)
Q_AMOUNTS = (
    PREFIXES
    + """SELECT ?s ?currency ?value ?min ?max WHERE {
  VALUES ?p { pledge:amount pledge:statedTotal } ?s ?p ?a .
  OPTIONAL { ?a schema:value ?value } OPTIONAL { ?a schema:minValue ?min }
  OPTIONAL { ?a schema:maxValue ?max } OPTIONAL { ?a schema:currency ?currency } }"""
)
Q_EVIDENCE = (
    PREFIXES
    + """SELECT ?s ?source ?quote WHERE { ?s pledge:evidence ?e .
  OPTIONAL { ?e oa:hasSource ?source } OPTIONAL { ?e oa:hasSelector/oa:exact ?quote } }"""
)
# labels of properties, classes and concepts (the ontology's, schema.org's)
Q_LABELS = PREFIXES + (
    "SELECT ?s ?o (LANG(?o) AS ?lang) WHERE { ?s rdfs:label ?o "
    f'FILTER(!STRSTARTS(STR(?s), "{IDS}")) }}'
)


def read(store: Store) -> PageData:
    """The page's data, read from ``store`` with SPARQL."""
    select = selector(store)
    labels = _pick_labels((s, LABEL_ORDER[0], o, lang) for s, o, lang in select(Q_LABELS)[1])
    data = PageData()
    folded: set[str] = set()
    classes: dict[str, set[str]] = defaultdict(set)
    triples = []
    for row in select(Q_TRIPLES)[1]:
        if row[1] != RDF_TYPE:
            triples.append(row)
            continue
        classes[row[0]].add(row[2])
        if row[2] in FOLDED_CLASSES:
            folded.add(row[0])
    names = _pick_labels((s, p, o, lang) for s, p, o, _, lang in triples if p in LABEL_ORDER)
    for iri in sorted(classes.keys() - folded):
        data.entities[iri] = _entity(iri, classes[iri], names)
    untyped = {s for s, *_ in triples} | {o for _, _, o, lit, _ in triples if lit == "false"}
    for iri in sorted(untyped - data.entities.keys() - folded):
        if iri.startswith(IDS) and "#" not in iri and not iri.startswith(FOLDERS):
            data.entities[iri] = _entity(iri, set(), names)
    _fold_triples(data, triples, labels)
    _fold_amounts(data, select)
    _fold_evidence(data, select, labels)
    evidence.fold(data, select, labels)
    for (node,) in select(DRAFT_COMMITMENTS)[1]:
        if node in data.entities:
            data.entities[node].draft = True
    data.links.sort(key=attrgetter("source", "prop", "target"))
    return data


def _pick_labels(rows: Iterable[Row]) -> dict[str, str]:
    """One label per subject from ``(subject, property, label, language)``: rdfs:label before
    skos:prefLabel before dcterms:title, English or untagged before other languages, then the
    least in text order (stable between runs)."""
    best: dict[str, tuple[int, bool, str]] = {}
    for s, p, o, lang in rows:
        rank = (LABEL_ORDER.index(p), lang not in ("", "en", None), o)
        if s not in best or rank < best[s]:
            best[s] = rank
    return {s: rank[2] for s, rank in best.items()}


def _entity(iri: str, classes: set[str], names: dict[str, str]) -> Entity:
    kind = next((k for cls, k in KINDS.items() if cls in classes), "")
    if not kind:
        kind = iri[len(IDS) :].split("/", 1)[0]
    entity = Entity(iri, kind, names.get(iri) or local_name(iri))
    if kind == "commitment":
        entity.commitment_kind = (
            "purchase" if PURCHASE in classes else "policy" if POLICY in classes else "investment"
        )
    return entity


def _fold_triples(data: PageData, triples: list[Row], labels: dict[str, str]) -> None:
    """Literals and links out become attributes (by the property's local name); links between
    entities become links (labelled with the property's label)."""
    entities = data.entities
    attrs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    names = {}  # property -> local name, or its label for links
    skip = set(LABEL_ORDER[:2]) | UNDRAWN
    for s, p, o, lit, _ in triples:
        if p in skip or s not in entities:
            continue
        if lit == "false" and o in entities:
            if p not in names:
                names[p] = labels.get(p) or readable(p)
            data.links.append(Link(s, o, p, names[p]))
            continue
        key = local_name(p)
        if lit == "true":
            attrs[s][key].add(o)
        elif not o.startswith(IDS):
            # a link out: a concept of ours by its label, else the IRI
            attrs[s][key].add(labels.get(o) or o if o.startswith(P) else o)
    for s, values in attrs.items():
        entity = entities[s]
        entity.attrs = {k: "; ".join(sorted(v)) for k, v in sorted(values.items())}
        entity.disputed = entity.attrs.pop("disputed", "") in ("true", "1")


def _fold_amounts(data: PageData, select: Select) -> None:
    for s, currency, value, low, high in sorted(select(Q_AMOUNTS)[1], key=str):
        entity = data.entities.get(s)
        if entity is not None and entity.amount is None:
            entity.amount = amount_of(currency, value, low, high)


def _fold_evidence(data: PageData, select: Select, labels: dict[str, str]) -> None:
    quotes: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for s, source, quote in select(Q_EVIDENCE)[1]:
        if s in data.entities:
            if quote is not None:
                quotes[s].add(quote)
            if source is not None:
                sources[s].add(source)
    label = labels.get(P + "evidence", "evidence")
    for s, found in sources.items():
        data.entities[s].sources = sorted(found)
        data.links += [
            Link(s, src, P + "evidence", label) for src in sorted(found) if src in data.entities
        ]
    for s, found in quotes.items():
        data.entities[s].quotes = sorted(found)
