"""Rows a table has already brought in: the same agreement, amount, partners and source.

``Imported`` reads the agreement's commitments once (one SELECT) into a dictionary keyed by
(figure, currency, partners); each source a commitment cites is known by its title and by the
file name of its stored copy. A row is a duplicate when a commitment with its key cites a
source of the row's title or file, or an earlier row of the same import has the same key and
source. Lookups are constant time, so an import stays linear in its rows.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from rdflib import Graph, URIRef

from pledgegraph.ingest.draft import DraftCommitment

_EXISTING = """
PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?c ?figure ?currency ?partner ?title ?copy WHERE {
  ?c pledge:underAgreement ?agreement ; pledge:amount ?a .
  { ?a schema:value ?figure } UNION { ?a schema:maxValue ?figure }
  UNION { ?a schema:minValue ?figure }
  OPTIONAL { ?a schema:currency ?currency }
  OPTIONAL { ?c pledge:partner ?partner }
  OPTIONAL {
    ?c pledge:evidence/oa:hasSource ?s .
    OPTIONAL { ?s dcterms:title ?title }
    OPTIONAL { ?s pledge:localCopy ?copy }
  }
}
"""

Key = tuple[Decimal, str, frozenset[str]]


def _source_names(title: str, copy: str) -> set[str]:
    names = set()
    if title.strip():
        names.add("title:" + " ".join(title.lower().split()))
    if copy.strip():
        names.add("file:" + PurePosixPath(copy.replace("\\", "/")).name.lower())
    return names


class Imported:
    """What the graph (and this import so far) holds for one agreement."""

    def __init__(self, graph: Graph, agreement: URIRef) -> None:
        self.agreement = agreement
        figures: dict[str, set[tuple[Decimal, str]]] = defaultdict(set)
        partners: dict[str, set[str]] = defaultdict(set)
        sources: dict[str, set[str]] = defaultdict(set)
        for row in graph.query(_EXISTING, initBindings={"agreement": agreement}):
            cells: list[Any] = list(row)  # type: ignore[arg-type]
            commitment, figure, currency, partner, title, copy = (
                str(c) if c is not None else "" for c in cells
            )
            with contextlib.suppress(ArithmeticError):
                figures[commitment].add((Decimal(figure), currency))
            if partner:
                partners[commitment].add(partner)
            sources[commitment] |= _source_names(title, copy)
        self.known: dict[Key, list[tuple[str, set[str]]]] = defaultdict(list)
        for commitment, pairs in figures.items():
            for amount, unit in pairs:
                key = (amount.normalize(), unit, frozenset(partners[commitment]))
                self.known[key].append((commitment, sources[commitment]))

    def check(self, row: DraftCommitment, agreement: URIRef) -> str | None:
        """Where the row was imported before (a commitment IRI, or the earlier row's slug), or
        None; a new row is remembered, so a repeat later in the table is found too."""
        if row.amount is None or agreement != self.agreement:
            return None
        key = (
            row.amount.value.normalize(),
            row.amount.currency,
            frozenset(str(p.iri) for p in row.partners),
        )
        names = _source_names(row.source.title, row.source.local_copy)
        for where, cited in self.known.get(key, []):
            if names & cited:
                return where
        self.known[key].append((f"row {row.slug!r} of this table", names))
        return None
