"""Commitments found by ``table`` or ``extract`` -> an rdflib Graph in the curated data's shape.

Entities the reconciler found in the graph are only referenced; new ones are declared here with
a type and a label. With ``review=True`` every node the draft invents carries
``pledge:reviewStatus "draft"`` and ``pledge:reviewNote`` lines saying what a reviewer must
confirm, and is linked to a PROV activity naming the tool, its version and a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from pledgegraph import __version__
from pledgegraph.ingest import TOOL_NAME
from pledgegraph.ingest.amounts import Amount
from pledgegraph.ingest.reconcile import KIND_CLASSES, Entity, Reconciler
from pledgegraph.ingest.results import Signer
from pledgegraph.store.terms import to_oxigraph
from pledgegraph.vocab import ID, OA, PLEDGE, SCHEMA, entity_iri

PREFIXES = {
    "pledge": PLEDGE._NS,
    "schema": SCHEMA,
    "oa": OA,
    "dcterms": DCTERMS,
    "prov": PROV,
    "agreement": ID["agreement/"],
    "company": ID["company/"],
    "government": ID["government/"],
    "country": ID["country/"],
    "group": ID["group/"],
    "sector": ID["sector/"],
    "source": ID["source/"],
}
AMOUNT_PROPERTY = {"stated": SCHEMA.value, "cap": SCHEMA.maxValue, "floor": SCHEMA.minValue}


@dataclass(frozen=True)
class Quote:
    """A verbatim quote and its 0-based, end-exclusive span in the source text."""

    start: int
    end: int
    exact: str


@dataclass
class Source:
    iri: URIRef
    title: str
    local_copy: str  # relative to the Turtle file that will declare it
    url: str = ""
    published: str = ""  # ISO date


@dataclass
class DraftCommitment:
    slug: str
    label: str
    investor: Entity
    sector: URIRef
    quotes: list[Quote]
    source: Source
    host: Entity | None = None
    amount: Amount | None = None
    partners: list[Entity] = field(default_factory=list)
    purpose: str = ""
    parent: URIRef | None = None
    policy: bool = False
    notes: list[str] = field(default_factory=list)
    kind: str = "investment"  # investment | purchase | policy (extract's Found.kind)


@dataclass
class DraftAgreement:
    iri: URIRef
    label: str
    signatories: list[Entity]
    new: bool
    signing_date: str = ""
    quotes: list[Quote] = field(default_factory=list)
    headline: Amount | None = None
    headline_quotes: list[Quote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)


def decimal_literal(value: Decimal) -> Literal:
    """``Decimal("25E+9")`` -> ``"25000000000.0"^^xsd:decimal``, the curated data's spelling."""
    text = f"{value.normalize():f}"
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


Triple = tuple[Node, Node, Node]


class TripleSet:
    """What a draft needs of a graph, at the cost of a dictionary: ``add``, ``in`` (a whole
    triple, or ``(None, None, o)``), iteration in the order added, and prefixes. An rdflib
    ``Graph`` indexes every triple three ways, which made tables of 10^5 rows take minutes."""

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}
        self._objects: set[Node] = set()
        self._prefixes: dict[str, URIRef] = {}

    def bind(self, prefix: str, namespace: object) -> None:
        self._prefixes[prefix] = URIRef(str(namespace))

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return iter(self._prefixes.items())

    def add(self, triple: Triple) -> None:
        if triple not in self._triples:
            self._triples[triple] = None
            self._objects.add(triple[2])

    def __contains__(self, triple: tuple[Node | None, Node | None, Node]) -> bool:
        if triple[0] is None and triple[1] is None:
            return triple[2] in self._objects
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


