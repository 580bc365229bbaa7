"""JSON-LD: triples grouped by subject and compacted with our context in one pass, offline.

Every document embeds ``ontology/context.jsonld`` (without ``"@version": 1.1``, which nothing in
it needs), so any JSON-LD processor reads it with no network: no step fetches or is fetched.

The compaction is ours, not pyld's: a node object per subject, each value under the context's
term for its property where the term's type mapping fits the value (``"value":
"332000000000.0"``), else under a compact IRI (``"schema:value"``) with the value written out
in full (``{"@value": ..., "@type": ...}``). It is linear in the number of triples: pyld's
N-Quads reader compares every pair of statements (49 s at 10^4 triples). Literals keep their
lexical form, so figures stay exact. ``pyld`` stays for reading JSON-LD back
(``jsonld_to_nquads``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any, Protocol

import pyoxigraph as ox

from pledgegraph.errors import PledgeGraphError
from pledgegraph.project import Project
from pledgegraph.vocab import BASE


class SubjectSource(Protocol):
    """What the writer reads (an ``OxigraphStore``): each subject, then its triples."""

    def subjects(self) -> Iterable[Any]: ...

    def triples_of(self, subject: Any) -> Iterable[Any]: ...


CONTEXT_IRI = BASE + "context.jsonld"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@cache
def _context_document(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def context_document() -> dict[str, Any]:
    """The parsed ``ontology/context.jsonld``: ``{"@context": {...}}``."""
    return _context_document(Project.find().context)


def embedded_context() -> dict[str, Any]:
    """The context every document carries: ours, less ``@version`` (no 1.1 feature is used)."""
    return {k: v for k, v in context_document()["@context"].items() if k != "@version"}


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: our context IRI comes from the local file; everything else is
    refused, so nothing is fetched from the network."""
    if url == CONTEXT_IRI:
        return {"contextUrl": None, "documentUrl": url, "document": context_document()}
    raise PledgeGraphError(f"refusing to fetch {url}: PledgeGraph works offline")


