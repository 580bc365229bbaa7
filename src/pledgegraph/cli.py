"""The command line: one click group, a command per stage. The only module that prints or exits.

Library errors (``PledgeGraphError``) are turned into messages on stderr and exit codes in one
place, ``main``; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from pledgegraph import __version__, viz
from pledgegraph.atomic import write_all, write_atomic
from pledgegraph.errors import PledgeGraphError, QueryError, ValidationFailed
from pledgegraph.export import RDF_FORMATS, serialize
from pledgegraph.load import PledgeDataset, load
from pledgegraph.network import network_from_graph
from pledgegraph.store import STORE_SPECS, GraphResult, MemoryStore, Store, open_store
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


@click.group(epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pledgegraph")
def cli() -> None:
    """PledgeGraph: investment agreements and their pledges as linked data.

    Loads ontology/ and data/ of the checkout you are in (or $PLEDGEGRAPH_ROOT), plus any
    files or folders you name.
    """


def main() -> None:
    """Entry point: run the group, turning library errors into messages and exit codes."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except PledgeGraphError as err:
        click.echo(str(err), err=True)
        sys.exit(err.exit_code)


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


def build_outputs(dataset: PledgeDataset, store: Store | None = None) -> dict[str, bytes]:
    """Every file ``build`` writes, as name -> bytes, made in memory before anything is written.

    With a ``store`` the exports come from it (Oxigraph serialises natively).
    """
    wanted = ("turtle", "nt", "jsonld")
    files = {
        f"pledgegraph{fmt.extension}": (
            store.serialize(fmt) if store is not None else serialize(dataset, fmt)
        )
        for fmt in RDF_FORMATS
        if fmt.name in wanted
    }
    files["network.html"] = viz.page(store if store is not None else MemoryStore(dataset))
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
    store = open_store(store_spec, paths)
    dataset = store.dataset()
    report = check(dataset)
    if not report.conforms:
        echo_report(report)
        raise ValidationFailed(report)
    files = build_outputs(dataset, store)
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
@click.option("--agreements", "n", type=click.IntRange(min=1), required=True, metavar="N")
@click.option("--seed", type=int, default=0, show_default=True)
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


@cli.command("bench")
@click.option("--sizes", default="1e4,1e5,1e6", show_default=True, help="Triple counts.")
@click.option("--stores", default="memory,oxigraph", show_default=True)
@click.option("--repeat", type=click.IntRange(min=1), default=5, show_default=True)
@click.option(
    "--groups",
    default="load,validate,queries,export,network,page",
    show_default=True,
    help="Which groups of operations to time.",
)
@click.option(
    "--budget",
    type=float,
    default=120.0,
    show_default=True,
    metavar="SECONDS",
    help="Skip a group predicted to take longer than this at a size.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Markdown report [default: benchmarks/results.md in the checkout].",
)
@click.option(
    "--why",
    "why",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Markdown to add to the report as its explanation of missed targets.",
)
def bench_command(
    sizes: str,
    stores: str,
    repeat: int,
    groups: str,
    budget: float,
    out: Path | None,
    why: Path | None,
) -> None:
    """Time load, validate, every canned query, export, network and page per size and store;
    print a table and write the report."""
    from pledgegraph import bench
    from pledgegraph.load import project_root

    run = bench.bench(
        bench.parse_sizes(sizes),
        [s.strip() for s in stores.split(",") if s.strip()],
        repeat=repeat,
        budget=budget,
        groups=_bench_groups(groups),
        progress=lambda line: click.echo(line, err=True),
    )
    click.echo(bench.table(run))
    click.echo("")
    for line in bench.check_targets(run):
        click.echo(line)
    target = out or project_root() / "benchmarks" / "results.md"
    text = bench.report(run, why.read_text(encoding="utf-8") if why else "")
    write_atomic(target, text.encode("utf-8"))
    click.echo(f"wrote {target}", err=True)


def _bench_groups(text: str) -> list[str]:
    from pledgegraph.bench import GROUPS

    groups = [g.strip() for g in text.split(",") if g.strip()]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise click.BadParameter(f"unknown group(s) {', '.join(unknown)}; choose from {GROUPS}")
    return groups