class DraftWriter:
    """Accumulates triples for one draft; ``graph`` is the result."""

    def __init__(
        self,
        agreement_slug: str,
        reconciler: Reconciler,
        review: bool,
        activity: URIRef | None = None,
    ) -> None:
        self.graph = TripleSet()
        for prefix, ns in PREFIXES.items():
            self.graph.bind(prefix, Namespace(str(ns)))
        self.graph.bind("commitment", ID[f"commitment/{agreement_slug}/"])
        self.agreement_slug = agreement_slug
        self.reconciler = reconciler
        self.review = review
        self.activity = activity
        self._evidence_slugs: set[str] = set()

    def _mark(self, node: URIRef, notes: list[str] = ()) -> None:  # type: ignore[assignment]
        if not self.review:
            return
        self.graph.add((node, PLEDGE.reviewStatus, Literal("draft")))
        for note in notes:
            self.graph.add((node, PLEDGE.reviewNote, Literal(note)))
        if self.activity is not None:
            self.graph.add((node, PROV.wasGeneratedBy, self.activity))

    def source(self, source: Source, published: str = "") -> None:
        g, node = self.graph, source.iri
        g.add((node, RDF.type, PLEDGE.SourceDocument))
        g.add((node, DCTERMS.title, Literal(source.title)))
        g.add((node, PLEDGE.localCopy, Literal(source.local_copy)))
        if source.url:
            g.add((node, SCHEMA.url, Literal(source.url, datatype=XSD.anyURI)))
        if source.published:
            g.add((node, DCTERMS.issued, Literal(source.published, datatype=XSD.date)))
        self._mark(node, ["Add dcterms:publisher and dcterms:rights; check the title."])

    def entities(self) -> list[Entity]:
        """Declare every entity the reconciler had to mint that the draft refers to (a name
        tried and dropped while reading is left out); returns them, sorted by IRI."""
        g = self.graph
        pending = sorted(self.reconciler.new.values(), key=lambda e: str(e.iri))
        declared: list[Entity] = []
        while used := [e for e in pending if (None, None, e.iri) in g]:
            pending = [e for e in pending if e not in used]
            for entity in used:
                self._declare(entity)
            declared += used
        return sorted(declared, key=lambda e: str(e.iri))

    def _declare(self, entity: Entity) -> None:
        g = self.graph
        g.add((entity.iri, RDF.type, KIND_CLASSES[entity.kind]))
        g.add((entity.iri, RDFS.label, Literal(entity.label)))
        if entity.kind == "government" and entity.country is not None:
            g.add((entity.iri, PLEDGE.governmentOf, entity.country))
        if entity.kind in ("group", "subnational") and entity.country is not None:
            g.add((entity.iri, PLEDGE.basedIn, entity.country))
        self._mark(
            entity.iri,
            [
                f"New {entity.kind}: not found in the graph; check the "
                "name, or replace this IRI by an existing one."
            ],
        )

    def evidence(self, base: str, quote: Quote, source: Source) -> URIRef:
        slug, n = base, 1
        while slug in self._evidence_slugs:
            n += 1
            slug = f"{base}-{n}"
        self._evidence_slugs.add(slug)
        node = ID[f"evidence/{self.agreement_slug}/{slug}"]
        selector = URIRef(f"{node}#selector")
        g = self.graph
        g.add((node, RDF.type, PLEDGE.Evidence))
        g.add((node, OA.hasSource, source.iri))
        g.add((node, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextQuoteSelector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        g.add((selector, OA.exact, Literal(quote.exact)))
        g.add((selector, OA.start, Literal(quote.start)))
        g.add((selector, OA.end, Literal(quote.end)))
        if self.review and self.activity is not None:
            g.add((node, PROV.wasGeneratedBy, self.activity))
        return node

    def amount(self, owner: URIRef, node: URIRef, amount: Amount, link: URIRef) -> None:
        g = self.graph
        g.add((owner, link, node))
        g.add((node, RDF.type, SCHEMA.MonetaryAmount))
        g.add((node, SCHEMA.currency, Literal(amount.currency)))
        if amount.kind == "range" and amount.high is not None:  # "$10-15 billion": both ends
            g.add((node, SCHEMA.minValue, decimal_literal(amount.value)))
            g.add((node, SCHEMA.maxValue, decimal_literal(amount.high)))
            return
        g.add((node, AMOUNT_PROPERTY[amount.kind], decimal_literal(amount.value)))

    def agreement(self, agreement: DraftAgreement, source: Source) -> None:
        g, node = self.graph, agreement.iri
        if agreement.new:
            g.add((node, RDF.type, PLEDGE.Agreement))
            g.add((node, RDFS.label, Literal(agreement.label)))
            for party in agreement.signatories:
                g.add((node, PLEDGE.signatory, party.iri))
            if agreement.signing_date:
                g.add(
                    (node, PLEDGE.signingDate, Literal(agreement.signing_date, datatype=XSD.date))
                )
            for quote in agreement.quotes:
                g.add((node, PLEDGE.evidence, self.evidence("agreement", quote, source)))
            for signer in agreement.signers:
                self.signer(node, signer)
            self._mark(node, agreement.notes)
        if agreement.headline is not None and agreement.new:
            total = URIRef(f"{node}#stated-total")
            self.amount(node, total, agreement.headline, PLEDGE.statedTotal)
            for quote in agreement.headline_quotes:
                g.add((total, PLEDGE.evidence, self.evidence("headline-total", quote, source)))
            self._mark(total, ["Headline total as the source states it; not a sum."])

    def signer(self, agreement: URIRef, signer: Signer) -> None:
        """A person who signed, with the office as written and the party, where known."""
        g, person = self.graph, entity_iri("person", signer.name)
        g.add((agreement, PLEDGE.signer, person))
        if (person, RDF.type, SCHEMA.Person) in self.reconciler.graph:
            return
        g.add((person, RDF.type, SCHEMA.Person))
        g.add((person, RDFS.label, Literal(signer.name)))
        if signer.office:
            g.add((person, PLEDGE.office, Literal(signer.office)))
        if signer.party is not None:
            g.add((person, PLEDGE.represents, signer.party.iri))
        self._mark(person, ["Signer read from the text: check the name, office and party."])

    def commitment(self, c: DraftCommitment, agreement: URIRef) -> URIRef:
        g = self.graph
        node = ID[f"commitment/{self.agreement_slug}/{c.slug}"]
        g.add((node, RDF.type, PLEDGE.Commitment))
        if c.policy:
            g.add((node, RDF.type, PLEDGE.PolicyCommitment))
        elif c.kind == "purchase":  # a purchase is no investment, and never summed with it
            g.add((node, RDF.type, PLEDGE.PurchaseCommitment))
        elif c.amount is not None:
            g.add((node, RDF.type, PLEDGE.InvestmentCommitment))
        g.add((node, RDFS.label, Literal(c.label)))
        g.add((node, PLEDGE.underAgreement, agreement))
        g.add((node, PLEDGE.committedBy, c.investor.iri))
        if c.host is not None:
            g.add((node, PLEDGE.hostCountry, c.host.iri))
        for partner in c.partners:
            g.add((node, PLEDGE.partner, partner.iri))
        g.add((node, PLEDGE.sector, c.sector))
        if c.purpose:
            g.add((node, PLEDGE.purpose, Literal(c.purpose)))
        if c.parent is not None:
            g.add((node, PLEDGE.partOf, c.parent))
        if c.amount is not None:
            self.amount(node, URIRef(f"{node}#amount"), c.amount, PLEDGE.amount)
        for quote in c.quotes:
            g.add((node, PLEDGE.evidence, self.evidence(c.slug, quote, c.source)))
        self._mark(node, c.notes)
        return node

    def activity_node(self, source: Source, time: str) -> None:
        """The PROV activity every draft node points to: which tool ran, on what, when."""
        if self.activity is None:
            return
        g, node = self.graph, self.activity
        agent = ID[f"tool/{TOOL_NAME}/{__version__}"]
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, RDFS.label, Literal(f"{TOOL_NAME} {__version__} on {source.title}")))
        g.add((node, PROV.used, source.iri))
        g.add((node, PROV.wasAssociatedWith, agent))
        g.add((node, PROV.startedAtTime, Literal(time, datatype=XSD.dateTime)))
        g.add((node, PROV.endedAtTime, Literal(time, datatype=XSD.dateTime)))
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(TOOL_NAME)))
        g.add((agent, DCTERMS.hasVersion, Literal(__version__)))


