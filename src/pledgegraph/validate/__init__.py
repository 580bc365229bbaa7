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

from typing import Any, Literal

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral

from pledgegraph.load import PledgeDataset
from pledgegraph.project import Project
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
    "load_shapes",
    "source_of",
    "validate",
]

Engine = Literal["sparql", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("sparql", "pyshacl")


def validate(
    data: Any, shapes: Graph | None = None, *, engine: Engine = "sparql"
) -> ValidationReport:
    """Run the SHACL shapes over the union of every graph in ``data``: a ``PledgeDataset``, or
    a store (an Oxigraph store is validated where it is; any other is read as a dataset)."""
    if engine == "pyshacl":
        dataset = data if isinstance(data, PledgeDataset) else data.dataset()
        return validate_pyshacl(dataset, shapes)
    source = data if isinstance(data, Source) else source_of(data)
    shapes = shapes if shapes is not None else load_shapes(Project(source.root).shapes)
    return ValidationReport(run(source, shapes), checked_files=len(source.files))


def check(data: Any, *, engine: Engine = "sparql") -> ValidationReport:
    """Everything ``validate``, ``build`` and ``push`` check: the shapes (with ``engine``), then
    every ``queries/checks/*-violation.rq`` on Oxigraph (each row a violation)."""
    source = source_of(data)
    report = validate(data if engine == "pyshacl" else source, engine=engine)
    report.results.extend(run_checks(source, Project(source.root).checks))
    return report


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
            [ox.Quad(_ox(s), _ox(p), _ox(o), target) for s, p, o in graph]  # type: ignore[arg-type]
        )
    return store


def _ox(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")
