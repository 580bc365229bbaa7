"""The engine limit: a plain pyoxigraph script doing the work of a PledgeGraph command.

Run by ``benchmarks/run.py`` as a subprocess beside each command, so both pay Python's start-up
and the import of what they use. It imports only pyoxigraph and the standard library::

    python engine.py build FILES OUT          load every file, dump every RDF format into OUT/
    python engine.py validate FILES CHECKS    load every file, run every CHECKS/*.rq
    python engine.py export FILES FORMAT OUT  load every file, dump one format to OUT
    python engine.py query DB QUERY.rq OUT    open the on-disk store DB (read-only), run the query,
                                              write SPARQL JSON (N-Triples for a graph)
    python engine.py query-files FILES QUERY.rq OUT   the same on every file loaded in memory

FILES is a text file naming one RDF file per line; each is bulk-loaded into a named graph of its
own (as PledgeGraph does). Triple formats carry the union of the graphs, quad formats keep them.
It prints one JSON line: what it did (triples, rows), for the harness to compare with ours.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox

INPUT = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG}
OUTPUT = {
    "turtle": (ox.RdfFormat.TURTLE, "ttl"),
    "nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    "jsonld": (ox.RdfFormat.JSON_LD, "jsonld"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "rdf"),
    "trig": (ox.RdfFormat.TRIG, "trig"),
    "nquads": (ox.RdfFormat.N_QUADS, "nq"),
}
QUADS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def load(files: Path, store: ox.Store | None = None) -> ox.Store:
    store = store if store is not None else ox.Store()
    for line in files.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        path = Path(line)
        fmt = INPUT.get(path.suffix, ox.RdfFormat.TURTLE)
        graph = ox.NamedNode(path.resolve().as_uri())
        store.bulk_load(path=str(path), format=fmt, base_iri=graph.value, to_graph=graph)
    return store


def dump(store: ox.Store, name: str, out: Path) -> None:
    fmt, _ = OUTPUT[name]
    if fmt in QUADS:
        store.dump(str(out), fmt)
    else:
        store.query(UNION, use_default_graph_as_union=True).serialize(str(out), fmt)


def main(argv: list[str]) -> dict[str, object]:
    command, *args = argv
    if command == "build":
        store = load(Path(args[0]))
        out = Path(args[1])
        out.mkdir(parents=True, exist_ok=True)
        for name, (_, suffix) in OUTPUT.items():
            dump(store, name, out / f"graph.{suffix}")
        return {"triples": len(store)}
    if command == "validate":
        store = load(Path(args[0]))
        rows = 0
        for check in sorted(Path(args[1]).glob("*.rq")):
            rows += sum(1 for _ in store.query(check.read_text(), use_default_graph_as_union=True))
        return {"triples": len(store), "rows": rows}
    if command == "export":
        store = load(Path(args[0]))
        dump(store, args[1], Path(args[2]))
        return {"triples": len(store)}
    if command in ("query", "query-files"):
        store = ox.Store.read_only(args[0]) if command == "query" else load(Path(args[0]))
        text = Path(args[1]).read_text(encoding="utf-8")
        result = store.query(text, use_default_graph_as_union=True)
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            result.serialize(args[2], ox.QueryResultsFormat.JSON)
        else:
            result.serialize(args[2], ox.RdfFormat.N_TRIPLES)
        return {}
    raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
