"""The web app: a read-only SPARQL 1.1 endpoint, the query page, the network page, and
dereferenceable IRIs, in one Starlette app.

``create_app(store)`` builds it from a list of routes (``ROUTES``, the linked-data routes, plus
any ``extra_routes`` other stages add). Queries never run in the server process: each one goes
to a worker process (``workers.QueryPool``, one per core by default), killed and replaced when
it overruns the time limit. The graph names are listed once, at start-up: the data is
read-only. Every answer may be read from another origin (CORS ``*``, preflight answered).

``serving.run_server`` serves it.
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from collections.abc import AsyncIterator, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.templating import Jinja2Templates

from pledgegraph import templating
from pledgegraph.query import discover
from pledgegraph.store import Store
from pledgegraph.web.cache import ResponseCache
from pledgegraph.web.graph import graph_page
from pledgegraph.web.query_page import index
from pledgegraph.web.resources import routes as linked_data_routes
from pledgegraph.web.sparql import canned_query, error_response, list_queries, sparql_endpoint
from pledgegraph.web.workers import QueryPool, default_workers


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    return error_response(exc.status_code, code, str(exc.detail))


async def _server_error(request: Request, exc: Exception) -> Response:
    traceback.print_exception(exc, file=sys.stderr)  # for the operator, never the client
    return error_response(500, "internal-error", "internal server error; see the server log")


ROUTES: list[BaseRoute] = [
    Route("/", index, name="index"),
    Route("/sparql", sparql_endpoint, methods=["GET", "HEAD", "POST", "OPTIONS"], name="sparql"),
    Route("/queries", list_queries, name="list_queries"),
    Route("/queries/{name}", canned_query, name="canned_query"),
    Route("/graph", graph_page, name="graph"),
]


def create_app(
    store: Store,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int | None = None,
    extra_routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """The ASGI app: ``ROUTES`` plus ``extra_routes``, one JSON error shape, query workers."""
    pool = QueryPool(store, workers or default_workers(), timeout, max_rows)

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
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                allow_headers=["*"],
                max_age=86400,
            ),
            Middleware(ResponseCache),  # read-only data: a GET's answer never changes
        ],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.store = store
    app.state.pool = pool
    app.state.graph_names = frozenset(store.graph_names())  # listed once: read-only data
    app.state.descriptions = {}  # service description bytes by (endpoint, format)
    app.state.choices = {}  # a parameter's choices by its query
    app.state.queries = discover()
    app.state.templates = Jinja2Templates(env=templating.environment())
    app.state.graph_page = None
    return app
