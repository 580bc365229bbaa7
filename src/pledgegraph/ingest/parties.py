"""The agreement a text reports: its parties, its name, who signed it and when.

Parties are read from the words that pair them, in this order of trust: "between A and B",
"A and B signed / concluded / reached ...", "the A-B Framework Agreement", "A signed ... with B".
A party is a country (its government), a supranational body (the European Union), a sub-national
government (a state, province, emirate), a group of a country's companies, or a named company.
When the text pairs no two parties, the caller falls back on who pledges and where the money
goes; a text about one country and its companies gives that country and the companies.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from pledgegraph.ingest.gazetteer import GROUP_NOUNS
from pledgegraph.ingest.reconcile import Entity, Reconciler
from pledgegraph.ingest.results import Party, PartyKind, Span
from pledgegraph.ingest.signers import PERSON, TITLE
from pledgegraph.ingest.text import DATE_RE, Sentence, clean_name, dateline_date, find_date

_GROUP_PARTY = (
    r"[A-Z][\w.-]*(?:\s(?:[a-z][\w-]*|[A-Z]{2,4})){0,3}\s(?:" + "|".join(GROUP_NOUNS) + r")\b"
)
_PARTY = (
    rf"(?:{_GROUP_PARTY}|(?:[A-Z][\w.'\u2019-]*|of|the)"
    r"(?:\s(?:[A-Z][\w.'\u2019-]*|of|the|and its))*)"
)
_AGREEMENT_WORDS = (
    r"(?:Framework Agreement|Agreement|Arrangement|Framework|Partnership|Accord|"
    r"Memorandum of Understanding|Memorandum of Cooperation|Memorandum|Joint Statement|"
    r"Joint Declaration|Declaration|Treaty|Pact|Deal|Compact|Alliance|Initiative|Dialogue)"
)
_BETWEEN = re.compile(
    rf"\b(?:between|by|of)\s+(?:the\s+)?(?P<a>{_PARTY})\s+and\s+(?:the\s+)?(?P<b>{_PARTY})"
)
_PAIR_VERB = re.compile(
    rf"(?:^|[^\w.])(?:the\s+|The\s+)?(?P<a>{_PARTY})\s+and\s+(?:the\s+)?(?P<b>{_PARTY})\s+"
    r"(?:(?:have|has|had|today|jointly|formally|on \w+|also|will|[A-Z]\w+day)\s+)*"
    r"(?P<verb>signed|sign|concluded|conclude|reached|reach|agreed|agree|announced|announce|struck|"
    r"strike|finali[sz]ed|adopted|issued|launched|welcomed|unveiled|committed|inked|"
    r"Sign|Strengthen|Deepen|Conclude|Reach|Agree|Announce|Launch|Expand|Advance|Finalize)\b"
)
_HYPHENATED = re.compile(
    rf"(?P<a>(?:[A-Z][\w.]*\s)*[A-Z][\w.]*)\s?[-\u2010-\u2015/]\s?"
    rf"(?P<b>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)\s+{_AGREEMENT_WORDS}\b"
)
_WITH = re.compile(
    rf"(?P<a>{_PARTY})\s+(?:has\s+|have\s+)?(?:signed|concluded|reached|struck|inked)\b"
    rf"[^.;]{{0,80}}?\bwith\s+(?:the\s+)?(?P<b>{_PARTY})"
)
AGREEMENT_NAME = re.compile(
    rf"\b(?:the\s+)?(?P<name>(?:[A-Z][\w.'\u2019&]*(?:[-\u2010-\u2015/][A-Z][\w.]*)*\s+"
    rf"(?:(?:of|on|for|and|in)\s+)?){{1,8}}{_AGREEMENT_WORDS})\b"
)
_HEADLINE_VERB = re.compile(
    r"\b(?:Strengthens?|Signs?|Deepens?|Drives?|Secures?|Announces?|Launch(?:es)?|Expands?|"
    r"Advances?|Welcomes?|Celebrates?|Reach(?:es)?|Concludes?|Agrees?|Delivers?|Unveils?|"
    r"Boosts?|Forges?|Builds?)\b"
)
SIGN_CUE = re.compile(r"\b(?:signed|sign|signing|co-signed|initialled|initialed|inked)\b", re.I)
AGREEMENT_CUE = re.compile(
    r"\b(?:signed|sign|agreement|framework|memorandum|joint statement|accord|deal|"
    r"arrangement|partnership|concluded|reached)\b",
    re.IGNORECASE,
)


def party_kind(entity: Entity) -> PartyKind:
    return {
        "government": "country",
        "supranational": "supranational",
        "subnational": "sub-national",
        "group": "company-group",
    }.get(entity.kind, "company")  # type: ignore[return-value]


def _candidate(raw: str, rec: Reconciler, companies: bool) -> tuple[str, bool] | None:
    """The party a name can be, as (name, is a region or group), without minting anything: a
    region or a group always; a company only where ``companies`` allows."""
    name = clean_name(raw)
    if not name:
        return None
    words = name.split()
    for size in range(len(words), 0, -1):  # "Japan Framework" -> "Japan"; "United Kingdom"
        for part in (" ".join(words[:size]), " ".join(words[-size:])):
            if rec.region(part) is not None or rec.group_name(part) is not None:
                return part, True
    if companies and len(words) <= 6 and not re.search(TITLE, name):
        return name, False
    return None


def _pair(s: Sentence, rec: Reconciler, people: set[str]) -> list[Party]:
    quote = (s.start, s.end)
    patterns = ((_BETWEEN, True), (_PAIR_VERB, True), (_HYPHENATED, False), (_WITH, True))
    for pattern, companies in patterns:
        for m in pattern.finditer(s.text):
            a = _candidate(m.group("a"), rec, companies)
            b = _candidate(m.group("b"), rec, companies)
            if a is None or b is None or not (a[1] or b[1]):
                continue  # at least one side is a country, a body or a group
            if any(not regional and name.split()[-1] in people for name, regional in (a, b)):
                continue  # "Trump and Japan's Prime Minister ... signed": a person
            pa, pb = (rec.party(name) for name, _ in (a, b))
            # a government and its own companies are two parties only where they sign: "the
            # Japanese government and various Japanese companies committed ..." is one side
            signs = pattern is _BETWEEN or SIGNING.match(m.groupdict().get("verb") or "")
            if pa.iri != pb.iri and (rec.home(pa) != rec.home(pb) or signs):
                found = [
                    Party(pa, party_kind(pa), a[0], quote),
                    Party(pb, party_kind(pb), b[0], quote),
                ]
                return found + _more(s, m.end("b"), rec, {pa.iri, pb.iri})
    return []


_MORE = re.compile(rf"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?P<c>{_PARTY})")


def _more(s: Sentence, pos: int, rec: Reconciler, seen: set[URIRef]) -> list[Party]:
    """Further parties listed after the second: "... with Hanwa Cells and Dongil Materials"."""
    found: list[Party] = []
    while (m := _MORE.match(s.text, pos)) is not None:
        candidate = _candidate(m.group("c"), rec, True)
        if candidate is None:
            break
        entity = rec.party(candidate[0])
        if entity.iri not in seen:
            seen.add(entity.iri)
            found.append(Party(entity, party_kind(entity), candidate[0], (s.start, s.end)))
        pos = m.end()
    return found


def paired_parties(sentences: list[Sentence], rec: Reconciler) -> list[Party]:
    """The two parties the text pairs, from the first sentence that pairs two; else []."""
    people = {m.group("name").split()[-1] for s in sentences for m in PERSON.finditer(s.text)}
    for s in sentences:
        if (found := _pair(s, rec, people)) and (
            AGREEMENT_CUE.search(s.text) or s in sentences[:3] or _HYPHENATED.search(s.text)
        ):
            return found
    return []


def agreement_name(sentences: list[Sentence], others: list[str]) -> tuple[str, Span | None]:
    """The name the text gives the agreement ("the U.S.-Japan Framework Agreement"), from a
    sentence that signs, concludes or announces it (else the first that names one); never one
    of ``others``, the agreements it links to."""
    first: tuple[str, Span | None] = ("", None)
    for s in sentences:
        for m in AGREEMENT_NAME.finditer(s.text):
            name = m.group("name").strip()
            if any(name in other for other in others):
                continue
            if len(name.split()) < 2 or name.split()[0] in ("The", "This", "A", "An"):
                continue
            if _HEADLINE_VERB.search(name):  # a title: "United States and X Strengthen ..."
                continue
            if re.search(r"\b(?:signed|sign|concluded|reached|launched|established)\b", s.text):
                return name, (s.start, s.end)
            if not first[0]:
                first = (name, (s.start, s.end))
    return first


SIGNING = re.compile(
    r"\b(?:signed|signs|sign|co-signed|initialled|initialed|inked|concluded|concludes)\b",
    re.IGNORECASE,
)
_NOT_YET = re.compile(r"\b(?:will|to|would|expected to|plan to|plans to)\s+(?:sign|conclude)")
_TODAY = re.compile(
    r"\b(?:today|this week|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.IGNORECASE,
)


def signing_date(sentences: list[Sentence], text: str, published: str = "") -> str | None:
    """The date the text says the agreement was signed: a full date in a sentence that signs
    it, or the dateline's date where that sentence says "today" or "on Tuesday". None when the
    text states no signing date."""
    for s in sentences:
        if not SIGNING.search(s.text) or _NOT_YET.search(s.text):
            continue
        if DATE_RE.search(s.text):
            return find_date(s.text)
        if _TODAY.search(s.text):
            return dateline_date(text, published) or find_date(text)
    return None
