"""Linked data that other tools read, against the live server with a hostile entity loaded:
JSON-LD with its context embedded (rdflib and pyld read it offline), ``/context.jsonld``,
wildcard Accept headers, error bodies in the negotiated type, an IRI holding ``%22``, U+2028
in a literal in every format, script payloads escaped on every page, and a YASGUI-style
``fetch()`` from another origin in headless Chromium."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import httpx
import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from tests.support_process import launch_chromium
from tests.support_server import running_server
from tests.support_sparql import ROOT

PG = "https://w3id.org/pledgegraph/"
HOSTILE = PG + "id/company/quote%22d"
PATH = "/id/company/quote%22d"
SCRIPT = "<script>document.title='pwned'</script>"
LABEL = f'Quote "d {SCRIPT} <img src=x onerror=alert(1)> Corp'
COMMENT = "line one\u2028line two\nline three"
DATA = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
<{HOSTILE}> a schema:Corporation ;
    rdfs:label {json.dumps(LABEL)} ;
    rdfs:comment "line one\\u2028line two\\nline three" .
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    data.write_text(DATA, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "pledgegraph", "serve", "--store", "oxigraph",
                "--port", str(port), str(data)]  # fmt: skip

    with running_server(command, "/sparql", env=env, cwd=str(ROOT)) as running:
        yield running.url


def get(server: str, path: str, accept: str | None = None) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return httpx.get(server + path, headers=headers, timeout=30)


def media(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


# ---------------------------------------------------------------- JSON-LD


def test_jsonld_embeds_its_context_and_rdflib_and_pyld_read_it(server) -> None:
    path = "/id/company/ge-vernova"
    turtle = Graph().parse(data=get(server, path, "text/turtle").text, format="turtle")
    response = get(server, path, "application/ld+json")
    document = response.json()
    assert isinstance(document["@context"], dict)  # nothing to fetch
    by_rdflib = Graph().parse(data=response.text, format="json-ld")
    assert len(by_rdflib) == len(turtle) > 5 and isomorphic(by_rdflib, turtle)

    def offline(url: str, options: object = None) -> object:
        raise AssertionError(f"pyld tried to fetch {url}")

    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": offline})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), turtle)


def test_the_context_is_served_where_documents_name_it(server) -> None:
    response = get(server, "/context.jsonld")
    assert response.status_code == 200 and media(response) == "application/ld+json"
    context = response.json()["@context"]
    assert context["schema"] == "https://schema.org/"


# ---------------------------------------------------------------- negotiation


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/*", "application/ld+json"),
        ("text/*", "text/html"),
        ("*/*", "text/html"),
        ("application/*;q=0.5, text/turtle", "text/turtle"),
        ("text/html;q=0.1, application/*", "application/ld+json"),
    ],
)
def test_wildcards_negotiate(server, accept, expected) -> None:
    response = get(server, "/id/company/ge-vernova", accept)
    assert response.status_code == 200 and media(response) == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/html", "text/html"),
        ("application/ld+json", "application/ld+json"),
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_errors_answer_in_the_negotiated_type(server, accept, expected) -> None:
    response = get(server, "/id/company/no-such-company", accept)
    assert response.status_code == 404 and media(response) == expected
    if expected == "application/ld+json":
        assert response.json()["error"]["status"] == 404
    elif expected == "text/html":
        assert "<h1>404</h1>" in response.text
    elif expected == "application/rdf+xml":
        assert len(Graph().parse(data=response.text, format="xml")) == 0
    else:
        assert len(Graph().parse(data=response.text, format="turtle")) == 0


# ---------------------------------------------------------------- hostile data


@pytest.mark.parametrize(
    ("extension", "syntax"),
    [(".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml"), (".ttl", "turtle")],
)
def test_percent_22_iri_and_u2028_literal_in_every_format(server, extension, syntax) -> None:
    response = get(server, PATH + extension)
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.content, format=syntax)
    iri = URIRef(HOSTILE)
    assert graph.value(iri, RDFS.comment) == Literal(COMMENT)
    assert graph.value(iri, RDFS.label) == Literal(LABEL)
    if extension == ".nt":  # one triple a line, whatever splits the lines
        assert len(response.text.splitlines()) == len(graph)


def test_script_payloads_are_text_on_every_page(server) -> None:
    select = (
        f"SELECT ?s ?label WHERE {{ ?s <{RDFS.label}> ?label FILTER(CONTAINS(?label, 'Quote')) }}"
    )
    construct = f"CONSTRUCT WHERE {{ <{HOSTILE}> ?p ?o }}"
    pages = {
        "entity": get(server, PATH, "text/html"),
        "query page": get(server, "/?sparql=" + quote(select)),
        "graph page": get(server, "/graph?sparql=" + quote(construct)),
        "referring page": get(server, "/id/country/japan", "text/html"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert "<script>document.title" not in page.text, name
        assert "<img src=x" not in page.text, name
    assert "&lt;script&gt;" in pages["entity"].text and "&lt;script&gt;" in pages["query page"].text


# ---------------------------------------------------------------- another origin


COUNTRIES = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Country> }"


@pytest.mark.slow
@pytest.mark.browser
def test_yasgui_style_fetch_from_another_origin(server) -> None:
    from playwright.sync_api import sync_playwright

    page_html = f"""<!doctype html><title>client</title><script>
    async function run() {{
      const response = await fetch({json.dumps(server + "/sparql")}, {{
        method: "POST",
        headers: {{"Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json"}},
        body: "query=" + encodeURIComponent({json.dumps(COUNTRIES)}),
      }});
      const data = await response.json();
      document.title = "n=" + data.results.bindings[0].n.value;
    }}
    run().catch(e => document.title = "failed: " + e);
    </script>""".encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            self.wfile.write(page_html)

        def log_message(self, *args: object) -> None:
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{other.server_address[1]}/")
                page.wait_for_function("document.title !== 'client'", timeout=20_000)
                assert page.title() == "n=2"
            finally:
                browser.close()
    finally:
        other.shutdown()
