"""Linked-data exports: every format round-trips, independent parsers agree, the JSON-LD context
is sound and offline, the CSV carries the source's figures, and VoID counts what is there."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import socket
import subprocess
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from pledgegraph.build import as_oxigraph, write_build
from pledgegraph.cli import cli
from pledgegraph.describe import DATASET_IRI, DESCRIPTION_GRAPH, describe
from pledgegraph.errors import PledgeGraphError
from pledgegraph.export import DUMPS
from pledgegraph.export.jsonld import (
    CONTEXT_IRI,
    context_document,
    document_loader,
    embedded_context,
    jsonld_to_nquads,
)
from pledgegraph.export.rdf import named_graphs, union_graph
from pledgegraph.formats import RDF_FORMATS
from pledgegraph.store import open_store
from pledgegraph.vocab import GRAPH, PLEDGE, VOID

from .conftest import ROOT

RAPPER = shutil.which("rapper") or "/usr/bin/rapper"
# rdflib's own JSON-LD and TriG parsers still use ConjunctiveGraph inside
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
NAME = attrgetter("name")
FILE_OF = {fmt.name: f"pledgegraph{fmt.extension}" for fmt in RDF_FORMATS}

# The 14 amounts of the source text, read off it by hand: a phrase of each quote, the figure in
# US dollars, and how it is worded ("up to" is a cap).
SOURCE_AMOUNTS = {
    "invest up to $332 billion to support critical energy infrastructure": ("332000000000", "cap"),
    "invest up to $25 billion to supply large-scale power equipment": ("25000000000", "cap"),
    "collaboration with Toshiba": ("25000000000", "stated"),
    "in partnership with Carrier": ("20000000000", "stated"),
    "in partnership with Mitsubishi Electric": ("30000000000", "stated"),
    "in collaboration with TDK": ("25000000000", "stated"),
    "with Fujikura": ("20000000000", "stated"),
    "Murata Manufacturing": ("15000000000", "stated"),
    "in collaboration with Panasonic": ("15000000000", "stated"),
    "ammonia and urea fertilizer facility": ("3000000000", "stated"),
    "copper smelting and refining facility": ("2000000000", "stated"),
    "upgrade ports and waterways": ("600000000", "stated"),
    "diamond grit manufacturing facility": ("500000000", "stated"),
    "lithium-iron-phosphate production facility": ("350000000", "stated"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, dict[str, bytes]]:
    """A build of the project: the store's graphs after it (the data plus its description, as
    every export carries it), and the files written."""
    out = tmp_path_factory.mktemp("build") / "dist"
    store = as_oxigraph(open_store("oxigraph", root=ROOT))
    write_build(store, out)
    return store.dataset(), {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.fixture(scope="module")
def full(built: tuple[Dataset, dict[str, bytes]]) -> Dataset:
    return built[0]


@pytest.fixture(scope="module")
def union(full: Dataset) -> Graph:
    return union_graph(full)


@pytest.fixture(scope="module")
def files(built: tuple[Dataset, dict[str, bytes]]) -> dict[str, bytes]:
    return built[1]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def parse_jsonld_with_rdflib(data: bytes) -> Graph:
    """The context is embedded: rdflib reads the file as it is (tests forbid the network)."""
    doc = json.loads(data)
    assert doc["@context"] == embedded_context() and "@version" not in doc["@context"]
    return Graph().parse(data=data, format="json-ld")


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", [f for f in RDF_FORMATS if not f.keeps_graphs], ids=NAME)
def test_union_formats_round_trip(fmt, files, union, no_network) -> None:
    data = files[FILE_OF[fmt.name]]
    if fmt.name == "jsonld":
        parsed = parse_jsonld_with_rdflib(data)
    else:
        parsed = Graph().parse(data=data, format=fmt.rdflib_format)
    assert len(parsed) == len(union)
    assert isomorphic(parsed, union)


@pytest.mark.parametrize("fmt", [f for f in RDF_FORMATS if f.keeps_graphs], ids=NAME)
def test_graph_formats_keep_every_named_graph(fmt, files, full) -> None:
    parsed = Dataset()
    parsed.parse(data=files[FILE_OF[fmt.name]], format=fmt.rdflib_format)
    expected = {g.identifier: g for g in named_graphs(full)}
    got = {g.identifier: g for g in named_graphs(parsed)}
    assert set(got) == set(expected)
    assert GRAPH["data/agreements/us-japan-2025"] in got and DESCRIPTION_GRAPH in got
    for name, graph in expected.items():
        assert isomorphic(got[name], graph), name


@pytest.mark.parametrize(
    ("name", "syntax"),
    [
        ("pledgegraph.ttl", "turtle"),
        ("pledgegraph.nt", "ntriples"),
        ("pledgegraph.rdf", "rdfxml"),
        ("pledgegraph.trig", "trig"),
        ("pledgegraph.nq", "nquads"),
    ],
)
def test_rapper_reads_the_same_number_of_statements(name, syntax, files, full, union, tmp_path):
    path = tmp_path / name
    path.write_bytes(files[name])
    run = subprocess.run(
        [RAPPER, "-c", "-i", syntax, str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    count = int(re.search(r"returned (\d+) triples", run.stderr).group(1))  # type: ignore[union-attr]
    # graph by graph: a triple stated in two graphs is written twice, one triple once read
    assert count == len(list(full.quads()))


def test_pyld_expands_the_jsonld_offline_into_the_same_triples(files, union, no_network) -> None:
    nquads = jsonld_to_nquads(files["pledgegraph.jsonld"])
    assert isomorphic(Graph().parse(data=nquads, format="nt"), union)


# ---------------------------------------------------------------- the context


def expand_term(value: str, context: dict[str, object]) -> str:
    prefix, colon, rest = value.partition(":")
    if colon and isinstance(context.get(prefix), str) and not rest.startswith("//"):
        return context[prefix] + rest  # type: ignore[operator]
    return value


def test_context_terms_never_collide() -> None:
    context = context_document()["@context"]
    targets: dict[str, str] = {}
    for term, definition in context.items():
        if term.startswith("@"):
            continue
        iri = definition if isinstance(definition, str) else definition["@id"]
        full_iri = expand_term(iri, context)
        if full_iri.startswith("@"):  # keyword aliases: id, type
            assert term in ("id", "type")
            continue
        assert full_iri not in targets, f"{term} and {targets[full_iri]} both mean {full_iri}"
        targets[full_iri] = term


def test_every_property_of_the_data_has_a_readable_key(full) -> None:
    context = context_document()["@context"]
    keyed = {
        expand_term(d if isinstance(d, str) else d["@id"], context)
        for term, d in context.items()
        if not term.startswith("@")
    }
    data_graphs = [g for g in named_graphs(full) if "/graph/data/" in str(g.identifier)]
    used = {str(p) for g in data_graphs for p in g.predicates()} - {str(RDF.type)}
    assert used and used <= keyed, sorted(used - keyed)


def test_compaction_keeps_figures_exact_and_keys_readable(files) -> None:
    doc = json.loads(files["pledgegraph.jsonld"])
    nodes = {n["id"]: n for n in doc["@graph"]}
    total = nodes["pg:agreement/us-japan-2025#stated-total"]
    assert total["value"] == "467000000000"  # a string: no float rounding on the way
    cap = nodes["pg:commitment/us-japan-2025/energy-infrastructure#amount"]
    assert cap["maxValue"] == "332000000000" and cap["type"] == "MonetaryAmount"
    commitment = nodes["pg:commitment/us-japan-2025/ge-vernova-hitachi-smr"]
    assert {"label", "partner", "sector", "partOf", "committedBy"} <= set(commitment)


def test_context_loads_without_network(no_network) -> None:
    loaded = document_loader(CONTEXT_IRI)
    assert loaded["document"]["@context"]["label"] == {"@id": "rdfs:label"}
    with pytest.raises(PledgeGraphError, match="offline"):
        document_loader("https://example.org/other-context.jsonld")


# ---------------------------------------------------------------- CSV


def test_commitments_csv_has_a_row_per_commitment_with_the_sources_figures(files, dataset):
    rows = csv_rows(files["commitments.csv"])
    commitments = set(dataset.subjects(RDF.type, PLEDGE.Commitment))
    assert len(rows) == len(commitments) == 25
    with_amounts = [r for r in rows if r["amount"]]
    assert len(with_amounts) == len(SOURCE_AMOUNTS) == 14
    for phrase, (amount, kind) in SOURCE_AMOUNTS.items():
        matching = [r for r in with_amounts if phrase in r["quote"]]
        assert len(matching) == 1, phrase
        assert (matching[0]["amount"], matching[0]["amount_kind"]) == (amount, kind), phrase
        assert matching[0]["currency"] == "USD"
        assert matching[0]["source"].startswith("[Report from Tokyo")
    caps = sum(Decimal(r["amount"]) for r in with_amounts if r["amount_kind"] == "cap")
    stated = sum(Decimal(r["amount"]) for r in with_amounts if r["amount_kind"] == "stated")
    assert (caps, stated) == (Decimal("357e9"), Decimal("156.45e9"))
    ge = [r for r in rows if "GE Vernova" in r["partners"]]
    assert len(ge) == 2 and any(r["partners"] == "GE Vernova; Hitachi" for r in ge)


def test_entities_csv_lists_each_entity_once_with_type_and_label(files) -> None:
    rows = csv_rows(files["entities.csv"])
    iris = [r["iri"] for r in rows]
    assert iris == sorted(set(iris)) and not any("#" in i for i in iris)
    by_iri = {r["iri"]: r for r in rows}
    toyota = by_iri["https://w3id.org/pledgegraph/id/company/toyota"]
    assert (toyota["type"], toyota["label"]) == ("schema:Corporation", "Toyota")
    assert (
        "pledge:InvestmentCommitment"
        in by_iri["https://w3id.org/pledgegraph/id/commitment/us-japan-2025/toshiba-power-modules"][
            "type"
        ]
    )


# ---------------------------------------------------------------- VoID


def test_void_counts_equal_the_real_counts(files, union) -> None:
    void = Graph().parse(data=files["void.ttl"], format="turtle")
    triples = int(void.value(DATASET_IRI, VOID.triples))  # type: ignore[arg-type]
    entities = int(void.value(DATASET_IRI, VOID.entities))  # type: ignore[arg-type]
    exported = Graph().parse(data=files["pledgegraph.nt"], format="nt")
    assert triples == len(exported) == len(union)
    assert entities == len(csv_rows(files["entities.csv"]))
    assert (DATASET_IRI, VOID.triples, Literal(triples)) in exported  # it describes itself


def test_void_lists_distributions_sources_endpoint_and_vocabularies(files) -> None:
    void = Graph().parse(data=files["void.ttl"], format="turtle")
    dcat = "http://www.w3.org/ns/dcat#"
    downloads = {
        str(void.value(d, URIRef(dcat + "downloadURL"))).rsplit("/", 1)[-1]
        for d in void.objects(DATASET_IRI, URIRef(dcat + "distribution"))
    }
    assert downloads == {name for name, _format in DUMPS} and downloads <= set(files)
    assert {*FILE_OF.values(), "commitments.csv", "entities.csv"} <= downloads
    assert void.value(DATASET_IRI, VOID.sparqlEndpoint) is not None
    vocabularies = {str(v) for v in void.objects(DATASET_IRI, VOID.vocabulary)}
    assert {str(PLEDGE), "https://schema.org/", "http://www.w3.org/ns/oa#"} <= vocabularies
    sources = set(void.objects(DATASET_IRI, URIRef("http://purl.org/dc/terms/source")))
    assert (
        URIRef("https://w3id.org/pledgegraph/id/source/rttnews-us-japan-framework-2025") in sources
    )


# ---------------------------------------------------------------- CLI


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1761609600")
    return CliRunner()


def test_build_twice_gives_byte_identical_files_and_an_index(runner, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = runner.invoke(cli, ["build", "--out", str(out)])
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    expected = {*FILE_OF.values(), "commitments.csv", "entities.csv", "void.ttl", "index.html"}
    assert expected <= set(names)
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    index = (first / "index.html").read_text()
    for name in set(names) - {"index.html"}:
        size = f"{(first / name).stat().st_size:,}"
        assert re.search(rf'href="{re.escape(name)}".*?{re.escape(size)}', index, re.S), name


def test_export_one_graph_to_a_file(runner, tmp_path: Path, dataset) -> None:
    out = tmp_path / "void.nt"
    result = runner.invoke(cli, ["export", "-f", "nt", "--graph", "void", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    exported = Graph().parse(out, format="nt")
    assert isomorphic(exported, describe(dataset))  # same $SOURCE_DATE_EPOCH as the command


def test_export_csv_to_stdout(runner) -> None:
    result = runner.invoke(cli, ["export", "--format", "csv", "--table", "entities"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "iri,type,label"


def test_export_unknown_graph_names_the_known_ones(runner) -> None:
    result = runner.invoke(cli, ["export", "--graph", "nope"])
    assert result.exit_code != 0
    assert "ontology/pledge" in str(result.exception) + result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_formats_for_gephi(runner, tmp_path: Path, fmt: str) -> None:
    import networkx as nx

    out = tmp_path / f"pledgegraph.{fmt}"
    result = runner.invoke(cli, ["export", "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert "https://w3id.org/pledgegraph/id/company/ge-vernova" in g
    assert g.number_of_edges() > 25
