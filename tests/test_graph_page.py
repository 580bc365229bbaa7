"""``serve``'s /graph: the network page of the whole graph, or of any CONSTRUCT query."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from pledgegraph.load import PledgeDataset
from pledgegraph.network import network
from pledgegraph.store import MemoryStore
from pledgegraph.web import create_app

from .test_viz import embedded

TOSHIBA = "https://w3id.org/pledgegraph/id/company/toshiba"
TOSHIBA_PLEDGE = "https://w3id.org/pledgegraph/id/commitment/us-japan-2025/toshiba-power-modules"


@pytest.fixture(scope="module")
def client(dataset: PledgeDataset) -> Iterator[TestClient]:
    with TestClient(create_app(MemoryStore(dataset), workers=1)) as test_client:
        yield test_client


def test_whole_graph(client: TestClient, dataset: PledgeDataset) -> None:
    response = client.get("/graph")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    data = embedded(response.content)
    g = network(MemoryStore(dataset))
    assert len(data["nodes"]) == g.number_of_nodes()
    assert len(data["edges"]) == g.number_of_edges()
    assert "U.S.-Japan Framework Agreement" in response.text


def test_canned_construct_query_draws_its_neighbourhood(client: TestClient) -> None:
    response = client.get(
        "/graph", params={"query": "company-profile", "company": "company:toshiba"}
    )
    assert response.status_code == 200, response.text
    nodes = {n["id"]: n for n in embedded(response.content)["nodes"]}
    assert TOSHIBA in nodes and TOSHIBA_PLEDGE in nodes
    assert nodes[TOSHIBA_PLEDGE]["attrs"]["amount_text"] == "$25 billion"
    assert "https://w3id.org/pledgegraph/id/company/fujikura" not in nodes
    assert "Everything about one company" in response.text


def test_any_construct_query(client: TestClient) -> None:
    sparql = (
        "PREFIX pledge: <https://w3id.org/pledgegraph/ontology#> "
        "CONSTRUCT { ?c pledge:partner ?p } WHERE { ?c pledge:partner ?p }"
    )
    response = client.get("/graph", params={"sparql": sparql})
    assert response.status_code == 200, response.text
    nodes = {n["id"] for n in embedded(response.content)["nodes"]}
    assert TOSHIBA in nodes
    assert not any("/government/" in n for n in nodes)  # only partners and their pledges


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"query": "policy-commitments"}, 400, "not-a-graph"),
        ({"sparql": "SELECT * WHERE { ?s ?p ?o }"}, 400, "not-a-graph"),
        (
            {"sparql": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }"},
            400,
            "service-refused",
        ),
        ({"query": "company-profile"}, 400, "bad-parameters"),
        ({"query": "no-such-query"}, 404, "unknown-query"),
    ],
)
def test_refusals_share_the_error_shape(client: TestClient, params, status, code) -> None:
    response = client.get("/graph", params=params)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
