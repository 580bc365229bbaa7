"""The numbers a build reports: sizes, counts, and the headline total against the itemised pledges.

Caps ("up to", ``schema:maxValue``) and stated amounts (``schema:value``) are summed apart and
never added into one figure without saying so: a cap is not spend.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import cast

from rdflib import Dataset, Literal
from rdflib.query import ResultRow

from pledgegraph.load import PledgeDataset

PREFIXES = """
PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
PREFIX schema: <https://schema.org/>
"""

COUNTS = (
    PREFIXES
    + """
SELECT
  (COUNT(DISTINCT ?agreement) AS ?agreements)
  (COUNT(DISTINCT ?commitment) AS ?commitments)
  (COUNT(DISTINCT ?investment) AS ?investments)
  (COUNT(DISTINCT ?policy) AS ?policies)
  (COUNT(DISTINCT ?component) AS ?components)
WHERE {
  { ?agreement a pledge:Agreement }
  UNION { ?commitment a pledge:Commitment }
  UNION { ?investment a pledge:InvestmentCommitment }
  UNION { ?policy a pledge:PolicyCommitment }
  UNION { ?component pledge:partOf ?umbrella }
}
"""
)

SUM_OF = (
    PREFIXES
    + """
SELECT (SUM(?v) AS ?total) WHERE {
  SELECT DISTINCT ?node ?v WHERE {
    ?owner %s ?node . ?node %s ?v
    FILTER NOT EXISTS { ?owner a pledge:PurchaseCommitment }  # purchases are not investment
  }
}
"""
)


@dataclass(frozen=True)
class Summary:
    triples: int
    graphs: int
    agreements: int
    commitments: int
    investment_commitments: int
    policy_commitments: int
    components: int
    headline_total: Decimal
    itemised_stated: Decimal
    itemised_caps: Decimal

    @property
    def itemised_total(self) -> Decimal:
        return self.itemised_stated + self.itemised_caps


def _sum(dataset: Dataset, link: str, value: str) -> Decimal:
    row = cast(ResultRow, next(iter(dataset.query(SUM_OF % (link, value)))))
    total = cast(Literal | None, row[0])
    return Decimal(str(total.toPython())) if total is not None else Decimal(0)


def summarise(dataset: Dataset) -> Summary:
    """Count what ``dataset`` holds and add up its amounts, caps and stated amounts apart."""
    row = cast(ResultRow, next(iter(dataset.query(COUNTS))))
    agreements, commitments, investments, policies, components = (
        int(cast(Literal, v).toPython()) for v in row
    )
    triples = {t for t in dataset.triples((None, None, None))}
    return Summary(
        len(triples),
        sum(1 for g in dataset.graphs() if len(g)),
        agreements,
        commitments,
        investments,
        policies,
        components,
        headline_total=_sum(dataset, "pledge:statedTotal", "schema:value"),
        itemised_stated=_sum(dataset, "pledge:amount", "schema:value"),
        itemised_caps=_sum(dataset, "pledge:amount", "schema:maxValue"),
    )


def data_timestamp(dataset: PledgeDataset) -> datetime:
    """When the data was last changed: $SOURCE_DATE_EPOCH if set, else the newest input file's
    modification time. Pages and dataset descriptions show this instead of the clock, so two
    builds of the same files are byte-identical."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    newest = max((f.stat().st_mtime for f in dataset.files.values()), default=0.0)
    return datetime.fromtimestamp(int(newest), tz=UTC)
