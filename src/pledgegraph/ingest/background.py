"""Background money: figures a text gives for context, which are no pledge of its agreement.

Fact sheets and briefings surround the pledges with numbers that nobody commits: what trade
reached ("Bilateral trade reached $22 billion last year"), what was invested before ("Japanese
companies have invested $40 billion in India since 2000", "plants already worth €20 billion"),
and what someone estimates or models ("the Commission estimates the deal could add €4 billion to
GDP"). Each rule reads the words of the amount's own clause, never a particular text; a
commitment verb between a past-tense cue and the amount ("Already a major investor, Japan will
invest $5 billion") keeps the amount a pledge.
"""

from __future__ import annotations

import re

from pledgegraph.ingest.amounts import Amount

# The state of things before the agreement: "already", "to date", "since 2000", "has invested".
_PAST = re.compile(
    r"\b(?:already|to date|so far|thus far|currently|at present|historically|in the past|"
    r"since (?:19|20)\d\d|ha(?:s|ve|d) (?:already |so far |together )?(?:invested|spent|"
    r"attracted|received|drawn)|cumulative(?:ly)?|(?:was|were|has been|have been) "
    r"(?:achieved|met|reached|exceeded|surpassed))\b",
    re.IGNORECASE,
)
# Statistics: trade, exports, output, a market's size.
_STATISTIC = re.compile(
    r"\b(?:trade|exports?|imports?|turnover|GDP|output|market|economy|deficit|surplus|"
    r"remittances|tourism receipts|assistance|aid|ODA|FDI|investments?|flows|stock)\b"
    r"[^;:]{0,80}?\b(?:reached|stood at|totall?ed|amounted to|"
    r"grew to|rose to|fell to|climbed to|hit|was|were|is worth|was worth|is valued at|"
    r"was valued at|(?:to )?(?:double|triple|grow|rise|increase|climb|expand) to|to reach)\s+"
    r"(?:(?:an?|some|about|around|roughly|nearly|almost|approximately)\s+)?$",
    re.IGNORECASE,
)
# Somebody's estimate or model of the effect, not a sum anyone commits.
_ESTIMATE = re.compile(
    r"\b(?:estimates?|estimated (?:that|it|the|this)|forecasts?|projections?|projected|"
    r"predicts?|predicted|modelling|modeling|analysts?|economists?|according to|"
    r"(?:could|would|may|might) (?:be worth|add|boost|raise|increase|lift|reach|save|cost))\b",
    re.IGNORECASE,
)
# The same after the figure: "$22 billion last year", "€3 billion to GDP".
_AFTER = re.compile(
    r"^\s*(?:last year|in the (?:last|past|previous) (?:\w+ )?years?|a year (?:earlier|ago)|"
    r"[^;:,.]{0,60}?\bsince (?:19|20)\d\d|"
    r"the (?:previous|prior) year|so far|to date|(?:to|of) (?:the )?(?:\w+ )?(?:GDP|economy|"
    r"economic output))\b",
    re.IGNORECASE,
)
# A volume of trade, reached or aimed at: "$100 billion of non-oil trade by 2030" (but "£30
# billion of trade and investment" is what an agreement frames).
_TRADE = re.compile(
    r"\s*(?:of|in)\s+(?:[\w-]+\s+){0,2}?trade\b(?!\s+and\s+investment)",
    re.IGNORECASE,
)
# A pledge's own verb: once one stands between a past-tense cue and the amount, the amount is
# the pledge ("Already the largest investor, Japan will invest $5 billion").
_PLEDGE = re.compile(
    r"\b(?:will|shall|intends?|plans?|agreed to|agrees to|committed|commits?|pledged|"
    r"pledges?|is to|are to|(?:planning|preparing|set|going) to|to invest|to buy|to purchase|"
    r"to provide)\b",
    re.IGNORECASE,
)
_REACH = 160  # how far back a cue is looked for, within the amount's clause


# A year: "In 2022 the two leaders set a target of ...", "... in fiscal 2024".
_YEAR = re.compile(
    r"\b(?:(?:in|during|since|for)\s+(?:(?:fiscal|FY|calendar)\s*)?|(?:at|in|during|from) the\s+)"
    r"((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def is_background(
    text: str, amount: Amount, clause_start: int, clause_end: int, year: int | None = None
) -> bool:
    """Is ``amount`` (in the clause ``text[clause_start:clause_end]``) context, not a pledge?
    ``year`` is the text's own year: a clause set in an earlier year tells what was."""
    start = max(clause_start, amount.start - _REACH)
    before = text[start : amount.start]
    if year is not None and _PLEDGE.search(before) is None:
        after = text[amount.end : min(clause_end, amount.end + 40)]
        if any(int(y) < year for y in _YEAR.findall(before + " " + after)):
            return True
    if _AFTER.match(text, amount.end, clause_end) or _TRADE.match(text, amount.end, clause_end):
        return True
    if _STATISTIC.search(before):
        return True
    if _ESTIMATE.search(before):
        return True
    ends = [m.end() for m in _PAST.finditer(before)]
    return bool(ends) and _PLEDGE.search(before, ends[-1]) is None
