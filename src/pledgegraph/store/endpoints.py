"""Where a SPARQL store takes graphs and updates, found from its query endpoint.

``pledgegraph push`` needs two more URLs beside the query endpoint: the Graph Store Protocol
endpoint (to upload graphs) and the SPARQL Update endpoint (to switch them in, in one request).
The user may name either; otherwise ``discover`` looks, in this order, at:

1. the service description the query endpoint serves (``GET`` with ``Accept: text/turtle``,
   SPARQL 1.1 Service Description): an ``sd:Service`` whose ``sd:feature`` names a Graph Store
   (a feature IRI ending in ``GraphStore`` or ``GraphStoreProtocol``) gives its ``sd:endpoint``;
   one whose ``sd:supportedLanguage`` is ``sd:SPARQL11Update`` gives the update endpoint;
2. the server: Virtuoso (its ``Server`` header) serves the Graph Store at ``/sparql-graph-crud``
   and takes updates at the query endpoint itself;
3. the path: ``…/query`` -> ``…/store`` and ``…/update`` (Oxigraph server), ``…/sparql`` or
   ``…/ds/query`` -> ``…/data`` and ``…/update`` (Apache Jena Fuseki); else the query URL.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from rdflib import Graph, Namespace, URIRef

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DESCRIPTION_TYPES = "text/turtle, application/rdf+xml;q=0.9"


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a remote store, and how each was found (for messages)."""

    query: str
    graph_store: str
    update: str
    found_by: str = "path"


def _sibling(url: httpx.URL, tail: str, new: str) -> str:
    return str(url.copy_with(path=url.path[: -len(tail)] + new, query=None))


def guess(query_url: str, server: str = "") -> Endpoints:
    """The Graph Store and Update endpoints a store of this kind serves next to ``query_url``.

    >>> guess("http://127.0.0.1:7878/query").graph_store
    'http://127.0.0.1:7878/store'
    >>> guess("http://127.0.0.1:8890/sparql", "Virtuoso/07.20.3229 (Linux)").graph_store
    'http://127.0.0.1:8890/sparql-graph-crud'
    >>> guess("http://127.0.0.1:3030/ds/sparql").update
    'http://127.0.0.1:3030/ds/update'
    """
    url = httpx.URL(query_url)
    if server.startswith("Virtuoso"):
        crud = _sibling(url, "sparql", "sparql-graph-crud")
        return Endpoints(query_url, crud, query_url, "server (Virtuoso)")
    for tail, store in (("query", "store"), ("sparql", "data")):
        if url.path.endswith("/" + tail):
            store = "data" if url.path.endswith("/ds/query") else store
            return Endpoints(query_url, _sibling(url, tail, store), _sibling(url, tail, "update"))
    return Endpoints(query_url, query_url, query_url)


def from_description(query_url: str, description: Graph) -> tuple[str | None, str | None]:
    """The Graph Store and Update endpoints a service description names, if it names them."""
    graph_store = update = None
    for service in sorted(description.subjects(SD.endpoint, None), key=str):
        endpoint = description.value(service, SD.endpoint)
        if not isinstance(endpoint, URIRef):
            continue
        absolute = str(httpx.URL(query_url).join(str(endpoint)))
        features = {str(f) for f in description.objects(service, SD.feature)}
        if any(f.endswith(("GraphStore", "GraphStoreProtocol")) for f in features):
            graph_store = graph_store or absolute
        if (service, SD.supportedLanguage, SD.SPARQL11Update) in description:
            update = update or absolute
    return graph_store, update


def discover(
    client: httpx.Client,
    query_url: str,
    graph_store: str | None = None,
    update: str | None = None,
) -> Endpoints:
    """The store's endpoints: those given, else those its service description names, else
    the guess for its kind. A description that cannot be fetched or read is no error here."""
    if graph_store and update:
        return Endpoints(query_url, graph_store, update, "given")
    server = ""
    named: tuple[str | None, str | None] = (None, None)
    try:
        response = client.get(query_url, headers={"Accept": DESCRIPTION_TYPES})
        server = response.headers.get("server", "")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if response.is_success and kind in ("text/turtle", "application/rdf+xml"):
            description = Graph()
            description.parse(data=response.content, format=kind, publicID=query_url)
            named = from_description(query_url, description)
    except Exception:  # no description, or one rdflib cannot read: fall back to the guess
        pass
    guessed = guess(query_url, server)
    found = "service description" if any(named) else guessed.found_by
    return Endpoints(
        query_url,
        graph_store or named[0] or guessed.graph_store,
        update or named[1] or guessed.update,
        found if not (graph_store or update) else "given and " + found,
    )
