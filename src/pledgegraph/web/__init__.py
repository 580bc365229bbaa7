"""The web stage: ``pledgegraph serve``. Nothing in the library imports it.

app          create_app(store): the Starlette app and its routes
protocol     the SPARQL 1.1 Protocol request, and a token scan of the query (form, refusals)
sparql       /sparql (SPARQL 1.1 Protocol, read-only, checked first), /queries[/NAME]
query_page   /: the canned queries as forms, any query in an editor
graph        /graph: the network page of the whole graph or of a query's answer
linked_data  the HTML views of entities and the ontology, and the queries behind them
resources    /id/..., /ontology, /context.jsonld, /.well-known/void: IRIs that dereference
workers      the worker processes every query runs in on Oxigraph, under a time limit
serving      run_server: uvicorn in one front process per core, sharing one socket
connections  the header read timeout of the HTTP server
cache        whole answers to GET requests, kept: the data is read-only
"""

from pledgegraph.web.app import create_app
from pledgegraph.web.serving import run_server

__all__ = ["create_app", "run_server"]
