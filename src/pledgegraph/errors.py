"""Errors the library raises; ``cli`` turns them into messages and exit codes.

PledgeGraphError            base class: anything a user can fix
├── InputErrors             one or more InputError, reported together
├── InputError              bad input at path:line:col (syntax, unreadable file, bad row)
├── ValidationFailed        the data breaks the shapes or a check query
├── QueryError              a query is malformed, or gets wrong parameters
│   └── ResultTooLarge      its answer is larger than the caller allows
└── StoreError              a store cannot be opened or reached
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Report(Protocol):
    """What ``ValidationFailed`` needs of a report (``validate.ValidationReport`` is one);
    a protocol, so that this module imports no stage and every stage may import it."""

    @property
    def conforms(self) -> bool: ...

    def summary(self) -> str: ...


class PledgeGraphError(Exception):
    """Base class of the errors a user can act on; ``exit_code`` is what the CLI returns."""

    exit_code = 1


@dataclass
class InputError(PledgeGraphError):
    """Bad input at a place in a file. ``line`` and ``col`` are 1-based; 0 means unknown."""

    exit_code = 2  # like a usage error: the input cannot be read at all

    path: Path | str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        where = str(self.path)
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: error: {self.message}"


class InputErrors(PledgeGraphError):
    """Several input errors found in one run, all reported at once."""

    exit_code = 2

    def __init__(self, errors: Sequence[InputError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


class ValidationFailed(PledgeGraphError):
    """The data does not conform; ``report`` holds every result."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"does not conform: {report.summary()}")


class QueryError(PledgeGraphError):
    """A malformed query or header, an unknown query, or missing/unknown parameters."""


class ResultTooLarge(QueryError):
    """A query's answer has more rows (or triples) than the caller allows."""

    def __init__(self, size: int, max_rows: int) -> None:
        super().__init__(f"the result has {size} rows or triples, over the cap of {max_rows}")
        self.size = size
        self.max_rows = max_rows


class StoreError(PledgeGraphError):
    """A store that cannot be opened, reached or written."""
