"""Validate stage: the loaded data against ``ontology/shapes.ttl``.

Two engines give the same results (focus node, path, constraint component, shape; the tests
prove it on every fixture, the seed data and synthetic data):

- ``sparql`` (the default): the shapes compiled to whole-graph SPARQL queries of violations
  (``validate.compiler``) and run on Oxigraph (``validate.engine``); seconds at 10^6 triples.
- ``pyshacl``: the reference, pySHACL on an rdflib copy; minutes at 10^5 triples.

Results name the file each focus node comes from (its named graph), the node's label, the
property path, the message, the shape and the severity.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import Graph, URIRef

from pledgegraph.load import PledgeDataset
from pledgegraph.project import Project
from pledgegraph.store.terms import to_oxigraph
from pledgegraph.validate.cache import Cache, default_cache_dir
from pledgegraph.validate.checks import run_checks
from pledgegraph.validate.compiler import UnsupportedShape
from pledgegraph.validate.engine import Source, run
from pledgegraph.validate.reference import attach_source_texts, load_shapes, validate_pyshacl
from pledgegraph.validate.report import ValidationReport, Violation

__all__ = [
    "ENGINES",
    "Engine",
    "Source",
    "UnsupportedShape",
    "ValidationReport",
    "Violation",
    "attach_source_texts",
    "check",
    "default_cache_dir",
    "load_shapes",
    "source_of",
    "validate",
]

Engine = Literal["sparql", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("sparql", "pyshacl")


def validate(
    data: Any, shapes: Graph | None = None, *, engine: Engine = "sparql", cache: Path | None = None
) -> ValidationReport:
    """Run the SHACL shapes over the union of every graph in ``data``: a ``PledgeDataset``, or
    a store (an Oxigraph store is validated where it is; any other is read as a dataset).

    ``cache`` (a folder; the ``sparql`` engine only) makes validation incremental."""
    if engine == "pyshacl":
        dataset = data if isinstance(data, PledgeDataset) else data.dataset()
        return validate_pyshacl(dataset, shapes)
    source = data if isinstance(data, Source) else source_of(data)
    if shapes is None:  # the shapes file's bytes identify it (its blank nodes change per parse)
        shapes_file = Project(source.root).shapes
        shapes, shapes_id = load_shapes(shapes_file), _digest(shapes_file.read_bytes())
    else:
        shapes_id = _digest(shapes.serialize(format="nt").encode())
    if cache is None:
        return ValidationReport(run(source, shapes), checked_files=len(source.files))
    incremental = Cache(cache, source, [shapes_id, _hierarchy(source.store)])
    plan = incremental.plan()
    results = sorted(set(plan.reuse) | set(run(source, shapes, plan.focus)))
    incremental.save(results)
    return ValidationReport(results, len(plan.changed), len(plan.unchanged))


def check(data: Any, *, engine: Engine = "sparql", cache: Path | None = None) -> ValidationReport:
    """Everything ``validate``, ``build`` and ``push`` check: the shapes (with ``engine``), then
    every ``queries/checks/*-violation.rq`` on Oxigraph (each row a violation). With ``cache``
    (a folder), files unchanged since the last run are not validated again (``validate.cache``).
    """
    source = source_of(data)
    shapes_input = data if engine == "pyshacl" else source  # pySHACL reads an rdflib copy
    report = validate(shapes_input, engine=engine, cache=cache if engine == "sparql" else None)
    report.results.extend(run_checks(source, Project(source.root).checks))
    return report


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hierarchy(store: ox.Store) -> str:
    """A digest of every rdfs:subClassOf triple (what sh:class and class targets follow)."""
    found = store.query(
        "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?o }",
        use_default_graph_as_union=True,
    )
    assert isinstance(found, ox.QuerySolutions)
    pairs = sorted(f"{row['s']} {row['o']}" for row in found)
    return hashlib.sha256("\n".join(pairs).encode()).hexdigest()


def source_of(data: Any) -> Source:
    """``data`` as an Oxigraph ``Source``: an Oxigraph store as it is, anything else copied."""
    native = getattr(data, "native", None)
    if isinstance(native, ox.Store):
        files = {str(name): path for name, path in data.files.items()}
        return Source(native, files, data.root, dict(data.prefixes))
    dataset = data if isinstance(data, PledgeDataset) else data.dataset()
    return Source(
        _copy(dataset),
        {str(name): path for name, path in dataset.files.items()},
        dataset.root,
        {prefix: str(namespace) for prefix, namespace in dataset.namespaces()},
    )


def _copy(dataset: PledgeDataset) -> ox.Store:
    """An Oxigraph store holding ``dataset``, graph by graph, blank node ids kept."""
    store = ox.Store()
    for graph in dataset.graphs():
        name = graph.identifier
        target: ox.NamedNode | ox.DefaultGraph = (
            ox.NamedNode(str(name)) if isinstance(name, URIRef) else ox.DefaultGraph()
        )
        store.extend(
            [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in graph]  # type: ignore[arg-type]
        )
    return store
