"""Helpers for the scale tests: canonical query answers (comparable across stores) and a real
Oxigraph server on a free port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import httpx
from rdflib import BNode, Literal

from pledgegraph import query as canned
from pledgegraph.store import AskResult, GraphResult, QueryResult, SelectResult, Store


def canonical_term(term: object) -> object:
    """A term as a value every store agrees on: numbers as Decimal (so 1.0 == 1), blank nodes
    as one marker, everything else as text."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:b"
    if isinstance(term, Literal) and isinstance(term.toPython(), int | float | Decimal):
        return Decimal(str(term.toPython())).normalize()
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """``oxigraph serve`` on 127.0.0.1 and a free port; yields its base URL; stops it after."""
    binary = shutil.which("oxigraph")
    assert binary, "the `oxigraph` server binary (PyPI package `oxigraph`) is not on PATH"
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve died: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError("oxigraph serve did not start in 20 s") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
