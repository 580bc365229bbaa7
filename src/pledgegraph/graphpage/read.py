"""The network page's data, read from a store with a few SPARQL queries.

``read(store)`` asks the store for the entities (typed IRIs under ``id/``), their literal
properties and the links between them, the amounts, the evidence, the sources, and each source's
claims with the reconciliation that chose the simple triples (``docs/decisions/
20261202-sources-and-claims.md``). Claims, evidence, selectors, amounts and reconciliation nodes
are folded into the entity they describe; they are never entities of their own. The same
``PageData`` is made from a networkx graph by ``from_network`` (a CONSTRUCT result), so both draw
alike.

Queries run on Oxigraph: an rdflib store is copied into an in-memory Oxigraph store first (under a
second at 10^5 triples), because rdflib's SPARQL engine scans far slower.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from pledgegraph.graphpage.model import Amount, Claim, Entity, Link, PageData
from pledgegraph.network import TYPES, local_name, readable
from pledgegraph.store import Store, to_oxigraph
from pledgegraph.vocab import ID, OA, PLEDGE, SCHEMA

IDS = str(ID)
P = str(PLEDGE._NS)
S = str(SCHEMA)
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABEL_ORDER = (
    RDFS_LABEL,
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = {str(cls): kind for cls, kind in TYPES}
FOLDED_CLASSES = {P + "Claim", P + "Evidence", S + "MonetaryAmount", str(OA.TextQuoteSelector)}
# Links that fold a node into its owner, inverses drawn anyway, and scheme bookkeeping.
UNDRAWN = {P + p for p in ("amount", "statedTotal", "evidence", "reconciliation", "claimAbout")} | {
    "http://www.w3.org/2004/02/skos/core#" + p
    for p in ("narrower", "hasTopConcept", "topConceptOf", "inScheme")
}
PURCHASE = P + "PurchaseCommitment"
POLICY = P + "PolicyCommitment"

PREFIXES = f"""PREFIX pledge: <{P}>
PREFIX schema: <{S}>
PREFIX oa: <{OA}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
Q_TYPES = PREFIXES + f'SELECT ?s ?c WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{IDS}")) }}'
# Every triple of an entity: not of evidence or claims (their own folders), nor of a node
# inside another one (#amount, #selector, #reconciled-amount).
Q_TRIPLES = PREFIXES + (
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o "
    f'FILTER(?p != <{RDF_TYPE}> && STRSTARTS(STR(?s), "{IDS}") && !CONTAINS(STR(?s), "#") '
    f'&& !STRSTARTS(STR(?s), "{IDS}evidence/") && !STRSTARTS(STR(?s), "{IDS}claim/")) }}'
)
Q_AMOUNTS = (
    PREFIXES
    + """SELECT ?s ?value ?min ?max ?currency WHERE {
  VALUES ?p { pledge:amount pledge:statedTotal } ?s ?p ?a .
  OPTIONAL { ?a schema:value ?value } OPTIONAL { ?a schema:minValue ?min }
  OPTIONAL { ?a schema:maxValue ?max } OPTIONAL { ?a schema:currency ?currency } }"""
)
Q_EVIDENCE = (
    PREFIXES
    + """SELECT ?s ?source ?quote WHERE { ?s pledge:evidence ?e .
  OPTIONAL { ?e oa:hasSource ?source } OPTIONAL { ?e oa:hasSelector/oa:exact ?quote } }"""
)
Q_LABELS = PREFIXES + (  # labels of properties and classes (the ontology's terms, schema.org's)
    f'SELECT ?s ?o WHERE {{ ?s rdfs:label ?o FILTER(!STRSTARTS(STR(?s), "{IDS}")) }}'
)
Q_CLAIMS = (
    PREFIXES
    + """SELECT ?claim ?subject ?fact ?claimed ?v ?min ?max ?currency ?notNamed
  ?date ?source ?quote ?status ?reviewer ?reviewed ?rank WHERE {
  ?claim a pledge:Claim ; pledge:fact ?fact .
  OPTIONAL { ?claim pledge:claimAbout ?subject }
  OPTIONAL { ?claim pledge:claimedValue ?claimed .
    OPTIONAL { ?claimed schema:value ?v } OPTIONAL { ?claimed schema:minValue ?min }
    OPTIONAL { ?claimed schema:maxValue ?max } OPTIONAL { ?claimed schema:currency ?currency } }
  OPTIONAL { ?claim pledge:notNamed ?notNamed } OPTIONAL { ?claim pledge:statusDate ?date }
  OPTIONAL { ?claim pledge:evidence ?e . OPTIONAL { ?e oa:hasSource ?source }
    OPTIONAL { ?e oa:hasSelector/oa:exact ?quote } }
  OPTIONAL { ?claim pledge:reviewStatus ?status } OPTIONAL { ?claim pledge:reviewedBy ?reviewer }
  OPTIONAL { ?claim pledge:reviewedOn ?reviewed } OPTIONAL { ?claim pledge:rank ?rank } }"""
)
Q_RECONCILED = (
    PREFIXES
    + """SELECT ?s ?fact ?rule ?reason ?count ?disputed WHERE {
  ?s pledge:reconciliation ?r . OPTIONAL { ?r pledge:fact ?fact } OPTIONAL { ?r pledge:rule ?rule }
  OPTIONAL { ?r rdfs:comment ?reason } OPTIONAL { ?r pledge:sourceCount ?count }
  OPTIONAL { ?r pledge:disputed ?disputed } }"""
)

