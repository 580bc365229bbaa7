"""Investors: whose money each amount of a text is, named as the text names the party.

Per clause, in order: the subject of a commitment verb (``subjects``); "we" in a quote, the
speaker's organisation; the name that opens a row of a table in prose; after "The company said
it would ...", the party named before; a country or a company the money comes "from"; else the
subject of the sentence's first clause. A bare "the Government" is the government of the place
the text names most, "the Kingdom" the kingdom among the sides it names.
"""

from __future__ import annotations

import re
from collections import Counter

from pledgegraph.ingest.clauses import Segment
from pledgegraph.ingest.gazetteer import CAPITALS, STATE_FORMS
from pledgegraph.ingest.reconcile import Entity, Reconciler, normalise
from pledgegraph.ingest.subjects import row_subject, speaker_of, starts_with_anaphor, subject_of
from pledgegraph.ingest.text import NAME, Sentence, clean_name, party_mentions

# A government named without its country: the one the text is about ("The Government will ...").
BARE_GOVERNMENT = {"government", "administration", "federal government", "national government"}
# "$4 billion from Qatar": the country the money comes from.
SOURCE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:from|by)\s+(?:the\s+)?(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)"
)
# "We" and "our" in a quote: the speaker's organisation.
FIRST_PERSON = re.compile(r"\W*(?:we|our)\b", re.IGNORECASE)
# A state or province named by its kind: "Premier Whitlock said the state would contribute".
STATE_ANAPHOR = re.compile(
    r"\bthe (?:state|province|territory|emirate|region)\s+(?:(?:also|further|now)\s+)*"
    r"(?:will|would|shall|is to|plans? to|intends? to|has|had|agreed)\b[^,;]*$"
)
LENDER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:loan|grant|credit line|credit facility|guarantee|equity investment)s?"
    rf"\s+(?:from|by)\s+(?:the\s+)?(?P<c>{NAME})"
)
# A list of amounts after "include": "Commitments include €90 million from Oyashio Turbines".
LISTING = re.compile(r"\b(?:includ(?:e|es|ing)|compris(?:e|es|ing)|such as|notably)\s*:?\s*$")
# The words a clause may open with before its amount: "A further £600 million will come from".
OPENING = re.compile(
    r"[\s,;:.\u2013\u2014-]*(?:and\s+)?(?:(?:a|an|another|the)\s+)?(?:(?:further|additional|"
    r"extra|new|second|third)\s+)?",
    re.IGNORECASE,
)
COMPANY_SOURCE = re.compile(
    r"\s+(?:in\s+(?:new\s+)?(?:investment|funding|financing|capital)\s+|(?:will|would|is to|is "
    r"expected to|is set to)\s+come\s+)?(?:from|by)\s+"
    rf"(?:the\s+)?(?P<c>{NAME})"
)


def name_subjects(
    text: str, segments: dict[Sentence, list[Segment]], skip: set[int], rec: Reconciler
) -> list[tuple[Segment, str | None]]:
    """The investor's name of every clause whose ``id`` is not in ``skip``, or None."""
    raw: list[tuple[Segment, str | None]] = []
    regions: list[str] = []  # the text's sub-national regions, most named first, read once
    last_named: str | None = None  # "The company will also ...": the party named before
    for sentence, segs in segments.items():
        sentence_subject = None
        for i, seg in enumerate(segs):
            if id(seg) in skip:
                continue
            start = sentence.start if i == 0 else seg.start
            prefix = text[start : seg.amount.start]
            name = subject_of(prefix, rec)
            if name is None and FIRST_PERSON.match(prefix):
                name = speaker_of(sentence.text)  # "We will ...," said X of Y
            if name is None and i == 0:
                name = row_subject(prefix)
            if name is None and i == 0 and starts_with_anaphor(prefix):
                name = last_named
            if name is None and STATE_ANAPHOR.search(prefix):
                name = _main_region(text, rec, regions)  # "the state would contribute ..."
            if i == 0:
                sentence_subject = name
            name = name or source_party(text, seg, rec) or sentence_subject
            last_named = name or last_named
            raw.append((seg, name))
    return raw


