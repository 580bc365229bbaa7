"""Reconcile stage: one value per fact, chosen from the sources' claims by a written rule.

The rule is docs/decisions/20261202-sources-and-claims.md; docs/sources.md shows it at work.
In short, for each subject (a commitment or an agreement) and fact (amount, investor, ...):

1. only accepted claims count (drafts too if asked for); rejected ones are ranked deprecated;
2. the most authoritative tier of sources wins: a government source published by a signatory of
   the agreement, then other governments, companies, news agencies, newspapers, anything else;
   if sources of that tier differ, both are kept, the subject is disputed, and the lower figure
   (money) or the first source by IRI (anything else) is chosen: never an average;
3. if any counted claim on an amount says "up to", the amount is a cap;
4. partners are the union of what the sources name;
5. the status is the latest (status date, then the source's issue date);
6. a ``notNamed`` claim agrees with any value and names none.

``reconcile(store)`` reads the claims with a few SELECTs and returns the named graph
``graph/reconciled`` as N-Triples, sorted, so the same claims always give the same bytes;
``add_reconciled(store)`` puts it in the store (``Store.add_graph``). Subjects whose facts are
written directly, with no claims, are left alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from rdflib import Graph

from pledgegraph.claims import (
    Amount,
    Claim,
    ClaimSet,
    JsonQueries,
    Select,
    Source,
    Term,
    graph_select,
    read_claims,
    store_select,
)
from pledgegraph.vocab import GRAPH, PLEDGE, SCHEMA

RECONCILED = GRAPH["reconciled"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
XSD = "http://www.w3.org/2001/XMLSchema#"
P = str(PLEDGE._NS)
AMOUNT_FACTS = {P + "amount": "amount", P + "statedTotal": "stated-total"}
MULTI_VALUED = {P + "partner"}
KIND_TIERS = {
    P + "GovernmentSource": 2,
    P + "CompanySource": 3,
    P + "NewsAgencySource": 4,
    P + "NewspaperSource": 5,
}
TIER_NAMES = {
    1: "government of a party",
    2: "government",
    3: "company",
    4: "news agency",
    5: "newspaper",
    6: "other",
}
RULE_TEXT = {
    "SingleSourceRule": "One source states it.",
    "AgreementRule": "The sources agree.",
    "AuthorityRule": "The most authoritative source wins.",
    "LowerFigureRule": "Sources of the same rank differ: both are kept, the lower figure is taken.",
    "FirstSourceRule": "Sources of the same rank differ: both are kept, the first source by IRI"
    " is taken.",
    "CapRule": 'A source says "up to", so the amount is a cap.',
    "UnionRule": "The partners are those any source names.",
    "LatestStatusRule": "The latest status is taken; every status stays in the timeline.",
    "NotNamedRule": "No source names it.",
    "OnlyAcceptedRule": "Claims not accepted are not counted.",
}


class GraphStore(JsonQueries, Protocol):
    def add_graph(self, name: str, ntriples: bytes) -> None: ...


@dataclass
class Outcome:
    """What the rule decided for one subject and fact."""

    rules: list[str] = field(default_factory=list)
    preferred: list[Claim] = field(default_factory=list)
    amount: Amount | None = None
    values: list[Term] = field(default_factory=list)
    disputed: bool = False


def reconcile(store: JsonQueries, *, drafts: bool = False) -> bytes:
    """The graph ``graph/reconciled`` of ``store``'s claims, as sorted N-Triples."""
    return reconciled_ntriples(store_select(store), drafts=drafts)


def add_reconciled(store: GraphStore, *, drafts: bool = False) -> int:
    """Write ``graph/reconciled`` into ``store`` (replacing it); returns its number of triples."""
    data = reconcile(store, drafts=drafts)
    store.add_graph(str(RECONCILED), data)
    return data.count(b"\n")


def reconcile_dataset(dataset: Any, *, drafts: bool = False) -> int:
    """Add ``graph/reconciled`` to an rdflib Dataset (the load path); returns its size."""
    data = reconciled_ntriples(graph_select(dataset), drafts=drafts)
    graph: Graph = dataset.graph(RECONCILED)
    graph.remove((None, None, None))
    if data:
        graph.parse(data=data, format="nt")
    return data.count(b"\n")


def reconciled_ntriples(select: Select, *, drafts: bool = False) -> bytes:
    claim_set = read_claims(select)
    lines: set[str] = set()
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claim_set.claims:
        if claim.about is not None:
            groups[(claim.about, claim.fact)].append(claim)
    for (subject, fact), claims in sorted(groups.items()):
        lines.update(_fact_lines(claim_set, subject, fact, claims, drafts))
    return "".join(sorted(lines)).encode("utf-8")


