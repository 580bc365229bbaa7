"""The reference validator: the loaded Dataset against ``ontology/shapes.ttl`` with pySHACL.

``pledgegraph validate --engine pyshacl`` runs it, and the tests prove the compiled validator
(``validate.compiler``) gives the same results on every fixture.

Results name the file each focus node comes from (its named graph), the node's label, the
property path, the message, the shape and the severity. Before validating, the text of every
source document with a ``pledge:localCopy`` is attached as ``pledge:sourceText`` to a copy of the
data, so that a SHACL-SPARQL constraint can prove each quote sits at its span; the stored data
never carries those texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import SH, Graph, Literal, Node, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from pledgegraph.labels import label
from pledgegraph.load import PledgeDataset, parse_file
from pledgegraph.project import Project
from pledgegraph.validate.report import SEVERITY_NAMES, ValidationReport, Violation
from pledgegraph.vocab import PLEDGE


def load_shapes(path: Path) -> Graph:
    shapes = Graph()
    parse_file(path, shapes)
    return shapes


class _PreparedGraph(Graph):
    """A Graph that parses each SPARQL text once.

    pySHACL runs every SHACL-SPARQL constraint once per focus node, as text, and rdflib parses
    the text every time: without this, parsing is ~85% of validation time.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[tuple[str, tuple[tuple[str, str], ...]], Query] = {}

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and processor == "sparql":
            namespaces = dict(initNs) if initNs else dict(self.namespaces())
            key = (query_object, tuple(sorted((k, str(v)) for k, v in namespaces.items())))
            if key not in self._prepared:
                self._prepared[key] = prepareQuery(query_object, initNs=namespaces)
            query_object = self._prepared[key]
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def validate_pyshacl(dataset: PledgeDataset, shapes: Graph | None = None) -> ValidationReport:
    """Run the SHACL shapes over the union of every graph in ``dataset``."""
    shapes = shapes if shapes is not None else load_shapes(Project(dataset.root).shapes)
    data = _PreparedGraph()
    for prefix, namespace in dataset.namespaces():
        data.bind(prefix, namespace, override=True)
    data.bind("pledge", PLEDGE._NS)
    for triple in dataset.triples((None, None, None)):
        data.add(triple)
    problems = attach_source_texts(dataset, data)
    _, results_graph, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        advanced=True,
        inference="none",
        allow_warnings=True,
        inplace=True,  # data is our own copy; cloning it would drop the prepared queries
    )
    assert isinstance(results_graph, Graph)
    results = problems + [
        _violation(dataset, data, shapes, results_graph, r)
        for r in results_graph.subjects(SH.focusNode, None, unique=True)
    ]
    return ValidationReport(sorted(results))


def attach_source_texts(dataset: PledgeDataset, data: Graph) -> list[Violation]:
    """Add ``pledge:sourceText`` for each readable ``pledge:localCopy``; report unreadable ones."""
    problems = []
    for graph_name, file in dataset.files.items():
        for doc, copy in dataset.graph(graph_name).subject_objects(PLEDGE.localCopy):
            text_path = file.parent / str(copy)
            try:
                text = text_path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                problems.append(
                    Violation(
                        file=_display(dataset, file),
                        focus=str(doc),
                        path="pledge:localCopy",
                        message=f"cannot read the source text {text_path}: {err}",
                        shape="pledge:localCopy",
                    )
                )
                continue
            data.add((doc, PLEDGE.sourceText, Literal(text)))
    return problems


def _violation(
    dataset: PledgeDataset, data: Graph, shapes: Graph, results: Graph, result: Node
) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    shape = results.value(result, SH.sourceShape)
    value = results.value(result, SH.value)
    severity = results.value(result, SH.resultSeverity)
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    shape_name = shapes.value(shape, SH.name) if shape is not None else None
    return Violation(
        file=_file_of(dataset, focus),
        focus=str(focus),
        focus_label=(label(data, focus) or "") if focus is not None else "",
        path=_short(data, path),
        message="; ".join(messages) or "does not conform",
        shape=str(shape_name) if shape_name else _short(shapes, shape),
        severity=SEVERITY_NAMES.get(str(severity), "violation"),
        value=_short(data, value) if value is not None and value != focus else "",
        component=str(results.value(result, SH.sourceConstraintComponent) or ""),
        path_iri=str(path) if path is not None else "",
        shape_iri=str(shape) if shape is not None else "",
    )


def _file_of(dataset: PledgeDataset, node: Node | None) -> str:
    """The file whose graph describes ``node`` (the first in load order), for the report."""
    if node is None:
        return "?"
    for graph_name, file in dataset.files.items():
        if (node, None, None) in dataset.graph(graph_name):
            return _display(dataset, file)
    return "?"


def _display(dataset: PledgeDataset, file: Path) -> str:
    return Project(dataset.root).relative(file)


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # an IRI no prefix fits stays whole
            return f"<{node}>"
    return node.n3()
