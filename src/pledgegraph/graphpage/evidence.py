"""Each source's claims on the page, and how the value the simple triples carry was chosen.

The claims model is docs/decisions/20261202-sources-and-claims.md: a ``pledge:Claim`` per source
and fact, with its value (money, an entity, a concept or text), its evidence, its review and its
rank; a reconciliation node per subject and fact with the rules applied, the reason in words, the
number of sources and whether sources of the same standing disagree. Both are folded into their
subject for the side panel; neither is drawn.
"""

from __future__ import annotations

from pledgegraph.graphpage.model import Claim, PageData
from pledgegraph.graphpage.select import PREFIXES, Select, amount_of, as_dicts
from pledgegraph.network import local_name, readable

Q_CLAIMS = (
    PREFIXES
    + """SELECT ?claim ?subject ?fact ?claimed ?blank ?v ?min ?max ?currency ?notNamed
  ?date ?source ?quote ?status ?reviewer ?reviewed ?rank WHERE {
  ?claim a pledge:Claim ; pledge:fact ?fact .
  OPTIONAL { ?claim pledge:claimAbout ?subject }
  OPTIONAL { ?claim pledge:claimedValue ?claimed . BIND(isBlank(?claimed) AS ?blank)
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
RANKS = {"preferred": 0, "normal": 1, "deprecated": 2}


def fold(data: PageData, select: Select, labels: dict[str, str]) -> None:
    """Add each subject's claims and reconciliations to ``data``."""
    _fold_claims(data, as_dicts(select, Q_CLAIMS), labels)
    _fold_reconciled(data, as_dicts(select, Q_RECONCILED), labels)


def _fold_reconciled(data: PageData, rows: list[dict[str, str]], labels: dict[str, str]) -> None:
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


def _fold_claims(data: PageData, rows: list[dict[str, str]], labels: dict[str, str]) -> None:
    claims: dict[str, Claim] = {}
    for row in sorted(rows, key=lambda r: sorted(r.items())):
        claim = claims.get(row["claim"])
        if claim is None:
            amount = (
                amount_of(row.get("currency"), row.get("v"), row.get("min"), row.get("max"))
                if any(k in row for k in ("v", "min", "max"))
                else None
            )
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
            and row.get("blank") != "true"
        ):
            entity = data.entities.get(value)
            text = entity.label if entity else labels.get(value) or value
            if text not in claim.values:
                claim.values.append(text)
    for iri in sorted(claims, key=lambda k: (RANKS.get(claims[k].rank, 1), claims[k].source, k)):
        claim = claims[iri]
        data.claims.setdefault(claim.subject, []).append(claim)
