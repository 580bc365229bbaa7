"""Query stage: canned SPARQL queries in ``queries/*.rq``, their parameters, and result formats.

A canned query is a plain SPARQL file whose first lines start with ``#+`` and hold YAML::

    #+ title: Pledged amounts by sector
    #+ description: One row per sector; caps and stated amounts apart.
    #+ params:
    #+   - name: company
    #+     description: The company to look at
    #+     choices: SELECT ?value ?label WHERE { ?value a schema:Corporation ; rdfs:label ?label }
    #+ form: select

``params`` lists variables bound by the engine (``Store.query`` bindings), never pasted into the
text. A ``choices`` query (SELECT ?value ?label) lists the allowed values for forms. An unknown
key or malformed header is a ``QueryError`` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

from pledgegraph.errors import QueryError
from pledgegraph.formats import GRAPH_FORMATS, RESULT_FORMATS, rdf_format
from pledgegraph.project import Project, display_path
from pledgegraph.store import AskResult, GraphResult, QueryResult, SelectResult, Store
from pledgegraph.summary import money
from pledgegraph.validate import Violation
from pledgegraph.vocab import ID, OA, PLEDGE, SCHEMA

HEADER_KEYS = {"title", "description", "params", "form"}
PARAM_KEYS = {"name", "description", "type", "choices"}
FORMS = ("select", "ask", "construct", "describe")
PARAM_TYPES = ("iri", "string", "integer", "decimal", "date")
ENTITY_KINDS = (
    "agreement",
    "commitment",
    "company",
    "government",
    "country",
    "person",
    "city",
    "place",
    "group",
    "sector",
    "facility",
    "instrument",
    "source",
    "evidence",
)


# --------------------------------------------------------------------------- canned queries


@dataclass(frozen=True)
class Param:
    name: str
    description: str = ""
    type: str = "iri"
    choices: str | None = None  # a SELECT ?value ?label query listing allowed values


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path | None
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    form: str = "select"

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def bind(self, values: Mapping[str, str]) -> dict[str, Identifier]:
        """Turn ``name -> text`` into engine bindings; a missing or unknown name is an error."""
        expected = self.param_names
        unknown = sorted(set(values) - set(expected))
        missing = [n for n in expected if n not in values]
        if unknown or missing:
            problems = []
            if missing:
                problems.append("missing " + ", ".join(missing))
            if unknown:
                problems.append("unknown " + ", ".join(unknown))
            wanted = ", ".join(expected) if expected else "none"
            raise QueryError(
                f"query {self.name!r}: {'; '.join(problems)} parameter(s); "
                f"expected parameters: {wanted}"
            )
        return {p.name: to_term(p, values[p.name]) for p in self.params}


def _header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[2:])
    return lines


def _bad(where: str, line: int, message: str) -> QueryError:
    return QueryError(f"{where}:{line}: bad header: {message}")


def _key_line(lines: list[str], key: str) -> int:
    for number, line in enumerate(lines, 1):
        if re.match(rf"\s*-?\s*{re.escape(key)}\s*:", line):
            return number
    return 1


def parse_canned(text: str, name: str, path: Path | None = None) -> CannedQuery:
    """Parse a ``.rq`` text and its ``#+`` header strictly."""
    where = display_path(path) if path else name
    lines = _header_lines(text)
    if not lines:
        raise _bad(where, 1, "no '#+' header; the first line must be '#+ title: ...'")
    try:
        meta = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(err, "problem", None) or str(err)
        raise _bad(where, line, f"not YAML: {problem}") from err
    if not isinstance(meta, dict):
        raise _bad(where, 1, "the header must be a YAML mapping of keys to values")
    for key in meta:
        if key not in HEADER_KEYS:
            keys = ", ".join(sorted(HEADER_KEYS))
            raise _bad(where, _key_line(lines, str(key)), f"unknown key {key!r}; use {keys}")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _bad(where, _key_line(lines, "title"), "'title' is required and must be text")
    description = meta.get("description", "")
    if not isinstance(description, str):
        raise _bad(where, _key_line(lines, "description"), "'description' must be text")
    form = meta.get("form", "select")
    if form not in FORMS:
        raise _bad(where, _key_line(lines, "form"), f"'form' must be one of {', '.join(FORMS)}")
    params = tuple(_parse_param(p, where, lines) for p in meta.get("params") or [])
    if not isinstance(meta.get("params") or [], list):
        raise _bad(where, _key_line(lines, "params"), "'params' must be a list")
    return CannedQuery(name, path, title.strip(), description.strip(), text, params, form)


def _parse_param(raw: object, where: str, lines: list[str]) -> Param:
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict):
        raise _bad(where, _key_line(lines, "params"), "each parameter is a name or a mapping")
    for key in raw:
        if key not in PARAM_KEYS:
            keys = ", ".join(sorted(PARAM_KEYS))
            raise _bad(
                where, _key_line(lines, str(key)), f"unknown parameter key {key!r}; use {keys}"
            )
    name = raw.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise _bad(where, _key_line(lines, "name"), "a parameter needs a 'name' that is a variable")
    kind = raw.get("type", "iri")
    if kind not in PARAM_TYPES:
        raise _bad(
            where, _key_line(lines, "type"), f"'type' must be one of {', '.join(PARAM_TYPES)}"
        )
    return Param(name, str(raw.get("description", "")), kind, raw.get("choices"))


def discover(folder: Path | None = None) -> list[CannedQuery]:
    """Every ``*.rq`` in ``folder`` (default ``queries/``), by name; headers parsed strictly."""
    folder = folder or Project.find().queries
    return [
        parse_canned(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))
    ]


