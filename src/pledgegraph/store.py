"""The store seam: where the loaded graph lives and how SPARQL runs on it.

Every later stage (query, network, viz, export, serve) talks to a ``Store``. A store answers
SPARQL with one typed result per query form, so callers never guess:

    SelectResult  variables + rows of rdflib terms (SELECT)
    AskResult     a boolean (ASK)
    GraphResult   an rdflib Graph (CONSTRUCT, DESCRIBE)

``open_store(spec, paths)`` picks the implementation from a spec string and loads into it:

    memory                 rdflib in memory (the default; fine up to about 10^5 triples)
    oxigraph               pyoxigraph in memory: bulk load, queries run natively
    oxigraph:PATH          pyoxigraph persisted in the folder PATH
    sparql+http(s)://URL   any SPARQL 1.1 Protocol endpoint (Graph Store Protocol to read graphs)

Parameters are bound by the engine (rdflib ``initBindings``, Oxigraph ``substitutions``), or,
for a remote endpoint, by substituting the terms rdflib serialises for the variables, with the
same semantics (``substitute``); never pasted in as raw text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Identifier, Node

from pledgegraph.errors import InputError, InputErrors, QueryError, ResultTooLarge, StoreError
from pledgegraph.export import serialize
from pledgegraph.formats import RESULT_FORMATS, Format, input_format, lookup
from pledgegraph.load import PledgeDataset, load, syntax_error
from pledgegraph.project import Project
from pledgegraph.results import (
    AskResult,
    GraphResult,
    QueryResult,
    SelectResult,
    decode_results_json,
    format_result,
    from_rdflib,
    result_size,
)
from pledgegraph.vocab import graph_iri

Bindings = Mapping[str, Identifier]


class Store(Protocol):
    """What the later stages need of a store."""

    name: str

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        """Run a SPARQL query; raise ``QueryError`` for a malformed one."""
        ...

    def dataset(self) -> PledgeDataset:
        """The whole graph, named graphs kept, as an rdflib Dataset (for SHACL, export, drawing)."""
        ...

    def graph_names(self) -> Sequence[str]:
        """IRIs of the named graphs, sorted."""
        ...

    def serialize(self, fmt: Format) -> bytes:
        """The whole graph in ``fmt`` (see ``export.serialize`` for what each format keeps)."""
        ...

    def query_serialized(
        self, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
    ) -> bytes:
        """The answer written in ``fmt`` (a result format, or an RDF one for graphs), as
        ``results.format_result(self.query(...), fmt)`` would write it; a store may write it
        natively. Raises ``ResultTooLarge`` past ``max_rows`` rows or triples."""
        ...


def serialized(
    store: Store, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
) -> bytes:
    """``query_serialized`` through rdflib terms: what every store can do."""
    result = store.query(sparql, bindings)
    if max_rows is not None and (size := result_size(result)) > max_rows:
        raise ResultTooLarge(size, max_rows)
    return format_result(result, fmt)


class MemoryStore:
    """rdflib in memory: the default, fine up to about 10^5 triples."""

    name = "memory"

    def __init__(self, dataset: PledgeDataset) -> None:
        self._dataset = dataset

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        try:
            result = self._dataset.query(
                sparql, initBindings={Variable(k): v for k, v in (bindings or {}).items()}
            )
            return from_rdflib(result)
        except Exception as err:  # rdflib raises pyparsing errors and plain exceptions alike
            raise QueryError(describe_query_error(sparql, err)) from err

    def dataset(self) -> PledgeDataset:
        return self._dataset

    def graph_names(self) -> Sequence[str]:
        return sorted(
            str(g.identifier)
            for g in self._dataset.graphs()
            if len(g) and g.identifier != "urn:x-rdflib:default"
        )

    def serialize(self, fmt: Format) -> bytes:
        return serialize(self._dataset, fmt)

    def query_serialized(
        self, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
    ) -> bytes:
        return serialized(self, sparql, bindings, fmt, max_rows)


def describe_query_error(sparql: str, err: Exception) -> str:
    """A parse error as ``line L, column C: message``, else the error's own text."""
    line = getattr(err, "lineno", None)
    col = getattr(err, "col", None) or getattr(err, "column", None)
    message = getattr(err, "msg", None) or str(err)
    if line:
        return f"line {line}, column {col}: {message}"
    return f"{type(err).__name__}: {message}"


# --- terms between rdflib and pyoxigraph -------------------------------------------------------

_XSD_STRING = str(XSD.string)


