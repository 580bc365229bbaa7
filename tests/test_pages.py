"""Dereferenceable IRIs against the live server (``pledgegraph serve`` in a subprocess): the same
IRI as HTML, Turtle and JSON-LD, q-values, extensions, 406, 404, ``Vary: Accept``; escaping and
negotiation as unit tests; one entity page in headless Chromium, offline."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from pledgegraph.export.jsonld import jsonld_to_nquads
from pledgegraph.formats import by_media_type, find, negotiate
from pledgegraph.vocab import ID, PLEDGE, SCHEMA, VOID
from pledgegraph.web.linked_data import OFFERED, entity_page

from .conftest import ROOT
from .support_process import launch_chromium
from .support_server import running_server

GE_VERNOVA = "/id/company/ge-vernova"
ENERGY = "/id/commitment/us-japan-2025/energy-infrastructure"
AGREEMENT = "/id/agreement/us-japan-2025"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``pledgegraph serve`` on a free port; its URL. Terminated afterwards."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "pledgegraph", "serve", "--port", str(port)]

    with running_server(command, "/ontology.ttl", env=env, cwd=str(ROOT)) as running:
        yield running.url


def get(server: str, path: str, accept: str | None = None) -> httpx.Response:
    headers = {"Accept": accept} if accept is not None else {}
    response = httpx.get(server + path, headers=headers, timeout=30)
    vary = [v.strip() for v in response.headers.get("vary", "").split(",")]
    assert "Accept" in vary, (path, accept, response.status_code)
    return response


def graph_of(response: httpx.Response) -> Graph:
    fmt = by_media_type(response.headers["content-type"])
    assert fmt is not None and fmt.is_rdf, response.headers["content-type"]
    if fmt.name == "jsonld":
        return Graph().parse(data=jsonld_to_nquads(response.content), format="nt")
    return Graph().parse(data=response.content, format=fmt.rdflib_format)


# ---------------------------------------------------------------- live server


def test_same_iri_as_html_turtle_and_jsonld(server: str) -> None:
    html = get(server, GE_VERNOVA, "text/html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<h1>GE Vernova</h1>" in html.text
    assert "SMRs with GE Vernova and Hitachi" in html.text  # the commitments pointing at it
    assert "Large-scale power equipment with GE Vernova" in html.text

    turtle = get(server, GE_VERNOVA, "text/turtle")
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    iri = ID["company/ge-vernova"]
    assert (iri, RDF.type, SCHEMA.Corporation) in graph
    assert len(set(graph.subjects(PLEDGE.partner, iri))) == 2

    jsonld = get(server, GE_VERNOVA, "application/ld+json")
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    # the context is embedded: rdflib reads it as it is, offline
    assert isinstance(jsonld.json()["@context"], dict)
    assert isomorphic(graph_of(jsonld), graph)
    assert isomorphic(Graph().parse(data=jsonld.text, format="json-ld"), graph)


@pytest.mark.parametrize("extension", [".ttl", ".jsonld", ".nt", ".rdf"])
def test_extensions_give_the_same_graph_whatever_the_accept_header(server, extension) -> None:
    reference = Graph().parse(data=get(server, ENERGY, "text/turtle").text, format="turtle")
    response = get(server, ENERGY + extension, "text/html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(find(extension).media_type)
    assert isomorphic(graph_of(response), reference)


def test_q_values_pick_the_format(server: str) -> None:
    response = get(server, ENERGY, "text/html;q=0.5, application/n-triples;q=0.9")
    assert response.headers["content-type"].startswith("application/n-triples")
    assert get(server, ENERGY, None).headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        (GE_VERNOVA, "application/pdf"),
        (GE_VERNOVA, "text/html;q=0, image/*"),
        (GE_VERNOVA + ".csv", None),
        ("/ontology", "application/pdf"),
    ],
)
def test_406_when_we_cannot_produce_it(server, path, accept) -> None:
    assert get(server, path, accept).status_code == 406


@pytest.mark.parametrize(
    "path",
    ["/id/company/no-such-company", "/id/company/no-such-company.ttl", "/ontology/no-such-module"],
)
def test_404_for_unknown_iris(server, path) -> None:
    assert get(server, path, "text/turtle").status_code == 404


def test_commitment_page_shows_amount_evidence_source_and_components(server: str) -> None:
    page = get(server, ENERGY, "text/html").text
    assert "up to $332 billion" in page
    quote = "Japan has committed to invest up to $332 billion to support critical energy"
    assert quote in page
    assert "[Report from Tokyo on the U.S.-Japan Framework Agreement]" in page
    assert page.count('href="/id/commitment/us-japan-2025/') >= 6  # the six components


def test_ontology_page_documents_every_term_and_sector(server: str) -> None:
    page = get(server, "/ontology", "text/html").text
    ontology = graph_of(get(server, "/ontology.ttl"))
    terms = sorted(PLEDGE.__annotations__)
    assert len(terms) > 30
    for name in terms:
        label = ontology.value(PLEDGE[name], RDFS.label)
        assert label is not None, name
        assert f'id="{name}"' in page and str(label) in page, name
    for name in (t for t in terms if t[0].islower()):  # properties: domain and range shown
        section = page.split(f'id="{name}"', 1)[1].split("</section>", 1)[0]
        assert "<th>domain</th>" in section and "<th>range</th>" in section, name
    partner = page.split('id="partner"', 1)[1].split("</section>", 1)[0]
    assert "schema:participant" in partner  # its alignment
    sectors = set(ontology.subjects(SKOS.inScheme, PLEDGE.SectorScheme))
    assert len(sectors) > 10
    for sector in sectors:
        assert f'id="sector-{str(sector).rsplit("/", 1)[-1]}"' in page, sector
    assert "221113" in page  # NAICS code of nuclear power


def test_the_dataset_iri_dereferences_to_its_void_description(server: str) -> None:
    accept = {"Accept": "text/turtle"}
    response = httpx.get(server + "/.well-known/void", headers=accept, follow_redirects=True)
    assert response.url.path == "/id/dataset/pledgegraph" and response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    triples = graph.value(ID["dataset/pledgegraph"], VOID.triples)
    assert triples is not None and int(triples) > 1000


# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "html"),
        ("*/*", "html"),
        ("text/turtle;q=0.2, application/ld+json;q=0.8", "jsonld"),
        ("text/*;q=0.5, text/html;q=0", "turtle"),
        ("application/json", "jsonld"),
        ("text/html, */*;q=0.1", "html"),
        ("application/rdf+xml, text/turtle;q=0.9", "rdfxml"),
        ("application/pdf", None),
        ("*/*;q=0", None),
    ],
)
def test_negotiate(accept, expected) -> None:
    chosen = negotiate(accept, OFFERED)
    assert (chosen.name if chosen else None) == expected


def test_labels_and_quotes_are_escaped() -> None:
    hostile = "<script>alert('x')</script> & <b>"
    iri = ID["company/hostile"]
    graph = Graph()
    graph.add((iri, RDF.type, SCHEMA.Corporation))
    graph.add((iri, RDFS.label, Literal(hostile)))
    graph.add((iri, PLEDGE.purpose, Literal('"><img src=x onerror=alert(1)>')))
    graph.add((iri, SCHEMA.sameAs, URIRef("javascript:alert(1)")))
    page = entity_page(graph, iri, "/id/company/hostile")
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert 'href="javascript:' not in page


# ---------------------------------------------------------------- browser


@pytest.mark.browser
def test_entity_page_in_a_browser_offline_and_links_work(server: str) -> None:
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.on("request", lambda r: r.url.startswith(server) or outside.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto(server + AGREEMENT)
            assert page.locator("h1").inner_text() == "U.S.-Japan Framework Agreement"
            assert page.locator("#evidence blockquote").count() >= 2
            assert "$467 billion" in page.locator("#properties").inner_text()
            page.locator("#properties a", has_text="Tokyo").first.click()
            page.wait_for_url(server + "/id/city/tokyo")
            assert page.locator("h1").inner_text() == "Tokyo"
        finally:
            browser.close()
    assert outside == [] and errors == []