def _main_region(text: str, rec: Reconciler, regions: list[str]) -> str | None:
    """The state or province the text names most (computed once into ``regions``)."""
    if not regions:
        counts: Counter[str] = Counter()
        for name, _, _ in party_mentions(text, rec):
            if (region := rec.region(name)) is not None and region.kind == "subnational":
                counts[region.name] += 1
        regions += [r for r, _ in counts.most_common()] or [""]
    return regions[0] or None


def home_of(text: str) -> str | None:
    """The side a text is written from: the country of the capital in its dateline ("SEOUL,
    April 2", "New Delhi, 19 January 2026"), or None."""
    match = _DATELINE.search(text[:400])
    return CAPITALS.get(match.group("city").title()) if match is not None else None


_DATELINE = re.compile(
    r"^[ \t]*(?P<city>" + "|".join(sorted(map(re.escape, CAPITALS), key=len, reverse=True)) + r")"
    r"\b[ \t]*(?:,|\(|\u2013|\u2014|-)",
    re.IGNORECASE | re.MULTILINE,
)


def party_of(name: str, mentions: Counter[str], rec: Reconciler, home: str | None = None) -> Entity:
    """The party a name stands for; a bare "the Government" is the government of the text's
    ``home`` side if the text names it, else of the place it names most (``mentions``); "the
    Kingdom" is the kingdom it names."""
    key = normalise(name)
    if key in BARE_GOVERNMENT and home is not None and home in mentions:
        return rec.government(home)
    if key in BARE_GOVERNMENT and mentions:
        return rec.government(mentions.most_common(1)[0][0])
    if key in (*STATE_FORMS, "republic") and (country := _by_form(key, mentions, rec)):
        return rec.government(country)
    if (capital := CAPITALS.get(name.strip())) is not None and capital in mentions:
        return rec.government(capital)  # "Seoul would provide ...", where Korea is a side
    return rec.party(name)


def _by_form(form: str, mentions: Counter[str], rec: Reconciler) -> str | None:
    """The country of the text that "the Kingdom" (or Republic, Sultanate ...) names: of the
    sides the text names, the most named with that form of state; the United Kingdom only when
    no other kingdom is named (British texts call it "the UK")."""
    every = set().union(*STATE_FORMS.values())
    sides = [side for side, _ in mentions.most_common()]
    if form == "republic":
        fits = [s for s in sides if s not in every and rec.country_name(s) is not None]
    else:
        fits = [s for s in sides if s in STATE_FORMS[form]]
    if len(fits) > 1 and "United Kingdom" in fits:
        fits.remove("United Kingdom")
    return fits[0] if fits else None


def source_party(text: str, seg: Segment, rec: Reconciler) -> str | None:
    """A country the money comes from, right after the amount: "$4 billion from Qatar",
    "$1.5 billion by Qatar to modernize ..."."""
    match = SOURCE.match(text, seg.amount.end, seg.end)
    if match and rec.is_place(match.group("c")):
        return match.group("c")
    # a clause that opens with its amount, "Up to $700 million from Borneo Chemicals for a
    # nickel plant": the company that gives the money (not "$3 billion of jets from Boeing",
    # a seller; not "a window worth £2 billion from the Fund", a vehicle of the party)
    opens = (
        OPENING.fullmatch(text, seg.start, seg.amount.start) is not None
        or LISTING.search(text, seg.start, seg.amount.start) is not None
    )
    company = COMPANY_SOURCE.match(text, seg.amount.end, seg.end) if opens else None
    # "a €600 million loan by the European Investment Bank": the lender, wherever it stands
    company = company or LENDER.match(text, seg.amount.end, seg.end)
    name = clean_name(company.group("c")) if company is not None else ""
    if name and not rec.is_place(name) and rec.group_name(name) is None:
        return name
    return None


def joint_subject(text: str, seg: Segment, name: str | None, rec: Reconciler) -> str | None:
    """ "A and B signed a $1.2 billion partnership": A is the investor, B a partner."""
    if name is None or rec.is_place(name):
        return None
    start = max(seg.sentence.start, seg.start, seg.amount.start - 300)
    prefix = text[start : seg.amount.start]
    match = re.search(rf"(?P<a>{NAME})\s+and\s+(?:the\s+)?{re.escape(name)}\b", prefix)
    if match is None:
        return None
    first = clean_name(match.group("a"))
    if not first or rec.is_place(first) or rec.group_name(first) is not None:
        return None
    return first
