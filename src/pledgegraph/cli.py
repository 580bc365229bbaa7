"""The command line: one click group, a command per stage. The only module that prints or exits.

Library errors (``PledgeGraphError``) are turned into messages on stderr and exit codes in one
place, ``main``; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

import click

from pledgegraph import __version__, viz
from pledgegraph.atomic import write_all, write_atomic
from pledgegraph.errors import PledgeGraphError, QueryError, ValidationFailed
from pledgegraph.export import RDF_FORMATS, serialize
from pledgegraph.load import PledgeDataset, load
from pledgegraph.network import network_from_graph
from pledgegraph.store import STORE_SPECS, GraphResult, MemoryStore, open_store
from pledgegraph.summary import Summary, data_timestamp, money, summarise
from pledgegraph.validate import ValidationReport, validate

EXIT_CODES = """\b
Exit codes:
  0  success (validation warnings allowed)
  1  bad data: SHACL violations, failed checks, query errors
  2  usage errors and unreadable input (syntax errors as path:line:col)
"""

paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=False))
store_option = click.option(
    "--store",
    "store_spec",
    default="memory",
    show_default=True,
    metavar="SPEC",
    help=f"Where the graph lives: {STORE_SPECS}.",
)


class CliError(click.ClickException):
    """A library error on its way to the user: its own message on stderr, its own exit code."""

    def __init__(self, error: PledgeGraphError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True)


class PledgeGraphGroup(click.Group):
    """Turns ``PledgeGraphError`` from any command into a ``CliError``, in this one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PledgeGraphError as err:
            raise CliError(err) from err


@click.group(
    cls=PledgeGraphGroup,
    epilog=EXIT_CODES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="pledgegraph")
def cli() -> None:
    """PledgeGraph: investment agreements and their pledges as linked data.

    Loads ontology/ and data/ of the checkout you are in (or $PLEDGEGRAPH_ROOT), plus any
    files or folders you name.
    """


def main() -> None:
    """Console-script entry point."""
    cli()


def check(dataset: PledgeDataset) -> ValidationReport:
    """Everything ``validate`` and ``build`` check: the SHACL shapes, then every
    ``queries/checks/*-violation.rq`` (each row a violation)."""
    from pledgegraph.query import checks_folder, run_checks
    from pledgegraph.store import MemoryStore

    report = validate(dataset)
    folder = checks_folder(dataset.root)
    if folder.is_dir():
        report.results.extend(run_checks(MemoryStore(dataset), folder))
    return report


def echo_report(report: ValidationReport) -> None:
    for result in report.results:
        click.echo(str(result))
    verdict = "conforms" if report.conforms else "does not conform"
    click.echo(f"{verdict}: {report.summary()}", err=True)


