"""Where remote stores differ from the standards in what they answer: normalised in one place.

Every answer a ``RemoteStore`` decodes passes through here, so a query gives the same terms on
every store (``tests/test_remote_matrix.py`` holds memory, Oxigraph server and Virtuoso to it):

- Virtuoso writes booleans as ``"1"``/``"0"`` (``xsd:boolean``): read as ``true``/``false``;
- Virtuoso gives the value of a boolean expression (``BIND (?a = ?b AS ?same)``, a comparison,
  ``BOUND``, ``EXISTS``, ``isIRI``, ``REGEX``…) as ``1``/``0`` typed ``xsd:int``: the query says
  which variables hold such an expression (``boolean_variables``), and those read as booleans;
- numbers in canonical form (``1.5`` for a stored ``1.50``) are left alone: equal values, and
  the lexical form is not something two stores need agree on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from pledgegraph.results import SelectResult

BOOLEANS = {"1": "true", "0": "false", "true": "true", "false": "false"}
INTEGERS = {XSD.int, XSD.integer, XSD.long, XSD.short}
# SPARQL expressions whose value is an xsd:boolean (rdflib's algebra names)
BOOLEAN_EXPRESSIONS = {
    "RelationalExpression",
    "ConditionalAndExpression",
    "ConditionalOrExpression",
    "UnaryNot",
    *(
        f"Builtin_{name}"
        for name in [
            "BOUND",
            "EXISTS",
            "NOTEXISTS",
            "isIRI",
            "isURI",
            "isBLANK",
            "isLITERAL",
            "isNUMERIC",
            "REGEX",
            "CONTAINS",
            "STRSTARTS",
            "STRENDS",
            "sameTerm",
            "LANGMATCHES",
        ]
    ),
}


def term(value: Node | None) -> Node | None:
    """``value`` as the standards would have written it."""
    if isinstance(value, Literal) and value.datatype == XSD.boolean and str(value) in BOOLEANS:
        return Literal(BOOLEANS[str(value)], datatype=XSD.boolean)
    return value


def _nodes(node: Any) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _nodes(item)


def boolean_variables(sparql: str) -> set[str]:
    """Variables a ``BIND`` or ``SELECT (… AS ?v)`` sets to a boolean expression."""
    try:
        algebra = translateQuery(parseQuery(sparql)).algebra
    except Exception:  # the store parses it; a query rdflib cannot translate gets no fix
        return set()
    out = set()
    for node in _nodes(algebra):
        expr = node.get("expr") if node.name == "Extend" else None
        if isinstance(expr, CompValue) and expr.name in BOOLEAN_EXPRESSIONS:
            out.add(str(node["var"]))
    return out


def as_boolean(value: Node | None) -> Node | None:
    if isinstance(value, Literal) and value.datatype in INTEGERS and str(value) in ("0", "1"):
        return Literal(BOOLEANS[str(value)], datatype=XSD.boolean)
    return value


def select(result: SelectResult, sparql: str) -> SelectResult:
    """``result`` of ``sparql`` with every term normalised (in place; returned for chaining)."""
    booleans = boolean_variables(sparql) if result.rows else set()
    for row in result.rows:
        for key, value in row.items():
            row[key] = as_boolean(value) if key in booleans else term(value)
    return result


def graph(triples: Graph) -> Graph:
    """``triples`` with every object normalised by ``term``."""
    out = Graph()
    for s, p, o in triples:
        out.add((s, p, term(o)))  # type: ignore[arg-type]
    return out
