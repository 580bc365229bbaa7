"""Items read from a second source -> the commitments of an agreement already in the graph.

``extract TEXT --agreement SLUG`` reads a text that reports an agreement the graph already
holds. Each extracted item is scored against each commitment of that agreement, and the scores
decide what the draft says about it:

* **matched**: one commitment scores highest, at least ``MATCH_AT``, ahead of every other by
  more than ``TIE``; the item becomes claims of the new source about that commitment;
* **ambiguous**: two or more commitments share the highest score (within ``TIE``) and it is at
  least ``MATCH_AT``, or the item is cut off mid-word (``Found.truncated``) and more than one
  commitment fits what is left of it: the item lists them as candidates and is never merged
  until a reviewer picks one (``pledgegraph review --match``);
* **new**: nothing scores ``MATCH_AT``: the item becomes a new draft commitment.

The score of an item against a commitment is the sum of:

* ``AMOUNT`` (3) when the figure is the same in the same currency, whatever the kind: "up to
  $25 billion" and "$25 billion" are the same item worded two ways (the kind is what the
  sources then disagree on);
* ``PARTNER`` (4) when the item's sentence names a partner of the commitment (or of one of its
  components: an umbrella pledge is named by its components' partners), found with the
  graph's company names so "Toshiba Corp." is Toshiba;
* purpose words: for each word stem (the first five letters of a word of four or more
  letters, British spellings folded) that the item's words share with the commitment's label
  and purposes, ``1/k`` where ``k`` is the number of the agreement's commitments using that
  stem, so "supply" (six commitments) weighs little and "waterways" (one) a full point; at most
  ``WORDS_MAX`` (3). The last word of a cut-off item counts as a prefix ("suppl" fits
  "supply");
* ``INVESTOR`` (1) when the item names the same investor as the commitment;
* ``ORDER`` (0.5) when the commitment lies, in the graph's order, between the commitments the
  item's neighbours matched (sources list items in a similar order); it can never break a tie
  on its own, since ties are judged within ``TIE`` and ``ORDER`` > ``TIE`` only adds to one
  side when the neighbours already place the item.

Monetary items are scored against commitments with an amount, items without money against
those without. Two items of one source matching the same commitment: the higher score keeps
it, the other is scored again without it. The rule is deterministic; ties in the output
order go by the commitment's IRI.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from rdflib import URIRef

from pledgegraph.ingest.extract import Extraction, Found
from pledgegraph.ingest.match_targets import Target, stems, targets
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.ingest.text import split_sentences
from pledgegraph.vocab import PLEDGE

AMOUNT = 3.0
PARTNER = 4.0
INVESTOR = 1.0
ORDER = 0.5
WORDS_MAX = 3.0
MATCH_AT = 4.0
TIE = 0.25

Status = Literal["matched", "new", "ambiguous"]


@dataclass
class Match:
    """What the matcher decided for one extracted item (``Extraction.commitments[index]``)."""

    index: int
    status: Status
    commitment: URIRef | None = None
    candidates: list[URIRef] = field(default_factory=list)
    score: float = 0.0
    partners: list[URIRef] = field(default_factory=list)  # the partners the item names
    span: tuple[int, int] = (0, 0)  # the quote of the item: one of its finding's quotes
    investor: URIRef | None = None  # the investor the item names, if it names one


@dataclass
class _Item:
    index: int  # this item's number; ``found_index`` is its finding's
    found: Found
    quote: str
    sentence: str
    stems: set[str]
    companies: set[URIRef]
    investor: URIRef | None
    found_index: int = 0
    span: tuple[int, int] = (0, 0)
    partners: set[URIRef] = field(default_factory=set)  # the extractor's, named in the sentence


def _items(extraction: Extraction, rec: Reconciler) -> list[_Item]:
    """An item per quote: a finding the extractor quotes in several places (it took them for
    one pledge stated twice) is matched place by place; places that match the same commitment
    are then one item again."""
    text = extraction.text
    sentences = split_sentences(text)
    items: list[_Item] = []
    for index, found in enumerate(extraction.commitments):
        for start, end in found.quotes[:1] if found.amount is None else found.quotes:
            quote = text[start:end]
            sentence = next((s.text for s in sentences if s.start <= start < s.end), quote)
            named = {name for name, _, _ in rec.company_index.finditer(sentence)}
            companies = {rec.company(name).iri for name in named}
            partners = {e.iri for e in found.partners}
            if len(found.quotes) > 1:  # only the partners this place names
                partners &= companies | {e.iri for e in found.partners if e.label in sentence}
            companies |= partners
            investor = found.investor.iri if _named(found, sentence, quote, rec) else None
            item = _Item(
                len(items),
                found,
                quote,
                sentence,
                stems(quote, found.truncated),
                companies,
                investor,
                index,
                (start, end),
                partners,
            )
            items.append(item)
    return items


def _named(found: Found, sentence: str, quote: str, rec: Reconciler) -> bool:
    """Whether the item names its investor: the extractor did not infer it, and its name (a
    government's: or its country's) is in the sentence; "from the Government of Japan" in a
    quote names it even where the extractor inferred it."""
    entity = found.investor
    names = [entity.label]
    if entity.kind == "government":
        names.append(rec.label_of(rec.home(entity)) or "")
    if entity.label.lower() in quote.lower():
        return True
    if found.investor_inferred:
        return False
    return any(n and re.search(rf"\b{re.escape(n)}", sentence, re.IGNORECASE) for n in names)


def _word_score(item: _Item, target: Target, weight: dict[str, float]) -> float:
    total = 0.0
    for stem in item.stems:
        if stem.endswith("*"):
            prefix = stem[:-1]
            hits = [s for s in target.stems if s.startswith(prefix)]
            total += max((weight.get(s, 0.0) for s in hits), default=0.0)
        elif stem in target.stems:
            total += weight.get(stem, 0.0)
    return min(total, WORDS_MAX)


def _figure_match(found: Found, target: Target) -> bool:
    amount = found.amount
    if amount is None:
        return False
    figures = {amount.value} | ({amount.high} if amount.high is not None else set())
    return any(
        f == v and (not c or c == amount.currency) for v, c in target.figures for f in figures
    )


def score(item: _Item, target: Target, weight: dict[str, float]) -> float:
    """The item's score against one commitment (see the module's docstring)."""
    total = _word_score(item, target, weight)
    if _figure_match(item.found, target):
        total += AMOUNT
    if item.companies & target.partners:
        total += PARTNER
    if item.investor is not None and item.investor in target.investors:
        total += INVESTOR
    return total


def _decide(item: _Item, scored: list[tuple[float, Target]], taken: set[URIRef]) -> Match:
    ranked = sorted(
        ((s, t) for s, t in scored if t.iri not in taken), key=lambda st: (-st[0], str(st[1].iri))
    )
    if not ranked or ranked[0][0] < MATCH_AT:
        if item.found.truncated and ranked:
            fits = [t.iri for s, t in ranked if s >= AMOUNT and s >= ranked[0][0] - TIE]
            if len(fits) > 1:
                return Match(item.index, "ambiguous", candidates=sorted(fits), score=ranked[0][0])
        return Match(item.index, "new", score=ranked[0][0] if ranked else 0.0)
    best = ranked[0][0]
    tied = [t.iri for s, t in ranked if s >= best - TIE]
    if len(tied) > 1:
        return Match(item.index, "ambiguous", candidates=sorted(tied), score=best)
    target = ranked[0][1]
    return Match(
        item.index,
        "matched",
        commitment=target.iri,
        score=best,
    )


def match(extraction: Extraction, rec: Reconciler, agreement: URIRef) -> list[Match]:
    """One ``Match`` per extracted commitment, in the extraction's order."""
    pool = targets(rec.graph, agreement)
    items = _items(extraction, rec)
    if not pool:
        return [Match(i.found_index, "new", span=i.span) for i in items]
    counts: dict[str, int] = defaultdict(int)
    for target in pool:
        for stem in target.stems:
            counts[stem] += 1
    weight = {stem: 1.0 / n for stem, n in counts.items()}
    scores: dict[int, list[tuple[float, Target]]] = {}
    for item in items:
        monetary = item.found.amount is not None
        kin = [t for t in pool if t.monetary == monetary]
        scores[item.index] = [(score(item, t, weight), t) for t in kin]
    _add_order(items, scores)
    results = _assign(items, scores)
    results, items = _regroup(results, items)
    everyone = {p for t in pool for p in t.partners}
    by_iri = {t.iri: t for t in pool}
    for item, result in zip(items, results, strict=True):
        result.investor = _same_group(item.investor, result.commitment, by_iri, rec)
        if result.commitment is not None and result.investor in everyone:
            # "Murata ... would take part": a partner (of this commitment or, in a sentence
            # listing several, of another), not an investor
            result.investor = None
        if result.commitment is not None:
            # the commitment's own investor, named word for word in the quote, is the one meant
            for known in sorted(by_iri[result.commitment].investors):
                label = rec.label_of(known) if isinstance(known, URIRef) else None
                if label and re.search(rf"\b{re.escape(label)}\b", item.quote, re.IGNORECASE):
                    result.investor = known
        named = set(item.partners)
        if result.commitment is not None:
            # the commitment's own partners named in the sentence, and names no other
            # commitment of the agreement has (the sentence may list several items' partners)
            own = by_iri[result.commitment].partners
            named = (item.companies & own) | (named - everyone)
        result.partners = sorted(named)
        result.index, result.span = item.found_index, item.span
    return results


