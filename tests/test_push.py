"""pledgegraph push against a real Oxigraph server: idempotent, replaces stale graphs, and
reports endpoints it cannot use without a traceback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import VOID

from pledgegraph.describe import DATASET_IRI, DESCRIPTION_GRAPH
from pledgegraph.errors import StoreError
from pledgegraph.load import load
from pledgegraph.push import push
from pledgegraph.store import RemoteStore, open_store
from pledgegraph.summary import summarise

from .support_process import run_cli
from .support_scale import oxigraph_server
from .support_server import free_port

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
EXTRA = """@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/pledgegraph/id/country/synth-testland> a schema:Country ;
    rdfs:label "Testland" ; rdfs:comment "A test country" .
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path / "server") as base:
        yield base


def counts(output: str) -> dict[str, int]:
    found = re.findall(r"^\s*(\d+) triples\s+(\S+)(?:  \(unchanged\))?$", output, re.M)
    return {name: int(n) for n, name in found}


def test_push_twice_gives_the_same_counts(server: str) -> None:
    first = run_cli("push", "--endpoint", server + "/query")
    assert first.returncode == 0, first.stderr
    second = run_cli("push", "--endpoint", server + "/query")
    assert second.returncode == 0, second.stderr
    assert counts(first.stdout) == counts(second.stdout)
    assert len(counts(first.stdout)) >= 5
    assert str(DESCRIPTION_GRAPH) in counts(first.stdout)  # the dataset description goes too
    remote = RemoteStore(server + "/query").graph_counts()
    assert {n: remote[n] for n in counts(second.stdout)} == counts(second.stdout)
    assert "remote counts match" in second.stderr
    assert "(unchanged)" not in first.stdout and "graph(s) replaced" in first.stdout
    assert "nothing changed on the remote" in second.stdout
    assert second.stdout.count("(unchanged)") == len(counts(second.stdout))


def test_push_counts_agree_with_build_and_void(server: str) -> None:
    result = run_cli("push", "--endpoint", server + "/query")
    assert result.returncode == 0, result.stderr
    found = re.search(
        r"^(\d+) triples in (\d+) graphs, and the dataset description: (\d+) distinct triples "
        r"\(void:triples (\d+)\)",
        result.stdout,
        re.M,
    )
    assert found, result.stdout
    data, graphs, union, void = map(int, found.groups())
    remote = RemoteStore(server + "/query")
    description = Graph().parse(data=remote.get_graph(str(DESCRIPTION_GRAPH)), format="nt")
    assert union == void == int(str(description.value(DATASET_IRI, VOID.triples)))
    dataset = load(root=ROOT)
    assert summarise(dataset).triples in (data, union)  # what `build` prints
    assert graphs == len(list(remote.graph_names())) == len(counts(result.stdout)) - 1
    assert data < union <= sum(counts(result.stdout).values())


def test_push_replaces_a_changed_graph_and_drops_a_removed_one(server: str, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(EXTRA)
    gone = tmp_path / "gone.ttl"
    gone.write_text(EXTRA.replace("testland", "goneland").replace("Testland", "Goneland"))
    result = run_cli("push", "--endpoint", server + "/query", str(extra), str(gone))
    assert result.returncode == 0, result.stderr
    name = next(n for n in counts(result.stdout) if n.endswith("/extra"))
    assert counts(result.stdout)[name] == 3

    extra.write_text(EXTRA.replace(' ; rdfs:comment "A test country"', ""))
    result = run_cli("push", "--endpoint", server + "/query", str(extra))
    assert result.returncode == 0, result.stderr
    remote = RemoteStore(server + "/query").graph_counts()
    assert remote[name] == 2  # the stale comment is gone
    assert not any(n.endswith("/gone") for n in remote)
    assert "deleted stale graph" in result.stdout


def test_refused_endpoint_is_a_clear_error() -> None:
    result = run_cli("push", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.returncode == 1
    assert "cannot reach http://127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_endpoint_that_refuses_writes_is_a_clear_error(server: str) -> None:
    result = run_cli("push", "--endpoint", server + "/query", "--graph-store", server + "/nowhere")
    assert result.returncode == 1
    assert "refused by" in result.stderr and "HTTP 4" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_graph_name_that_is_not_an_iri_is_refused_before_anything_is_sent(
    server: str, tmp_path: Path
) -> None:
    """A file named like a SPARQL injection must not put DROP ALL into the switch request."""
    remote = RemoteStore(server + "/query")
    remote.put_graph(
        "http://example.org/someone-else", b"<http://e/s> <http://e/p> <http://e/o> .\n"
    )
    hostile = tmp_path / "x> ; DROP ALL ; <y.ttl"
    hostile.write_text(EXTRA)
    store = open_store("memory", [hostile], root=ROOT)
    with pytest.raises(StoreError, match=r"not an IRI .* Nothing was sent"):
        push(store, remote)
    assert RemoteStore(server + "/query").graph_counts() == {"http://example.org/someone-else": 1}
