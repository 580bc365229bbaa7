"""The commitments found so far, with repeats merged: one pledge stated twice is one commitment
with two quotes. Indexed by amount and investor, so adding n findings takes time linear in n
(comparing each with every earlier one took minutes at a few thousand amounts)."""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef

from pledgegraph.ingest.reconcile import normalise
from pledgegraph.ingest.results import Found
from pledgegraph.ingest.text import BULLET


class Commitments:
    def __init__(self, items: list[Found], text: str) -> None:
        self.items = items
        self.text = text
        # (currency, value, high, kind) -> investor -> indices of monetary commitments
        self._by_amount: dict[tuple[object, ...], dict[URIRef, list[int]]] = {}
        self.sector_votes: Counter[URIRef] = Counter()

    def add(self, found: Found) -> int:
        """Append ``found``, or merge it into the earlier commitment it repeats; its index."""
        if (earlier := self._repeat_of(found)) is not None:
            other = self.items[earlier]
            other.quotes += [q for q in found.quotes if q not in other.quotes]
            known = {p.iri for p in other.partners}
            other.partners += [p for p in found.partners if p.iri not in known]
            other.truncated = other.truncated and found.truncated
            return earlier
        self.items.append(found)
        index = len(self.items) - 1
        if found.amount is not None and not found.policy:
            self.sector_votes[found.sector] += 1
            bucket = self._by_amount.setdefault(found.amount.key, {})
            bucket.setdefault(found.investor.iri, []).append(index)
        return index

    def _bullet(self, found: Found) -> bool:
        """Does ``found``'s first quote open a bullet line?"""
        return bool(found.quotes) and _on_bullet(self.text, found.quotes[0][0])

    def _repeat_of(self, found: Found) -> int | None:
        """The earlier commitment that ``found`` repeats: same amount and kind, the same party
        (or ``found`` names none and its quote names the earlier one's), and the partners
        agree."""
        if found.policy or found.amount is None:
            return None
        bucket = self._by_amount.get(found.amount.key, {})
        if self._bullet(found):  # sibling bullets of a list are separate pledges, even of one sum
            bucket = {
                investor: kept
                for investor, indices in bucket.items()
                if (kept := [i for i in indices if not self._bullet(self.items[i])])
            }
        hits = []
        for i in bucket.get(found.investor.iri, ()):
            if _partners_agree(found, self.items[i]):
                hits.append(i)
                break
        if found.investor_inferred:
            quote = normalise(" ".join(self.text[s:e] for s, e in found.quotes))
            for investor, indices in bucket.items():
                label = self.items[indices[0]].investor.label
                if investor != found.investor.iri and normalise(label) in quote:
                    hits.append(indices[0])
            if not hits:  # "This A$2 billion investment shows ...": the one pledge of that sum
                named = [
                    i
                    for indices in bucket.values()
                    for i in indices
                    if not self.items[i].investor_inferred
                    and _named_partners_agree(found, self.items[i])
                ]
                if len(named) == 1:
                    hits.append(named[0])
        return min(hits) if hits else None


def _on_bullet(text: str, start: int) -> bool:
    """Does the quote that starts at ``start`` open a bullet line ("- Up to $25 billion ...")?"""
    line = text.rfind("\n", 0, start) + 1
    return BULLET.fullmatch(text[line:start]) is not None  # "^" holds at a slice's start only


def _partners_agree(a: Found, b: Found) -> bool:
    """Two mentions of one party's amount are one pledge when their partners share one, or
    when either names none and the sectors agree."""
    pa, pb = {p.iri for p in a.partners}, {p.iri for p in b.partners}
    if pa and pb:
        return bool(pa & pb)
    return a.sector == b.sector


def _named_partners_agree(a: Found, b: Found) -> bool:
    """A restatement without a party agrees with a pledge unless both name partners and share
    none."""
    pa, pb = {p.iri for p in a.partners}, {p.iri for p in b.partners}
    return not (pa and pb) or bool(pa & pb)