def _regroup(results: list[Match], items: list[_Item]) -> tuple[list[Match], list[_Item]]:
    """Places of one finding that match the same commitment (or are all new) are one item."""
    seen: set[tuple[int, object]] = set()
    kept: list[tuple[Match, _Item]] = []
    for result, item in zip(results, items, strict=True):
        key = (item.found_index, result.commitment or result.status)
        if key in seen and result.status != "ambiguous":
            continue
        seen.add(key)
        kept.append((result, item))
    return [r for r, _ in kept], [i for _, i in kept]


def _add_order(items: list[_Item], scores: dict[int, list[tuple[float, Target]]]) -> None:
    """``ORDER`` for commitments between those the item's neighbours match on their own."""
    first = {i.index: _decide(i, scores[i.index], set()) for i in items}
    position = {
        i.index: next(t.position for _, t in scores[i.index] if t.iri == first[i.index].commitment)
        for i in items
        if first[i.index].status == "matched"
    }
    indices = [i.index for i in items]
    for n, index in enumerate(indices):
        before = [position[j] for j in indices[:n] if j in position]
        after = [position[j] for j in indices[n + 1 :] if j in position]
        low = before[-1] if before else -1
        high = after[0] if after else 1 << 60
        scores[index] = [
            (s + (ORDER if low < t.position < high else 0.0), t) for s, t in scores[index]
        ]


