"""The compiled validator (shapes as SPARQL on Oxigraph) against pySHACL, the reference.

Both must report the same (focus node, result path, constraint component, source shape) set on
the seed data and on synthetic data with faults put in; ``test_shapes`` compares them on every
shapes fixture.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from pledgegraph import synth
from pledgegraph.load import PledgeDataset, load
from pledgegraph.store import open_store
from pledgegraph.validate import UnsupportedShape, check, default_cache_dir, load_shapes, validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
ONTOLOGY = [ROOT / "ontology" / name for name in ("pledge.ttl", "alignments.ttl", "sectors.ttl")]
SCHEMA_VALUE = URIRef("https://schema.org/value")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(ROOT / "ontology" / "shapes.ttl")


def keys(dataset: PledgeDataset, shapes: Graph, engine: str) -> set[tuple[str, ...]]:
    report = validate(dataset, shapes, engine=engine)  # type: ignore[arg-type]
    return {(r.severity, *r.key()) for r in report.results}


def assert_same(dataset: PledgeDataset, shapes: Graph) -> set[tuple[str, ...]]:
    ours = keys(dataset, shapes, "sparql")
    reference = keys(dataset, shapes, "pyshacl")
    assert ours == reference, f"only pySHACL: {reference - ours}\nonly ours: {ours - reference}"
    return ours


@pytest.mark.slow
def test_same_results_as_pyshacl_on_the_seed(shapes: Graph, dataset: PledgeDataset) -> None:
    found = assert_same(dataset, shapes)
    assert not {k for k in found if k[0] == "violation"}, found


def broken(folder: Path, seed: int) -> PledgeDataset:
    """Synthetic data with faults: some triples dropped, some amounts written as strings."""
    dataset = load([folder], root=ROOT)
    rng = random.Random(seed)
    for name in sorted(dataset.files):
        graph = dataset.graph(name)
        if "/ontology/" in str(name):
            continue
        for triple in sorted(graph):
            if rng.random() < 0.03:
                graph.remove(triple)
            elif triple[1] == SCHEMA_VALUE and rng.random() < 0.3:
                graph.remove(triple)
                graph.add((triple[0], triple[1], Literal(f"{triple[2]} dollars")))
    return dataset


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 3])
def test_same_results_as_pyshacl_on_broken_synthetic_data(
    shapes: Graph, tmp_path: Path, seed: int
) -> None:
    synth.write(synth.synthesise(2, seed=seed, root=ROOT), tmp_path)
    found = assert_same(broken(tmp_path, seed), shapes)
    components = {k[3].rsplit("#", 1)[-1] for k in found}
    assert len(components) >= 4, components  # the faults reach several kinds of constraint


def test_ill_typed_and_huge_literals(shapes: Graph) -> None:
    dataset = PledgeDataset(ROOT)
    for path in [*ONTOLOGY, FIXTURES / "good.ttl"]:
        graph = dataset.graph(URIRef(path.as_uri())).parse(path)
    amount = URIRef("https://example.org/pg/aircraft-amount")
    graph.set((amount, SCHEMA_VALUE, Literal("12x", datatype=XSD.decimal)))
    found = assert_same(dataset, shapes)
    assert any(
        k[1] == str(amount) and k[3].endswith("DatatypeConstraintComponent") for k in found
    ), found
    graph.set((amount, SCHEMA_VALUE, Literal("1" * 400, datatype=XSD.decimal)))
    assert not {k for k in assert_same(dataset, shapes) if k[1] == str(amount)}


def test_unsupported_shapes_are_refused(dataset: PledgeDataset) -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="closed"):
        validate(dataset, shapes)


def test_second_run_skips_unchanged_files_and_rechecks_a_changed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    data = tmp_path / "synth"
    synth.write(synth.synthesise(2, seed=2, root=ROOT), data)
    store = open_store("oxigraph", [data], root=ROOT)
    first = check(store, cache=default_cache_dir())
    assert first.conforms and first.checked_files == len(store.files) > 3  # type: ignore[attr-defined]
    assert list((tmp_path / "xdg" / "pledgegraph").glob("validate-*.json"))
    second = check(open_store("oxigraph", [data], root=ROOT), cache=default_cache_dir())
    assert (second.checked_files, second.cached_files) == (0, len(store.files))  # type: ignore[attr-defined]
    assert second.results == first.results
    # break one file: a commitment loses its sectors
    changed = sorted(data.glob("agreements/*.ttl"))[0]
    text = changed.read_text(encoding="utf-8")
    broken_text = re.sub(r"\n\s*pledge:sector [^;]*;", "\n", text, count=1)
    assert broken_text != text
    changed.write_text(broken_text, encoding="utf-8")
    third = check(open_store("oxigraph", [data], root=ROOT), cache=default_cache_dir())
    assert third.checked_files == 1 and third.cached_files == len(store.files) - 1  # type: ignore[attr-defined]
    fresh = check(open_store("oxigraph", [data], root=ROOT))
    assert third.results == fresh.results
    assert {r.shape for r in third.violations} == {"sector of a commitment"}
