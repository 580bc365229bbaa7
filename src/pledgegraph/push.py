"""Push stage: put every named graph, and the dataset description, on a SPARQL 1.1 store.

A push changes the remote all at once or not at all, and a re-push of the same data changes
nothing:

1. Every local graph, the dataset description (``describe``, graph ``void``) among them, gets a
   checksum: SHA-256 of its N-Triples, blank nodes canonicalised, lines sorted. The manifest the
   last push left on the remote (graph ``void/push``: an ``sd:Dataset`` listing each graph with
   ``void:triples`` and ``spdx:checksum``) says what is there. Graphs whose checksum is unchanged
   are not sent again; if nothing changed, nothing is written.
2. Stage: each changed graph, and the new manifest, is uploaded (Graph Store Protocol ``PUT``)
   under a new name (``graph/staging/<checksum>/…``). Queries never see staged graphs (they read
   only what the manifest lists), so a failure here leaves the remote as it was; the staged
   copies are deleted.
3. Switch: one SPARQL Update request moves every staged graph onto its name, drops our stale
   graphs (those in our namespace that we no longer have; other people's graphs are never
   touched) and puts the new manifest in place. Oxigraph applies an update request as one
   transaction. If the request fails, the remote is read back to report exactly which graphs
   were switched. A store without SPARQL Update gets the graphs by ``PUT`` one by one, and a
   failure says which graphs changed.
4. Check: the remote triple count of every graph must equal the local one, and the distinct
   triples of the whole (data and description) must equal the description's ``void:triples``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID

from pledgegraph.describe import DATASET_IRI, DESCRIPTION_GRAPH, describe, describe_store
from pledgegraph.errors import StoreError
from pledgegraph.store import OxigraphStore, RemoteStore, Store
from pledgegraph.store.remote import MANIFEST_GRAPH, UpdateRefused, is_staging, staging_name
from pledgegraph.vocab import GRAPH

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")


@dataclass(frozen=True)
class Payload:
    """One graph as it is sent: N-Triples, its triple count and its checksum."""

    name: str
    data: bytes
    triples: int
    checksum: str


@dataclass
class PushedGraph:
    name: str
    local: int
    remote: int
    changed: bool = True

    @property
    def ok(self) -> bool:
        return self.local == self.remote


@dataclass
class PushReport:
    graphs: list[PushedGraph] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    data: int = 0  # distinct triples of the data graphs on the remote (what build counts)
    union: int = 0  # distinct triples of data and description on the remote
    void_triples: int = 0  # what the description says (void:triples)
    method: str = ""  # how the graphs were switched in; empty if nothing changed

    @property
    def triples(self) -> int:
        return sum(g.local for g in self.graphs)

    @property
    def changed(self) -> list[str]:
        return [g.name for g in self.graphs if g.changed]

    @property
    def mismatched(self) -> list[PushedGraph]:
        return [g for g in self.graphs if not g.ok]


class PushFailed(StoreError):
    """A push that stopped midway: the message says what changed on the remote."""


def checksum(ntriples: bytes) -> tuple[str, int]:
    """SHA-256 of a graph whatever its blank node labels, and its triple count."""
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    lines = sorted(str(quad.triple) for quad in dataset)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest(), len(lines)


def graph_payload(store: Store, name: str) -> tuple[bytes, int]:
    """One local graph as N-Triples, and its triple count."""
    if isinstance(store, OxigraphStore):
        data = store.graph_ntriples(name)
    else:
        graph = store.dataset().graph(URIRef(name))
        data = graph.serialize(format="nt", encoding="utf-8")
    count = sum(1 for line in data.splitlines() if line.strip() and not line.startswith(b"#"))
    return data, count


def payload(name: str, data: bytes) -> Payload:
    digest, triples = checksum(data)
    return Payload(name, data, triples, digest)


def payloads(store: Store) -> dict[str, Payload]:
    """Every graph of ``store`` and its dataset description, ready to send. (An Oxigraph store
    is described where it is, which puts the description into it as a graph.)"""
    own = str(DESCRIPTION_GRAPH)
    if isinstance(store, OxigraphStore):
        describe_store(store)
        description = store.graph_ntriples(own)
    else:
        description = describe(store.dataset()).serialize(format="nt", encoding="utf-8")
    out = {n: payload(n, graph_payload(store, n)[0]) for n in store.graph_names() if n != own}
    out[own] = payload(own, description)
    return out


def manifest(graphs: Iterable[Payload]) -> bytes:
    """The record of a push: each graph with its triple count and checksum (SD, VoID, SPDX)."""
    g = Graph()
    node = URIRef(f"{DATASET_IRI}#pushed")
    g.add((node, RDF.type, SD.Dataset))
    for item in sorted(graphs, key=lambda p: p.name):
        entry, digest = BNode(), BNode()
        g.add((node, SD.namedGraph, entry))
        g.add((entry, RDF.type, SD.NamedGraph))
        g.add((entry, SD.name, URIRef(item.name)))
        g.add((entry, VOID.triples, Literal(item.triples)))
        g.add((entry, SPDX.checksum, digest))
        g.add((digest, RDF.type, SPDX.Checksum))
        g.add((digest, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((digest, SPDX.checksumValue, Literal(item.checksum)))
    return g.serialize(format="nt", encoding="utf-8")


def ours(name: str) -> bool:
    return name.startswith(str(GRAPH))


# what SPARQL allows between < and > (IRIREF); graph names go into the switch request as text
IRIREF = re.compile(r'[^<>"{}|^`\\\x00-\x20]+')


def writable(names: Iterable[str]) -> None:
    """Refuse graph names SPARQL cannot write (a file named ``x> ; DROP ALL ; <y.ttl`` would
    otherwise put ``DROP ALL`` into the switch request)."""
    for name in names:
        if not IRIREF.fullmatch(name):
            raise StoreError(
                f"cannot push graph {name!r}: not an IRI (a file name with spaces, <, >, quotes "
                "or braces?); rename the file. Nothing was sent."
            )


def push(store: Store, remote: RemoteStore) -> PushReport:
    """Make ``remote`` hold exactly our graphs and description (see the module notes).

    Raises ``PushFailed`` naming what changed if it stops midway, ``StoreError`` if the remote
    counts differ from ours afterwards."""
    writable(store.graph_names())
    local = payloads(store)
    before = remote.manifest()
    present = set(remote.all_graph_names())
    changed = [
        n
        for n, p in sorted(local.items())
        if n not in before
        or before[n].checksum != p.checksum
        or (n not in present and p.triples > 0)  # stores list no empty graph
    ]
    new_manifest = payload(str(MANIFEST_GRAPH), manifest(local.values()))
    sending = [local[n] for n in changed] + [new_manifest]
    keep = {*local, str(MANIFEST_GRAPH), *(staging_name(p.name, p.checksum) for p in sending)}
    # leftovers of ours too; a name SPARQL cannot write is someone's trap, not ours to drop
    stale = sorted(n for n in present if ours(n) and n not in keep and IRIREF.fullmatch(n))
    report = PushReport()
    if changed or stale or set(before) != set(local):
        staged = stage(remote, sending)
        report.method = switch(remote, staged, stale)
        report.deleted = [n for n in stale if not is_staging(n)]
    check(remote, local, changed, report)
    return report


def stage(remote: RemoteStore, items: list[Payload]) -> dict[str, Payload]:
    """Upload ``items`` under staging names; on failure delete what was staged and raise."""
    staged: dict[str, Payload] = {}
    try:
        for item in items:
            remote.put_graph(staging_name(item.name, item.checksum), item.data)
            staged[item.name] = item
    except StoreError as err:
        left = unstage(remote, staged)
        tail = f"; staged copies left (never queried, deleted by the next push): {left}"
        raise PushFailed(
            f"{err}\npush stopped while uploading ({len(staged)} of {len(items)} graphs staged); "
            "the remote is as it was" + (tail if left else "")
        ) from err
    return staged


def unstage(remote: RemoteStore, staged: Mapping[str, Payload]) -> list[str]:
    """Delete staged copies; the names of those that could not be deleted."""
    left = []
    for item in staged.values():
        name = staging_name(item.name, item.checksum)
        try:
            remote.delete_graph(name)
        except StoreError:
            left.append(name)
    return left


def switch_update(staged: Mapping[str, Payload], stale: Iterable[str]) -> str:
    """One SPARQL Update: drop the stale graphs, move each staged graph onto its name."""
    ops = [f"DROP SILENT GRAPH <{name}>" for name in stale]
    ops += [
        f"MOVE SILENT GRAPH <{staging_name(n, p.checksum)}> TO GRAPH <{n}>"
        for n, p in sorted(staged.items(), key=lambda item: item[0] == str(MANIFEST_GRAPH))
    ]
    return " ;\n".join(ops)


def switch(remote: RemoteStore, staged: dict[str, Payload], stale: list[str]) -> str:
    """Switch the staged graphs in; returns how (for the report)."""
    try:
        remote.update(switch_update(staged, stale))
        return f"one SPARQL Update request to {remote.endpoints.update}"
    except UpdateRefused:
        put_one_by_one(remote, staged, stale)
        return f"PUT one by one to {remote.graph_store} (no SPARQL Update there)"
    except StoreError as err:
        raise PushFailed(f"{err}\n{after_failed_switch(remote, staged, stale)}") from err


def after_failed_switch(
    remote: RemoteStore, staged: Mapping[str, Payload], stale: Iterable[str]
) -> str:
    """What a failed switch changed, read back from the remote."""
    try:
        present = set(remote.all_graph_names())
    except StoreError as err:
        return f"push stopped while switching graphs; cannot read the remote back: {err}"
    moved = sorted(n for n, p in staged.items() if staging_name(n, p.checksum) not in present)
    dropped = sorted(n for n in stale if n not in present)
    if not moved and not dropped:
        unstage(remote, staged)
        return "push stopped while switching graphs; the remote is as it was"
    return (
        "push stopped while switching graphs; changed on the remote: "
        + ", ".join([f"replaced {n}" for n in moved] + [f"deleted {n}" for n in dropped])
        + "; push again to finish"
    )


def put_one_by_one(remote: RemoteStore, staged: Mapping[str, Payload], stale: list[str]) -> None:
    """The switch for a store without SPARQL Update: PUT each graph onto its name, delete the
    stale ones, the manifest last; a failure names the graphs already changed."""
    done: list[str] = []
    order = sorted(staged, key=lambda name: name == str(MANIFEST_GRAPH))
    try:
        for name in stale:
            remote.delete_graph(name)
            done.append(f"deleted {name}")
        for name in order:
            remote.put_graph(name, staged[name].data)
            done.append(f"replaced {name}")
    except StoreError as err:
        changed = ", ".join(done) or "nothing"
        raise PushFailed(f"{err}\npush stopped midway; changed on the remote: {changed}") from err
    finally:
        unstage(remote, staged)


def check(
    remote: RemoteStore, local: Mapping[str, Payload], changed: list[str], report: PushReport
) -> None:
    """Compare the remote counts with ours; fill in ``report``; raise if they differ."""
    counts = remote.graph_counts()
    report.graphs = [
        PushedGraph(n, p.triples, counts.get(n, 0), n in changed) for n, p in sorted(local.items())
    ]
    report.union = remote.union_count(sorted(local))
    report.data = remote.union_count(sorted(n for n in local if n != str(DESCRIPTION_GRAPH)))
    description = Graph().parse(data=local[str(DESCRIPTION_GRAPH)].data, format="nt")
    report.void_triples = int(str(description.value(DATASET_IRI, VOID.triples) or 0))
    if report.mismatched or report.union != report.void_triples:
        lines = [f"  {g.name}: {g.local} local, {g.remote} remote" for g in report.mismatched]
        lines.append(f"  union: {report.union} remote, void:triples {report.void_triples}")
        raise StoreError(
            "the remote triple counts differ from the local ones after the push:\n"
            + "\n".join(lines)
        )
