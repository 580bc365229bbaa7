"""Commands on the data: validate, build, export, push."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from pledgegraph.atomic import check_replaceable
from pledgegraph.build import BUILD_FILES, as_oxigraph, check, export_one, write_build
from pledgegraph.cli.params import output_option, paths_argument, store_option, write_output
from pledgegraph.cli.review import drafts_option, gate
from pledgegraph.errors import ValidationFailed
from pledgegraph.formats import of_kind
from pledgegraph.load import load
from pledgegraph.push import push
from pledgegraph.results import money
from pledgegraph.store import RemoteStore, StoreSpec, open_store
from pledgegraph.summary import Summary, summarise

if TYPE_CHECKING:
    from pledgegraph.validate import Engine, ValidationReport

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
    type=click.Choice(["sparql", "pyshacl"]),  # validate.ENGINES, without importing it
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL and run on Oxigraph (seconds at 10^6 triples); "
    "pyshacl: the reference SHACL engine (minutes at 10^5). Both give the same results.",
)


@click.command("validate")
@paths_argument
@engine_option
@click.option("--drafts", is_flag=True, help="Count draft claims, as a draft file is checked.")
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
    paths: tuple[Path, ...], engine: Engine, drafts: bool, cache_dir: Path | None, no_cache: bool
) -> None:
    """Check ontology, data and PATHS against the shapes and the check queries; print every
    result.

    Each line reads: file: severity: entity <IRI> property: message [shape].
    """
    from pledgegraph import validate as validation  # the validation stage, only when validating

    data = (
        load(paths, drafts=drafts)
        if engine == "pyshacl"
        else open_store("oxigraph", paths, drafts=drafts)
    )
    cache = None if no_cache or engine == "pyshacl" else cache_dir or validation.default_cache_dir()
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
            said = {"cap": "up to ", "floor": "over "}.get(a.headline_kind, "")
            headline = f"headline total {said}{money(a.headline_total)} (minus itemised: {gap})"
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
@drafts_option
def build_command(paths: tuple[Path, ...], out: Path, store_spec: StoreSpec, drafts: bool) -> None:
    """Load, validate, then write the graph, its exports and the network page to OUT.

    Each file is parsed once, into Oxigraph (in memory unless --store oxigraph:DIR). Nothing
    is written unless the data conforms; the new files replace the old ones only once all are
    written; rebuilding the same data gives byte-identical files.
    """
    check_replaceable(out.absolute(), BUILD_FILES)  # before the work, not after
    spec = StoreSpec("oxigraph") if store_spec.kind == "memory" else store_spec
    store = as_oxigraph(open_store(spec, paths, drafts=drafts))
    gate(store, drafts)
    report = checked(check(store))
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
@drafts_option
def export_command(
    paths: tuple[Path, ...],
    store_spec: StoreSpec,
    format_name: str,
    graph_name: str | None,
    table: str,
    output: IO[bytes],
    drafts: bool,
) -> None:
    """Write the graph, with its dataset description (named graph void), in one format.

    The files are parsed into Oxigraph in memory (or --store), which writes the RDF formats."""
    spec = StoreSpec("oxigraph") if store_spec.kind == "memory" else store_spec
    store = open_store(spec, paths, drafts=drafts)
    gate(store, drafts)
    write_output(output, export_one(store, format_name, graph_name, table))


@click.command("push")
@paths_argument
@store_option
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="SPARQL query endpoint, e.g. http://127.0.0.1:7878/query (Oxigraph server) or "
    "http://127.0.0.1:8890/sparql (Virtuoso).",
)
@click.option(
    "--graph-store",
    metavar="URL",
    default=None,
    help="Graph Store Protocol endpoint [default: as the service description names it, else "
    "by the kind of store: Oxigraph /store, Virtuoso /sparql-graph-crud, Fuseki /data].",
)
@click.option(
    "--update",
    "update_url",
    metavar="URL",
    default=None,
    help="SPARQL Update endpoint [default: found like --graph-store: Oxigraph /update, "
    "Virtuoso the query endpoint, Fuseki /update].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up on a request the remote has not answered within this time.",
)
@drafts_option
def push_command(
    paths: tuple[Path, ...],
    store_spec: StoreSpec,
    endpoint: str,
    graph_store: str | None,
    update_url: str | None,
    timeout: float,
    drafts: bool,
) -> None:
    """Put every named graph and the dataset description on a SPARQL 1.1 store, all at once:
    changed graphs are uploaded under new names and switched in by one SPARQL Update, so a
    failure leaves the remote as it was (or says exactly what changed); unchanged graphs are
    not sent again; our stale graphs are deleted, other graphs never touched. Then the remote
    triple counts are checked.

    Data that breaks the shapes is not pushed.
    """
    spec = StoreSpec("oxigraph") if store_spec.kind == "memory" else store_spec
    store = as_oxigraph(open_store(spec, paths, drafts=drafts))  # as build: checked in place
    gate(store, drafts)
    checked(check(store))
    url = endpoint.removeprefix("sparql+")
    remote = RemoteStore(url, graph_store, update=update_url, timeout=timeout)
    result = push(store, remote)
    for graph in result.graphs:
        note = "" if graph.changed else "  (unchanged)"
        click.echo(f"{graph.remote:>9} triples  {graph.name}{note}")
    for name in result.deleted:
        click.echo(f"  deleted stale graph {name}")
    how = (
        f"{len(result.changed)} graph(s) replaced, {len(result.deleted)} deleted, "
        f"via {result.method}"
        if result.method
        else "nothing changed on the remote (every checksum matched)"
    )
    click.echo(
        f"{result.data} triples in {len(result.graphs) - 1} graphs, and the dataset description: "
        f"{result.union} distinct triples (void:triples {result.void_triples}); {how}"
    )
    click.echo(
        f"pushed to {remote.graph_store} (Graph Store, found by {remote.endpoints.found_by}); "
        "remote counts match",
        err=True,
    )


COMMANDS = (validate_command, build_command, export_command, push_command)
