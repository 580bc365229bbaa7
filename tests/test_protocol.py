"""The SPARQL 1.1 Protocol, to the letter, against the live server (``pledgegraph serve`` in a
subprocess, the project's data plus a small hostile file).

``W3C_CASES`` is the query half of the W3C SPARQL 1.1 Protocol test suite
(``data-sparql11/protocol/manifest.ttl``, written here from the spec's cases: each request and
the status and content type it must get); the update cases are refused, since this endpoint is
read-only, and the suite's update requests are kept as refusals. Then the result formats read
back by rdflib, SPARQLWrapper for every query form and return format, curl, and the hostile
requests.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from pledgegraph.web.protocol import Refused, scan
from tests.support_server import running_server
from tests.support_sparql import ROOT

TIMEOUT = 6
HEADER_TIMEOUT = 1.5
PG = "https://w3id.org/pledgegraph/"
HOSTILE_ID = PG + "id/company/quote%22d"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
<{HOSTILE_ID}> a schema:Corporation ;
    rdfs:label "Quote \\"d {SCRIPT} Corp" ;
    rdfs:comment "line one\\u2028line two\\nline three\\ttabbed \\"quoted\\"" .
"""
COMMENT = 'line one\u2028line two\nline three\ttabbed "quoted"'
SD = "http://www.w3.org/ns/sparql-service-description#"
RESULT_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"}
SELECT = "SELECT ?s WHERE { ?s a <https://schema.org/Country> } ORDER BY ?s"
ASK = "ASK { ?s a <https://schema.org/Country> }"
CONSTRUCT = "CONSTRUCT WHERE { ?s a <https://schema.org/Country> }"
DESCRIBE = "DESCRIBE <https://w3id.org/pledgegraph/id/country/japan>"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(hostile_file: Path) -> Iterator[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "pledgegraph", "serve", "--store", "oxigraph",
                "--port", str(port), "--timeout", str(TIMEOUT),
                "--header-timeout", str(HEADER_TIMEOUT), str(hostile_file)]  # fmt: skip

    with running_server(command, "/sparql", env=env, cwd=str(ROOT)) as running:
        yield running.url


@pytest.fixture(scope="module")
def graphs(server: str) -> list[str]:
    """Two of the endpoint's named graphs, from its service description."""
    description = Graph().parse(data=httpx.get(server + "/sparql", timeout=10).text)
    names = sorted(str(o) for o in description.objects(None, URIRef(SD + "name")))
    data = [n for n in names if "/graph/data/" in n or "/data/" in n]
    assert len(data) >= 2, names
    return data[:2]


def media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


# ---------------------------------------------------------------- the W3C protocol cases

FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}

