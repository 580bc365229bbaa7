"""JSON-LD: our N-Triples compacted with our context, and expanded back, offline.

JSON-LD is compacted with ``ontology/context.jsonld``, which files name by its stable IRI
``CONTEXT_IRI``; our own code reads the local file through ``document_loader`` and never
fetches anything.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld

from pledgegraph.errors import PledgeGraphError
from pledgegraph.project import Project
from pledgegraph.vocab import BASE

CONTEXT_IRI = BASE + "context.jsonld"


@cache
def _context_document(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def context_document() -> dict[str, Any]:
    """The parsed ``ontology/context.jsonld``: ``{"@context": {...}}``."""
    return _context_document(Project.find().context)


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: our context IRI comes from the local file; everything else is
    refused, so nothing is fetched from the network."""
    if url == CONTEXT_IRI:
        return {"contextUrl": None, "documentUrl": url, "document": context_document()}
    raise PledgeGraphError(f"refusing to fetch {url}: PledgeGraph works offline")


def to_jsonld(ntriples: bytes) -> bytes:
    """Sorted N-Triples as JSON-LD compacted with our context, referenced by ``CONTEXT_IRI``.

    pyld does the work: rdflib's own compaction leaves typed values and lists half-compacted.
    Literals keep their lexical form (``"467000000000.0"``), so figures stay exact.
    """
    expanded = jsonld.from_rdf(ntriples.decode("utf-8"), {"format": "application/n-quads"})
    compacted = jsonld.compact(expanded, CONTEXT_IRI, {"documentLoader": document_loader})
    text = json.dumps(compacted, indent=2, ensure_ascii=False, sort_keys=True)
    return (text + "\n").encode("utf-8")


def jsonld_to_nquads(data: bytes | str) -> str:
    """Expand a JSON-LD document of ours to N-Quads, offline (tests and tools use this)."""
    doc = json.loads(data)
    options = {"format": "application/n-quads", "documentLoader": document_loader}
    return jsonld.to_rdf(doc, options)  # type: ignore[no-any-return]
