"""CSV tables for spreadsheets: one row per commitment, one row per entity.

UTF-8, RFC 4180, a header row, rows sorted by IRI. Figures are exact decimals in units
(``332000000000``), and ``amount_kind`` says how the source words them: a cap ("up to") is
never mixed up with a stated amount.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from pledgegraph.labels import NAMES, curie, label
from pledgegraph.vocab import ID, OA, PLEDGE, SCHEMA, ordered

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
)
ENTITY_COLUMNS = ("iri", "type", "label")
# How the source words an amount: schema:maxValue is "up to" (a cap), schema:minValue "at least".
AMOUNT_KINDS = ((SCHEMA.value, "stated"), (SCHEMA.maxValue, "cap"), (SCHEMA.minValue, "floor"))
COMMITMENT_CLASSES = (PLEDGE.Commitment, PLEDGE.InvestmentCommitment, PLEDGE.PolicyCommitment)
NOT_NAMED = "(not named by the source)"


def label_of(graph: Graph, node: Node) -> str:
    """Its name (``labels.NAMES``), else the node itself."""
    found = label(graph, node, NAMES)
    return str(node) if found is None else found


def _joined(values: Iterable[str]) -> str:
    return "; ".join(sorted(set(values)))


def _figure(literal: Node) -> str:
    """An exact decimal without exponent or trailing zeros: ``332000000000.0`` -> ``332000000000``.

    >>> _figure("156450000000.0")
    '156450000000'
    """
    figure = Decimal(str(literal)).normalize()
    return f"{figure:f}"


def commitment_rows(graph: Graph) -> list[dict[str, str]]:
    """One row per commitment, sorted by IRI; amounts exact, caps and stated amounts apart."""
    commitments = ordered({s for c in COMMITMENT_CLASSES for s in graph.subjects(RDF.type, c)})
    rows = []
    for node in commitments:

        def labels(predicate: URIRef, subject: Node = node) -> str:
            return _joined(label_of(graph, o) for o in graph.objects(subject, predicate))

        amount = kind = currency = ""
        amount_node: Node = node
        for amount_node in ordered(graph.objects(node, PLEDGE.amount)):
            currency = _joined(str(c) for c in graph.objects(amount_node, SCHEMA.currency))
            for predicate, name in AMOUNT_KINDS:
                for value in graph.objects(amount_node, predicate):
                    amount, kind = _figure(value), name
        evidence = ordered(graph.objects(node, PLEDGE.evidence))
        # the quotes behind the figure where there is one, else every quote behind the row
        quoted = ordered(graph.objects(amount_node, PLEDGE.evidence)) if amount else evidence
        selectors = [s for e in quoted or evidence for s in graph.objects(e, OA.hasSelector)]
        rows.append(
            {
                "commitment": str(node),
                "label": label_of(graph, node),
                "agreement": labels(PLEDGE.underAgreement),
                "investor": labels(PLEDGE.committedBy) or _not_named(graph, node),
                "amount": amount,
                "amount_kind": kind,
                "currency": currency,
                "partners": labels(PLEDGE.partner),
                "sectors": labels(PLEDGE.sector),
                "host_country": labels(PLEDGE.hostCountry),
                "part_of": _joined(str(o) for o in graph.objects(node, PLEDGE.partOf)),
                "purpose": _joined(str(o) for o in graph.objects(node, PLEDGE.purpose)),
                "quote": " | ".join(str(q) for s in selectors for q in graph.objects(s, OA.exact)),
                "source": _joined(
                    label_of_source(graph, src)
                    for e in evidence
                    for src in graph.objects(e, OA.hasSource)
                ),
            }
        )
    return rows


def _not_named(graph: Graph, commitment: Node) -> str:
    """The caveat for a commitment whose sources name no investor (a ``notNamed`` claim)."""
    for claim in graph.subjects(PLEDGE.claimAbout, commitment):
        if (claim, PLEDGE.fact, PLEDGE.committedBy) in graph and (
            claim,
            PLEDGE.notNamed,
            Literal(True),
        ) in graph:
            return NOT_NAMED
    return ""


def label_of_source(graph: Graph, source: Node) -> str:
    """A source document by its title, else its name."""
    title = label(graph, source, (DCTERMS.title,))
    return label_of(graph, source) if title is None else title


def is_entity(node: Node) -> bool:
    """Our own resources: IRIs below ``id/`` without a fragment (``#amount`` belongs to one)."""
    return isinstance(node, URIRef) and str(node).startswith(str(ID)) and "#" not in str(node)


def entity_set(graph: Graph) -> set[Node]:
    """Every entity (see ``is_entity``) described in ``graph``; a source's claim is a statement
    about entities, not one."""
    claims = set(graph.subjects(RDF.type, PLEDGE.Claim))
    return {s for s in graph.subjects() if is_entity(s) and s not in claims}


def entity_rows(graph: Graph) -> list[dict[str, str]]:
    """One row per entity (see ``entity_set``), sorted by IRI."""
    entities = ordered(entity_set(graph))
    return [
        {
            "iri": str(node),
            "type": _joined(curie(graph, t) for t in graph.objects(node, RDF.type)),
            "label": label(graph, node, NAMES) or "",
        }
        for node in entities
    ]


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_tables(graph: Graph) -> dict[str, bytes]:
    """``commitments.csv`` and ``entities.csv`` of ``graph`` (a dataset's union)."""
    return {
        "commitments.csv": to_csv(commitment_rows(graph), COMMITMENT_COLUMNS),
        "entities.csv": to_csv(entity_rows(graph), ENTITY_COLUMNS),
    }
