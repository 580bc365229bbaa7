"""Purchases: money a party spends on goods (energy, aircraft, defence equipment, farm goods), a
kind of commitment of its own that is never summed with investment.

A clause is a purchase when the verb nearest before its amount buys ("purchase", "buy",
"procure", "import", "order"), or a noun frames the amount as buying ("purchases of", "orders
for", "arms sales"), or the money is spent on goods ("spend $3 billion on soybeans"). An
investment verb nearer the amount wins ("will invest $600 billion and purchase ...").
"""

from __future__ import annotations

import re

from pledgegraph.ingest.results import Goods

_BUY = (
    r"purchas(?:e|es|ed|ing)|buy(?:s|ing)?|bought|procur(?:e|es|ed|ing)|import(?:s|ed|ing)?|"
    r"(?<!in )order(?:s|ed|ing)?|acquir(?:e|es|ed|ing)|sourc(?:e|es|ed|ing)(?! said)"
)
_INVEST = (
    r"invest(?:s|ed|ing|ment|ments)?|financ(?:e|es|ed|ing)|fund(?:s|ed|ing)?|build(?:s|ing)?|"
    r"construct(?:s|ed|ing)?|develop(?:s|ed|ing)?|expand(?:s|ed|ing)?|moderni[sz](?:e|es|ed|ing)|"
    r"upgrad(?:e|es|ed|ing)|establish(?:es|ed|ing)?|lend(?:s|ing)?|lent"
)
# Verbs that pledge money without saying what for: they stop a buying verb earlier in the
# sentence from carrying over ("A will buy jets, while B committed $4 billion to a terminal").
_NEUTRAL = (
    r"commit(?:s|ted|ting)?|pledg(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|allocat(?:e|es|ed|ing)|"
    r"deploy(?:s|ed|ing)?|put(?:s|ting)?|earmark(?:s|ed|ing)?|contribut(?:e|es|ed|ing)|"
    r"announc(?:e|es|ed|ing)|spen(?:d|ds|t|ding)"
)
_VERB = re.compile(
    rf"\b(?:(?P<buy>{_BUY})|(?P<invest>{_INVEST})|(?P<neutral>{_NEUTRAL}))\b", re.IGNORECASE
)
_NOUN = re.compile(
    r"\b(?:(?:purchases?|procurement|orders?|imports?)\s+(?:of|for)\b|(?:energy|LNG|gas|oil|"
    r"arms|weapons|defen[cs]e|military|equipment|aircraft|farm|agricultural)\s+"
    r"(?:purchases|sales|orders|imports)\b|sales\s+of\b)",
    re.IGNORECASE,
)
_FINANCING = re.compile(
    r"\s*(?:in|of)\s+(?:\w+\s+)?(?:financing|finance|loans?|credit|grants?|guarantees?|"
    r"funding|investment)\b",
    re.IGNORECASE,
)
_REACH = 300  # how far back a verb is looked for
_SPEND_ON = re.compile(r"\bspen(?:d|ds|t|ding)\b[^;]*?\bon\b", re.IGNORECASE)
_FACILITY = re.compile(
    r"\b(?:factory|factories|plants?|facility|facilities|mills?|sites?|campus|fabs?|projects?|"
    r"expansion|construction|upgrades?|infrastructure|stakes?|shares|compan(?:y|ies)|firms?|"
    r"terminals?|ports?|hubs?|centres?|centers?|refiner(?:y|ies)|pipelines?|research)\b",
    re.IGNORECASE,
)
# Buying a share of a business is investing in it.
_STAKE = re.compile(r"\b(?:stakes?|shares|equity|holding|interest) in\b", re.IGNORECASE)
GOODS: dict[Goods, re.Pattern[str]] = {
    "energy": re.compile(
        r"\b(?:energy|LNG|liquefied natural gas|natural gas|gas|oil|crude|coal|uranium|"
        r"nuclear fuel|petroleum|propane|ethane|fuels?|hydrocarbons)\b",
        re.IGNORECASE,
    ),
    "aircraft": re.compile(
        r"\b(?:aircraft|jets?|jetliners?|airliners?|planes?|airplanes?|helicopters?|Boeing|"
        r"Airbus|Embraer|aircraft engines)\b",
        re.IGNORECASE,
    ),
    "defence": re.compile(
        r"\b(?:arms|weapons?|military|defen[cs]e|missiles?|munitions|fighters?|F-\d+|"
        r"armou?red|tanks|air-defen[cs]e|Patriot|frigates?|corvettes?|submarines?|warships?|"
        r"destroyers?|naval vessels?|patrol vessels?)\b",
        re.IGNORECASE,
    ),
    "agriculture": re.compile(
        r"\b(?:agricultur\w*|agri-food|farm|soybeans?|soy|corn|maize|wheat|beef|pork|poultry|"
        r"rice|cotton|grains?|dairy|food|foodstuffs|ethanol|seafood|fruit|nuts)\b",
        re.IGNORECASE,
    ),
    "technology": re.compile(
        r"\b(?:chips?|semiconductors?|GPUs?|AI chips|computing equipment)\b", re.IGNORECASE
    ),
}


def goods_of(text: str) -> Goods:
    """What ``text`` says is bought; ``other`` when it names none of the known kinds."""
    for goods, pattern in GOODS.items():
        if pattern.search(text):
            return goods
    return "other"


def purchase(before: str, after: str, sentence_before: str) -> Goods | None:
    """What a clause buys, or None when its money is not a purchase. ``before`` is the clause up
    to the amount, ``after`` the rest of the clause, ``sentence_before`` the sentence up to the
    clause (its verb carries over to a clause that has none: "buy $5 billion of LNG and $3
    billion of aircraft")."""
    before, sentence_before = before[-_REACH:], sentence_before[-_REACH:]  # linear in the text
    if _FINANCING.match(after):
        return None  # "up to $4 billion in financing for Polish purchases of ...": a loan
    verbs = list(_VERB.finditer(before))
    if not verbs:
        verbs = list(_VERB.finditer(sentence_before))
    if verbs and verbs[-1].group("buy"):
        goods = goods_of(after + " " + before[verbs[-1].start() :])
        if goods == "other" and _STAKE.search(before[verbs[-1].start() :]):
            return None  # "acquire a 30% stake in Puglia Solar for €800 million": investment
        return None if goods == "other" and _FACILITY.search(after) else goods
    window = before[-60:] + " " + after[:80]
    if _NOUN.search(window):
        return goods_of(window)
    if verbs and verbs[-1].group("invest"):
        return None
    if _SPEND_ON.search(before + after[:80]) and not _FACILITY.search(after):
        goods = goods_of(after)
        return goods if goods != "other" else None
    if not verbs and not _FACILITY.search(before + after):
        # no verb at all, as in a bullet "Boeing aircraft for Skylift Leasing totaling $4.8
        # billion": aircraft, arms and farm goods are bought, not invested in
        goods = goods_of(before + " " + after)
        return goods if goods in ("aircraft", "defence", "agriculture") else None
    return None
