"""Reading a second source into an agreement in the graph: each item matched, new or ambiguous.

The expectations come from each fixture's ``*.expected.yaml`` (written before the matcher),
never from this file: an expected item is located at the first occurrence of its quote at or
after the previous item's, and the draft item whose quote overlaps it is compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pledgegraph.ingest.claims_draft import SourceInfo, build_claims, serialize
from pledgegraph.ingest.extract import extract
from pledgegraph.ingest.match import MATCH_AT, Match, match, stems
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.load import load
from pledgegraph.vocab import ID
from tests.conftest import FIXTURES, ROOT

SOURCES = FIXTURES / "sources"
NAMES = sorted(p.stem for p in SOURCES.glob("*.txt"))
AGREEMENT = ID["agreement/us-japan-2025"]


@pytest.fixture(scope="module")
def rec() -> Reconciler:
    return Reconciler(load(root=ROOT))


def expected_items(name: str) -> tuple[str, dict[str, Any], list[tuple[int, int, dict[str, Any]]]]:
    text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
    expected = yaml.safe_load((SOURCES / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    located, pos = [], 0
    for item in expected["items"]:
        start = text.index(item["quote"], pos)
        located.append((start, start + len(item["quote"]), item))
        pos = start
    return text, expected, located


def slug(iri: object) -> str:
    return str(iri).rsplit("/", 1)[-1]


def run(name: str, rec: Reconciler) -> tuple[str, list[tuple[tuple[int, int], Match]]]:
    text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
    extraction = extract(text, rec, "2025-10-28")
    results = match(extraction, rec, AGREEMENT)
    return text, [(m.span, m) for m in results]


@pytest.mark.parametrize("name", NAMES)
def test_items_match_as_expected(name: str, rec: Reconciler) -> None:
    _, _, located = expected_items(name)
    _, drafted = run(name, rec)
    for start, end, item in located:
        overlapping = [m for (a, b), m in drafted if a < end and start < b]
        assert overlapping, f"{name}: no draft item for {item['quote']!r}"
        # the draft item that states this amount (a sentence can hold several items)
        found = [m for m in overlapping if m.status == item["status"]] or overlapping
        result = found[0]
        assert result.status == item["status"], (item["quote"], result)
        if item["status"] == "matched":
            assert slug(result.commitment) == item["commitment"], item["quote"]
        if item["status"] == "ambiguous":
            assert result.commitment is None
            assert sorted(slug(c) for c in result.candidates) == sorted(item["candidates"])


def test_cut_off_item_is_ambiguous_between_the_two_supply_items(rec: Reconciler) -> None:
    text, drafted = run("us-japan-2025-factsheet", rec)
    cut = [m for (a, b), m in drafted if text[a:b].endswith("to suppl")]
    assert len(cut) == 1 and cut[0].status == "ambiguous"
    assert cut[0].commitment is None
    assert {slug(c) for c in cut[0].candidates} == {
        "carrier-thermal-cooling",
        "fujikura-optical-fiber",
    }


def test_one_commitment_per_item_of_a_source(rec: Reconciler) -> None:
    for name in NAMES:
        _, drafted = run(name, rec)
        targets = [m.commitment for _, m in drafted if m.status == "matched"]
        assert len(targets) == len(set(targets)), name


def test_new_item_matches_nothing(rec: Reconciler) -> None:
    text, drafted = run("us-japan-2025-factsheet", rec)
    hoshizora = [m for (a, b), m in drafted if "Hoshizora" in text[a:b]]
    assert [m.status for m in hoshizora] == ["new"]
    assert hoshizora[0].score < MATCH_AT


def test_stems_fold_spellings_and_keep_a_cut_word_as_prefix() -> None:
    assert stems("fertiliser fibre") == stems("fertilizer fiber")
    assert "suppl*" in stems("Up to $20 billion to suppl", cut_last=True)
    assert "suppl*" not in stems("Up to $20 billion to supply")


def test_draft_claims_validate_as_drafts(rec: Reconciler, tmp_path: Path) -> None:
    from pledgegraph.build import check

    name = "us-japan-2025-factsheet"
    text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
    extraction = extract(text, rec, "2025-10-28")
    source = SourceInfo(ID["source/factsheet-test"], "[fact sheet]", f"{name}.txt")
    source.kind, source.publisher = "government", "The White House"
    draft = build_claims(extraction, match(extraction, rec, AGREEMENT), rec, AGREEMENT, source)
    out = tmp_path / "draft.ttl"
    out.write_bytes(serialize(draft, "a test draft"))
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    report = check(load([out], root=ROOT, drafts=True))
    assert report.conforms, [str(v) for v in report.violations]
    turtle = out.read_text(encoding="utf-8")
    assert 'pledge:reviewStatus "accepted"' not in turtle
    assert "pledge:candidate" in turtle
