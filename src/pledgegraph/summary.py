"""The numbers a build reports: sizes, counts, and the headline total against the itemised pledges.

Caps ("up to", ``schema:maxValue``) and stated amounts (``schema:value``) are summed apart and
never added into one figure without saying so: a cap is not spend.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Dataset

PREFIXES = """
PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# One row per agreement: its counts. Money is added up per agreement, never across them.
AGREEMENTS = (
    PREFIXES
    + """
SELECT ?agreement (MIN(STR(?name)) AS ?label)
  (COUNT(DISTINCT ?commitment) AS ?commitments)
  (COUNT(DISTINCT ?investment) AS ?investments)
  (COUNT(DISTINCT ?policy) AS ?policies)
  (COUNT(DISTINCT ?component) AS ?components)
WHERE {
  ?agreement a pledge:Agreement FILTER isIRI(?agreement)
  OPTIONAL { ?agreement rdfs:label ?name }
  OPTIONAL {
    ?commitment pledge:underAgreement ?agreement
    OPTIONAL { ?commitment a pledge:InvestmentCommitment BIND(?commitment AS ?investment) }
    OPTIONAL { ?commitment a pledge:PolicyCommitment BIND(?commitment AS ?policy) }
    OPTIONAL { ?commitment pledge:partOf ?umbrella BIND(?commitment AS ?component) }
  }
}
GROUP BY ?agreement ORDER BY ?agreement
"""
)

# Per agreement: the sum of the distinct figures ``?node %s ?v`` of what ``%s`` links to it
SUM_OF = (
    PREFIXES
    + """
SELECT ?agreement (SUM(?v) AS ?total) WHERE {
  SELECT DISTINCT ?agreement ?node ?v WHERE {
    %s
    ?node %s ?v
    FILTER NOT EXISTS { ?owner a pledge:PurchaseCommitment }  # purchases are not investment
  }
} GROUP BY ?agreement
"""
)
HEADLINE = "?agreement pledge:statedTotal ?node . BIND(?agreement AS ?owner)"
ITEMISED = "?owner pledge:underAgreement ?agreement ; pledge:amount ?node ."


@dataclass(frozen=True)
class AgreementSummary:
    """What one agreement holds; its money in its own figures, never summed with another's."""

    agreement: str
    label: str
    commitments: int
    investment_commitments: int
    policy_commitments: int
    components: int
    headline_total: Decimal | None  # None: no source states a headline total
    itemised_stated: Decimal
    itemised_caps: Decimal
    headline_kind: str = "stated"  # "cap" ("up to"), "floor" ("over"): how the total is read

    @property
    def itemised_total(self) -> Decimal:
        return self.itemised_stated + self.itemised_caps


@dataclass(frozen=True)
class Summary:
    triples: int
    graphs: int
    agreements: tuple[AgreementSummary, ...]


def _rows(store: Any, sparql: str) -> list[tuple[Any, ...]]:
    result = store.query(sparql)
    return [tuple(row.get(v) for v in result.variables) for row in result.rows]


def _sums(store: Any, link: str, value: str) -> dict[str, Decimal]:
    return {
        str(a): Decimal(str(total.toPython()))
        for a, total in _rows(store, SUM_OF % (link, value))
        if a is not None and total is not None
    }


def summarise(store: Any, triples: int | None = None) -> Summary:
    """Count what the store (or an rdflib ``Dataset``) holds, agreement by agreement, adding
    up amounts per agreement with caps and stated amounts apart. ``triples`` counts a triple
    stated in two files once, as the dataset description does (pass its count if known)."""
    if isinstance(store, Dataset):
        from pledgegraph.store.memory import MemoryStore

        store = MemoryStore(store)  # type: ignore[arg-type]
    headline = _sums(store, HEADLINE, "schema:value")
    # the reconciled headline is a cap where any source says "up to" (the conservative reading)
    headline_kind: dict[str, str] = {}
    for kind, figure in (("floor", "schema:minValue"), ("cap", "schema:maxValue")):
        for key, value in _sums(store, HEADLINE, figure).items():
            if key not in headline:
                headline[key], headline_kind[key] = value, kind
    stated = _sums(store, ITEMISED, "schema:value")
    caps = _sums(store, ITEMISED, "schema:maxValue")
    agreements = []
    for a, label, *counts in _rows(store, AGREEMENTS):
        key, zero = str(a), Decimal(0)
        commitments, investments, policies, components = (int(c.toPython()) for c in counts)
        agreements.append(
            AgreementSummary(
                key, str(label or a), commitments, investments, policies, components,
                headline.get(key), stated.get(key, zero), caps.get(key, zero),
                headline_kind.get(key, "stated"),
            )
        )  # fmt: skip
    if triples is not None:
        pass
    elif hasattr(store, "distinct_triples"):
        triples = store.distinct_triples()
    else:
        triples = len(set(store.dataset().triples((None, None, None))))
    return Summary(triples, len(store.graph_names()), tuple(agreements))


def data_timestamp(files: Any) -> datetime:
    """When the data was last changed: $SOURCE_DATE_EPOCH if set, else the newest input file's
    modification time. Pages and dataset descriptions show this instead of the clock, so two
    builds of the same files are byte-identical. ``files``: graph -> path, or a dataset."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    paths: Mapping[Any, Path] = files if isinstance(files, Mapping) else files.files
    newest = max((f.stat().st_mtime for f in paths.values()), default=0.0)
    return datetime.fromtimestamp(int(newest), tz=UTC)
