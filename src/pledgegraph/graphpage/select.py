"""SELECT queries for the page, on any store, answered as plain tuples of strings.

An Oxigraph store is asked directly and its answer read term by term; an rdflib store is copied
into an in-memory Oxigraph store first (under a second at 10^5 triples: rdflib's own SPARQL
engine scans far slower); a remote endpoint answers in SPARQL JSON. Each row holds the values in
the order of the query's variables, ``None`` where one is unbound. Queries that need to know a
value's kind ask for it (``BIND(isLiteral(?o) AS ?lit)``), so rows stay plain strings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from pledgegraph.graphpage.model import Amount
from pledgegraph.store import Store
from pledgegraph.store.terms import to_oxigraph
from pledgegraph.vocab import OA, PLEDGE, SCHEMA

Row = tuple[Any, ...]  # str values, None where unbound
Select = Callable[[str], tuple[list[str], list[Row]]]

PREFIXES = f"""PREFIX pledge: <{PLEDGE._NS}>
PREFIX schema: <{SCHEMA}>
PREFIX oa: <{OA}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def selector(store: Store) -> Select:
    """``select(sparql) -> (variables, rows)`` for ``store``."""
    native = getattr(store, "native", None)
    if native is None and store.name == "memory":
        native = ox.Store()
        native.bulk_extend(_quads(store.dataset()))
    if native is not None:
        return lambda sparql: _solutions(native.query(sparql, use_default_graph_as_union=True))
    return lambda sparql: _json(store.query_serialized(sparql, None, "json"))


def as_dicts(select: Select, sparql: str) -> list[dict[str, str]]:
    """Rows as ``{variable: value}`` without the unbound ones, for small answers."""
    names, rows = select(sparql)
    return [{n: v for n, v in zip(names, row, strict=True) if v is not None} for row in rows]


def _solutions(solutions: Any) -> tuple[list[str], list[Row]]:
    names = [v.value for v in solutions.variables]
    return names, [tuple(None if t is None else t.value for t in s) for s in solutions]


def _json(answer: bytes | None) -> tuple[list[str], list[Row]]:
    data = json.loads(answer or b"{}")
    names = data["head"]["vars"]
    bindings = data["results"]["bindings"]
    return names, [tuple(b[n]["value"] if n in b else None for n in names) for b in bindings]


def _quads(dataset: Any) -> Iterable[ox.Quad]:
    terms: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        if t not in terms:
            terms[t] = to_oxigraph(t)
        return terms[t]

    for graph in dataset.graphs():
        name = str(graph.identifier)
        ox_name = ox.DefaultGraph() if name.startswith("urn:x-rdflib") else ox.NamedNode(name)
        for s, p, o in graph.triples((None, None, None)):
            yield ox.Quad(term(s), term(p), term(o), ox_name)


def decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def amount_of(currency: str | None, value: str | None, low: str | None, high: str | None) -> Amount:
    return Amount(currency or "USD", decimal(value), decimal(low), decimal(high))
