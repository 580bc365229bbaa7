"""Extract stage: an English article or fact sheet -> commitments with evidence, as a draft.

How it reads a text (all rules, no model; time linear in the length of the text):
1. split into sentences with exact spans (lines and bullets first);
2. find every amount (ranges, words, any currency); each amount opens a *segment* that runs to
   the next amount's clause boundary (";", ",", " and "), so "$25 billion with Toshiba; and
   $20 billion with Carrier" gives two commitments;
3. set aside amounts that belong to another agreement ("the previous $550 billion commitment",
   the target of "advances ..."), background money (trade, earlier investment, estimates:
   ``background``) and headlines, which sum or frame (``headline``);
4. per segment: the investor (``investors``: the party of a commitment verb, a quote's speaker,
   a table row's name, "from <company>", else the sentence's, else the document's main
   investor), the host, partners after partner cues, purpose, sector, the
   kind of amount (cap, floor, range, stated) and of commitment (investment or purchase); a
   sentence cut off mid-word is marked truncated and its fragment is not read as a purpose;
5. "It includes A with X; B with Y" after a monetary sentence, or bullets under a heading that
   ends with ":", give components of that commitment;
6. other sentences in which a party "will", "agreed to", "committed to" ... do something give
   policy commitments;
7. the same pledge found twice is one commitment with two pieces of evidence (``repeats``);
8. the agreement: parties, name, signers, signing date, links to other agreements.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from pledgegraph.ingest.background import is_background
from pledgegraph.ingest.clauses import (
    TRIM,
    Segment,
    purpose,
    purpose_before,
    quote_span,
    split_clauses,
)
from pledgegraph.ingest.document import mentioned_sides, read_agreement, set_sides, side_of
from pledgegraph.ingest.document import side_of_name as _side_of_name
from pledgegraph.ingest.fragments import cut_off
from pledgegraph.ingest.headline import find_headlines, is_headline_amount
from pledgegraph.ingest.investors import home_of, joint_subject, name_subjects, party_of
from pledgegraph.ingest.links import belongs_elsewhere, find_links, in_targets
from pledgegraph.ingest.purchases import purchase
from pledgegraph.ingest.reconcile import Entity, Reconciler
from pledgegraph.ingest.repeats import Commitments
from pledgegraph.ingest.results import Extraction, Found
from pledgegraph.ingest.subjects import subject_of
from pledgegraph.ingest.text import (
    Sentence,
    dateline_date,
    find_date,
    partner_mentions,
    split_sentences,
)

__all__ = ["Extraction", "Extractor", "Found", "extract"]

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
HOST = re.compile(
    r"\b(?:in|into|across|throughout|to)\s+(?:the\s+)?"
    r"(?:(?i:southern|northern|western|eastern|central|north|south|east|west)\s+)?"
    r"(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)"
)
ACTION_REACH = 400  # a policy's action is read up to the next pledge, at most this far
# Subjects of a joint pledge: every party of the agreement.
BOTH = re.compile(
    r"\b(?:both|the two)\s+(?:sides|governments|countries|parties|partners|leaders)\s+"
    r"(?:(?:have|has|also|jointly|will|further)\s+)*$",
    re.IGNORECASE,
)
# What the money is for, right after it: "€1.5 billion for transport links across the Caspian"
# (not "for the partnership", "for five years").
FOR_WHAT = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:for|towards?)\s+(?!(?:the|this|our|its|their|both|each|all)\s+"
    r"(?:partnership|agreement|framework|two|countries|sides|economies|parties|period)\b)"
    r"(?!(?:the\s+)?(?:next|coming|first|\d|[a-z]+\s+years?\b))(?:(?:new|the|a|an)\s+)?"
    r"[a-z][\w-]{2,}",
)
# One facility the money builds: a purpose ("€300 million in a new cable plant in Sines"), unlike
# "plants near Dresden" or "projects", which a total may frame.
ONE_FACILITY = re.compile(
    r"\b(?:an?|its|their|one)\s+(?:new\s+)?(?:[\w-]+\s+){0,3}?(?:factory|plant|facility|mill|"
    r"fab|refinery|terminal|pipeline|campus|smelter|shipyard|data cent(?:er|re))\b",
    re.IGNORECASE,
)


class Extractor:
    def __init__(self, text: str, reconciler: Reconciler, published: str = "") -> None:
        self.text = text
        self.published = published
        self.rec = reconciler
        self.sentences = split_sentences(text)
        self.result = Extraction(text)
        self.found = Commitments(self.result.commitments, text)
        self.cuts: dict[int, int] = {}  # id(segment) -> where its cut-off fragment starts
        self.mentions = mentioned_sides(self.sentences, reconciler)
        self.home = home_of(text)  # "SEOUL, April 2": "the Government" is Korea's
        self.joint: list[Found] = []  # "Both sides will ...": investors set once parties are known

    def run(self) -> Extraction:
        r = self.result
        segments = {s: split_clauses(s, self.text) for s in self.sentences}
        ordered = [seg for segs in segments.values() for seg in segs]
        for sentence, segs in segments.items():
            if segs and (cut := cut_off(sentence.text, sentence.line_end)) is not None:
                self.cuts[id(segs[-1])] = sentence.start + cut
        r.links = find_links(self.sentences)
        dated = dateline_date(self.text, self.published) or find_date(self.text[:2000]) or ""
        year = int(dated[:4]) if dated else None
        elsewhere = {
            id(seg)
            for seg in ordered
            if belongs_elsewhere(self.text, seg.amount, seg.start, seg.end)
            or is_background(self.text, seg.amount, seg.start, seg.end, year)
            or in_targets(self.text, seg.amount, r.links)
        }
        r.other_amounts = [
            (s.amount, (s.sentence.start, s.sentence.end)) for s in ordered if id(s) in elsewhere
        ]
        r.headlines = find_headlines(
            self.text, ordered, self._has_purpose, elsewhere, self._by_party
        )
        if r.headlines:
            r.headline, r.headline_quotes = r.headlines[0].amount, r.headlines[0].quotes
        skip = elsewhere | {id(s) for s in ordered if is_headline_amount(s.amount, r.headlines)}
        raw = name_subjects(self.text, segments, skip, self.rec)
        investors = [self._party(name) for _, name in raw if name is not None]
        set_sides(r, investors, self.mentions, self.rec, self._headline_side())
        last_monetary: dict[int, int] = {}
        for seg, name in raw:
            last_monetary[seg.sentence.start] = self._add_monetary(seg, name)
        self._components_and_policies(segments, last_monetary)
        read_agreement(r, self.sentences, self.rec, self.published)
        for found in self.joint:
            if r.parties:
                found.investor = r.parties[0].entity
                found.co_investors = [p.entity for p in r.parties[1:]]
        return r

    def _party(self, name: str) -> Entity:
        return party_of(name, self.mentions, self.rec, self.home)

    def _by_party(self, before: str) -> bool:
        """Do the words before an amount name one party as its subject (not a group)?"""
        name = subject_of(before, self.rec)
        return name is not None and self._party(name).kind != "group"

    def _has_purpose(self, before: str, after: str) -> bool:
        """Words around an amount that say what it is for: a sector of the scheme (not the
        catch-all "trade": "€40 billion of new investment and trade" has none) or goods
        bought ("will purchase two reactors ... valued at KRW 26 trillion")."""
        sector = self.rec.guess_sector(before + " " + after)
        if sector is not None and self.rec.sector_slug(sector) != "trade":
            return True
        if ONE_FACILITY.search(after) or FOR_WHAT.match(after):  # "in a plant", "for rail links"
            return True
        return purchase(before, after, "") not in (None, "other")  # "purchases of goods": none

    def _headline_side(self) -> str | None:
        """The side of the party the first headline's sentence says commits ("Saudi Arabia has
        committed to investments worth $300 billion"): the text's main investor."""
        if not self.result.headlines:
            return None
        amount = self.result.headlines[0].amount
        sentence = next((s for s in self.sentences if s.start <= amount.start < s.end), None)
        if sentence is None:
            return None
        name = subject_of(self.text[sentence.start : amount.start], self.rec)
        if name is None:
            return None
        group = self.rec.group_name(name)
        return group[1] if group is not None else _side_of_name(name, self.rec)

    # ------------------------------------------------------------ commitments

    def _investor(self, name: str | None) -> tuple[Entity, bool]:
        if name is not None:
            return self._party(name), False
        side = self.result.investor_country or self.result.host_country or "Unknown"
        return self.rec.government(side), True

    def _host(self, segment_text: str, investor: Entity) -> Entity | None:
        """Where the money goes: a place the clause names; else, for a party of the receiving
        side (or of the only side), its own country; else the other side."""
        own = side_of(investor, self.rec)
        for m in HOST.finditer(segment_text):
            side = _side_of_name(m.group("c"), self.rec)
            if side and side != own:
                return self.rec.place(side)
        r = self.result
        if own is not None and (own == r.host_country or r.host_country is None):
            return self.rec.place(own)
        if r.host_country and r.host_country != own:
            return self.rec.place(r.host_country)
        if r.investor_country and own != r.investor_country:
            return self.rec.place(r.investor_country)
        return None

    def _sector(self, text: str, fallback: URIRef | None) -> tuple[URIRef, bool]:
        guessed = self.rec.guess_sector(text)
        if guessed is not None:
            return guessed, False
        if fallback is not None:
            return fallback, True
        if not self.found.sector_votes:
            return self.rec.sector("trade"), True
        return self.found.sector_votes.most_common(1)[0][0], True

    def _add_monetary(self, seg: Segment, name: str | None) -> int:
        end = self.cuts.get(id(seg), seg.end)  # a cut-off fragment is not read
        text = self.text[seg.start : end]
        co_investor = joint_subject(self.text, seg, name, self.rec)
        if co_investor is not None:
            name, text = co_investor, f"{text} together with {name}"
        investor, inferred = self._investor(name)
        after = self.text[seg.amount.end : max(end, seg.amount.end)]
        partners = [self.rec.company(p) for p, _, _ in partner_mentions(text, self.rec)]
        partners = [p for p in partners if p.iri != investor.iri]
        sector, guessed = self._sector(text, None)
        start = seg.sentence.start if seg.start == seg.sentence.start else seg.start
        goods = purchase(
            self.text[start : seg.amount.start], after, self.text[seg.sentence.start : seg.start]
        )
        return self.found.add(
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
                kind="purchase" if goods else "investment",
                goods=goods,
                truncated=id(seg) in self.cuts,
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
            self.found.add(
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
                    kind=umbrella.kind,
                    goods=umbrella.goods,
                )
            )

    def _policies(self, sentence: Sentence) -> None:
        matches = list(POLICY.finditer(sentence.text))
        for n, match in enumerate(matches):
            before = sentence.text[: match.start()]
            joint = BOTH.search(before[-80:] + " ") is not None
            name = subject_of(before + " will", self.rec)
            if name is None and not joint:
                continue
            investor = self._party(name) if name else self._investor(None)[0]
            stop = matches[n + 1].start() if n + 1 < len(matches) else len(sentence.text)
            action = sentence.text[match.start("verb") : min(stop, match.end() + ACTION_REACH)]
            action = re.split(
                r"\s*(?:[;]|,? as a result of|, while|, and (?=[A-Z])|,? and (?:will|shall) )",
                action,
            )[0]
            sector, guessed = self._sector(action, None)
            found = Found(
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
            if joint and name is None:
                self.joint.append(found)
            self.found.add(found)


def _unique(entities: list[Entity]) -> list[Entity]:
    seen: set[URIRef] = set()
    out = []
    for e in entities:
        if e.iri not in seen:
            seen.add(e.iri)
            out.append(e)
    return out


def extract(text: str, reconciler: Reconciler, published: str = "") -> Extraction:
    """Every commitment, headline, party and link found in ``text``; ``published`` (ISO) gives
    the year of a dateline that has none ("WARSAW, Feb 17")."""
    return Extractor(text, reconciler, published).run()
