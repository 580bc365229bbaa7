"""The build pipeline: each file parsed once into Oxigraph, no whole-graph copy, counts that
agree, exports other parsers read (U+2028 included), JSON-LD in linear time, spreadsheet-safe
CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from pledgegraph.build import as_oxigraph, write_build
from pledgegraph.cli import cli
from pledgegraph.describe import DATASET_IRI
from pledgegraph.export.jsonld import jsonld_to_nquads, write_jsonld
from pledgegraph.export.tables import csv_tables, spreadsheet_safe
from pledgegraph.store import OxigraphStore, open_store
from pledgegraph.vocab import ID, PLEDGE, VOID

from .conftest import ROOT

RAPPER = shutil.which("rapper") or "/usr/bin/rapper"
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
TOYOTA = "https://w3id.org/pledgegraph/id/company/toyota"
SEPARATORS = "line\u2028separator\u2029paragraph"


@pytest.fixture(scope="module")
def extra(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two files of a user: a literal holding U+2028 and U+2029, and a triple the project's data
    already states (so it is in two graphs)."""
    folder = tmp_path_factory.mktemp("extra")
    odd = folder / "odd-literal.ttl"
    odd.write_text(f'<{TOYOTA}> <{RDFS.comment}> "{SEPARATORS}" .\n', encoding="utf-8")
    twice = folder / "stated-twice.ttl"
    twice.write_text(f'<{TOYOTA}> <{RDFS.label}> "Toyota" .\n', encoding="utf-8")
    return [odd, twice]


