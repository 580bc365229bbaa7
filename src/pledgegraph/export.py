"""Export stage: the one format table (CLI ``--format`` and HTTP content negotiation) and writers.

Output is deterministic: two runs over the same data give byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

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


def serialize(dataset: Dataset, fmt: RdfFormat) -> bytes:
    """The dataset in ``fmt``: named graphs kept where the format can, else their union."""
    source: Graph | Dataset = dataset if fmt.keeps_graphs else union_graph(dataset)
    data = source.serialize(format=fmt.rdflib_format, encoding="utf-8")
    if fmt.name in ("nt", "nquads"):  # line formats: sort so rebuilds are byte-identical
        lines = sorted(set(data.decode("utf-8").splitlines()))
        data = ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")
    return data
