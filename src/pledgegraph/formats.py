"""The one table of formats, and content negotiation over it.

Every way PledgeGraph writes data is one ``Format`` in ``FORMATS``: RDF (``kind="rdf"``),
SPARQL results (``"result"``), CSV tables (``"table"``), networks (``"network"``) and pages
(``"page"``). Each names its media type (and others a client may send for it), its file
extension, its aliases, and what rdflib and Oxigraph call it. The CLI's ``--format`` choices,
the files a build writes, the endpoint's and the entity pages' content negotiation all read
this table; ``negotiate`` is the only Accept-header logic.

Names are unique within a kind, not across kinds (``csv`` is a table and a result format), so
each lookup says which kinds it searches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from pledgegraph.errors import PledgeGraphError

Kind = Literal["rdf", "result", "table", "network", "page"]


@dataclass(frozen=True)
class Format:
    """One format: how it is named, served and written."""

    name: str
    kind: Kind
    media_type: str  # "" for the CLI's text table, which is never served
    extension: str
    aliases: tuple[str, ...] = ()
    other_media_types: tuple[str, ...] = ()  # also accepted in an Accept header
    rdflib_format: str = ""  # rdflib's name for it (serializer or result writer)
    ox_rdf: ox.RdfFormat | None = None
    ox_results: ox.QueryResultsFormat | None = None
    keeps_graphs: bool = False  # TriG and N-Quads keep the named graphs; the rest the union
    title: str = ""  # what the dataset description calls a dump in this format

    @property
    def is_rdf(self) -> bool:
        return self.kind == "rdf"

    def content_type(self) -> str:
        """The media type, with ``charset=utf-8`` for text."""
        text = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml"))
        return self.media_type + ("; charset=utf-8" if text else "")

    def matches(self, key: str) -> bool:
        """Whether ``key`` is this format's name, an alias or its extension (``ttl``, ``.ttl``)."""
        key = key.lower().lstrip(".")
        return key in (self.name, self.extension.lstrip("."), *self.aliases)


FORMATS: tuple[Format, ...] = (
    Format(
        "turtle", "rdf", "text/turtle", ".ttl", aliases=("ttl",), rdflib_format="turtle",
        ox_rdf=ox.RdfFormat.TURTLE, title="Turtle",
    ),
    Format(
        "nt", "rdf", "application/n-triples", ".nt", aliases=("ntriples",), rdflib_format="nt",
        ox_rdf=ox.RdfFormat.N_TRIPLES, title="N-Triples",
    ),
    Format(
        "jsonld", "rdf", "application/ld+json", ".jsonld", aliases=("json-ld",),
        other_media_types=("application/json",), rdflib_format="json-ld",
        ox_rdf=ox.RdfFormat.JSON_LD, title="JSON-LD",
    ),
    Format(
        "rdfxml", "rdf", "application/rdf+xml", ".rdf", aliases=("xml", "rdf"),
        rdflib_format="xml", ox_rdf=ox.RdfFormat.RDF_XML, title="RDF/XML",
    ),
    Format(
        "trig", "rdf", "application/trig", ".trig", rdflib_format="trig",
        ox_rdf=ox.RdfFormat.TRIG, keeps_graphs=True, title="TriG (named graphs kept)",
    ),
    Format(
        "nquads", "rdf", "application/n-quads", ".nq", aliases=("nq",), rdflib_format="nquads",
        ox_rdf=ox.RdfFormat.N_QUADS, keeps_graphs=True, title="N-Quads (named graphs kept)",
    ),
    Format("csv", "table", "text/csv", ".csv"),
    Format("graphml", "network", "application/graphml+xml", ".graphml"),
    Format("gexf", "network", "application/gexf+xml", ".gexf"),
    Format("html", "page", "text/html", ".html", other_media_types=("application/xhtml+xml",)),
    Format("table", "result", "", ".txt"),
    Format(
        "json", "result", "application/sparql-results+json", ".srj",
        other_media_types=("application/json",), rdflib_format="json",
        ox_results=ox.QueryResultsFormat.JSON,
    ),
    Format(
        "xml", "result", "application/sparql-results+xml", ".srx",
        other_media_types=("application/xml", "text/xml"), rdflib_format="xml",
        ox_results=ox.QueryResultsFormat.XML,
    ),
    Format(
        "csv", "result", "text/csv", ".csv", rdflib_format="csv",
        ox_results=ox.QueryResultsFormat.CSV,
    ),
    Format(
        "tsv", "result", "text/tab-separated-values", ".tsv", rdflib_format="tsv",
        ox_results=ox.QueryResultsFormat.TSV,
    ),
)  # fmt: skip


