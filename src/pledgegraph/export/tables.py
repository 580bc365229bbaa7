"""CSV tables for spreadsheets: one row per commitment, one row per entity.

Made from a few whole-graph SELECTs (one per property the tables read) on any store, indexed in
Python, so the cost is linear in the triples read. UTF-8, RFC 4180, a header row, rows sorted by
IRI. A cell that a spreadsheet would run as a formula (it begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written with a leading apostrophe, as spreadsheet users expect.
Figures are exact decimals in units (``332000000000``), and ``amount_kind`` says how the source
words them: a cap ("up to") is never mixed up with a stated amount.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from pledgegraph.vocab import ID, OA, PLEDGE, SCHEMA

# ``select(sparql)`` -> rows of the query's variables as plain strings (None where unbound)
Select = Callable[[str], list[tuple[Any, ...]]]

COMMITMENT_COLUMNS = (
    "commitment",
    "label",
    "agreement",
    "investor",
    "amount",
    "amount_kind",
    "currency",
    "partners",
    "sectors",
    "host_country",
    "part_of",
    "purpose",
    "quote",
    "source",
    "review",
)
ENTITY_COLUMNS = ("iri", "type", "label")
# How the source words an amount: schema:maxValue is "up to" (a cap), schema:minValue "at least".
AMOUNT_KINDS = ((SCHEMA.value, "stated"), (SCHEMA.maxValue, "cap"), (SCHEMA.minValue, "floor"))
COMMITMENT_CLASSES = (PLEDGE.Commitment, PLEDGE.InvestmentCommitment, PLEDGE.PolicyCommitment)
NOT_NAMED = "(not named by the source)"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NAMES = (RDFS.label, SKOS.prefLabel)


@dataclass
class Facts:
    """The values of the properties the tables read, indexed by subject (all plain strings)."""

    select: Select
    prefixes: dict[str, str]
    _index: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def objects(self, subject: str, predicate: Any) -> list[str]:
        """The objects of ``subject``'s ``predicate``, sorted, each once."""
        key = str(predicate)
        if key not in self._index:
            found: dict[str, set[str]] = {}
            for s, o in self.select(f"SELECT DISTINCT ?s ?o {{ ?s <{key}> ?o }}"):
                found.setdefault(s, set()).add(o)
            self._index[key] = {s: sorted(v) for s, v in found.items()}
        return self._index[key].get(subject, [])

    def subjects(self, predicate: Any, obj: Any) -> list[str]:
        rows = self.select(f"SELECT DISTINCT ?s {{ ?s <{predicate}> <{obj}> }}")
        return sorted(s for (s,) in rows)

    def first(self, node: str, properties: Iterable[Any]) -> str | None:
        """The smallest value of the first of ``properties`` that ``node`` has (``labels``)."""
        for prop in properties:
            if values := self.objects(node, prop):
                return values[0]
        return None

    def label_of(self, node: str) -> str:
        """Its name (``labels.NAMES``), else the node itself."""
        return self.first(node, NAMES) or node

    def curie(self, iri: str) -> str:
        """``schema:Corporation`` where a prefix is bound for the namespace, else the IRI."""
        cut = max(iri.rfind("#"), iri.rfind("/"))
        namespace, name = iri[: cut + 1], iri[cut + 1 :]
        for prefix, bound in sorted(self.prefixes.items()):
            if bound == namespace and prefix and name:
                return f"{prefix}:{name}"
        return iri


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: ``=HYPERLINK(...)`` -> ``'=HYPERLINK(...)``.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("Toyota")
    ("'=1+1", 'Toyota')
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _joined(values: Iterable[str]) -> str:
    return "; ".join(sorted(set(values)))


def _figure(literal: str) -> str:
    """An exact decimal without exponent or trailing zeros: ``332000000000.0`` -> ``332000000000``.

    >>> _figure("156450000000.0")
    '156450000000'
    """
    figure = Decimal(str(literal)).normalize()
    return f"{figure:f}"


def commitment_rows(facts: Facts) -> list[dict[str, str]]:
    """One row per commitment, sorted by IRI; amounts exact, caps and stated amounts apart."""
    commitments = sorted({s for c in COMMITMENT_CLASSES for s in facts.subjects(RDF.type, c)})
    not_named = _not_named(facts)
    drafts = draft_commitments(facts.select)
    rows = [_commitment_row(facts, node, not_named) for node in commitments]
    for row in rows:
        row["review"] = "draft" if row["commitment"] in drafts else ""
    return rows


# A commitment is a draft while it, a node inside it (#amount) or a claim about it is still
# marked draft (``build --drafts`` counts such data; every output says so).
DRAFT_COMMITMENTS = f"""SELECT DISTINCT ?c {{
  {{ ?c <{PLEDGE.reviewStatus}> ?status }}
  UNION {{ ?c ?p ?node . ?node <{PLEDGE.reviewStatus}> ?status }}
  UNION {{ ?node <{PLEDGE.claimAbout}> ?c ; <{PLEDGE.reviewStatus}> ?status }}
  FILTER(STR(?status) = "draft")
}}"""


