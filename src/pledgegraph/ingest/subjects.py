"""Subjects: which party a commitment verb belongs to, read from the words before an amount.

"Japan will invest", "DataHarbor, a Saudi technology company, is committing", "Japanese banks,
led by Sakura Trust Bank, will provide", "Kumano Cables said it would", "the decision of Hangang
Air to purchase", "Tanaka Rail's £800 million investment", a row of a table in prose ("Al Noor
Ports; ₹18,000 crore; ..."), and "we" in a quote, which is the speaker's organisation.
"""

from __future__ import annotations

import re

from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.ingest.text import NAME, NOT_PARTNERS, TITLES, clean_name, party_mentions

# Generic words that can still be the subject of a pledge: "The Government will provide ...".
SUBJECT_WORDS = {"government", "administration", "kingdom", "republic", "sultanate", "emirate"}
COMMIT_VERB = re.compile(
    r"\b(?:will|shall|would|has|have|had|is|are|was|were|also|plans?|planned|intends?|"
    r"intended|agreed|agrees|commit(?:s|ted)?|pledg(?:e|es|ed)|announc(?:e|es|ed)|"
    r"invest(?:s|ed)?|expects?|aims?|signed|seeks?|to invest|is set to|are set to|"
    r"offer(?:s|ed)|provid(?:es|ed)|extend(?:s|ed)|lent|lends|allocat(?:es|ed)|"
    r"earmark(?:s|ed)|contribut(?:es|ed)|approv(?:es|ed)|grant(?:s|ed)|unveil(?:s|ed)|"
    r"bought|buys|purchas(?:es|ed)|order(?:s|ed)|spent|spends|put|puts|deploy(?:s|ed)|"
    r"confirm(?:s|ed)|launch(?:es|ed)|reveal(?:s|ed)|outlin(?:es|ed)|back(?:s|ed)|"
    r"committing|investing|pledging|plac(?:es|ed))\b"
)
GAP_WORDS = frozenset(
    str.split(
        "also|further|now|today|already|jointly|together|additionally|to|said|says|that|it|"
        "could|may|might|would|will|has|have|had|is|are|was|were|been|be|then|separately|"
        "itself|both",
        "|",
    )
)
APPOSITION = re.compile(
    r",\s(?:(?:a|an|the|its|which|who)\s|(?:acting\s)?(?:through|via)\s|(?:together|along|"
    r"jointly)\s+with\s|alongside\s|in\s+(?:partnership|cooperation|collaboration)\s+with\s)"
    r"[^,;]{1,80},(?=\s)"
)
# Asides that name members, not the subject: "Four Japanese banks — Kiso Bank, ..., Tama Bank —
# will provide", "(Kiso Bank and Tama Bank)", "Japanese companies including Kumano and Hoshi".
DASHED = re.compile(
    r"\s[\u2013\u2014]\s[^\u2013\u2014;]{1,160}?\s[\u2013\u2014](?=\s)|\s\([^()]{1,160}\)"
)
EXAMPLES = re.compile(
    rf",?\s(?:including|such as|among them|notably|like)\s+{NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+)"
    rf"{NAME})*,?(?=\s)"
)
# "The Philippine sovereign wealth fund, Bayanihan Investment Corporation, will ...": the name
# between the commas is the subject.
# "Japanese banks, led by Sakura Trust Bank, will provide ...": the bank that leads pledges.
NAMED_APPOSITION = re.compile(
    rf",\s(?:(?:led|headed|spearheaded|anchored) by\s+(?:the\s+)?)?(?P<name>{NAME}),\s*$"
)
# A pronoun or a generic noun for a party named earlier: "Kaito Motors said it would invest",
# "The company will also spend ...".
ANAPHOR = re.compile(
    r"(?:^|\b)(?:it|they|(?:the|this|that|his|her|its|their) (?:company|firm|group|carmaker|"
    r"automaker|bank|fund|"
    r"lender|insurer|utility|operator|developer|manufacturer|conglomerate|airline|investor|"
    r"chipmaker|supplier|producer))\s+(?:(?:also|further|now|then|still|already|itself)\s+)*$",
    re.IGNORECASE,
)
# "the decision of Hangang Air to purchase ...", "plans by Korean utilities to buy ...".
_INFINITIVE_SUBJECT = re.compile(
    r"\s+to\s+(?:purchase|buy|acquire|procure|import|order|invest|spend|build|finance|fund|"
    r"develop|construct|provide|lend|contribute|deploy|expand)\b"
)
_OF_BY = re.compile(r"\b(?:of|by|for|from)\s+(?:the\s+)?$")


SUBJECT_REACH = 400