def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as the equal rdflib term (``None`` stays ``None``: an unbound variable)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise StoreError(f"cannot convert {term!r} to an rdflib term")


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype or XSD.string
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))
    raise QueryError(f"cannot bind {term!r}: not an IRI, blank node or literal")


# --- files to load ------------------------------------------------------------------------------


_PREFIX = re.compile(rb"@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def declared_prefixes(files: Iterable[Path], head: int = 65536) -> dict[str, str]:
    """Prefixes declared near the top of each Turtle file (first declaration of a name wins).

    Only used to make exports readable; reading the heads costs nothing next to a bulk load.
    """
    prefixes: dict[str, str] = {}
    for path in files:
        try:
            with path.open("rb") as handle:
                text = handle.read(head)
        except OSError:
            continue
        for name, iri in _PREFIX.findall(text):
            prefixes.setdefault(name.decode(), iri.decode())
    return prefixes


# --- Oxigraph ----------------------------------------------------------------------------------

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
BULK_BYTES = 4_000_000  # files above this size are bulk-loaded


class OxigraphStore:
    """pyoxigraph, in memory or persisted in a folder: bulk load, native SPARQL.

    Only the rows a query returns become rdflib terms; ``dataset()`` builds an rdflib copy on
    first use (SHACL and drawing need one) and keeps it.
    """

    name = "oxigraph"

    def __init__(self, path: Path | None = None, root: Path | None = None) -> None:
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as err:
            raise StoreError(f"cannot open the Oxigraph store in {path}: {err}") from err
        self.path = path
        self.root = Project.at(root).root
        self.files: dict[URIRef, Path] = {}
        self.prefixes: dict[str, str] = {}
        self._dataset: PledgeDataset | None = None

    def load_files(self, files: Sequence[Path]) -> None:
        """Bulk-load each file into its named graph, replacing what the graph held before.

        Every syntax error of every file is collected and raised as one ``InputErrors``.
        """
        errors: list[InputError] = []
        empty = next(iter(self._store.quads_for_pattern(None, None, None)), None) is None
        for path in files:
            resolved = path.resolve()
            name = graph_iri(resolved, self.root)
            graph = ox.NamedNode(str(name))
            if not empty:
                self._store.clear_graph(graph)
            try:
                # A bulk load sets up threads and sorted runs: worth it for a big file, about
                # 40% slower than one transaction for the small files a tracker has thousands of.
                # Either inserts nothing from a file with a syntax error.
                load = (
                    self._store.bulk_load if path.stat().st_size > BULK_BYTES else self._store.load
                )
                fmt = input_format(path)
                assert fmt is not None and fmt.ox_rdf is not None, path
                load(path=str(path), format=fmt.ox_rdf, to_graph=graph)
            except (SyntaxError, UnicodeDecodeError, OSError) as err:
                self._store.clear_graph(graph)  # nothing half-loaded
                errors.append(syntax_error(path, err))
                continue
            self.files[name] = resolved
        if errors:
            raise InputErrors(errors)
        self.prefixes = declared_prefixes(files)
        self._dataset = None

    @property
    def native(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for callers that stream, like ``push``)."""
        return self._store

    def __len__(self) -> int:
        """Distinct triples of the union graph (as ``len`` of the rdflib dataset counts)."""
        result = self._store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
            use_default_graph_as_union=True,
        )
        return int(next(iter(result))["n"].value)  # type: ignore[arg-type,index]

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        return self._convert(self._run(sparql, bindings))

    def query_serialized(
        self, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
    ) -> bytes:
        """SELECT results in a W3C results format are written by Oxigraph itself: turning
        10^5 rows into rdflib terms first costs far more than the query."""
        result = self._run(sparql, bindings)
        result_format = lookup(fmt, RESULT_FORMATS)
        native = result_format.ox_results if result_format else None
        if native is None or not isinstance(result, ox.QuerySolutions):
            converted = self._convert(result)
            if max_rows is not None and (size := result_size(converted)) > max_rows:
                raise ResultTooLarge(size, max_rows)
            return format_result(converted, fmt)
        try:  # Oxigraph evaluates lazily: errors can come while writing
            if max_rows is None:
                return result.serialize(format=native)  # type: ignore[return-value]
            # Count through TSV (a line per row, every term escaped), then write the asked format
            tsv = result.serialize(format=ox.QueryResultsFormat.TSV)
            assert tsv is not None
            if (size := tsv.count(b"\n") - 1) > max_rows:
                raise ResultTooLarge(size, max_rows)
            if native == ox.QueryResultsFormat.TSV:
                return tsv
            parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
            return parsed.serialize(format=native)  # type: ignore[union-attr,return-value]
        except (OSError, ValueError, TypeError, RuntimeError) as err:
            raise QueryError(f"{type(err).__name__}: {err}") from err

    def _run(self, sparql: str, bindings: Bindings | None) -> Any:
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            try:
                result = self._store.query(
                    sparql, use_default_graph_as_union=True, substitutions=substitutions
                )
            except RuntimeError as err:
                # Oxigraph substitutes only projected variables; bind the others in the pattern.
                if not bindings or "projection" not in str(err):
                    raise
                sparql = substitute(sparql, bindings)
                result = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as err:
            where = re.match(r"error at (\d+):(\d+): (.*)", str(err.msg or err), re.S)
            message = f"line {where[1]}, column {where[2]}: {where[3]}" if where else str(err)
            raise QueryError(message) from err
        except (OSError, ValueError, TypeError, RuntimeError) as err:
            raise QueryError(f"{type(err).__name__}: {err}") from err
        return result

    @staticmethod
    def _convert(result: Any) -> QueryResult:
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [{n: to_rdflib(solution[n]) for n in names} for solution in result]
            return SelectResult(names, rows)
        graph = Graph()
        for triple in result:
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))  # type: ignore[arg-type]
            )
        return GraphResult(graph)

    def graph_names(self) -> Sequence[str]:
        return sorted(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode)
            and next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is not None
        )

    def graph_ntriples(self, name: str) -> bytes:
        """One named graph as N-Triples, straight from Oxigraph."""
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))

    def dataset(self) -> PledgeDataset:
        if self._dataset is None:
            dataset = PledgeDataset(self.root)
            for prefix, namespace in self.prefixes.items():
                dataset.bind(prefix, namespace, override=True)
            for name in self.graph_names():
                dataset.graph(URIRef(name)).parse(data=self.graph_ntriples(name), format="nt")
            dataset.files = {k: v for k, v in self.files.items()}
            self._dataset = dataset
        return self._dataset

    def _graphs(self) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
        """The default graph and the named graphs that hold triples, in a stable order."""
        graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph()]
        graphs += sorted(self._store.named_graphs(), key=str)
        return [
            g
            for g in graphs
            if next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is not None
        ]

    def serialize(self, fmt: Format) -> bytes:
        """The store in ``fmt``, written by Oxigraph graph by graph, with no copy in Python.

        The union of the graphs is not built with a CONSTRUCT: its duplicate check held about
        700 MB at 10^6 triples and took half the time. So a triple stated in two graphs is
        written twice, which is the same graph once read. Oxigraph writes blank nodes by their
        store-wide labels, never nested, so a blank node in two graphs stays one node. Each
        Turtle part repeats its @prefix lines, which Turtle allows. Unlike ``export.serialize``,
        N-Triples and N-Quads lines are not sorted: sorting 10^6 lines in Python took 600 MB.
        """
        ox_format = fmt.ox_rdf
        if ox_format is None:
            return serialize(self.dataset(), fmt)
        if fmt.keeps_graphs:
            data = self._store.dump(format=ox_format, prefixes=self.prefixes)
        elif ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
            out = io.BytesIO()
            prefixes = self.prefixes if ox_format is ox.RdfFormat.TURTLE else None
            for graph in self._graphs():
                self._store.dump(out, format=ox_format, from_graph=graph, prefixes=prefixes)
            data = out.getvalue()
        else:
            triples = (q.triple for q in self._store.quads_for_pattern(None, None, None, None))
            data = ox.serialize(triples, format=ox_format, prefixes=self.prefixes)
        assert data is not None
        return data


# --- a remote SPARQL 1.1 endpoint --------------------------------------------------------------

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


def graph_store_url(query_url: str) -> str:
    """Where the Graph Store Protocol likely lives, next to a query endpoint.

    Oxigraph serves ``/query`` and ``/store``; Fuseki ``/ds/sparql`` (or ``/ds/query``) and
    ``/ds/data``; others serve both at one URL. ``--graph-store`` overrides the guess.
    """
    url = httpx.URL(query_url)
    path = url.path
    if path.endswith("/query"):
        return str(url.copy_with(path=path[: -len("query")] + "store"))
    if path.endswith("/sparql"):
        return str(url.copy_with(path=path[: -len("sparql")] + "data"))
    return query_url


class RemoteStore:
    """Any store that speaks the SPARQL 1.1 Protocol (queries) and Graph Store Protocol (graphs).

    The data lives in the endpoint: ``open_store`` loads nothing into it (``pledgegraph push``
    does). Queries see the union of the named graphs, asked for with ``default-graph-uri`` as
    the protocol defines, so no store-specific union setting is needed.
    """

    name = "sparql"

    def __init__(
        self,
        query_url: str,
        graph_store: str | None = None,
        *,
        root: Path | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.query_url = query_url
        self.graph_store = graph_store or graph_store_url(query_url)
        self.root = root
        self._client = httpx.Client(timeout=timeout)
        self._graphs: list[str] | None = None
        self._dataset: PledgeDataset | None = None

    # HTTP plumbing: every failure becomes a StoreError naming the URL.
    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.ConnectError as err:
            raise StoreError(f"cannot reach {url}: connection refused or host unknown") from err
        except httpx.TimeoutException as err:
            raise StoreError(f"cannot reach {url}: timed out") from err
        except httpx.HTTPError as err:
            raise StoreError(f"cannot reach {url}: {err}") from err
        return response

    @staticmethod
    def _refused(response: httpx.Response, what: str) -> StoreError:
        body = response.text.strip().splitlines()
        detail = f": {body[0][:200]}" if body else ""
        return StoreError(f"{what} refused by {response.url}: HTTP {response.status_code}{detail}")

    def select_raw(self, sparql: str, dataset: bool = True) -> SelectResult | AskResult:
        """POST a SELECT/ASK query and decode the JSON results."""
        response = self._post_query(sparql, RESULTS_JSON, dataset)
        return decode_results_json(response.json())

    def _post_query(self, sparql: str, accept: str, dataset: bool) -> httpx.Response:
        form: list[tuple[str, str]] = [("query", sparql)]
        if dataset:
            names = self.graph_names()
            form += [("default-graph-uri", g) for g in names]
            form += [("named-graph-uri", g) for g in names]
        response = self._send(
            "POST",
            self.query_url,
            content=urlencode(form).encode("ascii"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status_code == 400:
            raise QueryError(f"the endpoint rejected the query: {response.text.strip()[:300]}")
        if response.status_code >= 300:
            raise self._refused(response, "query")
        return response

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        form = query_form(sparql)
        if bindings:
            sparql = substitute(sparql, bindings)
        if form in ("ConstructQuery", "DescribeQuery"):
            response = self._post_query(sparql, NTRIPLES, dataset=True)
            graph = Graph()
            graph.parse(data=response.content, format="nt")
            return GraphResult(graph)
        return self.select_raw(sparql)

    def graph_names(self) -> Sequence[str]:
        if self._graphs is None:
            result = self.select_raw(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=False
            )
            assert isinstance(result, SelectResult)
            self._graphs = sorted(str(r["g"]) for r in result.rows if r["g"] is not None)
        return self._graphs

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph, counted by the endpoint."""
        result = self.select_raw(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            dataset=False,
        )
        assert isinstance(result, SelectResult)
        return {str(r["g"]): int(r["n"]) for r in result.rows}  # type: ignore[arg-type]

    def get_graph(self, name: str) -> bytes:
        response = self._send(
            "GET", self.graph_store, params={"graph": name}, headers={"Accept": NTRIPLES}
        )
        if response.status_code >= 300:
            raise self._refused(response, f"reading graph <{name}>")
        return response.content

    def put_graph(self, name: str, ntriples: bytes) -> None:
        """Replace graph ``name`` with ``ntriples`` (Graph Store Protocol PUT: idempotent)."""
        response = self._send(
            "PUT",
            self.graph_store,
            params={"graph": name},
            content=ntriples,
            headers={"Content-Type": NTRIPLES},
        )
        if response.status_code >= 300:
            raise self._refused(response, f"writing graph <{name}>")
        self._graphs = None
        self._dataset = None

    def delete_graph(self, name: str) -> None:
        response = self._send("DELETE", self.graph_store, params={"graph": name})
        if response.status_code >= 300 and response.status_code != 404:
            raise self._refused(response, f"deleting graph <{name}>")
        self._graphs = None
        self._dataset = None

    def dataset(self) -> PledgeDataset:
        if self._dataset is None:
            dataset = PledgeDataset(Project.at(self.root).root)
            for name in self.graph_names():
                dataset.graph(URIRef(name)).parse(data=self.get_graph(name), format="nt")
            self._dataset = dataset
        return self._dataset

    def serialize(self, fmt: Format) -> bytes:
        return serialize(self.dataset(), fmt)

    def query_serialized(
        self, sparql: str, bindings: Bindings | None, fmt: str, max_rows: int | None = None
    ) -> bytes:
        return serialized(self, sparql, bindings, fmt, max_rows)


def query_form(sparql: str) -> str:
    """``SelectQuery``, ``ConstructQuery``, ``AskQuery`` or ``DescribeQuery`` (rdflib parses)."""
    try:
        parsed = parseQuery(sparql)
    except Exception as err:  # pyparsing's ParseException and friends
        raise QueryError(describe_query_error(sparql, err)) from err
    return str(parsed[1].name)


_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^\\]|\\.)*?"""'
    r"|'''(?:[^\\]|\\.)*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r'|(?P<iri><[^\s<>"{}|^`\\]*>)'
    r"|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<open>[{(])|(?P<close>[})])",
    re.DOTALL,
)


def substitute(sparql: str, bindings: Bindings) -> str:
    """``sparql`` with each bound variable replaced by its term, as rdflib's ``initBindings``
    and Oxigraph's substitutions (SPARQL-dev SEP-0007) do: a projected variable stays a column,
    ``SELECT ?x`` becoming ``SELECT (<term> AS ?x)``; in ORDER BY and GROUP BY the term is put in
    brackets.

    A VALUES block would not do: it joins bottom-up, so ``{ BIND (?x AS ?y) }`` in a sub-group
    would not see it. Terms are written by rdflib's ``n3()``, which escapes literals and refuses
    IRIs that are not IRIs; the scan skips strings, IRIs and comments, and the result must parse.
    """
    terms: dict[str, str] = {}
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        try:
            terms[name] = term.n3()
        except Exception as err:  # rdflib refuses to write an invalid IRI
            raise QueryError(f"cannot bind ?{name}: {err}") from err
    out: list[str] = []
    last = 0
    depth = 0
    region = "prologue"  # prologue -> projection (SELECT ...) -> body -> modifiers
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and depth == 0:
            word = text.upper()
            if word == "SELECT" and region == "prologue":
                region = "projection"
            elif word in ("CONSTRUCT", "ASK", "DESCRIBE", "WHERE") and region != "modifiers":
                region = "body"
        elif kind == "open":
            if text == "{" and depth == 0 and region in ("prologue", "projection"):
                region = "body"
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and text == "}" and region == "body" and _where_done(sparql, match):
                region = "modifiers"
        elif kind == "var" and text[1:] in terms:
            term = terms[text[1:]]
            if region == "projection" and depth == 0:
                term = f"({term} AS ?{text[1:]})"
            elif region == "modifiers":
                term = f"({term})"
            out.append(sparql[last : match.start()] + term)
            last = match.end()
    out.append(sparql[last:])
    result = "".join(out)
    query_form(result)  # the rewritten query must still parse
    return result


def _where_done(sparql: str, match: re.Match[str]) -> bool:
    """Whether the ``}`` at ``match`` closes the WHERE group (not a CONSTRUCT template)."""
    rest = sparql[match.end() :].lstrip()
    return not re.match(r"(?i)WHERE\b|\{", rest)


# --- opening a store ---------------------------------------------------------------------------

STORE_SPECS = "memory, oxigraph, oxigraph:PATH, sparql+http(s)://URL"


def open_store(
    spec: str = "memory",
    paths: Iterable[Path | str] = (),
    *,
    root: Path | None = None,
    include_project: bool = True,
) -> Store:
    """Open the store ``spec`` names and load the project's files plus ``paths`` into it.

    Each store loads in its own way (rdflib parses; Oxigraph bulk-loads straight from the
    files), which is why loading happens here and not before. A remote endpoint already holds
    its data (``pledgegraph push`` puts it there), so nothing is loaded into it.
    """
    if spec == "memory":
        return MemoryStore(load(paths, root=root, include_project=include_project))
    if spec == "oxigraph" or spec.startswith("oxigraph:"):
        folder = spec.partition(":")[2]
        project = Project.at(root)
        store = OxigraphStore(Path(folder) if folder else None, root=project.root)
        store.load_files(project.files_with(paths, include_project))
        return store
    if spec.startswith(("sparql+http://", "sparql+https://")):
        if list(paths):
            raise StoreError(
                "a remote store is read from, not loaded: use `pledgegraph push` to upload files"
            )
        return RemoteStore(spec.removeprefix("sparql+"), root=root)
    raise StoreError(f"unknown store {spec!r}; choose one of: {STORE_SPECS}")
