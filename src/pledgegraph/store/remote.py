"""Any store that speaks the SPARQL 1.1 Protocol and the Graph Store Protocol."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from rdflib import Graph, URIRef

import pledgegraph.store.quirks as quirks
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
from pledgegraph.store.endpoints import Endpoints, discover
from pledgegraph.store.sparql_text import query_form, substitute
from pledgegraph.vocab import GRAPH

RESULTS_JSON = "application/sparql-results+json"


NTRIPLES = "application/n-triples"
SPARQL_UPDATE = "application/sparql-update"
# The record of what `pledgegraph push` put on a store (``push.manifest``): which graphs make
# up our dataset there, with their triple counts and checksums.
MANIFEST_GRAPH = GRAPH["void/push"]
NO_GRAPH = GRAPH["none"]  # named as the whole dataset when a store holds none of our graphs
MANIFEST_QUERY = f"""PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX spdx: <http://spdx.org/rdf/terms#>
SELECT ?g ?n ?sum WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{
  ?x sd:name ?g ; void:triples ?n ; spdx:checksum ?c . ?c spdx:checksumValue ?sum
}} }}"""
# the dataset description (``describe.DESCRIPTION_GRAPH``): pushed, but not queried, as the
# local stores hold it not either (it describes the data; ``build`` and ``export`` add it)
DESCRIPTION_GRAPH = GRAPH["void"]


def staging_name(name: str, checksum: str) -> str:
    """Where ``push`` uploads a graph before switching it in: our namespace, never queried."""
    return f"{GRAPH}staging/{checksum[:16]}/{name.removeprefix(str(GRAPH))}"


def is_staging(name: str) -> bool:
    return name.startswith(f"{GRAPH}staging/")


class UpdateRefused(StoreError):
    """The store takes no SPARQL Update here (HTTP 403, 404, 405 or 501)."""


@dataclass(frozen=True)
class Pushed:
    """One graph as the manifest on the remote records it."""

    name: str
    triples: int
    checksum: str


class RemoteStore:
    """Any store that speaks the SPARQL 1.1 Protocol (queries) and Graph Store Protocol (graphs).

    The data lives in the endpoint: ``open_store`` loads nothing into it (``pledgegraph push``
    does). Queries see only our graphs: those the manifest ``pledgegraph push`` leaves on the
    store lists (``MANIFEST_GRAPH``), else every graph in our namespace; never another
    party's graphs on the same store. They are named with ``default-graph-uri`` and
    ``named-graph-uri``, the protocol's FROM and FROM NAMED, so no store-specific union setting
    is needed. Answers pass through ``quirks`` (Virtuoso's booleans and integer types).
    """

    name = "sparql"

    def __init__(
        self,
        query_url: str,
        graph_store: str | None = None,
        *,
        update: str | None = None,
        root: Path | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.query_url = query_url
        self.timeout = timeout
        self._client = httpx.Client(timeout=timeout)
        self._given = (graph_store, update)
        self._endpoints: Endpoints | None = None
        self.root = root
        self._graphs: list[str] | None = None
        self._dataset: PledgeDataset | None = None

    @property
    def endpoints(self) -> Endpoints:
        """The Graph Store and Update endpoints: given, or found (``endpoints.discover``)."""
        if self._endpoints is None:
            self._endpoints = discover(self._client, self.query_url, *self._given)
        return self._endpoints

    @property
    def graph_store(self) -> str:
        return self.endpoints.graph_store

    # HTTP plumbing: every failure becomes a StoreError naming the URL.
    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.ConnectError as err:
            raise StoreError(f"cannot reach {url}: connection refused or host unknown") from err
        except httpx.TimeoutException as err:
            raise StoreError(
                f"cannot reach {url}: no answer within {self.timeout:g} s (--timeout)"
            ) from err
        except httpx.HTTPError as err:
            raise StoreError(f"cannot reach {url}: {err}") from err
        return response

    @staticmethod
    def _refused(response: httpx.Response, what: str) -> StoreError:
        """The error for a refusal: the status and the body's text (an HTML page's without
        its markup, as Virtuoso sends one), and what to do about a refused write."""
        text = response.text
        if "html" in response.headers.get("content-type", ""):
            text = re.sub(r"<!DOCTYPE[^>]*>|<title>.*?</title>|<[^>]+>", " ", text, flags=re.S)
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        detail = f": {'; '.join(lines)[:300]}" if lines else ""
        hint = ""
        if response.status_code in (401, 403):
            hint = " (the store refuses this user writes: grant them; docs/scale.md has how)"
        status = f"HTTP {response.status_code}"
        return StoreError(f"{what} refused by {response.url}: {status}{detail}{hint}")

    def select_raw(self, sparql: str, dataset: bool = True) -> SelectResult | AskResult:
        """POST a SELECT/ASK query and decode the JSON results (``quirks`` normalised)."""
        response = self._post_query(sparql, RESULTS_JSON, dataset)
        result = decode_results_json(response.json())
        return quirks.select(result, sparql) if isinstance(result, SelectResult) else result

    def _post_query(self, sparql: str, accept: str, dataset: bool) -> httpx.Response:
        form: list[tuple[str, str]] = [("query", sparql)]
        if dataset:
            names = list(self.graph_names()) or [str(NO_GRAPH)]
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
            return GraphResult(quirks.graph(graph))
        return self.select_raw(sparql)

    def manifest(self) -> dict[str, Pushed]:
        """What the last push recorded on the store, by graph name (empty if none)."""
        result = self.select_raw(MANIFEST_QUERY, dataset=False)
        assert isinstance(result, SelectResult)
        return {
            str(r["g"]): Pushed(str(r["g"]), int(str(r["n"])), str(r["sum"])) for r in result.rows
        }

    def all_graph_names(self) -> list[str]:
        """Every named graph the store holds, ours or not. (Asked with GROUP BY: Virtuoso 7
        answers ``SELECT DISTINCT ?g`` by scanning every quad, 24 s on 10^4 triples here.)"""
        return sorted(self.graph_counts())

    def graph_names(self) -> Sequence[str]:
        """Our graphs that queries see: as the manifest lists them, else every graph in our
        namespace (data put there by other means); never the description or the manifest."""
        if self._graphs is None:
            names = list(self.manifest()) or [
                g for g in self.all_graph_names() if g.startswith(str(GRAPH))
            ]
            skip = {str(MANIFEST_GRAPH), str(DESCRIPTION_GRAPH)}
            self._graphs = sorted(g for g in names if g not in skip and not is_staging(g))
        return self._graphs

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph, counted by the endpoint."""
        result = self.select_raw(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            dataset=False,
        )
        assert isinstance(result, SelectResult)
        return {str(r["g"]): int(str(r["n"])) for r in result.rows}

    def union_count(self, names: Sequence[str]) -> int:
        """Distinct triples in the merge of the graphs ``names``: what VoID's triples count."""
        form = [("query", "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")]
        form += [("default-graph-uri", g) for g in names]
        response = self._send(
            "POST",
            self.query_url,
            content=urlencode(form).encode("ascii"),
            headers={"Accept": RESULTS_JSON, "Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status_code >= 300:
            raise self._refused(response, "query")
        result = decode_results_json(response.json())
        assert isinstance(result, SelectResult)
        return int(str(result.rows[0]["n"]))

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
        self._forget()

    def update(self, sparql: str) -> None:
        """Run one SPARQL Update request; ``UpdateRefused`` if the store takes none here."""
        url = self.endpoints.update
        response = self._send(
            "POST", url, content=sparql.encode(), headers={"Content-Type": SPARQL_UPDATE}
        )
        self._forget()
        if response.status_code in (403, 404, 405, 501):
            error = self._refused(response, "SPARQL Update")
            raise UpdateRefused(str(error))
        if response.status_code >= 300:
            raise self._refused(response, "SPARQL Update")

    def _forget(self) -> None:
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
        self._forget()

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
