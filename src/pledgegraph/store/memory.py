"""rdflib in memory: the default store, fine up to about 10^5 triples."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, URIRef, Variable

from pledgegraph.errors import QueryError, StoreError
from pledgegraph.export.rdf import serialize
from pledgegraph.formats import Format
from pledgegraph.load import PledgeDataset
from pledgegraph.results import QueryResult, from_rdflib
from pledgegraph.store.base import Bindings, serialized
from pledgegraph.store.sparql_text import describe_query_error


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

    @property
    def files(self) -> dict[URIRef, Path]:
        """Named graph -> the file it was read from."""
        return self._dataset.files

    @property
    def root(self) -> Path:
        return self._dataset.root

    def graph_names(self) -> Sequence[str]:
        return sorted(
            str(g.identifier)
            for g in self._dataset.graphs()
            if len(g) and g.identifier != "urn:x-rdflib:default"
        )

    def serialize(self, fmt: Format) -> bytes:
        return serialize(self._dataset, fmt)

    def query_serialized(
        self, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
    ) -> bytes:
        return serialized(self, sparql, bindings, fmt, max_rows)

    def add_graph(self, name: str, ntriples: bytes) -> None:
        parsed = Graph()
        try:
            parsed.parse(data=ntriples, format="nt")
        except Exception as err:  # rdflib raises its BadSyntax and plain exceptions alike
            raise StoreError(f"graph <{name}>: not N-Triples: {err}") from err
        iri = URIRef(name)
        self._dataset.remove_graph(iri)
        target = self._dataset.graph(iri)
        for triple in parsed:
            target.add(triple)
