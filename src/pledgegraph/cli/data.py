"""Commands on the data: validate, build, export, push."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from pledgegraph.atomic import check_replaceable
from pledgegraph.build import BUILD_FILES, as_oxigraph, check, export_one, write_build
from pledgegraph.cli.params import output_option, paths_argument, store_option, write_output
from pledgegraph.errors import ValidationFailed
from pledgegraph.formats import of_kind
from pledgegraph.load import load
from pledgegraph.push import push
from pledgegraph.results import money
from pledgegraph.store import RemoteStore, StoreSpec, open_store
from pledgegraph.summary import Summary, summarise

if TYPE_CHECKING:
    from pledgegraph.validate import ValidationReport

# names and their aliases (ttl, nq, ...), all resolved through the one format table
EXPORT_FORMATS = [name for f in of_kind("rdf", "table", "network") for name in (f.name, *f.aliases)]


def echo_report(report: ValidationReport) -> None:
    for result in report.results:
        click.echo(str(result))
    verdict = "conforms" if report.conforms else "does not conform"
    click.echo(f"{verdict}: {report.summary()}", err=True)


def checked(report: ValidationReport) -> ValidationReport:
    """``report``, if the data conforms; else it is printed and ``ValidationFailed`` raised."""
    if not report.conforms:
        echo_report(report)
        raise ValidationFailed(report)
    return report


@click.command("validate")
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
    """The files written, the triple count (the dataset description's), then one line per
    agreement: money is never added up across agreements."""
    click.echo(f"wrote {len(written)} files to {out}/: " + ", ".join(p.name for p in written))
    click.echo(
        f"{summary.triples} triples in {summary.graphs} graphs; "
        f"{len(summary.agreements)} agreement(s)"
    )
    for a in summary.agreements:
        if a.headline_total is None:
            headline = "no headline total"
        else:
            gap = money(a.headline_total - a.itemised_total)
            headline = f"headline total {money(a.headline_total)} (minus itemised: {gap})"
        click.echo(
            f"{a.label}: {a.commitments} commitments ({a.investment_commitments} monetary, "
            f"{a.policy_commitments} policy, {a.components} components); {headline}; "
            f"itemised {money(a.itemised_total)} = stated {money(a.itemised_stated)} "
            f"+ caps {money(a.itemised_caps)}"
        )


@click.command("build")
@paths_argument
@store_option
@click.option(
    "--out",
    "out",
    default=Path("dist"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into; its old files are replaced as a set, in one step.",
)
def build_command(paths: tuple[Path, ...], out: Path, store_spec: StoreSpec) -> None:
    """Load, validate, then write the graph, its exports and the network page to OUT.

    Each file is parsed once, into Oxigraph (in memory unless --store oxigraph:DIR). Nothing
    is written unless the data conforms; the new files replace the old ones only once all are
    written; rebuilding the same data gives byte-identical files.
    """
    check_replaceable(out.absolute(), BUILD_FILES)  # before the work, not after
    spec = StoreSpec("oxigraph") if store_spec.kind == "memory" else store_spec
    store = as_oxigraph(open_store(spec, paths))
    report = checked(check(store.dataset()))
    built = write_build(store, out)
    echo_summary(summarise(store, built.triples), out, built.files)
    if report.warnings:
        click.echo(f"{len(report.warnings)} warning(s); see `pledgegraph validate`", err=True)


@click.command("export")
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
@output_option("File to write (atomically), or - for stdout.")
def export_command(
    paths: tuple[Path, ...],
    store_spec: StoreSpec,
    format_name: str,
    graph_name: str | None,
    table: str,
    output: IO[bytes],
) -> None:
    """Write the graph, with its dataset description (named graph void), in one format.

    The files are parsed into Oxigraph in memory (or --store), which writes the RDF formats."""
    spec = StoreSpec("oxigraph") if store_spec.kind == "memory" else store_spec
    store = open_store(spec, paths)
    write_output(output, export_one(store, format_name, graph_name, table))


@click.command("push")
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
    paths: tuple[Path, ...], store_spec: StoreSpec, endpoint: str, graph_store: str | None
) -> None:
    """Upload every named graph to a SPARQL 1.1 store (one PUT per graph, so pushing again
    replaces stale data), then check the remote triple counts.

    Data that breaks the shapes is not pushed.
    """
    store = open_store(store_spec, paths)
    checked(check(store.dataset()))
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


COMMANDS = (validate_command, build_command, export_command, push_command)
