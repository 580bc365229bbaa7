"""Reading the sources' claims out of a store: a few SELECTs, grouped in Python.

The reconcile stage (``reconcile.py``) needs every claim with its value, review status, evidence
and source, each source's kind and publisher, and the agreement (with its signatories) each
claim is about. Four SELECT queries fetch them whole, so the work is linear in the number of
claims on any engine; their rows are plain ``Term`` values, read either from a store's SPARQL
JSON results (Oxigraph writes them natively, with no rdflib term per cell) or from an rdflib
graph (the load path, before any store exists).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

PREFIXES = """
PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
CLAIMS = (
    PREFIXES
    + """
SELECT ?claim ?fact ?about ?review ?notNamed ?statusDate ?evidence ?source WHERE {
  ?claim a pledge:Claim ; pledge:fact ?fact .
  OPTIONAL { ?claim pledge:claimAbout ?about }
  OPTIONAL { ?claim pledge:reviewStatus ?review }
  OPTIONAL { ?claim pledge:notNamed ?notNamed }
  OPTIONAL { ?claim pledge:statusDate ?statusDate }
  OPTIONAL { ?claim pledge:evidence ?evidence OPTIONAL { ?evidence oa:hasSource ?source } }
}
"""
)
VALUES = (
    PREFIXES
    + """
SELECT ?claim ?value ?stated ?max ?min ?currency WHERE {
  ?claim a pledge:Claim ; pledge:claimedValue ?value .
  OPTIONAL { ?value schema:value ?stated }
  OPTIONAL { ?value schema:maxValue ?max }
  OPTIONAL { ?value schema:minValue ?min }
  OPTIONAL { ?value schema:currency ?currency }
}
"""
)
SOURCES = (
    PREFIXES
    + """
SELECT ?source ?kind ?publishedBy ?issued ?publisher ?title WHERE {
  ?source a pledge:SourceDocument .
  OPTIONAL { ?source pledge:sourceKind ?kind }
  OPTIONAL { ?source pledge:publishedBy ?publishedBy }
  OPTIONAL { ?source dcterms:issued ?issued }
  OPTIONAL { ?source dcterms:publisher ?publisher }
  OPTIONAL { ?source dcterms:title ?title }
}
"""
)
AGREEMENTS = (
    PREFIXES
    + """
SELECT DISTINCT ?subject ?agreement ?signatory WHERE {
  ?claim a pledge:Claim ; pledge:claimAbout ?subject .
  { ?subject pledge:underAgreement ?agreement }
  UNION { ?subject a pledge:Agreement BIND (?subject AS ?agreement) }
  OPTIONAL { ?agreement pledge:signatory ?signatory }
}
"""
)


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as written in results: ``kind`` is ``uri``, ``literal`` or ``bnode``."""

    kind: str
    value: str
    datatype: str = ""
    lang: str = ""


Row = dict[str, Term]
Select = Callable[[str], list[Row]]


class JsonQueries(Protocol):
    """What reading claims needs of a store: SELECT results written as SPARQL JSON."""

    def query_serialized(self, sparql: str, bindings: None, fmt: str) -> bytes: ...


def store_select(store: JsonQueries) -> Select:
    """Rows of a store's SELECT, through its SPARQL JSON results."""

    def select(sparql: str) -> list[Row]:
        data = json.loads(store.query_serialized(sparql, None, "json"))
        return [
            {name: _json_term(cell) for name, cell in binding.items()}
            for binding in data["results"]["bindings"]
        ]

    return select


_XSD_STRING = str(XSD.string)


def _json_term(cell: dict[str, str]) -> Term:
    kind = "literal" if cell["type"] in ("literal", "typed-literal") else cell["type"]
    datatype = cell.get("datatype", "")
    if datatype == _XSD_STRING:
        datatype = ""
    return Term(kind, cell["value"], datatype, cell.get("xml:lang", ""))


def graph_select(graph: Graph) -> Select:
    """Rows of an rdflib graph's (or dataset's) SELECT."""

    def select(sparql: str) -> list[Row]:
        result = graph.query(sparql)
        names = [str(v) for v in result.vars or []]
        return [
            {name: _rdflib_term(row[i]) for i, name in enumerate(names) if row[i] is not None}  # type: ignore[index]
            for row in result
        ]

    return select


def _rdflib_term(term: object) -> Term:
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    assert isinstance(term, Literal)
    datatype = str(term.datatype) if term.datatype and term.datatype != XSD.string else ""
    return Term("literal", str(term), datatype, term.language or "")


