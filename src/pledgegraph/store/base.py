"""What every store offers the later stages: the ``Store`` protocol.

A store answers SPARQL with one typed result per query form (``results``), lists its named
graphs, writes itself in an RDF format, writes answers in a result format (natively where it
can), and takes a derived graph (``add_graph``). Parameters are bound by the engine, never
pasted into the query text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from rdflib.term import Identifier

from pledgegraph.errors import ResultTooLarge
from pledgegraph.formats import Format
from pledgegraph.load import PledgeDataset
from pledgegraph.results import QueryResult, format_result, result_size

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

    def serialize(self, fmt: Format) -> bytes:
        """The whole graph in ``fmt`` (see ``export.serialize`` for what each format keeps)."""
        ...

    def query_serialized(
        self, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
    ) -> bytes:
        """The answer written in ``fmt`` (a result format, or an RDF one for graphs), as
        ``results.format_result(self.query(...), fmt)`` would write it; a store may write it
        natively. Raises ``ResultTooLarge`` past ``max_rows`` rows or triples."""
        ...

    def add_graph(self, name: str, ntriples: bytes) -> None:
        """Make the named graph ``name`` hold exactly ``ntriples`` (N-Triples), replacing what
        it held; for graphs a stage derives, such as reconciled values. Raises ``StoreError``
        for bad N-Triples (the graph is left as it was) or a store that is read-only."""
        ...


def serialized(
    store: Store, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
) -> bytes:
    """``query_serialized`` through rdflib terms: what every store can do."""
    result = store.query(sparql, bindings)
    if max_rows is not None and (size := result_size(result)) > max_rows:
        raise ResultTooLarge(size, max_rows)
    return format_result(result, fmt)
