"""Reading answers back: the harness checks ours and the engine's say the same."""

from __future__ import annotations

import json
from pathlib import Path


def count_rows(path: Path) -> int | None:
    """Rows of a SPARQL JSON result (1 for ASK), or lines of N-Triples; None if unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        parsed = json.loads(data)
    except ValueError:
        return sum(1 for line in data.splitlines() if line.strip())
    if isinstance(parsed, dict) and "boolean" in parsed:
        return 1
    try:
        return len(parsed["results"]["bindings"])
    except (KeyError, TypeError):
        return None


def check_select(body: bytes) -> str:
    """'' if ``body`` is a SPARQL JSON result with at least one row, else what is wrong."""
    try:
        rows = json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError) as err:
        return f"not a SPARQL JSON result ({type(err).__name__}): {body[:80]!r}"
    return "" if rows else "the query returned no rows"
