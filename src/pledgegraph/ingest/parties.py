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

from pledgegraph.ingest.reconcile import Entity, Reconciler
from pledgegraph.ingest.results import Party, PartyKind, Signer, Span
from pledgegraph.ingest.text import DATE_RE, Sentence, clean_name, find_date

_PARTY = r"(?:[A-Z][\w.'\u2019-]*|of|the)(?:\s(?:[A-Z][\w.'\u2019-]*|of|the|and its))*"
_AGREEMENT_WORDS = (
    r"(?:Framework Agreement|Agreement|Arrangement|Framework|Partnership|Accord|"
    r"Memorandum of Understanding|Memorandum of Cooperation|Memorandum|Joint Statement|"
    r"Joint Declaration|Declaration|Treaty|Pact|Deal|Compact|Alliance|Initiative|Dialogue)"
)
_BETWEEN = re.compile(rf"\bbetween\s+(?:the\s+)?(?P<a>{_PARTY})\s+and\s+(?:the\s+)?(?P<b>{_PARTY})")
_PAIR_VERB = re.compile(
    rf"(?:^|[^\w.])(?:the\s+|The\s+)?(?P<a>{_PARTY})\s+and\s+(?:the\s+)?(?P<b>{_PARTY})\s+"
    r"(?:(?:have|has|had|today|jointly|formally|on \w+|also|will|[A-Z]\w+day)\s+)*"
    r"(?:signed|sign|concluded|conclude|reached|reach|agreed|agree|announced|announce|struck|"
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
_TITLE = (
    r"(?:Vice President|President|Prime Minister|Deputy Prime Minister|Chancellor|Premier|"
    r"Trade Commissioner|Commissioner|Secretary of [A-Z]\w+|Secretary|Trade Representative|"
    r"Minister of [A-Z]\w+(?: and [A-Z]\w+)?|Minister|Governor|Crown Prince|King|Emir|Sheikh|"
    r"Ambassador|Chief Executive|CEO|Chairman|Chair)"
)
_PERSON = re.compile(
    rf"(?:(?P<owner>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)[\u2019']s\s+)?"
    rf"(?P<office>(?:(?:[A-Z][\w.]*|E\.U\.|U\.S\.)\s+){{0,3}}?{_TITLE})\s+"
    r"(?P<name>[A-Z][\w\u2019'-]+(?:\s(?:(?:von der|van der|von|van|de|bin|al|da|di|le|la)\s)?"
    r"[A-Z][\w\u2019'-]+){0,3})"
)


def party_kind(entity: Entity) -> PartyKind:
    return {
        "government": "country",
        "supranational": "supranational",
        "subnational": "subnational",
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
    if companies and len(words) <= 6 and not re.search(_TITLE, name):
        return name, False
    return None


def _pair(s: Sentence, rec: Reconciler, people: set[str]) -> list[Party]:
    quote = (s.start, s.end)
    patterns = ((_BETWEEN, True), (_PAIR_VERB, True), (_HYPHENATED, False), (_WITH, False))
    for pattern, companies in patterns:
        for m in pattern.finditer(s.text):
            a = _candidate(m.group("a"), rec, companies)
            b = _candidate(m.group("b"), rec, companies)
            if a is None or b is None or not (a[1] or b[1]):
                continue  # at least one side is a country, a body or a group
            if any(not regional and name.split()[-1] in people for name, regional in (a, b)):
                continue  # "Trump and Japan's Prime Minister ... signed": a person
            pa, pb = (rec.party(name) for name, _ in (a, b))
            # not a government and its own companies: "the Japanese government and various
            # Japanese companies committed ..." names one side
            if rec.home(pa) != rec.home(pb):
                return [
                    Party(pa, party_kind(pa), a[0], quote),
                    Party(pb, party_kind(pb), b[0], quote),
                ]
    return []


def paired_parties(sentences: list[Sentence], rec: Reconciler) -> list[Party]:
    """The two parties the text pairs, from the first sentence that pairs two; else []."""
    people = {m.group("name").split()[-1] for s in sentences for m in _PERSON.finditer(s.text)}
    for s in sentences:
        if (found := _pair(s, rec, people)) and (
            AGREEMENT_CUE.search(s.text) or s is sentences[0] or _HYPHENATED.search(s.text)
        ):
            return found
    return []


def agreement_name(sentences: list[Sentence]) -> tuple[str, Span | None]:
    """The name the text gives the agreement ("the U.S.-Japan Framework Agreement"), from a
    sentence that signs, concludes or announces it (else the first that names one)."""
    first: tuple[str, Span | None] = ("", None)
    for s in sentences:
        for m in AGREEMENT_NAME.finditer(s.text):
            name = m.group("name").strip()
            if len(name.split()) < 2 or name.split()[0] in ("The", "This", "A", "An"):
                continue
            if _HEADLINE_VERB.search(name):  # a title: "United States and X Strengthen ..."
                continue
            if re.search(r"\b(?:signed|sign|concluded|reached|launched|established)\b", s.text):
                return name, (s.start, s.end)
            if not first[0]:
                first = (name, (s.start, s.end))
    return first


def signers(sentences: list[Sentence], rec: Reconciler, parties: list[Party]) -> list[Signer]:
    """People who signed, from sentences that say so: "Trump and Japan's Prime Minister Sanae
    Takaichi signed ...", "signed by Commission President Ursula von der Leyen". A surname
    alone is the person named in full with a title elsewhere in the text."""
    people: dict[str, tuple[str, str]] = {}  # surname -> (full name, office)
    for s in sentences:
        for m in _PERSON.finditer(s.text):
            people.setdefault(m.group("name").split()[-1], (m.group("name"), m.group("office")))
    found: list[Signer] = []
    for s in sentences:
        cue = SIGN_CUE.search(s.text)
        if cue is None or re.search(r"\bwill sign|\bto sign\b", s.text):
            continue
        found += _signers_in(s, rec, people, parties)
        if found:
            break
    _assign_by_elimination(found, parties)
    return found


def _signers_in(
    s: Sentence, rec: Reconciler, people: dict[str, tuple[str, str]], parties: list[Party]
) -> list[Signer]:
    out: list[Signer] = []
    taken: list[tuple[int, int]] = []
    for m in _PERSON.finditer(s.text):
        office = m.group("office")
        party = _party_of(m.group("owner") or "", office, s.text[m.end() : m.end() + 60], rec)
        out.append(Signer(m.group("name"), office, party, (s.start, s.end)))
        taken.append(m.span())
    for surname, (name, office) in people.items():
        for m in re.finditer(rf"\b{re.escape(surname)}\b", s.text):
            if any(a <= m.start() < b for a, b in taken) or any(x.name == name for x in out):
                continue
            out.append(Signer(name, office, None, (s.start, s.end)))
            taken.append(m.span())
    return out


_BEHALF = re.compile(r"[^.;]*?\bon behalf of (?:the\s+)?(?P<p>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)")


def _party_of(owner: str, office: str, after: str, rec: Reconciler) -> Entity | None:
    """The party a signer acts for: "Japan's Prime Minister", "U.S. President", "European
    Commission President", "Minister ... on behalf of the Union"."""
    behalf = _BEHALF.match(after)
    for candidate in (owner, behalf.group("p") if behalf else "", *_prefixes(office)):
        if candidate and rec.region(candidate) is not None:
            return rec.party(candidate)
    return None


def _prefixes(office: str) -> list[str]:
    words = office.split()
    return [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]


def _assign_by_elimination(found: list[Signer], parties: list[Party]) -> None:
    """Two parties and two signers, one placed: the other signed for the other party."""
    unplaced = [s for s in found if s.party is None]
    placed = {s.party.iri for s in found if s.party is not None}
    rest = [p for p in parties if p.entity.iri not in placed]
    if len(unplaced) == 1 and len(rest) == 1:
        unplaced[0].party = rest[0].entity


def signing_date(sentences: list[Sentence], text: str) -> str | None:
    """The date of the sentence that signs or concludes the agreement, else the first full date
    in the text (a dateline)."""
    for s in sentences:
        if (SIGN_CUE.search(s.text) or AGREEMENT_CUE.search(s.text)) and DATE_RE.search(s.text):
            return find_date(s.text)
    return find_date(text)
