"""`pledgegraph review FILE`: list, accept, reject, match; atomic, nothing lost; drafts gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from pledgegraph.cli import cli
from pledgegraph.ingest.claims_draft import SourceInfo, build_claims, serialize
from pledgegraph.ingest.extract import extract
from pledgegraph.ingest.match import match
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.load import load
from pledgegraph.vocab import ID, PLEDGE
from tests.conftest import FIXTURES, ROOT

NAME = "us-japan-2025-factsheet"
AGREEMENT = ID["agreement/us-japan-2025"]
COMMITMENT = "https://w3id.org/pledgegraph/id/commitment/us-japan-2025/"


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fact sheet read into the seed agreement: a draft file beside its text."""
    folder = tmp_path_factory.mktemp("draft")
    text = (FIXTURES / "sources" / f"{NAME}.txt").read_text(encoding="utf-8")
    (folder / f"{NAME}.txt").write_text(text, encoding="utf-8")
    rec = Reconciler(load(root=ROOT))
    extraction = extract(text, rec, "2025-10-28")
    source = SourceInfo(ID["source/test-fact-sheet"], "[fact sheet]", f"{NAME}.txt")
    source.kind, source.publisher = "government", "The White House"
    draft = build_claims(extraction, match(extraction, rec, AGREEMENT), rec, AGREEMENT, source)
    out = folder / "draft.ttl"
    out.write_bytes(serialize(draft, "test draft"))
    return out


@pytest.fixture
def draft(original: Path, tmp_path: Path) -> Path:
    shutil.copy(original.parent / f"{NAME}.txt", tmp_path)
    return Path(shutil.copy(original, tmp_path / "draft.ttl"))


def review(*args: str) -> Result:
    return CliRunner().invoke(cli, ["review", *args], catch_exceptions=False)


def listing(path: Path) -> list[dict[str, object]]:
    result = review(str(path), "--json")
    assert result.exit_code == 0, result.output
    items: list[dict[str, object]] = json.loads(result.stdout)
    return items


def by_status(items: list[dict[str, object]], status: str) -> list[dict[str, object]]:
    return [i for i in items if i["status"] == status]


