"""Commands that ask the graph: queries, query, serve, viz."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click

from pledgegraph.atomic import write_atomic
from pledgegraph.cli.params import (
    StoreSpecType,
    output_option,
    param_option,
    params_dict,
    paths_argument,
    store_option,
    write_output,
)
from pledgegraph.cli.review import drafts_option, gate
from pledgegraph.errors import QueryError
from pledgegraph.formats import GRAPH_FORMATS, RESULT_FORMATS
from pledgegraph.query import MACHINE_FORMATS, adhoc, discover, find_query, run, run_serialized
from pledgegraph.results import GraphResult, format_result
from pledgegraph.store import STORE_SPECS, OxigraphStore, Store, StoreSpec, open_store

FORMAT_NAMES = [f.name for f in RESULT_FORMATS] + [f.name for f in GRAPH_FORMATS]


@click.command("queries")
def queries_command() -> None:
    """List the canned queries in queries/: name, parameters and title."""
    for query in discover():
        params = " ".join(f"--param {p}=..." for p in query.param_names)
        click.echo(f"{query.name}\t{query.form}\t{query.title}" + (f"\t{params}" if params else ""))


@click.command("query")
@click.argument("spec", metavar="NAME|FILE.rq|-")
@paths_argument
@param_option(
    "--param", "-p", help_text="Bind a parameter (through the engine, never pasted into the text)."
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Output format [default: table for SELECT/ASK, turtle for graphs].",
)
@output_option("Write to FILE (atomically) instead of stdout.")
@store_option
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Query a remote SPARQL endpoint (shorthand for --store sparql+URL).",
)
def query_command(
    spec: str,
    paths: tuple[Path, ...],
    params: tuple[tuple[str, str], ...],
    fmt: str | None,
    output: IO[bytes],
    store_spec: StoreSpec,
    endpoint: str | None,
) -> None:
    """Run a canned query by NAME, a .rq file, or a query on stdin (-), on the project's
    files plus PATHS (loaded into Oxigraph in memory), or on --store.

    Reading never writes: --store oxigraph:DIR is opened read-only, as `build --store
    oxigraph:DIR` left it.

    \b
    Examples:
      pledgegraph query pledged-by-sector
      pledgegraph query largest-pledges synth/
      pledgegraph query company-profile --param company=company:ge-vernova -f jsonld
      echo 'ASK { ?s ?p ?o }' | pledgegraph query - -f json
    """
    query = adhoc(sys.stdin.read()) if spec == "-" else find_query(spec)
    values = params_dict(params)
    query.bind(values)  # parameter errors before loading anything
    store = open_store(f"sparql+{endpoint}") if endpoint else reading_store(store_spec, paths)
    if fmt in MACHINE_FORMATS:  # the store may write these itself, without rdflib terms
        data = run_serialized(store, query, values, fmt)
    else:
        result = run(store, query, values)
        chosen = fmt or ("turtle" if isinstance(result, GraphResult) else "table")
        data = format_result(result, chosen)
    write_output(output, data)


def reading_store(spec: StoreSpec, paths: tuple[Path, ...]) -> Store:
    """The store a read-only command asks: files in Oxigraph in memory, a folder read-only."""
    if spec.kind == "oxigraph" and spec.location:
        if paths:
            raise click.UsageError(
                "PATHS are not loaded into a store on disk by a query; "
                f"use `pledgegraph build --store {spec}` first"
            )
        return OxigraphStore.read_only(Path(spec.location))
    if spec.kind == "memory":
        spec = StoreSpec("oxigraph")
    return open_store(spec, paths)


@click.command("serve")
@paths_argument
@click.option(
    "--store",
    "store_spec",
    type=StoreSpecType(),
    default="oxigraph",
    show_default=True,
    help=f"Where the graph lives: {STORE_SPECS}. Queries always run on Oxigraph: another "
    "store is copied into it once at start-up.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=float,
    help="Seconds a query may run before it is stopped (503).",
)
@click.option(
    "--max-rows",
    default=10000,
    show_default=True,
    type=int,
    help="Largest result (rows or triples) the endpoint returns.",
)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    help="Query worker processes [default: one per core].",
)
@click.option(
    "--header-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a client may take to send a request's headers before it is disconnected.",
)
@drafts_option
def serve_command(
    paths: tuple[Path, ...],
    store_spec: StoreSpec,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int | None,
    header_timeout: float,
    drafts: bool,
) -> None:
    """Serve the SPARQL endpoint (/sparql), the query page (/) and the entity pages (/id/...,
    /ontology, with content negotiation) until interrupted.

    Every query runs on Oxigraph in a pool of worker processes (one per core, --workers)
    under the time limit."""
    from pledgegraph.web import run_server  # the web stage, only when serving

    store = open_store(store_spec, paths, drafts=drafts)
    gate(store, drafts)
    click.echo(f"serving http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C to stop", err=True)
    run_server(
        store,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        header_timeout=header_timeout,
    )


@click.command("viz")
@paths_argument
@store_option
@click.option("--query", "query", metavar="NAME|FILE", help="Draw this CONSTRUCT query's result.")
@param_option("--param", help_text="Query parameter.")
@click.option(
    "-o",
    "--out",
    "out",
    default=Path("network.html"),
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write.",
)
@click.option("--title", default=None, help="Page title (default: the agreements' names).")
def viz_command(
    paths: tuple[Path, ...],
    store_spec: StoreSpec,
    query: str | None,
    params: tuple[tuple[str, str], ...],
    out: Path,
    title: str | None,
) -> None:
    """Draw the whole graph, or a CONSTRUCT query's result, as one offline HTML page.

    The page needs no network: open OUT in any browser.
    """
    from pledgegraph import viz  # networkx and the layout: only when drawing

    if query is None:
        if params:
            raise click.UsageError("--param needs --query")
        html = viz.page(open_store(store_spec, paths), title=title)
    else:
        path = Path(query)
        # a file of your own needs no #+ header; a canned query is found by name
        is_file = path.suffix == ".rq" and path.is_file()
        canned = adhoc(path.read_text("utf-8"), path.stem) if is_file else find_query(query)
        values = params_dict(params)
        canned.bind(values)  # parameter errors before loading anything
        store = open_store(store_spec, paths)
        result = run(store, canned, values)
        if not isinstance(result, GraphResult):
            raise QueryError(f"{query}: viz draws CONSTRUCT or DESCRIBE results only")
        note = f"query {canned.name}" + "".join(f", {n}={v}" for n, v in params)
        html = viz.result_page(store, result.graph, title or note, note)
    write_atomic(out, html)
    click.echo(f"wrote {out}", err=True)


COMMANDS = (queries_command, query_command, serve_command, viz_command)
