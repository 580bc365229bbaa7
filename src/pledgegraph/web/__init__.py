"""The web stage: ``pledgegraph serve``. Nothing in the library imports it.

app          create_app(store), run_server(store): the Starlette app and its routes
sparql       /sparql (SPARQL 1.1 Protocol, read-only, checked first), /queries[/NAME]
query_page   /: the canned queries as forms, any query in an editor
graph        /graph: the network page of the whole graph or of a query's answer
linked_data  /id/..., /ontology, /.well-known/void: IRIs that dereference, by conneg
workers      the worker processes every query runs in, under a time limit
"""

from pledgegraph.web.app import create_app, run_server

__all__ = ["create_app", "run_server"]