@dataclass(frozen=True)
class Amount:
    """A claimed amount: which figures it states, and in what currency."""

    stated: Decimal | None
    cap: Decimal | None
    floor: Decimal | None
    currency: str

    @property
    def kind(self) -> str:
        if self.stated is not None:
            return "stated"
        if self.cap is not None and self.floor is not None:
            return "range"
        return "cap" if self.cap is not None else "floor"

    @property
    def figure(self) -> Decimal:
        """The figure a conservative reading compares: stated, else the cap, else the floor."""
        for value in (self.stated, self.cap, self.floor):
            if value is not None:
                return value
        return Decimal(0)

    def key(self) -> tuple[object, ...]:
        return (self.kind, self.stated, self.cap, self.floor, self.currency)

    def text(self) -> str:
        """``up to 25000000000 USD``, ``10000000000-15000000000 USD``, ``at least ...``."""
        words = {"stated": "", "cap": "up to ", "floor": "at least ", "range": ""}[self.kind]
        if self.kind == "range":
            figures = f"{decimal_text(self.floor)}-{decimal_text(self.cap)}"
        else:
            figures = decimal_text(self.figure)
        return f"{words}{figures} {self.currency}"


def decimal_text(value: Decimal | None) -> str:
    """A decimal without exponent or trailing zeros: ``25000000000``, ``2.5``."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


@dataclass
class Claim:
    iri: str
    fact: str
    about: str | None = None
    review: str = ""
    not_named: bool = False
    status_date: str = ""
    evidence: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    values: set[Term] = field(default_factory=set)
    amount: Amount | None = None

    def value_key(self) -> tuple[object, ...]:
        if self.amount is not None:
            return ("amount", *self.amount.key())
        return ("terms", *sorted(self.values))

    @property
    def source(self) -> str:
        """The claim's source (the first by IRI if its evidence quotes several)."""
        return min(self.sources, default="")


@dataclass(frozen=True)
class Source:
    iri: str
    kind: str = ""
    published_by: str = ""
    issued: str = ""
    name: str = ""


@dataclass
class ClaimSet:
    """Everything the reconcile stage reads: claims, sources, and the parties of agreements."""

    claims: list[Claim]
    sources: dict[str, Source]
    agreement_of: dict[str, str]
    signatories: dict[str, set[str]]
    tiers: dict[str, int] = field(default_factory=dict)  # claim IRI -> tier, once worked out


def read_claims(select: Select) -> ClaimSet:
    """Every claim in the graph, with what the rule needs to weigh it."""
    claims: dict[str, Claim] = {}
    for row in select(CLAIMS):
        iri = row["claim"]
        if iri.kind != "uri":
            continue  # a blank-node claim breaks the shapes; it cannot be ranked
        claim = claims.setdefault(iri.value, Claim(iri.value, row["fact"].value))
        _fill(claim, row)
    if not claims:
        return ClaimSet([], {}, {}, {})
    for row in select(VALUES):
        if (valued := claims.get(row["claim"].value)) is not None:
            _add_value(valued, row)
    sources = {s.iri: s for s in _sources(select(SOURCES))}
    agreement_of: dict[str, str] = {}
    signatories: dict[str, set[str]] = defaultdict(set)
    for row in select(AGREEMENTS):
        agreement = row["agreement"].value
        agreement_of[row["subject"].value] = min(
            agreement, agreement_of.get(row["subject"].value, agreement)
        )
        if "signatory" in row:
            signatories[agreement].add(row["signatory"].value)
    return ClaimSet(
        sorted(claims.values(), key=lambda c: c.iri), sources, agreement_of, signatories
    )


def _fill(claim: Claim, row: Row) -> None:
    if "about" in row and row["about"].kind == "uri":
        claim.about = min(row["about"].value, claim.about or row["about"].value)
    if "review" in row:
        claim.review = row["review"].value
    if "notNamed" in row and row["notNamed"].value in ("true", "1"):
        claim.not_named = True
    if "statusDate" in row:
        claim.status_date = max(claim.status_date, row["statusDate"].value)
    if "evidence" in row:
        claim.evidence.add(row["evidence"].value)
    if "source" in row:
        claim.sources.add(row["source"].value)


def _add_value(claim: Claim, row: Row) -> None:
    figures = {name: _decimal(row.get(name)) for name in ("stated", "max", "min")}
    if any(v is not None for v in figures.values()):
        currency = row["currency"].value if "currency" in row else ""
        claim.amount = Amount(figures["stated"], figures["max"], figures["min"], currency)
    elif row["value"].kind != "bnode":
        claim.values.add(row["value"])


def _decimal(term: Term | None) -> Decimal | None:
    if term is None:
        return None
    try:
        return Decimal(term.value)
    except ArithmeticError:
        return None


def _sources(rows: Iterable[Row]) -> Iterable[Source]:
    grouped: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        fields = grouped[row["source"].value]
        for name in ("kind", "publishedBy", "issued", "publisher", "title"):
            if name in row:  # several values: keep the least, so the choice is stable
                fields[name] = min(row[name].value, fields.get(name, row[name].value))
    for iri, fields in grouped.items():
        name = fields.get("publisher") or fields.get("title") or iri
        yield Source(
            iri,
            fields.get("kind", ""),
            fields.get("publishedBy", ""),
            fields.get("issued", ""),
            name,
        )