# (name, method, URL params, body, headers, expected status, expected media types or None)
W3C_CASES: list[tuple[str, str, dict[str, Any], Any, dict[str, str], int, set[str] | None]] = [
    ("query_get", "GET", {"query": ASK}, None, {}, 200, RESULT_TYPES),
    ("query_post_form", "POST", {}, {"query": ASK}, FORM, 200, RESULT_TYPES),
    ("query_post_direct", "POST", {}, ASK, DIRECT, 200, RESULT_TYPES),
    ("query_content_type_select", "GET", {"query": SELECT}, None, {}, 200, RESULT_TYPES),
    ("query_content_type_ask", "GET", {"query": ASK}, None, {}, 200, RESULT_TYPES),
    ("query_content_type_describe", "GET", {"query": DESCRIBE}, None, {}, 200, RDF_TYPES),
    ("query_content_type_construct", "GET", {"query": CONSTRUCT}, None, {}, 200, RDF_TYPES),
    ("bad_query_method", "PUT", {"query": ASK}, None, {}, 405, None),
    ("bad_multiple_queries", "GET", {"query": [ASK, SELECT]}, None, {}, 400, None),
    ("bad_query_wrong_media_type", "POST", {}, ASK, {"content-type": "text/plain"}, 415, None),
    ("bad_query_missing_form_type", "POST", {}, "query=ASK%7B%7D", {}, 415, None),
    ("bad_query_missing_direct_type", "POST", {}, ASK, {}, 415, None),
    (
        "bad_query_non_utf8",
        "POST",
        {},
        ASK.encode("utf-16"),
        {"content-type": "application/sparql-query; charset=UTF-16"},
        415,
        None,
    ),
    ("bad_query_syntax", "GET", {"query": "ASK { ?s ?p }"}, None, {}, 400, None),
    ("bad_update_get", "GET", {"update": "CLEAR ALL"}, None, {}, 400, None),
    ("bad_update_post_form", "POST", {}, {"update": "CLEAR ALL"}, FORM, 400, None),
    (
        "bad_update_post_direct",
        "POST",
        {},
        "CLEAR ALL",
        {"content-type": "application/sparql-update"},
        400,
        None,
    ),
    (
        "bad_update_as_query",
        "GET",
        {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"},
        None,
        {},
        400,
        None,
    ),
    ("bad_query_in_url_and_body", "POST", {"query": ASK}, {"query": ASK}, FORM, 400, None),
    ("bad_direct_and_url_query", "POST", {"query": ASK}, ASK, DIRECT, 400, None),
    ("bad_empty_query", "GET", {"query": "  # nothing\n"}, None, {}, 400, None),
    ("bad_prologue_only", "GET", {"query": "PREFIX a: <http://a/>"}, None, {}, 400, None),
]


@pytest.mark.parametrize(
    ("name", "method", "params", "body", "headers", "status", "types"),
    W3C_CASES,
    ids=[case[0] for case in W3C_CASES],
)
def test_w3c_protocol_case(server, name, method, params, body, headers, status, types) -> None:
    kwargs: dict[str, Any] = {"params": params, "headers": headers, "timeout": 10}
    if isinstance(body, dict):
        kwargs["data"] = body
    elif body is not None:
        kwargs["content"] = body
    response = httpx.request(method, server + "/sparql", **kwargs)
    assert response.status_code == status, (name, response.text)
    if types is not None:
        assert media(response) in types, (name, response.headers)
    else:
        error = response.json()["error"]
        assert error["status"] == status and error["message"] and "Traceback" not in str(error)


def test_dataset_of_the_request_is_honoured(server, graphs) -> None:
    """query_dataset_default_graphs / named_graphs / full / multiple_dataset."""
    one, two = graphs

    def count(query: str, **params: Any) -> int:
        response = httpx.get(
            server + "/sparql",
            params={"query": query, **params},
            headers={"accept": "text/csv"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return int(response.text.split()[1])

    in_one = count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{one}> {{ ?s ?p ?o }} }}")
    in_two = count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{two}> {{ ?s ?p ?o }} }}")
    everything = count(COUNT)
    assert 0 < in_one < everything and 0 < in_two < everything
    assert count(COUNT, **{"default-graph-uri": one}) == in_one
    both = count(COUNT, **{"default-graph-uri": [one, two]})
    assert max(in_one, in_two) <= both <= in_one + in_two
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(named, **{"named-graph-uri": two}) == in_two
    assert count(COUNT, **{"named-graph-uri": two}) == 0  # empty default graph
    full = {"default-graph-uri": one, "named-graph-uri": two}
    assert count(COUNT, **full) == in_one and count(named, **full) == in_two
    # the protocol's dataset overrides the query's own FROM
    assert count(f"SELECT (COUNT(*) AS ?n) FROM <{two}> WHERE {{ ?s ?p ?o }}") == in_two
    from_two = f"SELECT (COUNT(*) AS ?n) FROM <{two}> WHERE {{ ?s ?p ?o }}"
    assert count(from_two, **{"default-graph-uri": one}) == in_one
    posted = httpx.post(
        server + "/sparql",
        data={"query": COUNT, "default-graph-uri": one},
        headers={"accept": "text/csv"},
        timeout=10,
    )
    assert int(posted.text.split()[1]) == in_one
    foreign = httpx.get(
        server + "/sparql",
        params={"query": COUNT, "default-graph-uri": "http://example.org/elsewhere"},
        timeout=10,
    )
    assert foreign.status_code == 400 and "not one of" in foreign.text


