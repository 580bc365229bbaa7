"""Compile SHACL shapes to whole-graph SPARQL queries of violations.

Each constraint of each shape becomes one SELECT query over the union graph that returns a row
per violation (``?this``, the focus node; ``?value``, the value node; for SHACL-SPARQL
constraints also ``?path`` and the variables its message names). Queries find every focus node
at once instead of being run once per focus node, which is what lets 10^6 triples validate in
seconds on Oxigraph.

Only the parts of SHACL the project's shapes use are compiled: targets ``sh:targetClass``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; predicate paths; the components ``class``,
``datatype``, ``nodeKind``, ``minCount``, ``maxCount``, ``pattern``, ``in``, ``minInclusive``,
``minLength``, ``uniqueLang``, ``hasValue``, ``lessThanOrEquals``, ``or`` and ``not`` (of
shapes built from ``class``, ``datatype`` and ``nodeKind``) and ``sparql`` (SELECT). Anything
else raises ``UnsupportedShape`` naming the shape and the term, rather than being skipped.

``sh:class`` and class targets need the subclasses of a class; the caller passes them in
(``subclasses``), taken from the data graph as SHACL says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from pledgegraph.errors import PledgeGraphError

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = str(RDF.langString)

# Lexical forms checked by pattern (so that any number of digits stays valid, as in XSD);
# other XSD types are checked by casting, which fails on an ill-formed literal.
LEXICAL = {
    XSD + "decimal": r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD + "integer": r"^[+-]?[0-9]+$",
}
CAST = {XSD + t for t in ("boolean", "date", "dateTime", "double", "float", "gYear")}

# Terms of a shape that carry no constraint.
METADATA = {
    RDF.type,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.property,
    SH.path,
    SH.order,
    SH.group,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
}
VALUE_COMPONENTS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.pattern,
    SH["in"],
    SH.minInclusive,
    SH.minLength,
    SH["or"],
    SH["not"],
}
FOCUS_COMPONENTS = {
    SH.minCount,
    SH.maxCount,
    SH.uniqueLang,
    SH.hasValue,
    SH.lessThanOrEquals,
    SH.sparql,
}
NESTED = {SH["class"], SH.datatype, SH.nodeKind, SH["or"], SH["not"]}

Subclasses = Callable[[str], list[str]]
FOCUS_SLOT = "# focus"  # where the engine may put VALUES ?this { ... } to validate some nodes only


class UnsupportedShape(PledgeGraphError):
    """A shape uses a part of SHACL the compiler does not handle."""


@dataclass(frozen=True)
class Constraint:
    """One compiled constraint: its query and what each of its rows reports."""

    shape: str
    shape_name: str
    component: str
    path: str
    severity: str
    message: str
    query: str


def _iri(node: Node) -> str:
    return f"<{node}>"


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return _iri(node)
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShape(f"a blank node {node} cannot be compared in a query")


def _values(var: str, items: list[str]) -> str:
    return f"VALUES {var} {{ {' '.join(_iri(URIRef(i)) for i in items)} }}"


class Compiler:
    """Compiles the shapes of one shapes graph, given the class hierarchy of the data."""

    def __init__(self, shapes: Graph, subclasses: Subclasses) -> None:
        self.shapes = shapes
        self.subclasses = subclasses
        self.prefixes = self._prefixes()

    # ---------------------------------------------------------------- shapes and targets

    def constraints(self) -> Iterator[Constraint]:
        node_shapes = sorted(set(self.shapes.subjects(RDF.type, SH.NodeShape)), key=str)
        for shape in node_shapes:
            targets = self._targets(shape)
            if targets is None:
                continue
            self._check_terms(shape)
            yield from self._shape(shape, targets, None)
            for prop in sorted(self.shapes.objects(shape, SH.property), key=str):
                self._check_terms(prop)
                path = self.shapes.value(prop, SH.path)
                if not isinstance(path, URIRef):
                    raise UnsupportedShape(f"{prop}: only predicate paths are supported ({path})")
                yield from self._shape(prop, targets, path)

    def _targets(self, shape: Node) -> str | None:
        parts = []
        for cls in sorted(self.shapes.objects(shape, SH.targetClass), key=str):
            parts.append(
                f"{_values('?targetClass', self.subclasses(str(cls)))} ?this a ?targetClass ."
            )
        for prop in sorted(self.shapes.objects(shape, SH.targetSubjectsOf), key=str):
            parts.append(f"?this {_iri(prop)} ?targetObject .")
        for prop in sorted(self.shapes.objects(shape, SH.targetObjectsOf), key=str):
            parts.append(f"?targetSubject {_iri(prop)} ?this .")
        if not parts:
            return None
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        # no DISTINCT sub-select: a node found twice gives the same result twice, which the
        # engine keeps once; the planner is then free to start from the path's triples
        return f"{{ {FOCUS_SLOT}\n{union} }}"

    def _check_terms(self, shape: Node) -> None:
        allowed = METADATA | VALUE_COMPONENTS | FOCUS_COMPONENTS
        for predicate in set(self.shapes.predicates(shape)):
            if str(predicate).startswith(str(SH)) and predicate not in allowed:
                raise UnsupportedShape(f"{shape}: {predicate} is not supported by the compiler")
        for predicate in (SH.targetNode, SH.target, SH.deactivated, SH.closed, SH.node):
            if (shape, predicate, None) in self.shapes:
                raise UnsupportedShape(f"{shape}: {predicate} is not supported by the compiler")

    def _shape(self, shape: Node, targets: str, path: URIRef | None) -> Iterator[Constraint]:
        severity = str(self.shapes.value(shape, SH.severity) or SH.Violation)
        message = str(self.shapes.value(shape, SH.message) or "")
        name = str(self.shapes.value(shape, SH.name) or "")
        values = f"?this {_iri(path)} ?value ." if path is not None else "BIND (?this AS ?value)"
        for predicate, obj in sorted(self.shapes.predicate_objects(shape)):
            body = self._component(shape, predicate, obj, targets, values, path)
            if body is None:
                continue
            query, component_message = body
            yield Constraint(
                shape=str(shape),
                shape_name=name,
                component=str(SH) + _component_name(predicate),
                path=str(path) if path is not None else "",
                severity=severity,
                message=component_message or message,
                query=query,
            )

    # ---------------------------------------------------------------- components

    def _component(
        self, shape: Node, predicate: Node, obj: Node, targets: str, values: str, path: Node | None
    ) -> tuple[str, str] | None:
        if predicate in VALUE_COMPONENTS:
            condition = self._value_condition(predicate, obj, "?value")
            if predicate != SH["not"]:
                condition = f"!({condition})"
            return (
                f"SELECT DISTINCT ?this ?value WHERE {{ {targets} {values} FILTER ({condition}) }}",
                "",
            )
        if predicate == SH.sparql:
            return self._sparql(shape, obj, targets)
        if predicate not in FOCUS_COMPONENTS:
            return None
        if path is None:
            raise UnsupportedShape(f"{shape}: {predicate} needs sh:path")
        p = _iri(path)
        if predicate == SH.minCount:
            n = int(obj)  # type: ignore[call-overload]
            if n == 0:
                return None
            if n == 1:
                return (
                    f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {p} ?v }} }}",
                    "",
                )
            return (
                f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {p} ?v }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})",
                "",
            )
        if predicate == SH.maxCount:
            n = int(obj)  # type: ignore[call-overload]
            return (
                f"SELECT ?this WHERE {{ {targets} ?this {p} ?v }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {n})",
                "",
            )
        if predicate == SH.uniqueLang:
            if not (isinstance(obj, Literal) and obj.value is True):
                return None
            return (
                f"SELECT ?this ?lang WHERE {{ {targets} ?this {p} ?v "
                "BIND (LCASE(LANG(?v)) AS ?lang) "
                f'FILTER (?lang != "") }} GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?v) > 1)',
                "",
            )
        if predicate == SH.hasValue:
            return (
                f"SELECT ?this WHERE {{ {targets} "
                f"FILTER NOT EXISTS {{ ?this {p} {_term(obj)} }} }}",
                "",
            )
        # sh:lessThanOrEquals
        return (
            f"SELECT DISTINCT ?this ?value WHERE {{ {targets} {values} ?this {_iri(obj)} ?other "
            f"FILTER (!COALESCE(?value <= ?other, false)) }}",
            "",
        )

    def _value_condition(self, predicate: Node, obj: Node, v: str) -> str:
        """A SPARQL expression true when ``v`` conforms to the one constraint."""
        if predicate == SH["class"]:
            classes = _values("?valueClass", self.subclasses(str(obj)))
            return f"EXISTS {{ {v} a ?valueClass . {classes} }}"
        if predicate == SH.datatype:
            return _datatype(str(obj), v)
        if predicate == SH.nodeKind:
            return _node_kind(obj, v)
        if predicate == SH.pattern:
            return f"(!isBlank({v}) && REGEX(STR({v}), {Literal(str(obj)).n3()}))"
        if predicate == SH["in"]:
            members = Collection(self.shapes, obj)
            return "(" + " || ".join(f"sameTerm({v}, {_term(m)})" for m in members) + ")"
        if predicate == SH.minInclusive:
            return _min_inclusive(obj, v)
        if predicate == SH.minLength:
            return f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(obj)})"  # type: ignore[call-overload]
        if predicate == SH["or"]:
            members = Collection(self.shapes, obj)
            return "(" + " || ".join(self._conforms(m, v) for m in members) + ")"
        if predicate == SH["not"]:
            return f"({self._conforms(obj, v)})"
        raise UnsupportedShape(f"{predicate} is not supported inside sh:or / sh:not")

    def _conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression true when ``v`` conforms to the nested ``shape``."""
        parts = []
        for predicate, obj in sorted(self.shapes.predicate_objects(shape)):
            if predicate in NESTED:
                condition = self._value_condition(predicate, obj, v)
                parts.append(f"!({condition})" if predicate == SH["not"] else condition)
            elif predicate != RDF.type:
                raise UnsupportedShape(f"{predicate} is not supported in a nested shape")
        return "(" + " && ".join(parts or ["true"]) + ")"

    def _sparql(self, shape: Node, constraint: Node, targets: str) -> tuple[str, str]:
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"{shape}: only SELECT-based SPARQL constraints are supported")
        text = str(select).replace("$this", "?this")
        if re.search(r"\$(PATH|currentShape|shapesGraph)\b", text):
            raise UnsupportedShape(f"{shape}: pre-bound variables other than $this")
        query = f"{self.prefixes}SELECT * WHERE {{ {targets} {{ {text} }} }}"
        return query, str(self.shapes.value(constraint, SH.message) or "")

    def _prefixes(self) -> str:
        lines = []
        for declaration in self.shapes.objects(None, SH.declare):
            prefix = self.shapes.value(declaration, SH.prefix)
            namespace = self.shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
        return "".join(sorted(set(lines)))


