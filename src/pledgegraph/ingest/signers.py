"""Who signed: people named with an office in the sentences that sign the agreement.

Written as "Japan's Prime Minister Sanae Takaichi", "U.S. Deputy Secretary of Commerce Daniel
Ashcombe", "President Park Ji-hoon of the Republic of Korea", "the President of the European
Commission, Helena Vaskari," or "the Premier of Queensland, the Honourable Rachel Dunmore MP,". A
surname alone ("Trump and ... signed") is the person named in full elsewhere in the text. The
party a signer acts for comes from the words ("Japan's", "U.S.", "of the Czech Republic", "signed
for the United States", "on behalf of the Union"); with two parties and one signer placed, the
other signed for the other party.
"""

from __future__ import annotations

import re

from pledgegraph.ingest.reconcile import Entity, Reconciler
from pledgegraph.ingest.results import Party, Signer
from pledgegraph.ingest.text import Sentence

TITLE = (
    r"(?:Vice President|President|Prime Minister|Deputy Prime Minister|Chancellor|Premier|"
    r"Trade Commissioner|Commissioner|(?:Deputy |Under )?Secretary(?: of [A-Z]\w+)?|"
    r"Trade Representative|(?:Defen[cs]e |Trade |Foreign |Finance |Economy |Energy )?Minister|"
    r"Governor|Crown Prince|King|Emir|Sheikh|Ambassador|Chief Executive|CEO|Chairman|Chair)"
)
_CAPS = r"[A-Z][\w.\u2019'-]*(?:,?\s(?:and\s|of\s|the\s)*[A-Z][\w.\u2019'-]*)*?"
_HONORIFIC = r"(?:the\s+Honou?rable\s+|Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+|Dr\.?\s+|H\.?E\.?\s+)?"
_NAME = (
    r"(?P<name>[A-Z][\w\u2019'-]+(?:\s(?:(?:von der|van der|von|van|de|bin|al|da|di|le|la)\s)?"
    r"[A-Z][\w\u2019'-]+){1,3})"
)
# "Japan's Prime Minister Sanae Takaichi", "President Park Ji-hoon of the Republic of Korea"
PERSON = re.compile(
    rf"(?:(?P<owner>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)[\u2019']s\s+)?"
    rf"(?P<office>(?:(?:[A-Z][\w.]*|E\.U\.|U\.S\.)\s+){{0,3}}?{TITLE}(?:\s+of\s+(?:the\s+)?"
    rf"[A-Z][\w.]*(?:\s(?:and\s|&\s)?[A-Z][\w.]*)*?)?)\s+{_HONORIFIC}{_NAME}"
    rf"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w.]*(?:\s(?:of\s)?[A-Z][\w.]*)*))?"
)
# "the President of the European Commission, Helena Vaskari," (office first, name in commas)
PERSON_AFTER = re.compile(
    rf"(?P<office>{TITLE}(?:\s+of\s+(?:the\s+)?{_CAPS})?),\s+{_HONORIFIC}{_NAME}(?:\s+MP)?"
    r"(?=\s*(?:,|\band\b|\bsigned\b|\.|$))"
)
# "Priya Raman, Chief Executive of Brightwell Workplace Savings," (name first, office in commas)
PERSON_BEFORE = re.compile(
    rf"{_NAME},\s+(?:the\s+)?(?P<office>{TITLE}(?:\s+of\s+(?:the\s+)?{_CAPS})?),"
)
SIGNED = re.compile(r"\b(?:signed|signs|co-signed|initialled|initialed|inked)\b", re.IGNORECASE)
_NOT_YET = re.compile(r"\b(?:will|to|would|expected to)\s+sign\b", re.IGNORECASE)
_FOR = re.compile(
    r"[^.;]{0,40}?\b(?:signed for|on behalf of|for)\s+(?:the\s+)?"
    r"(?P<p>[A-Z][\w.]*(?:\s(?:of\s)?[A-Z][\w.]*)*)"
)


def signers(sentences: list[Sentence], rec: Reconciler, parties: list[Party]) -> list[Signer]:
    """Everyone the text says signed, each once, in the order named."""
    people: dict[str, tuple[str, str]] = {}  # surname -> (full name, office)
    for s in sentences:
        for pattern in (PERSON_AFTER, PERSON_BEFORE, PERSON):
            for m in pattern.finditer(s.text):
                name = _bare(m.group("name"))
                people.setdefault(name.split()[-1], (name, m.group("office")))
    found: list[Signer] = []
    for s in sentences:
        if SIGNED.search(s.text) and not _NOT_YET.search(s.text):
            for signer in _signers_in(s, rec, people):
                if not any(x.name == signer.name for x in found):
                    found.append(signer)
                elif signer.party is not None:
                    for x in found:
                        if x.name == signer.name and x.party is None:
                            x.party = signer.party
    _assign_by_elimination(found, parties)
    return found


def _signers_in(s: Sentence, rec: Reconciler, people: dict[str, tuple[str, str]]) -> list[Signer]:
    out: list[Signer] = []
    taken: list[tuple[int, int]] = []
    for pattern in (PERSON_AFTER, PERSON_BEFORE, PERSON):
        for m in pattern.finditer(s.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            groups = m.groupdict()
            owner = (groups.get("owner") or "") + " " + (groups.get("of") or "")
            party = _party_of(owner, m.group("office"), s.text[m.end() : m.end() + 80], rec)
            out.append(Signer(_bare(m.group("name")), m.group("office"), party, (s.start, s.end)))
            taken.append(m.span())
    for surname, (name, office) in people.items():
        for m in re.finditer(rf"\b{re.escape(surname)}\b", s.text):
            if any(a <= m.start() < b for a, b in taken) or any(x.name == name for x in out):
                continue
            party = _party_of("", office, s.text[m.end() : m.end() + 80], rec)
            out.append(Signer(name, office, party, (s.start, s.end)))
            taken.append(m.span())
    out.sort(key=lambda x: s.text.find(x.name.split()[-1]))
    return out


def _bare(name: str) -> str:
    """A name without post-nominal letters: "Rachel Dunmore MP" -> "Rachel Dunmore"."""
    return re.sub(r"(?:\s+(?:MP|MEP|MLA|QC|KC|OBE|CBE|Jr\.?|Sr\.?))+$", "", name)


def _party_of(owner: str, office: str, after: str, rec: Reconciler) -> Entity | None:
    """The party a signer acts for, from the words around the name."""
    behalf = _FOR.match(after)
    candidates = [owner.strip(), behalf.group("p") if behalf else ""]
    words = office.split()
    candidates += [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]
    if " of " in office:
        place = office.rsplit(" of ", 1)[1]
        candidates += [place, re.sub(r"^the\s+", "", place)]
    for candidate in candidates:
        for part in (candidate, *candidate.split()):
            if part and rec.region(part) is not None and part[:1].isupper():
                return rec.party(part)
    return None


def _assign_by_elimination(found: list[Signer], parties: list[Party]) -> None:
    """Two parties and two signers, one placed: the other signed for the other party."""
    unplaced = [s for s in found if s.party is None]
    placed = {s.party.iri for s in found if s.party is not None}
    rest = [p for p in parties if p.entity.iri not in placed]
    if len(unplaced) == 1 and len(rest) == 1:
        unplaced[0].party = rest[0].entity
