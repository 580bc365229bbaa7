"""extract, rule by rule, on small texts written for these tests. Every text here is invented:
the companies, people and figures are made up and must never be copied into data/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from pledgegraph.errors import InputError
from pledgegraph.ingest.article import build_draft, read_article
from pledgegraph.ingest.extract import extract
from pledgegraph.ingest.fragments import cut_off, is_fragment
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.ingest.results import Extraction
from pledgegraph.load import PledgeDataset
from pledgegraph.vocab import PLEDGE, SCHEMA

B = Decimal(10) ** 9

EU_TEXT = (
    "Brussels, 3 March 2026\n\n"
    "The European Union and the United States today signed the Transatlantic Clean Industry "
    "Framework. The Framework was signed by the President of the European Commission, Anneli "
    "Korhonen, and the U.S. Secretary of Commerce, Dale Whitcombe.\n"
    "The European Commission, on behalf of the Union, will mobilise up to €6 billion for "
    "hydrogen projects in the United States.\n"
    "European utilities intend to purchase at least $12 billion of U.S. liquefied natural gas.\n"
    "Ridgeline Fuel Cells will invest $900 million in an electrolyser plant in Ohio.\n"
    "The Framework builds on the EU-U.S. Energy Council Declaration of 2023.\n"
)


def run(text: str, dataset: PledgeDataset, published: str = "") -> tuple[Extraction, Reconciler]:
    rec = Reconciler(dataset)
    return extract(text, rec, published), rec


def by_amount(result: Extraction, value: Decimal) -> list:
    return [c for c in result.monetary if c.amount is not None and c.amount.value == value]


# ------------------------------------------------------------------ parties


def test_a_country_and_the_european_union_are_the_parties(dataset: PledgeDataset) -> None:
    result, _ = run(EU_TEXT, dataset)
    kinds = {(p.kind, p.entity.label) for p in result.parties}
    assert kinds == {
        ("supranational", "European Union"),
        ("country", "Government of the United States"),
    }
    (eu_pledge,) = by_amount(result, 6 * B)
    assert eu_pledge.investor.kind == "supranational"
    assert eu_pledge.amount is not None and eu_pledge.amount.kind == "cap"
    assert result.signing_date == "2026-03-03"


def test_the_eu_text_makes_a_new_agreement_with_signers(
    dataset: PledgeDataset, tmp_path: Path
) -> None:
    article = tmp_path / "eu-us.txt"
    article.write_text(EU_TEXT, encoding="utf-8")
    draft = build_draft(
        read_article(article), article, Reconciler(dataset), output=tmp_path / "d.ttl"
    )
    graph = Graph().parse(data=draft.turtle.decode(), format="turtle")
    agreement = URIRef(
        "https://w3id.org/pledgegraph/id/agreement/european-union-united-states-2026"
    )
    assert (agreement, RDF.type, PLEDGE.Agreement) in graph
    parties = set(graph.objects(agreement, PLEDGE.signatory))
    assert URIRef("https://w3id.org/pledgegraph/id/organization/european-union") in parties
    assert len(parties) == 2
    signers = {
        str(graph.value(p, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        for p in graph.objects(agreement, PLEDGE.signer)
    }
    assert signers == {"Anneli Korhonen", "Dale Whitcombe"}
    for person in graph.objects(agreement, PLEDGE.signer):
        assert graph.value(person, PLEDGE.represents) in parties
    assert str(graph.value(agreement, PLEDGE.signingDate)) == "2026-03-03"


def test_a_state_government_is_a_sub_national_party(dataset: PledgeDataset) -> None:
    text = (
        "Austin, 2 June 2026 - The State of Texas and the Republic of Korea signed a "
        "memorandum on battery supply chains. Texas will provide $400 million in grants for "
        "cathode plants. Korean firms will invest $3 billion in battery plants in Texas."
    )
    result, _ = run(text, dataset)
    kinds = {p.kind for p in result.parties}
    assert kinds == {"sub-national", "country"}
    (grant,) = by_amount(result, Decimal(400_000_000))
    assert grant.investor.kind == "subnational"
    assert grant.investor.label == "Government of Texas"
    (korean,) = by_amount(result, 3 * B)
    assert korean.investor.kind == "group"


def test_one_country_and_its_companies(dataset: PledgeDataset) -> None:
    text = (
        "The Government of Canada and Canadian pension funds signed the Northern Capital Accord "
        "on 4 May 2026. Maple Ridge Pensions will invest C$2 billion in Canadian ports."
    )
    result, _ = run(text, dataset)
    assert {p.kind for p in result.parties} == {"country", "company-group"}


# ------------------------------------------------------------------ headlines


def test_a_pledge_with_a_purpose_is_not_the_headline(dataset: PledgeDataset) -> None:
    text = (
        "Seoul, 1 July 2026 - Korea will invest $200 billion in U.S. shipbuilding under the "
        "arrangement. Korean firms will add $20 billion for battery plants and $15 billion for "
        "chip packaging."
    )
    result, _ = run(text, dataset)
    assert result.headlines == []
    assert len(by_amount(result, 200 * B)) == 1


def test_several_framed_headlines(dataset: PledgeDataset) -> None:
    text = (
        "The deal covers investments totalling $300 billion and, separately, purchases of "
        "American goods worth $150 billion in all. Acme Motors will invest $5 billion in "
        "Ohio plants."
    )
    result, _ = run(text, dataset)
    assert {(h.amount.value) for h in result.headlines} == {300 * B, 150 * B}
    assert [c.amount.value for c in result.monetary if c.amount] == [5 * B]


def test_a_previous_commitment_belongs_to_another_agreement(dataset: PledgeDataset) -> None:
    text = (
        "Tokyo, 28 October 2026 - The projects advance Japan's $550 billion investment "
        "commitment of July 2025. Japan will invest $25 billion in power equipment in the "
        "United States, on top of its previous $550 billion commitment."
    )
    result, _ = run(text, dataset)
    assert [c.amount.value for c in result.monetary if c.amount] == [25 * B]
    assert result.headlines == []
    (link,) = result.links
    assert link.kind == "advances"
    assert link.target == "Japan's $550 billion investment commitment of July 2025"
    assert link.amount is not None and link.amount.value == 550 * B
    assert len(result.other_amounts) == 2


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("This memorandum implements the Framework Agreement of 2024.", "implements"),
        ("The protocol amends the 2019 Investment Accord.", "amends"),
        ("The new pact supersedes the Memorandum of Understanding of 2020.", "supersedes"),
        ("The arrangement replaces the 2018 trade deal.", "supersedes"),
        ("The plan builds on the Joint Statement of May 2025.", "advances"),
        ("It builds on the 2019 Malaysia-U.S. Memorandum of Understanding.", "advances"),
    ],
)
def test_links_between_agreements(dataset: PledgeDataset, sentence: str, kind: str) -> None:
    result, _ = run(sentence, dataset)
    assert [link.kind for link in result.links] == [kind]
    target = result.links[0].target
    assert target in sentence and not target.endswith(".")
    assert target.split()[-1] in ("2024", "Accord", "2020", "deal", "2025", "Understanding")


def test_a_passive_link_names_two_other_things(dataset: PledgeDataset) -> None:
    result, _ = run("The 2025 deal was implemented by an executive order in September.", dataset)
    assert result.links == []


# ------------------------------------------------------------------ amounts and purchases


def test_ranges_words_and_floors_in_a_text(dataset: PledgeDataset) -> None:
    text = (
        "Nordhavn Shipping will invest between $1 billion and $2 billion in Texas ports. "
        "Brightwater Energy will put ten billion dollars into offshore wind in Maine. "
        "Calder Steel will spend more than €3 billion on a mill in Ohio."
    )
    result, _ = run(text, dataset)
    got = {
        (c.investor.label, c.amount.kind, c.amount.value, c.amount.high, c.amount.currency)
        for c in result.monetary
        if c.amount
    }
    assert got == {
        ("Nordhavn Shipping", "range", 1 * B, 2 * B, "USD"),
        ("Brightwater Energy", "stated", 10 * B, None, "USD"),
        ("Calder Steel", "floor", 3 * B, None, "EUR"),
    }


@pytest.mark.parametrize(
    ("sentence", "goods"),
    [
        ("Vesta Air will buy 40 jets from Skyward Aero for $8 billion.", "aircraft"),
        ("Korea will purchase $100 billion of U.S. LNG over ten years.", "energy"),
        ("The ministry will procure $3 billion of air defence systems.", "defence"),
        ("Hanil Foods will spend $2 billion on U.S. soybeans and corn.", "agriculture"),
        ("- Boeing passenger aircraft for Skylift Leasing totaling $4.8 billion", "aircraft"),
    ],
)
def test_purchases_are_their_own_kind(dataset: PledgeDataset, sentence: str, goods: str) -> None:
    result, _ = run(sentence, dataset)
    (found,) = result.monetary
    assert (found.kind, found.goods) == ("purchase", goods)


@pytest.mark.parametrize(
    "sentence",
    [
        "Vesta Air will invest $8 billion in a maintenance hub in Ohio.",
        "Calder Gas will spend $2 billion on a gas turbine factory in Ohio.",
        "The bank offered up to $4 billion in financing for purchases of U.S. equipment.",
        "- More than $1.5 billion by Malaysia to modernize grain terminals in Texas.",
    ],
)
def test_investments_are_not_purchases(dataset: PledgeDataset, sentence: str) -> None:
    result, _ = run(sentence, dataset)
    (found,) = result.monetary
    assert found.kind == "investment"


def test_a_purchase_is_no_investment_in_the_draft(dataset: PledgeDataset, tmp_path: Path) -> None:
    article = tmp_path / "buy.txt"
    article.write_text(
        "Washington, 5 May 2026 - The United States and Vietnam signed a trade deal. "
        "Vietnam will buy $5 billion of U.S. aircraft.",
        encoding="utf-8",
    )
    draft = build_draft(read_article(article), article, Reconciler(dataset))
    graph = Graph().parse(data=draft.turtle.decode(), format="turtle")
    (commitment,) = graph.subjects(PLEDGE.amount, None)
    assert (commitment, RDF.type, PLEDGE.Commitment) in graph
    assert (commitment, RDF.type, PLEDGE.InvestmentCommitment) not in graph


# ------------------------------------------------------------------ cut-off sentences


def test_a_sentence_cut_mid_word_is_truncated(dataset: PledgeDataset) -> None:
    text = (
        "Japan will invest $20 billion to supply cooling systems with Carrier.\n"
        "Up to $20 billion to suppl"
    )
    result, _ = run(text, dataset)
    cut = [c for c in result.monetary if c.truncated]
    assert len(cut) == 1
    assert "suppl" not in cut[0].purpose.lower()
    assert not any(c.truncated for c in result.monetary if c is not cut[0])


def test_complete_bullets_without_full_stops_are_not_truncated() -> None:
    assert cut_off("Up to $5 billion for nuclear energy", True) is None
    assert cut_off("$2 billion for ports in Houston", True) is None
    assert cut_off("$3 billion for the new centres", True) is None  # British spelling
    assert cut_off("Up to $20 billion to suppl", True) == len("Up to $20 billion to ")
    assert cut_off("Up to $20 billion to supply...", True) is not None
    assert cut_off("Up to $20 billion to suppl", False) is None
    assert is_fragment("infrastructur") and not is_fragment("infrastructure")


def test_labels_are_never_cut_mid_word(dataset: PledgeDataset, tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    long_purpose = " ".join(["modernise regional electricity transmission networks"] * 4)
    article.write_text(
        "Brussels, 1 May 2026 - The European Union and Japan signed a framework. Japan will "
        f"invest $3 billion to {long_purpose}.\nUp to $2 billion to suppl",
        encoding="utf-8",
    )
    draft = build_draft(read_article(article), article, Reconciler(dataset))
    graph = Graph().parse(data=draft.turtle.decode(), format="turtle")
    words = set(article.read_text().replace(".", " ").split())
    labels = [
        str(graph.value(c, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        for c in graph.subjects(RDF.type, PLEDGE.Commitment)
    ]
    assert labels
    for label in labels:
        for word in label.replace("(text cut off)", "").replace("…", "").split():
            assert word.lower() in {w.lower() for w in words} | {"commitment"}, label
        assert "Suppl" not in label


def test_fewer_than_two_parties_says_what_it_found(dataset: PledgeDataset, tmp_path: Path) -> None:
    article = tmp_path / "one.txt"
    article.write_text("On 3 May 2026 Acme Corp said it will invest $2 billion.", encoding="utf-8")
    with pytest.raises(InputError, match="fewer than two parties"):
        build_draft(read_article(article), article, Reconciler(dataset))
    assert not list(tmp_path.glob("*.ttl"))


def test_entities_of_new_kinds_are_declared(dataset: PledgeDataset, tmp_path: Path) -> None:
    article = tmp_path / "eu.txt"
    article.write_text(EU_TEXT, encoding="utf-8")
    draft = build_draft(read_article(article), article, Reconciler(dataset))
    graph = Graph().parse(data=draft.turtle.decode(), format="turtle")
    eu = URIRef("https://w3id.org/pledgegraph/id/organization/european-union")
    assert (eu, RDF.type, SCHEMA.GovernmentOrganization) in graph


def test_a_state_and_companies_it_signs_with_are_the_parties(dataset: PledgeDataset) -> None:
    text = (
        "DRESDEN, March 3 (Wire) - The Free State of Saxony signed investment agreements with "
        "Hanwa Cells and Dongil Materials on Tuesday. Hanwa Cells will invest EUR 1.2 billion in "
        "a battery plant near Leipzig. Saxony will provide 300 million euros in grants."
    )
    result, _ = run(text, dataset, published="2026-03-03")
    assert [(p.kind, p.label) for p in result.parties] == [
        ("sub-national", "Free State of Saxony"),
        ("company", "Hanwa Cells"),
        ("company", "Dongil Materials"),
    ]
    assert result.signing_date == "2026-03-03"  # the dateline's day, the year of --published
    (grant,) = by_amount(result, Decimal(300_000_000))
    assert grant.investor.label == "Government of Saxony"


@pytest.mark.parametrize(
    ("name", "government"),
    [
        ("UK Export Finance", "Government of the United Kingdom"),
        ("the Japanese Ministry of Finance", "Government of Japan"),
    ],
)
def test_a_government_department_stands_for_its_government(
    dataset: PledgeDataset, name: str, government: str
) -> None:
    assert Reconciler(dataset).party(name).label == government
    assert Reconciler(dataset).party("Export-Import Bank of Korea").kind != "government"
