"""Document-level reading: the text's two sides, its parties, name, signers and date.

The sides are where the money comes from and where it goes: the place most investors belong
to, and the place most mentioned besides it (countries and supranational bodies; a state counts
for its country). The parties are the ones the text pairs (``parties.paired_parties``); if it
pairs none, the two sides' governments; if it has one side only, that side's government and its
main investing company or group ("one country and its companies").
"""

from __future__ import annotations

from collections import Counter

from pledgegraph.ingest.parties import (
    AGREEMENT_CUE,
    agreement_name,
    paired_parties,
    party_kind,
    signing_date,
)
from pledgegraph.ingest.reconcile import Entity, Reconciler
from pledgegraph.ingest.results import Extraction, Party
from pledgegraph.ingest.signers import signers
from pledgegraph.ingest.text import Sentence, dateline_date, find_date, party_mentions


def side_of_name(name: str, rec: Reconciler) -> str | None:
    """The side a place name stands for: a country or a supranational body; a state stands
    for its country."""
    region = rec.region(name)
    if region is None:
        return None
    return region.country if region.kind == "subnational" else region.name


def side_of(entity: Entity, rec: Reconciler) -> str | None:
    """The side a party stands on, by name (None for a company: it has no side of its own)."""
    if entity.kind == "company":
        return None
    home = rec.home(entity)
    return rec.label_of(home) if home != entity.iri or entity.kind == "supranational" else None


def mentioned_sides(sentences: list[Sentence], rec: Reconciler) -> Counter[str]:
    """How often each country or supranational body is named (a state counts for its
    country)."""
    counts: Counter[str] = Counter()
    for s in sentences:
        for name, _, _ in party_mentions(s.text, rec):
            if (side := side_of_name(name, rec)) is not None:
                counts[side] += 1
    return counts


def set_sides(
    result: Extraction,
    investors: list[Entity],
    counts: Counter[str],
    rec: Reconciler,
    headline_side: str | None = None,
) -> None:
    """``result.investor_country``: the side most investors stand on (else the side of the
    party the headline sentence names as committing, else the most mentioned);
    ``result.host_country``: the most mentioned other side."""
    votes: Counter[str] = Counter()
    for entity in investors:
        if (side := side_of(entity, rec)) is not None:
            votes[side] += 1
    if votes:
        result.investor_country = votes.most_common(1)[0][0]
    elif headline_side is not None:
        result.investor_country = headline_side
    elif counts:
        result.investor_country = counts.most_common(1)[0][0]
    others = [c for c, _ in counts.most_common() if c != result.investor_country]
    result.host_country = others[0] if others else None


def read_agreement(
    result: Extraction, sentences: list[Sentence], rec: Reconciler, published: str = ""
) -> None:
    """Fill in the agreement: parties, name, signers, signing date and the sentence that
    states it."""
    result.agreement_name, name_span = agreement_name(sentences, [x.target for x in result.links])
    result.parties = paired_parties(sentences, rec) or _from_sides(result, rec)
    result.signers = signers(sentences, rec, result.parties)
    result.signing_date = signing_date(sentences, result.text, published)
    result.text_date = dateline_date(result.text, published) or find_date(result.text)
    for s in sentences:
        if AGREEMENT_CUE.search(s.text) and any(
            rec.is_place(n) for n, _, _ in party_mentions(s.text, rec)
        ):
            result.agreement_quote = (s.start, s.end)
            break
    if result.agreement_quote is None:
        result.agreement_quote = name_span


def _from_sides(result: Extraction, rec: Reconciler) -> list[Party]:
    sides = [s for s in (result.investor_country, result.host_country) if s]
    # a state's government that pledges stands for its side ("Saxony will provide ...")
    regional = {
        side_of(c.investor, rec): c.investor
        for c in result.commitments
        if c.investor.kind == "subnational"
    }
    parties = []
    for side in sides:
        entity = regional.get(side) or rec.government(side)
        parties.append(Party(entity, party_kind(entity), side))
    if len(parties) == 1:  # one country and its companies
        own = {p.entity.iri for p in parties}
        investors = Counter(
            c.investor for c in result.monetary if c.investor.iri not in own and not c.policy
        )
        if investors:
            entity = investors.most_common(1)[0][0]
            parties.append(Party(entity, party_kind(entity), entity.label))
    return parties
