"""Dereferenceable IRIs over HTTP: ``/id/...``, ``/ontology[/module]``, ``/context.jsonld``
and ``/.well-known/void``, each answering HTML or RDF by content negotiation.

A format is chosen by extension (``.ttl .jsonld .nt .rdf .trig .nq .html``) or else by the
Accept header with q-values (``formats.negotiate`` over ``linked_data.OFFERED``); 406 when none
fits, 404 for an IRI the graph does not describe, errors written in the negotiated type, and
``Vary: Accept`` always. The queries behind a page run in the worker pool under the time limit;
Oxigraph writes their answer as N-Triples, which is split on ``\\n`` only (a literal may hold
U+2028) and sorted, so every format of a resource is stable. JSON-LD carries our context
embedded, so any JSON-LD processor reads it offline; the context is also served at the IRI
older documents name (``/context.jsonld``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, partial
from html import escape
from urllib.parse import quote

import pyoxigraph as ox
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from pledgegraph.describe import DATASET_IRI, describe
from pledgegraph.export.jsonld import CONTEXT_IRI, context_document, document_loader
from pledgegraph.export.rdf import serialize_graph
from pledgegraph.formats import Format, negotiate, rdf_format
from pledgegraph.store import Store
from pledgegraph.vocab import BASE, ID
from pledgegraph.web.linked_data import (
    DESCRIBE,
    HTML,
    OFFERED,
    ONTOLOGY,
    ONTOLOGY_GRAPHS,
    alternates,
    entity_page,
    ontology_page,
    split_extension,
)
from pledgegraph.web.workers import Job

NOT_IN_IRIS = set('"<>{}|\\^` ')  # characters an IRI cannot hold: they stay %-encoded


# ---------------------------------------------------------------- paths and IRIs


def iri_path(raw: str) -> str:
    """A request path (as sent, %-encoded) -> the path part of our IRI: escapes of characters
    an IRI may hold are decoded (``%C3%A9`` -> ``é``), the others kept (``%22`` stays)."""

    def decode(match: re.Match[str]) -> str:
        try:
            text = bytes.fromhex(match.group().replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        return "".join(
            quote(c, safe="") if c in NOT_IN_IRIS or c == "%" or ord(c) <= 0x20 else c for c in text
        )

    return re.sub(r"(?:%[0-9A-Fa-f]{2})+", decode, raw)


def raw_tail(request: Request, prefix: str) -> str:
    """The request path after ``prefix``, as the client sent it (``%22`` not decoded)."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    return bytes(raw).decode("latin-1").split("?", 1)[0][len(prefix) :]


# ---------------------------------------------------------------- answers


# characters ``str.splitlines`` (and line-based readers such as pyld's) take for line ends
LINE_BREAKS = {b"\xc2\x85": b"\\u0085", b"\xe2\x80\xa8": b"\\u2028", b"\xe2\x80\xa9": b"\\u2029"}


def sorted_ntriples(data: bytes) -> bytes:
    """N-Triples lines sorted; split on ``\\n`` only, and U+2028, U+2029 and U+0085 written
    as ``\\uXXXX`` escapes (the same terms), so that no reader sees a line end in a literal."""
    for raw, escaped in LINE_BREAKS.items():
        data = data.replace(raw, escaped)
    lines = sorted({line for line in data.split(b"\n") if line.strip()})
    return b"".join(line + b"\n" for line in lines)