def to_turtle(graph: Graph | TripleSet, header: str) -> bytes:
    """Turtle with a comment header, subjects sorted (so equal graphs give equal bytes) and a
    blank line between them. Written by Oxigraph: rdflib's Turtle writer looks up namespaces
    in time that grows with every new IRI (minutes for a draft of a thousand commitments)."""

    def key(t: tuple[Node, Node, Node]) -> tuple[str, bool, str, str]:
        return (str(t[0]), t[1] != RDF.type, str(t[1]), t[2].n3())

    triples = [
        ox.Triple(*(to_oxigraph(term) for term in t))  # type: ignore[arg-type]
        for t in sorted(graph, key=key)
    ]
    iris = {str(term) for t in graph for term in t if isinstance(term, URIRef)}
    iris |= {str(t[2].datatype) for t in graph if isinstance(t[2], Literal) and t[2].datatype}
    bound = sorted(((p, str(ns)) for p, ns in graph.namespaces() if p), key=lambda b: b[0])
    prefixes = {p: ns for p, ns in bound if any(iri.startswith(ns) for iri in iris)}
    written = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    body = (written or b"").decode("utf-8")
    body = re.sub(r"^@prefix [^\n]*\n", "", body, flags=re.MULTILINE)  # in our order below
    body = re.sub(r"\n(?=[^\s])", "\n\n", body.replace("\t", "    "))
    declared = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items())
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return (lines + "\n" + declared + "\n" + body).encode("utf-8")
