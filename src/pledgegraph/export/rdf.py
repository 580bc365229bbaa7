"""The graph written in each RDF format of ``formats``, byte-stable.

Output is deterministic: two runs over the same data give byte-identical files. Blank nodes are
relabelled from their content (``rdflib.compare``) and triples are written in sorted order, so
neither Python's hash seed nor parse order shows in a file. JSON-LD comes from ``jsonld``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import IdentifiedNode, Node

from pledgegraph.errors import PledgeGraphError
from pledgegraph.export.jsonld import to_jsonld
from pledgegraph.formats import Format
from pledgegraph.vocab import BASE

# ---------------------------------------------------------------- stable graphs


def _relabel(triples: Iterable[tuple[Node, Node, Node]], prefix: str) -> list[tuple[Node, ...]]:
    """The triples sorted, blank nodes relabelled ``prefix0, prefix1, ...`` from their structure.

    Only the triples touching a blank node go through ``to_canonical_graph``, which keeps this
    cheap for large graphs made of IRIs.
    """
    plain: list[tuple[Node, ...]] = []
    touching = Graph()
    for triple in triples:
        if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):
            touching.add(triple)
        else:
            plain.append(triple)
    canonical = sorted(to_canonical_graph(touching)) if len(touching) else []
    names: dict[Node, BNode] = {}
    for triple in canonical:
        for term in triple:
            if isinstance(term, BNode) and term not in names:
                names[term] = BNode(f"{prefix}{len(names)}")
    relabelled = [tuple(names.get(t, t) for t in triple) for triple in canonical]
    return sorted(set(plain)) + sorted(relabelled)


def _bind_namespaces(target: Graph, source: Graph) -> None:
    for prefix, namespace in sorted(source.namespaces()):
        target.bind(prefix, namespace, override=True, replace=True)


def stable_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` with content-derived blank-node labels, filled in sorted order."""
    stable = Graph()
    _bind_namespaces(stable, graph)
    for triple in _relabel(graph, "b"):
        stable.add(triple)  # type: ignore[arg-type]
    return stable


def named_graphs(dataset: Dataset) -> list[Graph]:
    """The non-empty named graphs of ``dataset``, sorted by name."""
    graphs = [g for g in dataset.graphs() if len(g) and g.identifier != "urn:x-rdflib:default"]
    return sorted(graphs, key=lambda g: str(g.identifier))


def stable_dataset(dataset: Dataset) -> Dataset:
    """A copy of ``dataset``, each named graph relabelled and filled in sorted order."""
    stable = Dataset()
    _bind_namespaces(stable, dataset)
    for index, graph in enumerate(named_graphs(dataset)):
        target = stable.graph(graph.identifier)
        for triple in _relabel(graph, f"g{index}b"):
            target.add(triple)  # type: ignore[arg-type]
    return stable


def union_graph(dataset: Dataset) -> Graph:
    """Every triple of every named graph, in one graph with the dataset's prefixes."""
    union = Graph()
    _bind_namespaces(union, dataset)
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    return union


def with_graph(dataset: Dataset, name: IdentifiedNode, graph: Graph) -> Dataset:
    """A new dataset: the named graphs of ``dataset`` plus ``graph`` under ``name``."""
    combined = Dataset(default_union=True)
    _bind_namespaces(combined, dataset)
    _bind_namespaces(combined, graph)
    for source in named_graphs(dataset):
        target = combined.graph(source.identifier)
        for triple in source:
            target.add(triple)
    extra = combined.graph(name)
    for triple in graph:
        extra.add(triple)
    return combined


def only_graph(dataset: Dataset, name: str) -> Dataset:
    """A dataset holding just the named graph ``name``: its IRI or the part after ``graph/``."""
    for graph in named_graphs(dataset):
        iri = str(graph.identifier)
        if name in (iri, iri.removeprefix(BASE + "graph/")):
            return with_graph(Dataset(), graph.identifier, graph)
    known = ", ".join(
        str(g.identifier).removeprefix(BASE + "graph/") for g in named_graphs(dataset)
    )
    raise PledgeGraphError(f"no named graph {name!r}; choose one of: {known}")


