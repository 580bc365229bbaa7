"""Query results: one type per query form, and every way of writing them.

    SelectResult  variables + rows of rdflib terms (SELECT)
    AskResult     a boolean (ASK)
    GraphResult   an rdflib Graph (CONSTRUCT, DESCRIBE)

``format_result(result, name)`` writes a result in a format of ``formats``: the text table,
SPARQL JSON/XML/CSV/TSV for SELECT and ASK, an RDF format for graphs. ``readable`` and
``money`` write single values for people. Stores return these types and the query stage runs
canned queries into them; this module needs neither.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from rdflib import XSD, BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import NamespaceManager
from rdflib.query import Result, ResultRow
from rdflib.term import Identifier, Node

from pledgegraph.errors import QueryError
from pledgegraph.formats import GRAPH_FORMATS, RESULT_FORMATS, rdf_format
from pledgegraph.vocab import ENTITY_KINDS, ID, prefixes

_XSD_STRING = str(XSD.string)


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[dict[str, Node | None]] = field(default_factory=list)


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    graph: Graph


QueryResult = SelectResult | AskResult | GraphResult


def result_size(result: QueryResult) -> int:
    if isinstance(result, SelectResult):
        return len(result.rows)
    if isinstance(result, GraphResult):
        return len(result.graph)
    return 1


def from_rdflib(result: Result) -> QueryResult:
    """Convert an rdflib query result into our typed result."""
    if result.type == "ASK":
        return AskResult(bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        assert graph is not None
        return GraphResult(graph)
    variables = [str(v) for v in (result.vars or [])]
    rows: list[dict[str, Node | None]] = [
        {name: cast(ResultRow, row)[Variable(name)] for name in variables} for row in result
    ]
    return SelectResult(variables, rows)


def decode_results_json(data: dict[str, Any]) -> SelectResult | AskResult:
    """SPARQL 1.1 Query Results JSON as our typed result."""
    if "boolean" in data:
        return AskResult(bool(data["boolean"]))
    names = list(data.get("head", {}).get("vars", []))
    rows = [
        {n: _json_term(b.get(n)) for n in names}
        for b in data.get("results", {}).get("bindings", [])
    ]
    return SelectResult(names, rows)


def _json_term(value: dict[str, str] | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if lang := value.get("xml:lang"):
        return Literal(value["value"], lang=lang)
    datatype = value.get("datatype")
    return Literal(
        value["value"], datatype=None if datatype in (None, _XSD_STRING) else URIRef(datatype)
    )


def money(amount: Decimal, currency: str = "USD") -> str:
    """Readable money: ``money(Decimal("332e9"))`` -> ``'$332 billion'``.

    >>> money(Decimal("156450000000"))
    '$156.45 billion'
    >>> money(Decimal("600000000"))
    '$600 million'
    >>> money(Decimal("-46450000000"))
    '-$46.45 billion'
    """
    if amount < 0:
        return "-" + money(-amount, currency)
    symbol = "$" if currency == "USD" else currency + " "
    for size, word in (
        (Decimal(10) ** 12, "trillion"),
        (Decimal(10) ** 9, "billion"),
        (Decimal(10) ** 6, "million"),
    ):
        if abs(amount) >= size:
            figure = (amount / size).normalize()
            return f"{symbol}{figure:f} {word}"
    return f"{symbol}{amount.normalize():f}"


def _to_rdflib(result: SelectResult | AskResult) -> Result:
    if isinstance(result, AskResult):
        out = Result("ASK")
        out.askAnswer = result.value
        return out
    out = Result("SELECT")
    out.vars = [Variable(v) for v in result.variables]
    out.bindings = [
        {Variable(k): cast(Identifier, v) for k, v in row.items() if v is not None}
        for row in result.rows
    ]
    return out


def _csv_cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv_cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.n3().replace("\t", "\\t")
    return term.n3()


def format_result(result: QueryResult, fmt: str) -> bytes:
    """``result`` written in ``fmt``: a result format for SELECT/ASK, an RDF one for graphs."""
    if isinstance(result, GraphResult):
        if fmt in {f.name for f in RESULT_FORMATS}:
            names = ", ".join(f.name for f in GRAPH_FORMATS)
            raise QueryError(f"a CONSTRUCT/DESCRIBE result is a graph; use one of {names}")
        rdf = rdf_format(fmt)
        graph = result.graph
        for prefix, ns in prefixes().namespaces():
            graph.bind(prefix, ns, override=False)
        return graph.serialize(format=rdf.rdflib_format, encoding="utf-8")
    if fmt not in {f.name for f in RESULT_FORMATS}:
        names = ", ".join(f.name for f in RESULT_FORMATS)
        raise QueryError(f"a SELECT/ASK result is a table; use one of {names}")
    if fmt == "table":
        return table(result).encode("utf-8")
    if fmt in ("json", "xml"):
        return _to_rdflib(result).serialize(format=fmt, encoding="utf-8") or b""
    if isinstance(result, AskResult):  # not defined by W3C for CSV/TSV: one cell
        return ("_askResult\r\n" if fmt == "csv" else "?_askResult\n").encode() + (
            b"true\n" if result.value else b"false\n"
        )
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_cell(row.get(v)) for v in result.variables])
    else:
        buffer.write("\t".join("?" + v for v in result.variables) + "\n")
        for row in result.rows:
            buffer.write("\t".join(_tsv_cell(row.get(v)) for v in result.variables) + "\n")
    return buffer.getvalue().encode("utf-8")


def is_cap_column(name: str) -> bool:
    """Columns named ``cap``, ``caps``, ``*_cap(s)`` hold "up to" amounts."""
    return bool(re.fullmatch(r"(.*_)?caps?", name.lower()))


def readable(term: Node | None, column: str, manager: NamespaceManager | None = None) -> str:
    """One cell for people: short IRIs, decimals as money ("up to $332 billion" for caps)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return short_iri(term, manager)
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        amount = Decimal(str(term.toPython()))
        text = "-" + money(-amount) if amount < 0 else money(amount)
        return ("up to " if is_cap_column(column) and amount else "") + text
    return str(term)


def short_iri(iri: URIRef, manager: NamespaceManager | None = None) -> str:
    """``company:ge-vernova``; entity IRIs with a path keep it (``commitment:us-japan-2025/x``)."""
    if iri.startswith(str(ID)):
        kind, _, rest = iri[len(str(ID)) :].partition("/")
        if kind in ENTITY_KINDS and rest:
            return f"{kind}:{rest}"
    try:
        return (manager or prefixes()).normalizeUri(iri).strip("<>")
    except Exception:
        return str(iri)


def table(result: SelectResult | AskResult) -> str:
    if isinstance(result, AskResult):
        return ("yes" if result.value else "no") + "\n"
    manager = prefixes()
    header = result.variables
    cells = [[readable(row.get(v), v, manager) for v in header] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def to_json_rows(result: SelectResult) -> list[dict[str, str | None]]:
    """Rows as plain JSON values (for the small /queries API and the page)."""
    return [
        {v: (None if row.get(v) is None else str(row[v])) for v in result.variables}
        for row in result.rows
    ]


def json_dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")