def test_head_options_cors_and_vary(server) -> None:
    head = httpx.head(server + "/sparql", params={"query": ASK}, timeout=10)
    assert head.status_code == 200 and media(head) in RESULT_TYPES and head.content == b""
    options = httpx.options(server + "/sparql", timeout=10)
    assert options.status_code in (200, 204)
    assert {m.strip() for m in options.headers["allow"].split(",")} >= {"GET", "POST", "HEAD"}
    preflight = httpx.options(
        server + "/sparql",
        headers={
            "origin": "http://yasgui.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
        timeout=10,
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    cross = httpx.get(
        server + "/sparql",
        params={"query": ASK},
        headers={"origin": "http://yasgui.example"},
        timeout=10,
    )
    assert cross.headers["access-control-allow-origin"] == "*"
    assert "Accept" in [v.strip() for v in cross.headers["vary"].split(",")]


@pytest.mark.parametrize(
    ("query", "params", "expected"),
    [
        (SELECT, {"format": "xml"}, "application/sparql-results+xml"),
        (SELECT, {"output": "csv"}, "text/csv"),
        (SELECT, {"format": ["tsv", "text/tab-separated-values"]}, "text/tab-separated-values"),
        (CONSTRUCT, {"format": "xml", "output": "xml"}, "application/rdf+xml"),
        (CONSTRUCT, {"format": ["json-ld", "application/ld+json"]}, "application/ld+json"),
        (ASK, {"format": "json", "output": "json"}, "application/sparql-results+json"),
    ],
)
def test_format_and_output_parameters(server, query, params, expected) -> None:
    response = httpx.get(server + "/sparql", params={"query": query, **params}, timeout=10)
    assert response.status_code == 200, response.text
    assert media(response) == expected


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values"])
def test_ask_is_not_written_as_csv_or_tsv(server, accept) -> None:
    """The CSV and TSV result formats are defined for SELECT only: ASK gets a 406."""
    response = httpx.get(
        server + "/sparql", params={"query": ASK}, headers={"accept": accept}, timeout=10
    )
    assert response.status_code == 406 and "available" in response.json()["error"]["message"]


def test_service_description_uses_the_w3c_format_iris(server) -> None:
    graph = Graph().parse(data=httpx.get(server + "/sparql", timeout=10).text)
    formats = set(graph.objects(None, URIRef(SD + "resultFormat")))
    assert all(isinstance(f, URIRef) for f in formats)
    base = "http://www.w3.org/ns/formats/"
    assert {URIRef(base + n) for n in ("SPARQL_Results_JSON", "SPARQL_Results_TSV", "Turtle")} <= (
        formats
    )


# ---------------------------------------------------------------- result formats, read back

TRICKY = (
    "SELECT ?s ?comment ?label ?n ?b WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#comment> "
    "?comment ; <http://www.w3.org/2000/01/rdf-schema#label> ?label . "
    'FILTER(CONTAINS(?label, "Quote"))'
    " BIND(42 AS ?n) BIND(BNODE() AS ?b) OPTIONAL { ?s <urn:none> ?none } }"
)


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ],
)
def test_result_formats_read_back_with_rdflib(server, accept, rdflib_format) -> None:
    response = httpx.get(
        server + "/sparql", params={"query": TRICKY}, headers={"accept": accept}, timeout=10
    )
    assert response.status_code == 200 and media(response) == accept
    if rdflib_format == "tsv":
        # rdflib's TSV reader cannot read U+2028 in a literal (raw or as \u2028), which the
        # TSV format allows: read this answer with Oxigraph's reader, and a newline and a tab
        # with rdflib's below
        parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.TSV)
        solutions = list(parsed)  # type: ignore[arg-type]
        assert len(solutions) == 1 and solutions[0]["comment"].value == COMMENT
        line = response.text.split("\n")[1]
        assert line.count("\t") == 4 and "\\n" in line and "\\t" in line
        simple = httpx.get(
            server + "/sparql",
            params={"query": 'SELECT ?x WHERE { BIND("a\\nb\\tc \\"d\\"" AS ?x) }'},
            headers={"accept": accept},
            timeout=10,
        )
        rows = list(Result.parse(io.BytesIO(simple.content), format="tsv"))
        assert [str(r.x) for r in rows] == ['a\nb\tc "d"']
        return
    result = Result.parse(io.BytesIO(response.content), format=rdflib_format)
    rows = list(result)
    assert len(rows) == 1
    row = rows[0]
    assert str(row.comment) == COMMENT  # newline, tab and U+2028 survive
    assert str(row.s) == HOSTILE_ID and str(row.label) == f'Quote "d {SCRIPT} Corp'
    assert int(row.n) == 42
    if rdflib_format != "csv":  # CSV keeps no term types
        assert isinstance(row.s, URIRef) and isinstance(row.b, BNode)
        assert row.n == Literal(42)