# ---------------------------------------------------------------- serialisation


def serialize(dataset: Dataset, fmt: Format) -> bytes:
    """The dataset in ``fmt``: named graphs kept where the format can, else their union."""
    if not fmt.is_rdf:
        raise PledgeGraphError(f"{fmt.name} is not an RDF format")
    if not fmt.keeps_graphs:
        return serialize_graph(union_graph(dataset), fmt)
    stable = stable_dataset(dataset)
    nquads = _sorted_lines(_nquads(stable), by_graph=True)
    if fmt.name == "nquads":
        return nquads
    return _oxigraph(nquads, pyoxigraph.RdfFormat.N_QUADS, fmt, _used_prefixes(stable))


def serialize_graph(graph: Graph, fmt: Format) -> bytes:
    """One graph in ``fmt`` (TriG and N-Quads put it in the default graph)."""
    stable = stable_graph(graph)
    ntriples = _sorted_lines(stable.serialize(format="nt", encoding="utf-8"))
    if fmt.name == "nt":
        return ntriples
    if fmt.name == "jsonld":
        return to_jsonld(ntriples)
    if fmt.name == "turtle":  # rdflib's Turtle is the prettiest and is stable
        return stable.serialize(format="turtle", encoding="utf-8")
    return _oxigraph(ntriples, pyoxigraph.RdfFormat.N_TRIPLES, fmt, _used_prefixes(stable))


def _nquads(dataset: Dataset) -> bytes:
    """N-Quads of the named graphs: each graph's N-Triples with its name added to every line."""
    lines = []
    for graph in named_graphs(dataset):
        # split on "\n" only: str.splitlines() also breaks at U+2028 inside a literal
        for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n"):
            if line.strip():
                lines.append(f"{line.rstrip().removesuffix('.').rstrip()} <{graph.identifier}> .")
    return "\n".join(lines).encode("utf-8")


def _sorted_lines(data: bytes, by_graph: bool = False) -> bytes:
    """Lines of N-Triples/N-Quads sorted (by graph first for N-Quads), duplicates dropped."""
    lines = {line for line in data.decode("utf-8").split("\n") if line.strip()}

    def key(line: str) -> tuple[str, str]:
        graph = line[line.rstrip(" .").rfind(" <") :] if by_graph else ""
        return graph, line

    return ("\n".join(sorted(lines, key=key)) + "\n").encode("utf-8")


# rdflib's RDF/XML and TriG writers order subjects and graphs by hash; oxigraph writes what it is
# given in the order given, so sorted input gives byte-identical files.


def _oxigraph(
    data: bytes, source: pyoxigraph.RdfFormat, fmt: Format, prefixes: dict[str, str]
) -> bytes:
    quads: Iterable[pyoxigraph.Quad] = pyoxigraph.parse(data, format=source)
    if fmt.name == "trig" and source == pyoxigraph.RdfFormat.N_TRIPLES:
        quads = (pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads)
    statements: Iterable[pyoxigraph.Quad] | Iterable[pyoxigraph.Triple] = quads
    if fmt.name == "rdfxml":
        statements = (q.triple for q in quads)
    assert fmt.ox_rdf is not None
    written = pyoxigraph.serialize(statements, format=fmt.ox_rdf, prefixes=prefixes)
    assert written is not None  # no output file given: the bytes come back
    return written


def _used_prefixes(graph: Graph | Dataset) -> dict[str, str]:
    """The graph's prefixes whose namespace some IRI in it starts with."""
    statements = graph.quads() if isinstance(graph, Dataset) else graph.triples((None, None, None))
    iris = {str(t) for statement in statements for t in statement if isinstance(t, URIRef)}
    return {
        prefix: str(ns)
        for prefix, ns in sorted(graph.namespaces())
        if prefix and any(iri.startswith(str(ns)) for iri in iris)
    }
