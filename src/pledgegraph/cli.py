"""The command line: one click group, a command per stage. The only module that prints or exits.

Library errors (``PledgeGraphError``) are turned into messages on stderr and exit codes in one
place, ``main``; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

import click
from rdflib import Dataset

from pledgegraph import __version__
from pledgegraph.atomic import write_all, write_atomic
from pledgegraph.describe import DESCRIPTION, DESCRIPTION_GRAPH, TITLE, describe
from pledgegraph.errors import PledgeGraphError, ValidationFailed
from pledgegraph.export import (
    FORMATS,
    csv_tables,
    dump_files,
    find_format,
    only_graph,
    rdf_format,
    serialize,
    serialize_graph,
    with_graph,
)
from pledgegraph.load import PledgeDataset, load
from pledgegraph.pages import dist_index
from pledgegraph.store import STORE_SPECS, open_store
from pledgegraph.summary import Summary, money, summarise
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
    description = describe(dataset)
    files = dump_files(with_graph(dataset, DESCRIPTION_GRAPH, description))
    files["void.ttl"] = serialize_graph(description, rdf_format("turtle"))
    # index.html comes last: it lists every other file with its size
    files["index.html"] = dist_index(files, TITLE, DESCRIPTION)
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


# --- linked data ---

EXPORT_FORMATS = [f.name for f in FORMATS if f.kind in ("rdf", "table")]


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
    help="Output format. trig and nquads keep the named graphs; the others carry their union.",
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
    dataset = open_store(store_spec, paths).dataset()
    full: Dataset = with_graph(dataset, DESCRIPTION_GRAPH, describe(dataset))
    if graph_name:
        full = only_graph(full, graph_name)
    fmt = find_format(format_name)
    data = csv_tables(full)[f"{table}.csv"] if fmt.name == "csv" else serialize(full, fmt)
    if output == "-":
        click.get_binary_stream("stdout").write(data)
    else:
        write_atomic(Path(output), data)
