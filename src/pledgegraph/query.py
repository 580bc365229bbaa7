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

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rdflib import XSD, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Identifier

from pledgegraph.errors import QueryError
from pledgegraph.formats import RESULT_FORMATS
from pledgegraph.project import Project, display_path
from pledgegraph.results import AskResult, QueryResult, SelectResult, short_iri
from pledgegraph.store import Store
from pledgegraph.vocab import prefixes

if TYPE_CHECKING:  # the validator (pySHACL) is imported only by the checks that need it
    from pledgegraph.validate import Violation

HEADER_KEYS = {"title", "description", "params", "form"}
PARAM_KEYS = {"name", "description", "type", "choices", "optional"}
FORMS = ("select", "ask", "construct", "describe")
PARAM_TYPES = ("iri", "string", "integer", "decimal", "date")
# --------------------------------------------------------------------------- canned queries


@dataclass(frozen=True)
class Param:
    name: str
    description: str = ""
    type: str = "iri"
    choices: str | None = None  # a SELECT ?value ?label query listing allowed values
    optional: bool = False  # unbound when not given: the query matches every value


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
        missing = [p.name for p in self.params if p.name not in values and not p.optional]
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
        return {p.name: to_term(p, values[p.name]) for p in self.params if p.name in values}


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
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise _bad(where, _key_line(lines, "optional"), "'optional' must be true or false")
    return Param(name, str(raw.get("description", "")), kind, raw.get("choices"), optional)


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


def to_term(param: Param, value: str) -> Identifier:
    """A parameter's text as a term: an IRI (a prefixed name such as ``agreement:us-japan-2025``,
    a full IRI, or an IRI in angle brackets) or a typed literal."""
    if param.type == "iri":
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
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


_NAMES_SOMETHING = "ASK { { ?value ?p ?o } UNION { ?s ?p ?value } }"


def check_values(store: Store, query: CannedQuery, bindings: Mapping[str, Identifier]) -> None:
    """Refuse an IRI parameter that names nothing in the graph (a typo would otherwise give an
    empty table): the error lists the nearest of the parameter's choices."""
    for param in query.params:
        term = bindings.get(param.name)
        if param.type != "iri" or term is None:
            continue
        found = store.query(_NAMES_SOMETHING, {"value": term})
        if isinstance(found, AskResult) and found.value:
            continue
        given = short_iri(URIRef(str(term)))
        options = [short_iri(URIRef(v)) for v, _ in choices(store, param)]
        nearest = difflib.get_close_matches(given, options, n=5, cutoff=0.4) or options[:5]
        hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
        raise QueryError(
            f"query {query.name!r}: parameter {param.name!r}: {given} names nothing in the graph"
            + hint
        )


def run(store: Store, query: CannedQuery, values: Mapping[str, str] | None = None) -> QueryResult:
    """Bind ``values`` to the query's parameters (through the engine) and run it."""
    bindings = query.bind(values or {})
    check_values(store, query, bindings)
    try:
        return store.query(query.text, bindings)
    except QueryError as err:
        raise QueryError(locate_error(query, str(err))) from err


# result formats a store may write natively, without rdflib terms
MACHINE_FORMATS = tuple(f.name for f in RESULT_FORMATS if f.ox_results is not None)


def run_serialized(
    store: Store, query: CannedQuery, values: Mapping[str, str] | None, fmt: str
) -> bytes:
    """``format_result(run(store, query, values), fmt)``, written natively where the store can
    (Oxigraph writes SELECT results in the W3C formats itself)."""
    bindings = query.bind(values or {})
    check_values(store, query, bindings)
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


# --------------------------------------------------------------------------- checks


def run_checks(store: Store, folder: Path | None = None) -> list[Violation]:
    """Run every ``*-violation.rq``; each row is a violation (``?focus``, ``?message``)."""
    folder = folder or Project.find().checks
    from pledgegraph.validate import Violation

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
