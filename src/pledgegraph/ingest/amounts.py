"""Money as written: "$3 billion", "up to $25bn", "USD 600 million", "1.4 trillion dollars",
"¥1 trillion", "€2.5bn", "over $10 billion", "at least ₹5,000 crore".

``parse_amount`` reads one cell that must be an amount; ``find_amounts`` finds every amount in a
text, with its character span. Each gives a value in units of the currency (``Decimal``), an ISO
4217 code and a kind: ``cap`` ("up to"), ``floor`` ("over", "at least") or ``stated``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

Kind = Literal["cap", "floor", "stated"]

# ISO 4217 codes accepted as written codes and in a table's currency column.
ISO_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "KRW",
        "INR",
        "SAR",
        "AED",
        "QAR",
        "KWD",
        "BHD",
        "OMR",
        "CHF",
        "CAD",
        "AUD",
        "NZD",
        "SGD",
        "HKD",
        "TWD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "TRY",
        "ILS",
        "BRL",
        "MXN",
        "ARS",
        "CLP",
        "COP",
        "ZAR",
        "EGP",
        "NGN",
        "KES",
        "IDR",
        "MYR",
        "THB",
        "VND",
        "PHP",
        "PKR",
        "BDT",
        "RUB",
    ]
)
SYMBOLS = {
    "US$": "USD",
    "A$": "AUD",
    "C$": "CAD",
    "HK$": "HKD",
    "S$": "SGD",
    "NZ$": "NZD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₩": "KRW",
    "₹": "INR",
    "Rs.": "INR",
    "Rs": "INR",
}
WORDS = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "won": "KRW",
    "rupees": "INR",
    "saudi riyals": "SAR",
    "qatari riyals": "QAR",
    "riyals": "SAR",
    "uae dirhams": "AED",
    "dirhams": "AED",
    "reais": "BRL",
    "rand": "ZAR",
    "ringgit": "MYR",
    "rupiah": "IDR",
    "baht": "THB",
    "lira": "TRY",
    "swiss francs": "CHF",
}
SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "lakh": 10**5,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "crore": 10**7,
    "billion": 10**9,
    "bn": 10**9,
    "bln": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "trn": 10**12,
    "t": 10**12,
}
CAP_CUES = ("up to", "as much as", "a maximum of", "no more than", "not exceeding", "not more than")
FLOOR_CUES = (
    "at least",
    "more than",
    "over",
    "in excess of",
    "upwards of",
    "a minimum of",
    "no less than",
    "not less than",
    "exceeding",
    "above",
)


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = rf"(?:{_alternatives(SCALES)})(?![A-Za-z0-9])"
_CUE = rf"(?:(?P<cue>{_alternatives(CAP_CUES + FLOOR_CUES)})\s+)?"
_SYMBOL = rf"(?P<symbol>{_alternatives(SYMBOLS)})\s?"
_CODE = rf"(?P<code>{_alternatives(ISO_CODES)})\s?"
_WORD = rf"(?P<word>{_alternatives(WORDS)}|{_alternatives(ISO_CODES)})(?![A-Za-z])"
AMOUNT_RE = re.compile(
    rf"(?<![\w$€£¥₩₹]){_CUE}(?:"
    rf"(?:{_SYMBOL}|{_CODE})(?P<n1>{_NUMBER})(?:[\s-]?(?P<s1>{_SCALE}))?"
    rf"|(?P<n2>{_NUMBER})(?:[\s-]?(?P<s2>{_SCALE}))?\s+{_WORD}"
    rf")",
    re.IGNORECASE,
)
_CASE_SENSITIVE_SCALE = {"m", "b", "t", "k"}  # "$3B" and "$3b" both mean billions; "T" is fine too


class AmountError(ValueError):
    """Text that is not an amount, or names an unknown currency; the message says which."""


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    kind: Kind
    text: str = ""
    start: int = 0
    end: int = 0


def currency_code(name: str) -> str:
    """ISO code of a code, symbol or word: ``"usd"`` -> ``"USD"``, ``"€"`` -> ``"EUR"``."""
    cleaned = name.strip()
    if cleaned.upper() in ISO_CODES:
        return cleaned.upper()
    if cleaned in SYMBOLS:
        return SYMBOLS[cleaned]
    if cleaned.lower() in WORDS:
        return WORDS[cleaned.lower()]
    raise AmountError(
        f"unknown currency {cleaned!r}; use an ISO 4217 code such as USD, EUR, GBP or JPY"
    )


def _kind(cue: str | None) -> Kind:
    if cue is None:
        return "stated"
    return "cap" if cue.lower() in CAP_CUES else "floor"


def _from_match(match: re.Match[str]) -> Amount | None:
    number = match.group("n1") or match.group("n2")
    scale = match.group("s1") or match.group("s2")
    symbol, code, word = match.group("symbol"), match.group("code"), match.group("word")
    if code is None and symbol is None and word is None:
        return None
    # A code or symbol must be written in capitals ("usd 5" is not a code); "Rs" likewise.
    if code is not None and code != code.upper():
        return None
    if word is not None and word.upper() in ISO_CODES and word != word.upper():
        return None
    currency = SYMBOLS.get(symbol) if symbol else currency_code(code or word)
    if currency is None:  # a symbol matched case-insensitively ("rs"): not money
        return None
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex only admits digits
        return None
    if scale:
        value *= SCALES[scale.lower()]
    return Amount(
        value=value,
        currency=currency,
        kind=_kind(match.group("cue")),
        text=match.group(0),
        start=match.start(),
        end=match.end(),
    )


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in ``text``, left to right, with its span.

    >>> [(a.value, a.currency, a.kind) for a in find_amounts("up to $25bn and EUR 3 million")]
    [(Decimal('25000000000'), 'USD', 'cap'), (Decimal('3000000'), 'EUR', 'stated')]
    """
    found = []
    for match in AMOUNT_RE.finditer(text):
        if (amount := _from_match(match)) is not None:
            found.append(amount)
    return found


