"""Build stage: the pipeline from the loaded store to the files of ``dist/``.

Each file is parsed once, into Oxigraph (``store.open_store``); every later step asks that
store: ``check`` validates, ``describe`` adds the dataset description as the named graph
``void``, Oxigraph writes each RDF export graph by graph (``OxigraphStore.write``), the JSON-LD
and the CSV tables are made subject by subject and property by property, the page reads SPARQL,
and ``summary`` counts once. No step copies the whole graph, except pySHACL's input while the
validator needs an rdflib graph.

``write_build`` writes the set of files into a new folder beside ``out`` and swaps it in at the
end (``atomic.replaced_folder``), so a failure or a signal leaves the old set whole.
``export_one`` is one of those exports (or one named graph of it), for ``pledgegraph export``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV

from pledgegraph import templating
from pledgegraph.atomic import replaced_folder
from pledgegraph.describe import (
    DATASET_IRI,
    DESCRIPTION,
    DESCRIPTION_GRAPH,
    TITLE,
    describe_store,
)
from pledgegraph.export import DUMPS
from pledgegraph.export.rdf import serialize_graph
from pledgegraph.export.tables import Facts, csv_tables, native_select
from pledgegraph.formats import find, lookup, rdf_format
from pledgegraph.load import PledgeDataset
from pledgegraph.store import OxigraphStore, Store

if TYPE_CHECKING:
    from pledgegraph.validate import Engine, ValidationReport
from pledgegraph.vocab import BASE, VOID

PAGE = "network.html"
INDEX = "index.html"
VOID_FILE = "void.ttl"
# every name a build writes: a folder holding anything else is not replaced
BUILD_FILES = frozenset({*(name for name, _ in DUMPS), VOID_FILE, PAGE, INDEX})


def check(data: PledgeDataset | Store, engine: Engine = "sparql") -> ValidationReport:
    """The SHACL shapes, then every ``queries/checks/*-violation.rq`` (each row a violation),
    on Oxigraph; an Oxigraph store is checked where it is (see ``validate.check``)."""
    from pledgegraph import validate  # the validation stage, only when validating

    return validate.check(data, engine=engine)


def as_oxigraph(store: Store) -> OxigraphStore:
    """``store`` itself if it is Oxigraph, else a copy of its graphs in Oxigraph in memory."""
    if isinstance(store, OxigraphStore):
        return store
    return OxigraphStore.from_dataset(store.dataset())


def facts_of(store: OxigraphStore) -> Facts:
    """What the CSV tables read, with the files' prefixes and the dataset description's."""
    standard = {"void": str(VOID), "dcat": str(DCAT), "dcterms": str(DCTERMS), "foaf": str(FOAF)}
    return Facts(native_select(store.native), {**standard, "prov": str(PROV), **store.prefixes})


@dataclass(frozen=True)
class Built:
    files: list[Path]  # as they are now in ``out``
    triples: int  # distinct triples of the export, its description included (void:triples)


def write_build(store: OxigraphStore, out: Path) -> Built:
    """Every file of a build, into a new folder swapped in for ``out`` once all are written."""
    from pledgegraph import viz  # the page stage (networkx and the layout), only when building

    description = describe_store(store)
    sizes: dict[str, int] = {}
    with replaced_folder(out, BUILD_FILES) as staging:
        for name, format_name in DUMPS:
            if format_name != "csv":
                with (staging / name).open("wb") as handle:
                    store.write(rdf_format(format_name), handle)
        for name, data in csv_tables(facts_of(store)).items():
            (staging / name).write_bytes(data)
        (staging / VOID_FILE).write_bytes(serialize_graph(description, rdf_format("turtle")))
        (staging / PAGE).write_bytes(viz.page(store))
        sizes = {p.name: p.stat().st_size for p in staging.iterdir()}
        # index.html comes last: it lists every other file with its size
        (staging / INDEX).write_bytes(dist_index(sizes, TITLE, DESCRIPTION))
    triples = int(str(description.value(DATASET_IRI, VOID.triples)))
    return Built([out / name for name in sorted({*sizes, INDEX})], triples)


def build_outputs(dataset: PledgeDataset) -> dict[str, bytes]:
    """Every file ``build`` writes for ``dataset``, as name -> bytes (for tests and tools)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "dist"
        write_build(OxigraphStore.from_dataset(dataset), out)
        return {p.name: p.read_bytes() for p in out.iterdir()}


def dist_index(sizes: Mapping[str, int], title: str, description: str) -> bytes:
    """The page listing every built file with its size and media type."""
    rows = []
    for name in sorted(sizes):
        fmt = lookup(name.rsplit(".", 1)[-1])
        media_type = fmt.media_type if fmt is not None else ""
        rows.append({"name": name, "size": sizes[name], "media_type": media_type})
    page = templating.render("ld_index.html", title=title, description=description, rows=rows)
    return page.encode()


def only_graph(store: OxigraphStore, name: str) -> OxigraphStore:
    """A store holding just the named graph ``name``: its IRI or the part after ``graph/``."""
    from pledgegraph.errors import PledgeGraphError

    names = store.graph_names()
    for iri in names:
        if name in (iri, iri.removeprefix(BASE + "graph/")):
            graph = ox.NamedNode(iri)
            single = OxigraphStore(None, root=store.root)
            single.native.extend(store.native.quads_for_pattern(None, None, None, graph))
            single.prefixes = store.prefixes
            single.files = {k: v for k, v in store.files.items() if str(k) == iri}
            return single
    known = ", ".join(n.removeprefix(BASE + "graph/") for n in names)
    raise PledgeGraphError(f"no named graph {name!r}; choose one of: {known}")


def export_one(
    store: Store, format_name: str, graph_name: str | None = None, table: str = "commitments"
) -> bytes:
    """The graph with its dataset description (named graph ``void``), or only the named graph
    ``graph_name``, in one format: RDF, a CSV ``table``, or the network (GraphML, GEXF)."""
    full = as_oxigraph(store)
    describe_store(full)
    chosen = only_graph(full, graph_name) if graph_name else full
    fmt = find(format_name)
    if fmt.kind == "network":  # the network stage's own graph: folded amounts and evidence
        from pledgegraph.network import network, network_from_graph, to_gexf, to_graphml

        if graph_name:
            union = chosen.dataset()
            g = network_from_graph(union, full.dataset())
        else:
            g = network(full)
        return to_graphml(g) if fmt.name == "graphml" else to_gexf(g)
    if fmt.name == "csv":
        return csv_tables(facts_of(chosen))[f"{table}.csv"]
    return chosen.serialize(fmt)


__all__ = ["DESCRIPTION_GRAPH", "as_oxigraph", "check", "export_one", "write_build"]
