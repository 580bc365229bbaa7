"""Push stage: upload every named graph to a SPARQL 1.1 store with the Graph Store Protocol.

Each graph is sent with one ``PUT``, which replaces whatever the remote graph held, so pushing
twice gives the same store and a changed file replaces its stale graph. Graphs of ours
(``https://w3id.org/pledgegraph/graph/…``) that the remote holds but we no longer have are
deleted. Afterwards the remote triple count of every graph is compared with the local one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from pledgegraph.errors import StoreError
from pledgegraph.store import OxigraphStore, RemoteStore, Store
from pledgegraph.vocab import GRAPH


@dataclass
class PushedGraph:
    name: str
    local: int
    remote: int

    @property
    def ok(self) -> bool:
        return self.local == self.remote


@dataclass
class PushReport:
    graphs: list[PushedGraph] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(g.local for g in self.graphs)

    @property
    def mismatched(self) -> list[PushedGraph]:
        return [g for g in self.graphs if not g.ok]


def graph_payload(store: Store, name: str) -> tuple[bytes, int]:
    """One local graph as N-Triples, and its triple count."""
    if isinstance(store, OxigraphStore):
        data = store.graph_ntriples(name)
    else:
        graph = store.dataset().graph(URIRef(name))
        data = graph.serialize(format="nt", encoding="utf-8")
    count = sum(1 for line in data.splitlines() if line.strip() and not line.startswith(b"#"))
    return data, count


def push(store: Store, remote: RemoteStore) -> PushReport:
    """PUT every named graph of ``store`` to ``remote``; delete our graphs it should not hold;
    then count the remote triples per graph. Raises ``StoreError`` if the counts differ."""
    report = PushReport()
    local: dict[str, int] = {}
    for name in store.graph_names():
        data, count = graph_payload(store, name)
        remote.put_graph(name, data)
        local[name] = count
    for name in remote.graph_names():
        if name.startswith(str(GRAPH)) and name not in local:
            remote.delete_graph(name)
            report.deleted.append(name)
    counts = remote.graph_counts()
    report.graphs = [PushedGraph(n, c, counts.get(n, 0)) for n, c in sorted(local.items())]
    if report.mismatched:
        lines = [f"  {g.name}: {g.local} local, {g.remote} remote" for g in report.mismatched]
        raise StoreError(
            "the remote triple counts differ from the local ones after the push:\n"
            + "\n".join(lines)
        )
    return report
