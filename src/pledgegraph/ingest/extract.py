"""Extract stage: an English article or fact sheet -> commitments with evidence, as a draft.

How it reads a text (all rules, no model):
1. split into sentences with exact spans (lines and bullets first);
2. find every amount; each amount opens a *segment* that runs to the next amount's clause
   boundary (";", ",", " and "), so "$25 billion with Toshiba; and $20 billion with Carrier"
   gives two commitments;
3. per segment: the investor (the party just before a commitment verb, else the sentence's, else
   the document's main investor), the host country, partners after partner cues, purpose
   ("to supply ..."), sector (keywords onto the scheme) and the kind (cap, floor, stated);
4. an amount with a total cue ("worth", "in total", "combined") that is the largest in the text is
   the headline total, not a commitment;
5. a sentence without amounts after a monetary one that says "It includes A with X; B with Y"
   (or bullets under a heading that ends with ":") gives components of that commitment;
6. other sentences in which a party "will", "agreed to", "committed to" ... do something give
   policy commitments;
7. the same pledge found twice (same investor, amount, kind and compatible partners) is one
   commitment with two pieces of evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from rdflib import URIRef

from pledgegraph.ingest.amounts import Amount
from pledgegraph.ingest.clauses import (
    TRIM,
    Segment,
    purpose,
    purpose_before,
    quote_span,
    split_clauses,
)
from pledgegraph.ingest.reconcile import Entity, Reconciler, normalise
from pledgegraph.ingest.text import (
    NAME,
    Sentence,
    clean_name,
    find_date,
    partner_mentions,
    party_mentions,
    split_sentences,
    subject_of,
)
from pledgegraph.vocab import PLEDGE

TOTAL_CUE = re.compile(
    r"\b(?:total(?:ing|ling|s)?|in total|combined|overall|altogether|in all|aggregate|"
    r"(?:investments?|deals?|commitments?|agreements?|package|pledges?|exchanges|transactions|"
    r"trade|business) worth)\b",
    re.IGNORECASE,
)
INCLUDES = re.compile(
    r"^(?:(?:It|This|These|They|The (?:package|investment|commitment|plan|pledge)s?)\s+"
    r"(?:also\s+)?(?:includes?|covers?|comprises?|will include|consists? of)|"
    r"(?:This|That|The) (?:amount|sum|figure) (?:includes?|covers?))\s*:?\s*",
    re.IGNORECASE,
)
POLICY = re.compile(
    r"\b(?:will(?! be)|shall|(?:has |have )?(?:also )?(?:committed|commits?|agreed|agrees|"
    r"pledged|pledges|undertook|undertakes|plans?|intends?|aims?)\s+to|commitment to|"
    r"signed (?:an? |the )[A-Z][\w -]{2,60}? to)\s+(?:further\s+)?(?P<verb>[a-z]+)"
)


@dataclass
class Found:
    """One commitment as read from the text, before it becomes Turtle."""

    investor: Entity
    investor_inferred: bool
    amount: Amount | None
    partners: list[Entity]
    sector: URIRef
    sector_guessed: bool
    purpose: str
    quotes: list[tuple[int, int]]
    host: Entity | None = None
    parent: int | None = None  # index into Extraction.commitments
    policy: bool = False


@dataclass
class Extraction:
    text: str
    commitments: list[Found] = field(default_factory=list)
    headline: Amount | None = None
    headline_quotes: list[tuple[int, int]] = field(default_factory=list)
    investor_country: str | None = None
    host_country: str | None = None
    agreement_quote: tuple[int, int] | None = None
    signing_date: str | None = None

    @property
    def monetary(self) -> list[Found]:
        return [c for c in self.commitments if c.amount is not None]


class Extractor:
    def __init__(self, text: str, reconciler: Reconciler) -> None:
        self.text = text
        self.rec = reconciler
        self.sentences = split_sentences(text)
        self.result = Extraction(text)

    # ------------------------------------------------------------ document level

    def _countries(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for s in self.sentences:
            for name, _, _ in party_mentions(s.text, self.rec):
                if (country := self.rec.country_name(name)) is not None:
                    counts[country] += 1
        return counts

    def _country_of(self, entity: Entity) -> str | None:
        country = entity.country
        if country is None:
            for prop in (PLEDGE.governmentOf, PLEDGE.basedIn):
                country = cast(URIRef | None, self.rec.graph.value(entity.iri, prop)) or country
        if country is None:
            return None
        label = self.rec.labels.get(country)
        if label is None:
            new = self.rec.new.get(country)
            label = new.label if new else None
        return label

    def run(self) -> Extraction:
        segments = {s: split_clauses(s, self.text) for s in self.sentences}
        all_amounts = [seg.amount for segs in segments.values() for seg in segs]
        self._headline(segments, all_amounts)
        subjects: dict[int, str | None] = {}
        raw: list[tuple[Segment, str | None]] = []
        for sentence, segs in segments.items():
            sentence_subject = None
            for i, seg in enumerate(segs):
                if self._is_headline(seg):
                    continue
                prefix = self.text[seg.start : seg.amount.start]
                if i == 0:
                    prefix = self.text[sentence.start : seg.amount.start]
                name = subject_of(prefix, self.rec)
                if i == 0:
                    sentence_subject = name
                raw.append((seg, name or self._source_party(seg) or sentence_subject))
                subjects[id(seg)] = name
        counts = self._countries()
        investor_votes: Counter[str] = Counter()
        for _, name in raw:
            if name is not None:
                country = self._country_of(self.rec.party(name))
                if country:
                    investor_votes[country] += 1
        if investor_votes:
            self.result.investor_country = investor_votes.most_common(1)[0][0]
        elif counts:
            self.result.investor_country = counts.most_common(1)[0][0]
        others = [c for c, _ in counts.most_common() if c != self.result.investor_country]
        self.result.host_country = others[0] if others else None
        last_monetary: dict[int, int] = {}
        for seg, name in raw:
            index = self._add_monetary(seg, name)
            last_monetary[seg.sentence.start] = index
        self._components_and_policies(segments, last_monetary)
        self._agreement()
        return self.result

    def _headline(self, segments: dict[Sentence, list[Segment]], amounts: list[Amount]) -> None:
        """The headline total: an amount with a total cue ("worth", "combined", "in total") that
        is the largest in its currency, or an amount in the first two sentences that exceeds the
        sum of all the others in its currency."""
        all_segments = [seg for segs in segments.values() for seg in segs]
        lead = {s.start for s, segs in segments.items() if segs}
        lead = set(sorted(lead)[:2])  # the first two sentences that name money
        best: Segment | None = None
        for seg in all_segments:
            same = [a.value for a in amounts if a.currency == seg.amount.currency]
            others = sum(same) - seg.amount.value * same.count(seg.amount.value)
            cue = TOTAL_CUE.search(self.text[seg.sentence.start : seg.amount.end + 40])
            if (cue and seg.amount.value == max(same)) or (
                seg.sentence.start in lead and others and seg.amount.value > others
            ):
                best = seg
                break
        if best is None:
            return
        self.result.headline = best.amount
        for seg in segments_with_value(segments, best.amount.value, best.amount.currency):
            self.result.headline_quotes.append(quote_span(self.text, seg.start, seg.end))

    def _is_headline(self, seg: Segment) -> bool:
        h = self.result.headline
        return h is not None and (seg.amount.value, seg.amount.currency) == (h.value, h.currency)

    # ------------------------------------------------------------ commitments

    def _investor(self, name: str | None) -> tuple[Entity, bool]:
        if name is not None:
            return self.rec.party(name), False
        country = self.result.investor_country or self.result.host_country or "Unknown"
        return self.rec.government(country), True

    def _host(self, segment_text: str, investor: Entity) -> Entity | None:
        investor_country = self._country_of(investor)
        for m in re.finditer(
            r"\b(?:in|into|across|throughout|to)\s+(?:the\s+)?"
            r"(?:southern\s+|northern\s+|western\s+|eastern\s+)?"
            r"(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)",
            segment_text,
        ):
            country = self.rec.country_name(m.group("c"))
            if country and country != investor_country:
                return self.rec.country(country)
        if self.result.host_country and self.result.host_country != investor_country:
            return self.rec.country(self.result.host_country)
        if self.result.investor_country and investor_country != self.result.investor_country:
            return self.rec.country(self.result.investor_country)
        return None

    def _sector(self, text: str, fallback: URIRef | None) -> tuple[URIRef, bool]:
        guessed = self.rec.guess_sector(text)
        if guessed is not None:
            return guessed, False
        if fallback is not None:
            return fallback, True
        return self.rec.sector("trade") if self.result.monetary == [] else (
            Counter(c.sector for c in self.result.monetary).most_common(1)[0][0]
        ), True

    def _add(self, found: Found) -> int:
        for i, other in enumerate(self.result.commitments):
            if _same(found, other, self.text):
                for q in found.quotes:
                    if q not in other.quotes:
                        other.quotes.append(q)
                known = {p.iri for p in other.partners}
                other.partners += [p for p in found.partners if p.iri not in known]
                return i
        self.result.commitments.append(found)
        return len(self.result.commitments) - 1

    def _source_party(self, seg: Segment) -> str | None:
        """A country the money comes from, right after the amount: "$4 billion from Qatar",
        "$1.5 billion by Qatar to modernize ..."."""
        after = self.text[seg.amount.end : seg.end]
        match = re.match(
            r"^\s+(?:\w+\s+){0,2}?(?:from|by)\s+(?:the\s+)?(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)",
            after,
        )
        if match and self.rec.is_place(match.group("c")):
            return match.group("c")
        return None

    def _joint_subject(self, seg: Segment, name: str | None) -> str | None:
        """ "A and B signed a $1.2 billion partnership": A is the investor, B a partner."""
        if name is None or self.rec.is_place(name):
            return None
        prefix = self.text[seg.sentence.start : seg.amount.start]
        match = re.search(rf"(?P<a>{NAME})\s+and\s+(?:the\s+)?{re.escape(name)}\b", prefix)
        if match is None:
            return None
        first = clean_name(match.group("a"))
        if not first or self.rec.is_place(first) or self.rec.group_name(first) is not None:
            return None
        return first

    def _add_monetary(self, seg: Segment, name: str | None) -> int:
        text = seg.text(self.text)
        co_investor = self._joint_subject(seg, name)
        if co_investor is not None:
            name, text = co_investor, f"{text} together with {name}"
        investor, inferred = self._investor(name)
        after = self.text[seg.amount.end : seg.end]
        partners = [self.rec.company(p) for p, _, _ in partner_mentions(text, self.rec)]
        partners = [p for p in partners if p.iri != investor.iri]
        sector, guessed = self._sector(text, None)
        return self._add(
            Found(
                investor=investor,
                investor_inferred=inferred,
                amount=seg.amount,
                partners=_unique(partners),
                sector=sector,
                sector_guessed=guessed,
                purpose=purpose_before(self.text[seg.start : seg.amount.start])
                or purpose(after, self.rec),
                quotes=[quote_span(self.text, seg.start, seg.end)],
                host=self._host(text, investor),
            )
        )

    def _components_and_policies(
        self, segments: dict[Sentence, list[Segment]], last_monetary: dict[int, int]
    ) -> None:
        parent: int | None = None
        heading_parent: int | None = None
        for sentence, segs in segments.items():
            if segs:
                parent = last_monetary.get(sentence.start, parent)
                heading_parent = parent if sentence.text.endswith(":") else None
                continue
            includes = INCLUDES.match(sentence.text)
            if includes and parent is not None:
                self._components(sentence, includes.end(), parent)
                continue
            if sentence.bullet and heading_parent is not None:
                self._components(sentence, 0, heading_parent)
                continue
            heading_parent = None
            self._policies(sentence)

    def _components(self, sentence: Sentence, offset: int, parent: int) -> None:
        umbrella = self.result.commitments[parent]
        pos = sentence.start + offset
        for item in re.split(r"(;)", sentence.text[offset:]):
            start, end = pos, pos + len(item)
            pos = end
            if item == ";" or not item.strip():
                continue
            partners = [self.rec.company(p) for p, _, _ in partner_mentions(item, self.rec)]
            if not partners:
                continue
            sector, guessed = self._sector(item, umbrella.sector)
            self._add(
                Found(
                    investor=umbrella.investor,
                    investor_inferred=umbrella.investor_inferred,
                    amount=None,
                    partners=_unique(partners),
                    sector=sector,
                    sector_guessed=guessed,
                    purpose=purpose(" " + item, self.rec),
                    quotes=[quote_span(self.text, start, end)],
                    host=umbrella.host,
                    parent=parent,
                )
            )

    def _policies(self, sentence: Sentence) -> None:
        for match in POLICY.finditer(sentence.text):
            name = subject_of(sentence.text[: match.start()] + " will", self.rec)
            if name is None:
                continue
            investor = self.rec.party(name)
            action = sentence.text[match.start("verb") :]
            action = re.split(
                r"\s*(?:[;]|,? as a result of|, while|, and (?=[A-Z])|,? and (?:will|shall) )",
                action,
            )[0]
            sector, guessed = self._sector(action, None)
            self._add(
                Found(
                    investor=investor,
                    investor_inferred=False,
                    amount=None,
                    partners=[],
                    sector=sector,
                    sector_guessed=guessed,
                    purpose=action.strip(TRIM + " "),
                    quotes=[(sentence.start, sentence.end)],
                    host=self._host(action, investor),
                    policy=True,
                )
            )

    def _agreement(self) -> None:
        cue = re.compile(
            r"\b(?:signed|sign|agreement|framework|memorandum|joint statement|"
            r"accord|deal)\b",
            re.IGNORECASE,
        )
        for s in self.sentences:
            if cue.search(s.text) and any(
                self.rec.is_place(n) for n, _, _ in party_mentions(s.text, self.rec)
            ):
                self.result.agreement_quote = (s.start, s.end)
                break
        self.result.signing_date = find_date(self.text)


def segments_with_value(
    segments: dict[Sentence, list[Segment]], value: object, currency: str
) -> list[Segment]:
    return [
        seg
        for segs in segments.values()
        for seg in segs
        if (seg.amount.value, seg.amount.currency) == (value, currency)
    ]


def _unique(entities: list[Entity]) -> list[Entity]:
    seen: set[URIRef] = set()
    out = []
    for e in entities:
        if e.iri not in seen:
            seen.add(e.iri)
            out.append(e)
    return out


def _same(a: Found, b: Found, text: str) -> bool:
    """Is ``a`` a repeat of ``b``? Same amount and kind, the same party (or ``a`` names none and
    its quote names ``b``'s party), and the partners agree."""
    if a.policy or b.policy or a.amount is None or b.amount is None:
        return False
    if a.investor.iri != b.investor.iri:
        quote = " ".join(text[s:e] for s, e in a.quotes)
        named = normalise(b.investor.label) in normalise(quote)
        same_amount = (a.amount.value, a.amount.currency) == (b.amount.value, b.amount.currency)
        return a.investor_inferred and named and same_amount and a.amount.kind == b.amount.kind
    if (a.amount.value, a.amount.currency, a.amount.kind) != (
        b.amount.value,
        b.amount.currency,
        b.amount.kind,
    ):
        return False
    pa, pb = {p.iri for p in a.partners}, {p.iri for p in b.partners}
    if pa and pb:
        return bool(pa & pb)
    return a.sector == b.sector


def extract(text: str, reconciler: Reconciler) -> Extraction:
    """Every commitment, the headline total and the agreement sentence found in ``text``."""
    return Extractor(text, reconciler).run()
