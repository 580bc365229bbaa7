"""Money as written -> value, ISO currency and kind; errors that say what is wrong."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pledgegraph.ingest.amounts import AmountError, find_amounts, parse_amount

B = Decimal(10) ** 9
M = Decimal(10) ** 6


@pytest.mark.parametrize(
    ("written", "value", "currency", "kind"),
    [
        ("$3 billion", 3 * B, "USD", "stated"),
        ("up to $25bn", 25 * B, "USD", "cap"),
        ("USD 600 million", 600 * M, "USD", "stated"),
        ("1.4 trillion dollars", Decimal("1.4") * 1000 * B, "USD", "stated"),
        ("¥1 trillion", 1000 * B, "JPY", "stated"),
        ("€2.5bn", Decimal("2.5") * B, "EUR", "stated"),
        ("over $10 billion", 10 * B, "USD", "floor"),
        ("at least £750m", 750 * M, "GBP", "floor"),
        ("more than 2 billion euros", 2 * B, "EUR", "floor"),
        ("as much as A$2bn", 2 * B, "AUD", "cap"),
        ("US$ 3.5B", Decimal("3.5") * B, "USD", "stated"),
        ("₹8,000 crore", 8000 * 10**7, "INR", "stated"),
        ("4.2 trillion won", Decimal("4.2") * 1000 * B, "KRW", "stated"),
        ("SAR 20 billion", 20 * B, "SAR", "stated"),
        ("$600,000,000", 600 * M, "USD", "stated"),
        ("SR 15 billion", 15 * B, "SAR", "stated"),
        ("Dhs 7.5bn", Decimal("7.5") * B, "AED", "stated"),
        ("QR 3 billion", 3 * B, "QAR", "stated"),
        ("400 billion tenge", 400 * B, "KZT", "stated"),
        ("₹1.2 lakh crore", Decimal("1.2") * 1000 * B, "INR", "stated"),
        ("at a minimum $2 billion", 2 * B, "USD", "floor"),
        ("a floor of €500 million", 500 * M, "EUR", "floor"),
        ("up to about $3 billion", 3 * B, "USD", "cap"),
        ("less than €1 billion", 1 * B, "EUR", "cap"),
        ("limited to £400m", 400 * M, "GBP", "cap"),
    ],
)
def test_parse_amount(written: str, value: Decimal, currency: str, kind: str) -> None:
    amount = parse_amount(written)
    assert (amount.value, amount.currency, amount.kind) == (value, currency, kind)


def test_bare_figure_takes_the_currency_column() -> None:
    amount = parse_amount("up to 3 billion", "eur")
    assert (amount.value, amount.currency, amount.kind) == (3 * B, "EUR", "cap")


@pytest.mark.parametrize(
    ("written", "currency", "message"),
    [
        ("", None, "empty"),
        ("3 billion", None, "names no currency"),
        ("XYZ 5 million", None, "unknown currency 'XYZ'"),
        ("$3bn and $4bn", None, "holds 2 amounts"),
        ("a lot of money", None, "cannot read 'a lot of money' as an amount"),
        ("$3 billion", "EUR", "is in USD but the currency column says EUR"),
        ("3 billion", "dollarz", "unknown currency 'dollarz'"),
    ],
)
def test_parse_errors_say_what_is_wrong(written: str, currency: str | None, message: str) -> None:
    with pytest.raises(AmountError, match=message):
        parse_amount(written, currency)


def test_find_amounts_gives_exact_spans() -> None:
    text = "Japan will invest up to $332 billion, and €2.5bn with X; over £1 million more."
    found = find_amounts(text)
    assert [text[a.start : a.end] for a in found] == [
        "up to $332 billion",
        "€2.5bn",
        "over £1 million",
    ]
    assert [a.kind for a in found] == ["cap", "stated", "floor"]


def test_years_and_plain_numbers_are_not_money() -> None:
    assert find_amounts("In 2025, 2,000 jobs and 5 plants in 3 states.") == []


@pytest.mark.parametrize(
    ("written", "low", "high", "currency"),
    [
        ("$10\u201315 billion", 10 * B, 15 * B, "USD"),
        ("$10-15bn", 10 * B, 15 * B, "USD"),
        ("€2 to 3 billion", 2 * B, 3 * B, "EUR"),
        ("between $1 and 2 billion", 1 * B, 2 * B, "USD"),
        ("between €2 billion and €3 billion", 2 * B, 3 * B, "EUR"),
        ("$500 million to $1 billion", 500 * M, 1 * B, "USD"),
        ("10 to 15 billion dollars", 10 * B, 15 * B, "USD"),
        ("ranging from £1bn to £2bn", 1 * B, 2 * B, "GBP"),
        ("between two and three billion euros", 2 * B, 3 * B, "EUR"),
    ],
)
def test_a_range_is_one_amount_with_both_ends(
    written: str, low: Decimal, high: Decimal, currency: str
) -> None:
    (amount,) = find_amounts(f"They will invest {written} in plants.")
    assert (amount.value, amount.high, amount.currency, amount.kind) == (
        low,
        high,
        currency,
        "range",
    )
    assert amount.text == written


@pytest.mark.parametrize(
    "text",
    [
        "from $1 billion to $2 billion",  # a change, not a range
        "$2 billion and $3 billion",  # two amounts
        "$5 billion to 2030",  # a year, not the top of a range
        "$3 billion to 5 companies",
    ],
)
def test_two_figures_that_are_not_a_range(text: str) -> None:
    assert all(a.kind != "range" for a in find_amounts(text))


@pytest.mark.parametrize(
    ("written", "value", "currency"),
    [
        ("ten billion dollars", 10 * B, "USD"),
        ("two hundred million euros", 200 * M, "EUR"),
        ("a billion dollars", 1 * B, "USD"),
        ("twenty-five billion dollars", 25 * B, "USD"),
        ("one and a half billion euros", Decimal("1.5") * B, "EUR"),
        ("half a billion pounds", B / 2, "GBP"),
        ("seven billion U.S. dollars", 7 * B, "USD"),
        ("Fifty million Swiss francs", 50 * M, "CHF"),
    ],
)
def test_amounts_in_words(written: str, value: Decimal, currency: str) -> None:
    (amount,) = find_amounts(f"The fund will add {written} to the plan.")
    assert (amount.value, amount.currency, amount.kind, amount.text) == (
        value,
        currency,
        "stated",
        written,
    )


def test_words_without_a_currency_are_not_money() -> None:
    assert find_amounts("It will create a million jobs and ten billion hopes.") == []


@pytest.mark.parametrize(
    ("written", "currency", "kind"),
    [
        ("10 billion Australian dollars", "AUD", "stated"),
        ("RMB 10 billion", "CNY", "stated"),
        ("NT$30 billion", "TWD", "stated"),
        ("5 billion Norwegian kroner", "NOK", "stated"),
        ("$10 billion or more", "USD", "floor"),
        ("$5bn+", "USD", "floor"),
        ("well over €4 billion", "EUR", "floor"),
        ("up to an additional $5 billion", "USD", "cap"),
        ("£2 billion or less", "GBP", "cap"),
    ],
)
def test_currencies_as_stated_and_cues_after_the_figure(
    written: str, currency: str, kind: str
) -> None:
    (amount,) = find_amounts(f"They pledged {written} for it.")
    assert (amount.currency, amount.kind, amount.text) == (currency, kind, written)


def test_parse_amount_reads_ranges_and_words_with_the_currency_column() -> None:
    amount = parse_amount("10-15 billion", "USD")
    assert (amount.value, amount.high, amount.kind) == (10 * B, 15 * B, "range")
    assert parse_amount("ten billion", "eur").value == 10 * B


@pytest.mark.parametrize(
    "sentence",
    [
        "Kumano will invest ¥1.2 trillion, or about $8 billion, in chip plants.",
        "Kumano will invest ¥1.2 trillion (the equivalent of $8 billion) in chip plants.",
        "Kumano will invest ¥1.2 trillion / $8 billion in chip plants.",
    ],
)
def test_a_conversion_opens_no_clause(sentence: str) -> None:
    from pledgegraph.ingest.clauses import split_clauses
    from pledgegraph.ingest.text import split_sentences

    (only,) = split_sentences(sentence)
    (segment,) = split_clauses(only, sentence)
    assert segment.amount.currency == "JPY"
