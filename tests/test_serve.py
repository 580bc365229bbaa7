"""The SPARQL endpoint, started for real: uvicorn in a subprocess on a free port.

Clients are the ones users have: SPARQLWrapper (JSON, XML, CSV), rdflib's SPARQLStore, plain
HTTP with Accept headers, and headless Chromium for the query page.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

from pledgegraph.formats import parse_accept
from pledgegraph.query import find_query, run
from pledgegraph.store import MemoryStore
from pledgegraph.vocab import ID
from pledgegraph.web.sparql import Refused, answer_format
from tests.support_process import launch_chromium
from tests.support_server import running_server
from tests.support_sparql import ROOT, compare_rows, result_rows

TIMEOUT = 2  # seconds a query may run on the test server
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/pledgegraph/ontology#Commitment> }"
SERVER_PIDS: dict[str, int] = {}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``pledgegraph serve`` on a free port; its URL. Terminated afterwards."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def command(port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "pledgegraph",
            "serve",
            "--port",
            str(port),
            "--timeout",
            str(TIMEOUT),
        ]

    with running_server(command, "/sparql", env=env, cwd=str(ROOT)) as running:
        SERVER_PIDS[running.url] = running.pid
        yield running.url


@pytest.fixture(scope="module")
def local(dataset) -> MemoryStore:
    return MemoryStore(dataset)


def assert_error(response: httpx.Response, status: int, code: str) -> str:
    """The one error shape; returns the message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert "Traceback" not in body["error"]["message"]
    return body["error"]["message"]


# ---------------------------------------------------------------- standard clients


def test_sparqlwrapper_json_matches_in_process(server, local):
    query = find_query("largest-pledges")
    expected = run(local, query)
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query.text)
    client.setReturnFormat(JSON)
    data = client.queryAndConvert()
    assert data["head"]["vars"] == expected.variables
    parsed = Result.parse(io.BytesIO(json.dumps(data).encode()), format="json")
    got = [{v: row[v] for v in expected.variables} for row in parsed]
    # by value: Oxigraph writes 332000000000.0 as its canonical 332000000000
    assert not compare_rows(
        result_rows(expected.variables, expected.rows),
        result_rows(expected.variables, got),
        ordered=True,
    )
    assert len(got) == 14


def test_sparqlwrapper_xml_and_csv(server, local):
    query = find_query("pledged-by-sector")
    expected = run(local, query)
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query.text)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    # 14 sectors with money (tests/expected/pledged-by-sector.csv)
    assert len(document.getElementsByTagName("result")) == len(expected.rows) == 14
    client.setReturnFormat(CSV)
    text = client.queryAndConvert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == expected.variables

    def cell(value: object) -> object:  # CSV drops datatypes: compare numbers as numbers
        text = "" if value is None else str(value)
        try:
            return Decimal(text).normalize()
        except ArithmeticError:
            return text

    want = sorted([[cell(r[v]) for v in expected.variables] for r in expected.rows], key=str)
    assert sorted([[cell(c) for c in row] for row in rows[1:]], key=str) == want


def test_rdflib_sparqlstore_select_and_construct(server, local):
    remote = Graph(SPARQLStore(server + "/sparql", returnFormat="json"))
    query = find_query("commitments-by-partner")
    got = remote.query(query.text)
    expected = run(local, query)
    got_rows = [{v: row[v] for v in expected.variables} for row in got]
    assert not compare_rows(
        result_rows(expected.variables, expected.rows),
        result_rows(expected.variables, got_rows),
        ordered=True,
    )
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://schema.org/Corporation> ; ?p ?o }"
    remote_graph = Graph(SPARQLStore(server + "/sparql")).query(construct).graph
    assert len(remote_graph) > 30
    assert isomorphic(remote_graph, local.query(construct).graph)


# ---------------------------------------------------------------- refusals and limits


