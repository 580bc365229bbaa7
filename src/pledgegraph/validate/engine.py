"""Run the compiled shapes on Oxigraph and turn their rows into ``Violation``s.

The data is whatever Oxigraph store holds the loaded files, one named graph per file; queries
run on the union of the graphs. Before they run, the text of every source document with a
``pledge:localCopy`` is added as ``pledge:sourceText`` in a scratch graph (so a constraint can
check each quote at its span), and the scratch graph is dropped afterwards whatever happens.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from pledgegraph.validate.compiler import FOCUS_SLOT, Compiler, Constraint
from pledgegraph.validate.report import SEVERITY_NAMES, Violation

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PLEDGE = "https://w3id.org/pledgegraph/ontology#"
SCRATCH = ox.NamedNode("urn:x-pledgegraph:validation:source-texts")
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Source:
    """The data to validate: an Oxigraph store, the file of each named graph (in load order),
    the project root the report's paths are relative to, and prefixes for short names."""

    store: ox.Store
    files: Mapping[str, Path]
    root: Path
    prefixes: Mapping[str, str]

    def display(self, file: Path) -> str:
        try:
            return file.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(file)


@dataclass(frozen=True)
class Row:
    """One violation as a query found it, before it is named and placed."""

    constraint: Constraint
    focus: Term
    value: Term | None
    path: str
    bindings: tuple[tuple[str, str], ...]


def run(source: Source, shapes: Graph, focus: Sequence[Term] | None = None) -> list[Violation]:
    """Every violation of ``shapes`` in ``source`` (only of the ``focus`` nodes, if given),
    with the problems reading source texts."""
    problems = attach_source_texts(source)
    try:
        constraints = list(Compiler(shapes, subclass_lookup(source.store)).constraints())
        # Oxigraph lets go of the GIL while it evaluates: the queries run on every core
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            found = pool.map(lambda c: list(_rows(source.store, c, focus)), constraints)
            rows = [row for rows_of_one in found for row in rows_of_one]
    finally:
        source.store.clear_graph(SCRATCH)
    return problems + _violations(source, shapes, rows)


def subclass_lookup(store: ox.Store) -> Any:
    @cache
    def subclasses(cls: str) -> list[str]:
        query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>* {ox.NamedNode(cls)} }}"
        found = store.query(query, use_default_graph_as_union=True)
        names = {s["c"].value for s in found if isinstance(s["c"], ox.NamedNode)}  # type: ignore[union-attr]
        return sorted(names | {cls})

    return subclasses


def _rows(store: ox.Store, constraint: Constraint, focus: Sequence[Term] | None) -> Iterable[Row]:
    query = constraint.query
    if focus is not None:
        if not focus:
            return
        values = " ".join(_sparql_term(t) for t in focus)
        query = query.replace(FOCUS_SLOT, f"VALUES ?this {{ {values} }}", 1)
    for solution in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
        this = solution["this"]
        value = _get(solution, "value")
        path = _get(solution, "path")
        bindings = [(n, _plain(_get(solution, n))) for n in _message_vars(constraint.message)]
        yield Row(
            constraint,
            this,
            value,
            path.value if isinstance(path, ox.NamedNode) else constraint.path,
            tuple((n, v) for n, v in bindings if v is not None),
        )


@cache
def _message_vars(message: str) -> tuple[str, ...]:
    return tuple(sorted(set(re.findall(r"\{[?$](\w+)\}", message))))


def _get(solution: Any, name: str) -> Any:
    try:
        return solution[name]
    except (KeyError, IndexError):
        return None


def _plain(term: Any) -> str | None:
    return None if term is None or isinstance(term, ox.Triple) else str(term.value)


def _sparql_term(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        raise ValueError("a blank node cannot be named in a query")
    return str(term)


def attach_source_texts(source: Source) -> list[Violation]:
    """Put ``pledge:sourceText`` of each readable ``pledge:localCopy`` in the scratch graph."""
    problems = []
    found = source.store.query(
        f"SELECT ?g ?doc ?copy WHERE {{ GRAPH ?g {{ ?doc <{PLEDGE}localCopy> ?copy }} }}"
    )
    quads = []
    assert isinstance(found, ox.QuerySolutions)
    for solution in found:
        file = source.files.get(_plain(solution["g"]) or "")
        if file is None:
            continue
        doc = solution["doc"]
        text_path = file.parent / str(_plain(solution["copy"]))
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            problems.append(
                Violation(
                    file=source.display(file),
                    focus=str(_plain(doc)),
                    path="pledge:localCopy",
                    message=f"cannot read the source text {text_path}: {err}",
                    shape="pledge:localCopy",
                )
            )
            continue
        quads.append(ox.Quad(doc, ox.NamedNode(f"{PLEDGE}sourceText"), ox.Literal(text), SCRATCH))
    source.store.extend(quads)
    return problems


def _violations(source: Source, shapes: Graph, rows: list[Row]) -> list[Violation]:
    nodes = {row.focus for row in rows}
    files = _files_of(source, nodes)
    labels = _labels_of(source.store, nodes)
    short = _shortener(source.prefixes)
    results = set()
    for row in rows:
        c = row.constraint
        message = c.message or "does not conform"
        for name, text in row.bindings:
            message = message.replace(f"{{?{name}}}", text).replace(f"{{${name}}}", text)
        value = row.value if row.value is not None and row.value != row.focus else None
        results.add(
            Violation(
                file=files.get(row.focus, "?"),
                focus=str(row.focus.value),
                focus_label=labels.get(row.focus, ""),
                path=short(row.path) if row.path else "",
                message=message,
                shape=c.shape_name or short(c.shape),
                severity=SEVERITY_NAMES.get(c.severity, "violation"),
                value=_n3(value, short) if value is not None else "",
                component=c.component,
                path_iri=row.path,
                shape_iri=c.shape,
            )
        )
    return sorted(results)


def _files_of(source: Source, nodes: set[Term]) -> dict[Term, str]:
    """The file whose graph describes each node (the first in load order)."""
    order = {name: i for i, name in enumerate(source.files)}
    found: dict[Term, str] = {}
    for node in nodes:
        if isinstance(node, ox.Literal):
            continue
        graphs = [
            q.graph_name.value
            for q in source.store.quads_for_pattern(node, None, None, None)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in order
        ]
        if graphs:
            first = min(graphs, key=order.__getitem__)
            found[node] = source.display(source.files[first])
    return found


def _labels_of(store: ox.Store, nodes: set[Term]) -> dict[Term, str]:
    """Each node's label, chosen as ``labels.label`` chooses."""
    labels: dict[Term, str] = {}
    for node in nodes:
        if isinstance(node, ox.Literal):
            continue
        for prop in LABELS:
            values = sorted(
                _plain(q.object) or ""
                for q in store.quads_for_pattern(node, ox.NamedNode(prop), None, None)
            )
            if values:
                labels[node] = values[0]
                break
    return labels


def _shortener(prefixes: Mapping[str, str]) -> Any:
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def short(iri: str) -> str:
        for prefix, namespace in ordered:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w.-]*", local or "-"):
                return f"{prefix}:{local}"
        return f"<{iri}>"

    return short


def _n3(term: Term, short: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return str(short(term.value))
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    # written by hand: rdflib logs a traceback for every ill-typed literal it is given
    text = term.value.translate(_ESCAPES)
    if term.language:
        return f'"{text}"@{term.language}'
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return f'"{text}"'
    return f'"{text}"^^<{datatype}>'


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
