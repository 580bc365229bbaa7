"""The store seam: where the loaded graph lives and how SPARQL runs on it.

Every later stage (query, network, viz, export, serve) talks to a ``Store`` (``store.base``).
A store answers SPARQL with one typed result per query form (``results``), so callers never
guess. ``open_store(spec, paths)`` picks the implementation from a spec and loads into it:

    memory                 rdflib in memory (the default; fine up to about 10^5 triples)
    oxigraph               pyoxigraph in memory: bulk load, queries run natively
    oxigraph:PATH          pyoxigraph persisted in the folder PATH
    sparql+http(s)://URL   any SPARQL 1.1 Protocol endpoint (Graph Store Protocol to read graphs)

``StoreSpec.parse`` checks a spec without opening anything, so a command can refuse a bad one
before it starts. Parameters are bound by the engine (rdflib ``initBindings``, Oxigraph
``substitutions``), or, for a remote endpoint, by substituting the terms rdflib serialises for
the variables, with the same semantics (``sparql_text.substitute``); never pasted in as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pledgegraph.errors import StoreError
from pledgegraph.load import load
from pledgegraph.project import Project
from pledgegraph.reconcile import add_reconciled
from pledgegraph.store.base import Bindings, Store
from pledgegraph.store.memory import MemoryStore
from pledgegraph.store.oxigraph import OxigraphStore
from pledgegraph.store.remote import RemoteStore
from pledgegraph.store.sparql_text import describe_query_error, query_form, substitute

__all__ = [
    "STORE_SPECS",
    "Bindings",
    "MemoryStore",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "StoreSpec",
    "describe_query_error",
    "open_store",
    "query_form",
    "substitute",
]

STORE_SPECS = "memory, oxigraph, oxigraph:PATH, sparql+http(s)://URL"


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store spec: which engine, and its folder (Oxigraph) or URL (remote)."""

    kind: Literal["memory", "oxigraph", "sparql"]
    location: str = ""

    @classmethod
    def parse(cls, text: str) -> StoreSpec:
        """``memory``, ``oxigraph``, ``oxigraph:PATH`` or ``sparql+http(s)://URL``."""
        if text == "memory":
            return cls("memory")
        if text == "oxigraph" or text.startswith("oxigraph:"):
            return cls("oxigraph", text.partition(":")[2])
        if text.startswith(("sparql+http://", "sparql+https://")):
            return cls("sparql", text.removeprefix("sparql+"))
        raise StoreError(f"unknown store {text!r}; choose one of: {STORE_SPECS}")

    def __str__(self) -> str:
        if self.kind == "sparql":
            return f"sparql+{self.location}"
        return f"{self.kind}:{self.location}" if self.location else self.kind


def open_store(
    spec: str | StoreSpec = "memory",
    paths: Iterable[Path | str] = (),
    *,
    root: Path | None = None,
    include_project: bool = True,
    drafts: bool = False,
) -> Store:
    """Open the store ``spec`` names and load the project's files plus ``paths`` into it.

    Each store loads in its own way (rdflib parses; Oxigraph bulk-loads straight from the
    files), which is why loading happens here and not before. A remote endpoint already holds
    its data (``pledgegraph push`` puts it there), so nothing is loaded into it.

    After loading, the reconcile stage writes ``graph/reconciled`` (one value per fact from the
    sources' claims), so every command sees reconciled data; ``drafts`` counts draft claims too.
    """
    parsed = spec if isinstance(spec, StoreSpec) else StoreSpec.parse(spec)
    if parsed.kind == "memory":
        return MemoryStore(load(paths, root=root, include_project=include_project, drafts=drafts))
    if parsed.kind == "oxigraph":
        project = Project.at(root)
        folder = Path(parsed.location) if parsed.location else None
        store = OxigraphStore(folder, root=project.root)
        store.load_files(project.files_with(paths, include_project))
        add_reconciled(store, drafts=drafts)
        return store
    if list(paths):
        raise StoreError(
            "a remote store is read from, not loaded: use `pledgegraph push` to upload files"
        )
    return RemoteStore(parsed.location, root=root)