Row = dict[str, str]


# --- reading a store --------------------------------------------------------------------------


def read(store: Store) -> PageData:
    """The page's data, read from ``store`` with SPARQL."""
    select = _selector(store)
    labels = _pick_labels(select(Q_LABELS), "s")
    data = PageData()
    folded: set[str] = set()
    classes: dict[str, set[str]] = defaultdict(set)
    for row in select(Q_TYPES):
        classes[row["s"]].add(row["c"])
        if row["c"] in FOLDED_CLASSES:
            folded.add(row["s"])
    triples = select(Q_TRIPLES)
    names = _pick_labels((r for r in triples if r["p"] in LABEL_ORDER), "s", key="o")
    for iri in classes.keys() - folded:
        if "#" not in iri:  # #amount, #selector, #reconciled-amount: parts of another node
            data.entities[iri] = _entity(iri, classes[iri], names)
    for row in triples:  # untyped IRIs under id/ are entities too
        for iri in (row["s"], row["o"] if row["otype"] == "uri" else ""):
            if _untyped_entity(iri, folded, data.entities):
                data.entities[iri] = _entity(iri, set(), names)
    _fold_triples(data, triples, labels)
    _fold_amounts(data, select(Q_AMOUNTS))
    _fold_evidence(data, select(Q_EVIDENCE), labels)
    _fold_claims(data, select(Q_CLAIMS), labels)
    _fold_reconciled(data, select(Q_RECONCILED), labels)
    data.links.sort(key=lambda link: (link.source, link.prop, link.target))
    return data


def _untyped_entity(iri: str, folded: set[str], known: dict[str, Entity]) -> bool:
    return (
        iri.startswith(IDS) and "#" not in iri and iri not in folded and iri not in known
        and not iri.startswith((IDS + "evidence/", IDS + "claim/"))
    )  # fmt: skip


def _selector(store: Store) -> Callable[[str], list[Row]]:
    """Run SELECT queries on Oxigraph (copying an rdflib store first); rows of plain strings,
    plus ``<var>type`` (uri, literal, bnode) and ``<var>lang``."""
    native = getattr(store, "native", None)
    if native is None and store.name == "memory":
        copy = ox.Store()
        copy.bulk_extend(_quads(store.dataset()))
        native = copy
    if native is not None:
        return lambda sparql: _solutions(native.query(sparql, use_default_graph_as_union=True))
    return lambda sparql: _rows(store.query_serialized(sparql, None, "json"))


_KINDS = {ox.NamedNode: "uri", ox.Literal: "literal", ox.BlankNode: "bnode"}


def _solutions(solutions: Any) -> list[Row]:
    """Rows of an Oxigraph answer, read term by term (faster than writing and parsing JSON)."""
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row: Row = {}
        for name, term in zip(names, solution, strict=True):
            if term is not None:
                row[name] = term.value
                row[name + "type"] = _KINDS[type(term)]
                if type(term) is ox.Literal and term.language:
                    row[name + "lang"] = term.language
        rows.append(row)
    return rows


def _quads(dataset: Any) -> Iterable[ox.Quad]:
    terms: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        if t not in terms:
            terms[t] = to_oxigraph(t)
        return terms[t]

    for graph in dataset.graphs():
        name = graph.identifier
        ox_name = (
            ox.NamedNode(str(name))
            if not str(name).startswith("urn:x-rdflib")
            else ox.DefaultGraph()
        )
        for s, p, o in graph.triples((None, None, None)):
            yield ox.Quad(term(s), term(p), term(o), ox_name)


def _rows(answer: bytes | None) -> list[Row]:
    rows = []
    for binding in json.loads(answer or b"{}")["results"]["bindings"]:
        row = {k: v["value"] for k, v in binding.items()}
        row.update({k + "type": v["type"] for k, v in binding.items()})
        row.update({k + "lang": v["xml:lang"] for k, v in binding.items() if "xml:lang" in v})
        rows.append(row)
    return rows


