"""Text helpers for extraction: sentences with exact spans, names, partners, subjects, dates.

Rule-based and deterministic: regular expressions over the text, a gazetteer from the graph and
a capitalised-name heuristic. No model, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pledgegraph.ingest.gazetteer import GROUP_NOUNS
from pledgegraph.ingest.reconcile import Reconciler

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    str.split(
        "u.s|u.k|u.a.e|corp|inc|co|ltd|mr|mrs|ms|dr|st|no|vs|e.g|i.e|jan|feb|mar|apr|jun|jul|"
        "aug|sep|sept|oct|nov|dec|approx|est|govt|dept|gen|sen|rep|gov|pres|plc|llc|s.a|k.k|"
        "n.v|b.v|jr|sr|a.m|p.m",
        "|",
    )
)
# Company suffixes end a sentence when a capitalised word follows ("... Fertilisers Ltd. Berliner
# Turbinenwerk plans ..."): a name does not go on after its legal form.
CORPORATE = {"ltd", "inc", "corp", "plc", "llc", "co"}
BULLET = re.compile(r"^[ \t]*(?:[-*•·▪◦‣\u2013\u2014]|\d{1,2}[.)]|[a-z][.)])[ \t]+")
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z$€£¥₩₹0-9])")

# Capitalised names: "GE Vernova", "SoftBank Group Corp.", "Bank of America", "ENTRA1 Energy".
_TOKEN = r"(?:(?![A-Z]\.[a-z])[A-Z][\w'\u2019&-]*(?:\.(?=[A-Z]))?(?:[A-Z]\.)*|[A-Z]&[A-Z])"
_SUFFIX = (
    r"(?:,?\s(?:Co\.,?\s)?(?:Ltd|Inc|LLC|LLP|Corp|Co|plc|PLC|AG|SE|S\.p\.A|SpA|S\.r\.l|Srl|"
    r"S\.A\.S|SAS|S\.A|N\.V|B\.V|GmbH|K\.K|Pte|Sdn Bhd|Bhd|Tbk|PJSC|JSC|Oyj|A/S|ASA|AB|"
    r"KG|S\.L)\.?)"
)
NAME = rf"{_TOKEN}(?:\s(?:(?:of|de|du|la|del|for|&)\s)?{_TOKEN})*{_SUFFIX}?"
NAME_RE = re.compile(NAME)
LEADING_STOP = frozenset(
    str.split(
        "The|As|In|Under|It|This|These|Those|Meanwhile|Additionally|Also|Separately|Together|"
        "Both|Each|Through|With|From|By|And|Further|Furthermore|Moreover|Finally|Today|"
        "Yesterday|On|At|For|Of|A|An|Its|Their|His|Her|Our|We|They|I|You|He|She|Other|"
        "Following|After|Monday|"
        "Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday",
        "|",
    )
)
NOT_PARTNERS = frozenset(
    str.split(
        "agreement|framework|memorandum|cooperation|act|government|administration|"
        "white house|fact sheet|president|prime minister|ministry|department|congress|"
        "parliament|state|states|federal|kingdom|republic|summit|partnership|joint statement|"
        "investment|initiative|program|programme|parties|sides|participants|signatories|"
        "leaders|ministers",
        "|",
    )
)
TITLES = re.compile(
    r"^(?:President|Prime Minister|Minister|Secretary|Crown Prince|King|Emir|"
    r"Chancellor|Sheikh|Premier|Governor|Mr|Ms|Mrs|Dr|CEO|Chairman|Chair)\b"
)
PARTNER_CUE = re.compile(
    r"\b(?:in (?:partnership|collaboration|cooperation|conjunction|a joint venture|"
    r"a consortium) with|jointly with|together with|partnering with|teaming up with|"
    r"working (?:together |closely )?with|"
    r"alongside|with|from)\s+(?:the\s+)?(?=\w)"
)
_LIST_SEP = re.compile(r"(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)(?:the\s+)?(?=[A-Z])")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{MONTHS})\s+(?P<d1>\d{{1,2}}),\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTHS})\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    bullet: bool = False
    line_end: bool = False  # the sentence ends its line (a heading ends with ":")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with exact spans: lines first (bullets, headings), then sentence ends.

    The span excludes a bullet marker and surrounding white space, so
    ``text[s.start:s.end] == s.text`` always holds.
    """
    sentences: list[Sentence] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        marker = BULLET.match(body)
        pos = marker.end() if marker else 0
        pieces: list[tuple[int, int]] = []
        start = pos
        for match in _BOUNDARY.finditer(body, pos):
            tail = body[max(start, match.start() - 40) : match.end()]  # not the whole piece
            word = re.search(r"([\w.]+)[.!?][\"'\u201d\u2019)]*\s+$", tail)
            before = (word.group(1) if word else "").lower()
            following = re.match(r"[\w.]+", body[match.end() :])
            next_word = (following.group(0) if following else "").lower().rstrip(".")
            corporate_end = before in CORPORATE and next_word not in CORPORATE
            if not corporate_end and (
                before in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", before)
            ):
                continue
            pieces.append((start, match.start() + 1))
            start = match.end()
        pieces.append((start, len(body)))
        for i, (a, b) in enumerate(pieces):
            chunk = body[a:b]
            stripped = chunk.strip().lstrip("\ufeff").strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip().lstrip("\ufeff").lstrip())
            s = offset + a + lead
            sentences.append(
                Sentence(s, s + len(stripped), stripped, bool(marker), i == len(pieces) - 1)
            )
        offset += len(line)
    return sentences


