"""Three agreements read from text (one with the European Union as a party), reviewed and built
into one graph with the seed: one agreement-totals row each, nothing summed across them.

The texts are the extractor's development texts (tests/fixtures/ingest/*.txt, never the held-back
sets). The reviewer's rule here: keep the money, in the agreement's headline currency (the graph
refuses an agreement that mixes currencies; nothing converts them); reject the other items
(they stay on record as rejected claims), accept the rest with --accept-all.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from rdflib import RDF, Graph

from pledgegraph.cli import cli
from pledgegraph.query import find_query, run
from pledgegraph.results import SelectResult
from pledgegraph.store import open_store
from pledgegraph.vocab import PLEDGE, SCHEMA
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

TEXTS = ("eu-india-2026", "philippines-us-2026", "uk-pension-accord-2025")
SEED_ITEMISED = Decimal("513450000000")


def cli_run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def currency_of(items: list[dict[str, Any]]) -> str:
    """The headline's currency (the agreement item's), else the commonest one."""
    for item in items:
        if "/agreement/" in str(item["commitment"]) and item["amount"]:
            return str(item["amount"]["currency"])
    counts = Counter(i["amount"]["currency"] for i in items if i["amount"])
    return counts.most_common(1)[0][0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]], Result]:
    root = tmp_path_factory.mktemp("many")
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    kept: dict[str, list[str]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLEDGEGRAPH_ROOT", str(root))
        for name in TEXTS:
            text = root / "data" / "sources" / f"{name}.txt"
            shutil.copy(FIXTURES / "ingest" / f"{name}.txt", text)
            gold = yaml.safe_load((FIXTURES / "ingest" / f"{name}.gold.yaml").read_text())
            draft = root / "data" / "agreements" / f"{name}.ttl"
            dated = ["--published", gold["published"]] if gold.get("published") else []
            made = cli_run("extract", str(text), *dated, "-o", str(draft))
            assert made.exit_code == 0, made.output
            listed = cli_run("review", str(draft), "--json")
            items = json.loads(listed.stdout)
            currency = currency_of(items)
            other = [
                i["id"]
                for i in items
                if "/agreement/" not in str(i["commitment"])
                and (not i["amount"] or i["amount"]["currency"] != currency)
            ]
            if other:
                assert cli_run("review", str(draft), "--reject", ",".join(other)).exit_code == 0
            accepted = cli_run("review", str(draft), "--accept-all", "--reviewer", "Test")
            assert accepted.exit_code == 0, accepted.output
            assert json.loads(cli_run("review", str(draft), "--json").stdout) == []
            kept[name] = [i["commitment"] for i in items if i["id"] not in other]
        result = cli_run("build", "--out", str(root / "dist"))
    return root, kept, result


def totals(root: Path) -> list[dict[str, Any]]:
    store = open_store("memory", root=root)
    result = run(store, find_query("agreement-totals", root / "queries"))
    assert isinstance(result, SelectResult)
    return result.rows


def test_they_build_with_the_seed(built: tuple[Path, dict[str, list[str]], Result]) -> None:
    _, _, result = built
    assert result.exit_code == 0, result.output
    assert "4 agreement(s)" in result.stdout


def test_one_totals_row_per_agreement_nothing_summed_across(
    built: tuple[Path, dict[str, list[str]], Result],
) -> None:
    root, kept, _ = built
    rows = totals(root)
    agreements = [str(r["agreement"]) for r in rows]
    assert len(agreements) == len(set(agreements)) == 1 + len(TEXTS)
    by_agreement = {str(r["agreement"]).rsplit("/", 1)[-1]: r for r in rows}
    assert Decimal(str(by_agreement["us-japan-2025"]["itemised"])) == SEED_ITEMISED
    # each new agreement's itemised sum is that of its own investment commitments, as its
    # reviewed file states them: never the seed's nor another agreement's
    new = {a: r for a, r in by_agreement.items() if a != "us-japan-2025"}
    assert len(new) == len(TEXTS) and any("european-union" in a for a in new)
    for name in TEXTS:
        graph = Graph().parse(root / "data" / "agreements" / f"{name}.ttl")
        (agreement,) = set(graph.subjects(RDF.type, PLEDGE.Agreement))
        own = Decimal(0)
        for commitment in graph.subjects(PLEDGE.underAgreement, agreement):
            amount = graph.value(commitment, PLEDGE.amount)
            if amount is None or (commitment, RDF.type, PLEDGE.InvestmentCommitment) not in graph:
                continue
            figure = next(
                graph.value(amount, p)
                for p in (SCHEMA.value, SCHEMA.maxValue, SCHEMA.minValue)
                if graph.value(amount, p) is not None
            )
            own += Decimal(str(figure))
        row = new[str(agreement).rsplit("/", 1)[-1]]
        assert Decimal(str(row["itemised"] or 0)) == own, name
        assert kept[name]