def parse_amount(text: str, currency: str | None = None) -> Amount:
    """Read ``text`` as exactly one amount; ``currency`` (a code or name) fills in a bare figure.

    Raises ``AmountError`` saying what is wrong: not an amount, an unknown currency, or a
    currency that disagrees with ``currency``.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise AmountError("the amount is empty")
    wanted = currency_code(currency) if currency and currency.strip() else None
    amounts = find_amounts(cleaned)
    if len(amounts) == 1 and amounts[0].text == cleaned:
        amount = amounts[0]
        if wanted and wanted != amount.currency:
            raise AmountError(
                f"the amount {cleaned!r} is in {amount.currency} but the currency column says "
                f"{wanted}"
            )
        return amount
    if len(amounts) > 1:
        raise AmountError(f"{cleaned!r} holds {len(amounts)} amounts; give one per row")
    bare = re.fullmatch(rf"{_CUE}(?P<n2>{_NUMBER})(?:[\s-]?(?P<s2>{_SCALE}))?", cleaned, re.I)
    if bare:
        if not wanted:
            raise AmountError(
                f'{cleaned!r} names no currency; write "$3 billion" or fill in the currency column'
            )
        value = Decimal(bare.group("n2").replace(",", ""))
        if bare.group("s2"):
            value *= SCALES[bare.group("s2").lower()]
        return Amount(value, wanted, _kind(bare.group("cue")), cleaned, 0, len(cleaned))
    code = re.fullmatch(rf"{_CUE}([A-Z]{{3}})\s?({_NUMBER}).*", cleaned)
    if code:
        currency_code(code.group(2))  # raises: unknown currency
    raise AmountError(
        f'cannot read {cleaned!r} as an amount; write it like "$3 billion", "up to $25bn", '
        '"USD 600 million" or "1.4 trillion dollars"'
    )
