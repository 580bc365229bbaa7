"""Incremental validation: files that did not change are not validated again.

The cache (a JSON file in ``$XDG_CACHE_HOME/pledgegraph/``, or a folder the user names; never
in the checkout) holds, for the last run, the results and, per file, its content hash (with the
source texts it points to by ``pledge:localCopy``) and the nodes it names. It is used only if
the shapes, the class hierarchy and the tool version are the same.

When files change, the nodes a changed file names (now or in its old version) are the seeds;
the focus nodes validated again are the seeds, the nodes one step on from them, and every node
from which a seed is reached in up to ``RADIUS`` steps (the longest chain of properties a shape
follows from its focus node is 3: commitment, umbrella, amount, value). Every other result is
taken from the cache. Blank nodes have no lasting names, so a changed file with blank nodes, or
the class hierarchy changing, means validating everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from pledgegraph import __version__
from pledgegraph.validate.engine import PLEDGE, Source, Term
from pledgegraph.validate.report import Violation

RADIUS = 3
FORMAT = 1
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pledgegraph"


@dataclass
class FileState:
    digest: str
    nodes: list[str]
    blank: bool


@dataclass
class CacheState:
    key: str
    files: dict[str, FileState] = field(default_factory=dict)
    results: list[Violation] = field(default_factory=list)


@dataclass
class Plan:
    """What a run must validate: everything (``focus`` None) or only ``focus``."""

    focus: list[Term] | None
    changed: list[str]
    unchanged: list[str]
    reuse: list[Violation]


class Cache:
    def __init__(self, folder: Path, source: Source, key_parts: Iterable[str]) -> None:
        self.source = source
        root = hashlib.sha256(str(source.root.resolve()).encode()).hexdigest()[:16]
        self.path = folder / f"validate-{root}.json"
        self.key = hashlib.sha256(
            "\n".join([__version__, str(FORMAT), *key_parts]).encode()
        ).hexdigest()
        self.state = self._files()

    def plan(self) -> Plan:
        old = self._read()
        names = list(self.state)
        if old is None or set(old.files) - set(names):
            return Plan(None, names, [], [])
        changed = [n for n in names if n not in old.files or old.files[n].digest != self._d(n)]
        unchanged = [n for n in names if n not in changed]
        if not changed:
            return Plan([], [], unchanged, [r for r in old.results if r.component])
        if any(self.state[n].blank or old.files.get(n, self.state[n]).blank for n in changed):
            return Plan(None, names, [], [])
        seeds = {iri for n in changed for iri in self.state[n].nodes}
        seeds |= {iri for n in changed if n in old.files for iri in old.files[n].nodes}
        region = _region(self.source.store, seeds)
        # results of a constraint (a component) are reused; unreadable texts are found again
        reuse = [r for r in old.results if r.focus not in region and r.component]
        focus: list[Term] = [ox.NamedNode(iri) for iri in sorted(region)]
        return Plan(focus, changed, unchanged, reuse)

    def save(self, results: list[Violation]) -> None:
        state = CacheState(self.key, self.state, results)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(state)), encoding="utf-8")
        temporary.replace(self.path)

    def _d(self, name: str) -> str:
        return self.state[name].digest

    def _read(self) -> CacheState | None:
        try:
            raw: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("key") != self.key:
                return None
            files = {k: FileState(**v) for k, v in raw["files"].items()}
            return CacheState(raw["key"], files, [Violation(**r) for r in raw["results"]])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no cache, or one we cannot read: validate everything

    def _files(self) -> dict[str, FileState]:
        texts = _local_copies(self.source)
        state = {}
        for name, file in self.source.files.items():
            digest = hashlib.sha256(file.read_bytes())
            for text in sorted(texts.get(name, [])):
                digest.update(text.read_bytes() if text.is_file() else b"\0missing")
            nodes, blank = _nodes(self.source.store, name)
            state[str(file)] = FileState(digest.hexdigest(), nodes, blank)
        return state


def _local_copies(source: Source) -> dict[str, list[Path]]:
    found = source.store.query(
        f"SELECT ?g ?copy WHERE {{ GRAPH ?g {{ ?doc <{PLEDGE}localCopy> ?copy }} }}"
    )
    assert isinstance(found, ox.QuerySolutions)
    texts: dict[str, list[Path]] = {}
    for row in found:
        graph, copy = row["g"], row["copy"]
        if isinstance(graph, ox.NamedNode) and copy is not None and graph.value in source.files:
            path = source.files[graph.value].parent / str(copy.value)
            texts.setdefault(graph.value, []).append(path)
    return texts


def _nodes(store: ox.Store, graph: str) -> tuple[list[str], bool]:
    """The IRIs a graph names as subject or object (not as a type), and whether it has blank
    nodes."""
    iris: set[str] = set()
    blank = False
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode) and not (
                term is quad.object and quad.predicate.value == RDF_TYPE
            ):
                iris.add(term.value)
            elif isinstance(term, ox.BlankNode):
                blank = True
    return sorted(iris), blank


def _region(store: ox.Store, seeds: set[str]) -> set[str]:
    """The seeds, one step on from them, and every node reaching a seed in ``RADIUS`` steps."""
    region = set(seeds)
    for seed in seeds:
        for quad in store.quads_for_pattern(ox.NamedNode(seed), None, None, None):
            if isinstance(quad.object, ox.NamedNode) and quad.predicate.value != RDF_TYPE:
                region.add(quad.object.value)
    frontier = set(seeds)
    for _ in range(RADIUS):
        reached = set()
        for node in frontier:
            for quad in store.quads_for_pattern(None, None, ox.NamedNode(node), None):
                if isinstance(quad.subject, ox.NamedNode) and quad.predicate.value != RDF_TYPE:
                    reached.add(quad.subject.value)
        frontier = reached - region
        region |= reached
    return region