def find_query(spec: str, folder: Path | None = None) -> CannedQuery:
    """A canned query by NAME, or a ``.rq`` file by path."""
    path = Path(spec)
    if spec.endswith(".rq") and path.is_file():
        return parse_canned(path.read_text(encoding="utf-8"), path.stem, path)
    folder = folder or Project.find().queries
    candidate = folder / f"{spec}.rq"
    if "/" not in spec and candidate.is_file():
        return parse_canned(candidate.read_text(encoding="utf-8"), spec, candidate)
    names = ", ".join(q.name for q in discover(folder))
    raise QueryError(f"no query {spec!r}; canned queries are: {names}")


def adhoc(text: str, name: str = "-") -> CannedQuery:
    """Any query text, header optional (an ad-hoc query from stdin or the editor)."""
    if _header_lines(text):
        return parse_canned(text, name)
    return CannedQuery(name, None, name, "", text)


def prefixes() -> NamespaceManager:
    """Prefixes for short IRIs in tables and in parameters (``company:ge-vernova``)."""
    manager = NamespaceManager(Graph(), bind_namespaces="rdflib")
    for kind in ENTITY_KINDS:
        manager.bind(kind, ID[kind + "/"], override=True)
    manager.bind("pledge", PLEDGE._NS, override=True)
    manager.bind("schema", SCHEMA, override=True)
    manager.bind("oa", OA, override=True)
    return manager


def to_term(param: Param, value: str) -> Identifier:
    if param.type == "iri":
        if re.fullmatch(r"[a-z][a-z0-9-]*:[^\s/].*", value) and "://" not in value:
            prefix, local = value.split(":", 1)
            namespace = dict(prefixes().namespaces()).get(prefix)
            if namespace is not None:
                return URIRef(str(namespace) + local)
        if not re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value, re.IGNORECASE):
            raise QueryError(f"parameter {param.name!r} must be an IRI, not {value!r}")
        return URIRef(value)
    datatype = {"integer": XSD.integer, "decimal": XSD.decimal, "date": XSD.date}.get(param.type)
    literal = Literal(value, datatype=datatype)
    if datatype is not None and literal.ill_typed:
        raise QueryError(f"parameter {param.name!r} must be an {param.type}, not {value!r}")
    return literal


def run(store: Store, query: CannedQuery, values: Mapping[str, str] | None = None) -> QueryResult:
    """Bind ``values`` to the query's parameters (through the engine) and run it."""
    bindings = query.bind(values or {})
    try:
        return store.query(query.text, bindings)
    except QueryError as err:
        raise QueryError(locate_error(query, str(err))) from err


MACHINE_FORMATS = ("json", "xml", "csv", "tsv")


def run_serialized(
    store: Store, query: CannedQuery, values: Mapping[str, str] | None, fmt: str
) -> bytes:
    """``format_result(run(store, query, values), fmt)``, written natively where the store can
    (Oxigraph writes SELECT results in the W3C formats itself)."""
    bindings = query.bind(values or {})
    try:
        return store.query_serialized(query.text, bindings, fmt)
    except QueryError as err:
        raise QueryError(locate_error(query, str(err))) from err


def locate_error(query: CannedQuery, message: str) -> str:
    """``where:line:col: error: message`` plus the query's line and a caret under the column."""
    where = display_path(query.path) if query.path else query.name
    match = re.match(r"line (\d+), column (\d+): (.*)", message, re.DOTALL)
    if not match:
        return f"{where}: error: {message}"
    line, col = int(match[1]), int(match[2])
    lines = query.text.splitlines()
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * (max(col, 1) - 1) + "^"
    return f"{where}:{line}:{col}: error: {match[3]}\n    {shown}\n    {caret}"


def choices(store: Store, param: Param) -> list[tuple[str, str]]:
    """``(value, label)`` pairs a parameter may take, from its ``choices`` query."""
    if not param.choices:
        return []
    result = store.query(param.choices)
    if not isinstance(result, SelectResult):
        raise QueryError(f"the choices of {param.name!r} must be a SELECT query")
    pairs = []
    for row in result.rows:
        value, label = row.get("value"), row.get("label")
        if value is not None:
            pairs.append((str(value), str(label if label is not None else value)))
    return sorted(set(pairs), key=lambda p: (p[1].lower(), p[0]))


def has_order_by(text: str) -> bool:
    """Whether the query's own top level sorts its rows (then row order is part of the answer)."""
    parsed = parseQuery(text)
    return "orderby" in parsed[1]  # not .get(): rdflib's CompValue.get returns the key if absent


# --------------------------------------------------------------------------- result formats


def _to_rdflib(result: SelectResult | AskResult) -> Result:
    if isinstance(result, AskResult):
        out = Result("ASK")
        out.askAnswer = result.value
        return out
    out = Result("SELECT")
    out.vars = [Variable(v) for v in result.variables]
    out.bindings = [
        {Variable(k): v for k, v in row.items() if v is not None} for row in result.rows
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


# --------------------------------------------------------------------------- checks


def run_checks(store: Store, folder: Path | None = None) -> list[Violation]:
    """Run every ``*-violation.rq``; each row is a violation (``?focus``, ``?message``)."""
    folder = folder or Project.find().checks
    violations: list[Violation] = []
    for path in sorted(folder.glob("*-violation.rq")):
        check = parse_canned(path.read_text(encoding="utf-8"), path.stem, path)
        result = store.query(check.text)
        if not isinstance(result, SelectResult):
            raise QueryError(f"{display_path(path)}: a check must be a SELECT query")
        for row in result.rows:
            focus = row.get("focus")
            message = row.get("message")
            violations.append(
                Violation(
                    file=display_path(path),
                    focus=str(focus) if focus is not None else "",
                    path="",
                    message=str(message) if message is not None else check.title,
                    shape=check.name,
                    focus_label=str(row.get("label") or ""),
                )
            )
    return violations
