"""Headlines: totals that sum or frame, told apart from pledges that have a purpose.

A headline is framed as a sum ("in total", "a combined", "totalling", "a package of",
"investments worth", "$10 billion in all") and has no purpose of its own: "a combined $150
billion in investment and financing" is a headline, "$200 billion for shipbuilding" is a pledge
even where it is the largest figure. A framed amount with a purpose is a headline only if it
exceeds the sum of every other amount in its currency. Unframed, an amount in the first two
sentences with money that has no purpose and exceeds the sum of all the others is a headline too
("German companies committing more than €12 billion to projects in India"). A text may have
several headlines; amounts that belong to another agreement are never one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Literal

from pledgegraph.ingest.amounts import Amount
from pledgegraph.ingest.clauses import Segment, quote_span
from pledgegraph.ingest.purchases import purchase
from pledgegraph.ingest.results import Headline

_STRONG = (
    r"a\s+combined|combined(?![- ](?:cycle|heat))|a\s+total\s+of|total(?:ling|ing|led|ed|s)?|"
    r"in\s+total|altogether|in\s+all|overall|aggregate|cumulative|a\s+package\s+of|"
    r"package\s+(?:worth|of|valued\s+at)|all\s+told|collectively|sum\s+of|"
    r"(?:which|who|that|they|companies|firms)\s+together(?!\s+with)|between\s+them"
)
_PLURAL = (
    r"investments|deals|commitments|agreements|pledges|exchanges|transactions|contracts|"
    r"projects|announcements|opportunities|orders|purchases"
)
# An envelope the agreement sets: "expected to mobilise more than €10 billion".
_FRAME_VERBS = (
    r"mobili[sz](?:e|es|ed|ing)|unlock(?:s|ed|ing)?|bring(?:s|ing)?|generat(?:e|es|ed|ing)|"
    r"attract(?:s|ed|ing)?|leverag(?:e|es|ed|ing)|catalys(?:e|es|ed|ing)|cataly[sz]e|"
    r"spur(?:s|red|ring)?|secur(?:e|es|ed|ing)|support(?:s|ed|ing)?\s+(?:up\s+to\s+)?"
)
# A party that mobilises money for a purpose, not in a hedged sentence, pledges it (a party that
# "secures" or "attracts" money frames what others bring).
GIVING = re.compile(
    r"(?:mobili[sz]\w*|leverag\w*|cataly[sz]\w*|support\w*)(?:\s+up\s+to)?", re.IGNORECASE
)
# Orders and contracts for goods that one party buys are its purchase, however many items.
ORDERS = re.compile(r"(?:orders|contracts)\b", re.IGNORECASE)
MODAL = re.compile(
    r"\b(?:expected|expects?|could|may|might|would|aims?|targets?|potential(?:ly)?|hopes?|"
    r"envisag\w*|over the (?:next|coming))\b",
    re.IGNORECASE,
)
CUE_BEFORE = re.compile(
    rf"\b(?P<cue>{_STRONG})\b|\b(?P<plural>(?:{_PLURAL})\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:worth|valued\s+at|totall?ing|amounting\s+to)|(?:investments|commitments|pledges)\s+of)"
    rf"\s*$|\b(?P<frame>(?:{_FRAME_VERBS}))\s*$",
    re.IGNORECASE,
)
FRAME = re.compile(
    r"\b(?:expected|could|may|might|would|mobili[sz]e|unlock|target|aims?|envelope|"
    r"potential(?:ly)?|over the (?:next|coming))\b",
    re.IGNORECASE,
)
CUE_AFTER = re.compile(
    r"^\s*(?:(?P<cue>in\s+total|in\s+all|combined|altogether|overall|all\s+told|in\s+"
    r"(?:total|combined|cumulative)\s+[\w-]+)|(?P<plural>(?:in|of|worth\s+of)\s+(?:new\s+|"
    rf"additional\s+|fresh\s+|planned\s+|announced\s+)?(?:{_PLURAL})|(?:in|of)\s+(?:(?:public|"
    r"private|foreign|direct|new|fresh|additional)\s+(?:and\s+|or\s+)?)+investment)|"
    r"(?P<deal>(?:[\w-]+\s+){0,2}?(?:deal|package|pact|accord|agreement|framework|compact))|"
    # money put "into the U.S. economy" has no purpose of its own: it frames the whole list
    r"(?P<economy>in(?:to)?\s+the\s+(?:[\w.-]+\s+){0,2}?economy))\b",
    re.IGNORECASE,
)
_WINDOW = 80
# The words of the pledge itself before its amount, from its verb ("will purchase two reactors
# ... valued at"), not those of its subject ("chip-industry suppliers, which together plan to").
_VERB = re.compile(
    r"\b(?:will|shall|would|plans?|planned|intends?|intended|aims?|is|are|has|have|agreed|"
    r"committed|pledged|announced)\b"
)
_OWN = 40


def _cue(text: str, seg: Segment, lead: bool) -> str:
    """The framing words of ``seg``'s amount, or ''. "A $10 billion deal" frames only in the
    title or the lead (``lead``); later it names one pledge's contract."""
    start = max(seg.start, seg.sentence.start, seg.amount.start - _WINDOW)
    before = CUE_BEFORE.search(text, start, seg.amount.start)
    if before is not None:
        return (before.group("cue") or before.group("plural") or before.group("frame")).strip()
    after = CUE_AFTER.match(text[seg.amount.end : seg.end])
    if after is None or ((after.group("deal") or after.group("economy")) and not lead):
        return ""
    return after.group(0).strip()


