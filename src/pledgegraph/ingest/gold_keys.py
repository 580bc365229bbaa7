"""The tuples ``gold`` compares: read from a gold file (``GoldReader``) and from an extraction
(``found_keys``), in the same shape so that equal facts give equal tuples."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import URIRef

from pledgegraph.ingest.amounts import KINDS, Amount, AmountError, parse_amount
from pledgegraph.ingest.reconcile import Reconciler, normalise
from pledgegraph.ingest.results import Extraction, Found, Span

Key = tuple[Hashable, ...]
# Every score, in the order --check prints them.
ORDER = (
    "monetary",
    "caps",
    "purchases",
    "partners",
    "sectors",
    "hosts",
    "policy",
    "headline",
    "parties",
    "signing",
    "signers",
    "related",
)
Figure = Decimal | tuple[Decimal, Decimal]


def figure(amount: Amount) -> Figure:
    """V: the value, or (low, high) of a range."""
    if amount.kind == "range" and amount.high is not None:
        return (amount.value, amount.high)
    return amount.value


def _decimal(raw: object, where: str) -> Decimal:
    try:
        return Decimal(str(raw))
    except InvalidOperation as err:
        raise ValueError(f"{where}: {raw!r} is not a number") from err


def gold_amount(entry: dict[str, Any], where: str) -> tuple[str, str, Figure]:
    """(currency, kind, V) of a gold entry's ``amount`` in either version."""
    raw = entry.get("amount")
    if isinstance(raw, dict):
        kind = raw.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{where}: amount kind must be one of {', '.join(KINDS)}")
        currency = str(raw.get("currency", "")).upper()
        if kind == "range":
            value: Figure = (_decimal(raw.get("min"), where), _decimal(raw.get("max"), where))
        else:
            value = _decimal(raw.get("value"), where)
        return currency, kind, value
    if isinstance(raw, str):
        try:
            amount = parse_amount(raw, entry.get("currency"))
        except AmountError as err:
            raise ValueError(f"{where}: {err}") from err
        return amount.currency, amount.kind, figure(amount)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        kind = entry.get("kind", "stated")
        if kind not in ("cap", "floor", "stated"):
            raise ValueError(f"{where}: kind must be cap, floor or stated, not {kind!r}")
        return str(entry.get("currency", "USD")).upper(), kind, _decimal(raw, where)
    raise ValueError(f'{where}: needs an amount such as "up to $25 billion"')


