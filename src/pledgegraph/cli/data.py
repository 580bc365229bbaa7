"""Commands on the data: validate, build, export, push."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click

from pledgegraph import validate as validation
from pledgegraph.atomic import write_all
from pledgegraph.build import build_outputs, check, export_one
from pledgegraph.cli.params import output_option, paths_argument, store_option, write_output
from pledgegraph.errors import ValidationFailed
from pledgegraph.formats import of_kind
from pledgegraph.load import load
from pledgegraph.push import push
from pledgegraph.results import money
from pledgegraph.store import RemoteStore, StoreSpec, open_store
from pledgegraph.summary import Summary, summarise
from pledgegraph.validate import ENGINES, Engine, ValidationReport, default_cache_dir

# names and their aliases (ttl, nq, ...), all resolved through the one format table
EXPORT_FORMATS = [name for f in of_kind("rdf", "table", "network") for name in (f.name, *f.aliases)]


def echo_report(report: ValidationReport, verdict: bool = True) -> None:
    for result in report.printed():
        click.echo(str(result))
    if verdict:
        verdict_text = "conforms" if report.conforms else "does not conform"
        click.echo(f"{verdict_text}: {report.summary()}", err=True)


def checked(report: ValidationReport) -> ValidationReport:
    """``report``, if the data conforms; else its results are printed and ``ValidationFailed``
    raised (whose message is the verdict)."""
    if not report.conforms:
        echo_report(report, verdict=False)
        raise ValidationFailed(report)
    return report


engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL and run on Oxigraph (seconds at 10^6 triples); "
    "pyshacl: the reference SHACL engine (minutes at 10^5). Both give the same results.",
)


@click.command("validate")
@paths_argument
@engine_option
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the validation cache: files unchanged since the last run are not "
    "validated again [default: $XDG_CACHE_HOME/pledgegraph].",
)
@click.option("--no-cache", is_flag=True, help="Validate every file; read and write no cache.")
def validate_command(
    paths: tuple[Path, ...], engine: Engine, cache_dir: Path | None, no_cache: bool
) -> None:
    """Check ontology, data and PATHS against the shapes and the check queries; print every
    result.

    Each line reads: file: severity: entity <IRI> property: message [shape].
    """
    data = load(paths) if engine == "pyshacl" else open_store("oxigraph", paths)
    cache = None if no_cache or engine == "pyshacl" else cache_dir or default_cache_dir()
    report = validation.check(data, engine=engine, cache=cache)
    echo_report(report)
    if cache is not None:
        click.echo(
            f"validated {report.checked_files} changed file(s); "
            f"{report.cached_files} unchanged, from the cache in {cache}",
            err=True,
        )
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


@click.command("build")
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
def build_command(paths: tuple[Path, ...], out: Path, store_spec: StoreSpec) -> None:
    """Load, validate, then write the graph, its exports and the network page to OUT.

    Nothing is written unless the data conforms; rebuilding the same data gives byte-identical
    files.
    """
    store = open_store(store_spec, paths)
    dataset = store.dataset()
    report = checked(check(dataset))
    files = build_outputs(dataset)
    written = write_all(out, files)
    echo_summary(summarise(dataset), out, written)
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
    """Write the graph, with its dataset description (named graph void), in one format."""
    store = open_store(store_spec, paths)
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
