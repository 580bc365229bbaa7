"""Invented articles of any length, for extraction speed tests and the benchmark.

``article(chars, seed)`` writes a fact sheet of about ``chars`` characters: a dateline, a signing
sentence, then paragraphs and bullets of pledges in the forms ``extract`` reads (caps, floors,
ranges, words, several currencies, purchases, partners, policies), each by a company with a new
name. Everything in it is fictional; the same seed gives the same text.
"""

from __future__ import annotations

import random

_SECTORS = (
    "a battery plant in Ohio",
    "semiconductor packaging lines in Arizona",
    "an LNG export terminal in Louisiana",
    "data centres in Texas",
    "port upgrades in Georgia",
    "a copper smelter in Utah",
    "offshore wind farms in Maine",
    "a steel mill in Indiana",
)
_FORMS = (
    "{co} will invest {amount} in {what} together with {partner}.",
    "{co} has pledged up to {amount} for {what}, in partnership with {partner}.",
    "{co} committed more than {amount} to {what}.",
    "- {amount} from {co} for {what}, with {partner}",
    "{co} will buy {amount} of U.S. liquefied natural gas over five years.",
    "{co} plans to spend between {low} and {amount} on {what}.",
    "{co} will provide {words} for {what}.",
    "{co} will open a training centre and will hire local engineers.",
)
_WORDS = ("two billion dollars", "five hundred million euros", "a billion dollars")


def _amount(rng: random.Random) -> tuple[str, str]:
    whole = rng.randint(2, 900)
    symbol = rng.choice(("$", "$", "€", "£", "¥"))
    return f"{symbol}{whole} million", f"{symbol}{max(1, whole // 2)} million"


def article(chars: int, seed: int = 0) -> str:
    """An invented fact sheet of at least ``chars`` characters (see the module docstring)."""
    rng = random.Random(seed)
    lines = [
        "Washington, 12 May 2026",
        "",
        "The United States and Japan today signed the Synthetic Investment Framework.",
        "",
    ]
    size, n = sum(len(line) + 1 for line in lines), 0
    while size < chars:
        n += 1
        amount, low = _amount(rng)
        line = rng.choice(_FORMS).format(
            co=f"Kestrel {n} Industries",
            partner=f"Harbor {n} Systems",
            what=rng.choice(_SECTORS),
            amount=amount,
            low=low,
            words=rng.choice(_WORDS),
        )
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"
