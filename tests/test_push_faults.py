"""A push that fails midway leaves the remote as it was, or says exactly what changed; a hung
remote fails at the user's timeout; a re-push of unchanged data writes nothing. The faults are
real: a small HTTP proxy in front of a real Oxigraph server answers 500, or never answers, on
the Nth PUT (or on the SPARQL Update that switches the graphs in)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from pledgegraph.push import PushFailed, checksum, ours, push
from pledgegraph.store import RemoteStore, Store, open_store
from pledgegraph.store.remote import is_staging

from .support_process import run_cli
from .support_scale import oxigraph_server
from .support_virtuoso import virtuoso_server

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXTRA = """@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/pledgegraph/id/country/synth-faultland> a schema:Country ;
    rdfs:label "Faultland" .
"""


@dataclass
class Faults:
    """What the proxy does wrong: fail or hang on the Nth PUT, fail or refuse the update."""

    fail_put: int = 0
    hang_put: int = 0
    update_status: int = 0
    poison_update: bool = False  # let the first MOVE through, then fail the request
    puts: int = 0
    updates: int = 0
    release: threading.Event = field(default_factory=threading.Event)


class Proxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.upstream = upstream
        self.faults = Faults()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Proxy

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _forward(self) -> None:
        faults = self.server.faults
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.command == "PUT":
            faults.puts += 1
            if faults.puts == faults.hang_put:
                faults.release.wait(60)  # a remote that never answers
                return
            if faults.puts == faults.fail_put:
                return self._answer(500, b"injected failure")
        if self.headers.get("Content-Type") == "application/sparql-update":
            faults.updates += 1
            if faults.update_status:
                return self._answer(faults.update_status, b"injected failure")
            if faults.poison_update:  # a LOAD the store cannot do, after the first operation
                first, rest = body.split(b" ;\n", 1)
                body = first + b" ;\nLOAD <http://127.0.0.1:1/refused.ttl> ;\n" + rest
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "content-type")}
        response = httpx.request(
            self.command,
            self.server.upstream + self.path,
            content=body,
            headers=headers,
            timeout=120,
        )
        self._answer(response.status_code, response.content, response.headers.get("content-type"))

    def _answer(self, status: int, body: bytes, kind: str | None = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind or "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = do_DELETE = _forward


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("server")) as base:
        yield base


@contextmanager
def running_proxy(upstream: str) -> Iterator[Proxy]:
    proxy = Proxy(upstream)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.faults.release.set()
        proxy.shutdown()
        proxy.server_close()


@pytest.fixture
def proxy(server: str) -> Iterator[Proxy]:
    with running_proxy(server) as proxy:
        yield proxy


@pytest.fixture(scope="module")
def before() -> Store:
    return open_store("memory", root=ROOT)


@pytest.fixture(scope="module")
def after(tmp_path_factory: pytest.TempPathFactory) -> Store:
    extra = tmp_path_factory.mktemp("extra") / "faultland.ttl"
    extra.write_text(EXTRA)
    return open_store("memory", [extra], root=ROOT)


def state(query_url: str) -> tuple[dict[str, int], dict[str, str]]:
    """What a client sees of the remote: triples per graph, and the manifest's checksums."""
    remote = RemoteStore(query_url)
    return remote.graph_counts(), {n: p.checksum for n, p in remote.manifest().items()}


@pytest.fixture
def pushed(server: str, before: Store) -> tuple[dict[str, int], dict[str, str]]:
    """The remote holding ``before``, straight (no proxy); its state."""
    push(before, RemoteStore(server + "/query"))
    return state(server + "/query")


def contents(query_url: str) -> dict[str, str]:
    """The checksum of every graph of ours on the remote (staging copies left out)."""
    remote = RemoteStore(query_url)
    names = [n for n in remote.all_graph_names() if ours(n) and not is_staging(n)]
    return {n: checksum(remote.get_graph(n))[0] for n in names}


def no_staging_left(query_url: str) -> bool:
    return not any(is_staging(g) for g in RemoteStore(query_url).all_graph_names())


def test_a_500_on_the_third_put_leaves_the_remote_as_it_was(
    proxy: Proxy, server: str, after: Store, pushed: object
) -> None:
    proxy.faults.fail_put = 3
    with pytest.raises(PushFailed) as info:
        push(after, RemoteStore(proxy.url + "/query"))
    assert "HTTP 500" in str(info.value) and "the remote is as it was" in str(info.value)
    assert proxy.faults.puts == 3
    assert state(server + "/query") == pushed
    assert no_staging_left(server + "/query")


