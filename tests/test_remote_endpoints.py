"""Where a store takes graphs and updates: given, named by its service description, or guessed
from the kind of store; and the quirks of remote answers, normalised in one place."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from pledgegraph.errors import StoreError
from pledgegraph.results import SelectResult
from pledgegraph.store import RemoteStore, quirks
from pledgegraph.store.endpoints import discover, guess

DESCRIPTION = b"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<#service> a sd:Service ; sd:endpoint </ds/sparql> ; sd:supportedLanguage sd:SPARQL11Query .
<#store> a sd:Service ; sd:endpoint </ds/graphs> ;
    sd:feature <http://example.org/features#GraphStoreProtocol> .
<#update> a sd:Service ; sd:endpoint </ds/change> ; sd:supportedLanguage sd:SPARQL11Update .
"""


FORBIDDEN = b"""<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html>
  <head>
    <title>SPARQL Graph Protocol request failed</title>
  </head>
  <body>
    <h1>HTTP/1.1 403 Forbidden</h1>
    <h3>Error 42000</h3>
<xmp>SQ110:SECURITY: Permission denied for delete from DB.DBA.RDF_QUAD (user ID = 107)</xmp>\
</body></html>"""


class Describing(BaseHTTPRequestHandler):
    """A query endpoint whose service description names its Graph Store and Update endpoints;
    ``/virtuoso/sparql`` answers as Virtuoso does (its Server header, no such names)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def version_string(self) -> str:
        if self.path.startswith("/virtuoso/"):
            return "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu"
        return super().version_string()

    def do_PUT(self) -> None:  # Virtuoso's answer before SPARQL_UPDATE is granted
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = FORBIDDEN
        self.send_response(403)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        virtuoso = self.path.startswith("/virtuoso/")
        body = b"<html/>" if virtuoso else DESCRIPTION
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if virtuoso else "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def described() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Describing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_service_description_names_the_endpoints(described: str) -> None:
    found = discover(httpx.Client(timeout=5), described + "/ds/sparql")
    assert found.graph_store == described + "/ds/graphs"
    assert found.update == described + "/ds/change"
    assert found.found_by == "service description"


def test_virtuoso_is_known_by_its_server_header(described: str) -> None:
    found = discover(httpx.Client(timeout=5), described + "/virtuoso/sparql")
    assert found.graph_store == described + "/virtuoso/sparql-graph-crud"
    assert found.update == described + "/virtuoso/sparql"


def test_given_endpoints_win_over_the_description(described: str) -> None:
    found = discover(httpx.Client(timeout=5), described + "/ds/sparql", described + "/mine")
    assert found.graph_store == described + "/mine"
    assert found.update == described + "/ds/change"


def test_an_unreachable_description_falls_back_to_the_guess() -> None:
    found = discover(httpx.Client(timeout=2), "http://127.0.0.1:9/query")
    assert (found.graph_store, found.update) == (
        "http://127.0.0.1:9/store",
        "http://127.0.0.1:9/update",
    )


@pytest.mark.parametrize(
    ("query", "graph_store", "update"),
    [
        ("http://h/query", "http://h/store", "http://h/update"),
        ("http://h/ds/sparql", "http://h/ds/data", "http://h/ds/update"),
        ("http://h/ds/query", "http://h/ds/data", "http://h/ds/update"),
        ("http://h/endpoint", "http://h/endpoint", "http://h/endpoint"),
    ],
)
def test_guesses_by_path(query: str, graph_store: str, update: str) -> None:
    assert (guess(query).graph_store, guess(query).update) == (graph_store, update)


def test_virtuoso_booleans_and_boolean_expressions_read_as_booleans() -> None:
    sparql = "SELECT ?x ?same ?n WHERE { ?x ?p ?o BIND (?o = 1 AS ?same) BIND (1 AS ?n) }"
    one = Literal("1", datatype=XSD.int)
    rows = [{"x": URIRef("http://e/x"), "same": one, "n": one}]
    result = quirks.select(SelectResult(["x", "same", "n"], rows), sparql)
    assert result.rows[0]["same"] == Literal(True)
    assert result.rows[0]["same"].datatype == XSD.boolean
    assert result.rows[0]["n"] is one  # a number stays a number
    assert quirks.term(Literal("0", datatype=XSD.boolean)) == Literal(False)


def test_a_refused_write_says_why_without_markup(described: str) -> None:
    remote = RemoteStore(described + "/virtuoso/sparql")
    with pytest.raises(StoreError) as info:
        remote.put_graph("https://w3id.org/pledgegraph/graph/x", b"")
    message = str(info.value)
    assert "HTTP 403" in message and "Permission denied for delete" in message
    assert "<" not in message.replace(f"<{'https://w3id.org/pledgegraph/graph/x'}>", "")
    assert "grant" in message
