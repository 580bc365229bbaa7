"""Ties to other agreements, and amounts that belong to them.

"The projects advance Japan's $550 billion investment commitment of July 2025" links this
agreement to another one (``advances``) and the $550 billion is that agreement's, not a pledge or
headline of this text. Verbs: advances ("advance", "build on", "deliver on", "further"),
implements ("implement", "give effect to"), amends ("amend", "modify", "revise"), supersedes
("supersede", "replace"). A passive ("was implemented by an executive order") links two other
things and is left out.
"""

from __future__ import annotations

import re

from pledgegraph.ingest.amounts import Amount, find_amounts
from pledgegraph.ingest.results import Link, LinkKind
from pledgegraph.ingest.text import MONTHS, Sentence

_VERBS: dict[LinkKind, str] = {
    "advances": r"advanc(?:e|es|ed|ing)|build(?:s|ing)?\s+(?:up)?on|built\s+(?:up)?on|"
    r"deliver(?:s|ed|ing)?\s+on|further(?:s|ed|ing)?|follow(?:s|ed|ing)?\s+(?:up\s+)?on|"
    r"makes?\s+good\s+on|making\s+good\s+on|carr(?:y|ies|ying)\s+forward|"
    r"(?:is|are|comes?)\s+part\s+of",
    "implements": r"implement(?:s|ed|ing)?|gives?\s+effect\s+to|giving\s+effect\s+to|"
    r"operationali[sz](?:e|es|ed|ing)|puts?\s+into\s+effect",
    "amends": r"amend(?:s|ed|ing)?|modif(?:y|ies|ied|ying)|revis(?:e|es|ed|ing)|updat(?:e|es|ing)",
    "supersedes": r"supersed(?:e|es|ed|ing)|replac(?:e|es|ed|ing)",
}
_NOUNS = (
    r"(?i:agreements?|commitments?|frameworks?|arrangements?|deals?|memorand(?:um|a)|mous?|"
    r"accords?|statements?|declarations?|treat(?:y|ies)|pacts?|understandings?|compacts?|"
    r"executive orders?|packages?|pledges?|partnerships?|roadmaps?|charters?|protocols?)"
)
_DATE_AFTER = (
    rf"(?:\s+(?:of|from|signed in|signed on|announced in|announced on|reached in|agreed in|"
    rf"concluded in|made in|in)\s+(?:(?:\d{{1,2}}\s+)?(?:{MONTHS})\s+(?:\d{{1,2}},\s+)?)?\d{{4}})?"
)
_OWNER = r"(?:the|a|an|its|their|this|that|[A-Z][\w.]*(?:\s[A-Z][\w.]*)*['\u2019]s)"
_TAIL = (
    rf"(?:\s+(?:(?!(?:{MONTHS})\b)[A-Z][\w.\u2010-\u2015-]*|"
    rf"(?:of|on|for|and|in)\s+(?!(?:{MONTHS})\b)[A-Z][\w.-]*|{_NOUNS}\b))*"
    rf"{_DATE_AFTER}"
    r"(?:,?\s+(?:signed|agreed|concluded|announced|reached|adopted)\s+(?:by|between|in|on)\s"
    r"[^,.;]{0,60}?\b\d{4})?"
)
LINK_RE = re.compile(
    r"(?P<passive>\b(?:was|were|been|be|is|are|being)\s+(?:\w+ly\s+)?)?"
    r"\b(?P<verb>" + "|".join(f"(?P<{k}>{v})" for k, v in _VERBS.items()) + r")\s+"
    rf"(?P<target>{_OWNER}\s(?:[^.;:]|\.(?=\S)|(?<=[A-Z])\.(?=\s[A-Z])){{0,160}}?"
    rf"\b(?:{_NOUNS})\b{_TAIL})"
)
OTHER_BEFORE = re.compile(
    r"\b(?:previous(?:ly)?(?:\s+(?:announced|agreed|pledged|made|committed))?|earlier|prior|"
    r"existing|original|last\s+year['\u2019]s|(?:" + MONTHS + r")['\u2019]s)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
OTHER_AFTER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:" + _NOUNS + r")\s+(?:of|from|made in|announced in|"
    r"agreed in|signed in|reached in|unveiled in)\s+(?:(?:" + MONTHS + r")\s+)?\d{4}"
)


def find_links(sentences: list[Sentence]) -> list[Link]:
    """Every typed tie this text states to another agreement or commitment; the same tie stated
    twice ("amends the 2023 Guildhall Compact", "amends the Guildhall Compact") is one link
    with two quotes."""
    links: list[Link] = []
    for s in sentences:
        for m in LINK_RE.finditer(s.text):
            if m.group("passive"):
                continue
            kind = next(k for k in _VERBS if m.group(k))
            target = re.sub(r"^(?:the|a|an)\s+", "", m.group("target")).strip()
            target = re.sub(r"(?<=[a-z0-9])\.$", "", target)  # the sentence's full stop
            same = [x for x in links if x.kind == kind and _same_target(x.target, target)]
            if same:
                same[0].quotes.append((s.start, s.end))
                continue
            amounts = find_amounts(target)
            links.append(Link(kind, target, (s.start, s.end), amounts[0] if amounts else None))
            links[-1].quotes.append((s.start, s.end))
    return links


def _same_target(a: str, b: str) -> bool:
    def words(t: str) -> set[str]:
        return {w for w in re.findall(r"[a-z]+", t.lower()) if w not in ("the", "of", "in")}

    wa, wb = words(a), words(b)
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


# Someone else's figure: "Analysts at Vistula Capital estimated it could reach $25 billion".
ESTIMATE = re.compile(
    r"\b(?:analysts?|economists?|observers|experts|estimated (?:that )?(?:it|the|this)|"
    r"could reach|may reach|might reach|would reach)\b",
    re.IGNORECASE,
)


def belongs_elsewhere(text: str, amount: Amount, clause_start: int, clause_end: int) -> bool:
    """Is ``amount`` not this agreement's: another agreement's ("the previous $550 billion
    commitment", "its $550 billion commitment of July 2025"), or an outsider's estimate?"""
    before = text[max(clause_start, amount.start - 60) : amount.start]
    after = text[amount.end : min(clause_end, amount.end + 80)]
    if OTHER_BEFORE.search(before) or OTHER_AFTER.match(after):
        return True
    return bool(ESTIMATE.search(text, max(clause_start, amount.start - 120), amount.start))


def in_targets(text: str, amount: Amount, links: list[Link]) -> bool:
    """Is ``amount`` named inside a link's target ("advances Japan's $550 billion ...")?"""
    for link in links:
        start = text.find(link.target, link.quote[0], link.quote[1])  # its first statement
        if start >= 0 and start <= amount.start and amount.end <= start + len(link.target):
            return True
    return False
