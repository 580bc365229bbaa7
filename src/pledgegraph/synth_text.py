"""Writing synthetic Turtle: source texts with exact spans, evidence, claims and amounts.

``Writer`` accumulates one agreement file: Turtle blocks (counting their triples as it goes),
and one text per source, each sentence appended with its 0-based, end-exclusive span so every
claim's evidence quotes its source verbatim. Used by ``synth``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pledgegraph.vocab import BASE

ID = BASE + "id/"
PREFIXES = """\
@prefix pledge: <https://w3id.org/pledgegraph/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix country: <https://w3id.org/pledgegraph/id/country/> .
@prefix government: <https://w3id.org/pledgegraph/id/government/> .
@prefix company: <https://w3id.org/pledgegraph/id/company/> .
@prefix sector: <https://w3id.org/pledgegraph/id/sector/> .
@prefix agreement: <https://w3id.org/pledgegraph/id/agreement/> .
@prefix source: <https://w3id.org/pledgegraph/id/source/> .
"""
REVIEW = (
    ("pledge:reviewStatus", '"accepted"'),
    ("pledge:reviewedBy", '"pledgegraph synth"'),
    ("pledge:reviewedOn", '"2026-01-01"^^xsd:date'),
)


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def decimal(value: Decimal) -> str:
    """An xsd:decimal in Turtle: ``25000000000.0``."""
    text = f"{value.normalize():f}"
    return text if "." in text else text + ".0"


def money(value: Decimal) -> str:
    """``$2.35 billion`` / ``$450 million``, as a news report words it."""
    if value >= 10**9:
        return f"${(value / 10**9).normalize():f} billion"
    return f"${(value / 10**6).normalize():f} million"


@dataclass
class Source:
    """One synthetic source of an agreement and the text written so far."""

    key: str  # slug, also the text's file stem
    parts: list[str] = field(default_factory=list)
    offset: int = 0

    def sentence(self, quote: str) -> tuple[int, int]:
        """Append ``quote.``; return its span (0-based, end exclusive)."""
        if self.parts:
            self.parts.append(" ")
            self.offset += 1
        start = self.offset
        self.parts.append(quote + ".")
        self.offset += len(quote) + 1
        return start, start + len(quote)

    @property
    def text(self) -> str:
        return "".join(self.parts) + "\n"


class Writer:
    """Accumulates one agreement's Turtle and its triple count."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.turtle: list[str] = []
        self.triples = 0

    def block(self, subject: str, *pairs: tuple[str, str]) -> None:
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.turtle.append(f"{subject} {body} .\n")
        self.triples += sum(1 if o.startswith('"') else o.count(",") + 1 for _, o in pairs)

    def evidence(self, source: Source, slug: str, quote: str) -> str:
        start, end = source.sentence(quote)
        iri = f"<{ID}evidence/{self.key}/{source.key}/{slug}>"
        selector = f"<{ID}evidence/{self.key}/{source.key}/{slug}#selector>"
        self.block(
            iri,
            ("a", "pledge:Evidence"),
            ("oa:hasSource", f"source:{source.key}"),
            ("oa:hasSelector", selector),
        )
        self.block(
            selector,
            ("a", "oa:TextQuoteSelector, oa:TextPositionSelector"),
            ("oa:exact", lit(quote)),
            ("oa:start", str(start)),
            ("oa:end", str(end)),
        )
        return iri

    def amount(self, node: str, value: Decimal, cap: bool) -> None:
        prop = "schema:maxValue" if cap else "schema:value"
        self.block(
            node,
            ("a", "schema:MonetaryAmount"),
            ("schema:currency", '"USD"'),
            (prop, decimal(value)),
        )

    def claim(
        self,
        subject: tuple[str, str],
        source: Source,
        fact: str,
        evidence: str,
        value: str | None = None,
        amount: tuple[Decimal, bool] | None = None,
    ) -> None:
        """A claim of ``source`` on ``fact`` about ``subject`` (slug, IRI); ``amount`` is
        (figure, is a cap); ``value`` is Turtle for any other value."""
        slug, iri = subject
        node = f"<{ID}claim/{self.key}/{slug}/{source.key}/{fact}>"
        if amount is not None:
            value = node[:-1] + "#value>"
            self.amount(value, *amount)
        assert value is not None
        self.block(
            node,
            ("a", "pledge:Claim"),
            ("pledge:claimAbout", iri),
            ("pledge:fact", f"pledge:{fact}"),
            ("pledge:claimedValue", value),
            ("pledge:evidence", evidence),
            *REVIEW,
        )


def slug_of(name: str) -> str:
    return name.lower().replace(" ", "-")


def parties_file(
    countries: list[str], companies: list[tuple[str, str]], note: str
) -> tuple[str, int]:
    """The shared parties: each country with its government, and each company (ref, label)."""
    w = Writer("synth-parties")
    for name in countries:
        slug = f"synth-{slug_of(name)}"
        w.block(
            f"country:{slug}",
            ("a", "schema:Country"),
            ("rdfs:label", lit(name)),
            ("rdfs:comment", lit(note)),
        )
        w.block(
            f"government:{slug}",
            ("a", "schema:GovernmentOrganization"),
            ("rdfs:label", lit(f"Government of {name}")),
            ("pledge:governmentOf", f"country:{slug}"),
            ("rdfs:comment", lit(note)),
        )
    for ref, label in companies:
        w.block(
            ref,
            ("a", "schema:Corporation"),
            ("rdfs:label", lit(label)),
            ("rdfs:comment", lit(note)),
        )
    return PREFIXES + "\n" + "\n".join(w.turtle), w.triples
