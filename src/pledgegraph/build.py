"""Build stage: the pipeline from the checked graph to the files of ``dist/``.

``check`` is everything ``validate``, ``build`` and ``push`` check: the SHACL shapes, then every
``queries/checks/*-violation.rq``. ``build_outputs`` makes every file of a build in memory
(the exports with their dataset description, ``void.ttl``, the network page, and
``index.html`` listing them), so that nothing is written unless all of it could be made.
``export_one`` is one of those exports (or one named graph of it), for ``pledgegraph export``.
"""

from __future__ import annotations

from collections.abc import Mapping

from pledgegraph import templating, validate, viz
from pledgegraph.describe import DESCRIPTION, DESCRIPTION_GRAPH, TITLE, describe
from pledgegraph.export import dump_files
from pledgegraph.export.rdf import only_graph, serialize, serialize_graph, union_graph, with_graph
from pledgegraph.export.tables import csv_tables
from pledgegraph.formats import find, lookup, rdf_format
from pledgegraph.load import PledgeDataset
from pledgegraph.network import network, network_from_graph, to_gexf, to_graphml
from pledgegraph.store import MemoryStore, Store
from pledgegraph.validate import Engine, ValidationReport


def check(data: PledgeDataset | Store, engine: Engine = "sparql") -> ValidationReport:
    """The SHACL shapes, then every ``queries/checks/*-violation.rq`` (each row a violation),
    on Oxigraph; an Oxigraph store is checked where it is (see ``validate.check``)."""
    return validate.check(data, engine=engine)


def build_outputs(dataset: PledgeDataset) -> dict[str, bytes]:
    """Every file ``build`` writes, as name -> bytes, made in memory before anything is written."""
    description = describe(dataset)
    files = dump_files(with_graph(dataset, DESCRIPTION_GRAPH, description))
    files["void.ttl"] = serialize_graph(description, rdf_format("turtle"))
    files["network.html"] = viz.page(MemoryStore(dataset))
    # index.html comes last: it lists every other file with its size
    files["index.html"] = dist_index(files, TITLE, DESCRIPTION)
    return files


def dist_index(files: Mapping[str, bytes], title: str, description: str) -> bytes:
    """The page listing every built file with its size and media type."""
    rows = []
    for name in sorted(files):
        fmt = lookup(name.rsplit(".", 1)[-1])
        media_type = fmt.media_type if fmt is not None else ""
        rows.append({"name": name, "size": len(files[name]), "media_type": media_type})
    page = templating.render("ld_index.html", title=title, description=description, rows=rows)
    return page.encode()


def export_one(
    store: Store, format_name: str, graph_name: str | None = None, table: str = "commitments"
) -> bytes:
    """The graph with its dataset description (named graph ``void``), or only the named graph
    ``graph_name``, in one format: RDF, a CSV ``table``, or the network (GraphML, GEXF)."""
    dataset = store.dataset()
    full = with_graph(dataset, DESCRIPTION_GRAPH, describe(dataset))
    if graph_name:
        full = only_graph(full, graph_name)
    fmt = find(format_name)
    if fmt.kind == "network":  # the network stage's own graph: folded amounts and evidence
        g = network_from_graph(union_graph(full), dataset) if graph_name else network(store)
        return to_graphml(g) if fmt.name == "graphml" else to_gexf(g)
    if fmt.name == "csv":
        return csv_tables(union_graph(full))[f"{table}.csv"]
    return serialize(full, fmt)
