"""extract is linear in the length of the text: four times the text takes about four times the
CPU time, not sixteen. Compared as a ratio of two sizes, never against a wall-clock limit (the
machine is shared). The texts are invented (``pledgegraph.ingest.synthetic``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pledgegraph.ingest.article import build_draft
from pledgegraph.ingest.extract import extract
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.ingest.synthetic import article
from pledgegraph.load import PledgeDataset

# Linear growth gives a ratio near 1 (time per character at 4x the size / at 1x); quadratic
# growth gives about 4. The margin absorbs a shared machine's noise.
LIMIT = 1.8


def cpu(run: Callable[[], object], repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def growth(small: str, large: str, run: Callable[[str], object]) -> float:
    """How much the time per character grows from ``small`` to ``large``."""
    run(small)  # warm up: compiled patterns, the word list
    per_small = cpu(lambda: run(small)) / len(small)
    per_large = cpu(lambda: run(large)) / len(large)
    return per_large / per_small


def test_thousands_of_amounts_take_linear_time(dataset: PledgeDataset) -> None:
    small, large = article(50_000, seed=1), article(200_000, seed=1)
    found = extract(large, Reconciler(dataset))
    assert len(found.monetary) >= 1000, "the large text holds thousands of amounts"
    ratio = growth(small, large, lambda text: extract(text, Reconciler(dataset)))
    assert ratio < LIMIT, f"time per character grew {ratio:.2f}x for 4x the text"


def test_one_sentence_with_thousands_of_amounts_takes_linear_time(
    dataset: PledgeDataset,
) -> None:
    def sentence(n: int) -> str:
        items = ", ".join(f"${i + 1} million with Firm{i} Corp" for i in range(n))
        return f"Japan will invest {items}."

    small, large = sentence(500), sentence(2000)
    assert len(extract(large, Reconciler(dataset)).monetary) == 2000
    ratio = growth(small, large, lambda text: extract(text, Reconciler(dataset)))
    assert ratio < LIMIT, f"time per character grew {ratio:.2f}x for 4x the sentence"


def test_many_pledges_without_full_stops_take_linear_time(dataset: PledgeDataset) -> None:
    def run_on(n: int) -> str:
        return " ".join(f"Firm{i} Corp. will build a plant in Ohio" for i in range(n))

    ratio = growth(run_on(500), run_on(2000), lambda text: extract(text, Reconciler(dataset)))
    assert ratio < LIMIT, f"time per character grew {ratio:.2f}x for 4x the text"


@pytest.mark.slow
def test_the_draft_is_written_in_linear_time(dataset: PledgeDataset, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"

    def draft(text: str) -> bytes:
        return build_draft(text, path, Reconciler(dataset), published="2026-05-12").turtle

    small, large = article(40_000, seed=2), article(160_000, seed=2)
    assert draft(large).count(b"pledge:Commitment") >= 1000
    ratio = growth(small, large, draft)
    assert ratio < LIMIT, f"time per character grew {ratio:.2f}x for 4x the text"


@pytest.mark.slow
def test_a_megabyte_takes_linear_time(dataset: PledgeDataset) -> None:
    small, large = article(250_000, seed=3), article(1_000_000, seed=3)
    assert len(large) >= 1_000_000
    ratio = growth(small, large, lambda text: extract(text, Reconciler(dataset)))
    assert ratio < LIMIT, f"time per character grew {ratio:.2f}x from 250 KB to 1 MB"
