"""pledgegraph synth: conforms to the shapes, deterministic for a seed, clearly synthetic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDFS

from pledgegraph import synth
from pledgegraph.load import load
from pledgegraph.validate import validate
from pledgegraph.vocab import PLEDGE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.write(synth.synthesise(3, seed=5, root=ROOT), out)
    return out


def test_synthetic_data_conforms_to_the_shapes(small: Path) -> None:
    dataset = load([small], root=ROOT)
    report = validate(dataset)
    assert report.violations == []
    commitments = set(dataset.subjects(PLEDGE.underAgreement, None))
    assert len(commitments) > 3 * 5


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
    text = (small / "sources" / "synth-00001.txt").read_text()
    dataset = load([small], root=ROOT, include_project=False)
    from rdflib import Namespace

    oa = Namespace("http://www.w3.org/ns/oa#")
    checked = 0
    for selector in dataset.subjects(oa.exact, None):
        if "synth-00001/" not in str(selector):
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
    assert len(load([small], root=ROOT, include_project=False)) == result.triples


def test_synth_command(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PLEDGEGRAPH_ROOT=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "pledgegraph", "synth", "--agreements", "2", "--seed", "3",
         "-o", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "agreements" / "synth-00002.ttl").is_file()
    assert (tmp_path / "out" / "sources" / "synth-00002.txt").is_file()
