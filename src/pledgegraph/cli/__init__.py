"""The command line: one click group, a command per stage. The only code that prints or exits.

Commands live by group: ``data`` (validate, build, export, push), ``sparql`` (queries, query,
serve, viz), ``ingest`` (extract, import-table), ``review`` (review) and ``scale`` (synth);
``params`` holds the options they share. Each command parses, calls the library and prints.
Library errors (``PledgeGraphError``) become messages on stderr and exit codes in one place,
``PledgeGraphGroup``; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import logging
import warnings
from typing import IO, Any

import click

from pledgegraph import __version__
from pledgegraph.cli import data, ingest, review, scale, sparql
from pledgegraph.errors import PledgeGraphError

EXIT_CODES = """\b
Exit codes:
  0  success (validation warnings allowed)
  1  bad data: SHACL violations, failed checks, query errors
  2  usage errors and unreadable input (syntax errors as path:line:col)
"""


class CliError(click.ClickException):
    """A library error on its way to the user: its own message on stderr, its own exit code."""

    def __init__(self, error: PledgeGraphError) -> None:
        super().__init__(str(error))
        # an instance attribute over click's class-level default (a ClassVar from click 8.5 on,
        # which mypy refuses to see assigned through ``self.exit_code = ...``)
        setattr(self, "exit_code", error.exit_code)  # noqa: B010

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
    # An ill-typed literal ("25 billion"^^xsd:decimal) is reported once, by validation; rdflib
    # would also log a traceback for it on every parse and warn on every write.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Serializing weird numerical", category=UserWarning)


for module in (data, sparql, ingest, review, scale):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli()
