"""Load stage: Turtle files -> an rdflib Dataset with one named graph per file.

Syntax errors come back as ``InputError(path, line, col, message)``: every file is checked by
pyoxigraph first, whose errors carry exact lines and columns (rdflib's ``BadSyntax`` has no
column), then parsed by rdflib. All errors of a run are collected and raised together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph, URIRef

from pledgegraph.errors import InputError, InputErrors
from pledgegraph.formats import input_format
from pledgegraph.project import Project
from pledgegraph.reconcile import reconcile_dataset
from pledgegraph.vocab import graph_iri

_OX_POSITION = re.compile(r"^Parser error at line \d+ (column \d+|between columns \d+ and \d+): ")


class PledgeDataset(Dataset):
    """An rdflib ``Dataset`` (union default graph) remembering the file each graph came from."""

    def __init__(self, root: Path) -> None:
        super().__init__(default_union=True)
        self.root = root
        self.files: dict[URIRef, Path] = {}

    def file_of(self, graph: URIRef) -> Path | None:
        return self.files.get(graph)


def check_syntax(path: Path) -> InputError | None:
    """Parse ``path`` with pyoxigraph only to find the first syntax error, with line and column."""
    fmt = input_format(path)
    assert fmt is not None and fmt.ox_rdf is not None, path
    try:
        for _ in pyoxigraph.parse(path=str(path), format=fmt.ox_rdf):
            pass
    except (SyntaxError, UnicodeDecodeError, OSError) as err:
        return syntax_error(path, err)
    return None


def syntax_error(path: Path, err: SyntaxError | UnicodeDecodeError | OSError) -> InputError:
    """A pyoxigraph parse (or read) error as ``InputError(path, line, col, message)``."""
    if isinstance(err, SyntaxError):
        message = _OX_POSITION.sub("", err.msg or str(err))
        return InputError(path, err.lineno or 0, err.offset or 0, message)
    if isinstance(err, UnicodeDecodeError):
        return InputError(path, 0, 0, f"not UTF-8 text ({err.reason} at byte {err.start})")
    return InputError(path, 0, 0, err.strerror or str(err))


def parse_file(path: Path, into: Graph) -> None:
    """Parse one file into ``into``; raises ``InputError`` with line and column on bad syntax."""
    if error := check_syntax(path):
        raise error
    fmt = input_format(path)
    assert fmt is not None, path
    try:
        into.parse(path, format=fmt.rdflib_format)
    except RecursionError:  # rdflib's parser recurses once per nested [ ] or ( )
        raise nesting_error(path) from None


_TOKENS = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>|#[^\n]*|(?P<open>[\[(])|(?P<close>[\])])",
    re.S,
)


def nesting_error(path: Path, limit: int = 100) -> InputError:
    """Where ``path`` first nests blank nodes or lists more than ``limit`` deep, as an error."""
    text = path.read_text(encoding="utf-8", errors="replace")
    depth = 0
    for match in _TOKENS.finditer(text):
        if match["open"]:
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, match.start()) + 1
                col = match.start() - text.rfind("\n", 0, match.start())
                return InputError(
                    path, line, col, f"blank nodes [ ] or lists ( ) nested more than {limit} deep"
                )
        elif match["close"]:
            depth = max(depth - 1, 0)
    return InputError(path, 0, 0, "nested too deeply to parse")


def load(
    paths: Iterable[Path | str] = (),
    *,
    root: Path | None = None,
    include_project: bool = True,
    drafts: bool = False,
) -> PledgeDataset:
    """Load the project's ontology and data (unless ``include_project`` is false) plus ``paths``.

    Each file becomes a named graph (see ``vocab.graph_iri``). Every syntax error of every file is
    collected and raised as one ``InputErrors``. Then the reconcile stage adds the graph
    ``graph/reconciled`` (one value per fact from the sources' claims; ``drafts`` counts draft
    claims too).
    """
    project = Project.at(root)
    root = project.root
    files = project.files_with(paths, include_project)
    dataset = PledgeDataset(root)
    errors: list[InputError] = []
    for path in files:
        name = graph_iri(path, root)
        try:
            parse_file(path, dataset.graph(name))
        except InputError as err:
            errors.append(err)
            continue
        dataset.files[name] = path.resolve()
    if errors:
        raise InputErrors(errors)
    reconcile_dataset(dataset, drafts=drafts)
    return dataset