class GoldReader:
    """What a gold file expects, as counters of tuples per score."""

    def __init__(self, gold: dict[str, Any], rec: Reconciler, text: str) -> None:
        self.gold = gold
        self.rec = rec
        self.text = text
        self.version = 2 if any(k in gold for k in ("headlines", "parties", "related")) else 1
        self.locations: list[Span] = []  # where the gold's policy and related quotes are
        self.no_sector: set[Key] = set()
        self.no_host: set[Key] = set()

    def party(self, name: object) -> URIRef:
        return self.rec.party(str(name)).iri

    def locate(self, quote: object, where: str) -> Span:
        start = self.text.find(str(quote))
        if start < 0:
            raise ValueError(f"{where}: the quote {quote!r} is not in the text")
        span = (start, start + len(str(quote)))
        self.locations.append(span)
        return span

    def expected(self) -> dict[str, Counter[Key]]:
        names = ["monetary", "caps", "purchases", "partners", "sectors"]
        if self.version == 2:
            names += ["hosts", "policy"]
        if "headline" in self.gold or "headlines" in self.gold:
            names.append("headline")
        agreement = self.gold.get("agreement") or {}
        names += [
            n
            for n, present in (
                ("parties", "parties" in self.gold),
                ("signing", "signed" in agreement),
                ("signers", "signers" in agreement),
                ("related", "related" in self.gold),
            )
            if present
        ]
        out: dict[str, Counter[Key]] = {n: Counter() for n in names}
        for n, entry in enumerate(self.gold["commitments"], start=1):
            if not isinstance(entry, dict) or not entry.get("investor"):
                raise ValueError(f"commitment {n}: needs an investor")
            self._commitment(entry, f"commitment {n}", out)
        self._agreement(out)
        return out

    def _commitment(self, entry: dict[str, Any], where: str, out: dict[str, Counter[Key]]) -> None:
        kind = entry.get("type", "investment")
        if kind == "policy":
            investors = entry["investor"]
            investors = investors if isinstance(investors, list) else [investors]
            location = self.locate(entry.get("quote", ""), where)
            if "policy" in out:
                out["policy"][(frozenset(self.party(i) for i in investors), location)] += 1
            return
        currency, amount_kind, value = gold_amount(entry, where)
        key = (self.party(entry["investor"]), currency, value)
        if kind == "purchase":
            out["purchases"][(*key[:2], amount_kind, value)] += 1
        else:
            out["monetary"][key] += 1
            out["caps"][(*key[:2], amount_kind, value)] += 1
        if entry.get("sector"):
            out["sectors"][(*key, self.rec.sector(str(entry["sector"])))] += 1
        else:
            self.no_sector.add(key)
        if entry.get("host") and "hosts" in out:
            out["hosts"][(*key, self.rec.place(str(entry["host"])).iri)] += 1
        else:
            self.no_host.add(key)
        for part in [entry, *(entry.get("components") or [])]:
            for partner in part.get("partners") or []:
                out["partners"][(*key, self.rec.company(str(partner)).iri)] += 1

    def _agreement(self, out: dict[str, Counter[Key]]) -> None:
        gold = self.gold
        if "headline" in out:
            entries = gold.get("headlines")
            if entries is None:
                entries = [{"amount": gold["headline"]}] if gold.get("headline") else []
            for n, entry in enumerate(entries, start=1):
                currency, kind, value = gold_amount(entry, f"headline {n}")
                out["headline"][(currency, kind, value)] += 1
        if "parties" in out:
            for p in gold.get("parties") or []:
                out["parties"][(self.party(p["name"]), str(p.get("kind", "")))] += 1
        agreement = gold.get("agreement") or {}
        if "signing" in out and agreement.get("signed"):
            out["signing"][(str(agreement["signed"]),)] += 1
        if "signers" in out:
            for s in agreement.get("signers") or []:
                out["signers"][(normalise(str(s["name"])), self.party(s["party"]))] += 1
        if "related" in out:
            for n, link in enumerate(gold.get("related") or [], start=1):
                location = self.locate(link["quote"], f"related {n}")
                out["related"][(str(link["type"]), location)] += 1

    def location_of(self, span: Span) -> Span:
        """The gold quote's location that ``span`` overlaps, else ``span`` itself."""
        for start, end in self.locations:
            if span[0] < end and start < span[1]:
                return (start, end)
        return span


def found_keys(result: Extraction, rec: Reconciler, reader: GoldReader) -> dict[str, Counter[Key]]:
    """The same tuples, from the extraction."""
    out: dict[str, Counter[Key]] = {n: Counter() for n in ORDER}
    keys: dict[int, Key] = {}
    for i, c in enumerate(result.commitments):
        if c.amount is not None:
            keys[i] = _monetary(c, out, reader)
    for i, c in enumerate(result.commitments):
        anchor = keys.get(i) if c.amount is not None else keys.get(c.parent)  # type: ignore[arg-type]
        if anchor is not None and not c.policy:
            for partner in c.partners:
                out["partners"][(*anchor, partner.iri)] += 1
        if c.policy:
            investors = frozenset([c.investor.iri, *(e.iri for e in c.co_investors)])
            out["policy"][(investors, reader.location_of(c.quotes[0]))] += 1
    for h in result.headlines:
        out["headline"][(h.amount.currency, h.amount.kind, figure(h.amount))] += 1
    for p in result.parties:
        out["parties"][(p.entity.iri, p.kind)] += 1
    if result.signing_date:
        out["signing"][(result.signing_date,)] += 1
    for s in result.signers:
        if s.party is not None:
            out["signers"][(normalise(s.name), s.party.iri)] += 1
    for link in result.links:
        located = [reader.location_of(q) for q in link.quotes or [link.quote]]
        gold_located = [q for q in located if q in reader.locations]
        out["related"][(link.kind, (gold_located or located)[0])] += 1
    return out


def _monetary(c: Found, out: dict[str, Counter[Key]], reader: GoldReader) -> Key:
    assert c.amount is not None
    key = (c.investor.iri, c.amount.currency, figure(c.amount))
    if c.kind == "purchase":
        out["purchases"][(*key[:2], c.amount.kind, key[2])] += 1
    else:
        out["monetary"][key] += 1
        out["caps"][(*key[:2], c.amount.kind, key[2])] += 1
    if key not in reader.no_sector:
        out["sectors"][(*key, c.sector)] += 1
    if key not in reader.no_host and c.host is not None:
        out["hosts"][(*key, c.host.iri)] += 1
    return key
