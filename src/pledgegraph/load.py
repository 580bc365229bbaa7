"""Load stage: Turtle files -> an rdflib Dataset with one named graph per file.

Syntax errors come back as ``InputError(path, line, col, message)``: every file is checked by
pyoxigraph first, whose errors carry exact lines and columns (rdflib's ``BadSyntax`` has no
column), then parsed by rdflib. All errors of a run are collected and raised together.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph, URIRef

from pledgegraph.errors import InputError, InputErrors
from pledgegraph.formats import input_format
from pledgegraph.vocab import graph_iri

# Files under these names are part of the project but not of the graph.
NOT_DATA = {"shapes.ttl"}
_OX_POSITION = re.compile(r"^Parser error at line \d+ (column \d+|between columns \d+ and \d+): ")


class PledgeDataset(Dataset):
    """An rdflib ``Dataset`` (union default graph) remembering the file each graph came from."""

    def __init__(self, root: Path) -> None:
        super().__init__(default_union=True)
        self.root = root
        self.files: dict[URIRef, Path] = {}

    def file_of(self, graph: URIRef) -> Path | None:
        return self.files.get(graph)


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``ontology/pledge.ttl``: $PLEDGEGRAPH_ROOT, else the nearest one above
    the working directory, else the checkout this package was installed from."""
    if env := os.environ.get("PLEDGEGRAPH_ROOT"):
        return Path(env)
    candidates = [start or Path.cwd(), Path(__file__).resolve()]
    for candidate in candidates:
        for folder in [candidate, *candidate.parents]:
            if (folder / "ontology" / "pledge.ttl").is_file():
                return folder
    raise InputError(
        Path.cwd(),
        0,
        0,
        "no ontology/pledge.ttl here or above; run inside a PledgeGraph checkout "
        "or set PLEDGEGRAPH_ROOT",
    )


def project_files(root: Path) -> list[Path]:
    """The ontology (without shapes) and every data file of the project, in a stable order."""
    ontology = sorted(p for p in (root / "ontology").glob("*.ttl") if p.name not in NOT_DATA)
    return ontology + sorted(_rdf_files_below(root / "data", skip={"examples"}))


def _rdf_files_below(folder: Path, skip: set[str] = frozenset()) -> Iterator[Path]:  # type: ignore[assignment]
    for path in folder.rglob("*"):
        if input_format(path) is not None and path.is_file() and not skip & set(path.parts):
            yield path


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files stay, folders become the RDF files below them; a folder with none is an error."""
    files: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(_rdf_files_below(path))
            if not found:
                errors.append(InputError(path, 0, 0, "folder holds no .ttl or .nt file"))
            files.extend(found)
        elif not path.exists():
            errors.append(InputError(path, 0, 0, "no such file or folder"))
        elif input_format(path) is None:
            errors.append(InputError(path, 0, 0, "not a .ttl or .nt file"))
        else:
            files.append(path)
    if errors:
        raise InputErrors(errors)
    return files


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
    into.parse(path, format=fmt.rdflib_format)


def load(
    paths: Iterable[Path | str] = (), *, root: Path | None = None, include_project: bool = True
) -> PledgeDataset:
    """Load the project's ontology and data (unless ``include_project`` is false) plus ``paths``.

    Each file becomes a named graph (see ``vocab.graph_iri``). Every syntax error of every file is
    collected and raised as one ``InputErrors``.
    """
    root = (root or project_root()).resolve()
    files = project_files(root) if include_project else []
    files += [p for p in expand_paths(paths) if p.resolve() not in {f.resolve() for f in files}]
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
    return dataset