@pytest.mark.parametrize(
    ("request_kwargs", "code", "words"),
    [
        ({"params": {"query": "DROP ALL"}}, "update-refused", "SPARQL Update is refused"),
        (
            {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
            "update-refused",
            "read-only",
        ),
        (
            {"content": "CLEAR DEFAULT", "headers": {"content-type": "application/sparql-update"}},
            "update-refused",
            "read-only",
        ),
        (
            {"params": {"query": "LOAD <http://example.org/data.ttl>"}},
            "update-refused",
            "LOAD is refused",
        ),
        (
            {
                "params": {
                    "query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
                }
            },
            "service-refused",
            "SERVICE is refused",
        ),
        (
            {"params": {"query": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"}},
            "dataset-refused",
            "not one of this endpoint's graphs",
        ),
        (
            {"params": {"query": "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }"}},
            "dataset-refused",
            "FROM NAMED",
        ),
        ({"params": {"query": "SELECT * WHERE {\n ?s ?p \n}"}}, "syntax-error", "line 3"),
    ],
)
def test_refusals_are_400_before_evaluation(server, request_kwargs, code, words):
    method = "GET" if "params" in request_kwargs else "POST"
    response = httpx.request(method, server + "/sparql", timeout=10, **request_kwargs)
    assert words in assert_error(response, 400, code)


def test_post_form_encoded_and_sparql_query(server):
    form = httpx.post(
        server + "/sparql", data={"query": COUNT}, timeout=10, headers={"accept": "text/csv"}
    )
    assert form.text.split() == ["n", "25"]
    direct = httpx.post(
        server + "/sparql",
        content=COUNT,
        timeout=10,
        headers={"content-type": "application/sparql-query", "accept": "text/csv"},
    )
    assert direct.text.split() == ["n", "25"]
    other = httpx.post(
        server + "/sparql", content=COUNT, timeout=10, headers={"content-type": "text/plain"}
    )
    assert_error(other, 415, "unsupported-media-type")


def test_from_one_of_our_graphs_is_allowed(server, local):
    graph = local.graph_names()[0]
    size = len(local.dataset().graph(URIRef(graph)))
    for clause, pattern in (("FROM", "?s ?p ?o"), ("FROM NAMED", "GRAPH ?g { ?s ?p ?o }")):
        query = f"SELECT (COUNT(*) AS ?n) {clause} <{graph}> WHERE {{ {pattern} }}"
        response = httpx.get(
            server + "/sparql", params={"query": query}, timeout=10, headers={"accept": "text/csv"}
        )
        assert response.text.split() == ["n", str(size)], response.text


def descendants(pid: int) -> dict[int, str]:
    """Every descendant of ``pid`` and its state letter (R running, S sleeping, Z zombie)."""
    found, states = [pid], {}
    for each in found:
        for task in Path(f"/proc/{each}/task").iterdir():
            children = [int(c) for c in (task / "children").read_text().split()]
            found += children
            for child in children:
                stat = Path(f"/proc/{child}/stat").read_text()
                states[child] = stat.rsplit(")", 1)[1].split()[0]
    return states


def test_runaway_query_is_stopped_and_the_server_answers_right_after(server):
    before = descendants(SERVER_PIDS[server])
    assert len(before) >= 2 and "Z" not in before.values()
    started = time.monotonic()
    response = httpx.get(server + "/sparql", params={"query": RUNAWAY}, timeout=30)
    elapsed = time.monotonic() - started
    assert "stopped" in assert_error(response, 503, "timeout")
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    after = time.monotonic()
    again = httpx.get(
        server + "/sparql", params={"query": COUNT}, timeout=10, headers={"accept": "text/csv"}
    )
    assert again.status_code == 200 and again.text.split() == ["n", "25"]
    assert time.monotonic() - after < 2
    # the runaway's worker was killed and reaped, not left computing: the server has exactly
    # its front processes and their query workers, none a zombie, one worker replaced
    after = descendants(SERVER_PIDS[server])
    assert len(after) == len(before) and "Z" not in after.values(), (before, after)
    assert len(set(after) - set(before)) == 1, (before, after)


def test_query_workers_do_not_hold_the_listening_socket(server):
    """A worker forked with the port open would keep it, unanswered, after the server died."""
    port = int(server.rsplit(":", 1)[1])
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # LISTEN
            inodes.add(fields[9])
    assert inodes
    family = descendants(SERVER_PIDS[server])
    for pid in family:
        holds = any(
            os.readlink(fd).strip("socket:[]") in inodes
            for fd in Path(f"/proc/{pid}/fd").iterdir()
            if os.readlink(fd).startswith("socket:")
        )
        has_children = any(
            (task / "children").read_text().strip() for task in Path(f"/proc/{pid}/task").iterdir()
        )
        assert not holds or has_children, f"query worker {pid} holds the listening socket"


def test_a_port_in_use_is_a_clear_error(server):
    port = server.rsplit(":", 1)[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "pledgegraph", "serve", "--port", port],
        env=env,
        cwd=str(ROOT),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_wrong_method_has_the_error_shape(server):
    assert_error(httpx.put(server + "/sparql", timeout=10), 405, "method-not-allowed")


def test_page_escapes_results_and_links_only_web_iris(dataset):
    from starlette.testclient import TestClient

    from pledgegraph.web import create_app

    query = (
        'SELECT ?iri ?text WHERE { VALUES (?iri ?text) { (<javascript:alert(1)> "<script>x") '
        '(<https://w3id.org/pledgegraph/id/company/tdk> "a&b") (<https://example.org/> 1) } }'
    )
    with TestClient(create_app(MemoryStore(dataset), workers=1)) as client:
        page = client.get("/", params={"sparql": query}).text
    table = page[page.index('<table id="results">') : page.index("</table>")]
    assert "<script>" not in table and "&lt;script&gt;x" in table and "a&amp;b" in table
    assert 'href="javascript' not in table
    assert 'href="/id/company/tdk"' in table and 'href="https://example.org/"' in table


def test_kept_answers_depend_on_the_host_and_stay_within_budget(dataset):
    from starlette.testclient import TestClient

    from pledgegraph.web import create_app
    from pledgegraph.web.workers import Answer, AnswerCache, Job

    with TestClient(create_app(MemoryStore(dataset), workers=1)) as client:
        first = client.get("/sparql", headers={"host": "first.example"}).text
        second = client.get("/sparql", headers={"host": "second.example"}).text
    assert "http://first.example/sparql" in first and "first.example" not in second
    cache = AnswerCache(budget=100, largest=60)
    for i in range(5):
        cache.put(cache.key(Job(f"ASK {{}} # {i}", "json")), Answer(200, b"x" * 40))
    kept = [cache.get(cache.key(Job(f"ASK {{}} # {i}", "json"))) for i in range(5)]
    assert [k is not None for k in kept] == [False, False, False, True, True]
    cache.put(cache.key(Job("big", "json")), Answer(200, b"x" * 61))
    assert cache.get(cache.key(Job("big", "json"))) is None


def test_result_size_is_capped(dataset):
    from starlette.testclient import TestClient

    from pledgegraph.web import create_app

    with TestClient(create_app(MemoryStore(dataset), max_rows=10, workers=1)) as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert "LIMIT" in assert_error(response, 400, "result-too-large")
        ok = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
        assert ok.status_code == 200


# ---------------------------------------------------------------- content negotiation


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        (
            "application/sparql-results+json;q=0.1, text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ("text/html, */*;q=0.2", "application/sparql-results+json"),
        ("text/*;q=0.8, application/sparql-results+json;q=0", "text/csv"),
    ],
)
def test_accept_with_q_values(server, accept, media):
    response = httpx.get(
        server + "/sparql", params={"query": COUNT}, headers={"accept": accept}, timeout=10
    )
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_not_acceptable_is_406(server):
    response = httpx.get(
        server + "/sparql",
        params={"query": COUNT},
        headers={"accept": "image/png, text/turtle"},
        timeout=10,
    )
    assert "available:" in assert_error(response, 406, "not-acceptable")


def test_graph_results_negotiate_rdf_formats(server):
    construct = "CONSTRUCT WHERE { ?s a <https://schema.org/Country> }"
    response = httpx.post(
        server + "/sparql",
        content=construct,
        headers={
            "content-type": "application/sparql-query",
            "accept": "application/ld+json;q=0.9, application/n-triples",
        },
        timeout=10,
    )
    assert response.headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=response.text, format="nt")) == 2


def test_negotiate_units():
    assert parse_accept("a/b;q=0.3, c/d") == [("a/b", 0.3), ("c/d", 1.0)]
    assert answer_format(None, "select") == ("json", "application/sparql-results+json")
    assert answer_format(None, "construct")[0] == "turtle"
    assert answer_format("application/json", "ask")[0] == "json"
    with pytest.raises(Refused):
        answer_format("text/turtle", "select")


# ---------------------------------------------------------------- the rest of the surface


def test_service_description_without_a_query(server, local):
    response = httpx.get(server + "/sparql", timeout=10)
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    ask = f"ASK {{ ?s a <{sd}Service> ; <{sd}supportedLanguage> <{sd}SPARQL11Query> }}"
    assert graph.query(ask).askAnswer
    names = {str(o) for o in graph.objects(None, graph.namespace_manager.expand_curie("sd:name"))}
    assert names == set(local.graph_names())


def test_canned_query_api(server):
    url = server + "/queries/umbrella-components"
    params = {"umbrella": "commitment:us-japan-2025/energy-infrastructure"}
    as_csv = httpx.get(url + ".csv", params=params, timeout=10)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert len(as_csv.text.strip().splitlines()) == 9
    as_json = httpx.get(url + ".json", params=params, timeout=10).json()
    assert len(as_json["results"]["bindings"]) == 8
    assert "expected parameters: umbrella" in assert_error(
        httpx.get(url + ".json", timeout=10), 400, "bad-parameters"
    )
    assert "canned queries are" in assert_error(
        httpx.get(server + "/queries/nope.csv", timeout=10), 404, "unknown-query"
    )
    # a value that names nothing: a 400 with the nearest choices, not an empty table
    typo = {"umbrella": "commitment:us-japan-2025/energy-infrastructur"}
    message = assert_error(httpx.get(url + ".csv", params=typo, timeout=10), 400, "bad-parameters")
    assert "names nothing in the graph" in message
    assert "nearest: commitment:us-japan-2025/energy-infrastructure" in message
    full = {"umbrella": "<" + str(ID) + "commitment/us-japan-2025/energy-infrastructure>"}
    assert httpx.get(url + ".csv", params=full, timeout=10).text == as_csv.text
    listing = httpx.get(server + "/queries", timeout=10).json()
    assert len(listing) >= 12
    umbrella = next(q for q in listing if q["name"] == "umbrella-components")
    assert umbrella["params"][0]["choices"][0]["label"].startswith("Japan: critical energy")
    assert_error(httpx.get(server + "/no/such/page", timeout=10), 404, "not-found")


def test_fifty_concurrent_clients_get_correct_answers(server):
    queries = [
        (COUNT, "25"),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://schema.org/Corporation> }", "16"),
    ]

    def ask(i: int) -> tuple[str, str]:
        text, want = queries[i % 2]
        response = httpx.get(
            server + "/sparql", params={"query": text}, headers={"accept": "text/csv"}, timeout=60
        )
        return response.text.split()[-1] if response.status_code == 200 else response.text, want

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(ask, range(50)))
    assert len(answers) == 50
    assert all(got == want for got, want in answers), answers


# ---------------------------------------------------------------- the query page in a browser


@pytest.mark.browser
def test_query_page_works_offline_in_a_browser(server, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    foreign: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.on(
                "request", lambda r: None if r.url.startswith(server) else foreign.append(r.url)
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server + "/")
            page.click("#q-umbrella-components summary")
            form = page.locator("#q-umbrella-components form")
            form.locator("select[name=umbrella]").select_option(
                "https://w3id.org/pledgegraph/id/commitment/us-japan-2025/energy-infrastructure"
            )
            form.locator("button[type=submit]").click()
            page.wait_for_selector("#results")
            assert page.locator("#results tbody tr").count() == 8
            assert page.locator("#row-count").inner_text() == "8"
            link = page.locator("#results a", has_text="company:westinghouse")
            assert link.get_attribute("href") == "/id/company/westinghouse"
            # the editor runs any query, and markup in the answer stays text
            page.fill("#editor textarea", 'SELECT ?x WHERE { BIND("<b id=injected>x</b>" AS ?x) }')
            page.click("#editor button")
            page.wait_for_selector("#results")
            assert page.locator("#injected").count() == 0
            assert page.locator("#results td").inner_text() == "<b id=injected>x</b>"
        except Exception:
            page.screenshot(path=str(tmp_path / "page.png"))
            raise
        finally:
            browser.close()
    assert foreign == [], f"requests left 127.0.0.1: {foreign}"
    assert errors == []


def test_an_answer_larger_than_the_pipe_buffer_arrives_whole(server: str) -> None:
    """A worker's answer crosses a pipe; with uvloop the pipe is non-blocking, and an answer over
    its 64 KiB buffer once failed half-read (the worker was killed as 'died')."""
    query = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3000"
    response = httpx.get(
        f"{server}/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200, response.text[:300]
    assert len(response.content) > 256 * 1024
    assert len(response.json()["results"]["bindings"]) == 3000


def test_two_runaways_on_one_worker_do_not_hold_a_simple_ask() -> None:
    """With one worker (one front process), two runaways once took both workers the pool
    could have, and an ASK waited the whole time limit behind them."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def command(port: int) -> list[str]:
        serve = ["serve", "--port", str(port), "--workers", "1", "--timeout", "6"]
        return [sys.executable, "-m", "pledgegraph", *serve]

    with running_server(command, "/sparql", env=env, cwd=str(ROOT)) as running:

        def run(text: str) -> httpx.Response:
            return httpx.get(running.url + "/sparql", params={"query": text}, timeout=30)

        with ThreadPoolExecutor(max_workers=2) as pool:
            runaways = [pool.submit(run, f"{RUNAWAY} # {i}") for i in range(2)]
            time.sleep(0.8)
            started = time.monotonic()
            ask = run(f"ASK {{}} # {time.time()}")
            waited = time.monotonic() - started
            assert [r.result().status_code for r in runaways] == [503, 503]
    assert ask.status_code == 200
    assert waited < 3, waited  # before: about the whole 6 s limit