def subject_of(prefix: str, reconciler: Reconciler) -> str | None:
    """The party that a commitment verb in ``prefix`` belongs to: the nearest candidate that ends
    at most three words before the verb, trying the verb nearest the end of ``prefix`` first.
    An apposition is skipped: "DataHarbor, a Saudi technology company, is committing"."""
    if len(prefix) > SUBJECT_REACH:  # a subject stands near its verb; keeps this linear
        prefix = prefix[-SUBJECT_REACH:].split(" ", 1)[-1]
    for aside in (APPOSITION, DASHED, EXAMPLES):
        prefix = aside.sub(lambda m: " " * len(m.group(0)), prefix)
    mentions = party_mentions(prefix, reconciler)
    for verb in reversed(list(COMMIT_VERB.finditer(prefix))):
        named = NAMED_APPOSITION.search(prefix, 0, verb.start())
        if named is not None and named.end() >= len(prefix[: verb.start()].rstrip()):
            name = clean_name(named.group("name"))
            if name and not reconciler.is_place(name) and not TITLES.match(name):
                return name
        best: tuple[int, int, str] | None = None
        for name, start, end in mentions:
            if end > verb.start():
                continue
            gap = prefix[end : verb.start()]
            if len(gap.split()) > 3 or re.search(r"[;:]", gap) or re.search(r",\s", gap):
                continue
            # Only auxiliaries and adverbs may stand between a subject and its verb: in
            # "Korean-owned plants and will", "Korean-owned" is not the subject.
            words = re.findall(r"[a-z]+", re.sub(r"^[.\s]*[\u2019']s\b", "", gap.lower()))
            if any(w not in GAP_WORDS and not COMMIT_VERB.fullmatch(w) for w in words):
                continue
            generic = name.lower() in NOT_PARTNERS and name.lower() not in SUBJECT_WORDS
            if TITLES.match(name) or generic:
                continue
            candidate = (end, end - start, name)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        if best is not None:
            return best[2]
        if (pronoun := ANAPHOR.search(prefix, 0, verb.start())) is not None:
            earlier = [
                m
                for m in mentions
                if m[2] <= pronoun.start()
                and _may_pledge(m[0])
                and not _PERSON_BEFORE.search(prefix, max(0, m[1] - 40), m[1])
            ]
            if earlier:
                return max(earlier, key=lambda m: (m[2], m[2] - m[1]))[0]
    return _infinitive_subject(prefix, mentions) or _owner(prefix)


# "Tanaka Rail's £800 million investment", "investments by Sakaki Motors (£350 million)": the
# name just before the amount owns it.
_OWNER = re.compile(
    rf"(?P<name>{NAME})(?:[\u2019']s\s+(?:(?:new|planned|proposed|additional|further)\s+)?|"
    r"\s*\(\s*)$"
)


def _owner(prefix: str) -> str | None:
    match = _OWNER.search(prefix[-120:])
    name = clean_name(match.group("name")) if match is not None else ""
    return name if name and _may_pledge(name) else None


# Who speaks in a quote: "said Kim Min-jae, chief executive of Hanbit Energy", "Hanbit Energy
# chief executive Kim Min-jae said": "we" and "our" in the quote are that organisation.
_ROLE = (
    r"(?:chief executive(?: officer)?|CEO|chair(?:man|woman)?|president|managing director|"
    r"head|founder|spokes(?:man|woman|person)|minister|premier|governor)"
)
_SPEAKER = re.compile(  # names stay capitalised: only the roles ignore case
    rf"\b(?i:{_ROLE})\s+(?:of|at)\s+(?:the\s+)?(?P<a>{NAME})|(?P<b>{NAME})(?:[\u2019']s)?\s+"
    rf"(?i:{_ROLE})\b"
)


def speaker_of(sentence: str) -> str | None:
    """The organisation whose officer speaks in ``sentence``, or None."""
    for match in _SPEAKER.finditer(sentence):
        name = clean_name(match.group("a") or match.group("b"))
        if name and _may_pledge(name) and not TITLES.match(name):
            return name
    return None


# A person: the name after a role ("chief executive Lee Joon", "Premier Sarah Whitlock").
_PERSON_BEFORE = re.compile(
    r"\b(?:chief executive|CEO|chair(?:man|woman)?|president|director|head|founder|"
    r"spokes(?:man|woman|person)|minister|premier|governor|secretary|Mr|Ms|Mrs|Dr)\.?\s+$",
    re.IGNORECASE,
)


def _may_pledge(name: str) -> bool:
    return not TITLES.match(name) and name.lower() not in NOT_PARTNERS


def _infinitive_subject(prefix: str, mentions: list[tuple[str, int, int]]) -> str | None:
    """The party of "the decision of X to purchase ...": the last name after "of"/"by" that an
    infinitive of a commitment verb follows."""
    found = [
        (end, end - start, name)
        for name, start, end in mentions
        if _INFINITIVE_SUBJECT.match(prefix, end)
        and _OF_BY.search(prefix, max(0, start - 12), start)
        and _may_pledge(name)
    ]
    return max(found)[2] if found else None


_ROW = re.compile(rf"\s*(?P<name>{NAME})\s*(?:[;:|]|\s[\u2013\u2014-])\s*$")


def row_subject(prefix: str) -> str | None:
    """The party of a row of a table written in prose, "Al Noor Ports; ₹18,000 crore; ...":
    the name that opens the line, before a separator and the amount."""
    match = _ROW.fullmatch(prefix)
    name = clean_name(match.group("name")) if match is not None else ""
    return name if name and _may_pledge(name) else None


def starts_with_anaphor(clause: str) -> bool:
    """Does ``clause`` open with a pronoun for an earlier party ("The company will ...", "The
    company said it would ...")?"""
    return _OPENING_ANAPHOR.match(clause) is not None


_OPENING_ANAPHOR = re.compile(
    r"\s*(?:and\s+)?(?:it|they|(?:the|this|that) (?:company|firm|group|carmaker|automaker|bank|"
    r"fund|lender|insurer|utility|operator|developer|manufacturer|conglomerate|airline|investor|"
    r"chipmaker|supplier|producer))(?:\s+(?:said|says|added|announced|confirmed|stated)"
    r"(?:\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they))?)?\s+(?:also\s+)?(?:will|would|shall|"
    r"plans|intends|has|have|is|are|expects|aims|committed|pledged)\b",
    re.IGNORECASE,
)