def find_headlines(
    text: str,
    segments: list[Segment],
    has_purpose: Callable[[str, str], bool],
    elsewhere: set[int],
    by_party: Callable[[str], bool] = lambda _: False,
) -> list[Headline]:
    """The headlines among ``segments`` (all the text's amounts, in order). ``has_purpose``
    tells whether the words of an amount's clause (before it, after it) give it a purpose;
    ``elsewhere`` holds the ``id`` of segments whose amount belongs to another agreement;
    ``by_party`` tells whether the words before an amount make one named party its subject
    (its money is its pledge, never an unframed headline)."""
    counted = [seg for seg in segments if id(seg) not in elsewhere]
    totals: Counter[str] = Counter()
    same: Counter[tuple[str, Decimal]] = Counter()
    for seg in counted:  # a figure stated twice counts once
        if not same[(seg.amount.currency, seg.amount.value)]:
            totals[seg.amount.currency] += seg.amount.value  # type: ignore[assignment]
        same[(seg.amount.currency, seg.amount.value)] += 1
    lead = sorted({seg.sentence.start for seg in counted})[:2]
    found: dict[tuple[str, Decimal], Headline] = {}
    for seg in counted:
        a = seg.amount
        others = totals[a.currency] - a.value
        exceeds = bool(others) and a.value > others
        clause_start = seg.sentence.start if seg.start == seg.sentence.start else seg.start
        verb = _VERB.search(text, clause_start, a.start)
        own = verb.start() if verb is not None else max(clause_start, a.start - _OWN)
        purpose = has_purpose(text[own : a.start], text[a.end : seg.end])
        cue = _cue(text, seg, seg.sentence.start in lead)
        if cue and GIVING.fullmatch(cue) and purpose and not MODAL.search(seg.sentence.text):
            is_headline = False  # "will mobilise €1.5 billion for transport links": a pledge
        elif cue and ORDERS.match(cue) and purchase(text[own : a.start], text[a.end : seg.end], ""):
            is_headline = False  # "placed orders for four corvettes valued at €3 billion"
        elif cue:
            is_headline = not purpose or exceeds
        else:  # unframed: the whole clause, its subject included, must lack a purpose
            is_headline = (
                seg.sentence.start in lead
                and exceeds
                and not purpose
                and not has_purpose(text[clause_start : a.start], text[a.end : seg.end])
                and not by_party(text[clause_start : a.start])
            )
        if is_headline:
            sentence = text[seg.sentence.start : seg.sentence.end]
            kind: Literal["sum", "frame"] = "frame" if FRAME.search(sentence) else "sum"
            found.setdefault((a.currency, a.value), Headline(a, [], cue, kind))
    for seg in counted:  # every statement of a headline's figure is a quote of it
        if (headline := found.get((seg.amount.currency, seg.amount.value))) is not None:
            headline.quotes.append(quote_span(text, seg.start, seg.end))
    return list(found.values())


def is_headline_amount(amount: Amount, headlines: list[Headline]) -> bool:
    """An amount that restates a headline (same currency and figure) is not a pledge."""
    key = (amount.currency, amount.value)
    return any((h.amount.currency, h.amount.value) == key for h in headlines)
