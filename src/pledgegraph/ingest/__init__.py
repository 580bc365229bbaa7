"""Ingest: tracker tables and article text -> draft Turtle for review.

``amounts``    money as written -> value, ISO currency, cap | floor | stated
``reconcile``  names -> entities already in the graph, or new deterministic IRIs
``table``      ``import-table``: one CSV/TSV row per commitment
``gazetteer``  countries, demonyms, legal suffixes and sector keywords
``text``       sentences with spans, names, partners, subjects, dates
``clauses``    one clause per amount, and what it is for
``extract``    ``extract``: rule-based commitments from an article, with evidence spans
``article``    the ``extract`` command: read, extract, build the draft
``draft``      extraction result -> Turtle marked ``pledge:reviewStatus "draft"``
``gold``       ``--check GOLD.yaml``: precision, recall and F1 against a hand-made gold file
"""

from pathlib import Path

from pledgegraph.errors import InputError

TOOL_NAME = "pledgegraph-extract"


def read_plain_text(path: Path, what: str, encoding: str = "utf-8") -> str:
    """The text of ``path``; unreadable, binary (NUL bytes) or non-UTF-8 files are an
    ``InputError`` saying what to give instead (``what``: "a CSV or TSV table")."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, 0, 0, err.strerror or str(err)) from err
    if b"\x00" in data:
        raise InputError(path, 0, 0, f"binary file (it holds NUL bytes); give {what}")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        message = f"not UTF-8 text ({err.reason} at byte {err.start}); save {what} as UTF-8"
        raise InputError(path, line, 0, message) from err
