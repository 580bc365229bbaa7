"""The page header: one line per agreement, never one sum across agreements.

Each agreement's line gives its headline as its sources state it and the sum of its itemised
commitments, with stated amounts, caps ("up to", ceilings not spend), floors ("over") and ranges
apart, per currency, and purchases apart from investment. "Data as of" is the newest date a
source was issued (``dcterms:issued``), not a file's time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from pledgegraph.graphpage.model import DASH, Amount, Entity, PageData
from pledgegraph.results import money
from pledgegraph.vocab import PLEDGE

UNDER = str(PLEDGE.underAgreement)
STATED_TOTAL = str(PLEDGE.statedTotal)


@dataclass
class Sums:
    stated: Decimal = Decimal(0)
    caps: Decimal = Decimal(0)
    floors: Decimal = Decimal(0)
    range_low: Decimal = Decimal(0)
    range_high: Decimal = Decimal(0)
    count: int = 0

    def add(self, amount: Amount) -> None:
        self.count += 1
        if amount.value is not None:
            self.stated += amount.value
        elif amount.low is not None and amount.high is not None:
            self.range_low += amount.low
            self.range_high += amount.high
        elif amount.high is not None:
            self.caps += amount.high
        elif amount.low is not None:
            self.floors += amount.low

    def text(self, currency: str) -> str:
        """``$513.45 billion (stated $156.45 billion + caps $357 billion)``; ranges apart."""
        parts = [
            (word, wording, value)
            for word, wording, value in (
                ("stated", "", self.stated), ("caps", "up to ", self.caps),
                ("floors", "over ", self.floors),
            )
            if value
        ]  # fmt: skip
        if len(parts) == 1:
            text = parts[0][1] + money(parts[0][2], currency)
        else:
            sums = " + ".join(f"{word} {money(value, currency)}" for word, _, value in parts)
            text = money(self.stated + self.caps + self.floors, currency) + f" ({sums})"
        if self.range_high:
            low, high = money(self.range_low, currency), money(self.range_high, currency)
            ranges = f"ranges {low}{DASH}{high}"
            text = f"{text}, plus {ranges}" if parts else ranges
        return text


@dataclass
class AgreementLine:
    id: str
    label: str
    headline: str = ""  # the reconciled (or only) stated total
    headline_claims: list[tuple[str, str]] = field(default_factory=list)  # (source, value)
    itemised: list[str] = field(default_factory=list)  # one per kind and currency
    commitments: int = 0
    policy: int = 0
    sources: int = 0
    disputed: int = 0
    drafts: int = 0

    def text(self) -> str:
        parts = []
        if self.headline:
            parts.append(f"headline {self.headline}")
            said = "; ".join(f"{value} in {source}" for source, value in self.headline_claims)
            if len({value for _, value in self.headline_claims}) > 1:
                parts[-1] += f" (sources differ: {said})"
            elif len(self.headline_claims) > 1:
                parts[-1] += f" ({len(self.headline_claims)} sources agree)"
        parts += self.itemised or ["no itemised amount"]
        parts.append(f"{self.commitments} commitment" + ("s" if self.commitments != 1 else ""))
        if self.policy:
            parts[-1] += f" ({self.policy} without money)"
        if self.sources:
            parts.append(f"{self.sources} source" + ("s" if self.sources != 1 else ""))
        if self.disputed:
            parts.append(f"{self.disputed} disputed")
        if self.drafts:
            parts.append(f"{self.drafts} unreviewed draft" + ("s" if self.drafts != 1 else ""))
        return " · ".join(parts)


def agreement_lines(data: PageData) -> list[AgreementLine]:
    """One line per agreement, in label order."""
    members: dict[str, list[str]] = defaultdict(list)
    for c, agreements in data.linked(UNDER).items():
        members[agreements[0]].append(c)
    found = [e for e in data.entities.values() if e.kind == "agreement"]
    found.sort(key=lambda e: (e.label.lower(), e.id))
    return [_line(data, agreement, members.get(agreement.id, [])) for agreement in found]


def _line(data: PageData, agreement: Entity, members: list[str]) -> AgreementLine:
    line = AgreementLine(agreement.id, agreement.label)
    if agreement.amount is not None:
        line.headline = agreement.amount.text()
    for claim in data.claims.get(agreement.id, []):
        if claim.prop == STATED_TOTAL and claim.values and claim.status != "rejected":
            source = data.entities.get(claim.source)
            line.headline_claims.append((source.label if source else claim.source, claim.values[0]))
    sums: dict[tuple[str, str], Sums] = defaultdict(Sums)
    sources = set(agreement.sources)
    for c in members:
        entity = data.entities[c]
        line.commitments += 1
        line.policy += entity.commitment_kind == "policy"
        line.disputed += entity.disputed
        line.drafts += entity.draft
        sources.update(entity.sources)
        if entity.amount is not None:
            sums[(entity.commitment_kind, entity.amount.currency)].add(entity.amount)
    line.sources = len(sources)
    for (kind, currency), total in sorted(sums.items()):
        word = "purchases" if kind == "purchase" else "itemised"
        line.itemised.append(f"{word} {total.text(currency)}")
    return line


def data_as_of(data: PageData) -> str:
    """The newest ``dcterms:issued`` of the sources (``YYYY-MM-DD``), or "" if none gives one."""
    dates = [
        issued.strip()[:10]
        for e in data.entities.values()
        if e.kind == "source"
        for issued in e.attrs.get("issued", "").split(";")
        if issued.strip()
    ]
    return max(dates, default="")


def default_title(data: PageData) -> str:
    names = sorted(e.label for e in data.entities.values() if e.kind == "agreement")
    if not names:
        return "PledgeGraph network"
    if len(names) > 3:
        return f"PledgeGraph: {len(names)} agreements"
    return "; ".join(names)