# ---------------------------------------------------------------- standard clients

WRAPPER_MATRIX = [
    (form, query, fmt)
    for form, query, fmts in (
        ("select", SELECT, (JSON, XML, CSV, TSV)),
        ("ask", ASK, (JSON, XML)),
        ("construct", CONSTRUCT, (TURTLE, N3, XML, RDFXML, JSONLD)),
        ("describe", DESCRIBE, (TURTLE, N3, XML, RDFXML, JSONLD)),
    )
    for fmt in fmts
]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("form", "query", "fmt"), WRAPPER_MATRIX)
def test_sparqlwrapper_every_form_and_return_format(server, form, query, fmt, method) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    converted = client.queryAndConvert()
    if form == "select":
        if fmt == JSON:
            values = [b["s"]["value"] for b in converted["results"]["bindings"]]
        elif fmt == XML:
            values = [u.firstChild.data for u in converted.getElementsByTagName("uri")]
        else:
            header, *lines = converted.decode().split()
            assert header == ("s" if fmt == CSV else "?s")
            values = [v.strip("<>") for v in lines]
        assert values == [PG + "id/country/japan", PG + "id/country/united-states"]
    elif form == "ask":
        answer = converted["boolean"] if fmt == JSON else converted.getElementsByTagName("boolean")
        assert answer is True or answer[0].firstChild.data == "true"
    else:
        graph = converted if isinstance(converted, Graph) else None
        if graph is None:
            syntax = "json-ld" if fmt == JSONLD else "turtle"
            graph = Graph().parse(data=converted, format=syntax)
        japan = URIRef(PG + "id/country/japan")
        assert (japan, None, None) in graph


@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_sparqlwrapper_ask_as_csv_is_refused(server, fmt) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(ASK)
    client.setReturnFormat(fmt)
    with pytest.raises((SPARQLWrapperException, OSError)):
        client.query()


