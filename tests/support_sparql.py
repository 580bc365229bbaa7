"""Helpers for the SPARQL tests: read hand-written expected files, compare results.

Expected CSV cells are written for people: ``company:ge-vernova`` (our entity prefixes) or
``<iri>`` is an IRI; ``25`` an xsd:integer; ``25000000000.0`` an xsd:decimal; ``2025-10-28`` an
xsd:date; ``true``/``false`` booleans; an empty cell is unbound; anything else a plain string.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from pledgegraph.vocab import prefixes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXPECTED = HERE / "expected"
QUERIES = ROOT / "queries"

Row = tuple[object, ...]


def cell_term(cell: str) -> Node | None:
    if cell == "":
        return None
    if cell.startswith("<") and cell.endswith(">"):
        return URIRef(cell[1:-1])
    if match := re.fullmatch(r"([a-z][a-z0-9-]*):(\S+)", cell):
        namespace = dict(prefixes().namespaces()).get(match[1])
        if namespace is not None:
            return URIRef(str(namespace) + match[2])
    if re.fullmatch(r"-?\d+", cell):
        return Literal(cell, datatype=XSD.integer)
    if re.fullmatch(r"-?\d+\.\d+", cell):
        return Literal(cell, datatype=XSD.decimal)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return Literal(cell, datatype=XSD.date)
    if cell in ("true", "false"):
        return Literal(cell, datatype=XSD.boolean)
    return Literal(cell)


def term_key(term: Node | None) -> object:
    """A term by value and datatype: 25000000000.0 and 25e9 as decimals are equal."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            value = value.normalize()
        return ("literal", value, str(term.datatype or XSD.string), term.language)
    return (type(term).__name__, str(term))


def read_expected_csv(path: Path) -> tuple[list[str], list[Row]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [tuple(term_key(cell_term(c)) for c in row) for row in reader]
    return header, rows


def result_rows(variables: list[str], rows: list[dict[str, Node | None]]) -> list[Row]:
    return [tuple(term_key(row.get(v)) for v in variables) for row in rows]


def compare_rows(expected: list[Row], actual: list[Row], ordered: bool) -> str:
    """'' if equal (as lists when ``ordered``, else as multisets), else what differs."""
    if ordered:
        if expected == actual:
            return ""
        lines = ["rows differ in content or order:"]
        for i in range(max(len(expected), len(actual))):
            e = expected[i] if i < len(expected) else None
            a = actual[i] if i < len(actual) else None
            if e != a:
                lines.append(f"  row {i + 1}: expected {e}\n          got      {a}")
        return "\n".join(lines)
    missing = Counter(expected) - Counter(actual)
    unexpected = Counter(actual) - Counter(expected)
    if not missing and not unexpected:
        return ""
    lines = ["rows differ:"]
    lines += [f"  missing:    {row} (x{n})" for row, n in missing.items()]
    lines += [f"  unexpected: {row} (x{n})" for row, n in unexpected.items()]
    return "\n".join(lines)
