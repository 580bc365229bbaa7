"""Export stage: the one format table (CLI ``--format`` and HTTP content negotiation) and writers.

Output is deterministic: two runs over the same data give byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph

from pledgegraph.errors import PledgeGraphError


@dataclass(frozen=True)
class RdfFormat:
    name: str
    media_type: str
    extension: str
    rdflib_format: str
    keeps_graphs: bool = False  # TriG and N-Quads keep the named graphs; the rest carry the union
    aliases: tuple[str, ...] = ()


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "text/turtle", ".ttl", "turtle", aliases=("ttl",)),
    RdfFormat("nt", "application/n-triples", ".nt", "nt", aliases=("ntriples",)),
    RdfFormat("jsonld", "application/ld+json", ".jsonld", "json-ld", aliases=("json-ld",)),
    RdfFormat("rdfxml", "application/rdf+xml", ".rdf", "xml", aliases=("xml", "rdf")),
    RdfFormat("trig", "application/trig", ".trig", "trig", keeps_graphs=True),
    RdfFormat("nquads", "application/n-quads", ".nq", "nquads", keeps_graphs=True, aliases=("nq",)),
)


def rdf_format(name: str) -> RdfFormat:
    """Look a format up by name, alias or extension (``"ttl"``, ``".ttl"``, ``"turtle"``)."""
    key = name.lower().lstrip(".")
    for fmt in RDF_FORMATS:
        if key in (fmt.name, fmt.extension.lstrip("."), *fmt.aliases):
            return fmt
    names = ", ".join(f.name for f in RDF_FORMATS)
    raise PledgeGraphError(f"unknown RDF format {name!r}; choose one of {names}")


def union_graph(dataset: Dataset) -> Graph:
    """Every triple of every named graph, in one graph with the dataset's prefixes."""
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, override=True)
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    return union


def canonical_blank_nodes(graph: Graph) -> Graph:
    """``graph`` with blank nodes relabelled from their structure, so labels (and so the order of
    serialised triples) are the same in every run. Only the triples touching blank nodes are
    canonicalised, which keeps this cheap for large graphs made of IRIs."""
    touching = Graph()
    plain = Graph()
    for prefix, namespace in graph.namespaces():
        plain.bind(prefix, namespace, override=True)
    for triple in graph:
        target = touching if isinstance(triple[0], BNode) or isinstance(triple[2], BNode) else plain
        target.add(triple)
    for triple in to_canonical_graph(touching):
        plain.add(triple)
    return plain


def sorted_json(data: Any) -> Any:
    """JSON-LD with every unordered array sorted (``@list`` arrays keep their order)."""
    if isinstance(data, dict):
        return {k: v if k == "@list" else sorted_json(v) for k, v in data.items()}
    if isinstance(data, list):
        items = [sorted_json(item) for item in data]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return data


def serialize(dataset: Dataset, fmt: RdfFormat) -> bytes:
    """The dataset in ``fmt``: named graphs kept where the format can, else their union.

    Output is deterministic: blank nodes get canonical labels, line formats are sorted and
    JSON-LD arrays and keys are ordered.
    """
    if fmt.keeps_graphs:
        source: Graph | Dataset = Dataset()
        for prefix, namespace in dataset.namespaces():
            source.bind(prefix, namespace, override=True)
        for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
            if len(graph):
                named = source.graph(graph.identifier)  # type: ignore[union-attr]
                for triple in canonical_blank_nodes(graph):
                    named.add(triple)
    else:
        source = canonical_blank_nodes(union_graph(dataset))
    data = source.serialize(format=fmt.rdflib_format, encoding="utf-8")
    if fmt.name in ("nt", "nquads"):  # line formats: sort so rebuilds are byte-identical
        lines = sorted(set(data.decode("utf-8").splitlines()))
        data = ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")
    elif fmt.name == "jsonld":
        ordered = sorted_json(json.loads(data))
        data = (json.dumps(ordered, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    return data
