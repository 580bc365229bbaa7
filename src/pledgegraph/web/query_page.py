"""The query page (``/``): every canned query as a form, any query in an editor, the answer as
a table with links to the entity pages."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from rdflib import Literal, URIRef
from rdflib.term import Identifier
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from pledgegraph.query import CannedQuery
from pledgegraph.results import readable, short_iri
from pledgegraph.vocab import ID
from pledgegraph.web.protocol import Refused, check_dataset, scan
from pledgegraph.web.sparql import bindings_for, canned_by_name, choices, error_response
from pledgegraph.web.workers import Job


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
    request: Request,
    text: str,
    form: str,
    bindings: Mapping[str, Identifier],
    from_clauses: bool = False,
) -> dict[str, Any]:
    fmt = "turtle" if form in ("construct", "describe") else "json"
    job = Job(text, fmt, dict(bindings), from_clauses=from_clauses)
    answer = await request.app.state.pool.run(job)
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
    params = request.query_params
    queries: list[CannedQuery] = request.app.state.queries
    try:
        forms = [
            {
                "query": q,
                "params": [
                    (
                        p,
                        await choices(request, p),
                        params.get(p.name, "") if params.get("q") == q.name else "",
                    )
                    for p in q.params
                ],
            }
            for q in queries
        ]
    except Refused as refused:
        return error_response(refused.status, refused.code, refused.message)
    context: dict[str, Any] = {
        "forms": forms,
        "editor": params.get("sparql", ""),
        "selected": None,
        "result": None,
        "downloads": None,
    }
    if name := params.get("q"):
        try:
            query = canned_by_name(request, name)
            values = {k: v for k, v in params.items() if k != "q"}
            bindings = bindings_for(query, values)
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
            checked = scan(text)
            check_dataset(checked, request.app.state.graph_names)
            context["result"] = await _page_result(
                request, text, checked.form, {}, checked.from_clauses
            )
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
