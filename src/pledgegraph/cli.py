"""The command line: one click group, a command per stage. The only module that prints or exits.

Library errors (``PledgeGraphError``) are turned into messages on stderr and exit codes in one
place, ``main``; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import IO, Any

import click
from rdflib import Dataset

from pledgegraph import __version__, viz
from pledgegraph.atomic import write_all, write_atomic
from pledgegraph.build import build_outputs, check
from pledgegraph.describe import DESCRIPTION_GRAPH, describe
from pledgegraph.errors import PledgeGraphError, QueryError, ValidationFailed
from pledgegraph.export.rdf import only_graph, serialize, union_graph, with_graph
from pledgegraph.export.tables import csv_tables
from pledgegraph.formats import FORMATS, GRAPH_FORMATS, RESULT_FORMATS, find
from pledgegraph.ingest.article import build_draft, read_article
from pledgegraph.ingest.gold import check as check_gold
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.ingest.table import import_table
from pledgegraph.load import load
from pledgegraph.network import network, network_from_graph, to_gexf, to_graphml
from pledgegraph.results import GraphResult, format_result, money
from pledgegraph.store import STORE_SPECS, open_store
from pledgegraph.summary import Summary, data_timestamp, summarise
from pledgegraph.validate import ValidationReport

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
    store = open_store(store_spec, paths)
    dataset = store.dataset()
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
    from pledgegraph.query import (
        MACHINE_FORMATS,
        adhoc,
        find_query,
        run,
        run_serialized,
    )

    query = adhoc(sys.stdin.read()) if spec == "-" else find_query(spec)
    values = _parse_params(params)
    query.bind(values)  # parameter errors before loading anything
    store = open_store(f"sparql+{endpoint}" if endpoint else store_spec)
    if fmt in MACHINE_FORMATS:  # the store may write these itself, without rdflib terms
        data = run_serialized(store, query, values, fmt)
    else:
        result = run(store, query, values)
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
    """Serve the SPARQL endpoint (/sparql), the query page (/) and the entity pages (/id/...,
    /ontology, with content negotiation) until interrupted."""
    from pledgegraph.web import run_server

    store = open_store(store_spec, paths)
    click.echo(f"serving http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C to stop", err=True)
    run_server(store, host=host, port=port, timeout=timeout, max_rows=max_rows)


# --- ingest ---


def _ingest_reconciler(store_spec: str) -> Reconciler:
    """A reconciler over the project's graph, reached through the store seam."""
    return Reconciler(open_store(store_spec, ()).dataset())


def _write_or_print(data: bytes, output: Path | None) -> None:
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"wrote {output}", err=True)


@cli.command("extract")
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--source-url", default="", help="Where the article was published.")
@click.option("--title", default="", help="Title of the article (default: [file name]).")
@click.option(
    "--published",
    default="",
    metavar="DATE",
    help="Publication date, YYYY-MM-DD; dates the extraction and a new agreement.",
)
@click.option(
    "--agreement",
    "agreement_slug",
    default=None,
    metavar="SLUG",
    help="Agreement the commitments belong to (default: the one in the graph signed "
    "by the two countries, else a new one).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the draft Turtle here (default: stdout).",
)
@click.option(
    "--check",
    "gold",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="GOLD.yaml",
    help="Score the extraction against a gold file and print precision, recall and F1.",
)
@click.option(
    "--now",
    is_flag=True,
    help="Date the extraction by the clock instead of "
    "--published (output is then not reproducible).",
)
@store_option
def extract_command(
    article: Path,
    source_url: str,
    title: str,
    published: str,
    agreement_slug: str | None,
    output: Path | None,
    gold: Path | None,
    now: bool,
    store_spec: str,
) -> None:
    """Find commitments in ARTICLE (plain text) and write them as a draft for review.

    Rule-based and offline. Every claim quotes its sentence with its exact span; every node is
    marked pledge:reviewStatus "draft" with notes on what to confirm. With --check the scores go
    to stdout and the draft is written only if -o is given.
    """
    if published and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--published")
    text = read_article(article)
    reconciler = _ingest_reconciler(store_spec)
    draft = build_draft(
        text,
        article,
        reconciler,
        output=output,
        source_url=source_url,
        title=title,
        published=published,
        agreement_slug=agreement_slug,
        now=now,
    )
    for line in draft.report:
        click.echo(line, err=True)
    if gold is not None:
        for score in check_gold(draft.extraction, gold, reconciler):
            click.echo(score.line())
            for key in score.missing:
                click.echo(f"  missing:    {_key_text(key)}")
            for key in score.unexpected:
                click.echo(f"  unexpected: {_key_text(key)}")
        if output is not None:
            write_atomic(output, draft.turtle)
        return
    _write_or_print(draft.turtle, output)


def _key_text(key: tuple[object, ...]) -> str:
    return " ".join(str(part).rsplit("/", 1)[-1] for part in key)