def clean_name(raw: str) -> str:
    raw = re.sub(r"^\S+-based\s+", "", raw.strip())  # "Texas-based Gulfstar Energy"
    words = raw.split()
    while words and words[0] in LEADING_STOP:
        words.pop(0)
    # "The Kingdom's Public Investment Fund" -> "Public Investment Fund"
    for i in range(len(words) - 1, -1, -1):
        if re.search(r"[\u2019']s$", words[i]) and i < len(words) - 1:
            words = words[i + 1 :]
            break
    name = " ".join(words)
    return re.sub(r"[\u2019']s$", "", name).strip(" ,.;:")


def is_partner_name(name: str, reconciler: Reconciler) -> bool:
    if not name or TITLES.match(name) or reconciler.is_place(name):
        return False
    if reconciler.group_name(name) is not None:
        return False
    key = name.lower()
    return key not in NOT_PARTNERS and not any(key.endswith(" " + w) for w in NOT_PARTNERS)


def partner_mentions(segment: str, reconciler: Reconciler) -> list[tuple[str, int, int]]:
    """Names after partner cues ("in partnership with X", "with X and Y", "from X"), with their
    spans in ``segment``. Places, people and generic words are left out."""
    found: list[tuple[str, int, int]] = []
    known = reconciler.company_index  # a known name wins over the heuristic ("bp", "e&")
    for cue in PARTNER_CUE.finditer(segment):
        pos = cue.end()
        while True:
            if (hit := known.match(segment, pos)) is not None:
                name, end = hit[0], hit[2]
            elif (match := NAME_RE.match(segment, pos)) is not None:
                name, end = clean_name(match.group(0)), match.end()
            else:
                break
            if is_partner_name(name, reconciler):
                found.append((name, cue.start(), end))
            sep = _LIST_SEP.match(segment, end)
            if not sep:
                break
            pos = sep.end()
    return found


_GROUP = re.compile(
    r"\b(?:(?:[Vv]arious|[Ss]everal|[Oo]ther|[Ll]eading|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|"
    r"[Tt]en|[Mm]any|[Ss]ome|[Mm]ajor)\s+)?(?P<head>(?:[A-Z][\w.-]*\s){1,2})"
    r"(?:(?:[a-z][\w-]*|[A-Z]{2,4})\s){0,3}?"
    rf"(?:{'|'.join(GROUP_NOUNS)})\b"
)
_GOVERNMENT = re.compile(
    r"\b(?:the\s+)?(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*?)(?:[\u2019']s)?\s+[Gg]overnment\b"
    r"|\b[Gg]overnment of (?:the\s+)?(?P<c2>[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)"
)


def party_mentions(text: str, reconciler: Reconciler) -> list[tuple[str, int, int]]:
    """Candidate parties in ``text``: company groups, governments, countries, known companies,
    and capitalised names; as (name, start, end)."""
    found: list[tuple[str, int, int]] = []
    for m in _GROUP.finditer(text):
        if reconciler.group_name(m.group(0)) is not None:
            found.append((m.group(0), m.start(), m.end()))
    for m in _GOVERNMENT.finditer(text):
        name = m.group("c") or m.group("c2")
        if reconciler.is_place(name):
            found.append((name, m.start(), m.end()))
    found += reconciler.company_index.finditer(text)
    for m in NAME_RE.finditer(text):
        name = clean_name(m.group(0))
        if name and not TITLES.match(name):
            start = m.start() + m.group(0).find(name.split()[0]) if name else m.start()
            found.append((name, start, start + len(name)))
    return found


_SHORT_DATE = re.compile(
    r"\b(?:(?P<m1>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*)\b"
)


def dateline_date(text: str, published: str = "") -> str | None:
    """The date at the head of a text: a full date in its first 300 characters, or "Feb 17"
    there with the year of ``published`` ("WARSAW, Feb 17 (Wire) - ...")."""
    head = text[:300]
    if (full := find_date(head)) is not None:
        return full
    match = _SHORT_DATE.search(head)
    if match is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        return None
    months = [m[:3] for m in MONTHS.split("|")]
    month = months.index((match.group("m1") or match.group("m2"))[:3]) + 1
    day = int(match.group("d1") or match.group("d2"))
    return f"{published[:4]}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def find_date(text: str) -> str | None:
    """The first full date in ``text`` as ISO (``"October 28, 2025"`` -> ``"2025-10-28"``)."""
    months = MONTHS.split("|")
    for m in DATE_RE.finditer(text):
        if m.group("y3"):
            return f"{m.group('y3')}-{m.group('m3')}-{m.group('d3')}"
        month = m.group("m1") or m.group("m2")
        day = int(m.group("d1") or m.group("d2"))
        year = m.group("y1") or m.group("y2")
        return f"{year}-{months.index(month) + 1:02d}-{day:02d}"
    return None
