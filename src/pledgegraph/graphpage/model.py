"""The network page's data: entities with what is folded into them, links, claims.

``read.read(store)`` fills it from a store with SPARQL; ``from_network`` from a networkx graph
(a CONSTRUCT result drawn by ``viz.render``), so both are drawn alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx

from pledgegraph.results import money
from pledgegraph.vocab import PLEDGE

EVIDENCE = str(PLEDGE.evidence)
DASH = "\u2013"
NETWORK_ATTRS = {
    "iri", "type", "label", "amount", "amount_kind", "currency", "amount_text", "quote",
    "source", "sector", "min_amount", "max_amount", "commitment_kind", "disputed",
}  # fmt: skip


@dataclass(frozen=True)
class Amount:
    """Money as a source words it: stated, a cap ("up to"), a floor ("over") or a range."""

    currency: str = "USD"
    value: Decimal | None = None
    low: Decimal | None = None  # schema:minValue
    high: Decimal | None = None  # schema:maxValue

    @property
    def kind(self) -> str:
        if self.value is not None:
            return "stated"
        if self.low is not None and self.high is not None:
            return "range"
        return "cap" if self.high is not None else "floor" if self.low is not None else ""

    @property
    def figure(self) -> Decimal:
        """The one number to size and sort by: the stated figure, else the cap, else the floor."""
        for v in (self.value, self.high, self.low):
            if v is not None:
                return v
        return Decimal(0)

    def text(self, short: bool = False) -> str:
        """``up to $332 billion``; short: ``up to $332 bn``."""

        def m(v: Decimal) -> str:
            return short_money(v, self.currency) if short else money(v, self.currency)

        if self.kind == "range":
            assert self.low is not None and self.high is not None
            return f"{m(self.low)}{DASH}{m(self.high)}"
        words = {"cap": "up to ", "floor": "over ", "stated": ""}.get(self.kind, "")
        return words + m(self.figure) if self.kind else ""


def short_money(amount: Decimal, currency: str = "USD") -> str:
    """``short_money(Decimal("25e9"))`` -> ``'$25 bn'``; other currencies keep their code."""
    text = money(amount, currency)
    for word, short in (("trillion", "tn"), ("billion", "bn"), ("million", "m")):
        text = text.replace(" " + word, " " + short)
    return text


@dataclass
class Entity:
    """One node of the page, with what is folded into it."""

    id: str
    kind: str
    label: str
    attrs: dict[str, str] = field(default_factory=dict)  # literal properties by local name
    quotes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # source documents its evidence cites
    amount: Amount | None = None
    commitment_kind: str = ""  # investment | purchase | policy (commitments only)
    disputed: bool = False
    draft: bool = False  # it, or a claim about it, is still an unreviewed draft (--drafts)


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    prop: str
    label: str


@dataclass
class Claim:
    """One source's word on one fact of a subject."""

    subject: str
    fact: str  # the property's label
    prop: str  # the property
    values: list[str]
    amount_kind: str  # stated | cap | floor | range, or "not named", or ""
    quote: str
    source: str
    status: str
    reviewer: str = ""
    reviewed: str = ""
    rank: str = ""
    date: str = ""


@dataclass
class PageData:
    entities: dict[str, Entity] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    reconciled: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    _by_prop: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False)
    _sorted: set[str] = field(default_factory=set, repr=False)

    def linked(self, prop: str) -> dict[str, list[str]]:
        """``{subject: [objects]}`` of one property, objects in label order (one pass over the
        links for every property, on the first call; the data is not changed after reading)."""
        if not self._by_prop:
            by_prop: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
            for link in self.links:
                by_prop[link.prop][link.source].append(link.target)
            self._by_prop = by_prop
        subjects = self._by_prop.get(prop, {})
        if prop not in self._sorted:
            order = {}  # each target's place in label order, computed once per entity
            for targets in subjects.values():
                if len(targets) > 1:
                    for t in targets:
                        if t not in order:
                            order[t] = (self.entities[t].label.lower(), t)
                    targets.sort(key=order.__getitem__)
            self._sorted.add(prop)
        return subjects


# --- a networkx graph (a CONSTRUCT result) ----------------------------------------------------


def from_network(g: nx.MultiDiGraph[str]) -> PageData:
    """The page's data of a network made by ``network.network_from_graph``."""
    data = PageData()
    for node, a in g.nodes(data=True):
        entity = Entity(str(node), str(a["type"]), str(a["label"]))
        entity.attrs = {k: str(v) for k, v in a.items() if k not in NETWORK_ATTRS}
        entity.quotes = [q for q in str(a.get("quote", "")).split("\n") if q]
        entity.amount = _network_amount(a)
        entity.commitment_kind = str(
            a.get("commitment_kind", "investment" if a["type"] == "commitment" else "")
        )
        entity.disputed = a.get("disputed") == "true"
        data.entities[entity.id] = entity
    for s, t, key, a in g.edges(keys=True, data=True):
        data.links.append(Link(str(s), str(t), str(key), str(a.get("label", ""))))
        if key == EVIDENCE:
            data.entities[str(s)].sources.append(str(t))
    data.links.sort(key=lambda link: (link.source, link.prop, link.target))
    return data


def _network_amount(a: dict[str, Any]) -> Amount | None:
    kind = a.get("amount_kind")
    if kind is None or "amount" not in a:
        return None
    currency = str(a.get("currency", "USD"))
    figure = Decimal(str(a["amount"]))
    if kind == "range":
        return Amount(currency, None, Decimal(str(a["min_amount"])), Decimal(str(a["max_amount"])))
    return Amount(
        currency, figure if kind == "stated" else None, figure if kind == "floor" else None,
        figure if kind == "cap" else None,
    )  # fmt: skip