def claims(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def test_json_lists_every_draft_item_with_the_keys(draft: Path) -> None:
    items = listing(draft)
    assert items and all(
        set(i) == {"id", "status", "commitment", "candidates", "amount", "quote"} for i in items
    )
    assert {i["status"] for i in items} == {"matched", "new", "ambiguous"}
    (ambiguous,) = by_status(items, "ambiguous")
    assert ambiguous["commitment"] is None
    assert sorted(ambiguous["candidates"]) == [  # type: ignore[call-overload]
        COMMITMENT + "carrier-thermal-cooling",
        COMMITMENT + "fujikura-optical-fiber",
    ]
    toshiba = [i for i in items if i["commitment"] == COMMITMENT + "toshiba-power-modules"]
    assert toshiba[0]["amount"] == {"kind": "cap", "value": 25000000000, "currency": "USD"}
    assert "Toshiba" in str(toshiba[0]["quote"])
    text = review(str(draft)).stdout
    assert all(str(i["id"]) in text for i in items)


@pytest.mark.parametrize(
    "args",
    [
        ["--accept", "item-999"],
        ["--reject", "nothing"],
        ["--match", "item-999=commitment:us-japan-2025/diamond-grit"],
        ["--accept-all", "--match", "item-2=commitment:us-japan-2025/no-such-thing"],
    ],
)
def test_unknown_id_or_commitment_changes_nothing(draft: Path, args: list[str]) -> None:
    before = draft.read_bytes()
    result = review(str(draft), *args)
    assert result.exit_code == 2
    assert "no item" in result.stderr or "no such commitment" in result.stderr
    assert draft.read_bytes() == before


def test_an_ambiguous_item_cannot_be_accepted_unmatched(draft: Path) -> None:
    (ambiguous,) = by_status(listing(draft), "ambiguous")
    before = draft.read_bytes()
    result = review(str(draft), "--accept", str(ambiguous["id"]))
    assert result.exit_code == 2 and "--match" in result.stderr
    assert draft.read_bytes() == before


def test_accept_all_leaves_the_ambiguous_and_records_who_and_when(draft: Path) -> None:
    items = listing(draft)
    graph_before = claims(draft)
    result = review(str(draft), "--accept-all", "--reviewer", "A. Reviewer", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    (ambiguous,) = by_status(items, "ambiguous")
    assert f"left as a draft: {ambiguous['id']} is ambiguous" in result.stdout
    assert [i["id"] for i in listing(draft)] == [ambiguous["id"]]
    graph = claims(draft)
    assert len(set(graph.subjects(RDF.type, PLEDGE.Claim))) == len(
        set(graph_before.subjects(RDF.type, PLEDGE.Claim))
    )
    for claim in graph.subjects(RDF.type, PLEDGE.Claim):
        status = str(graph.value(claim, PLEDGE.reviewStatus))
        if (claim, PLEDGE.candidate, None) in graph:
            assert status == "draft"
            continue
        assert status == "accepted"
        assert graph.value(claim, PLEDGE.reviewedBy) == Literal("A. Reviewer")
        assert graph.value(claim, PLEDGE.reviewedOn) == Literal("2026-12-01", datatype=XSD.date)
        assert (claim, PLEDGE.reviewNote, None) not in graph


@pytest.mark.parametrize(
    "form",
    [
        "commitment:us-japan-2025/fujikura-optical-fiber",
        COMMITMENT + "fujikura-optical-fiber",
        f"<{COMMITMENT}fujikura-optical-fiber>",
        "fujikura-optical-fiber",
    ],
)
def test_match_resolves_an_ambiguous_item(draft: Path, form: str) -> None:
    (ambiguous,) = by_status(listing(draft), "ambiguous")
    result = review(str(draft), "--match", f"{ambiguous['id']}={form}", "--reviewer", "R")
    assert result.exit_code == 0, result.output
    graph = claims(draft)
    target = URIRef(COMMITMENT + "fujikura-optical-fiber")
    evidence = [
        e
        for e in graph.subjects(RDF.type, PLEDGE.Evidence)
        if str(e).endswith(str(ambiguous["id"]))
    ]
    resolved = list(graph.subjects(PLEDGE.evidence, evidence[0]))
    assert resolved
    for claim in resolved:
        assert graph.value(claim, PLEDGE.claimAbout) == target
        assert (claim, PLEDGE.candidate, None) not in graph
        assert str(graph.value(claim, PLEDGE.reviewStatus)) == "accepted"


def test_reject_keeps_the_claims_and_drops_the_minted_commitment(draft: Path) -> None:
    new = [i for i in by_status(listing(draft), "new") if i["amount"]]
    assert new
    item = new[0]
    result = review(str(draft), "--reject", str(item["id"]))
    assert result.exit_code == 0, result.output
    graph = claims(draft)
    minted = URIRef(str(item["commitment"]))
    assert (minted, RDF.type, PLEDGE.Commitment) not in graph
    rejected = [
        c
        for c in graph.subjects(RDF.type, PLEDGE.Claim)
        if str(graph.value(c, PLEDGE.reviewStatus)) == "rejected"
    ]
    assert rejected and all((c, PLEDGE.claimAbout, None) not in graph for c in rejected)
    shown = review(str(draft), "--json", "--all").stdout
    assert {"id": item["id"], "review": "rejected"}.items() <= next(
        i for i in json.loads(shown) if i["id"] == item["id"]
    ).items()


@pytest.mark.slow
def test_drafts_stop_build_and_reviewed_data_builds(draft: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "dist"
    stopped = runner.invoke(cli, ["build", str(draft), "--out", str(out)])
    assert stopped.exit_code == 1
    assert str(draft) in stopped.stderr and "draft node(s)" in stopped.stderr
    assert not out.exists()
    (ambiguous,) = by_status(listing(draft), "ambiguous")
    review(str(draft), "--accept-all", "--match", f"{ambiguous['id']}=fujikura-optical-fiber")
    assert listing(draft) == []
    built = runner.invoke(cli, ["export", str(draft), "-f", "nt"])
    assert built.exit_code == 0, built.stderr
    assert 'reviewStatus> "draft"' not in built.stdout
