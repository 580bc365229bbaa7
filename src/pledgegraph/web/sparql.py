"""The SPARQL endpoint (``/sparql``) and the canned-query API (``/queries``, ``/queries/NAME``).

Before anything runs, ``check_query`` parses the query and refuses what a read-only endpoint
must not run (updates, ``LOAD``, ``SERVICE``, other graphs); ``answer_format`` picks the
answer's format from the one format table. Every error is ``error_response``'s JSON shape::

    {"error": {"status": 400, "code": "syntax-error", "message": "..."}}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.term import Identifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pledgegraph.errors import QueryError
from pledgegraph.formats import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Format,
    lookup,
    negotiate,
    offers,
    rdf_format,
)
from pledgegraph.query import CannedQuery, check_values, choices
from pledgegraph.store import Store, describe_query_error
from pledgegraph.vocab import SD
from pledgegraph.web.workers import Answer

MAX_QUERY_LENGTH = 100_000
UPDATE_REFUSED = "SPARQL Update is refused: this endpoint is read-only and answers queries only"


# --------------------------------------------------------------------------- errors


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """The one error shape of every route."""
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": message}}, status_code=status
    )


class Refused(Exception):
    """A client fault found before evaluation: becomes an ``error_response``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message)


# --------------------------------------------------------------------------- checking queries


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    form: str  # select | ask | construct | describe


FORM_NAMES = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}


def check_query(text: str, graph_names: Sequence[str]) -> CheckedQuery:
    """Parse ``text`` and refuse what the endpoint must not run, before any evaluation."""
    if len(text) > MAX_QUERY_LENGTH:
        raise Refused(413, "query-too-long", f"queries are limited to {MAX_QUERY_LENGTH} chars")
    try:
        parsed = parseQuery(text)
    except Exception as err:
        if _is_update(text):
            raise Refused(400, "update-refused", _update_message(text)) from err
        raise Refused(400, "syntax-error", describe_query_error(text, err)) from err
    try:
        query = translateQuery(parsed)
    except Exception as err:
        raise Refused(400, "query-error", describe_query_error(text, err)) from err
    # rdflib's CompValue.get takes no default (it returns the key), hence no .get here
    clauses = parsed[1]["datasetClause"] if "datasetClause" in parsed[1] else []  # noqa: SIM401
    for clause in clauses:
        for key in ("default", "named"):
            if key in clause and str(clause[key]) not in graph_names:
                raise Refused(
                    400,
                    "dataset-refused",
                    f"FROM{' NAMED' if key == 'named' else ''} <{clause[key]}> is not one of "
                    "this endpoint's graphs; the endpoint loads nothing from elsewhere",
                )

    def refuse_service(node: Any) -> None:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise Refused(
                400,
                "service-refused",
                "SERVICE is refused: this endpoint does not query other endpoints",
            )

    traverse(query.algebra, visitPre=refuse_service)
    return CheckedQuery(text, FORM_NAMES[parsed[1].name])


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _update_message(text: str) -> str:
    names = {getattr(r, "name", "") for r in parseUpdate(text).request}
    what = "LOAD" if "Load" in names else "SPARQL Update"
    return f"{what} is refused: this endpoint is read-only and answers queries only"


# --------------------------------------------------------------------------- content negotiation


def answer_formats(form: str) -> tuple[Format, ...]:
    """The formats an answer of ``form`` can be written in, preferred first."""
    if form in ("construct", "describe"):
        return GRAPH_FORMATS
    return tuple(f for f in RESULT_FORMATS if f.media_type)


def answer_format(accept: str | None, form: str, explicit: str | None = None) -> tuple[str, str]:
    """Pick ``(format name, media type)`` for ``form`` from an Accept header
    (``formats.negotiate``) or an explicit ``format`` name or media type."""
    offered = answer_formats(form)
    if explicit:
        for media, fmt in offers(offered):
            if explicit in (fmt.name, media):
                return fmt.name, fmt.media_type
        names = ", ".join(f.name for f in offered)
        raise Refused(406, "not-acceptable", f"format {explicit!r} is not offered; use {names}")
    chosen = negotiate(accept, offered)
    if chosen is None:
        types = ", ".join(dict.fromkeys(m for m, _ in offers(offered)))
        raise Refused(406, "not-acceptable", f"cannot answer {accept!r}; available: {types}")
    return chosen.name, chosen.media_type


def answer_response(answer: Answer, media_type: str) -> Response:
    if answer.ok:
        charset = "" if "charset" in media_type else "; charset=utf-8"
        return Response(answer.body, media_type=media_type + charset)
    return error_response(answer.status, answer.code, answer.body.decode("utf-8"))


# --------------------------------------------------------------------------- /sparql


async def _query_text(request: Request) -> str | None:
    if request.method == "GET":
        return request.query_params.get("query")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-query":
        return (await request.body()).decode("utf-8")
    if content_type == "application/sparql-update":
        raise Refused(400, "update-refused", UPDATE_REFUSED)
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs((await request.body()).decode("utf-8"))
        if "update" in form:
            raise Refused(400, "update-refused", UPDATE_REFUSED)
        values = form.get("query")
        return values[0] if values else None
    raise Refused(
        415,
        "unsupported-media-type",
        "POST application/sparql-query or application/x-www-form-urlencoded with a 'query' field",
    )


async def sparql_endpoint(request: Request) -> Response:
    store: Store = request.app.state.store
    try:
        text = await _query_text(request)
        if text is None:
            return service_description(request)
        checked = check_query(text, store.graph_names())
        fmt, media = answer_format(
            request.headers.get("accept"), checked.form, request.query_params.get("format")
        )
    except Refused as refused:
        return refused.response()
    answer = await request.app.state.pool.run(checked.text, {}, fmt)
    return answer_response(answer, media)


def service_description(request: Request) -> Response:
    """What the endpoint offers, as SPARQL 1.1 Service Description."""
    store: Store = request.app.state.store
    graph = Graph()
    graph.bind("sd", SD)
    service = URIRef(str(request.url_for("sparql")))
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for offered in (*RESULT_FORMATS, *GRAPH_FORMATS):
        if offered.media_type:
            graph.add((service, SD.resultFormat, Literal(offered.media_type)))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    for name in store.graph_names():
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, SD.name, URIRef(name)))
    try:
        fmt, media = answer_format(
            request.headers.get("accept"), "describe", request.query_params.get("format")
        )
    except Refused as refused:
        return refused.response()
    body = graph.serialize(format=rdf_format(fmt).rdflib_format, encoding="utf-8")
    return Response(body, media_type=media)


# --------------------------------------------------------------------------- /queries


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


async def known_values(
    request: Request, query: CannedQuery, bindings: Mapping[str, Identifier]
) -> None:
    """A 400 naming the nearest choices when an IRI parameter names nothing in the graph."""
    try:
        await run_in_threadpool(check_values, request.app.state.store, query, bindings)
    except QueryError as err:
        raise Refused(400, "bad-parameters", str(err)) from err


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
        return refused.response()
    answer = await request.app.state.pool.run(query.text, bindings, fmt)
    return answer_response(answer, media)


async def list_queries(request: Request) -> Response:
    store: Store = request.app.state.store
    listing = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "form": q.form,
            "params": [
                {
                    "name": p.name,
                    "description": p.description,
                    "type": p.type,
                    "choices": [{"value": v, "label": lbl} for v, lbl in choices(store, p)],
                }
                for p in q.params
            ],
            "url": str(request.url_for("canned_query", name=q.name)),
        }
        for q in request.app.state.queries
    ]
    return JSONResponse(listing)
