"""The seed dataset says what the source says: quotes at their spans, figures in their quotes,
counts worked out by hand from the article, background facts kept apart."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.namespace import XSD

from pledgegraph.load import PledgeDataset
from pledgegraph.vocab import GRAPH, ID, OA, PLEDGE, SCHEMA

from .conftest import ROOT, SOURCE_TEXT

ARTICLE = GRAPH["data/agreements/us-japan-2025"]
PARTIES = GRAPH["data/parties/us-japan-2025"]
AGREEMENT = ID["agreement/us-japan-2025"]
BILLION = Decimal(10) ** 9
MILLION = Decimal(10) ** 6


def commitment(slug: str) -> URIRef:
    return ID[f"commitment/us-japan-2025/{slug}"]


def figure_as_written(amount: Decimal) -> str:
    """How the article writes a figure: $25 billion, $600 million."""
    if amount >= BILLION:
        return f"${(amount / BILLION).normalize():f} billion"
    return f"${(amount / MILLION).normalize():f} million"


def quotes_of(graph: Graph, node: URIRef) -> list[str]:
    return [
        str(graph.value(graph.value(ev, OA.hasSelector), OA.exact))
        for ev in graph.objects(node, PLEDGE.evidence)
    ]


@pytest.fixture(scope="module")
def article(dataset: PledgeDataset) -> Graph:
    return dataset.graph(ARTICLE)


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE_TEXT.read_text(encoding="utf-8")


def test_source_copy_is_the_seed_unchanged(source_text: str) -> None:
    seed = ROOT.parent / "shared" / "seed" / SOURCE_TEXT.name
    if seed.exists():  # beside the checkout on developer machines and in CI
        assert seed.read_text(encoding="utf-8") == source_text
    assert source_text.rstrip().endswith("© 2025 AFX News")  # attribution kept
    assert "Copyright(c) 2025 RTTNews.com. All Rights Reserved" in source_text


def test_every_quote_is_found_verbatim_at_its_span(dataset: PledgeDataset) -> None:
    checked = 0
    for graph_name, file in dataset.files.items():
        graph = dataset.graph(graph_name)
        for evidence in graph.subjects(RDF.type, PLEDGE.Evidence):
            source = graph.value(evidence, OA.hasSource)
            copy = dataset.value(source, PLEDGE.localCopy)
            assert copy is not None, f"{evidence}: its source has no local copy"
            text = (file.parent / str(copy)).read_text(encoding="utf-8")
            selector = graph.value(evidence, OA.hasSelector)
            exact = str(graph.value(selector, OA.exact))
            start = int(graph.value(selector, OA.start))  # type: ignore[arg-type]
            end = int(graph.value(selector, OA.end))  # type: ignore[arg-type]
            assert text[start:end] == exact, f"{evidence}: quote not at [{start}:{end}]"
            checked += 1
    assert checked >= 28  # agreement (2), instrument, 25 commitments


def test_every_amount_figure_appears_in_its_own_quote(article: Graph) -> None:
    checked = 0
    for owner, link in [
        *article.subject_objects(PLEDGE.amount),
        *article.subject_objects(PLEDGE.statedTotal),
    ]:
        for prop in (SCHEMA.value, SCHEMA.maxValue):
            value = article.value(link, prop)
            if value is None:
                continue
            assert value.datatype == XSD.decimal
            figure = figure_as_written(Decimal(str(value)))
            quotes = quotes_of(article, owner) + quotes_of(article, link)
            assert any(figure in q for q in quotes), f"{owner}: {figure} not in {quotes}"
            if prop == SCHEMA.maxValue:
                assert any(f"up to {figure}" in q for q in quotes), f"{owner}: cap not worded"
            else:
                assert not any(f"up to {figure}" in q for q in quotes), owner
            checked += 1
    assert checked == 15  # 14 commitments + the headline total


def test_counts_worked_out_by_hand(article: Graph) -> None:
    def count(cls: URIRef) -> int:
        return len(set(article.subjects(RDF.type, cls)))

    assert count(PLEDGE.Agreement) == 1
    assert count(PLEDGE.InvestmentCommitment) == 14
    assert count(PLEDGE.PolicyCommitment) == 5
    assert count(PLEDGE.Commitment) == 25  # 14 + 6 components + 5 policy
    components = set(article.subjects(PLEDGE.partOf, commitment("energy-infrastructure")))
    assert len(components) == 6
    assert all(article.value(c, PLEDGE.amount) is None for c in components)


def test_amounts_caps_and_stated_as_worded(article: Graph) -> None:
    caps = {Decimal(str(v)) for v in article.objects(None, SCHEMA.maxValue)}
    stated = [
        Decimal(str(article.value(amount, SCHEMA.value)))
        for amount in article.objects(None, PLEDGE.amount)
        if article.value(amount, SCHEMA.value) is not None
    ]
    assert caps == {332 * BILLION, 25 * BILLION}
    assert len(stated) == 12
    assert sum(stated) == Decimal("156.45") * BILLION
    assert sum(caps) == 357 * BILLION
    headline = article.value(article.value(AGREEMENT, PLEDGE.statedTotal), SCHEMA.value)
    assert Decimal(str(headline)) == 467 * BILLION
    assert sum(stated) + sum(caps) == Decimal("513.45") * BILLION != Decimal(str(headline))
    assert all(
        article.value(a, SCHEMA.currency).eq("USD")  # type: ignore[union-attr]
        for a in article.objects(None, PLEDGE.amount)
    )


PARTNERS = {  # from the article, one clause at a time
    "westinghouse-ap1000-smr": {"Westinghouse"},
    "ge-vernova-hitachi-smr": {"GE Vernova", "Hitachi"},
    "entra1-baseload-power": {"ENTRA1 Energy"},
    "bechtel-kiewit-power-plants": {"Bechtel", "Kiewit"},
    "softbank-power-infrastructure": {"SoftBank Group Corp."},
    "kinder-morgan-gas-transmission": {"Kinder Morgan"},
    "ge-vernova-power-equipment": {"GE Vernova"},
    "toshiba-power-modules": {"Toshiba"},
    "carrier-thermal-cooling": {"Carrier"},
    "mitsubishi-electric-power-systems": {"Mitsubishi Electric"},
    "tdk-electronic-components": {"TDK"},
    "fujikura-optical-fiber": {"Fujikura"},
    "murata-electronic-components": {"Murata Manufacturing"},
    "panasonic-energy-storage": {"Panasonic"},
}


def test_partners_as_the_article_names_them(dataset: PledgeDataset, article: Graph) -> None:
    for slug, expected in PARTNERS.items():
        partners = {
            str(dataset.value(p, RDFS.label))
            for p in article.objects(commitment(slug), PLEDGE.partner)
        }
        assert partners == expected, slug
    named = {c for c in article.subjects(PLEDGE.partner, None)}
    assert named == {commitment(s) for s in PARTNERS}


def test_every_commitment_agreement_and_total_carry_evidence(article: Graph) -> None:
    claims = [
        *article.subjects(RDF.type, PLEDGE.Commitment),
        AGREEMENT,
        article.value(AGREEMENT, PLEDGE.statedTotal),
    ]
    for claim in claims:
        assert quotes_of(article, claim), f"{claim} has no evidence"


def test_names_come_from_the_source(dataset: PledgeDataset, source_text: str) -> None:
    parties = dataset.graph(PARTIES)
    for cls in (SCHEMA.Corporation, SCHEMA.Person, SCHEMA.City, SCHEMA.Country):
        for entity in parties.subjects(RDF.type, cls):
            label = str(parties.value(entity, RDFS.label))
            assert label in source_text, f"{label!r} is not named in the source"
    assert len(set(parties.subjects(RDF.type, SCHEMA.Corporation))) == 16


def test_background_facts_stay_in_their_own_graphs(dataset: PledgeDataset) -> None:
    wikidata = {
        "country/united-states": "Q30",
        "country/japan": "Q17",
        "city/tokyo": "Q1490",
        "person/donald-trump": "Q22686",
        "person/sanae-takaichi": "Q1705028",
        "company/toyota": "Q53268",
    }
    links = {(s, o) for s, o in dataset.subject_objects(SCHEMA.sameAs)}
    assert links == {
        (ID[k], URIRef(f"http://www.wikidata.org/entity/{q}")) for k, q in wikidata.items()
    }
    for graph_name, _ in dataset.files.items():
        graph = dataset.graph(graph_name)
        has_links = any(graph.triples((None, SCHEMA.sameAs, None)))
        assert has_links == (graph_name == GRAPH["data/background/wikidata"])
        has_date = any(graph.triples((None, PLEDGE.signingDate, None)))
        assert has_date == (graph_name == GRAPH["data/background/us-japan-2025-signing"])
    assert not any(dataset.triples((None, OWL.sameAs, None)))
    date = dataset.value(AGREEMENT, PLEDGE.signingDate)
    assert (date.datatype, str(date)) == (XSD.date, "2025-10-28")  # type: ignore[union-attr]


def test_no_blank_nodes_in_data(dataset: PledgeDataset) -> None:
    """IRIs everywhere keep exports byte-identical and every node dereferenceable."""
    for graph_name, file in dataset.files.items():
        if Path(file).is_relative_to(ROOT / "data"):
            graph = dataset.graph(graph_name)
            blank = [(s, o) for s, _, o in graph if isinstance(s, BNode) or isinstance(o, BNode)]
            assert not blank, file
