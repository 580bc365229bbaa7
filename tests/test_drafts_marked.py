"""Issue 11 §2: ``build --drafts`` marks drafts in every output, the CSV and the page included.

A copy of the project gets a second source (the fact sheet fixture) read in with ``extract
--agreement``, unreviewed; ``build --drafts`` must then say, in ``commitments.csv`` and on the
network page, which commitments carry draft claims, and a plain build of the seed none.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pledgegraph.build import as_oxigraph, facts_of
from pledgegraph.cli import cli
from pledgegraph.export.tables import DRAFT_COMMITMENTS
from pledgegraph.store import open_store
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

NAME = "us-japan-2025-factsheet"


def cli_run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("project")
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLEDGEGRAPH_ROOT", str(root))
        seed = cli_run("build", "--out", str(root / "seed"))
        assert seed.exit_code == 0, seed.output
        text = root / "data" / "sources" / f"{NAME}.txt"
        shutil.copy(FIXTURES / "sources" / f"{NAME}.txt", text)
        target = root / "data" / "agreements" / f"{NAME}.ttl"
        args = ["extract", str(text), "--agreement", "us-japan-2025", "-o", str(target)]
        args += ["--published", "2025-10-28", "--publisher", "The White House"]
        result = cli_run(*args, "--source-kind", "government")
        assert result.exit_code == 0, result.output
        built = cli_run("build", "--drafts", "--out", str(root / "dist"))
        assert built.exit_code == 0, built.output
        yield root


def review_column(path: Path) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {row["commitment"]: row["review"] for row in rows}


def draft_subjects(root: Path) -> set[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLEDGEGRAPH_ROOT", str(root))
        store = as_oxigraph(open_store("oxigraph", root=root, drafts=True))
    return {c for (c,) in facts_of(store).select(DRAFT_COMMITMENTS)}


def test_the_csv_marks_each_commitment_with_a_draft_claim(project: Path) -> None:
    marks = review_column(project / "dist" / "commitments.csv")
    drafts = {c for c, mark in marks.items() if mark == "draft"}
    assert drafts, "the unreviewed second source's claims mark some commitment"
    assert drafts == draft_subjects(project) & marks.keys()
    assert set(marks.values()) <= {"draft", ""}
    assert "" in marks.values()  # a commitment no draft touches stays unmarked


def test_a_build_without_drafts_marks_nothing(project: Path) -> None:
    marks = review_column(project / "seed" / "commitments.csv")
    assert marks and set(marks.values()) == {""}


def page_data(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert found
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_the_page_names_each_draft_and_counts_them_in_the_header(project: Path) -> None:
    html = (project / "dist" / "network.html").read_text(encoding="utf-8")
    nodes = page_data(html)["nodes"]
    assert isinstance(nodes, list)
    drafted = {n["id"] for n in nodes if n.get("draft")}
    marks = review_column(project / "dist" / "commitments.csv")
    assert {c for c, mark in marks.items() if mark == "draft"} <= drafted
    assert all(n["name"].endswith("(draft)") for n in nodes if n.get("draft"))
    assert not any(n["name"].endswith("(draft)") for n in nodes if not n.get("draft"))
    header = html.split("</header>", 1)[0]
    assert f"holds {len(drafted)} unreviewed draft node" in header
    assert re.search(r"\d+ unreviewed drafts?", header)
    seed = (project / "seed" / "network.html").read_text(encoding="utf-8")
    assert "unreviewed draft" not in seed.split("</header>", 1)[0]