def _component_name(predicate: Node) -> str:
    local = str(predicate).removeprefix(str(SH))
    if local == "sparql":
        return "SPARQLConstraintComponent"
    return local[0].upper() + local[1:] + "ConstraintComponent"


def _datatype(datatype: str, v: str) -> str:
    if datatype == RDF_LANG_STRING:
        return f'(isLiteral({v}) && LANG({v}) != "")'
    check = f"(isLiteral({v}) && DATATYPE({v}) = <{datatype}>"
    if datatype in LEXICAL:
        check += f' && REGEX(STR({v}), "{LEXICAL[datatype]}")'
    elif datatype in CAST:
        check += f" && COALESCE(isLiteral(<{datatype}>({v})), false)"
    return check + ")"


def _node_kind(kind: Node, v: str) -> str:
    tests = {
        SH.IRI: f"isIRI({v})",
        SH.Literal: f"isLiteral({v})",
        SH.BlankNode: f"isBlank({v})",
        SH.BlankNodeOrIRI: f"(isBlank({v}) || isIRI({v}))",
        SH.BlankNodeOrLiteral: f"(isBlank({v}) || isLiteral({v}))",
        SH.IRIOrLiteral: f"(isIRI({v}) || isLiteral({v}))",
    }
    if not isinstance(kind, URIRef) or kind not in tests:
        raise UnsupportedShape(f"unknown sh:nodeKind {kind}")
    return tests[kind]


def _min_inclusive(bound: Node, v: str) -> str:
    """``v >= bound``; a decimal too large for the engine's arithmetic compares by its sign."""
    if not isinstance(bound, Literal) or isinstance(bound, BNode):
        raise UnsupportedShape(f"sh:minInclusive {bound} is not a literal")
    fallback = "false"
    if bound.value == 0:
        fallback = (
            f"(DATATYPE({v}) IN (<{XSD}decimal>, <{XSD}integer>)"
            f' && REGEX(STR({v}), "{LEXICAL[XSD + "decimal"]}")'
            f' && !REGEX(STR({v}), "^-[0-9.]*[1-9]"))'
        )
    return f"COALESCE({v} >= {bound.n3()}, {fallback})"
