"""Money as written: "$3 billion", "up to $25bn", "USD 600 million", "1.4 trillion dollars",
"¥1 trillion", "over $10 billion", "at least ₹5,000 crore", "$10-15 billion", "between €2 and
3 billion", "ten billion dollars", "half a billion euros", "$5 billion or more".

``parse_amount`` reads one cell that must be an amount; ``find_amounts`` finds every amount in a
text, with its character span. Each gives a value in units of the currency (``Decimal``), the ISO
4217 code of the currency it is stated in (nothing is converted) and a kind: ``cap`` ("up to"),
``floor`` ("over", "at least", "or more"), ``range`` (a low ``value`` and a ``high``) or
``stated``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from pledgegraph.ingest.currencies import (
    CAP_AFTER,
    CAP_CUES,
    CODE_ALIASES,
    FLOOR_AFTER,
    FLOOR_CUES,
    ISO_CODES,
    ONES,
    SCALES,
    SYMBOLS,
    TENS,
    WORD_SCALES,
    WORDS,
)

Kind = Literal["cap", "floor", "stated", "range"]
KINDS: tuple[Kind, ...] = ("cap", "floor", "stated", "range")


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_CODES = ISO_CODES | set(CODE_ALIASES)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNDER_100 = (
    rf"(?:(?:{_alternatives(TENS)})(?:[-\s](?:{_alternatives(ONES)}))?|{_alternatives(ONES)})"
)
_WORD_NUMBER = (
    rf"(?:(?:an?|{_UNDER_100})\s+hundred(?:\s+(?:and\s+)?{_UNDER_100})?|{_UNDER_100}"
    rf"|half\s+an?|an?)(?:\s+and\s+a\s+half)?"
)
_SCALE = rf"(?:{_alternatives(SCALES)})(?![A-Za-z0-9])"
_FIGURE_RE = re.compile(
    rf"(?<![\w$€£¥₩₹₽₺₱₪₫])"
    rf"(?:(?P<symbol>{_alternatives(SYMBOLS)})\s?|(?P<code>{_alternatives(_CODES)})\s?)?"
    rf"(?:(?P<digits>{_NUMBER})(?:[\s-]?(?P<scale>{_SCALE}))?"
    rf"|(?P<words>\b{_WORD_NUMBER})[\s-]+(?P<wscale>{_alternatives(WORD_SCALES)})s?\b"
    rf"|(?P<bare>\b{_UNDER_100})\b)"
    rf"(?:[\s-]+(?P<word>{_alternatives(WORDS)}|{_alternatives(_CODES)})(?![A-Za-z]))?",
    re.IGNORECASE,
)
_FILLER = (
    r"(?:(?:an?|the)\s+)?(?:(?:additional|further|estimated|extra|total of|sum of)\s+)?"
    r"(?:(?:about|around|approximately|roughly|some|nearly)\s+)?"
)
_CUE_BEFORE = re.compile(
    rf"\b(?P<cue>{_alternatives(CAP_CUES + FLOOR_CUES)})\s+{_FILLER}$", re.IGNORECASE
)
_CUE_AFTER = re.compile(
    rf"(?:\s+(?P<cue>{_alternatives(FLOOR_AFTER + CAP_AFTER)})|(?P<mark>-plus|\+))(?!\w)",
    re.IGNORECASE,
)
_RANGE_SEP = re.compile(r"\s*(?:[-\u2010-\u2015]|to)\s*|\s+and\s+", re.IGNORECASE)
_RANGE_LEAD = re.compile(r"\b(?P<lead>between|ranging from|from)\s+$", re.IGNORECASE)
_WINDOW = 60  # how far back a cue or "between" is looked for


class AmountError(ValueError):
    """Text that is not an amount, or names an unknown currency; the message says which."""


@dataclass(frozen=True)
class Amount:
    """An amount of money as a text states it.

    ``value`` is the figure in units of ``currency`` (for a range, its low end); ``high`` is the
    high end of a range and None otherwise; ``kind`` is cap, floor, stated or range; ``text`` is
    the words as written (cue included) and ``start``/``end`` their span in the text searched.
    """

    value: Decimal
    currency: str
    kind: Kind
    text: str = ""
    start: int = 0
    end: int = 0
    high: Decimal | None = None

    @property
    def key(self) -> tuple[object, ...]:
        """What makes two amounts the same: currency, figures and kind."""
        return (self.currency, self.value, self.high, self.kind)


@dataclass(frozen=True)
class _Figure:
    value: Decimal
    scaled: bool
    currency: str | None
    start: int
    end: int


def currency_code(name: str) -> str:
    """ISO code of a code, symbol or word: ``"usd"`` -> ``"USD"``, ``"€"`` -> ``"EUR"``."""
    cleaned = name.strip()
    if cleaned.upper() in ISO_CODES:
        return cleaned.upper()
    if cleaned.upper() in CODE_ALIASES:
        return CODE_ALIASES[cleaned.upper()]
    if cleaned in SYMBOLS:
        return SYMBOLS[cleaned]
    if " ".join(cleaned.lower().split()) in WORDS:
        return WORDS[" ".join(cleaned.lower().split())]
    raise AmountError(
        f"unknown currency {cleaned!r}; use an ISO 4217 code such as USD, EUR, GBP or JPY"
    )


def words_value(words: str) -> Decimal:
    """``"twenty-five"`` -> 25, ``"two hundred and fifty"`` -> 250, ``"one and a half"`` -> 1.5,
    ``"half a"`` -> 0.5, ``"a"`` -> 1."""
    tokens = re.findall(r"[a-z]+", words.lower())
    if tokens[:1] == ["half"]:
        return Decimal("0.5")
    total, current = Decimal(0), Decimal(0)
    for token in tokens:
        if token in ("a", "an"):
            current += 1 if current == 0 and total == 0 else 0
        elif token in ONES:
            current += ONES[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            current = (current or Decimal(1)) * 100
        elif token == "half":
            total += Decimal("0.5")
    return total + current


def _currency(match: re.Match[str]) -> str | None:
    """The currency a figure is written with, or None for a bare figure. A code or symbol
    must be written as such: "usd 5" and "rs 5" are not money."""
    symbol, code, word = match.group("symbol"), match.group("code"), match.group("word")
    if symbol is not None:
        return SYMBOLS.get(symbol)
    if code is not None:
        return currency_code(code) if code == code.upper() else None
    if word is not None:
        if word.upper() in _CODES and word != word.upper():
            return None
        return currency_code(word)
    return None


def _figures(text: str) -> list[_Figure]:
    figures = []
    for match in _FIGURE_RE.finditer(text):
        if match.group("digits") is not None:
            value = Decimal(match.group("digits").replace(",", ""))
            scale = match.group("scale")
        elif match.group("words") is not None:
            value = words_value(match.group("words"))
            scale = match.group("wscale")
        else:  # "two" in "between two and three billion euros": only the low end of a range
            value, scale = words_value(match.group("bare")), None
        if scale:
            value *= SCALES[scale.lower()]
        if value == value.to_integral_value():
            value = Decimal(int(value))  # "1.5 billion" -> 1500000000, not 1500000000.0
        currency = _currency(match)
        if currency is None and match.group("word") is not None:
            end = match.start("word")  # "3 billion usd": the figure without the word
            end = len(text[:end].rstrip(" -"))
        else:
            end = match.end()
        if (match.group("symbol") or match.group("code")) and currency is None:
            continue  # "rs 5", "usd 5": not money, and not a bare figure either
        figures.append(_Figure(value, bool(scale), currency, match.start(), end))
    return figures


def _as_range(text: str, low: _Figure, high: _Figure) -> Amount | None:
    """``low`` and ``high`` read as one amount, "$10-15 billion", or None if they are not."""
    sep = _RANGE_SEP.fullmatch(text, low.end, high.start)
    if sep is None:
        return None
    lead = _RANGE_LEAD.search(text, max(0, low.start - _WINDOW), low.start)
    word = lead.group("lead").lower() if lead else ""
    joined = text[low.end : high.start].strip().lower()
    if (joined == "and") != (word == "between") or (joined == "to" and word == "from"):
        return None  # "$2 billion and $3 billion"; "from $1 billion to $2 billion": a change
    currency = low.currency or high.currency
    if currency is None or (low.currency and high.currency and low.currency != high.currency):
        return None
    if low.scaled and not high.scaled:
        return None  # "$5 billion to 2030"
    value = low.value
    if not low.scaled and high.scaled:
        value *= _scale_of(high)
    if value >= high.value:
        return None
    start = lead.start() if lead and word != "from" else low.start
    return Amount(value, currency, "range", text[start : high.end], start, high.end, high.value)


def _scale_of(figure: _Figure) -> Decimal:
    """The power of ten a scaled figure was multiplied by: 15e9 -> 1e9, 2.5e12 -> 1e12."""
    for scale in sorted(set(SCALES.values()), reverse=True):
        if figure.value >= scale:
            return Decimal(scale)
    return Decimal(1)


def _single(text: str, figure: _Figure) -> Amount:
    assert figure.currency is not None
    start, end, kind = figure.start, figure.end, "stated"
    cue = _CUE_BEFORE.search(text, max(0, start - _WINDOW), start)
    if cue is not None:
        start = cue.start()
        kind = "cap" if cue.group("cue").lower() in CAP_CUES else "floor"
    else:
        after = _CUE_AFTER.match(text, end)
        if after is not None:
            end = after.end()
            kind = "cap" if (after.group("cue") or "").lower() in CAP_AFTER else "floor"
    return Amount(figure.value, figure.currency, kind, text[start:end], start, end)  # type: ignore[arg-type]


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in ``text``, left to right, with its span.

    >>> [(a.value, a.currency, a.kind) for a in find_amounts("up to $25bn and EUR 3 million")]
    [(Decimal('25000000000'), 'USD', 'cap'), (Decimal('3000000'), 'EUR', 'stated')]
    >>> a, = find_amounts("a $10-15 billion fund")
    >>> (a.text, a.value, a.high, a.kind)
    ('$10-15 billion', Decimal('10000000000'), Decimal('15000000000'), 'range')
    >>> [(a.text, str(a.value)) for a in find_amounts("ten billion dollars, half a billion euros")]
    [('ten billion dollars', '10000000000'), ('half a billion euros', '500000000')]
    """
    figures = _figures(text)
    found: list[Amount] = []
    i = 0
    while i < len(figures):
        figure = figures[i]
        if i + 1 < len(figures) and (ranged := _as_range(text, figure, figures[i + 1])):
            found.append(ranged)
            i += 2
            continue
        if figure.currency is not None:
            found.append(_single(text, figure))
        i += 1
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
    code = re.fullmatch(rf"(?:.*\s)?([A-Z]{{3}})\s?(?:{_NUMBER}).*", cleaned)
    if code:
        currency_code(code.group(1))  # raises: unknown currency
    if not amounts and _figures(cleaned):
        with_code = find_amounts(f"{cleaned} {wanted}") if wanted else []
        if len(with_code) == 1 and with_code[0].end == len(cleaned) + 4:
            return replace(with_code[0], text=cleaned, end=len(cleaned))
        if not wanted:
            raise AmountError(
                f'{cleaned!r} names no currency; write "$3 billion" or fill in the currency column'
            )
    raise AmountError(
        f'cannot read {cleaned!r} as an amount; write it like "$3 billion", "up to $25bn", '
        '"USD 600 million" or "1.4 trillion dollars"'
    )
