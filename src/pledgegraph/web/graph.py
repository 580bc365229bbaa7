"""The network page over HTTP (``/graph``): the whole graph, or a CONSTRUCT/DESCRIBE answer."""

from __future__ import annotations

from rdflib import Graph
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from pledgegraph import viz
from pledgegraph.store import Store
from pledgegraph.web.protocol import Refused, check_dataset, scan
from pledgegraph.web.sparql import answer_response, bindings_for, canned_by_name, refused_response
from pledgegraph.web.workers import Job


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
    from_clauses = False
    try:
        if name is not None:
            canned = canned_by_name(request, name)
            title, form, text, bindings = (
                canned.title,
                canned.form,
                canned.text,
                bindings_for(canned, params),
            )
        else:
            assert text is not None
            checked = scan(text)
            check_dataset(checked, state.graph_names)
            title, form, bindings = "Query result", checked.form, {}
            from_clauses = checked.from_clauses
        if form not in ("construct", "describe"):
            raise Refused(
                400,
                "not-a-graph",
                f"only CONSTRUCT or DESCRIBE results can be drawn, not {form.upper()}",
            )
    except Refused as refused:
        return refused_response(refused)
    answer = await state.pool.run(Job(text, "nt", bindings, from_clauses=from_clauses))
    if not answer.ok:
        return answer_response(answer, "text/html")
    html = await run_in_threadpool(_draw, state.store, answer.body, title)
    return HTMLResponse(html)


def _draw(store: Store, ntriples: bytes, title: str) -> bytes:
    result = Graph().parse(data=ntriples, format="nt")
    note = f"{len(result)} triples from the query, drawn with labels from the whole graph"
    return viz.result_page(store, result, title, note)
