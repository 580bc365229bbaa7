"""What the commands share: their arguments and options, as click types, and output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from pledgegraph.errors import StoreError
from pledgegraph.store import STORE_SPECS, StoreSpec


class StoreSpecType(click.ParamType[StoreSpec]):
    """``--store SPEC``, checked when the command line is parsed (``StoreSpec.parse``)."""

    name = "SPEC"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, StoreSpec):
            return value
        try:
            return StoreSpec.parse(str(value))
        except StoreError as err:
            self.fail(str(err), param, ctx)


class NameValueType(click.ParamType[tuple[str, str]]):
    """``NAME=VALUE`` as a ``(name, value)`` pair (``--param company=company:toshiba``)."""

    name = "NAME=VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        name, sep, text = str(value).partition("=")
        if not sep or not name:
            self.fail(f"{value!r} is not NAME=VALUE", param, ctx)
        return name, text


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=False))
store_option = click.option(
    "--store",
    "store_spec",
    type=StoreSpecType(),
    default="memory",
    show_default=True,
    help=f"Where the graph lives: {STORE_SPECS}.",
)


F = TypeVar("F", bound=Callable[..., Any])


def output_option(help_text: str) -> Callable[[F], F]:
    """``-o/--output FILE|-``: written atomically (temporary file, then rename), ``-`` stdout."""
    return click.option(
        "-o",
        "--output",
        "output",
        type=click.File("wb", atomic=True),
        default="-",
        show_default=True,
        metavar="FILE|-",
        help=help_text,
    )


def param_option(*flags: str, help_text: str) -> Callable[[F], F]:
    """``--param NAME=VALUE``, repeatable: a query's parameters, bound by the engine."""
    return click.option(
        *flags,
        "params",
        multiple=True,
        type=NameValueType(),
        metavar="NAME=VALUE",
        help=help_text,
    )


def draft_output_option(help_text: str) -> Callable[[F], F]:
    """``-o/--output FILE`` for Turtle that goes to stdout when no file is named."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=help_text,
    )


def write_output(output: IO[bytes], data: bytes) -> None:
    """Write ``data`` to an ``output_option`` stream; a file is renamed into place on exit."""
    output.write(data)
    output.flush()


def params_dict(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """``--param`` pairs as a mapping (a later pair for the same name wins)."""
    return dict(pairs)
