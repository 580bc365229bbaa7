"""pyoxigraph, in memory or persisted in a folder: bulk load, native SPARQL and writers.

Terms cross between pyoxigraph and rdflib only where a caller needs rdflib terms (``to_rdflib``,
``to_oxigraph``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from pledgegraph.errors import InputError, InputErrors, QueryError, ResultTooLarge, StoreError
from pledgegraph.export.rdf import serialize
from pledgegraph.formats import RESULT_FORMATS, Format, input_format, lookup
from pledgegraph.load import PledgeDataset, syntax_error
from pledgegraph.project import Project
from pledgegraph.results import (
    AskResult,
    GraphResult,
    QueryResult,
    SelectResult,
    format_result,
    result_size,
)
from pledgegraph.store.base import Bindings
from pledgegraph.store.blank_labels import stable_quads, touches_blank
from pledgegraph.store.sparql_text import describe_query_error, substitute
from pledgegraph.store.terms import to_oxigraph, to_rdflib
from pledgegraph.vocab import graph_iri

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


def syntax_message(sparql: str, err: SyntaxError) -> str:
    """``line L, column C: message`` for a query Oxigraph cannot parse. Oxigraph points where it
    gave up (often the end of the text); rdflib's parser, asked only now, points at the
    offending token, so its position wins where it finds the error too."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except Exception as rdflib_err:  # pyparsing's ParseException and friends
        if getattr(rdflib_err, "lineno", None):
            return describe_query_error(sparql, rdflib_err)
    where = re.match(r"error at (\d+):(\d+): (.*)", str(err.msg or err), re.S)
    return f"line {where[1]}, column {where[2]}: {where[3]}" if where else str(err)


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

    @classmethod
    def read_only(cls, path: Path, root: Path | None = None) -> OxigraphStore:
        """The store kept in the folder ``path``, opened for reading: nothing is loaded into it
        and nothing written (``build --store oxigraph:PATH`` fills it)."""
        if not (path / "CURRENT").is_file():
            raise StoreError(
                f"no Oxigraph store in {path}; fill it with `pledgegraph build --store "
                f"oxigraph:{path}`"
            )
        store = cls.__new__(cls)
        try:
            store._store = ox.Store.read_only(str(path))
        except OSError as err:
            raise StoreError(f"cannot open the Oxigraph store in {path}: {err}") from err
        store.path, store.root = path, Project.at(root).root
        store.files, store.prefixes, store._dataset = {}, {}, None
        return store

    @classmethod
    def from_dataset(cls, dataset: PledgeDataset) -> OxigraphStore:
        """A copy of an rdflib dataset's named graphs, files and prefixes (for small graphs)."""
        store = cls(None, root=dataset.root)
        every: list[ox.Quad] = []
        for graph in dataset.graphs():
            name = ox.NamedNode(str(graph.identifier))
            if name.value.startswith("urn:x-rdflib") or not len(graph):
                continue
            quads = []
            for triple in graph:
                s, p, o = (to_oxigraph(t) for t in triple)  # type: ignore[arg-type]
                quads.append(ox.Quad(s, p, o, name))  # type: ignore[arg-type]
            blank = [q for q in quads if touches_blank(q)]
            if blank:  # rdflib's labels are random too
                quads = [q for q in quads if not touches_blank(q)] + stable_quads(blank, name)
            every += quads
        # Oxigraph in memory writes in the order of insertion; rdflib's order is its hashing
        store.native.extend(sorted(every, key=lambda q: (str(q.graph_name), str(q))))
        store.files = dict(dataset.files)
        store.prefixes = {p: str(ns) for p, ns in dataset.namespaces() if p}
        return store

    def load_files(self, files: Sequence[Path]) -> None:
        """Load each file once into its named graph, replacing what the graph held before.

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
                self._load_file(path, graph)
            except (SyntaxError, UnicodeDecodeError, OSError) as err:
                self._store.clear_graph(graph)  # nothing half-loaded
                errors.append(syntax_error(path, err))
                continue
            self.files[name] = resolved
        if errors:
            raise InputErrors(errors)
        self.prefixes = declared_prefixes(files)
        self._dataset = None

    def _load_file(self, path: Path, graph: ox.NamedNode) -> None:
        """Oxigraph parses the file straight into ``graph``; where that gave blank nodes, they
        are renamed by ``stable_quads`` (the parser's labels are random), so every export is
        byte-stable."""
        fmt = input_format(path)
        assert fmt is not None and fmt.ox_rdf is not None, path
        # A bulk load sets up threads and sorted runs: worth it for a big file, about 40%
        # slower than one transaction for the small files a tracker has thousands of. Either
        # inserts nothing from a file with a syntax error.
        big = path.stat().st_size > BULK_BYTES
        load = self._store.bulk_load if big else self._store.load
        load(path=str(path), format=fmt.ox_rdf, to_graph=graph)
        if self._has_blank_nodes(graph):
            quads = self._store.quads_for_pattern(None, None, None, graph)
            touching = [q for q in quads if touches_blank(q)]
            for quad in touching:
                self._store.remove(quad)
            self._store.extend(stable_quads(touching, graph))

    def _has_blank_nodes(self, graph: ox.NamedNode) -> bool:
        found = self._store.query(
            f"ASK {{ GRAPH <{graph.value}> {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}"
        )
        return bool(found)

    @property
    def native(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for callers that stream, like ``push``)."""
        return self._store

    def __len__(self) -> int:
        """Distinct triples of the union graph (as ``len`` of the rdflib dataset counts)."""
        return self.distinct_triples()

    def _count(self, sparql: str) -> int:
        result = self._store.query(sparql)
        assert isinstance(result, ox.QuerySolutions)
        return int(next(iter(result))[0].value)

    def distinct_triples(self) -> int:
        """Triples in the union of the graphs, a triple stated in several graphs counted once.

        Counted without a DISTINCT over the whole union (8 s at 10^6 triples): every quad,
        less the second copies, which only a subject stated in two graphs can have.
        """
        quads = self._count("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        quads += self._count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")  # the default graph
        shared = self._store.query(
            "SELECT ?s { { SELECT DISTINCT ?g ?s { GRAPH ?g { ?s ?p ?o } } } } "
            "GROUP BY ?s HAVING (COUNT(*) > 1)"
        )
        assert isinstance(shared, ox.QuerySolutions)
        copies = 0
        for row in shared:
            subject = row[0]
            stated = list(self._store.quads_for_pattern(subject, None, None, None))
            copies += len(stated) - len({(q.predicate, q.object) for q in stated})
        return quads - copies

    def subjects(self) -> list[ox.NamedNode | ox.BlankNode]:
        """Every subject of the union, IRIs before blank nodes, each sorted by its value."""
        result = self._store.query(
            "SELECT DISTINCT ?s { ?s ?p ?o }", use_default_graph_as_union=True
        )
        assert isinstance(result, ox.QuerySolutions)
        found = [row[0] for row in result]
        return sorted(found, key=lambda t: (isinstance(t, ox.BlankNode), t.value))

    def triples_of(self, subject: ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
        """The distinct triples of ``subject`` in the union (a triple stated in several graphs
        once), in the store's order."""
        quads = self._store.quads_for_pattern(subject, None, None, None)
        return list(dict.fromkeys(q.triple for q in quads))

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
            written = parsed.serialize(format=native)
            assert written is not None  # no output file given: the bytes come back
            return written
        except (OSError, ValueError, TypeError, RuntimeError) as err:
            raise QueryError(f"{type(err).__name__}: {err}") from err

    def _run(self, sparql: str, bindings: Bindings | None) -> Any:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()
        }
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
            raise QueryError(syntax_message(sparql, err)) from err
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

    def add_graph(self, name: str, ntriples: bytes) -> None:
        graph = ox.NamedNode(name)
        try:  # checked before the graph is touched: bad N-Triples leave it as it was
            for _ in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
                pass
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"graph <{name}>: not N-Triples: {err}") from err
        self._store.clear_graph(graph)
        self._store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        self._dataset = None

    def graph_ntriples(self, name: str) -> bytes:
        """One named graph as N-Triples, straight from Oxigraph."""
        data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        assert data is not None  # no output file given: the bytes come back
        return data

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
        """The store in ``fmt`` (see ``write``), as bytes."""
        out = io.BytesIO()
        self.write(fmt, out)
        return out.getvalue()

    def write(self, fmt: Format, out: BinaryIO) -> None:
        """The store in ``fmt`` written to ``out`` by Oxigraph graph by graph, with no copy.

        The union of the graphs is not built with a CONSTRUCT: its duplicate check held about
        700 MB at 10^6 triples and took half the time. So a triple stated in two graphs is
        written twice, which is the same graph once read. Blank nodes keep their store-wide
        labels (stable: see ``stable_quads``), never nested, so a blank node in two graphs stays
        one node. Each Turtle part repeats its @prefix lines, which Turtle allows. Output is
        byte-stable: Oxigraph writes in the order of its indexes, which depends on the data
        only. JSON-LD is ``export.jsonld.write_jsonld``.
        """
        ox_format = fmt.ox_rdf
        if fmt.name == "jsonld":
            from pledgegraph.export.jsonld import write_jsonld

            write_jsonld(self, out)
            return
        if ox_format is None:
            out.write(serialize(self.dataset(), fmt))
            return
        if fmt.keeps_graphs:
            self._store.dump(out, format=ox_format, prefixes=self._prefixes(ox_format))
        elif ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
            for graph in self._graphs():
                self._store.dump(
                    out, format=ox_format, from_graph=graph, prefixes=self._prefixes(ox_format)
                )
        else:
            triples = (q.triple for q in self._store.quads_for_pattern(None, None, None, None))
            ox.serialize(triples, out, format=ox_format, prefixes=self.prefixes)

    def _prefixes(self, ox_format: ox.RdfFormat) -> dict[str, str] | None:
        lines = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
        return None if ox_format in lines else self.prefixes