@dataclass
class Compactor:
    """The context read once: prefixes for compact IRIs and terms by the IRI they stand for."""

    prefixes: list[tuple[str, str]] = field(default_factory=list)  # (namespace, prefix)
    terms: dict[str, dict[str | None, str]] = field(default_factory=dict)  # iri -> type -> term
    classes: dict[str, str] = field(default_factory=dict)  # iri -> term (``MonetaryAmount``)
    vocab: str = ""
    names: frozenset[str] = frozenset()  # every term of the context
    _iris: dict[str, str] = field(default_factory=dict)  # compact IRIs made so far

    @classmethod
    def of(cls, context: dict[str, Any]) -> Compactor:
        compactor = cls(vocab=context.get("@vocab", ""), names=frozenset(context))
        plain = {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}
        for term, iri in plain.items():
            if iri.endswith(("/", "#")):  # a prefix (JSON-LD 1.1: ends in a gen-delim)
                compactor.prefixes.append((iri, term))
        for term, iri in plain.items():
            if not iri.startswith("@") and not iri.endswith(("/", "#")):
                compactor.classes.setdefault(compactor.expand(iri, plain), term)
        compactor.prefixes.sort(key=lambda p: (-len(p[0]), p[1]))  # longest namespace first
        for term, definition in context.items():
            if isinstance(definition, dict) and "@id" in definition:
                iri = compactor.expand(definition["@id"], plain)
                kind = definition.get("@type")
                kind = kind if kind in (None, "@id") else compactor.expand(kind, plain)
                compactor.terms.setdefault(iri, {}).setdefault(kind, term)
        return compactor

    @staticmethod
    def expand(value: str, plain: dict[str, str]) -> str:
        prefix, colon, rest = value.partition(":")
        if colon and prefix in plain and not rest.startswith("//"):
            return plain[prefix] + rest
        return value

    def iri(self, iri: str) -> str:
        """``https://schema.org/value`` -> ``schema:value`` (the longest namespace wins)."""
        found = self._iris.get(iri)
        if found is None:
            found = self._iris[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        for namespace, prefix in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                rest = iri[len(namespace) :]
                if not rest.startswith("//"):
                    return f"{prefix}:{rest}"
        return iri

    def type_name(self, term: Any) -> str:
        """A class as ``@type`` names it: its term, a name in ``@vocab``, or a compact IRI."""
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        iri: str = term.value
        if iri in self.classes:
            return self.classes[iri]
        rest = iri[len(self.vocab) :]
        vocab_name = self.vocab and iri.startswith(self.vocab) and rest.isidentifier()
        if vocab_name and rest not in self.names:
            return rest
        return self.iri(iri)

    def ref(self, term: Any) -> str:
        return "_:" + term.value if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def entry(self, predicate: str, obj: Any) -> tuple[str, Any]:
        """The key and the compacted value of one statement's object."""
        terms = self.terms.get(predicate, {})
        if not isinstance(obj, ox.Literal):
            if "@id" in terms:
                return terms["@id"], self.ref(obj)
            return terms.get(None) or self.iri(predicate), {"@id": self.ref(obj)}
        datatype = obj.datatype.value
        if obj.language:
            return terms.get(None) or self.iri(predicate), {
                "@value": obj.value,
                "@language": obj.language,
            }
        if datatype in terms:
            return terms[datatype], obj.value
        key = terms.get(None) or self.iri(predicate)
        if datatype == _XSD_STRING:
            return key, obj.value
        return key, {"@value": obj.value, "@type": self.iri(datatype)}

    def node(self, subject: Any, triples: Iterable[Any]) -> dict[str, Any]:
        """One node object: ``id``, ``type`` and a key per property, values in the order given."""
        node: dict[str, Any] = {"id": self.ref(subject)}
        values: dict[str, list[Any]] = {}
        for triple in triples:
            predicate, obj = triple.predicate.value, triple.object
            if predicate == _RDF_TYPE and not isinstance(obj, ox.Literal):
                values.setdefault("type", []).append(self.type_name(obj))
                continue
            key, value = self.entry(predicate, obj)
            values.setdefault(key, []).append(value)
        for key, found in values.items():  # triples come distinct
            node[key] = found[0] if len(found) == 1 else sorted(found, key=_order)
        return node


def _order(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # valid JSON either way; escaped, the line separators cannot break a reader that splits lines
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def write_document(nodes: Iterable[tuple[Any, Iterable[Any]]], out: IO[bytes]) -> None:
    """A JSON-LD document of ``(subject, triples)`` pairs, its context embedded, a node a line."""
    compactor = Compactor.of(embedded_context())
    out.write(b'{"@context":' + _dumps(embedded_context()).encode("utf-8") + b',\n"@graph":[')
    separator = b"\n"
    for subject, triples in nodes:
        out.write(separator + _dumps(compactor.node(subject, triples)).encode("utf-8"))
        separator = b",\n"
    out.write(b"\n]}\n")


def write_jsonld(store: SubjectSource, out: IO[bytes]) -> None:
    """The union of ``store``'s graphs as JSON-LD, subject by subject, straight from Oxigraph."""
    write_document(((s, store.triples_of(s)) for s in store.subjects()), out)


def grouped(triples: Iterable[Any]) -> Iterator[tuple[Any, list[Any]]]:
    """Triples grouped by subject (IRIs sorted before blank nodes), duplicates dropped."""
    by_subject: dict[Any, dict[tuple[str, str], Any]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, {})[str(triple.predicate), str(triple.object)] = (
            triple
        )
    for subject in sorted(by_subject, key=lambda t: (isinstance(t, ox.BlankNode), t.value)):
        statements = by_subject[subject]
        yield subject, [statements[k] for k in sorted(statements)]


def to_jsonld(ntriples: bytes) -> bytes:
    """N-Triples as one JSON-LD document (see the module docstring); for small graphs."""
    out = io.BytesIO()
    write_document(grouped(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)), out)
    return out.getvalue()


def jsonld_to_nquads(data: bytes | str) -> str:
    """Expand a JSON-LD document of ours to N-Quads, offline (tests and tools use this)."""
    from pyld import jsonld  # only readers of JSON-LD need pyld

    doc = json.loads(data)
    options = {"format": "application/n-quads", "documentLoader": document_loader}
    return jsonld.to_rdf(doc, options)  # type: ignore[no-any-return]