def _assign(items: list[_Item], scores: dict[int, list[tuple[float, Target]]]) -> list[Match]:
    """Decide every item; a commitment two items match goes to the higher score."""
    taken: dict[URIRef, Match] = {}
    decided: dict[int, Match] = {}
    pending = sorted(items, key=lambda i: i.index)
    for _ in range(len(items) + 1):
        redo: list[_Item] = []
        for item in pending:
            result = _decide(item, scores[item.index], set(taken))
            if result.status == "matched" and result.commitment is not None:
                holder = taken.get(result.commitment)
                if holder is not None and holder.score >= result.score:
                    # keep the holder; this item is scored again without the commitment
                    result = _decide(item, scores[item.index], set(taken))
                elif holder is not None:
                    redo.append(next(i for i in items if i.index == holder.index))
                if result.status == "matched" and result.commitment is not None:
                    taken[result.commitment] = result
            decided[item.index] = result
        if not redo:
            break
        for item in redo:
            decided.pop(item.index, None)
        pending = redo
    return [decided[i.index] for i in items]


def _same_group(
    investor: URIRef | None,
    commitment: URIRef | None,
    by_iri: dict[URIRef, Target],
    rec: Reconciler,
) -> URIRef | None:
    """A company group the reconciler had to mint ("Japanese firms") is the commitment's own
    group of the same country ("Japanese companies"): groups are named loosely."""
    minted = rec.new.get(investor) if investor is not None else None
    if minted is None or minted.kind != "group" or commitment is None:
        return investor
    for known in sorted(by_iri[commitment].investors):
        if rec.graph.value(known, PLEDGE.basedIn) == minted.country:
            return known
    return investor
