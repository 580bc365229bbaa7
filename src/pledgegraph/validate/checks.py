"""The data checks: every ``queries/checks/*-violation.rq``, run on Oxigraph.

Each row of a check is a violation: ``?focus`` (the node), ``?message`` and, optionally,
``?label``. The checks say what SHACL cannot say in one step (cycles, sums, duplicates); each is
written to stay linear in the size of the graph (group, do not compare pairs).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from pledgegraph.errors import QueryError
from pledgegraph.project import display_path
from pledgegraph.validate.engine import Source
from pledgegraph.validate.report import Violation

_TITLE = re.compile(r"^#\+\s*title:\s*(.+)$", re.MULTILINE)


def check_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*-violation.rq")) if folder.is_dir() else []


def run_checks(source: Source, folder: Path) -> list[Violation]:
    """Every check in ``folder`` on ``source``; one ``Violation`` per row."""
    violations: list[Violation] = []
    for path in check_files(folder):
        text = path.read_text(encoding="utf-8")
        title = _TITLE.search(text)
        try:
            result = source.store.query(text, use_default_graph_as_union=True)
        except (SyntaxError, OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"{display_path(path)}: {err}") from err
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(f"{display_path(path)}: a check must be a SELECT query")
        for row in result:
            focus, message, label = row["focus"], row["message"], row["label"]
            violations.append(
                Violation(
                    file=display_path(path),
                    focus=str(focus.value) if focus is not None else "",
                    path="",
                    message=str(message.value) if message is not None else _title(title),
                    shape=path.stem,
                    focus_label=str(label.value) if label is not None else "",
                )
            )
    return violations


def _title(match: re.Match[str] | None) -> str:
    return match[1].strip() if match else "check failed"
