"""pledgegraph synth: conforms to the shapes, deterministic for a seed, clearly synthetic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS

from pledgegraph import synth
from pledgegraph.load import load
from pledgegraph.project import Project
from pledgegraph.query import run_checks
from pledgegraph.reconcile import RECONCILED
from pledgegraph.store import MemoryStore, open_store
from pledgegraph.validate import validate
from pledgegraph.vocab import PLEDGE

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.write(synth.synthesise(3, seed=5, root=ROOT), out)
    return out


def conforms(folder: Path) -> list[str]:
    """Every violation of the shapes and the check queries, as text."""
    dataset = load([folder], root=ROOT)
    problems = validate(dataset).violations + run_checks(MemoryStore(dataset), QUERIES / "checks")
    return [str(p) for p in problems]


def test_synthetic_data_conforms_to_the_shapes(small: Path) -> None:
    assert conforms(small) == []
    dataset = load([small], root=ROOT)
    commitments = set(dataset.subjects(PLEDGE.underAgreement, None))
    assert len(commitments) > 3 * 5


def ontology_files() -> list[Path]:
    return [p for p in Project.at(ROOT).files() if p.parent.name == "ontology"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(21))
def test_every_seed_conforms(tmp_path: Path, seed: int) -> None:
    """pySHACL on one agreement beside the ontology (the shapes' cost grows fast with size), and
    the data checks on Oxigraph on twenty agreements beside the project's own data."""
    one, twenty = tmp_path / "one", tmp_path / "twenty"
    synth.write(synth.synthesise(1, seed=seed, root=ROOT), one)
    dataset = load([*ontology_files(), one], root=ROOT, include_project=False)
    assert [str(v) for v in validate(dataset).violations] == []
    synth.write(synth.synthesise(20, seed=seed, root=ROOT), twenty)
    store = open_store("oxigraph", [twenty], root=ROOT)
    assert [str(p) for p in run_checks(store, QUERIES / "checks")] == []
    labels = store.query(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://schema.org/Corporation> }"
    )
    assert int(labels.rows[0]["n"]) > 40  # type: ignore[union-attr]  # the checks saw companies


def test_claims_come_from_one_to_three_sources_that_sometimes_differ(small: Path) -> None:
    dataset = load([small], root=ROOT, include_project=False)
    agreements = set(dataset.subjects(RDF.type, PLEDGE.Agreement))
    per_agreement = {
        a: {s for s in dataset.subjects(PLEDGE.sourceKind, None) if str(a)[-5:] in str(s)}
        for a in agreements
    }
    assert all(1 <= len(sources) <= 3 for sources in per_agreement.values())
    result = synth.synthesise(12, seed=5, root=ROOT)
    texts = [name for name in result.files if name.startswith("sources/")]
    assert any(name.endswith("-2.txt") for name in texts)  # some agreements have a second source
    assert any(name.endswith("-3.txt") for name in texts)
    turtle = "".join(t for n, t in result.files.items() if n.endswith(".ttl"))
    assert "goes to" in turtle and "pledge:GovernmentSource" in turtle
    # every claim is accepted and the rule had something to do: caps and differing figures
    assert turtle.count('pledge:reviewStatus "accepted"') == turtle.count("a pledge:Claim")
    store = MemoryStore(load([small], root=ROOT, include_project=False))
    rules = store.query(
        "SELECT DISTINCT ?rule WHERE { ?r <https://w3id.org/pledgegraph/ontology#rule> ?rule }"
    )
    names = {str(r["rule"]).rsplit("#", 1)[1] for r in rules.rows}  # type: ignore[union-attr]
    assert {"SingleSourceRule", "AgreementRule"} <= names
    assert names & {"AuthorityRule", "LowerFigureRule", "CapRule"}


def test_every_synthetic_iri_and_label_says_so(small: Path) -> None:
    dataset = load([small], root=ROOT, include_project=False)
    subjects = {s for s in dataset.subjects() if "/id/" in str(s)}
    assert subjects and all("/synth-" in str(s) for s in subjects)
    agreements = set(dataset.subjects(PLEDGE.signingDate, None))
    assert agreements and all(
        str(dataset.value(a, RDFS.label)).endswith("(synthetic)") for a in agreements
    )
    assert any("Synthetic" in str(c) for c in dataset.objects(None, RDFS.comment))


def test_quotes_sit_at_their_spans(small: Path) -> None:
    text = (small / "sources" / "synth-00001-1.txt").read_text()
    dataset = load([small], root=ROOT, include_project=False)
    from rdflib import Namespace

    oa = Namespace("http://www.w3.org/ns/oa#")
    checked = 0
    for selector in dataset.subjects(oa.exact, None):
        if "synth-00001/synth-00001-1/" not in str(selector):
            continue
        start = int(dataset.value(selector, oa.start))  # type: ignore[arg-type]
        end = int(dataset.value(selector, oa.end))  # type: ignore[arg-type]
        assert text[start:end] == str(dataset.value(selector, oa.exact))
        checked += 1
    assert checked > 5


def test_amounts_mix_caps_and_stated_and_companies_recur(small: Path) -> None:
    from rdflib import Namespace

    schema = Namespace("https://schema.org/")
    dataset = load([small], root=ROOT, include_project=False)
    assert len(set(dataset.objects(None, schema.maxValue))) > 2
    assert len(set(dataset.objects(None, schema.value))) > 2
    partners = [o for o in dataset.objects(None, PLEDGE.partner)]
    parties = [o for o in dataset.objects(None, PLEDGE.committedBy) if "/company/" in str(o)]
    used = partners + parties
    assert len(set(used)) < len(used)  # some company appears more than once


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    a = synth.synthesise(3, seed=1, root=ROOT)
    b = synth.synthesise(3, seed=1, root=ROOT)
    c = synth.synthesise(3, seed=2, root=ROOT)
    assert a.files == b.files
    assert a.files != c.files


def test_triple_count_is_what_loads(small: Path) -> None:
    result = synth.synthesise(3, seed=5, root=ROOT)
    dataset = load([small], root=ROOT, include_project=False)
    written = len(dataset) - len(dataset.graph(RECONCILED))  # the reconcile stage adds its own
    assert written == result.triples


def test_synth_command(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PLEDGEGRAPH_ROOT=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "pledgegraph", "synth", "--agreements", "2", "--seed", "3",
         "-o", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "agreements" / "synth-00002.ttl").is_file()
    assert (tmp_path / "out" / "sources" / "synth-00002-1.txt").is_file()