def count_drafts(store: Any) -> dict[str, int]:
    """Nodes still marked ``pledge:reviewStatus "draft"``, counted per file (the file's path
    relative to the project root where it lies inside it, else the graph IRI)."""
    rows = store_select(store)(DRAFTS)
    files: dict[Any, Path] = getattr(store, "files", None) or {}
    root = getattr(store, "root", None)
    counts: dict[str, int] = {}
    for row in rows:
        graph = row["graph"].value
        file = next((f for g, f in files.items() if str(g) == graph), None)
        counts[_display(file, root) if file else graph] = int(row["drafts"].value)
    return dict(sorted(counts.items()))


DRAFTS = """
PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
SELECT ?graph (COUNT(DISTINCT ?node) AS ?drafts) WHERE {
  GRAPH ?graph { ?node pledge:reviewStatus ?status }
  FILTER (STR(?status) = "draft")
} GROUP BY ?graph
"""


def _display(file: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return file.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(file)


# --------------------------------------------------------------------------- the rule


def tier(claim_set: ClaimSet, claim: Claim) -> int:
    """1 (a party's own government) ... 6 (anything else): the best of the claim's sources."""
    if (known := claim_set.tiers.get(claim.iri)) is not None:
        return known
    agreement = claim_set.agreement_of.get(claim.about or "", "")
    parties = claim_set.signatories.get(agreement, set())
    tiers = [_source_tier(claim_set.sources.get(s, Source(s)), parties) for s in claim.sources]
    claim_set.tiers[claim.iri] = level = min(tiers, default=6)
    return level


def _source_tier(source: Source, parties: set[str]) -> int:
    level = KIND_TIERS.get(source.kind, 6)
    if level == 2 and source.published_by in parties:
        return 1
    return level


def decide(claim_set: ClaimSet, fact: str, counted: list[Claim]) -> Outcome:
    """The rule for one subject's fact, over its counted claims (at least one)."""
    if fact == P + "status":
        return _latest(claim_set, counted)
    named = [c for c in counted if not c.not_named and (c.values or c.amount is not None)]
    if not named:
        return Outcome(["NotNamedRule"], preferred=counted)
    if fact in MULTI_VALUED:
        return _union(claim_set, named)
    return _single(claim_set, fact, named)


def _by_source(claims: Iterable[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.source, c.iri))


def _single(claim_set: ClaimSet, fact: str, named: list[Claim]) -> Outcome:
    best = min(tier(claim_set, c) for c in named)
    top = _by_source(c for c in named if tier(claim_set, c) == best)
    outcome = Outcome()
    if len({c.value_key() for c in named}) == 1:
        outcome.rules.append("SingleSourceRule" if len(_sources(named)) == 1 else "AgreementRule")
        chosen = top[0]
    else:
        if best != max(tier(claim_set, c) for c in named):
            outcome.rules.append("AuthorityRule")
        chosen = top[0]
        if len({c.value_key() for c in top}) > 1:
            money = all(c.amount is not None for c in top)
            same_currency = len({c.amount.currency for c in top if c.amount}) == 1
            if money and same_currency:
                chosen = min(top, key=lambda c: (c.amount.figure, c.source, c.iri))  # type: ignore[union-attr]
                outcome.rules.append("LowerFigureRule")
            else:
                outcome.rules.append("FirstSourceRule")
            # a purpose worded two ways is not a dispute: wordings differ, figures and parties do
            outcome.disputed = fact != P + "purpose"
    outcome.preferred = [c for c in named if c.value_key() == chosen.value_key()]
    outcome.values = sorted(chosen.values)
    outcome.amount = chosen.amount
    capped = any(c.amount is not None and c.amount.kind == "cap" for c in named)
    if chosen.amount is not None and chosen.amount.kind != "cap" and capped:
        a = chosen.amount
        ceiling = a.cap if a.cap is not None else a.figure
        outcome.amount = Amount(None, ceiling, None, a.currency)
        outcome.rules.append("CapRule")
    return outcome


def _union(claim_set: ClaimSet, named: list[Claim]) -> Outcome:
    values = sorted({v for c in named for v in c.values})
    by_tier: dict[int, set[tuple[object, ...]]] = defaultdict(set)
    for claim in named:
        by_tier[tier(claim_set, claim)].add(claim.value_key())
    disputed = any(len(keys) > 1 for keys in by_tier.values())
    rule = "SingleSourceRule" if len(_sources(named)) == 1 else "UnionRule"
    return Outcome([rule], preferred=named, values=values, disputed=disputed)


def _latest(claim_set: ClaimSet, counted: list[Claim]) -> Outcome:
    dated = [c for c in counted if c.values]
    if not dated:
        return Outcome(["NotNamedRule"], preferred=counted)

    def when(claim: Claim) -> tuple[object, ...]:
        issued = max(
            (claim_set.sources.get(s, Source(s)).issued for s in claim.sources), default=""
        )
        # latest date first, then the most authoritative source, then the first by IRI
        return (claim.status_date, issued, -tier(claim_set, claim))

    latest = max(when(c) for c in dated)
    chosen = _by_source(c for c in dated if when(c) == latest)[0]
    rule = "SingleSourceRule" if len(dated) == 1 else "LatestStatusRule"
    return Outcome([rule], preferred=[chosen], values=sorted(chosen.values))


def _sources(claims: Iterable[Claim]) -> set[str]:
    return {s for c in claims for s in (c.sources or {c.iri})}


# --------------------------------------------------------------------------- writing


def _fact_lines(
    claim_set: ClaimSet, subject: str, fact: str, claims: list[Claim], drafts: bool
) -> Iterable[str]:
    counted = [c for c in claims if c.review == "accepted" or (drafts and c.review == "draft")]
    for claim in claims:
        if claim.review == "rejected":
            yield _triple(claim.iri, P + "rank", _iri(P + "DeprecatedRank"))
    if not counted:
        return
    outcome = decide(claim_set, fact, counted)
    if len(counted) < len(claims):
        outcome.rules.append("OnlyAcceptedRule")
    preferred = {c.iri for c in outcome.preferred}
    for claim in counted:
        rank = "PreferredRank" if claim.iri in preferred else "NormalRank"
        yield _triple(claim.iri, P + "rank", _iri(P + rank))
        for evidence in sorted(claim.evidence):
            yield _triple(subject, P + "evidence", _iri(evidence))
    yield from _simple_triples(subject, fact, outcome)
    node = f"{subject}#reconciled-{fact.rsplit('#', 1)[-1]}"
    yield _triple(subject, P + "reconciliation", _iri(node))
    yield _triple(node, RDF_TYPE, _iri(P + "Reconciliation"))
    yield _triple(node, P + "fact", _iri(fact))
    for rule in outcome.rules:
        yield _triple(node, P + "rule", _iri(P + rule))
    sources = _sources(counted)
    yield _triple(node, P + "sourceCount", _literal(str(len(sources)), XSD + "integer"))
    yield _triple(node, RDFS_COMMENT, _literal(_reason(claim_set, counted, outcome)))
    if outcome.disputed:
        for flagged in (node, subject):
            yield _triple(flagged, P + "disputed", _literal("true", XSD + "boolean"))


def _simple_triples(subject: str, fact: str, outcome: Outcome) -> Iterable[str]:
    if outcome.amount is not None and fact in AMOUNT_FACTS:
        node = f"{subject}#{AMOUNT_FACTS[fact]}"
        yield _triple(subject, fact, _iri(node))
        yield _triple(node, RDF_TYPE, _iri(str(SCHEMA.MonetaryAmount)))
        yield _triple(node, str(SCHEMA.currency), _literal(outcome.amount.currency))
        for name, figure in (
            ("value", outcome.amount.stated),
            ("maxValue", outcome.amount.cap),
            ("minValue", outcome.amount.floor),
        ):
            if figure is not None:
                yield _triple(
                    node, str(SCHEMA[name]), _literal(_xsd_decimal(figure), XSD + "decimal")
                )
        for claim in outcome.preferred:
            for evidence in sorted(claim.evidence):
                yield _triple(node, P + "evidence", _iri(evidence))
        return
    for value in outcome.values:
        if value.kind == "uri":
            yield _triple(subject, fact, _iri(value.value))
        elif value.kind == "literal":
            yield _triple(subject, fact, _literal(value.value, value.datatype, value.lang))


def _reason(claim_set: ClaimSet, counted: list[Claim], outcome: Outcome) -> str:
    said = []
    for claim in sorted(counted, key=lambda c: (tier(claim_set, c), c.source, c.iri)):
        source = claim_set.sources.get(claim.source, Source(claim.source))
        said.append(
            f"{source.name or claim.source} ({TIER_NAMES[tier(claim_set, claim)]}): {_said(claim)}"
        )
    count = len(_sources(counted))
    text = f"{count} source{'s' if count != 1 else ''}: " + "; ".join(said) + "."
    return " ".join([text, *(RULE_TEXT[r] for r in outcome.rules)])


def _said(claim: Claim) -> str:
    if claim.not_named:
        return "not named"
    if claim.amount is not None:
        return claim.amount.text()
    parts = [v.value for v in sorted(claim.values)]
    if claim.status_date:
        parts.append(f"on {claim.status_date}")
    return ", ".join(parts) or "no value"


def _xsd_decimal(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if "." in text else text + ".0"


def _iri(iri: str) -> str:
    return f"<{iri}>"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"}
_SPECIAL = re.compile('[\x00-\x1f"\\\\\u2028\u2029]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def _literal(value: str, datatype: str = "", lang: str = "") -> str:
    escaped = _SPECIAL.sub(_escape, value)
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _triple(subject: str, predicate: str, obj: str) -> str:
    return f"<{subject}> <{predicate}> {obj} .\n"