def test_curl_get_and_post(server) -> None:
    got = subprocess.run(
        [
            "curl",
            "-sS",
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            f"query={SELECT}",
            "-G",
            server + "/sparql",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert got.stdout.split() == ["s", PG + "id/country/japan", PG + "id/country/united-states"]
    posted = subprocess.run(
        [
            "curl",
            "-sS",
            "-H",
            "Content-Type: application/sparql-query",
            "-H",
            "Accept: application/sparql-results+json",
            "--data-binary",
            ASK,
            server + "/sparql",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert '"boolean":true' in posted.stdout.replace(" ", "")


# ---------------------------------------------------------------- hostile requests


def test_half_open_connections_are_closed_and_hold_nothing(server) -> None:
    host, port = server.removeprefix("http://").split(":")
    sockets = []
    for _ in range(200):
        sock = socket.create_connection((host, int(port)), timeout=10)
        sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: x\r\n")  # never finishes its headers
        sockets.append(sock)
    try:
        started = time.monotonic()
        ok = httpx.get(server + "/sparql", params={"query": ASK}, timeout=10)
        assert ok.status_code == 200 and time.monotonic() - started < 3
        time.sleep(HEADER_TIMEOUT + 1.5)
        closed = 0
        for sock in sockets:
            sock.settimeout(2)
            with contextlib.suppress(OSError):
                closed += sock.recv(1024) == b""
        assert closed == len(sockets)
    finally:
        for sock in sockets:
            sock.close()


def test_non_utf8_requests_are_400(server) -> None:
    body = httpx.post(server + "/sparql", content=b"ASK { \xff }", headers=DIRECT, timeout=10)
    assert body.status_code == 400 and body.json()["error"]["code"] == "not-utf-8"
    url = httpx.get(server + "/sparql?query=ASK%7B%FF%7D", timeout=10)
    assert url.status_code == 400 and url.json()["error"]["code"] == "not-utf-8"
    form = httpx.post(server + "/sparql", content=b"query=ASK%FF", headers=FORM, timeout=10)
    assert form.status_code == 400


def test_ten_megabyte_body_is_refused(server) -> None:
    big = b"ASK { ?s ?p ?o } #" + b"x" * 10_000_000
    response = httpx.post(server + "/sparql", content=big, headers=DIRECT, timeout=30)
    assert response.status_code == 413


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } # "


@pytest.mark.slow
def test_runaway_queries_do_not_block_a_simple_ask(server) -> None:
    def run(text: str) -> httpx.Response:
        return httpx.get(server + "/sparql", params={"query": text}, timeout=30)

    with ThreadPoolExecutor(max_workers=2) as pool:
        runaways = [pool.submit(run, RUNAWAY + str(i)) for i in range(2)]
        time.sleep(0.5)
        started = time.monotonic()
        ask = run(ASK + f" # {time.time()}")  # its own text: never answered from a cache
        waited = time.monotonic() - started
        assert [r.result().status_code for r in runaways] == [503, 503]
    assert ask.status_code == 200
    # the ASK does not wait behind the runaways: an extra worker answers it at once
    assert waited < TIMEOUT / 2, waited  # before: about the whole time limit


@pytest.mark.parametrize(
    "query",
    [
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service\n<http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <http://127.0.0.1:9/> SELECT * FROM ex:g WHERE { ?s ?p ?o }",
        "DELETE WHERE { ?s ?p ?o }",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_update_load_service_and_foreign_graphs_are_refused(server, query) -> None:
    response = httpx.get(server + "/sparql", params={"query": query}, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["code"].endswith("-refused")


@pytest.mark.parametrize(
    "path",
    [
        "/id/../../../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/..%2f..%2f..%2fetc%2fpasswd",
        "/ontology/..%2f..%2fpyproject.toml",
        "/queries/..%2f..%2fpyproject.toml",
        "/static/../../pyproject.toml",
        "/context.jsonld/../../../etc/passwd",
    ],
)
def test_path_traversal_leaks_nothing(server, path) -> None:
    response = httpx.get(server + path, timeout=10)
    assert response.status_code in (400, 404, 406)
    assert "root:" not in response.text and "[project]" not in response.text


def test_strings_in_the_scan_do_not_hide_or_fake_keywords() -> None:
    assert scan('SELECT ?s WHERE { ?s ?p "SERVICE <x> INSERT" }').form == "select"
    assert scan("# INSERT DATA\nASK {}").form == "ask"
    assert scan("PREFIX service: <http://a/> SELECT * { ?s service:p ?o }").form == "select"
    with pytest.raises(Refused):
        scan('SELECT * { ?s ?p """a""" . SERVICE <http://x/> { ?a ?b ?c } }')
    assert scan("SELECT * FROM <urn:a> FROM NAMED <urn:b> {}").from_named == ("urn:b",)