def test_a_hung_remote_fails_at_the_timeout_and_changes_nothing(
    proxy: Proxy, server: str, after: Store, pushed: object
) -> None:
    proxy.faults.hang_put = 2
    start = time.monotonic()
    with pytest.raises(PushFailed) as info:
        push(after, RemoteStore(proxy.url + "/query", timeout=1.0))
    assert time.monotonic() - start < 15
    assert "no answer within 1 s" in str(info.value)
    assert state(server + "/query") == pushed
    assert no_staging_left(server + "/query")


def test_a_failed_switch_leaves_the_remote_as_it_was(
    proxy: Proxy, server: str, after: Store, pushed: object
) -> None:
    proxy.faults.update_status = 500
    with pytest.raises(PushFailed) as info:
        push(after, RemoteStore(proxy.url + "/query"))
    assert "while switching graphs; the remote is as it was" in str(info.value)
    assert proxy.faults.updates == 1
    assert state(server + "/query") == pushed
    assert no_staging_left(server + "/query")


def test_oxigraph_rolls_back_a_switch_that_fails_midway(
    proxy: Proxy, server: str, after: Store, pushed: object
) -> None:
    proxy.faults.poison_update = True
    with pytest.raises(PushFailed) as info:
        push(after, RemoteStore(proxy.url + "/query"))
    assert "while switching graphs; the remote is as it was" in str(info.value)
    assert state(server + "/query") == pushed  # one transaction: the first MOVE was undone
    assert no_staging_left(server + "/query")


def test_virtuoso_keeps_half_a_switch_and_push_says_exactly_what_changed(
    tmp_path: Path, before: Store, after: Store
) -> None:
    with virtuoso_server(tmp_path / "vt") as url, running_proxy(url.removesuffix("/sparql")) as p:
        push(before, RemoteStore(url))
        was = contents(url)
        p.faults.poison_update = True
        proxied = RemoteStore(
            p.url + "/sparql", p.url + "/sparql-graph-crud", update=p.url + "/sparql"
        )
        with pytest.raises(PushFailed) as info:
            push(after, proxied)
        message = str(info.value)
        assert "push stopped while switching graphs; changed on the remote: replaced " in message
        (replaced,) = re.findall(r"replaced (\S+?)(?:,|;)", message)
        now = contents(url)
        differ = {n for n in now.keys() | was.keys() if now.get(n) != was.get(n)}
        assert differ == {replaced}  # exactly the graph the message names
        report = push(after, RemoteStore(url))  # pushing again finishes the job
        assert not report.mismatched and no_staging_left(url)


def test_without_sparql_update_graphs_go_one_by_one_and_a_failure_names_the_changes(
    proxy: Proxy, server: str, before: Store, after: Store, pushed: tuple[dict[str, int], object]
) -> None:
    proxy.faults.update_status = 405  # a store that takes no SPARQL Update
    report = push(after, RemoteStore(proxy.url + "/query"))
    assert report.method.startswith("PUT one by one")
    counts, _ = state(server + "/query")
    assert any(n.endswith("/faultland") for n in counts)
    # back to `before`: the stale graph is deleted, then the graphs PUT one by one; the 2nd PUT
    # after staging (all changed graphs but the stale one, and the manifest) fails
    proxy.faults.puts = 0
    proxy.faults.fail_put = len(report.changed) + 2
    with pytest.raises(PushFailed) as info:
        push(before, RemoteStore(proxy.url + "/query"))
    message = str(info.value)
    assert "push stopped midway; changed on the remote: deleted " in message
    assert message.count("replaced ") == 1 and message.count("deleted ") == 1
    changed, _ = state(server + "/query")
    (replaced,) = re.findall(r"replaced (\S+?)(?:,|;|$)", message)
    assert changed[replaced] == pushed[0][replaced]  # back to what `before` has
    assert not any(n.endswith("/faultland") for n in changed)  # the stale one was deleted


def test_a_re_push_of_unchanged_data_writes_nothing(
    proxy: Proxy, server: str, before: Store, pushed: object
) -> None:
    report = push(before, RemoteStore(proxy.url + "/query"))
    assert (proxy.faults.puts, proxy.faults.updates) == (0, 0)
    assert report.changed == [] and report.method == ""
    assert state(server + "/query") == pushed


def test_cli_timeout_on_a_hung_remote(proxy: Proxy, server: str, tmp_path: Path) -> None:
    extra = tmp_path / "faultland.ttl"
    extra.write_text(EXTRA.replace("Faultland", "Hungland"))
    proxy.faults.hang_put = 1
    start = time.monotonic()
    result = run_cli("push", str(extra), "--endpoint", proxy.url + "/query", "--timeout", "1")
    assert result.returncode == 1
    assert "no answer within 1 s (--timeout)" in result.stderr
    assert "Traceback" not in result.stderr
    assert proxy.faults.puts == 1
    assert time.monotonic() - start < 90  # the CLI loads and validates first
    assert not any("hungland" in g for g in RemoteStore(server + "/query").all_graph_names())
