"""extract, rule by rule: whose money an amount is, and whether it is a pledge at all. Every text
here is invented for these tests (companies, people, figures); never copy any of it into data/."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pledgegraph.ingest.extract import extract
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.ingest.results import Extraction, Found
from pledgegraph.load import PledgeDataset

B = Decimal(10) ** 9
M = Decimal(10) ** 6
HEAD = "Lisbon, 4 May 2026\nPortugal and Japan today signed the Lisbon Growth Partnership. "


def run(text: str, dataset: PledgeDataset) -> Extraction:
    return extract(text, Reconciler(dataset))


def pledges(result: Extraction) -> list[tuple[str, Decimal, str]]:
    return [
        (c.investor.label, c.amount.value, c.amount.kind)
        for c in result.commitments
        if c.amount is not None
    ]


def only(result: Extraction, value: Decimal) -> Found:
    (found,) = [c for c in result.commitments if c.amount is not None and c.amount.value == value]
    return found


# ------------------------------------------------------------ background money is no pledge


@pytest.mark.parametrize(
    "sentence",
    [
        "Two-way trade between the countries reached €9 billion last year.",
        "Japanese companies have invested €14 billion in Portugal since 2005.",
        "Analysts at Tagus Research estimate the partnership could add €3 billion to output.",
        "The Lisbon region already hosts Japanese plants worth more than €2 billion.",
        "According to the ministry, exports were worth €4 billion in the previous year.",
    ],
)
def test_context_figures_are_other_amounts(dataset: PledgeDataset, sentence: str) -> None:
    text = HEAD + sentence + " Kumano Cables will invest €300 million in a cable plant in Sines."
    result = run(text, dataset)
    assert pledges(result) == [("Kumano Cables", 300 * M, "stated")]
    assert not result.headlines
    assert len(result.other_amounts) == 1


def test_a_pledge_after_a_past_cue_stays_a_pledge(dataset: PledgeDataset) -> None:
    text = HEAD + "Already the largest investor, Kumano Cables will invest €300 million in Sines."
    assert pledges(run(text, dataset)) == [("Kumano Cables", 300 * M, "stated")]


def test_an_estimated_figure_of_a_pledge_is_a_pledge(dataset: PledgeDataset) -> None:
    text = HEAD + "Kumano Cables will invest an estimated €300 million in a plant in Sines."
    assert pledges(run(text, dataset)) == [("Kumano Cables", 300 * M, "stated")]


# ------------------------------------------------------------ whose money it is


def test_a_pronoun_stands_for_the_company_named_before_it(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "Kumano Cables said on Tuesday it would invest €300 million in a plant in Sines. "
        "The company will also spend €40 million on a training centre in Porto."
    )
    assert pledges(run(text, dataset)) == [
        ("Kumano Cables", 300 * M, "stated"),
        ("Kumano Cables", 40 * M, "stated"),
    ]


def test_the_party_of_a_decision_to_buy(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "We welcome the decision of Atlantica Air to purchase 12 aircraft from Hoshi Aero, "
        "valued at ¥900 billion, and of Portuguese utilities to buy €1 billion of ammonia."
    )
    result = run(text, dataset)
    assert {(c.investor.label, c.kind) for c in result.monetary} == {
        ("Atlantica Air", "purchase"),
        ("Portuguese utilities", "purchase"),
    }


def test_the_company_that_leads_a_group_pledges(dataset: PledgeDataset) -> None:
    text = HEAD + "Japanese lenders, led by Kiso Bank, will provide up to €2 billion for wind."
    assert pledges(run(text, dataset)) == [("Kiso Bank", 2 * B, "cap")]


def test_an_amount_from_a_company_opening_a_bullet(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "Kumano Cables will invest €300 million in a plant in Sines.\n"
        "- Up to €150 million from Hoshi Chemicals for a resin plant in Aveiro.\n"
        "- €90 million of turbines from Oyashio Turbines for Portuguese wind farms.\n"
    )
    result = run(text, dataset)
    assert only(result, 150 * M).investor.label == "Hoshi Chemicals"
    assert only(result, 90 * M).investor.label != "Oyashio Turbines"  # a seller, not the payer


def test_a_restatement_in_a_quote_is_the_same_pledge(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "Kumano Cables will invest €300 million in a cable plant in Sines.\n"
        '"This €300 million plant shows our confidence in Portugal," its chief executive said.'
    )
    found = only(run(text, dataset), 300 * M)
    assert found.investor.label == "Kumano Cables" and len(found.quotes) == 2


# ------------------------------------------------------------ headlines


def test_what_several_parties_plan_together_is_a_headline(dataset: PledgeDataset) -> None:
    text = (
        "PORTO, May 4 (Wire) - Portugal signed an agreement with three Japanese cable makers, "
        "which together plan to spend as much as ¥80 billion on plants near Porto.\n"
        "Kumano Cables will invest €300 million in a plant in Sines."
    )
    result = run(text, dataset)
    assert [(h.amount.value, h.amount.kind) for h in result.headlines] == [(80 * B, "cap")]
    assert pledges(result) == [("Kumano Cables", 300 * M, "stated")]


@pytest.mark.parametrize(
    ("opening", "buyer"),
    [
        ("The United Kingdom and Saudi Arabia signed", "Government of Saudi Arabia"),
        ("Spain and the Republic of Korea signed", "Government of Spain"),
        ("Portugal and Oman signed", "Government of Oman"),
    ],
)
def test_the_kingdom_is_the_kingdom_among_the_parties(
    dataset: PledgeDataset, opening: str, buyer: str
) -> None:
    form = "Sultanate" if "Oman" in opening else "Kingdom"
    text = f"{opening} the partnership today. The {form} will buy 12 frigates worth €4 billion."
    (found,) = run(text, dataset).monetary
    assert (found.investor.label, found.kind) == (buyer, "purchase")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("the Kingdom of Norway", "Government of Norway"),
        ("the Federative Republic of Brazil", "Government of Brazil"),
        ("the Sultanate of Oman", "Government of Oman"),
        ("the Brazilian Navy", "Government of Brazil"),
        ("the Royal Saudi Air Force", "Government of Saudi Arabia"),
    ],
)
def test_a_state_by_its_full_name_or_its_forces_is_its_government(
    dataset: PledgeDataset, name: str, label: str
) -> None:
    assert Reconciler(dataset).party(name).label == label


def test_a_company_that_said_it_would(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "Kumano Cables will invest €300 million in a cable plant in Sines. "
        "The company said it would also spend €40 million on a training centre in Porto."
    )
    assert [c.investor.label for c in run(text, dataset).monetary] == ["Kumano Cables"] * 2


def test_rows_of_a_table_written_in_prose(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "Commitments (investor; amount; project):\n"
        "- Kumano Cables; €300 million; a cable plant in Sines\n"
        "- Hoshi Chemicals \u2013 up to €150 million \u2013 a resin plant in Aveiro\n"
    )
    assert pledges(run(text, dataset)) == [
        ("Kumano Cables", 300 * M, "stated"),
        ("Hoshi Chemicals", 150 * M, "cap"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Portugal has attracted more than €9 billion of Japanese investment since 2015.",
        "The Partnership will help reach the target of €20 billion in two-way trade by 2030.",
    ],
)
def test_more_context_that_is_no_pledge(dataset: PledgeDataset, sentence: str) -> None:
    text = HEAD + sentence + " Kumano Cables will invest €300 million in a plant in Sines."
    assert pledges(run(text, dataset)) == [("Kumano Cables", 300 * M, "stated")]


def test_a_secured_total_exceeds_pledges_stated_twice(dataset: PledgeDataset) -> None:
    text = (
        "PORTO, May 4 (Wire) - Portugal signed an agreement with Japan, securing as much as "
        "€500 million in Japanese investment in cable and battery plants.\n"
        "Kumano Cables will invest €300 million in a cable plant in Sines.\n"
        '"Our €300 million plant will open in 2028," its chief executive said.\n'
        "Hoshi Batteries will invest €150 million in a battery plant in Aveiro."
    )
    result = run(text, dataset)
    assert [(h.amount.value, h.amount.kind) for h in result.headlines] == [(500 * M, "cap")]
    assert sorted(v for _, v, _ in pledges(result)) == [150 * M, 300 * M]


def test_company_heavy_readout(dataset: PledgeDataset) -> None:
    text = (
        "London, 14 October 2026\nJapanese companies announced investments totalling £3 "
        "billion at the UK-Japan Investment Summit today.\n"
        "Kurobe Pharma confirmed a £1.2 billion expansion of its research campus in Cambridge.\n"
        "Tanaka Rail's £800 million investment in a train factory will create 700 jobs.\n"
        "A further £600 million will come from Yamabuki Capital for start-up funds.\n"
        "Investments by Sakaki Motors (£350 million) and Hoshi Logistics (£50 million) "
        "complete the list."
    )
    assert [(n, v) for n, v, _ in pledges(run(text, dataset))] == [
        ("Kurobe Pharma", 1200 * M),
        ("Tanaka Rail", 800 * M),
        ("Yamabuki Capital", 600 * M),
        ("Sakaki Motors", 350 * M),
        ("Hoshi Logistics", 50 * M),
    ]


def test_we_in_a_quote_is_the_speakers_organisation(dataset: PledgeDataset) -> None:
    text = HEAD + (
        '"We will put €50 million into a training academy in Braga," said Aiko Mori, chief '
        "executive of Kumano Cables.\n"
        "Hoshi Chemicals chief executive Ren Ito said his company would spend €90 million on a "
        "resin plant in Aveiro."
    )
    assert [n for n, _, _ in pledges(run(text, dataset))] == ["Kumano Cables", "Hoshi Chemicals"]


def test_an_earlier_year_and_aid_figures_are_context(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "In 2022 the two governments set a target of ¥2 trillion of investment in Portugal.\n"
        "Japan's development assistance to Portugal reached ¥30 billion in fiscal 2025.\n"
        "Japan will provide ¥60 billion in loans for a rail line in the Algarve."
    )
    result = run(text, dataset)
    assert pledges(result) == [("Government of Japan", 60 * B, "stated")]
    assert not result.headlines and len(result.other_amounts) == 2


def test_a_company_leading_the_text_is_not_its_headline(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "The Kumano Fund will invest €2 billion in Portuguese infrastructure.\n"
        "Hoshi Chemicals will spend €150 million on a resin plant in Aveiro."
    )
    result = run(text, dataset)
    assert not result.headlines
    assert [n for n, _, _ in pledges(result)] == ["Kumano Fund", "Hoshi Chemicals"]


def test_a_party_that_mobilises_money_for_a_purpose_pledges_it(dataset: PledgeDataset) -> None:
    text = (
        "Astana, 12 May 2026\n1. The European Union, through Team Europe, will mobilise €1.5 "
        "billion for transport links across the Caspian.\n"
        "2. The European Investment Bank will lend €500 million for solar parks in Kazakhstan.\n"
        "3. The two sides expect the partnership to mobilise up to €5 billion by 2030."
    )
    result = run(text, dataset)
    assert [(h.amount.value, h.kind) for h in result.headlines] == [(5 * B, "frame")]
    assert pledges(result) == [
        ("European Union", Decimal("1.5") * B, "stated"),
        ("European Investment Bank", 500 * M, "stated"),
    ]


def test_orders_stakes_and_sourcing(dataset: PledgeDataset) -> None:
    text = (
        "Rome, 12 May 2026\nSaudi Arabia and Italy today signed the Strategic Partnership.\n"
        "- The Royal Saudi Navy placed orders for four corvettes valued at €3 billion with "
        "Cantieri Tirreni.\n"
        "- Saudi Arabia will source €1 billion of Italian medical equipment.\n"
        "- Nakheel Verde will acquire a 30% stake in Puglia Solar for €800 million.\n"
        "- Sabic Italia will spend €500 million on a polymer plant in Ravenna.\n"
    )
    result = run(text, dataset)
    assert not result.headlines
    assert [(c.investor.label, c.kind, c.amount.value) for c in result.monetary if c.amount] == [
        ("Government of Saudi Arabia", "purchase", 3 * B),
        ("Government of Saudi Arabia", "purchase", 1 * B),
        ("Nakheel Verde", "investment", 800 * M),
        ("Sabic Italia", "investment", 500 * M),
    ]


def test_a_deal_named_by_its_size_in_the_title_is_a_headline(dataset: PledgeDataset) -> None:
    text = (
        "Portugal and Japan sign €2bn technology deal\n\nLisbon, 4 May 2026\n\n"
        "Kumano Cables will invest €300 million in a cable plant in Sines.\n"
        "Hoshi Data signed a €500 million supply deal with Porto Grid."
    )
    result = run(text, dataset)
    assert [h.amount.value for h in result.headlines] == [2 * B]
    assert sorted(v for _, v, _ in pledges(result)) == [300 * M, 500 * M]


def test_a_preamble_of_past_figures_and_a_target_of_private_investment(
    dataset: PledgeDataset,
) -> None:
    text = (
        "Lisbon, 20 August 2026\nJapan has been Portugal's largest donor, with cumulative "
        "commitments of ¥900 billion. At the 2022 Summit, the leaders announced a target of ¥2 "
        "trillion of investment, which was achieved ahead of schedule.\n"
        "Japan intends to realise ¥3 trillion of private investment in Portugal over ten years. "
        "Japan will extend a loan of ¥45 billion for the Lisbon Metro."
    )
    result = run(text, dataset)
    assert [h.amount.value for h in result.headlines] == [3000 * B]
    assert pledges(result) == [("Government of Japan", 45 * B, "stated")]
    assert len(result.other_amounts) == 2


def test_the_state_and_a_capital_stand_for_their_governments(dataset: PledgeDataset) -> None:
    text = (
        "PERTH, June 4 (Wire) - Western Australia and South Korea signed a minerals pact.\n"
        "Premier Sarah Whitlock said the state would contribute A$150 million to a processing "
        "hub in Kwinana.\n"
        "Trade minister Park Seo-yeon said Seoul would provide 500 billion won in export credit."
    )
    assert [n for n, _, _ in pledges(run(text, dataset))] == [
        "Government of Western Australia",
        "Government of South Korea",
    ]


@pytest.mark.parametrize(
    "company",
    ["Tejo Turbine S.p.A.", "Tejo Turbine SpA", "Tejo Turbine S.r.l.", "Tejo Turbine Tbk"],
)
def test_legal_forms_end_a_company_name(dataset: PledgeDataset, company: str) -> None:
    text = HEAD + f"{company} will invest €120 million in a turbine plant in Setúbal."
    (found,) = run(text, dataset).monetary
    assert found.investor.kind == "company" and found.investor.label.startswith("Tejo Turbine")


def test_the_government_of_a_dateline_capital_and_more_groups(dataset: PledgeDataset) -> None:
    text = (
        "SEOUL, April 2 (Ministry of Trade) - Korea and the United States agreed a shipbuilding "
        "package. Korean shipbuilders will invest $5 billion in shipyards in the United States. "
        "The United States will streamline permits for yards in the United States. The "
        "United States will ease rules for yards in the United States. The Government will "
        "provide KRW 2 trillion in policy loans to the shipbuilders."
    )
    assert [n for n, _, _ in pledges(run(text, dataset))] == [
        "Korean shipbuilders",
        "Government of South Korea",
    ]


def test_a_partner_in_apposition_and_amounts_listed_from_companies(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "Kumano Cables, together with Tejo Energia, will invest €400 million in a cable plant "
        "in Sines. Commitments include €90 million from Oyashio Turbines for a blade factory "
        "in Viana and €60 million from Kiso Bank for solar parks."
    )
    result = run(text, dataset)
    assert [n for n, _, _ in pledges(result)] == ["Kumano Cables", "Oyashio Turbines", "Kiso Bank"]
    assert [p.label for p in only(result, 400 * M).partners] == ["Tejo Energia"]


def test_sibling_bullets_of_one_amount_are_separate_pledges(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "Japan will invest in Portugal:\n"
        "- Up to €2 billion to supply Kumano power modules to Portuguese grids.\n"
        "- Up to €2 billion for Hoshi Chemicals to build resin plants.\n"
        "Up to €2 billion of it will supply Kumano power modules to Portuguese grids."
    )
    result = run(text, dataset)
    amounts = [c for c in result.monetary if c.amount is not None and c.amount.value == 2 * B]
    assert [len(c.quotes) for c in amounts] == [2, 1]  # the prose restates the first bullet


def test_members_named_in_an_aside_are_not_the_subject(dataset: PledgeDataset) -> None:
    text = HEAD + (
        "Japanese companies including Kumano Cables and Hoshi Chemicals will invest €3 billion "
        "in Portuguese manufacturing. Four Japanese banks \u2014 Kiso Bank, Oyashio Trust and "
        "Tama Bank \u2014 will provide €1 billion in green loans."
    )
    assert [n for n, _, _ in pledges(run(text, dataset))] == [
        "Japanese companies",
        "Japanese banks",
    ]


def test_a_loan_by_a_lender_and_a_trade_target_of_the_parties(dataset: PledgeDataset) -> None:
    text = (
        "Astana, 14 May 2026\n1. The EU and Kazakhstan met in Astana.\n"
        "2. The EU and Kazakhstan welcomed the signature of a €600 million loan by the European "
        "Investment Bank to KazWind Holding for wind farms.\n"
        "3. The Parties expect trade to double to €80 billion by 2030."
    )
    result = run(text, dataset)
    assert pledges(result) == [("European Investment Bank", 600 * M, "stated")]
    assert not result.headlines and len(result.other_amounts) == 1


def test_investments_of_a_sum_frame_a_list_of_rows(dataset: PledgeDataset) -> None:
    text = (
        "Seoul, 8 September 2026\nThe Government of the Republic of Korea and four Korean "
        "companies today announced investments of USD 21 billion in the United States.\n"
        "Hanbit Electronics: USD 8 billion for a memory chip plant in Texas\n"
        "Daeyang Motors: USD 6.5 billion for a battery module plant in Georgia\n"
    )
    result = run(text, dataset)
    assert [h.amount.value for h in result.headlines] == [21 * B]
    assert [n for n, _, _ in pledges(result)] == ["Hanbit Electronics", "Daeyang Motors"]


def test_money_put_into_a_national_economy_frames_the_list_in_the_lead(
    dataset: PledgeDataset,
) -> None:
    """A wire report's lead: the list could put "up to around" a figure "into the Portuguese
    economy"; the items that follow may sum to more, and the lead figure is still no pledge."""
    text = (
        "LISBON, May 4 (Coastline Wire) - Portugal and Japan on Monday released a list of projects "
        "under which Japanese lenders and companies could put up to around $40 billion into the "
        "Portuguese economy. The list includes $30 billion for wind turbines from Kaizen Ltd and "
        "$15 billion for rail cars from Tamagawa Corp."
    )
    result = run(text, dataset)
    assert [(h.amount.value, h.amount.kind) for h in result.headlines] == [(40 * B, "cap")]
    assert 40 * B not in [value for _, value, _ in pledges(result)]
