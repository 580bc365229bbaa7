"""The commitments of an agreement as ``match`` sees them: figures, partners (their own and
their components'), investors, word stems of their labels and purposes, and their order in
the graph (by the first character of their evidence). One SELECT reads them all, reconciled
values and every claim that is not rejected alike.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import Graph, URIRef

_TARGETS = """
PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?c ?what ?value ?currency WHERE {
  ?c a pledge:Commitment ; pledge:underAgreement ?agreement .
  {
    ?c rdfs:label ?value BIND ("words" AS ?what)
  } UNION {
    ?c pledge:purpose ?value BIND ("words" AS ?what)
  } UNION {
    ?c pledge:amount ?a .
    { ?a schema:value ?value } UNION { ?a schema:maxValue ?value }
    UNION { ?a schema:minValue ?value }
    OPTIONAL { ?a schema:currency ?currency }
    BIND ("figure" AS ?what)
  } UNION {
    ?c pledge:partner ?value BIND ("partner" AS ?what)
  } UNION {
    ?part pledge:partOf ?c ; pledge:partner ?value BIND ("partner" AS ?what)
  } UNION {
    ?c pledge:committedBy ?value BIND ("investor" AS ?what)
  } UNION {
    ?claim pledge:claimAbout ?c ; pledge:fact ?fact ; pledge:claimedValue ?value .
    FILTER (?fact IN (pledge:committedBy, pledge:partner))
    FILTER NOT EXISTS { ?claim pledge:reviewStatus "rejected" }
    BIND (IF(?fact = pledge:partner, "partner", "investor") AS ?what)
  } UNION {
    ?c pledge:partOf ?value BIND ("parent" AS ?what)
  } UNION {
    ?c pledge:evidence/oa:hasSelector/oa:start ?value BIND ("start" AS ?what)
  }
}
"""


@dataclass
class Target:
    """A commitment of the agreement as the matcher sees it."""

    iri: URIRef
    figures: set[tuple[Decimal, str]] = field(default_factory=set)
    partners: set[URIRef] = field(default_factory=set)
    investors: set[URIRef] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    start: int = 1 << 60
    component: bool = False
    position: int = 0

    @property
    def monetary(self) -> bool:
        return bool(self.figures)


_WORD = re.compile(r"[a-z]+")
_FOLD = ((r"isation", "ization"), (r"ise\b", "ize"), (r"ising", "izing"), (r"fibre", "fiber"))
_STOP = frozenset(
    str.split(
        "with from that this will into such other their including billion million trillion "
        "dollars investment invest commitment"
    )
)


def stems(text: str, cut_last: bool = False) -> set[str]:
    """Five-letter stems of the words of four or more letters; ``cut_last``: the last word is
    cut off mid-word, and is kept as a prefix marked with ``*``."""
    lowered = text.lower()
    for pattern, replacement in _FOLD:
        lowered = re.sub(pattern, replacement, lowered)
    words = _WORD.findall(lowered)
    result = {w[:5] for w in words[:-1] if len(w) >= 4 and w not in _STOP} if words else set()
    if words:
        last = words[-1]
        if cut_last and len(last) >= 3:
            result.add(last[:5] + "*")
        elif len(last) >= 4 and last not in _STOP:
            result.add(last[:5])
    return result


def targets(graph: Graph, agreement: URIRef) -> list[Target]:
    """The agreement's commitments with their figures, partners, investors and words."""
    found: dict[URIRef, Target] = {}
    for row in graph.query(_TARGETS, initBindings={"agreement": agreement}):
        cells: list[Any] = list(row)  # type: ignore[arg-type]
        iri, kind, value, currency = URIRef(cells[0]), str(cells[1]), cells[2], cells[3]
        target = found.setdefault(iri, Target(iri))
        if kind == "words":
            target.stems |= stems(str(value))
        elif kind == "figure":
            with contextlib.suppress(ArithmeticError):
                target.figures.add((Decimal(str(value)), str(currency or "")))
        elif kind == "partner":
            target.partners.add(value)
        elif kind == "investor":
            target.investors.add(value)
        elif kind == "parent":
            target.component = True
        elif kind == "start":
            target.start = min(target.start, int(value))
    ordered = sorted(found.values(), key=lambda t: (t.start, str(t.iri)))
    for position, target in enumerate(ordered):
        target.position = position
    return ordered