def of_kind(*kinds: Kind) -> tuple[Format, ...]:
    """The formats of ``kinds``, in table order."""
    return tuple(f for f in FORMATS if f.kind in kinds)


RDF_FORMATS = of_kind("rdf")
# CONSTRUCT/DESCRIBE answers: a graph, so no format that keeps named graphs
GRAPH_FORMATS = tuple(f for f in RDF_FORMATS if not f.keeps_graphs)
RESULT_FORMATS = of_kind("result")  # SELECT/ASK answers
FILE_FORMATS = of_kind("rdf", "table", "network", "page")  # what files and pages are
# What a user's input files may be: read by suffix
INPUT_FORMATS = tuple(f for f in RDF_FORMATS if f.name in ("turtle", "nt"))


def lookup(name: str, formats: Iterable[Format] = FILE_FORMATS) -> Format | None:
    """The format ``name`` names (its name, an alias or its extension), or None."""
    return next((fmt for fmt in formats if fmt.matches(name)), None)


def find(name: str, formats: Iterable[Format] = FILE_FORMATS) -> Format:
    """Look a format up by name, alias or extension (``"ttl"``, ``".ttl"``, ``"turtle"``)."""
    formats = tuple(formats)
    if (fmt := lookup(name, formats)) is not None:
        return fmt
    names = ", ".join(f.name for f in formats)
    raise PledgeGraphError(f"unknown format {name!r}; choose one of {names}")


def rdf_format(name: str) -> Format:
    """Look an RDF format up by name, alias or extension."""
    return find(name, RDF_FORMATS)


def input_format(path: Path) -> Format | None:
    """The format an input file is read in, by its suffix (``.ttl``, ``.nt``), or None."""
    for fmt in INPUT_FORMATS:
        if path.suffix == fmt.extension:
            return fmt
    return None


def by_media_type(media_type: str, formats: Iterable[Format] = FILE_FORMATS) -> Format | None:
    """The format serving ``media_type`` (parameters such as charset ignored), or None."""
    wanted = media_type.split(";")[0].strip().lower()
    for fmt in formats:
        if wanted in (fmt.media_type, *fmt.other_media_types):
            return fmt
    return None


# ---------------------------------------------------------------- content negotiation


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``"text/html;q=0.9, */*;q=0.1"`` -> ``[("text/html", 0.9), ("*/*", 0.1)]``."""
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """q of ``media_type``: from the most specific matching range (RFC 9110 12.5.1)."""
    kind = media_type.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for media, q in ranges:
        specificity = (
            3 if media == media_type else 2 if media == f"{kind}/*" else 1 if media == "*/*" else -1
        )
        if specificity > best[0] or (specificity == best[0] and q > best[1]):
            best = (specificity, q) if specificity >= 0 else best
    return best[1]


def offers(formats: Iterable[Format]) -> list[tuple[str, Format]]:
    """``(media type, format)`` in order of preference: every format's own media type, then
    the other media types clients send for them (``application/json`` for results)."""
    formats = [f for f in formats if f.media_type]
    return [(f.media_type, f) for f in formats] + [
        (m, f) for f in formats for m in f.other_media_types
    ]


def negotiate(accept: str | None, offered: Iterable[Format]) -> Format | None:
    """The offered format the client likes best; None when it accepts none (-> 406).

    q-values are honoured, and exact types beat ``type/*`` beat ``*/*`` (``quality``). No
    Accept header means anything. Ties go to the earlier entry of ``offers(offered)``: a
    format's own media type before another's alias, then the order of ``offered``.
    """
    ranges = parse_accept(accept or "*/*")
    best: tuple[float, Format | None] = (0.0, None)
    for media, fmt in offers(offered):
        q = quality(media, ranges)
        if q > best[0]:
            best = (q, fmt)
    return best[1]
