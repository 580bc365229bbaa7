"""``extract --check GOLD.yaml``: precision, recall and F1 of an extraction against a gold file.

Gold format (YAML; see docs/ingest.md)::

    headline: "$467 billion"                 # optional: the headline total as written
    commitments:                             # the monetary commitments of the text
      - investor: Japan                      # a country stands for its government
        amount: "up to $332 billion"         # as written: "up to" = cap, "at least" = floor
        sector: energy                       # slug or label from ontology/sectors.ttl
        partners: []                         # company names
        components:                          # optional: parts without an amount of their own
          - partners: [Westinghouse]
            sector: nuclear-power

``amount`` may also be a number with ``currency`` (default USD) and ``kind`` (default stated).
Names go through the same reconciler as the extraction, so "Toshiba Corp." matches "Toshiba".

Scores, each a multiset comparison of tuples:
- monetary: (investor, currency, value), i.e. matched by amount and investor;
- caps: (investor, currency, value, kind): the cap / floor / stated flag must be right too;
- partners: (investor, currency, value, partner) over commitments and their components;
- sectors: (investor, currency, value, sector) over monetary commitments.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from pledgegraph.errors import InputError
from pledgegraph.ingest.amounts import Amount, AmountError, parse_amount
from pledgegraph.ingest.extract import Extraction
from pledgegraph.ingest.reconcile import ReconcileError, Reconciler

Key = tuple[Hashable, ...]


@dataclass
class Score:
    name: str
    expected: Counter[Key] = field(default_factory=Counter)
    found: Counter[Key] = field(default_factory=Counter)

    @property
    def true_positives(self) -> int:
        return sum((self.expected & self.found).values())

    @property
    def precision(self) -> float:
        n = sum(self.found.values())
        return self.true_positives / n if n else float(not self.expected)

    @property
    def recall(self) -> float:
        n = sum(self.expected.values())
        return self.true_positives / n if n else float(not self.found)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def missing(self) -> list[Key]:
        return sorted((self.expected - self.found).elements(), key=str)

    @property
    def unexpected(self) -> list[Key]:
        return sorted((self.found - self.expected).elements(), key=str)

    def line(self) -> str:
        return (
            f"{self.name:<10} precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"F1 {self.f1:.3f}  ({self.true_positives} of {sum(self.expected.values())} "
            f"expected, {sum(self.found.values())} found)"
        )


def _amount(entry: dict[str, Any], where: str) -> Amount:
    raw = entry.get("amount")
    if isinstance(raw, str):
        return parse_amount(raw, entry.get("currency"))
    if isinstance(raw, int | float):
        try:
            value = Decimal(str(raw))
        except InvalidOperation as err:  # pragma: no cover - yaml numbers are finite
            raise AmountError(f"{where}: bad amount {raw!r}") from err
        kind = entry.get("kind", "stated")
        if kind not in ("cap", "floor", "stated"):
            raise AmountError(f"{where}: kind must be cap, floor or stated, not {kind!r}")
        return Amount(value, str(entry.get("currency", "USD")).upper(), kind)
    raise AmountError(f'{where}: needs an amount such as "up to $25 billion"')


def load_gold(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(path, 0, 0, err.strerror or str(err)) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(
            path,
            mark.line + 1 if mark else 0,
            mark.column + 1 if mark else 0,
            f"not valid YAML: {getattr(err, 'problem', err)}",
        ) from err
    if not isinstance(data, dict) or not isinstance(data.get("commitments"), list):
        raise InputError(path, 0, 0, "a gold file is a mapping with a list under 'commitments'")
    return data


def _expected(gold: dict[str, Any], rec: Reconciler, path: Path) -> dict[str, Counter[Key]]:
    out: dict[str, Counter[Key]] = {
        n: Counter() for n in ("monetary", "caps", "partners", "sectors")
    }
    for n, entry in enumerate(gold["commitments"], start=1):
        where = f"commitment {n}"
        try:
            if not isinstance(entry, dict) or not entry.get("investor"):
                raise AmountError(f"{where}: needs an investor")
            amount = _amount(entry, where)
            key = (rec.party(str(entry["investor"])).iri, amount.currency, amount.value)
            out["monetary"][key] += 1
            out["caps"][(*key, amount.kind)] += 1
            if entry.get("sector"):
                out["sectors"][(*key, rec.sector(str(entry["sector"])))] += 1
            parts = [entry, *(entry.get("components") or [])]
            for part in parts:
                for partner in part.get("partners") or []:
                    out["partners"][(*key, rec.company(str(partner)).iri)] += 1
        except (AmountError, ReconcileError) as err:
            raise InputError(path, 0, 0, f"{where}: {err}") from err
    return out


def _found(result: Extraction) -> dict[str, Counter[Key]]:
    out: dict[str, Counter[Key]] = {
        n: Counter() for n in ("monetary", "caps", "partners", "sectors")
    }
    keys: dict[int, Key] = {}
    for i, c in enumerate(result.commitments):
        if c.amount is None:
            continue
        key = (c.investor.iri, c.amount.currency, c.amount.value)
        keys[i] = key
        out["monetary"][key] += 1
        out["caps"][(*key, c.amount.kind)] += 1
        out["sectors"][(*key, c.sector)] += 1
    for i, c in enumerate(result.commitments):
        anchor = keys.get(i) if c.amount is not None else keys.get(c.parent)  # type: ignore[arg-type]
        if anchor is None:
            continue
        for partner in c.partners:
            out["partners"][(*anchor, partner.iri)] += 1
    return out


def check(result: Extraction, gold_path: Path, rec: Reconciler) -> list[Score]:
    """Score ``result`` against the gold file; names are reconciled with ``rec``."""
    gold = load_gold(gold_path)
    expected = _expected(gold, rec, gold_path)
    found = _found(result)
    scores = [Score(name, expected[name], found[name]) for name in expected]
    if gold.get("headline"):
        try:
            headline = parse_amount(str(gold["headline"]))
        except AmountError as err:
            raise InputError(gold_path, 0, 0, f"headline: {err}") from err
        want: Counter[Key] = Counter({(headline.currency, headline.value): 1})
        got: Counter[Key] = Counter()
        if result.headline is not None:
            got[(result.headline.currency, result.headline.value)] += 1
        scores.append(Score("headline", want, got))
    return scores