def compact_jsonld(triples: list[ox.Triple]) -> bytes:
    """JSON-LD written by Oxigraph (expanded), compacted by pyld with our context, which the
    document then carries itself: no N-Quads parser on the way (pyld's takes U+2028 for a
    line end and leaves ``\\uXXXX`` escapes undecoded)."""
    expanded = ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
    assert expanded is not None
    context = context_document()
    compacted = jsonld.compact(json.loads(expanded), context, {"documentLoader": document_loader})
    return (json.dumps(compacted, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def rdf_body(ntriples: bytes, fmt: Format, prefixes: dict[str, str]) -> bytes:
    """The resource in ``fmt`` from its (sorted) N-Triples, written by Oxigraph (or pyld for
    JSON-LD), so every format holds the same literals (Oxigraph's canonical forms)."""
    if fmt.name == "nt":
        return ntriples
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    if fmt.name == "jsonld":
        return compact_jsonld(triples)
    assert fmt.ox_rdf is not None
    written = ox.serialize(triples, format=fmt.ox_rdf, prefixes=prefixes)
    assert written is not None
    return written


def error(status: int, message: str, fmt: Format | None) -> Response:
    """An error body in the negotiated type: an HTML page, a JSON object, or a comment."""
    headers = {"Vary": "Accept"}
    if fmt is HTML:
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{escape(message)}</p>"
        return Response(body, status, headers, "text/html; charset=utf-8")
    if fmt is not None and fmt.name == "jsonld":
        shape = {"error": {"status": status, "message": message}}
        return Response(json.dumps(shape), status, headers, "application/ld+json")
    if fmt is not None and fmt.name in ("turtle", "nt", "trig", "nquads"):
        comment = "# " + message.replace("\n", " ") + "\n"
        return Response(comment, status, headers, fmt.content_type())
    if fmt is not None and fmt.name == "rdfxml":
        comment = escape(message).replace("--", "- -")
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {comment} -->\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        )
        return Response(body, status, headers, fmt.content_type())
    return Response(message + "\n", status, headers, "text/plain; charset=utf-8")


def choose(request: Request, fmt: Format | None, servable: bool) -> Format | Response:
    accepted = negotiate(request.headers.get("accept"), OFFERED)
    if fmt is not None:
        message = f"{fmt.name} is not available for this resource"
        return fmt if servable else error(406, message, accepted)
    if not servable:
        return error(404, "not found", accepted)
    if accepted is None:
        offered = ", ".join(f.media_type for f in OFFERED)
        return error(
            406, f"cannot produce {request.headers.get('accept')}; available: {offered}", None
        )
    return accepted


async def construct(request: Request, text: str, bindings: dict[str, object]) -> bytes | Response:
    """A CONSTRUCT through the pool, as sorted N-Triples; an error response if it failed."""
    answer = await request.app.state.pool.run(Job(text, "nt", bindings))  # type: ignore[arg-type]
    if not answer.ok:
        return error(answer.status, answer.body.decode("utf-8"), None)
    return sorted_ntriples(answer.body)


def respond(
    request: Request, ntriples: bytes, fmt: Format, path: str, page: Callable[[Graph], str]
) -> Response:
    prefixes: dict[str, str] = request.app.state.pool.prefixes

    @cache
    def graph() -> Graph:
        parsed = Graph().parse(data=ntriples, format="nt")
        for prefix, namespace in prefixes.items():
            parsed.bind(prefix, namespace, override=True, replace=True)
        return parsed

    links = (f'<{href}>; rel="alternate"; type="{f.media_type}"' for f, href in alternates(path))
    headers = {"Vary": "Accept", "Link": ", ".join(links)}
    body = page(graph()).encode("utf-8") if fmt is HTML else rdf_body(ntriples, fmt, prefixes)
    return Response(body, headers=headers, media_type=fmt.content_type())


# ---------------------------------------------------------------- routes


def routes(store: Store) -> list[Route]:
    """``/id/{path}``, ``/ontology[/module][.ext]``, ``/context.jsonld``, ``/.well-known/void``."""

    @cache
    def description() -> bytes:
        graph = describe(store.dataset())
        return sorted_ntriples(serialize_graph(graph, rdf_format("nt")))

    async def well_known_void(request: Request) -> Response:
        return RedirectResponse("/id/dataset/pledgegraph", status_code=303)

    async def context(request: Request) -> Response:
        body = json.dumps(context_document(), indent=2, ensure_ascii=False)
        return Response(body, headers={"Vary": "Accept"}, media_type="application/ld+json")

    async def entity(request: Request) -> Response:
        stem, fmt, servable = split_extension(iri_path(raw_tail(request, "/id/")))
        chosen = choose(request, fmt, servable)
        if isinstance(chosen, Response):
            return chosen
        iri = URIRef(str(ID) + stem)
        found = await construct(request, DESCRIBE, {"iri": iri})
        if isinstance(found, Response):
            return found
        if iri == DATASET_IRI and not found:  # the description lives beside the data
            found = await run_in_threadpool(description)  # made once; not in the event loop
        subject = f"<{iri}> ".encode()
        if not any(line.startswith(subject) for line in found.split(b"\n")):
            return error(404, f"no resource {iri}", chosen)
        path = f"/id/{stem}"
        page = partial(entity_page, iri=iri, path=path)
        # rendering is Python work: in a thread, so the event loop keeps answering others
        return await run_in_threadpool(respond, request, found, chosen, path, page)

    async def ontology(request: Request) -> Response:
        rest = request.path_params["rest"]
        if rest and rest[0] not in "/.":
            return error(404, "not found", negotiate(request.headers.get("accept"), OFFERED))
        stem, fmt, servable = split_extension(rest)
        chosen = choose(request, fmt, servable)
        if isinstance(chosen, Response):
            return chosen
        module = stem.strip("/")
        if module and "/" in module:
            return error(404, "not found", chosen)
        prefix = ONTOLOGY_GRAPHS + (module or "")
        found = await construct(request, ONTOLOGY, {"prefix": Literal(prefix)})
        if isinstance(found, Response):
            return found
        if not found:
            return error(404, f"no ontology module {module!r}", chosen)
        path = "/ontology" + (f"/{module}" if module else "")
        page = partial(ontology_page, path=path)
        return await run_in_threadpool(respond, request, found, chosen, path, page)

    return [
        Route("/id/{path:path}", entity, methods=["GET", "HEAD"]),
        Route("/ontology{rest:path}", ontology, methods=["GET", "HEAD"]),
        Route("/" + CONTEXT_IRI[len(BASE) :], context, methods=["GET", "HEAD"]),
        Route("/.well-known/void", well_known_void, methods=["GET", "HEAD"]),
    ]