def draft_commitments(select: Select) -> set[str]:
    """The nodes that are drafts or hold or are the subject of a draft claim (see above)."""
    return {c for (c,) in select(DRAFT_COMMITMENTS)}


def _commitment_row(facts: Facts, node: str, not_named: set[str]) -> dict[str, str]:
    def labels(predicate: Any) -> str:
        return _joined(facts.label_of(o) for o in facts.objects(node, predicate))

    amount = kind = currency = ""
    amount_node = node
    for amount_node in facts.objects(node, PLEDGE.amount):
        currency = _joined(facts.objects(amount_node, SCHEMA.currency))
        for predicate, name in AMOUNT_KINDS:
            for value in facts.objects(amount_node, predicate):
                amount, kind = _figure(value), name
    evidence = facts.objects(node, PLEDGE.evidence)
    # the quotes behind the figure where there is one, else every quote behind the row
    quoted = facts.objects(amount_node, PLEDGE.evidence) if amount else evidence
    selectors = [s for e in quoted or evidence for s in facts.objects(e, OA.hasSelector)]
    sources = (src for e in evidence for src in facts.objects(e, OA.hasSource))
    return {
        "commitment": node,
        "label": facts.label_of(node),
        "agreement": labels(PLEDGE.underAgreement),
        "investor": labels(PLEDGE.committedBy) or (NOT_NAMED if node in not_named else ""),
        "amount": amount,
        "amount_kind": kind,
        "currency": currency,
        "partners": labels(PLEDGE.partner),
        "sectors": labels(PLEDGE.sector),
        "host_country": labels(PLEDGE.hostCountry),
        "part_of": _joined(facts.objects(node, PLEDGE.partOf)),
        "purpose": _joined(facts.objects(node, PLEDGE.purpose)),
        "quote": " | ".join(q for s in selectors for q in facts.objects(s, OA.exact)),
        "source": _joined(label_of_source(facts, src) for src in sources),
    }


def _not_named(facts: Facts) -> set[str]:
    """Commitments whose sources name no investor (a ``notNamed`` claim on committedBy)."""
    rows = facts.select(
        f"SELECT DISTINCT ?c {{ ?claim <{PLEDGE.claimAbout}> ?c ; "
        f"<{PLEDGE.fact}> <{PLEDGE.committedBy}> ; <{PLEDGE.notNamed}> true }}"
    )
    return {c for (c,) in rows}


def label_of_source(facts: Facts, source: str) -> str:
    """A source document by its title, else its name."""
    return facts.first(source, (DCTERMS.title,)) or facts.label_of(source)


def is_entity(node: object) -> bool:
    """Our own resources: IRIs below ``id/`` without a fragment (``#amount`` belongs to one)."""
    return str(node).startswith(str(ID)) and "#" not in str(node)


ENTITIES = f"""SELECT DISTINCT ?s {{
  ?s ?p ?o
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}") && !CONTAINS(STR(?s), "#"))
  FILTER NOT EXISTS {{ ?s a <{PLEDGE.Claim}> }}
}}"""


def entity_set(facts: Facts) -> list[str]:
    """Every entity (see ``is_entity``) described, sorted; a source's claim is a statement
    about entities, not one."""
    return sorted(s for (s,) in facts.select(ENTITIES))


def entity_rows(facts: Facts | Graph) -> list[dict[str, str]]:
    """One row per entity (see ``entity_set``), sorted by IRI."""
    if isinstance(facts, Graph):
        facts = graph_facts(facts)
    return [
        {
            "iri": node,
            "type": _joined(facts.curie(t) for t in facts.objects(node, RDF.type)),
            "label": facts.first(node, NAMES) or "",
        }
        for node in entity_set(facts)
    ]


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a header row, every cell spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return out.getvalue().encode("utf-8")


def csv_tables(facts: Facts | Graph) -> dict[str, bytes]:
    """``commitments.csv`` and ``entities.csv`` of the union of the graphs ``facts`` reads."""
    if isinstance(facts, Graph):
        facts = graph_facts(facts)
    return {
        "commitments.csv": to_csv(commitment_rows(facts), COMMITMENT_COLUMNS),
        "entities.csv": to_csv(entity_rows(facts), ENTITY_COLUMNS),
    }


def native_select(store: ox.Store) -> Select:
    """``Select`` on a pyoxigraph store (the union of its graphs)."""

    def select(sparql: str) -> list[tuple[Any, ...]]:
        result = store.query(sparql, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return [tuple(None if t is None else t.value for t in row) for row in result]

    return select


def graph_facts(graph: Graph) -> Facts:
    """``Facts`` of a small rdflib graph (copied into Oxigraph to be asked)."""
    from pledgegraph.store.terms import to_oxigraph

    store = ox.Store()
    store.extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    return Facts(native_select(store), prefixes)
