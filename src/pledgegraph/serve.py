"""Serve stage: a read-only SPARQL 1.1 endpoint, the query page and the canned-query API.

``create_app(store)`` builds a Starlette app from a list of routes (``ROUTES``, plus any
``extra_routes`` other stages add). Queries never run in the server process: each one goes to a
worker process (``workers.QueryPool``), killed and replaced when it overruns the time limit.
Every error is ``error_response``'s JSON shape::

    {"error": {"status": 400, "code": "syntax-error", "message": "..."}}
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.term import Identifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.templating import Jinja2Templates

from pledgegraph import templating, viz
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
from pledgegraph.network import network_from_graph
from pledgegraph.pages import routes as linked_data_routes
from pledgegraph.query import (
    CannedQuery,
    choices,
    discover,
)
from pledgegraph.results import readable, short_iri
from pledgegraph.store import Store, describe_query_error
from pledgegraph.summary import data_timestamp
from pledgegraph.vocab import ID, SD
from pledgegraph.workers import Answer, QueryPool

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


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    return error_response(exc.status_code, code, str(exc.detail))


async def _server_error(request: Request, exc: Exception) -> Response:
    traceback.print_exception(exc, file=sys.stderr)  # for the operator, never the client
    return error_response(500, "internal-error", "internal server error; see the server log")


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
    for fmt in RESULT_FORMATS:
        if fmt.media_type:
            graph.add((service, SD.resultFormat, Literal(fmt.media_type)))
    for fmt in GRAPH_FORMATS:
        graph.add((service, SD.resultFormat, Literal(fmt.media_type)))
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


def _canned(request: Request, name: str) -> CannedQuery:
    for query in request.app.state.queries:
        if query.name == name:
            return query
    names = ", ".join(q.name for q in request.app.state.queries)
    raise Refused(404, "unknown-query", f"no query {name!r}; canned queries are: {names}")


def _bindings(query: CannedQuery, params: Mapping[str, str]) -> dict[str, Identifier]:
    values = {k: v for k, v in params.items() if k not in ("format",)}
    try:
        return query.bind(values)
    except QueryError as err:
        raise Refused(400, "bad-parameters", str(err)) from err


async def canned_query(request: Request) -> Response:
    """``/queries/NAME`` (+ ``.csv``/``.json``/...): a canned query, parameters from the URL."""
    name: str = request.path_params["name"]
    explicit = request.query_params.get("format")
    stem, dot, suffix = name.rpartition(".")  # query names hold no dot: a suffix is a format
    if dot and (fmt := lookup(suffix, answer_formats("select") + GRAPH_FORMATS)) is not None:
        name, explicit = stem, fmt.name
    try:
        query = _canned(request, name)
        bindings = _bindings(query, request.query_params)
        fmt, media = answer_format(request.headers.get("accept"), query.form, explicit)
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


# --------------------------------------------------------------------------- the page


def _cell(binding: Mapping[str, str] | None, column: str) -> dict[str, str]:
    """A SPARQL JSON binding -> text (and a link for IRIs) for the HTML table."""
    if binding is None:
        return {"text": ""}
    if binding["type"] == "uri":
        iri = binding["value"]
        cell = {"text": short_iri(URIRef(iri)), "title": iri}
        if iri.startswith(str(ID)):  # our entities: their local page
            cell["href"] = "/id/" + iri[len(str(ID)) :]
        elif iri.startswith(("http://", "https://")):  # never javascript: or data: links
            cell["href"] = iri
        return cell
    if binding["type"] == "bnode":
        return {"text": "_:" + binding["value"]}
    term = Literal(binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype"))
    return {"text": readable(term, column), "title": binding["value"]}


async def _page_result(
    request: Request, text: str, form: str, bindings: Mapping[str, Identifier]
) -> dict[str, Any]:
    fmt = "turtle" if form in ("construct", "describe") else "json"
    answer = await request.app.state.pool.run(text, bindings, fmt)
    if not answer.ok:
        return {"error": answer.body.decode("utf-8")}
    if fmt == "turtle":
        return {"graph": answer.body.decode("utf-8")}
    data = json.loads(answer.body)
    if "boolean" in data:
        return {"boolean": data["boolean"]}
    columns = data["head"]["vars"]
    rows = [[_cell(b.get(c), c) for c in columns] for b in data["results"]["bindings"]]
    return {"columns": columns, "rows": rows}


async def index(request: Request) -> Response:
    store: Store = request.app.state.store
    params = request.query_params
    queries: list[CannedQuery] = request.app.state.queries
    forms = [
        {
            "query": q,
            "params": [
                (p, choices(store, p), params.get(p.name, "") if params.get("q") == q.name else "")
                for p in q.params
            ],
        }
        for q in queries
    ]
    context: dict[str, Any] = {
        "forms": forms,
        "editor": params.get("sparql", ""),
        "selected": None,
        "result": None,
        "downloads": None,
    }
    if name := params.get("q"):
        try:
            query = _canned(request, name)
            values = {k: v for k, v in params.items() if k != "q"}
            bindings = _bindings(query, values)
            context["selected"] = query
            context["result"] = await _page_result(request, query.text, query.form, bindings)
            context["downloads"] = {
                ext: str(request.url_for("canned_query", name=query.name + ext))
                + ("?" + urlencode(values) if values else "")
                for ext in (".csv", ".json")
            }
        except Refused as refused:
            context["result"] = {"error": refused.message}
    elif text := params.get("sparql"):
        try:
            checked = check_query(text, store.graph_names())
            context["result"] = await _page_result(request, text, checked.form, {})
            if checked.form in ("select", "ask"):
                base = str(request.url_for("sparql"))
                context["downloads"] = {
                    f".{f}": base + "?" + urlencode({"query": text, "format": f})
                    for f in ("csv", "json")
                }
        except Refused as refused:
            context["result"] = {"error": refused.message}
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "index.html", context)


# --------------------------------------------------------------------------- /graph


async def graph_page(request: Request) -> Response:
    """``/graph``: the network page of the whole graph, or of a CONSTRUCT/DESCRIBE result:
    ``?query=NAME&param=value`` for a canned query, ``?sparql=CONSTRUCT…`` for any query."""
    params = dict(request.query_params)
    name, text = params.pop("query", None), params.pop("sparql", None)
    state = request.app.state
    if name is None and text is None:
        if state.graph_page is None:  # drawn once, on first request
            state.graph_page = await run_in_threadpool(viz.page, state.store)
        return HTMLResponse(state.graph_page)
    try:
        if name is not None:
            canned = _canned(request, name)
            title, form, text, bindings = (
                canned.title,
                canned.form,
                canned.text,
                _bindings(canned, params),
            )
        else:
            assert text is not None
            checked = check_query(text, state.store.graph_names())
            title, form, text, bindings = "Query result", checked.form, checked.text, {}
        if form not in ("construct", "describe"):
            raise Refused(
                400,
                "not-a-graph",
                f"only CONSTRUCT or DESCRIBE results can be drawn, not {form.upper()}",
            )
    except Refused as refused:
        return refused.response()
    answer = await state.pool.run(text, bindings, "nt")
    if not answer.ok:
        return answer_response(answer, "text/html")
    html = await run_in_threadpool(_draw, state.store, answer.body, title)
    return HTMLResponse(html)


def _draw(store: Store, ntriples: bytes, title: str) -> bytes:
    dataset = store.dataset()
    result = Graph().parse(data=ntriples, format="nt")
    g = network_from_graph(result, context=dataset)
    note = f"{len(result)} triples from the query, drawn with labels from the whole graph"
    return viz.render(g, viz.PageInfo(title=title, built=data_timestamp(dataset), note=note))


# --------------------------------------------------------------------------- the app


ROUTES: list[BaseRoute] = [
    Route("/", index, name="index"),
    Route("/sparql", sparql_endpoint, methods=["GET", "POST"], name="sparql"),
    Route("/queries", list_queries, name="list_queries"),
    Route("/queries/{name}", canned_query, name="canned_query"),
    Route("/graph", graph_page, name="graph"),
]


def create_app(
    store: Store,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int = 2,
    extra_routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """The ASGI app: ``ROUTES`` plus ``extra_routes``, one JSON error shape, query workers."""
    pool = QueryPool(store, workers, timeout, max_rows)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.close()

    app = Starlette(
        # /id/... and /ontology: dereferenceable IRIs with content negotiation (pages.py)
        routes=[*ROUTES, *linked_data_routes(store), *extra_routes],
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.store = store
    app.state.pool = pool
    app.state.queries = discover()
    app.state.templates = Jinja2Templates(env=templating.environment())
    app.state.graph_page = None
    return app


def run_server(
    store: Store,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    max_rows: int = 10_000,
) -> None:
    """Serve ``create_app(store)`` with uvicorn until interrupted."""
    import uvicorn

    app = create_app(store, timeout=timeout, max_rows=max_rows)
    uvicorn.run(app, host=host, port=port, log_level="warning")
