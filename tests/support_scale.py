"""Helpers for the scale tests: canonical query answers (comparable across stores) and a real
Oxigraph server on a free port."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Literal

from pledgegraph import query as canned
from pledgegraph.results import AskResult, GraphResult, QueryResult, SelectResult
from pledgegraph.store import Store

from .support_server import running_server


def canonical_term(term: object) -> object:
    """A term as a value every store agrees on: numbers as Decimal (so 1.0 == 1), blank nodes
    as one marker, everything else as text."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:b"
    value = term.toPython() if isinstance(term, Literal) else None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return str(term)


def canonical(result: QueryResult, ordered: bool) -> object:
    if isinstance(result, AskResult):
        return result.value
    if isinstance(result, GraphResult):
        return sorted(
            (tuple(canonical_term(t) for t in triple) for triple in result.graph), key=repr
        )
    assert isinstance(result, SelectResult)
    rows = [tuple(canonical_term(r[v]) for v in result.variables) for r in result.rows]
    return (result.variables, sorted(rows, key=repr))


def answers(store: Store) -> dict[str, object]:
    """Every canned query's canonical answer on ``store``; parameters take their first choice."""
    out: dict[str, object] = {}
    for q in canned.discover():
        values = {}
        for param in q.params:
            options = canned.choices(store, param)
            assert options, f"{q.name}: no choices for {param.name}"
            values[param.name] = options[len(options) // 2][0]
        result = canned.run(store, q, values)
        out[q.name] = canonical(result, canned.has_order_by(q.text))
    return out


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """``oxigraph serve`` on 127.0.0.1 and a free port; yields its base URL; stops it after."""
    binary = shutil.which("oxigraph")
    assert binary, "the `oxigraph` server binary (PyPI package `oxigraph`) is not on PATH"

    def command(port: int) -> list[str]:
        return [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]

    with running_server(command, "/query?query=ASK%7B%7D", wait=20) as running:
        yield running.url