def _pick_labels(rows: Iterable[Row], var: str, key: str = "o") -> dict[str, str]:
    """One label per subject: rdfs:label before skos:prefLabel before dcterms:title, English or
    untagged before other languages, then the least in text order (stable between runs)."""
    best: dict[str, tuple[int, bool, str]] = {}
    for row in rows:
        rank = (
            LABEL_ORDER.index(row["p"]) if "p" in row else 0,
            row.get(key + "lang", "en") != "en",
            row[key],
        )
        if row[var] not in best or rank < best[row[var]]:
            best[row[var]] = rank
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
    attrs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in triples:
        s, p, o = row["s"], row["p"], row["o"]
        if s not in data.entities or p in LABEL_ORDER[:2]:
            continue
        if row["otype"] == "uri" and o in data.entities:
            if p not in UNDRAWN:
                data.links.append(Link(s, o, p, labels.get(p) or readable(p)))
        elif row["otype"] == "literal":
            attrs[s][local_name(p)].add(o)
        elif not o.startswith(IDS):  # a link out: a concept of ours by its label, else the IRI
            attrs[s][local_name(p)].add(labels.get(o, o) if o.startswith(P) else o)
    for s, values in attrs.items():
        entity = data.entities[s]
        entity.attrs = {k: "; ".join(sorted(v)) for k, v in sorted(values.items())}
        entity.disputed = entity.attrs.pop("disputed", "") in ("true", "1")


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _amount(row: Row) -> Amount:
    return Amount(
        row.get("currency", "USD"), _decimal(row.get("value") or row.get("v")),
        _decimal(row.get("min")), _decimal(row.get("max")),
    )  # fmt: skip


def _fold_amounts(data: PageData, rows: list[Row]) -> None:
    for row in sorted(rows, key=lambda r: sorted(r.items())):
        if row["s"] in data.entities and data.entities[row["s"]].amount is None:
            data.entities[row["s"]].amount = _amount(row)


def _fold_evidence(data: PageData, rows: list[Row], labels: dict[str, str]) -> None:
    quotes: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["s"] in data.entities:
            if "quote" in row:
                quotes[row["s"]].add(row["quote"])
            if "source" in row:
                sources[row["s"]].add(row["source"])
    label = labels.get(P + "evidence", "evidence")
    for s, found in sources.items():
        data.entities[s].sources = sorted(found)
        data.links += [
            Link(s, src, P + "evidence", label) for src in sorted(found) if src in data.entities
        ]
    for s, found in quotes.items():
        data.entities[s].quotes = sorted(found)


def _fold_reconciled(data: PageData, rows: list[Row], labels: dict[str, str]) -> None:
    """How each fact was chosen: one entry per subject and fact, its rules gathered."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: sorted(r.items())):
        if row["s"] not in data.entities:
            continue
        fact = row.get("fact", "")
        entry = found.setdefault(
            (row["s"], fact),
            {"fact": labels.get(fact) or readable(fact), "reason": ""},
        )
        if "count" in row:
            entry["count"] = row["count"]
        reason = row.get("reason", "")
        if reason and reason not in entry["reason"]:
            entry["reason"] = " ".join(filter(None, (entry["reason"], reason)))
        if rule := row.get("rule"):
            rules = entry.get("rule", "").split("; ") if entry.get("rule") else []
            name = labels.get(rule) or readable(rule)
            entry["rule"] = "; ".join(sorted({*rules, name}))
        if row.get("disputed") in ("true", "1"):
            entry["disputed"] = "true"
            data.entities[row["s"]].disputed = True
    for (subject, _), entry in sorted(found.items()):
        data.reconciled.setdefault(subject, []).append(entry)


def _fold_claims(data: PageData, rows: list[Row], labels: dict[str, str]) -> None:
    claims: dict[str, Claim] = {}
    for row in sorted(rows, key=lambda r: sorted(r.items())):
        claim = claims.get(row["claim"])
        if claim is None:
            amount = _amount(row) if any(k in row for k in ("v", "min", "max")) else None
            not_named = row.get("notNamed") in ("true", "1")
            claim = claims[row["claim"]] = Claim(
                subject=row.get("subject", ""),
                fact=labels.get(row["fact"]) or readable(row["fact"]),
                prop=row["fact"],
                values=[],
                amount_kind="not named" if not_named else amount.kind if amount else "",
                quote=row.get("quote", ""),
                source=row.get("source", ""),
                status=row.get("status", ""),
                reviewer=row.get("reviewer", ""),
                reviewed=row.get("reviewed", ""),
                rank=local_name(row.get("rank", "")).removesuffix("Rank").lower(),
                date=row.get("date", ""),
            )
            if amount is not None:
                claim.values.append(amount.text())
        value = row.get("claimed")
        if (
            value is not None
            and claim.amount_kind in ("", "not named")
            and row["claimedtype"] != "bnode"
        ):
            entity = data.entities.get(value)
            text = entity.label if entity else labels.get(value) or value
            if text not in claim.values:
                claim.values.append(text)
    ranks = {"preferred": 0, "normal": 1, "deprecated": 2}
    for iri in sorted(claims, key=lambda k: (ranks.get(claims[k].rank, 1), claims[k].source, k)):
        claim = claims[iri]
        data.claims.setdefault(claim.subject, []).append(claim)
