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
