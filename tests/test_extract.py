"""extract: the seed article scores F1 1.0; the invented fixtures score above an honest floor;
spans are exact; drafts validate, are marked for review and are byte-identical across runs; bad
input writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDFS, XSD

from pledgegraph.errors import InputError
from pledgegraph.ingest.article import build_draft, read_article
from pledgegraph.ingest.extract import extract
from pledgegraph.ingest.gold import Score, check, pool, published_of
from pledgegraph.ingest.reconcile import Reconciler, normalise
from pledgegraph.ingest.text import split_sentences
from pledgegraph.load import PledgeDataset, load
from pledgegraph.validate import validate
from pledgegraph.vocab import OA, PLEDGE, SCHEMA

from .conftest import ROOT, SOURCE_TEXT
from .support_process import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SEED_GOLD = FIXTURES / "us-japan-2025.gold.yaml"
# Honest floors per development text (version-1 and version-2 gold files): the scores the rules
# reach today, rounded down, so a regression fails; a score not listed must be 1.0. The texts were
# read while the rules were written (general rules, never one per sentence); the four texts of the
# first held-back set joined them after it was scored; heldout-2/ is scored once, by hand, and
# its numbers are in docs/ingest.md.
FLOORS: dict[str, dict[str, float]] = {
    "brazil-germany-2026": {"sectors": 0.75, "signers": 0.0},
    "eu-canada-2025": {},
    "eu-india-2026": {"partners": 0.0, "hosts": 0.5},
    "eu-korea-2026": {"policy": 0.8, "signing": 0.0, "signers": 0.0},
    "germany-india-2025": {"sectors": 0.8},
    "india-uae-2026": {"hosts": 0.4, "signers": 0.0},
    "japan-uk-2025": {"sectors": 0.75},
    "korea-czech-2026": {"sectors": 0.75},
    "korea-us-2025": {},
    "norway-japan-2026": {"sectors": 0.4, "hosts": 0.66, "signing": 0.0, "signers": 0.0},
    "ontario-korea-2026": {"hosts": 0.2, "policy": 0.0, "signers": 0.66},
    "philippines-us-2026": {"sectors": 0.66},
    "poland-us-2026": {"partners": 0.5, "hosts": 0.0},
    "qatar-us-2025": {"sectors": 0.8},
    "queensland-japan-2026": {"sectors": 0.5, "policy": 0.8},
    "saudi-us-2025": {"sectors": 0.8},
    "saxony-korea-2026": {
        "sectors": 0.0,
        "hosts": 0.0,
        "parties": 0.4,
        "signers": 0.0,
        "related": 0.0,
    },
    "uk-pension-accord-2025": {"partners": 0.66, "policy": 0.66, "parties": 0.57, "signers": 0.0},
    "uk-saudi-2026": {"sectors": 0.0, "policy": 0.5},
    "uk-uae-2025": {"sectors": 0.8},
    "us-indonesia-2026": {"sectors": 0.5, "policy": 0.66, "signers": 0.66},
    "us-vietnam-2025": {"partners": 0.8, "sectors": 0.8},
}
FIXTURE_TEXTS = sorted(FLOORS)


def run_check(text_path: Path, gold: Path, dataset: PledgeDataset) -> list[Score]:
    rec = Reconciler(dataset)
    result = extract(read_article(text_path), rec, published_of(gold))
    return check(result, gold, rec)


def scores(name: str, text_path: Path, gold: Path, dataset: PledgeDataset) -> dict[str, float]:
    found = run_check(text_path, gold, dataset)
    for score in found:
        print(f"{name}: {score.line()}")
    return {s.name: s.f1 for s in found}


def test_seed_scores_one(dataset: PledgeDataset) -> None:
    f1 = scores("seed", SOURCE_TEXT, SEED_GOLD, dataset)
    assert f1["monetary"] == f1["caps"] == f1["partners"] == f1["headline"] == 1.0
    assert f1["sectors"] >= 0.9


def test_fixtures_are_found() -> None:
    assert len(FIXTURE_TEXTS) >= 12
    texts = {p.stem for p in FIXTURES.glob("*.txt")}
    assert texts == set(FIXTURE_TEXTS), "every development text has a floor"
    assert all((FIXTURES / f"{n}.gold.yaml").is_file() for n in FIXTURE_TEXTS)


@pytest.mark.parametrize("name", FIXTURE_TEXTS)
def test_fixture_scores_above_floor(dataset: PledgeDataset, name: str) -> None:
    f1 = scores(name, FIXTURES / f"{name}.txt", FIXTURES / f"{name}.gold.yaml", dataset)
    low = {k: v for k, v in f1.items() if v < FLOORS[name].get(k, 1.0) - 1e-9}
    assert not low, f"{name} below the floor: {low}"


def test_pooled_development_scores(dataset: PledgeDataset) -> None:
    """The amount F1 over every development text, micro-averaged, with caps and floors right."""
    runs = [
        (n, run_check(FIXTURES / f"{n}.txt", FIXTURES / f"{n}.gold.yaml", dataset))
        for n in FIXTURE_TEXTS
    ]
    pooled = {s.name: s for s in pool(runs)}
    for score in pooled.values():
        print(f"pooled: {score.line()}")
    assert pooled["caps"].f1 >= 0.95
    assert pooled["purchases"].f1 >= 0.95
    assert sum(pooled["caps"].expected.values()) >= 50


def test_gold_scoring_counts_misses(dataset: PledgeDataset, tmp_path: Path) -> None:
    """A gold file with one wrong cap flag and one commitment the text lacks scores below 1."""
    gold = SEED_GOLD.read_text().replace('"up to $25 billion"', '"$25 billion"', 1)
    gold += '  - {investor: Japan, amount: "$99 billion", sector: energy}\n'
    path = tmp_path / "gold.yaml"
    path.write_text(gold)
    rec = Reconciler(dataset)
    got = {s.name: s for s in check(extract(SOURCE_TEXT.read_text(), rec), path, rec)}
    assert got["monetary"].recall == pytest.approx(14 / 15)
    assert got["monetary"].precision == 1.0
    assert got["caps"].true_positives == 13
    assert got["caps"].f1 < 1.0


def test_seed_structure(dataset: PledgeDataset) -> None:
    result = extract(SOURCE_TEXT.read_text(), Reconciler(dataset))
    components = [c for c in result.commitments if c.parent is not None]
    assert len(components) == 6
    assert {c.parent for c in components} == {0}
    assert result.commitments[0].amount is not None
    assert result.commitments[0].amount.kind == "cap"
    policies = [c for c in result.commitments if c.policy]
    assert len(policies) >= 4
    assert any("Mobile Software Competition Act" in c.purpose for c in policies)


def test_spans_are_exact(dataset: PledgeDataset) -> None:
    for path in [SOURCE_TEXT, *(FIXTURES / f"{n}.txt" for n in FIXTURE_TEXTS)]:
        text = path.read_text(encoding="utf-8")
        result = extract(text, Reconciler(dataset))
        for c in result.commitments:
            for start, end in c.quotes:
                quote = text[start:end]
                assert quote == quote.strip() and quote
                if c.amount is not None:
                    assert c.amount.text in quote, (path.name, quote)
        for s in split_sentences(text):
            assert text[s.start : s.end] == s.text


def test_same_pledge_twice_is_one_commitment(dataset: PledgeDataset) -> None:
    text = (FIXTURES / "uk-uae-2025.txt").read_text(encoding="utf-8")
    result = extract(text, Reconciler(dataset))
    hub = [c for c in result.monetary if c.amount and c.amount.value == 1_500_000_000]
    assert len(hub) == 1
    assert len(hub[0].quotes) == 2
    assert "expected to create 2,000 jobs" in text[slice(*hub[0].quotes[1])]


def test_sentences_split_at_company_suffixes_not_abbreviations() -> None:
    text = "X invests with Acme Ltd. Beta GmbH plans more. Exports to the U.S. grow.\n- a bullet"
    assert [s.text for s in split_sentences(text)] == [
        "X invests with Acme Ltd.",
        "Beta GmbH plans more.",
        "Exports to the U.S. grow.",
        "a bullet",
    ]


def test_reconciler_matches_names_up_to_legal_suffixes(dataset: PledgeDataset) -> None:
    rec = Reconciler(dataset)
    assert normalise("Toshiba Co., Ltd.") == normalise("TOSHIBA") == "toshiba"
    assert normalise("Siemens AG") == normalise("Siemens") == normalise("siemens k.k.")
    assert rec.company("SoftBank Group Corp").iri.endswith("/company/softbank-group-corp")
    assert not rec.company("Murata Manufacturing Co., Ltd.").new
    assert rec.party("the U.S.").iri.endswith("/government/united-states")
    assert rec.party("Japanese companies").iri.endswith("/group/japanese-companies")
    assert rec.sector("Nuclear power").endswith("/sector/nuclear-power")
    assert rec.new == {}
    with pytest.raises(ValueError, match="choose one of: abrasives"):
        rec.sector("underwater basket weaving")


def draft(dataset: PledgeDataset, article: Path, out: Path, published: str = "") -> bytes:
    turtle = build_draft(
        read_article(article), article, Reconciler(dataset), output=out, published=published
    ).turtle
    out.write_bytes(turtle)
    return turtle


@pytest.mark.parametrize(
    ("article", "published"),
    [
        (SOURCE_TEXT, ""),
        (FIXTURES / "korea-us-2025.txt", "2025-11-12"),
    ],
)
def test_draft_validates_and_is_marked(
    dataset: PledgeDataset, tmp_path: Path, article: Path, published: str
) -> None:
    out = tmp_path / "draft.ttl"
    first = draft(dataset, article, out, published)
    # the seed draft needs the curated agreement; a new agreement needs only the ontology and
    # the parties it shares with the graph, which keeps this test fast
    ontology = [ROOT / "ontology" / f for f in ("pledge.ttl", "sectors.ttl", "alignments.ttl")]
    files = [out] if article == SOURCE_TEXT else [*ontology, ROOT / "data" / "parties", out]
    report = validate(load(files, root=ROOT, include_project=article == SOURCE_TEXT))
    assert report.conforms, "\n".join(map(str, report.violations))
    graph = Graph().parse(out)
    text = article.read_text(encoding="utf-8")
    commitments = set(graph.subjects(RDF.type, PLEDGE.Commitment))
    assert commitments
    for c in commitments:
        assert (c, PLEDGE.reviewStatus, Literal("draft")) in graph
        assert graph.value(c, PROV.wasGeneratedBy) is not None
    for selector in graph.objects(None, OA.hasSelector):
        start, end = (int(graph.value(selector, p)) for p in (OA.start, OA.end))
        assert text[start:end] == str(graph.value(selector, OA.exact))
    activity = next(graph.subjects(RDF.type, PROV.Activity))
    when = graph.value(activity, PROV.startedAtTime)
    assert when == Literal(f"{published or '1970-01-01'}T00:00:00Z", datatype=XSD.dateTime)
    assert graph.value(activity, PROV.used) is not None
    again = draft(dataset, article, tmp_path / "draft.ttl", published)
    assert again == first, "two runs must give the same bytes"


def test_seed_draft_reuses_the_agreement(dataset: PledgeDataset, tmp_path: Path) -> None:
    graph = Graph().parse(
        data=draft(dataset, SOURCE_TEXT, tmp_path / "d.ttl").decode(), format="turtle"
    )
    agreement = URIRef("https://w3id.org/pledgegraph/id/agreement/us-japan-2025")
    assert set(graph.objects(None, PLEDGE.underAgreement)) == {agreement}
    assert (agreement, RDF.type, PLEDGE.Agreement) not in graph  # referenced, not re-declared
    assert not set(graph.subjects(RDF.type, SCHEMA.Corporation))  # every partner reconciled
    caps = [a for a in graph.subjects(SCHEMA.maxValue, None)]
    assert len(caps) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"\xef\xbb\xbf\r\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Japan will invest\n \xff\xfe $3 billion", "2: error: not UTF-8 text"),
        (b"The weather was fine.", "no commitment found"),
    ],
)
def test_bad_input_is_an_input_error(
    dataset: PledgeDataset, tmp_path: Path, content: bytes, message: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    with pytest.raises(InputError) as caught:
        build_draft(read_article(article), article, Reconciler(dataset))
    assert message in str(caught.value) and "article.txt" in str(caught.value)


def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    article = tmp_path / "article.bin"
    article.write_bytes(b"\x00\x01binary")
    out = tmp_path / "draft.ttl"
    result = run_cli("extract", str(article), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "article.bin: error: binary file" in result.stderr
    assert not out.exists()


def test_cli_check_prints_scores(tmp_path: Path) -> None:
    result = run_cli("extract", str(SOURCE_TEXT), "--check", str(SEED_GOLD), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "monetary   precision 1.000  recall 1.000  F1 1.000" in result.stdout
    assert "agreement: existing" in result.stderr


def test_gazetteer_from_the_graph_finds_names_the_heuristic_misses(dataset: PledgeDataset):
    graph = Graph()
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    bp = URIRef("https://w3id.org/pledgegraph/id/company/bp")
    graph.add((bp, RDF.type, SCHEMA.Corporation))
    graph.add((bp, RDFS.label, Literal("bp")))
    text = "Japan will invest $3 billion in an LNG terminal in the United States with bp."
    result = extract(text, Reconciler(graph))
    (found,) = result.monetary
    assert [p.iri for p in found.partners] == [bp]
    assert not any(p.new for p in found.partners)
    assert found.investor.iri.endswith("/government/japan")


def test_crlf_and_bom_spans_match_how_validate_reads_the_file(
    dataset: PledgeDataset, tmp_path: Path
) -> None:
    article = tmp_path / "crlf.txt"
    article.write_bytes(
        "\ufeffJapan will invest $1 billion in the United States with Toshiba.\r\n"
        "Japan will also invest €2bn with Hitachi.\r\n".encode()
    )
    out = tmp_path / "crlf.ttl"
    graph = Graph().parse(data=draft(dataset, article, out).decode(), format="turtle")
    as_validate_reads_it = article.read_text(encoding="utf-8")
    selectors = list(graph.objects(None, OA.hasSelector))
    assert len(selectors) == 2
    for selector in selectors:
        start, end = (int(graph.value(selector, p)) for p in (OA.start, OA.end))
        exact = str(graph.value(selector, OA.exact))
        assert as_validate_reads_it[start:end] == exact
        assert not exact.startswith("\ufeff")


def test_new_names_are_reused_within_a_run(dataset: PledgeDataset) -> None:
    rec = Reconciler(dataset)
    first = rec.company("Kestrel Hydrogen Ltd")
    assert first.new and first.iri.endswith("/company/kestrel-hydrogen-ltd")
    assert rec.company("Kestrel Hydrogen").iri == first.iri
    assert rec.party("Emirati companies").iri == rec.party("various Emirati companies").iri
    assert sorted(e.kind for e in rec.new.values()) == ["company", "country", "group"]


def test_score_script_prints_each_text_and_the_pool(tmp_path: Path) -> None:
    for name in ("eu-canada-2025.txt", "eu-canada-2025.gold.yaml", "korea-us-2025.txt"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())  # korea-us has no gold
    script = ROOT / "scripts" / "score_extraction.py"
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "== eu-canada-2025" in result.stdout and "korea-us" not in result.stdout
    assert "== pooled over 1 texts" in result.stdout
    assert "purchases  precision 1.000" in result.stdout
    assert "signers    precision" in result.stdout
