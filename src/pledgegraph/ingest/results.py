"""What ``extract`` reads from a text, before anything becomes Turtle.

Kinds are plain strings, documented here, so the draft writer decides how each maps onto the
ontology. Spans are ``(start, end)`` character offsets into ``Extraction.text``: 0-based,
end-exclusive, the text at the span is the quote word for word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rdflib import URIRef

from pledgegraph.ingest.amounts import Amount
from pledgegraph.ingest.reconcile import Entity

Span = tuple[int, int]
# investment: money a party puts in (the default); purchase: goods a party buys (energy, aircraft,
# defence equipment, farm goods, other), never summed with investment; policy: an action without
# money (trade, regulatory, procurement rules).
CommitmentKind = Literal["investment", "purchase", "policy"]
Goods = Literal["energy", "aircraft", "defence", "agriculture", "technology", "other"]
# country: a country, pledging through its government; supranational: the European Union and
# the like; sub-national: a state, province or emirate's government; company-group: "Japanese
# companies"; company: a named company.
PartyKind = Literal["country", "supranational", "sub-national", "company-group", "company"]
# advances / implements / amends / supersedes another agreement or commitment ("builds on" and
# "delivers on" read as advances; "replaces" as supersedes).
LinkKind = Literal["advances", "implements", "amends", "supersedes"]


@dataclass
class Found:
    """One commitment as read from the text.

    ``amount`` is None for a component (``parent`` set) and for a policy commitment.
    ``kind`` says what the money is: investment, purchase (``goods`` says of what) or policy.
    ``truncated``: the quote is cut off mid-word or ends in "..." (as in "Up to $20 billion to
    suppl"): its purpose is read only from the complete words, and a matcher should treat the
    item as ambiguous. ``co_investors``: further parties of a joint pledge ("Both sides
    committed to ..."), besides ``investor``. ``investor_inferred``: the text names no
    investor for it; the text's main investor was assumed.
    """

    investor: Entity
    investor_inferred: bool
    amount: Amount | None
    partners: list[Entity]
    sector: URIRef
    sector_guessed: bool
    purpose: str
    quotes: list[Span]
    host: Entity | None = None
    parent: int | None = None  # index into Extraction.commitments
    policy: bool = False
    kind: CommitmentKind = "investment"
    goods: Goods | None = None  # for a purchase: what is bought
    truncated: bool = False
    co_investors: list[Entity] = field(default_factory=list)  # "Both sides will ...": the others

    def __post_init__(self) -> None:
        if self.policy:
            self.kind = "policy"


@dataclass
class Party:
    """A party to the agreement as the text names it: ``entity`` reconciled (the government of
    a country, the European Union, a state's government, a company group or a company),
    ``kind`` one of ``PartyKind``, ``label`` the words of the text, ``quote`` where."""

    entity: Entity
    kind: PartyKind
    label: str
    quote: Span | None = None


@dataclass
class Signer:
    """A person the text says signed the agreement: ``name`` ("Sanae Takaichi"), ``office`` as
    written ("Prime Minister"), ``party`` the party they signed for, where the text tells."""

    name: str
    office: str
    party: Entity | None
    quote: Span


@dataclass
class Headline:
    """A total the text states for the agreement ("investments worth $467 billion", "a
    combined $150 billion"): not a pledge. ``kind`` is ``sum`` (it adds up the text's pledges)
    or ``frame`` (an envelope or target: "expected to mobilise more than €10 billion"); ``cue``
    is the framing words; ``quotes`` every place the text states it."""

    amount: Amount
    quotes: list[Span]
    cue: str = ""
    kind: Literal["sum", "frame"] = "sum"


@dataclass
class Link:
    """This agreement's tie to another one: ``kind`` one of ``LinkKind``; ``target`` the other
    agreement or commitment as the text names it ("Japan's $550 billion investment commitment of
    July 2025"); ``amount`` an amount named in the target (it belongs to the other agreement,
    never to this one); ``quote`` the first sentence that states it, ``quotes`` all of them."""

    kind: LinkKind
    target: str
    quote: Span
    amount: Amount | None = None
    quotes: list[Span] = field(default_factory=list)  # every sentence that states it


@dataclass
class Extraction:
    """Everything read from one text. ``headline``/``headline_quotes`` are the first headline,
    kept for callers that know one; ``headlines`` has them all. ``other_amounts`` are amounts
    that belong to another agreement ("the previous $550 billion commitment"), counted neither
    as pledges nor as headlines. ``parties`` are the agreement's parties (two or more where the
    text names them), ``signers`` who signed, ``signing_date`` the ISO date the text says it was
    signed (None when it does not say), ``text_date`` the text's first full date (a dateline),
    ``agreement_name`` the name the text gives
    the agreement ("the U.S.-Japan Framework Agreement"), ``links`` related agreements."""

    text: str
    commitments: list[Found] = field(default_factory=list)
    headline: Amount | None = None
    headline_quotes: list[Span] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)
    other_amounts: list[tuple[Amount, Span]] = field(default_factory=list)
    investor_country: str | None = None
    host_country: str | None = None
    parties: list[Party] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    agreement_quote: Span | None = None
    agreement_name: str = ""
    signing_date: str | None = None
    text_date: str | None = None
    links: list[Link] = field(default_factory=list)

    @property
    def monetary(self) -> list[Found]:
        return [c for c in self.commitments if c.amount is not None]

    @property
    def investments(self) -> list[Found]:
        return [c for c in self.monetary if c.kind == "investment"]

    @property
    def purchases(self) -> list[Found]:
        return [c for c in self.monetary if c.kind == "purchase"]
