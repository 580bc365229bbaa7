"""The checkout: where the ontology, data, shapes, queries, checks and JSON-LD context live.

``Project.find()`` locates it once ($PLEDGEGRAPH_ROOT, else the nearest folder holding
``ontology/pledge.ttl`` above the working directory, else the checkout this package was
installed from); every stage asks the ``Project`` for its paths instead of working them out.
``files_with(paths)`` is the list of files a command loads: the project's own, then the user's.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pledgegraph.errors import InputError, InputErrors
from pledgegraph.formats import input_format

# Files under ontology/ that are part of the project but not of the graph.
NOT_DATA = frozenset({"shapes.ttl"})
# Folders under data/ that hold no graph (a tracker table for import-table).
NOT_GRAPH = frozenset({"examples"})


@dataclass(frozen=True)
class Project:
    """A PledgeGraph checkout, by its (resolved) root folder."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """$PLEDGEGRAPH_ROOT, else the nearest folder with ``ontology/pledge.ttl`` above
        ``start`` (the working directory), else the checkout this package came from."""
        if env := os.environ.get("PLEDGEGRAPH_ROOT"):
            return cls(Path(env).resolve())
        for candidate in (start or Path.cwd(), Path(__file__).resolve()):
            for folder in [candidate, *candidate.parents]:
                if (folder / "ontology" / "pledge.ttl").is_file():
                    return cls(folder.resolve())
        raise InputError(
            Path.cwd(),
            0,
            0,
            "no ontology/pledge.ttl here or above; run inside a PledgeGraph checkout "
            "or set PLEDGEGRAPH_ROOT",
        )

    @classmethod
    def at(cls, root: Path | None = None) -> Project:
        """The project at ``root``, or the one ``find`` finds."""
        return cls(root.resolve()) if root is not None else cls.find()

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def shapes(self) -> Path:
        """The SHACL shapes, ``ontology/shapes.ttl``."""
        return self.ontology / "shapes.ttl"

    @property
    def context(self) -> Path:
        """The JSON-LD context, ``ontology/context.jsonld``."""
        return self.ontology / "context.jsonld"

    @property
    def queries(self) -> Path:
        """The canned queries, ``queries/*.rq``."""
        return self.root / "queries"

    @property
    def checks(self) -> Path:
        """The check queries, ``queries/checks/*-violation.rq``."""
        return self.queries / "checks"

    def files(self) -> list[Path]:
        """The ontology (without shapes) and every data file, in a stable order."""
        ontology = sorted(p for p in self.ontology.glob("*.ttl") if p.name not in NOT_DATA)
        return ontology + sorted(rdf_files_below(self.data, skip=NOT_GRAPH))

    def files_with(self, paths: Iterable[Path | str], include_project: bool = True) -> list[Path]:
        """The files a command loads: the project's (unless ``include_project`` is false), then
        the files and folders in ``paths`` (see ``expand_paths``) that are not among them."""
        files = self.files() if include_project else []
        seen = {f.resolve() for f in files}
        return files + [p for p in expand_paths(paths) if p.resolve() not in seen]

    def relative(self, path: Path) -> str:
        """``path`` relative to the root (``data/agreements/x.ttl``), else as it is."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def rdf_files_below(folder: Path, skip: Iterable[str] = ()) -> Iterator[Path]:
    """The RDF input files below ``folder`` (any order), leaving out folders named in ``skip``.

    A symlink that loops, or an RDF-named one that leads nowhere, is an ``InputError``: skipping
    it would leave its data out without a word."""
    skipped = set(skip)
    for path in folder.rglob("*"):
        if skipped & set(path.parts):
            continue
        if path.is_symlink():
            _check_symlink(path)
        if input_format(path) is not None and path.is_file():
            yield path


def _check_symlink(path: Path) -> None:
    try:
        path.resolve(strict=True)
    except RuntimeError as err:  # Python 3.11-3.12 report a loop so
        raise InputError(path, 0, 0, "symlink loop: it leads back to itself") from err
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(path, 0, 0, "symlink loop: it leads back to itself") from err
        if input_format(path) is not None and not path.name.startswith(".#"):
            raise InputError(path, 0, 0, f"symlink to nothing ({os.readlink(path)})") from err


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files stay, folders become the RDF files below them; a folder with none is an error."""
    files: list[Path] = []
    errors: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(rdf_files_below(path))
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


def display_path(path: Path) -> str:
    """``queries/x.rq``: relative to the working directory, else to the project, if it can be."""
    bases = [Path.cwd()]
    with contextlib.suppress(InputError):
        bases.append(Project.find().root)
    for base in bases:
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)