def build(out: Path, *paths: Path) -> str:
    result = CliRunner().invoke(
        cli,
        ["build", "--out", str(out), *map(str, paths)],
        env={"PLEDGEGRAPH_ROOT": str(ROOT), "SOURCE_DATE_EPOCH": "1761609600"},
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def printed_triples(stdout: str) -> int:
    return int(re.search(r"^(\d+) triples in", stdout, re.M).group(1))  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def with_extra(tmp_path_factory: pytest.TempPathFactory, extra: list[Path]) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("with-extra") / "dist"
    return out, build(out, *extra)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("plain") / "dist"
    return out, build(out)


# ---------------------------------------------------------------- one parse, no copies


def test_each_file_is_parsed_once_and_no_stage_copies_the_graph(monkeypatch, tmp_path) -> None:
    parsed: list[Path] = []
    load_file = OxigraphStore._load_file

    def counting_load(self: OxigraphStore, path: Path, graph: ox.NamedNode) -> None:
        parsed.append(path.resolve())
        load_file(self, path, graph)

    monkeypatch.setattr(OxigraphStore, "_load_file", counting_load)
    store = as_oxigraph(open_store("oxigraph", root=ROOT))
    assert parsed and len(parsed) == len(set(parsed)) == len(store.files)

    adds = 0
    graph_add = Graph.add

    def counting_add(self: Graph, triple: tuple) -> Graph:  # type: ignore[type-arg]
        nonlocal adds
        adds += 1
        return graph_add(self, triple)

    def no_copy(self: OxigraphStore) -> None:
        raise AssertionError("the build copied the store into rdflib")

    monkeypatch.setattr(Graph, "add", counting_add)
    monkeypatch.setattr(OxigraphStore, "dataset", no_copy)
    write_build(store, tmp_path / "dist")
    triples = len(store)
    # only the dataset description (about 200 triples, made three times) goes through rdflib
    assert 0 < adds < triples / 4, (adds, triples)


# ---------------------------------------------------------------- counts that agree


def test_build_void_and_exports_count_a_triple_in_two_files_once(with_extra, plain) -> None:
    out, stdout = with_extra
    triples = printed_triples(stdout)
    void = Graph().parse(out / "void.ttl", format="turtle")
    assert int(void.value(DATASET_IRI, VOID.triples)) == triples  # type: ignore[arg-type]
    assert len(Graph().parse(out / "pledgegraph.nt", format="nt")) == triples
    # the extra files add one new triple (the comment); the repeated label adds nothing
    assert triples == printed_triples(plain[1]) + 1


def test_summary_has_a_line_per_agreement_and_void_a_subset_each(plain) -> None:
    out, stdout = plain
    lines = [line for line in stdout.splitlines() if "headline total" in line]
    assert len(lines) == 1 and lines[0].startswith("U.S.-Japan Framework Agreement: 25 commit")
    void = Graph().parse(out / "void.ttl", format="turtle")
    subsets = list(void.objects(DATASET_IRI, VOID.subset))
    assert len(subsets) == 1
    assert void.value(subsets[0], VOID.entities) == Literal(25)


# ---------------------------------------------------------------- U+2028 in a literal


@pytest.mark.parametrize(
    ("name", "syntax", "rdflib_format"),
    [
        ("pledgegraph.nt", "ntriples", "nt"),
        ("pledgegraph.nq", "nquads", "nquads"),
        ("pledgegraph.ttl", "turtle", "turtle"),
        ("pledgegraph.trig", "trig", "trig"),
        ("pledgegraph.rdf", "rdfxml", "xml"),
    ],
)
def test_a_line_separator_in_a_literal_is_read_back(with_extra, name, syntax, rdflib_format):
    path = with_extra[0] / name
    run = subprocess.run(
        [RAPPER, "-c", "-i", syntax, str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    parsed = Dataset(default_union=True) if syntax in ("nquads", "trig") else Graph()
    parsed.parse(path, format=rdflib_format)
    comments = {str(o) for o in parsed.objects(URIRef(TOYOTA), RDFS.comment)}
    assert comments == {SEPARATORS}


def test_a_line_separator_in_a_literal_survives_jsonld(with_extra) -> None:
    data = (with_extra[0] / "pledgegraph.jsonld").read_bytes()
    graph = Graph().parse(data=data, format="json-ld")
    assert {str(o) for o in graph.objects(URIRef(TOYOTA), RDFS.comment)} == {SEPARATORS}
    expanded = Graph().parse(data=jsonld_to_nquads(data), format="nt")
    assert (
        len(expanded)
        == len(graph)
        == len(Graph().parse(with_extra[0] / "pledgegraph.ttl", format="turtle"))
    )


# ---------------------------------------------------------------- JSON-LD in linear time


def synthetic_store(subjects: int) -> OxigraphStore:
    store = OxigraphStore()
    graph = ox.NamedNode("https://w3id.org/pledgegraph/graph/test")
    quads = []
    for i in range(subjects):
        node = ox.NamedNode(f"{ID}company/c{i}")
        quads.append(
            ox.Quad(node, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PLEDGE.Commitment)), graph)
        )
        for j in range(9):
            quads.append(
                ox.Quad(node, ox.NamedNode(str(RDFS.label)), ox.Literal(f"n{i}-{j}"), graph)
            )
    store.native.extend(quads)
    return store


def best_time(store: OxigraphStore) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        write_jsonld(store, io.BytesIO())
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.slow
def test_jsonld_export_grows_linearly() -> None:
    small, large = synthetic_store(100), synthetic_store(1000)  # 10^3 and 10^4 triples
    ratio = best_time(large) / best_time(small)
    assert ratio < 25, ratio  # quadratic would be about 100; linear about 10


def test_jsonld_embeds_its_context_and_keeps_every_triple() -> None:
    store = synthetic_store(3)
    out = io.BytesIO()
    write_jsonld(store, out)
    doc = json.loads(out.getvalue())
    assert isinstance(doc["@context"], dict) and "@version" not in doc["@context"]
    assert len(Graph().parse(data=out.getvalue(), format="json-ld")) == 30


# ---------------------------------------------------------------- CSV injection


HOSTILE = '=HYPERLINK("https://example.org/x","click")'


def test_formula_cells_are_escaped_for_spreadsheets() -> None:
    g = Graph()
    company = URIRef(f"{ID}company/hostile")
    commitment = URIRef(f"{ID}commitment/test/hostile")
    g.add((company, RDF.type, URIRef("https://schema.org/Corporation")))
    g.add((company, RDFS.label, Literal(HOSTILE)))
    g.add((commitment, RDF.type, PLEDGE.Commitment))
    g.add((commitment, RDFS.label, Literal("+1 @SUM(A1) -2")))
    g.add((commitment, PLEDGE.partner, company))
    g.add((commitment, PLEDGE.purpose, Literal("\tTab first")))
    tables = csv_tables(g)
    entities = list(csv.DictReader(io.StringIO(tables["entities.csv"].decode())))
    assert {r["iri"]: r["label"] for r in entities}[str(company)] == "'" + HOSTILE
    (row,) = csv.DictReader(io.StringIO(tables["commitments.csv"].decode()))
    assert row["label"] == "'+1 @SUM(A1) -2"
    assert row["partners"] == "'" + HOSTILE
    assert row["purpose"] == "'\tTab first"
    assert row["commitment"] == str(commitment)  # plain cells stay as they are
    for cell in ("@x", "-1", "\rx"):
        assert spreadsheet_safe(cell) == "'" + cell


def test_void_counts_equal_a_fresh_count_of_the_store(extra) -> None:
    from pledgegraph.describe import count, describe_store

    store = as_oxigraph(open_store("oxigraph", extra, root=ROOT))
    description = describe_store(store)
    stated = [
        int(str(description.value(DATASET_IRI, p)))
        for p in (VOID.triples, VOID.entities, VOID.classes, VOID.properties)
    ]
    fresh = count(store)  # asked anew: one DISTINCT over the whole union
    assert stated == [fresh.triples, fresh.entities, fresh.classes, fresh.properties]
    distinct = store.native.query(
        "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
        use_default_graph_as_union=True,
    )
    assert stated[0] == int(next(iter(distinct))[0].value)  # type: ignore[index, union-attr]
