"""``extract --check GOLD.yaml``: precision, recall and F1 of an extraction against a gold file.

Both gold formats of docs/ingest.md ("Gold files") are read. Version 1 lists monetary
commitments with amounts as written ("up to $332 billion") and an optional ``headline`` string;
version 2 (a file with ``headlines``) adds amount mappings (``written``, ``kind``, ``currency``,
``value`` or ``min``/``max``), commitment ``type`` (investment, purchase, policy), ``host``,
``parties``, ``agreement`` (signing date, signers) and ``related`` agreements. Names go through the
same reconciler as the extraction, so "Toshiba Corp." matches "Toshiba".

Scores, each a multiset comparison of tuples (V is a figure, or (min, max) for a range; K the
kind): monetary (investor, currency, V) and caps (investor, currency, K, V) over investments;
purchases (investor, currency, K, V); partners; sectors and hosts (only where the gold says);
policy (investors, location of the quote); headline (currency, K, V); parties (party, kind);
signing (date); signers (name, party); related (type, location). A key absent from the gold file
is not scored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pledgegraph.errors import InputError
from pledgegraph.ingest.gold_keys import ORDER, GoldReader, Key, found_keys
from pledgegraph.ingest.reconcile import ReconcileError, Reconciler, normalise
from pledgegraph.ingest.results import Extraction


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


def check(result: Extraction, gold_path: Path, rec: Reconciler) -> list[Score]:
    """Score ``result`` against the gold file; names are reconciled with ``rec``."""
    gold = load_gold(gold_path)
    try:
        reader = GoldReader(gold, rec, result.text)
        expected = reader.expected()
    except (ValueError, ReconcileError) as err:
        raise InputError(gold_path, 0, 0, str(err)) from err
    found = found_keys(result, rec, reader)
    return [Score(name, expected[name], found[name]) for name in ORDER if name in expected]


def pool(runs: Iterable[tuple[str, list[Score]]]) -> list[Score]:
    """Scores over several texts, micro-averaged: each text's tuples are kept apart (prefixed by
    the text's name) and added up before precision and recall are taken."""
    pooled: dict[str, Score] = {}
    for text, scores in runs:
        for s in scores:
            total = pooled.setdefault(s.name, Score(s.name))
            total.expected.update({(text, *k): n for k, n in s.expected.items()})
            total.found.update({(text, *k): n for k, n in s.found.items()})
    return [pooled[name] for name in ORDER if name in pooled]


def describe(key: Key) -> str:
    """A tuple as a short line: IRIs by their last segment, ranges as low-high."""
    parts = []
    for part in key:
        if isinstance(part, tuple):
            parts.append("-".join(str(p) for p in part))
        elif isinstance(part, frozenset):
            parts.append("+".join(sorted(str(p).rsplit("/", 1)[-1] for p in part)))
        else:
            parts.append(str(part).rsplit("/", 1)[-1])
    return " ".join(parts)


def published_of(path: Path) -> str:
    """The ``published`` date a gold file asks to be scored with, or ''."""
    value = load_gold(path).get("published")
    return str(value) if value else ""


__all__ = ["Score", "check", "describe", "load_gold", "normalise", "pool", "published_of"]