@cli.command("validate")
@paths_argument
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check ontology, data and PATHS against the shapes; print every result.

    Each line reads: file: severity: entity <IRI> property: message [shape].
    """
    dataset = load(paths)
    report = check(dataset)
    echo_report(report)
    if not report.conforms:
        sys.exit(1)


def echo_summary(summary: Summary, out: Path, written: list[Path]) -> None:
    gap = summary.headline_total - summary.itemised_total
    click.echo(f"wrote {len(written)} files to {out}/: " + ", ".join(p.name for p in written))
    click.echo(
        f"{summary.triples} triples in {summary.graphs} graphs; {summary.agreements} agreement(s), "
        f"{summary.commitments} commitments ({summary.investment_commitments} monetary, "
        f"{summary.policy_commitments} policy, {summary.components} components)"
    )
    click.echo(
        f"headline total {money(summary.headline_total)}; itemised {money(summary.itemised_total)} "
        f"= stated {money(summary.itemised_stated)} + caps {money(summary.itemised_caps)}; "
        f"headline minus itemised {money(gap)}"
    )


def build_outputs(dataset: PledgeDataset) -> dict[str, bytes]:
    """Every file ``build`` writes, as name -> bytes, made in memory before anything is written."""
    wanted = ("turtle", "nt", "jsonld")
    files = {
        f"pledgegraph{fmt.extension}": serialize(dataset, fmt)
        for fmt in RDF_FORMATS
        if fmt.name in wanted
    }
    files["network.html"] = viz.page(MemoryStore(dataset))
    return files


@cli.command("build")
@paths_argument
@store_option
@click.option(
    "--out",
    "out",
    default=Path("dist"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into.",
)
def build_command(paths: tuple[Path, ...], out: Path, store_spec: str) -> None:
    """Load, validate, then write the graph, its exports and the network page to OUT.

    Nothing is written unless the data conforms; rebuilding the same data gives byte-identical
    files.
    """
    dataset = open_store(store_spec, paths).dataset()
    report = check(dataset)
    if not report.conforms:
        echo_report(report)
        raise ValidationFailed(report)
    files = build_outputs(dataset)
    written = write_all(out, files)
    echo_summary(summarise(dataset), out, written)
    if report.warnings:
        click.echo(f"{len(report.warnings)} warning(s); see `pledgegraph validate`", err=True)


# --- sparql ---


def _format_names() -> list[str]:
    from pledgegraph.query import GRAPH_FORMATS, RESULT_FORMATS

    return [f.name for f in RESULT_FORMATS] + [f.name for f in GRAPH_FORMATS]


@cli.command("queries")
def queries_command() -> None:
    """List the canned queries in queries/: name, parameters and title."""
    from pledgegraph.query import discover

    for query in discover():
        params = " ".join(f"--param {p}=..." for p in query.param_names)
        click.echo(f"{query.name}\t{query.form}\t{query.title}" + (f"\t{params}" if params else ""))


def _parse_params(raw: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in raw:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        values[name] = value
    return values


@cli.command("query")
@click.argument("spec", metavar="NAME|FILE.rq|-")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a parameter (through the engine, never pasted into the text).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_format_names()),
    default=None,
    help="Output format [default: table for SELECT/ASK, turtle for graphs].",
)
@click.option(
    "-o", "--output", "output", default="-", metavar="FILE", help="Write to FILE instead of stdout."
)
@store_option
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Query a remote SPARQL endpoint (shorthand for --store sparql+URL).",
)
def query_command(
    spec: str,
    params: tuple[str, ...],
    fmt: str | None,
    output: str,
    store_spec: str,
    endpoint: str | None,
) -> None:
    """Run a canned query by NAME, a .rq file, or a query on stdin (-).

    \b
    Examples:
      pledgegraph query pledged-by-sector
      pledgegraph query company-profile --param company=company:ge-vernova -f jsonld
      echo 'ASK { ?s ?p ?o }' | pledgegraph query - -f json
    """
    from pledgegraph.atomic import write_atomic
    from pledgegraph.query import adhoc, find_query, format_result, run

    query = adhoc(sys.stdin.read()) if spec == "-" else find_query(spec)
    values = _parse_params(params)
    query.bind(values)  # parameter errors before loading anything
    store = open_store(f"sparql+{endpoint}" if endpoint else store_spec)
    result = run(store, query, values)
    from pledgegraph.store import GraphResult

    chosen = fmt or ("turtle" if isinstance(result, GraphResult) else "table")
    data = format_result(result, chosen)
    if output == "-":
        stdout = click.get_binary_stream("stdout")
        stdout.write(data)
        stdout.flush()
    else:
        write_atomic(Path(output), data)


@cli.command("serve")
@paths_argument
@store_option
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
def serve_command(
    paths: tuple[Path, ...], store_spec: str, host: str, port: int, timeout: float, max_rows: int
) -> None:
    """Serve the SPARQL endpoint (/sparql) and the query page (/) until interrupted."""
    from pledgegraph.serve import run_server

    store = open_store(store_spec, paths)
    click.echo(f"serving http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C to stop", err=True)
    run_server(store, host=host, port=port, timeout=timeout, max_rows=max_rows)


# --- network ---


@cli.command("viz")
@paths_argument
@store_option
@click.option("--query", "query", metavar="NAME|FILE", help="Draw this CONSTRUCT query's result.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Query parameter.")
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
    store_spec: str,
    query: str | None,
    params: tuple[str, ...],
    out: Path,
    title: str | None,
) -> None:
    """Draw the whole graph, or a CONSTRUCT query's result, as one offline HTML page.

    The page needs no network: open OUT in any browser.
    """
    from pledgegraph.query import adhoc, find_query, run

    if query is None:
        if params:
            raise click.UsageError("--param needs --query")
        html = viz.page(open_store(store_spec, paths), title=title)
    else:
        path = Path(query)
        # a file of your own needs no #+ header; a canned query is found by name
        is_file = path.suffix == ".rq" and path.is_file()
        canned = adhoc(path.read_text("utf-8"), path.stem) if is_file else find_query(query)
        values = _parse_params(params)
        canned.bind(values)  # parameter errors before loading anything
        store = open_store(store_spec, paths)
        result = run(store, canned, values)
        if not isinstance(result, GraphResult):
            raise QueryError(f"{query}: viz draws CONSTRUCT or DESCRIBE results only")
        dataset = store.dataset()
        g = network_from_graph(result.graph, context=dataset)
        note = f"query {canned.name}" + "".join(f", {p}" for p in params)
        info = viz.PageInfo(title or note, built=data_timestamp(dataset), note=note)
        html = viz.render(g, info)
    write_atomic(out, html)
    click.echo(f"wrote {out}", err=True)
