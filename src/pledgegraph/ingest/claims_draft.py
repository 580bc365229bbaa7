"""A second source of an agreement in the graph -> draft claims, written as Turtle text.

``extract TEXT --agreement SLUG`` on an agreement the graph already holds writes, for each item
the text states (see ``match``), the claims of the new source:

* a **matched** item: claims about the existing commitment (amount, the investor where the item
  names one, the partners it names, the purpose);
* a **new** item: a new draft commitment (label, agreement, sector: what is ours) and the
  source's claims about it, the investor ``pledge:notNamed`` where the item names none;
* an **ambiguous** item: claims with no ``pledge:claimAbout`` and a ``pledge:candidate`` per
  commitment it fits, which ``pledgegraph review --match`` resolves.

Every claim is ``pledge:reviewStatus "draft"``; the claims of one item share one evidence node,
``id/evidence/<agreement>/<source>/item-N``, whose last segment is the item's id in
``pledgegraph review``. Triples are built as pyoxigraph terms and serialised once, so writing
is linear in the size of the draft.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef

from pledgegraph.ingest.amounts import Amount
from pledgegraph.ingest.extract import Extraction, Found, extract
from pledgegraph.ingest.match import Match, match
from pledgegraph.ingest.reconcile import KIND_CLASSES, Reconciler, new_slug
from pledgegraph.results import short_iri
from pledgegraph.vocab import ID, OA, PLEDGE, SCHEMA, slugify

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
SOURCE_KINDS = {
    "government": "GovernmentSource",
    "company": "CompanySource",
    "news-agency": "NewsAgencySource",
    "newspaper": "NewspaperSource",
    "other": "OtherSource",
}
PREFIXES = {
    "pledge": str(PLEDGE),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "dcterms": DCT,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "agreement": str(ID["agreement/"]),
    "company": str(ID["company/"]),
    "government": str(ID["government/"]),
    "country": str(ID["country/"]),
    "group": str(ID["group/"]),
    "sector": str(ID["sector/"]),
    "source": str(ID["source/"]),
}


def _iri(value: str | URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(value))


def _p(local: str) -> ox.NamedNode:
    return ox.NamedNode(f"{PLEDGE}{local}")


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def decimal_text(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if "." in text else text + ".0"


@dataclass
class SourceInfo:
    """What the user says about the new source (``extract`` options)."""

    iri: URIRef
    title: str
    local_copy: str
    url: str = ""
    published: str = ""
    publisher: str = ""
    kind: str = ""  # a key of SOURCE_KINDS, or ""
    published_by: URIRef | None = None


@dataclass
class ClaimsDraft:
    agreement: URIRef
    source: SourceInfo
    triples: list[ox.Triple] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"matched": 0, "new": 0, "ambiguous": 0})

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.append(ox.Triple(s, p, o))


def _mark(draft: ClaimsDraft, node: ox.NamedNode, notes: Iterable[str] = ()) -> None:
    draft.add(node, _p("reviewStatus"), _text("draft"))
    for note in notes:
        draft.add(node, _p("reviewNote"), _text(note))


def _source(draft: ClaimsDraft) -> None:
    info, node = draft.source, _iri(draft.source.iri)
    draft.add(node, RDF_TYPE, _p("SourceDocument"))
    draft.add(node, ox.NamedNode(DCT + "title"), _text(info.title))
    draft.add(node, _p("localCopy"), _text(info.local_copy))
    if info.publisher:
        draft.add(node, ox.NamedNode(DCT + "publisher"), _text(info.publisher))
    if info.kind:
        draft.add(node, _p("sourceKind"), _p(SOURCE_KINDS[info.kind]))
    if info.published_by is not None:
        draft.add(node, _p("publishedBy"), _iri(info.published_by))
    if info.url:
        draft.add(node, _iri(SCHEMA.url), _typed(info.url, "anyURI"))
    if info.published:
        draft.add(node, ox.NamedNode(DCT + "issued"), _typed(info.published, "date"))
    notes = ["Check the title, publisher (dcterms:publisher) and kind (pledge:sourceKind)."]
    _mark(draft, node, notes)


def _evidence(draft: ClaimsDraft, item_id: str, span: tuple[int, int], text: str) -> ox.NamedNode:
    slug = draft.agreement.rsplit("/", 1)[-1]
    source_slug = draft.source.iri.rsplit("/", 1)[-1]
    node = _iri(ID[f"evidence/{slug}/{source_slug}/{item_id}"])
    selector = ox.NamedNode(f"{node.value}#selector")
    draft.add(node, RDF_TYPE, _p("Evidence"))
    draft.add(node, _iri(OA.hasSource), _iri(draft.source.iri))
    draft.add(node, _iri(OA.hasSelector), selector)
    draft.add(selector, RDF_TYPE, _iri(OA.TextQuoteSelector))
    draft.add(selector, RDF_TYPE, _iri(OA.TextPositionSelector))
    draft.add(selector, _iri(OA.exact), _text(text[span[0] : span[1]]))
    draft.add(selector, _iri(OA.start), _typed(str(span[0]), "integer"))
    draft.add(selector, _iri(OA.end), _typed(str(span[1]), "integer"))
    return node


class _ItemWriter:
    """The claims of one item: ``subject`` is the commitment slug or the item id."""

    def __init__(
        self,
        draft: ClaimsDraft,
        evidence: ox.NamedNode,
        subject_slug: str,
        about: URIRef | None,
        notes: list[str],
    ) -> None:
        self.draft, self.evidence, self.about, self.notes = draft, evidence, about, notes
        agreement_slug = draft.agreement.rsplit("/", 1)[-1]
        source_slug = draft.source.iri.rsplit("/", 1)[-1]
        self.base = str(ID[f"claim/{agreement_slug}/{subject_slug}/{source_slug}"])
        self.candidates: list[URIRef] = []

    def claim(self, fact: str) -> ox.NamedNode:
        node = ox.NamedNode(f"{self.base}/{fact}")
        d = self.draft
        d.add(node, RDF_TYPE, _p("Claim"))
        if self.about is not None:
            d.add(node, _p("claimAbout"), _iri(self.about))
        for candidate in self.candidates:
            d.add(node, _p("candidate"), _iri(candidate))
        d.add(node, _p("fact"), _p(fact))
        d.add(node, _p("evidence"), self.evidence)
        _mark(d, node, self.notes)
        return node

    def amount(self, amount: Amount, fact: str = "amount") -> None:
        node = self.claim(fact)
        value = ox.NamedNode(f"{node.value}#value")
        d = self.draft
        d.add(node, _p("claimedValue"), value)
        d.add(value, RDF_TYPE, _iri(SCHEMA.MonetaryAmount))
        d.add(value, _iri(SCHEMA.currency), _text(amount.currency))
        figure = _typed(decimal_text(amount.value), "decimal")
        if amount.kind == "range" and amount.high is not None:
            d.add(value, _iri(SCHEMA.minValue), figure)
            d.add(value, _iri(SCHEMA.maxValue), _typed(decimal_text(amount.high), "decimal"))
        else:
            prop = {"stated": SCHEMA.value, "cap": SCHEMA.maxValue, "floor": SCHEMA.minValue}
            d.add(value, _iri(prop[amount.kind]), figure)

    def entities(self, fact: str, values: list[URIRef]) -> None:
        if values:
            node = self.claim(fact)
            for value in values:
                self.draft.add(node, _p("claimedValue"), _iri(value))

    def not_named(self, fact: str) -> None:
        node = self.claim(fact)
        self.draft.add(node, _p("notNamed"), _typed("true", "boolean"))

    def purpose(self, purpose: str) -> None:
        if purpose:
            self.draft.add(self.claim("purpose"), _p("claimedValue"), _text(purpose))


NOTE = "Check the claim against the quote: the figure and whether it is up to, at least or stated."


def _new_commitment(
    draft: ClaimsDraft, found: Found, rec: Reconciler, slug: str, evidence: ox.NamedNode
) -> URIRef:
    iri = ID[f"commitment/{draft.agreement.rsplit('/', 1)[-1]}/{slug}"]
    node = _iri(iri)
    draft.add(node, RDF_TYPE, _p("Commitment"))
    if found.policy:
        draft.add(node, RDF_TYPE, _p("PolicyCommitment"))
    elif found.kind == "purchase":  # never summed with investment
        draft.add(node, RDF_TYPE, _p("PurchaseCommitment"))
    elif found.amount is not None:
        draft.add(node, RDF_TYPE, _p("InvestmentCommitment"))
    label = found.purpose[:1].upper() + found.purpose[1:80] if found.purpose else "Commitment"
    draft.add(node, RDFS_LABEL, _text(label + (" (text cut off)" if found.truncated else "")))
    draft.add(node, _p("underAgreement"), _iri(draft.agreement))
    draft.add(node, _p("sector"), _iri(found.sector))
    draft.add(node, _p("evidence"), evidence)
    notes = [
        f"New commitment: nothing in the graph matched it. Sector {rec.sector_slug(found.sector)}"
        + (" guessed; confirm it." if found.sector_guessed else ": confirm it.")
    ]
    _mark(draft, node, notes)
    return iri


def build_claims(
    extraction: Extraction,
    matches: list[Match],
    rec: Reconciler,
    agreement: URIRef,
    source: SourceInfo,
) -> ClaimsDraft:
    """The draft claims of ``source`` about ``agreement`` (see the module's docstring)."""
    draft = ClaimsDraft(agreement, source)
    _source(draft)
    text = extraction.text
    prefix = str(ID[f"commitment/{agreement.rsplit('/', 1)[-1]}/"])
    taken = {str(s)[len(prefix) :] for s in rec.graph.subjects() if str(s).startswith(prefix)}
    if extraction.headline is not None and extraction.headline_quotes:
        evidence = _evidence(draft, "headline", extraction.headline_quotes[0], text)
        _ItemWriter(draft, evidence, "agreement", agreement, [NOTE]).amount(
            extraction.headline, "statedTotal"
        )
    for n, result in enumerate(matches, 1):
        found = extraction.commitments[result.index]
        item_id = f"item-{n}"
        evidence = _evidence(draft, item_id, result.span, text)
        draft.counts[result.status] += 1
        notes = [NOTE]
        if result.status == "matched":
            about: URIRef | None = result.commitment
            subject = str(result.commitment).rsplit("/", 1)[-1]
        elif result.status == "new":
            words = [w for w in slugify(found.purpose or "commitment").split("-") if len(w) > 2]
            lead = [slugify(found.partners[0].label)] if found.partners else []
            subject = new_slug("-".join(lead + words[:4]) or "commitment", taken)
            about = _new_commitment(draft, found, rec, subject, evidence)
        else:
            about, subject = None, item_id
            names = ", ".join(str(c).rsplit("/", 1)[-1] for c in result.candidates)
            notes = [
                f"Ambiguous: fits {names} equally; never merged until a reviewer picks one "
                f"(pledgegraph review FILE --match {item_id}=COMMITMENT)."
            ]
        writer = _ItemWriter(draft, evidence, subject, about, notes)
        writer.candidates = result.candidates
        if found.amount is not None:
            writer.amount(found.amount)
        if result.investor is not None:
            writer.entities("committedBy", [result.investor])
        elif result.status == "new":
            writer.not_named("committedBy")
        writer.entities("partner", result.partners)
        if result.status == "new" and found.host is not None:
            writer.entities("hostCountry", [found.host.iri])
        if not found.truncated:
            writer.purpose(found.purpose)
    _declare_entities(draft, rec)
    return draft


def _declare_entities(draft: ClaimsDraft, rec: Reconciler) -> None:
    """Entities the reconciler had to mint that the draft uses: a type, a label, a draft mark."""
    used = {t.object.value for t in draft.triples if isinstance(t.object, ox.NamedNode)}
    for iri, entity in sorted(rec.new.items(), key=lambda kv: str(kv[0])):
        if str(iri) not in used:
            continue
        node = _iri(iri)
        draft.add(node, RDF_TYPE, _iri(KIND_CLASSES[entity.kind]))
        draft.add(node, RDFS_LABEL, _text(entity.label))
        if entity.kind == "government" and entity.country is not None:
            draft.add(node, _p("governmentOf"), _iri(entity.country))
        if entity.kind in ("group", "subnational") and entity.country is not None:
            draft.add(node, _p("basedIn"), _iri(entity.country))
        _mark(draft, node, [f"New {entity.kind}: not in the graph; check the name."])


def serialize(draft: ClaimsDraft, header: str) -> bytes:
    """Turtle: the header as comments, then the triples, subjects grouped in the order written."""
    order: dict[str, int] = {}
    for t in draft.triples:
        order.setdefault(str(t.subject), len(order))
    triples = sorted(draft.triples, key=lambda t: order[str(t.subject)])
    written = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    body = written.decode("utf-8").replace("\t", "    ")
    body = re.sub(r"\n(?=[^\s])", "\n\n", body)  # a blank line before each subject
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return (lines + "\n" + body).encode("utf-8")


HEADER = (
    "DRAFT for review: what {title} says about {agreement}, written by pledgegraph extract.\n"
    "Each item's claims share the evidence node .../item-N; `pledgegraph review THIS.ttl` lists\n"
    "them (matched / new / ambiguous) and accepts, rejects or re-targets them. Drafts never\n"
    "build: `pledgegraph build` refuses this file until every draft is reviewed."
)


def second_source(
    text: str, rec: Reconciler, agreement: URIRef, source: SourceInfo
) -> tuple[bytes, list[str]]:
    """Extract ``text``, match its items to ``agreement``'s commitments, write the draft
    claims; returns the Turtle and a report (one line per item)."""
    extraction = extract(text, rec, source.published)
    matches = match(extraction, rec, agreement)
    draft = build_claims(extraction, matches, rec, agreement, source)
    report = [
        f"{len(matches)} item(s) about {short_iri(agreement)}, already in the graph: "
        + ", ".join(f"{n} {status}" for status, n in draft.counts.items())
    ]
    for n, result in enumerate(matches, 1):
        start, end = result.span
        target = ", ".join(short_iri(c) for c in [result.commitment] if c is not None) or "-"
        if result.candidates:
            target = "candidates: " + ", ".join(short_iri(c) for c in result.candidates)
        quote = text[start:end]
        quote = quote if len(quote) <= 70 else quote[:69] + "…"
        report.append(f"item-{n}\t{result.status}\t{target}\t{quote}")
    title = source.title
    header = HEADER.format(title=title, agreement=agreement.rsplit("/", 1)[-1])
    return serialize(draft, header), report


def existing_agreement(graph: Graph, slug: str) -> URIRef | None:
    """The agreement ``slug`` names if the graph holds it, else None."""
    iri = ID[f"agreement/{slugify(slug)}"]
    return iri if (iri, RDF.type, PLEDGE.Agreement) in graph else None


def source_info(
    article: Path, rec: Reconciler, output: Path | None, title: str, url: str, published: str
) -> SourceInfo:
    """The new source: an IRI from the file name (unique in the graph), the local copy
    relative to where the draft is written."""
    taken = {str(s).rsplit("/", 1)[-1] for s in rec.graph.subjects(RDF.type, PLEDGE.SourceDocument)}
    folder = (output.parent if output else Path.cwd()).resolve()
    return SourceInfo(
        ID[f"source/{new_slug(article.stem, taken)}"],
        title or f"[{article.name}]",
        Path(os.path.relpath(article.resolve(), folder)).as_posix(),
        url,
        published,
    )
