"""The store seam: where the loaded graph lives and how SPARQL runs on it.

Every later stage (query, network, viz, export, serve) talks to a ``Store``. A store answers
SPARQL with one typed result per query form, so callers never guess:

    SelectResult  variables + rows of rdflib terms (SELECT)
    AskResult     a boolean (ASK)
    GraphResult   an rdflib Graph (CONSTRUCT, DESCRIBE)

``open_store(spec, paths)`` picks the implementation from a spec string and loads into it;
``memory`` (rdflib) is the default. Parameters are bound by the engine (rdflib
``initBindings``), never pasted into the query text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib import Graph, Variable
from rdflib.query import Result
from rdflib.term import Identifier, Node

from pledgegraph.errors import QueryError, StoreError
from pledgegraph.load import PledgeDataset, load


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[dict[str, Node | None]] = field(default_factory=list)


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    graph: Graph


QueryResult = SelectResult | AskResult | GraphResult
Bindings = Mapping[str, Identifier]


class Store(Protocol):
    """What the later stages need of a store."""

    name: str

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        """Run a SPARQL query; raise ``QueryError`` for a malformed one."""
        ...

    def dataset(self) -> PledgeDataset:
        """The whole graph, named graphs kept, as an rdflib Dataset (for SHACL, export, drawing)."""
        ...

    def graph_names(self) -> Sequence[str]:
        """IRIs of the named graphs, sorted."""
        ...


def from_rdflib(result: Result) -> QueryResult:
    """Convert an rdflib query result into our typed result."""
    if result.type == "ASK":
        return AskResult(bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        assert graph is not None
        return GraphResult(graph)
    variables = [str(v) for v in (result.vars or [])]
    rows = [
        {name: row[Variable(name)] for name in variables}  # type: ignore[index]
        for row in result
    ]
    return SelectResult(variables, rows)


class MemoryStore:
    """rdflib in memory: the default, fine up to about 10^5 triples."""

    name = "memory"

    def __init__(self, dataset: PledgeDataset) -> None:
        self._dataset = dataset

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        try:
            result = self._dataset.query(
                sparql, initBindings={Variable(k): v for k, v in (bindings or {}).items()}
            )
            return from_rdflib(result)
        except Exception as err:  # rdflib raises pyparsing errors and plain exceptions alike
            raise QueryError(describe_query_error(sparql, err)) from err

    def dataset(self) -> PledgeDataset:
        return self._dataset

    def graph_names(self) -> Sequence[str]:
        return sorted(
            str(g.identifier)
            for g in self._dataset.graphs()
            if len(g) and g.identifier != "urn:x-rdflib:default"
        )


def describe_query_error(sparql: str, err: Exception) -> str:
    """A parse error as ``line L, column C: message``, else the error's own text."""
    line = getattr(err, "lineno", None)
    col = getattr(err, "col", None) or getattr(err, "column", None)
    message = getattr(err, "msg", None) or str(err)
    if line:
        return f"line {line}, column {col}: {message}"
    return f"{type(err).__name__}: {message}"


STORE_SPECS = "memory"


def open_store(
    spec: str = "memory",
    paths: Iterable[Path | str] = (),
    *,
    root: Path | None = None,
    include_project: bool = True,
) -> Store:
    """Open the store ``spec`` names and load the project's files plus ``paths`` into it.

    Each store loads in its own way (rdflib parses; a bulk loader may stream), which is why
    loading happens here and not before.
    """
    if spec == "memory":
        return MemoryStore(load(paths, root=root, include_project=include_project))
    raise StoreError(f"unknown store {spec!r}; choose one of: {STORE_SPECS}")
