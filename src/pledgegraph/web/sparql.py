"""The SPARQL endpoint (``/sparql``) and the canned-query API (``/queries``, ``/queries/NAME``).

``/sparql`` follows the SPARQL 1.1 Protocol (``protocol.read_request``), refuses what a
read-only endpoint must not run from a token scan (``protocol.scan``), picks the answer's
format from ``format``/``output`` or the Accept header (``answer_format``, over the one format
table) and sends the query to the worker pool, where Oxigraph parses, runs and writes it once.
Every error is ``error_response``'s JSON shape::

    {"error": {"status": 400, "code": "syntax-error", "message": "..."}}
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.term import Identifier
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pledgegraph.errors import QueryError
from pledgegraph.formats import GRAPH_FORMATS, RESULT_FORMATS, Format, lookup, negotiate, offers
from pledgegraph.query import CannedQuery, Param
from pledgegraph.results import short_iri
from pledgegraph.vocab import SD
from pledgegraph.web.protocol import Refused, check_dataset, read_request, scan
from pledgegraph.web.workers import Answer, Job

__all__ = ["Refused", "answer_format", "error_response", "sparql_endpoint"]

ALLOW = "GET, HEAD, POST, OPTIONS"
# the W3C's IRIs for the formats (https://www.w3.org/ns/formats/), for sd:resultFormat
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


# --------------------------------------------------------------------------- errors


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """The one error shape of every route."""
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": message}},
        status_code=status,
        headers={"Vary": "Accept"},
    )


def refused_response(refused: Refused) -> JSONResponse:
    return error_response(refused.status, refused.code, refused.message)


# --------------------------------------------------------------------------- content negotiation


def answer_formats(form: str) -> tuple[Format, ...]:
    """The formats an answer of ``form`` can be written in, preferred first. CSV and TSV are
    defined for SELECT only (SPARQL 1.1 Query Results CSV and TSV Formats), so ASK has two."""
    if form in ("construct", "describe"):
        return GRAPH_FORMATS
    return tuple(
        f
        for f in RESULT_FORMATS
        if f.media_type and (form == "select" or f.name in ("json", "xml"))
    )


def answer_format(
    accept: str | None, form: str, explicit: str | Iterable[str] | None = None
) -> tuple[str, str]:
    """Pick ``(format name, media type)`` for ``form``: the first ``format``/``output`` value
    that names an offered format (by name, alias or media type), else the Accept header."""
    offered = answer_formats(form)
    values = [explicit] if isinstance(explicit, str) else list(explicit or ())
    for value in values:
        for media, fmt in offers(offered):
            if value.lower() in (fmt.name, media) or fmt.matches(value):
                return fmt.name, fmt.media_type
    chosen = negotiate(accept, offered)
    if chosen is None:
        types = ", ".join(dict.fromkeys(m for m, _ in offers(offered)))
        asked = f"format {values[0]!r}" if values else repr(accept)
        raise Refused(
            406, "not-acceptable", f"cannot answer {asked} for {form.upper()}; available: {types}"
        )
    return chosen.name, chosen.media_type


def answer_response(answer: Answer, media_type: str) -> Response:
    if answer.ok:
        charset = "" if "charset" in media_type else "; charset=utf-8"
        return Response(answer.body, media_type=media_type + charset, headers={"Vary": "Accept"})
    return error_response(answer.status, answer.code, answer.body.decode("utf-8"))


# --------------------------------------------------------------------------- /sparql


async def sparql_endpoint(request: Request) -> Response:
    """The SPARQL 1.1 Protocol query operation (GET, POST form, POST query)."""
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": ALLOW})
    names: frozenset[str] = request.app.state.graph_names
    try:
        protocol = await read_request(request)
        if protocol.query is None:
            return service_description(request)
        checked = scan(protocol.query)
        check_dataset(checked, names)
        for graph in (*protocol.default_graphs, *protocol.named_graphs):
            if graph not in names:
                raise Refused(
                    400, "dataset-refused", f"<{graph}> is not one of this endpoint's graphs"
                )
        fmt, media = answer_format(request.headers.get("accept"), checked.form, protocol.formats)
    except Refused as refused:
        return refused_response(refused)
    job = Job(
        protocol.query,
        fmt,
        {},
        protocol.default_graphs,
        protocol.named_graphs,
        checked.from_clauses,
    )
    return answer_response(await request.app.state.pool.run(job), media)


def description_graph(endpoint: str, graph_names: Iterable[str]) -> Graph:
    """What the endpoint offers, as SPARQL 1.1 Service Description."""
    graph = Graph()
    graph.bind("sd", SD)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in FORMAT_IRIS.values():
        graph.add((service, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/" + name)))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    for name in sorted(graph_names):
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, SD.name, URIRef(name)))
    return graph


def service_description(request: Request) -> Response:
    """The description in the negotiated RDF format, written once per endpoint URL and format."""
    fmt, media = answer_format(
        request.headers.get("accept"), "describe", request.query_params.getlist("format")
    )
    endpoint = str(request.url_for("sparql"))
    cache: dict[tuple[str, str], bytes] = request.app.state.descriptions
    if (endpoint, fmt) not in cache:
        graph = description_graph(endpoint, request.app.state.graph_names)
        rdflib_format = lookup(fmt, GRAPH_FORMATS)
        assert rdflib_format is not None
        cache[endpoint, fmt] = graph.serialize(format=rdflib_format.rdflib_format, encoding="utf-8")
    return Response(cache[endpoint, fmt], media_type=media, headers={"Vary": "Accept"})


# --------------------------------------------------------------------------- /queries

NAMES_SOMETHING = "ASK { { ?value ?p ?o } UNION { ?s ?p ?value } }"


def canned_by_name(request: Request, name: str) -> CannedQuery:
    queries: list[CannedQuery] = request.app.state.queries
    for query in queries:
        if query.name == name:
            return query
    names = ", ".join(q.name for q in request.app.state.queries)
    raise Refused(404, "unknown-query", f"no query {name!r}; canned queries are: {names}")


def bindings_for(query: CannedQuery, params: Mapping[str, str]) -> dict[str, Identifier]:
    values = {k: v for k, v in params.items() if k not in ("format",)}
    try:
        return query.bind(values)
    except QueryError as err:
        raise Refused(400, "bad-parameters", str(err)) from err


async def run_json(request: Request, job: Job) -> Any:
    """A query through the pool, its answer as SPARQL JSON; ``Refused`` if it failed."""
    answer = await request.app.state.pool.run(job)
    if not answer.ok:
        raise Refused(answer.status, answer.code, answer.body.decode("utf-8"))
    return json.loads(answer.body)


async def choices(request: Request, param: Param) -> list[tuple[str, str]]:
    """``(value, label)`` pairs ``param`` may take, from its ``choices`` query, run through the
    pool once (the data is read-only) and kept."""
    cache: dict[str, list[tuple[str, str]]] = request.app.state.choices
    if not param.choices:
        return []
    if param.choices not in cache:
        data = await run_json(request, Job(param.choices, "json"))
        pairs = {
            (row["value"]["value"], row.get("label", row["value"])["value"])
            for row in data.get("results", {}).get("bindings", [])
            if "value" in row
        }
        cache[param.choices] = sorted(pairs, key=lambda p: (p[1].lower(), p[0]))
    return cache[param.choices]


async def known_values(
    request: Request, query: CannedQuery, bindings: Mapping[str, Identifier]
) -> None:
    """A 400 naming the nearest choices when an IRI parameter names nothing in the graph."""
    for param in query.params:
        term = bindings.get(param.name)
        if param.type != "iri" or term is None:
            continue
        found = await run_json(request, Job(NAMES_SOMETHING, "json", {"value": term}))
        if found.get("boolean"):
            continue
        given = short_iri(URIRef(str(term)))
        options = [short_iri(URIRef(v)) for v, _ in await choices(request, param)]
        nearest = difflib.get_close_matches(given, options, n=5, cutoff=0.4) or options[:5]
        hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
        raise Refused(
            400,
            "bad-parameters",
            f"query {query.name!r}: parameter {param.name!r}: {given} names nothing in the graph"
            + hint,
        )


async def canned_query(request: Request) -> Response:
    """``/queries/NAME`` (+ ``.csv``/``.json``/...): a canned query, parameters from the URL."""
    name: str = request.path_params["name"]
    explicit = request.query_params.get("format")
    stem, dot, suffix = name.rpartition(".")  # query names hold no dot: a suffix is a format
    by_suffix = lookup(suffix, answer_formats("select") + GRAPH_FORMATS) if dot else None
    if by_suffix is not None:
        name, explicit = stem, by_suffix.name
    try:
        query = canned_by_name(request, name)
        bindings = bindings_for(query, request.query_params)
        fmt, media = answer_format(request.headers.get("accept"), query.form, explicit)
        await known_values(request, query, bindings)
    except Refused as refused:
        return refused_response(refused)
    answer = await request.app.state.pool.run(Job(query.text, fmt, bindings))
    return answer_response(answer, media)


async def list_queries(request: Request) -> Response:
    listing = []
    try:
        for q in request.app.state.queries:
            params = [
                {
                    "name": p.name,
                    "description": p.description,
                    "type": p.type,
                    "choices": [{"value": v, "label": lbl} for v, lbl in await choices(request, p)],
                }
                for p in q.params
            ]
            listing.append(
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "form": q.form,
                    "params": params,
                    "url": str(request.url_for("canned_query", name=q.name)),
                }
            )
    except Refused as refused:
        return refused_response(refused)
    return JSONResponse(listing)
