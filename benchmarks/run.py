"""Run the PledgeGraph benchmark (see ``--help``)::

    python3 benchmarks/run.py --sizes 1e4,1e5,1e6 --stores memory,oxigraph --repeat 5

It runs the package of this checkout (``src/``), whatever is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))  # this checkout's package, as the children use

import bench  # noqa: E402  (the harness beside this file)

from pledgegraph.atomic import write_atomic  # noqa: E402
from pledgegraph.errors import PledgeGraphError  # noqa: E402


def _groups(ctx: click.Context, param: click.Parameter, text: str) -> list[str]:
    groups = [g.strip() for g in text.split(",") if g.strip()]
    unknown = [g for g in groups if g not in bench.GROUPS]
    if unknown:
        raise click.BadParameter(
            f"unknown group(s) {', '.join(unknown)}; choose from {bench.GROUPS}"
        )
    return groups


def _sizes(ctx: click.Context, param: click.Parameter, text: str) -> list[int]:
    try:
        return bench.parse_sizes(text)
    except PledgeGraphError as err:
        raise click.BadParameter(str(err)) from err


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--sizes", default="1e4,1e5,1e6", show_default=True, callback=_sizes, help="Triple counts."
)
@click.option(
    "--stores", default="memory,oxigraph", show_default=True, help="Store specs to compare."
)
@click.option(
    "--repeat",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Runs of each operation (fewer if they would pass the budget).",
)
@click.option(
    "--groups",
    default=",".join(bench.GROUPS),
    show_default=True,
    callback=_groups,
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
    default=HERE / "results.md",
    show_default="benchmarks/results.md",
    help="Markdown report to write.",
)
@click.option(
    "--why",
    "why",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Markdown to add to the report as its explanation of missed targets.",
)
def main(
    sizes: list[int],
    stores: str,
    repeat: int,
    groups: list[str],
    budget: float,
    out: Path,
    why: Path | None,
) -> None:
    """Time load, validate, every canned query, export, network and page per size and store;
    print a table and write the report."""
    run = bench.bench(
        sizes,
        [s.strip() for s in stores.split(",") if s.strip()],
        repeat=repeat,
        budget=budget,
        groups=groups,
        progress=lambda line: click.echo(line, err=True),
    )
    click.echo(bench.table(run))
    click.echo("")
    for line in bench.check_targets(run):
        click.echo(line)
    text = bench.report(run, why.read_text(encoding="utf-8") if why else "")
    write_atomic(out, text.encode("utf-8"))
    click.echo(f"wrote {out}", err=True)


if __name__ == "__main__":
    main()
