"""Clauses: a sentence cut into one piece per amount, and what each piece says it is for.

"Japan will invest $25 billion with Toshiba; and $20 billion with Carrier" is two clauses, cut at
the last ";", else ",", else "and" between the two amounts. A figure that only restates the one
before it in another currency ("4.2 trillion won (about $3 billion)") opens no clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from pledgegraph.ingest.amounts import Amount, find_amounts
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.ingest.text import Sentence, partner_mentions

PURPOSE = re.compile(r"\bto\s+(?!invest\b|be\b|the\b)(?P<verb>[a-z][\w-]*)\b")
TRIM = " ,;:.\u2013\u2014-"
# Smaller figures are prices and wages ("$35 per hour"), not pledges: no clause of their own.
MINIMUM = 100_000


@dataclass
class Segment:
    sentence: Sentence
    amount: Amount  # span relative to the text
    start: int  # segment span relative to the text
    end: int

    def text(self, full: str) -> str:
        return full[self.start : self.end]


CONVERSION = re.compile(
    r"^\s*(?:[(\[,/\u2013\u2014]|\bor\b)\s*(?:(?:or|about|around|approximately|approx\.|"
    r"roughly|some|nearly|almost|equivalent to|equal to|the equivalent of|worth|~)\s*)*$",
    re.IGNORECASE,
)


def _drop_conversions(amounts: list[Amount], full: str) -> list[Amount]:
    """Leave out a figure that restates the one before it in another currency:
    "4.2 trillion won (about $3 billion)"."""
    kept: list[Amount] = []
    for amount in amounts:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and amount.currency != previous.currency
            and CONVERSION.match(full[previous.end : amount.start])
        ):
            continue
        kept.append(amount)
    return kept


def split_clauses(sentence: Sentence, full: str) -> list[Segment]:
    amounts = [
        replace(a, start=a.start + sentence.start, end=a.end + sentence.start)
        for a in find_amounts(sentence.text)
    ]
    amounts = [a for a in _drop_conversions(amounts, full) if a.value >= MINIMUM]
    bounds = [sentence.start]
    for prev, nxt in pairwise(amounts):
        between = full[prev.end : nxt.start]
        cut = None
        for pattern in (r";", r",", r"\band\b|\bwhile\b|\bas well as\b"):
            hits = list(re.finditer(pattern, between))
            if hits:
                cut = prev.end + hits[-1].start()
                break
        bounds.append(cut if cut is not None else nxt.start)
    bounds.append(sentence.end)
    return [Segment(sentence, a, bounds[i], bounds[i + 1]) for i, a in enumerate(amounts)]


def quote_span(full: str, start: int, end: int) -> tuple[int, int]:
    """Trim connecting words and punctuation off a segment so the quote reads cleanly."""
    text = full[start:end]
    lead = re.match(rf"^[{re.escape(TRIM)}\s]*(?:and\s+|while\s+|as well as\s+)?", text)
    start += lead.end() if lead else 0
    while end > start and full[end - 1] in TRIM + " ":
        end -= 1
    return start, end


WORTH = re.compile(
    r"\b(?:will|to|would|shall)\s+(?P<what>[a-z][\w-]*\s+[^;]+?)\s+(?:worth|valued at|"
    r"totall?ing|with a value of)\s*$"
)


def purpose_before(prefix: str) -> str:
    """The purpose when the amount comes last: "will supply transformers worth 4.2 trillion won"
    -> "supply transformers"."""
    match = WORTH.search(prefix)
    return match.group("what").strip(TRIM) if match else ""


def purpose(after: str, rec: Reconciler) -> str:
    """What the money is for: the words after the amount without the partner phrases, from
    "to <verb>" if there is one ("to supply optical fiber cables" -> "supply optical ...")."""
    after = re.sub(r"^\s*\([^)]*\)", "", after)  # "(about $3 billion)": a conversion
    spans = [(start, end) for _, start, end in partner_mentions(after, rec)]
    text = after
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    text = " ".join(text.split())
    if match := PURPOSE.search(text):
        text = text[match.start("verb") :]
    text = re.sub(
        r"^(?:and\s+|of\s+|worth of\s+|investments?\s+|will be made\s*|has been pledged\s*|"
        r"have been pledged\s*|is pledged\s*|for\s+|in\s+|into\s+|on\s+|to\s+|towards?\s+|"
        r"(?:over|during|within|across) (?:the next )?\w+ (?:years?|months?)\s*|"
        r"(?:from|by) (?:the )?[A-Z][\w.]*(?:\s[A-Z][\w.]*)*\s*)+",
        "",
        text.strip(TRIM),
    )
    return text.strip(TRIM)