@cli.command("import-table")
@click.argument("table", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--agreement",
    "agreement_slug",
    default=None,
    metavar="SLUG",
    help="Slug of the agreement in the graph that the rows belong to (default: the graph's only "
    "agreement).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the Turtle here (default: stdout).",
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Write the good rows and report the bad ones instead of writing nothing.",
)
@store_option
def import_table_command(
    table: Path, agreement_slug: str | None, output: Path | None, skip_bad: bool, store_spec: str
) -> None:
    """Turn a pledge-tracker TABLE (CSV or TSV, one commitment per row) into Turtle.

    Names are reconciled with the graph; new companies and countries are reported. A bad row is
    reported as file:row:column: message and nothing is written, unless --skip-bad.
    """
    reconciler = _ingest_reconciler(store_spec)
    result = import_table(table, agreement_slug, reconciler, output=output, skip_bad=skip_bad)
    for error in result.errors:
        click.echo(f"skipped: {error}", err=True)
    for line in result.report:
        click.echo(line, err=True)
    _write_or_print(result.turtle, output)


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


# --- linked data ---

# names and their aliases (ttl, nq, ...), all resolved through the one format table
EXPORT_FORMATS = [
    name for f in FORMATS if f.kind in ("rdf", "table", "network") for name in (f.name, *f.aliases)
]


@cli.command("export")
@paths_argument
@store_option
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(EXPORT_FORMATS),
    default="turtle",
    show_default=True,
    help="Output format. trig and nquads keep the named graphs; the other RDF formats carry "
    "their union; graphml and gexf are the network (for Gephi).",
)
@click.option(
    "--graph",
    "graph_name",
    metavar="NAME",
    help="Only this named graph: its IRI or the part after graph/ "
    "(e.g. data/parties/us-japan-2025, ontology/pledge, void).",
)
@click.option(
    "--table",
    type=click.Choice(["commitments", "entities"]),
    default="commitments",
    show_default=True,
    help="Which CSV table --format csv writes.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="PATH|-",
    help="File to write (atomically), or - for stdout.",
)
def export_command(
    paths: tuple[Path, ...],
    store_spec: str,
    format_name: str,
    graph_name: str | None,
    table: str,
    output: str,
) -> None:
    """Write the graph, with its dataset description (named graph void), in one format."""
    store = open_store(store_spec, paths)
    dataset = store.dataset()
    full: Dataset = with_graph(dataset, DESCRIPTION_GRAPH, describe(dataset))
    if graph_name:
        full = only_graph(full, graph_name)
    fmt = find(format_name)
    if fmt.kind == "network":  # the network stage's own graph: folded amounts and evidence
        g = network_from_graph(union_graph(full), dataset) if graph_name else network(store)
        data = to_graphml(g) if fmt.name == "graphml" else to_gexf(g)
    elif fmt.name == "csv":
        data = csv_tables(union_graph(full))[f"{table}.csv"]
    else:
        data = serialize(full, fmt)
    if output == "-":
        click.get_binary_stream("stdout").write(data)
    else:
        write_atomic(Path(output), data)


# --- scale ---


@cli.command("push")
@paths_argument
@store_option
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="SPARQL query endpoint, e.g. http://127.0.0.1:7878/query (Oxigraph server).",
)
@click.option(
    "--graph-store",
    metavar="URL",
    default=None,
    help="Graph Store Protocol endpoint [default: next to --endpoint: /query -> /store, "
    "/sparql -> /data].",
)
def push_command(
    paths: tuple[Path, ...], store_spec: str, endpoint: str, graph_store: str | None
) -> None:
    """Upload every named graph to a SPARQL 1.1 store (one PUT per graph, so pushing again
    replaces stale data), then check the remote triple counts.

    Data that breaks the shapes is not pushed.
    """
    from pledgegraph.push import push
    from pledgegraph.store import RemoteStore

    store = open_store(store_spec, paths)
    report = check(store.dataset())
    if not report.conforms:
        echo_report(report)
        raise ValidationFailed(report)
    remote = RemoteStore(endpoint.removeprefix("sparql+"), graph_store)
    result = push(store, remote)
    for graph in result.graphs:
        click.echo(f"{graph.remote:>9} triples  {graph.name}")
    for name in result.deleted:
        click.echo(f"  deleted stale graph {name}")
    click.echo(
        f"pushed {len(result.graphs)} graphs, {result.triples} triples, to {remote.graph_store}; "
        "remote counts match",
        err=True,
    )


@cli.command("synth")
@click.option(
    "--agreements",
    "n",
    type=click.IntRange(min=1),
    required=True,
    metavar="N",
    help="How many agreements (about 560 triples each).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("synth"),
    show_default=True,
    help="Folder to write agreements/, parties/ and sources/ into.",
)
def synth_command(n: int, seed: int, out: Path) -> None:
    """Write N synthetic agreements (fictional, labelled as such) that conform to the shapes.

    Load them with any command: `pledgegraph validate OUT`, `pledgegraph build OUT`.
    """
    from pledgegraph import synth

    result = synth.synthesise(n, seed)
    written = synth.write(result, out)
    click.echo(f"wrote {len(written)} files, about {result.triples:,} triples, to {out}/")
