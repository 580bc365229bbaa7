"""Commands for scale: synth (fictional agreements to load, test and time)."""

from __future__ import annotations

from pathlib import Path

import click

from pledgegraph import synth


@click.command("synth")
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
    result = synth.synthesise(n, seed)
    written = synth.write(result, out)
    click.echo(f"wrote {len(written)} files, about {result.triples:,} triples, to {out}/")


COMMANDS = (synth_command,)
