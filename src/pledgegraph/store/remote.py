"""Any store that speaks the SPARQL 1.1 Protocol and the Graph Store Protocol."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from rdflib import Graph, URIRef

from pledgegraph.errors import QueryError, StoreError
from pledgegraph.export.rdf import serialize
from pledgegraph.formats import Format
from pledgegraph.load import PledgeDataset
from pledgegraph.project import Project
from pledgegraph.results import (
    AskResult,
    GraphResult,
    QueryResult,
    SelectResult,
    decode_results_json,
)
from pledgegraph.store.base import Bindings, serialized
from pledgegraph.store.sparql_text import query_form, substitute

RESULTS_JSON = "application/sparql-results+json"


NTRIPLES = "application/n-triples"


def graph_store_url(query_url: str) -> str:
    """Where the Graph Store Protocol likely lives, next to a query endpoint.

    Oxigraph serves ``/query`` and ``/store``; Fuseki ``/ds/sparql`` (or ``/ds/query``) and
    ``/ds/data``; others serve both at one URL. ``--graph-store`` overrides the guess.
    """
    url = httpx.URL(query_url)
    path = url.path
    if path.endswith("/query"):
        return str(url.copy_with(path=path[: -len("query")] + "store"))
    if path.endswith("/sparql"):
        return str(url.copy_with(path=path[: -len("sparql")] + "data"))
    return query_url


class RemoteStore:
    """Any store that speaks the SPARQL 1.1 Protocol (queries) and Graph Store Protocol (graphs).

    The data lives in the endpoint: ``open_store`` loads nothing into it (``pledgegraph push``
    does). Queries see the union of the named graphs, asked for with ``default-graph-uri`` as
    the protocol defines, so no store-specific union setting is needed.
    """

    name = "sparql"

    def __init__(
        self,
        query_url: str,
        graph_store: str | None = None,
        *,
        root: Path | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.query_url = query_url
        self.graph_store = graph_store or graph_store_url(query_url)
        self.root = root
        self._client = httpx.Client(timeout=timeout)
        self._graphs: list[str] | None = None
        self._dataset: PledgeDataset | None = None

    # HTTP plumbing: every failure becomes a StoreError naming the URL.
    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.ConnectError as err:
            raise StoreError(f"cannot reach {url}: connection refused or host unknown") from err
        except httpx.TimeoutException as err:
            raise StoreError(f"cannot reach {url}: timed out") from err
        except httpx.HTTPError as err:
            raise StoreError(f"cannot reach {url}: {err}") from err
        return response

    @staticmethod
    def _refused(response: httpx.Response, what: str) -> StoreError:
        body = response.text.strip().splitlines()
        detail = f": {body[0][:200]}" if body else ""
        return StoreError(f"{what} refused by {response.url}: HTTP {response.status_code}{detail}")

    def select_raw(self, sparql: str, dataset: bool = True) -> SelectResult | AskResult:
        """POST a SELECT/ASK query and decode the JSON results."""
        response = self._post_query(sparql, RESULTS_JSON, dataset)
        return decode_results_json(response.json())

    def _post_query(self, sparql: str, accept: str, dataset: bool) -> httpx.Response:
        form: list[tuple[str, str]] = [("query", sparql)]
        if dataset:
            names = self.graph_names()
            form += [("default-graph-uri", g) for g in names]
            form += [("named-graph-uri", g) for g in names]
        response = self._send(
            "POST",
            self.query_url,
            content=urlencode(form).encode("ascii"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status_code == 400:
            raise QueryError(f"the endpoint rejected the query: {response.text.strip()[:300]}")
        if response.status_code >= 300:
            raise self._refused(response, "query")
        return response

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        form = query_form(sparql)
        if bindings:
            sparql = substitute(sparql, bindings)
        if form in ("ConstructQuery", "DescribeQuery"):
            response = self._post_query(sparql, NTRIPLES, dataset=True)
            graph = Graph()
            graph.parse(data=response.content, format="nt")
            return GraphResult(graph)
        return self.select_raw(sparql)

    def graph_names(self) -> Sequence[str]:
        if self._graphs is None:
            result = self.select_raw(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=False
            )
            assert isinstance(result, SelectResult)
            self._graphs = sorted(str(r["g"]) for r in result.rows if r["g"] is not None)
        return self._graphs

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph, counted by the endpoint."""
        result = self.select_raw(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            dataset=False,
        )
        assert isinstance(result, SelectResult)
        return {str(r["g"]): int(str(r["n"])) for r in result.rows}

    def get_graph(self, name: str) -> bytes:
        response = self._send(
            "GET", self.graph_store, params={"graph": name}, headers={"Accept": NTRIPLES}
        )
        if response.status_code >= 300:
            raise self._refused(response, f"reading graph <{name}>")
        return response.content

    def put_graph(self, name: str, ntriples: bytes) -> None:
        """Replace graph ``name`` with ``ntriples`` (Graph Store Protocol PUT: idempotent)."""
        response = self._send(
            "PUT",
            self.graph_store,
            params={"graph": name},
            content=ntriples,
            headers={"Content-Type": NTRIPLES},
        )
        if response.status_code >= 300:
            raise self._refused(response, f"writing graph <{name}>")
        self._graphs = None
        self._dataset = None

    def add_graph(self, name: str, ntriples: bytes) -> None:
        """Refused: through the store seam a remote store is only read (``put_graph`` writes
        for ``pledgegraph push``, which checks the data first)."""
        raise StoreError(
            f"cannot add graph <{name}> to {self.query_url}: a remote store is read-only here; "
            "build locally and use `pledgegraph push`"
        )

    def delete_graph(self, name: str) -> None:
        response = self._send("DELETE", self.graph_store, params={"graph": name})
        if response.status_code >= 300 and response.status_code != 404:
            raise self._refused(response, f"deleting graph <{name}>")
        self._graphs = None
        self._dataset = None

    def dataset(self) -> PledgeDataset:
        if self._dataset is None:
            dataset = PledgeDataset(Project.at(self.root).root)
            for name in self.graph_names():
                dataset.graph(URIRef(name)).parse(data=self.get_graph(name), format="nt")
            self._dataset = dataset
        return self._dataset

    def serialize(self, fmt: Format) -> bytes:
        return serialize(self.dataset(), fmt)

    def query_serialized(
        self, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
    ) -> bytes:
        return serialized(self, sparql, bindings, fmt, max_rows)
