"""Time whole PledgeGraph commands beside the engine limit (see ``--help``)::

    python benchmarks/run.py -o /tmp/bench --sizes 1e4,1e5,1e6

It runs the package of this checkout (``src/``), whatever is installed, and writes only into the
folder you name (or a new temporary folder, printed): ``results.md``, ``results.json``, ``logs/``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "src")]  # this checkout, as the children use

import click  # noqa: E402

from benchmarks import machine, report  # noqa: E402
from benchmarks.suite import ROOT, SERVE_QUERIES, Settings, Suite  # noqa: E402

COMMANDS = ("build", "validate", "query", "export", "serve", "page")
QUERIES = "largest-pledges,pledged-by-sector,companies-in-several-commitments,agreement-totals"


def parse_sizes(text: str) -> list[int]:
    """``"1e4, 1e5,250"`` -> ``[10000, 100000, 250]``."""
    sizes = []
    for part in (p.strip() for p in text.split(",")):
        try:
            value = float(part)
        except ValueError:
            raise click.BadParameter(f"{part!r} is not a number of triples") from None
        if value < 1 or value != int(value):
            raise click.BadParameter(f"{part!r} is not a whole number of triples")
        sizes.append(int(value))
    return sizes


def _sizes(ctx: click.Context, param: click.Parameter, text: str) -> list[int]:
    return parse_sizes(text)


def _names(ctx: click.Context, param: click.Parameter, text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if param.name == "commands":
        unknown = [n for n in names if n not in COMMANDS]
        if unknown:
            raise click.BadParameter(f"unknown: {', '.join(unknown)}; choose from {COMMANDS}")
    if param.name in ("queries", "serve_queries"):
        missing = [
            n
            for n in names
            if n not in SERVE_QUERIES and not (ROOT / "queries" / f"{n}.rq").is_file()
        ]
        if missing:
            raise click.BadParameter(f"no queries/{missing[0]}.rq")
    return names


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for results.md, results.json and logs/ [default: a new temporary folder].",
)
@click.option(
    "--sizes",
    default="1e4,1e5,1e6",
    show_default=True,
    callback=_sizes,
    help="Synthetic triples per size (for 1e7 add --store oxigraph:DIR).",
)
@click.option(
    "--commands",
    default=",".join(COMMANDS),
    show_default=True,
    callback=_names,
    help="Which commands to time.",
)
@click.option(
    "--queries",
    default=QUERIES,
    show_default=True,
    callback=_names,
    help="Canned queries for `query NAME`.",
)
@click.option(
    "--formats",
    default="turtle,nt,jsonld",
    show_default=True,
    callback=_names,
    help="Formats for `export -f`.",
)
@click.option(
    "--store",
    default="oxigraph",
    show_default=True,
    help="--store for build, export and viz; oxigraph:DIR: on disk, a fresh folder each run "
    "(query and serve always read an on-disk store).",
)
@click.option(
    "--serve-queries",
    default=",".join(SERVE_QUERIES),
    show_default=True,
    callback=_names,
    help="Queries the serve load sends (built-in or canned names).",
)
@click.option("--clients", type=click.IntRange(1), default=20, show_default=True)
@click.option(
    "--serve-seconds",
    type=click.FloatRange(0.1),
    default=10.0,
    show_default=True,
    help="Seconds of load on each server (after 1 s of warm-up).",
)
@click.option(
    "--limit",
    type=click.FloatRange(1),
    default=300.0,
    show_default=True,
    help="Kill a command after this many seconds; skip it where predicted longer.",
)
@click.option(
    "--repeat",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Runs of each of our commands (median shown); the engine runs once.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="synth --seed.")
@click.option(
    "--same-query",
    is_flag=True,
    help="serve: send the identical text every time (by default each request differs, so no "
    "answer cache stands in for the engine).",
)
@click.option(
    "--query-on",
    type=click.Choice(["both", "paths", "store"]),
    default="both",
    show_default=True,
    help="query: the first query on the files loaded (PATHS), every query on the on-disk store.",
)
@click.option("--keep-work", is_flag=True, help="Keep the data, stores and outputs (OUT/work).")
@click.option("--overwrite", is_flag=True, help="Replace an earlier results.md in OUT.")
def main(
    out: Path | None,
    sizes: list[int],
    commands: list[str],
    queries: list[str],
    formats: list[str],
    store: str,
    serve_queries: list[str],
    clients: int,
    serve_seconds: float,
    limit: float,
    repeat: int,
    seed: int,
    same_query: bool,
    query_on: str,
    keep_work: bool,
    overwrite: bool,
) -> None:
    """Time `pledgegraph build`, `validate`, `query NAME`, `export -f`, `serve` (under
    concurrent load) and `viz` (and the page's drawing in Chromium) on synthetic data of each
    size, beside a plain pyoxigraph script doing the same work and `oxigraph serve-read-only`;
    print a Markdown table and write the results."""
    if out is None:
        out = Path(tempfile.mkdtemp(prefix="pledgegraph-bench-"))
    out = out.resolve()
    if (out / "results.md").exists() and not overwrite:
        raise click.UsageError(f"{out / 'results.md'} exists; name another folder or --overwrite")
    click.echo(f"writing to {out}/", err=True)
    work, logs = out / "work", out / "logs"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    logs.mkdir(exist_ok=True)
    settings = Settings(
        sizes,
        commands,
        queries,
        formats,
        store,
        serve_queries,
        clients,
        serve_seconds,
        limit,
        repeat,
        seed,
        same_query,
        query_on,
    )
    facts = machine.machine(ROOT)
    suite = Suite(settings, work, logs, progress=lambda line: click.echo(line, err=True))
    start = time.monotonic()
    try:
        for size in sizes:
            suite.size(size)
            write_results(out, facts, suite, settings, start)  # so far: a stopped run keeps it
    finally:
        if not keep_work:
            shutil.rmtree(work, ignore_errors=True)
    write_results(out, facts, suite, settings, start)
    click.echo(report.table(suite.rows))
    if suite.notes:
        click.echo("\n" + "\n".join(f"- {n}" for n in suite.notes))
    click.echo(f"wrote {out / 'results.md'}", err=True)


def write_results(
    out: Path, facts: dict[str, str], suite: Suite, s: Settings, start: float
) -> None:
    facts = dict(facts)
    facts["load average at end"] = machine.load_average()
    facts["benchmark took"] = f"{time.monotonic() - start:.0f} s"
    sizes, seed, store, clients = s.sizes, s.seed, s.store, s.clients
    serve_seconds, serve_queries, same_query = s.serve_seconds, s.serve_queries, s.same_query
    limit, repeat = s.limit, s.repeat
    about = (
        f"sizes {', '.join(f'{s:,}' for s in sizes)}; seed {seed}; --store {store} for build and "
        f"export; serve: {clients} clients, {serve_seconds:g} s, "
        f"queries {', '.join(serve_queries)}"
        f"{' (the same text each time)' if same_query else ' (each request a different text)'}; "
        f"limit {limit:g} s; repeat {repeat}; commands {', '.join(s.commands)}; "
        f"query on {s.query_on}"
    )
    text = report.markdown(facts, suite.rows, suite.notes, about)
    write_atomic(out / "results.md", text)
    write_atomic(out / "results.json", report.as_json(facts, suite.rows, suite.notes))


if __name__ == "__main__":
    main()
