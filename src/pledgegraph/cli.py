"""The command line: one click group, a command per stage. The only module that prints or exits.

Library errors (``PledgeGraphError``) are turned into messages on stderr and exit codes in one
place, ``main``; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

import click
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from pledgegraph import __version__, viz
from pledgegraph.atomic import write_all, write_atomic
from pledgegraph.errors import PledgeGraphError, QueryError, ValidationFailed
from pledgegraph.export import RDF_FORMATS, serialize
from pledgegraph.load import PledgeDataset, load
from pledgegraph.network import network_from_graph
from pledgegraph.store import STORE_SPECS, GraphResult, MemoryStore, open_store
from pledgegraph.summary import Summary, data_timestamp, money, summarise
from pledgegraph.validate import ValidationReport, validate
from pledgegraph.vocab import ID

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
    """Everything ``validate`` and ``build`` check: the SHACL shapes."""
    return validate(dataset)


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


# --- network ---


def parse_params(params: tuple[str, ...]) -> dict[str, Identifier]:
    """``k=v`` pairs as query bindings: an IRI (``https://...``) or a short entity IRI
    (``company:toshiba``) becomes an IRI, anything else a plain literal."""
    bindings: dict[str, Identifier] = {}
    for raw in params:
        key, sep, value = raw.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param {raw!r}: write it as name=value")
        kind, colon, slug = value.partition(":")
        if value.startswith(("http://", "https://", "urn:")):
            bindings[key] = URIRef(value)
        elif colon and kind.isidentifier() and slug and "/" not in kind:
            bindings[key] = ID[f"{kind}/{slug}"]
        else:
            bindings[key] = Literal(value)
    return bindings


def query_text(spec: str) -> str:
    """The SPARQL of ``--query``: a .rq file's text."""
    path = Path(spec)
    if not path.is_file():
        raise click.UsageError(f"--query {spec!r}: no such .rq file")
    return path.read_text("utf-8")


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
    store = open_store(store_spec, paths)
    if query is None:
        if params:
            raise click.UsageError("--param needs --query")
        html = viz.page(store, title=title)
    else:
        result = store.query(query_text(query), parse_params(params))
        if not isinstance(result, GraphResult):
            raise QueryError(f"{query}: viz draws CONSTRUCT or DESCRIBE results only")
        dataset = store.dataset()
        g = network_from_graph(result.graph, context=dataset)
        note = f"query {Path(query).stem}" + "".join(f", {p}" for p in params)
        info = viz.PageInfo(title or note, built=data_timestamp(dataset), note=note)
        html = viz.render(g, info)
    write_atomic(out, html)
    click.echo(f"wrote {out}", err=True)
