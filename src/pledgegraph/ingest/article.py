"""``pledgegraph extract``: read an article, extract, and turn the result into a draft graph.

The draft reuses the agreement already in the graph whose signatories are the two governments
the text names (or ``--agreement SLUG``); otherwise it declares a new agreement, dated by the
first date in the text or ``--published``. Times are deterministic: the PROV activity is dated
by ``--published`` (else ``$SOURCE_DATE_EPOCH``, else 1970-01-01) unless ``now`` is asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from pledgegraph import __version__
from pledgegraph.errors import InputError
from pledgegraph.ingest import TOOL_NAME, read_plain_text
from pledgegraph.ingest.draft import (
    DraftAgreement,
    DraftCommitment,
    DraftWriter,
    Quote,
    Source,
    to_turtle,
)
from pledgegraph.ingest.extract import Extraction, Found, extract
from pledgegraph.ingest.reconcile import Reconciler, new_slug
from pledgegraph.ingest.results import Party
from pledgegraph.vocab import ID, PLEDGE, ordered, slugify

CHECK_NOTE = (
    "Check the amount and whether it is a cap, a floor or stated, the parties, the "
    "partners and the sector against the quote."
)


@dataclass
class ArticleDraft:
    turtle: bytes
    extraction: Extraction
    agreement: DraftAgreement
    report: list[str] = field(default_factory=list)


def read_article(path: Path) -> str:
    """The article as text (CRLF read as LF, a byte-order mark kept as a character, as
    ``Path.read_text`` does); empty, binary or non-UTF-8 files are an ``InputError``."""
    text = read_plain_text(path, "a plain-text article")
    if not text.strip(" \t\r\n\ufeff"):
        raise InputError(path, 0, 0, "the file is empty; there is nothing to extract")
    # Offsets count characters as Python reads the file as text (universal newlines), which is
    # how `validate` reads it to check every quote at its span.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def activity_time(published: str, now: bool) -> str:
    if now:
        return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if published:
        return f"{published}T00:00:00Z"
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    return datetime.fromtimestamp(epoch, tz=UTC).isoformat().replace("+00:00", "Z")


def _existing_agreement(graph: Graph, parties: set[URIRef]) -> URIRef | None:
    for agreement in ordered(graph.subjects(RDF.type, PLEDGE.Agreement, unique=True)):
        if set(graph.objects(agreement, PLEDGE.signatory)) == parties:
            return agreement  # type: ignore[return-value]
    return None


def party_name(party: Party, rec: Reconciler) -> str:
    """A party's name for slugs and labels: the country of a government ("Japan"), the body
    ("European Union"), the region of a sub-national government ("Queensland"), else the
    label."""
    entity = party.entity
    if entity.kind == "government":
        return rec.label_of(rec.home(entity)) or entity.label
    if entity.kind == "subnational":
        return entity.label.removeprefix("Government of ")
    return entity.label


def _agreement(
    result: Extraction, rec: Reconciler, slug: str | None, published: str, text: str
) -> DraftAgreement:
    signatories = [p.entity for p in result.parties]
    if slug:
        iri = ID[f"agreement/{slugify(slug)}"]
        existing = iri if (iri, RDF.type, PLEDGE.Agreement) in rec.graph else None
    else:
        existing = _existing_agreement(rec.graph, {s.iri for s in signatories})
    if existing is not None:
        return DraftAgreement(existing, "", signatories, new=False)
    date = result.signing_date or result.text_date or published
    if not date:
        raise InputError(
            "--published",
            0,
            0,
            "the text names no signing date and the agreement "
            "is new; pass --published DATE (YYYY-MM-DD)",
        )
    if len(signatories) < 2:
        found = ", ".join(p.label for p in result.parties) or "none"
        raise InputError(
            "--agreement",
            0,
            0,
            f"the text names fewer than two parties (found: {found}); pass "
            "--agreement SLUG of an agreement in the graph",
        )
    names = [party_name(p, rec) for p in result.parties]
    if not slug:
        slug = "-".join(slugify(n) for n in names) + "-" + date[:4]
    quotes = []
    for span in [result.agreement_quote, *result.headline_quotes[:1]]:
        if span is not None:
            quotes.append(Quote(span[0], span[1], text[span[0] : span[1]]))
    if not quotes and result.commitments:
        first = result.commitments[0].quotes[0]
        quotes.append(Quote(first[0], first[1], text[first[0] : first[1]]))
    label = result.agreement_name or " and ".join(names) + " agreement"
    return DraftAgreement(
        ID[f"agreement/{slugify(slug)}"],
        label,
        signatories,
        True,
        date,
        quotes[:1],
        notes=_agreement_notes(result, date, text),
        signers=result.signers,
    )


def _agreement_notes(result: Extraction, date: str, text: str) -> list[str]:
    notes = ["New agreement: check its name, parties and signers."]
    if result.signing_date == date:
        pass  # stated in the text
    elif result.text_date == date:
        notes.append(f"Signing date {date} is the text's dateline, not a stated signing: confirm.")
    else:
        notes.append(
            f"Signing date {date} is the --published date, not read from the text: confirm it."
        )
    for link in result.links:
        quote = text[link.quote[0] : link.quote[1]]
        notes.append(f"The text says this agreement {link.kind} {link.target!r}: {quote!r}")
    for headline in result.headlines[1:]:
        a = headline.amount
        notes.append(f"Another headline ({headline.kind}): {a.currency} {a.value} ({a.text!r}).")
    for amount, _ in result.other_amounts:
        notes.append(f"Not counted, it belongs to another agreement or source: {amount.text!r}.")
    return notes


def _label(c: Found) -> str:
    """A short name from the purpose and partners; cut at a word boundary, never mid-word."""
    base = c.purpose[:1].upper() + c.purpose[1:] if c.purpose else "Commitment"
    if len(base) > 80:
        base = base[:81].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"
    if c.truncated:
        base += " (text cut off)"
    if c.partners:
        base += " with " + " and ".join(p.label for p in c.partners)
    return base


def _slug_base(c: Found, rec: Reconciler) -> str:
    words = [w for w in slugify(c.purpose or "commitment").split("-") if len(w) > 2][:4]
    lead = [slugify(c.partners[0].label)] if c.partners else []
    return "-".join(lead + words) or rec.sector_slug(c.sector)


def _notes(c: Found, rec: Reconciler) -> list[str]:
    notes = [CHECK_NOTE]
    if c.investor_inferred:
        notes.append(
            f"The quote names no investor: {c.investor.label}, the text's main investor, "
            "was assumed. Confirm it."
        )
    if c.kind == "purchase":
        notes.append(
            f"A purchase ({c.goods or 'goods'}), not an investment: never add it to investment."
        )
    if c.truncated:
        notes.append(
            "The sentence is cut off mid-word in the source: its purpose is read only from the "
            "complete words. Check it against a full copy; it may repeat another commitment."
        )
    if c.amount is not None and c.amount.kind == "range":
        notes.append("A range: schema:minValue is its low end, schema:maxValue its high end.")
    if c.sector_guessed:
        notes.append(
            f"No sector keyword matched; sector {rec.sector_slug(c.sector)} was taken "
            "from the context. Confirm it."
        )
    return notes


def build_draft(
    text: str,
    article: Path,
    rec: Reconciler,
    *,
    output: Path | None = None,
    source_url: str = "",
    title: str = "",
    published: str = "",
    agreement_slug: str | None = None,
    now: bool = False,
) -> ArticleDraft:
    """Extract from ``text`` (the content of ``article``) and write the draft as Turtle bytes."""
    result = extract(text, rec, published)
    if not result.commitments:
        raise InputError(
            article,
            0,
            0,
            "no commitment found: no amount of money and no sentence "
            "in which a party commits to an action",
        )
    agreement = _agreement(result, rec, agreement_slug, published, text)
    slug = agreement.iri.rsplit("/", 1)[-1]
    taken_sources = {
        str(s).rsplit("/", 1)[-1] for s in rec.graph.subjects(RDF.type, PLEDGE.SourceDocument)
    }
    folder = (output.parent if output else Path.cwd()).resolve()
    source = Source(
        ID[f"source/{new_slug(article.stem, taken_sources)}"],
        title or f"[{article.name}]",
        Path(os.path.relpath(article.resolve(), folder)).as_posix(),
        source_url,
        published,
    )
    activity = ID[f"activity/{TOOL_NAME}/{source.iri.rsplit('/', 1)[-1]}"]
    writer = DraftWriter(slug, rec, review=True, activity=activity)
    writer.source(source)
    writer.activity_node(source, activity_time(published, now))
    agreement.headline = result.headline
    agreement.headline_quotes = [Quote(a, b, text[a:b]) for a, b in result.headline_quotes]
    writer.agreement(agreement, source)
    prefix = str(ID[f"commitment/{slug}/"])
    taken = {
        str(s)[len(prefix) :]
        for s in rec.graph.subjects(RDF.type, PLEDGE.Commitment)
        if str(s).startswith(prefix)
    }
    nodes: list[URIRef] = []
    for c in result.commitments:
        draft = DraftCommitment(
            slug=new_slug(_slug_base(c, rec), taken),
            label=_label(c),
            investor=c.investor,
            sector=c.sector,
            quotes=[Quote(a, b, text[a:b]) for a, b in c.quotes],
            source=source,
            host=c.host,
            amount=c.amount,
            partners=c.partners,
            purpose=c.purpose,
            parent=nodes[c.parent] if c.parent is not None else None,
            policy=c.policy,
            kind=c.kind,
            notes=_notes(c, rec),
        )
        nodes.append(writer.commitment(draft, agreement.iri))
    declared = writer.entities()
    header = (
        f"DRAFT for review, written by {TOOL_NAME} {__version__} from {source.local_copy}.\n"
        'Every node marked pledge:reviewStatus "draft" needs a reviewer: read its\n'
        "pledge:reviewNote lines, fix what is wrong, then delete the reviewStatus, reviewNote and\n"
        "prov:wasGeneratedBy lines. Check with `pledgegraph validate THIS.ttl`, then move the\n"
        "file into data/agreements/ (and the text into data/sources/, fixing pledge:localCopy)."
    )
    report = [
        f"{len(result.monetary)} monetary commitment(s), "
        f"{sum(1 for c in result.commitments if c.parent is not None)} component(s), "
        f"{sum(1 for c in result.commitments if c.policy)} policy commitment(s)",
        ("agreement: " + ("new " if agreement.new else "existing ") + str(agreement.iri)),
    ]
    if result.headline is not None:
        report.append(f"headline total: {result.headline.currency} {result.headline.value}")
    for entity in declared:
        report.append(f"new {entity.kind}: {entity.label} <{entity.iri}>")
    return ArticleDraft(to_turtle(writer.graph, header), result, agreement, report)
