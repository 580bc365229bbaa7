"""``pledgegraph import-table``: a pledge-tracker table (CSV or TSV) -> Turtle.

One row per commitment. Columns (header names, any order, case-insensitive; see docs/ingest.md):

    id            optional slug of the commitment; other rows' ``parent`` may name it
    investor      REQUIRED  the party that pledges: a country (its government), "Japanese
                            companies" (a company group) or a company
    host_country  the country the money or action goes to
    amount        money as written: "$3 billion", "up to $25bn" (cap), "at least €2bn" (floor);
                  REQUIRED unless the row has a parent
    currency      ISO code, needed only when the amount has no symbol ("3 billion")
    partners      partner companies, separated by ";"
    sector        REQUIRED  slug or label from ontology/sectors.ttl ("nuclear-power", "Ports")
    purpose       what the money is for
    label         short name (default: made from partners and purpose)
    source_title  REQUIRED  title of the source the quote comes from
    source_url    where it was published
    source_date   publication date, YYYY-MM-DD
    source_file   REQUIRED  the stored text of the source, relative to the table
    quote         REQUIRED  the sentence, verbatim from source_file (its span is computed)
    parent        id of the umbrella commitment (a row of this table or one in the graph)

Errors name the cell: ``file:row:column: message`` (row 1 is the header, columns from 1).

A row already in the graph — a commitment of the same agreement with the same amount (figure
and currency), the same partners and a source of the same title or stored copy — is reported
(``TableResult.duplicates``) and not written again, and so is a row that repeats an earlier
row of the table; ``keep_duplicates`` writes them anyway. The table itself is declared a
source (``pledge:OtherSource``), and each commitment it writes says it was derived from it.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from pledgegraph.errors import InputError, InputErrors
from pledgegraph.ingest import read_plain_text
from pledgegraph.ingest.amounts import AmountError, currency_code, parse_amount
from pledgegraph.ingest.draft import (
    DraftCommitment,
    DraftWriter,
    Quote,
    Source,
    to_turtle,
)
from pledgegraph.ingest.imported import Imported
from pledgegraph.ingest.reconcile import ReconcileError, Reconciler, new_slug
from pledgegraph.vocab import ID, PLEDGE, slugify

COLUMNS = (
    "id",
    "investor",
    "host_country",
    "amount",
    "currency",
    "partners",
    "sector",
    "purpose",
    "label",
    "source_title",
    "source_url",
    "source_date",
    "source_file",
    "quote",
    "parent",
)
REQUIRED = ("investor", "sector", "source_title", "source_file", "quote")


@dataclass
class TableResult:
    turtle: bytes
    commitments: list[DraftCommitment]
    errors: list[InputError] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # "file:row: already imported as ..."


class _RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        self.column, self.message = column, message


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and rows (with their line numbers) of a CSV or TSV file, UTF-8 with or without BOM."""
    text = read_plain_text(path, "a CSV or TSV table", encoding="utf-8-sig")
    if not text.strip():
        raise InputError(path, 0, 0, "the table is empty")
    first = text.splitlines()[0]
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [re.sub(r"\s+", "_", h.strip().lower()) for h in next(reader)]
    errors = [
        InputError(path, 1, i, f"unknown column {h!r}; the columns are: " + ", ".join(COLUMNS))
        for i, h in enumerate(header, start=1)
        if h not in COLUMNS
    ]
    errors += [InputError(path, 1, 0, f"missing column {c!r}") for c in REQUIRED if c not in header]
    if "amount" not in header:
        errors.append(InputError(path, 1, 0, "missing column 'amount'"))
    if errors:
        raise InputErrors(errors)
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise InputError(
                path,
                reader.line_num,
                len(header) + 1,
                f"{len(cells)} cells but the header has {len(header)} columns",
            )
        rows.append(
            (
                reader.line_num,
                {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)},
            )
        )
    return header, rows


class _Importer:
    def __init__(self, path: Path, agreement: URIRef, rec: Reconciler, output: Path | None):
        self.path = path
        self.agreement = agreement
        self.rec = rec
        self.folder = (output.parent if output else Path.cwd()).resolve()
        self.texts: dict[Path, str] = {}
        self.sources: dict[Path, Source] = {}
        prefix = str(ID[f"commitment/{agreement.rsplit('/', 1)[-1]}/"])
        self.existing = {
            str(s)[len(prefix) :]
            for s in rec.graph.subjects(RDF.type, PLEDGE.Commitment)
            if str(s).startswith(prefix)
        }
        self.taken = set(self.existing)
        self._next: dict[str, int] = {}  # slug base -> the last number tried: linear, not n^2
        self._answers: dict[tuple[str, str], Any] = {}
        self._files: dict[str, Path] = {}

    def _memo(self, kind: str, name: str) -> Any:
        """The reconciler's answer for a name, asked once per distinct name and kind (a table
        names the same parties and sectors row after row)."""
        key = (kind, name)
        if key not in self._answers:
            self._answers[key] = getattr(self.rec, kind)(name)
        return self._answers[key]

    def _slug(self, base: str) -> str:
        """``base`` as a free slug (``-2``, ``-3`` ... appended), remembering where it got to."""
        slug = slugify(base)[:60].strip("-")
        n = self._next.get(slug, 1)
        candidate = slug if n == 1 else f"{slug}-{n}"
        while candidate in self.taken:
            n += 1
            candidate = f"{slug}-{n}"
        self._next[slug] = n
        self.taken.add(candidate)
        return candidate

    def _text(self, cell: str) -> tuple[Path, str]:
        if (file := self._files.get(cell)) is None:  # resolved once per cell, not per row
            file = self._files[cell] = (self.path.parent / cell).resolve()
        if file not in self.texts:
            try:
                self.texts[file] = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise _RowError("source_file", f"cannot read {cell}: {err}") from err
        return file, self.texts[file]

    def _source(self, row: dict[str, str], file: Path) -> Source:
        if file not in self.sources:
            if row.get("source_date") and not re.fullmatch(
                r"\d{4}-\d{2}-\d{2}", row["source_date"]
            ):
                raise _RowError("source_date", "use YYYY-MM-DD")
            slug = new_slug(
                row["source_title"] or file.stem,
                {
                    str(s).rsplit("/", 1)[-1]
                    for s in self.rec.graph.subjects(RDF.type, PLEDGE.SourceDocument)
                },
            )
            self.sources[file] = Source(
                ID[f"source/{slug}"],
                row["source_title"],
                Path(os.path.relpath(file, self.folder)).as_posix(),
                row.get("source_url", ""),
                row.get("source_date", ""),
            )
        return self.sources[file]

    def row(self, row: dict[str, str], ids: dict[str, str]) -> DraftCommitment:
        for column in REQUIRED:
            if not row.get(column):
                raise _RowError(column, f"missing {column.replace('_', ' ')}")
        investor = self._memo("party", row["investor"])
        host = self._memo("country", row["host_country"]) if row.get("host_country") else None
        if row.get("currency"):
            try:
                currency_code(row["currency"])
            except AmountError as err:
                raise _RowError("currency", str(err)) from err
        amount = None
        if row.get("amount"):
            try:
                amount = parse_amount(row["amount"], row.get("currency"))
            except AmountError as err:
                raise _RowError("amount", str(err)) from err
        elif not row.get("parent"):
            raise _RowError(
                "amount", "missing amount (only a component with a parent may have none)"
            )
        try:
            sector = self._memo("sector", row["sector"])
        except ReconcileError as err:
            raise _RowError("sector", str(err)) from err
        partners = [
            self._memo("company", p.strip())
            for p in row.get("partners", "").split(";")
            if p.strip()
        ]
        file, text = self._text(row["source_file"])
        quote = " ".join(row["quote"].split()) if row["quote"] not in text else row["quote"]
        start = text.find(quote)
        if start < 0:
            raise _RowError("quote", f"the quote is not in {row['source_file']} word for word")
        parent = None
        if row.get("parent"):
            slug = ids.get(row["parent"]) or (
                row["parent"] if row["parent"] in self.existing else None
            )
            if slug is None:
                raise _RowError(
                    "parent",
                    f"no commitment {row['parent']!r} above in the table or in the agreement",
                )
            parent = ID[f"commitment/{self.agreement.rsplit('/', 1)[-1]}/{slug}"]
        if row.get("id"):
            if row["id"] in self.taken:
                raise _RowError("id", f"commitment {row['id']!r} already exists")
            slug = self._slug(row["id"])
        else:
            words = [
                w for w in slugify(row.get("purpose") or row["sector"]).split("-") if len(w) > 2
            ][:4]
            lead = [slugify(partners[0].label)] if partners else []
            slug = self._slug("-".join(lead + words) or "commitment")
        if row.get("id"):
            ids[row["id"]] = slug
        label = row.get("label") or (row.get("purpose") or self.rec.sector_slug(sector))
        return DraftCommitment(
            slug=slug,
            label=label,
            investor=investor,
            sector=sector,
            quotes=[Quote(start, start + len(quote), quote)],
            source=self._source(row, file),
            host=host,
            amount=amount,
            partners=partners,
            purpose=row.get("purpose", ""),
            parent=parent,
        )


def import_table(
    path: Path,
    agreement_slug: str | None,
    rec: Reconciler,
    *,
    output: Path | None = None,
    skip_bad: bool = False,
    keep_duplicates: bool = False,
) -> TableResult:
    """Read every row, reconcile its names, and make Turtle; bad rows raise ``InputErrors``
    (all of them) unless ``skip_bad``, in which case they are returned in ``errors``. Without
    ``agreement_slug`` the graph's only agreement is used."""
    known = sorted(
        str(a).rsplit("/", 1)[-1] for a in rec.graph.subjects(RDF.type, PLEDGE.Agreement)
    )
    if agreement_slug is None:
        if len(known) != 1:
            raise InputError(
                "--agreement",
                0,
                0,
                f"name the agreement the rows belong to; known: {', '.join(known) or 'none'}",
            )
        agreement_slug = known[0]
    agreement = ID[f"agreement/{slugify(agreement_slug)}"]
    if (agreement, RDF.type, PLEDGE.Agreement) not in rec.graph:
        raise InputError(
            "--agreement",
            0,
            0,
            f"no agreement {agreement_slug!r} in the graph; known: {', '.join(known) or 'none'}",
        )
    header, rows = read_table(path)
    importer = _Importer(path, agreement, rec, output)
    good: list[DraftCommitment] = []
    errors: list[InputError] = []
    ids: dict[str, str] = {}
    seen = Imported(rec.graph, agreement)
    duplicates: list[str] = []
    for line, row in rows:
        try:
            commitment = importer.row(row, ids)
            where = seen.check(commitment, agreement)
            if where is not None and not keep_duplicates:
                duplicates.append(f"{path}:{line}: already imported as {where}; not written again")
                continue
            good.append(commitment)
        except _RowError as err:
            errors.append(
                InputError(
                    path,
                    line,
                    header.index(err.column) + 1 if err.column in header else 0,
                    err.message,
                )
            )
    if errors and (not skip_bad or not (good or duplicates)):
        raise InputErrors(errors)
    if not good and not duplicates:
        raise InputError(path, 0, 0, "the table has no rows")
    writer = DraftWriter(agreement.rsplit("/", 1)[-1], rec, review=False)
    for source in importer.sources.values():
        writer.source(source)
    table_source = table_source_node(writer, path, importer.folder, rec)
    for commitment in good:
        node = writer.commitment(commitment, agreement)
        writer.graph.add((node, PROV.wasDerivedFrom, table_source))
    declared = writer.entities()
    report = [f"{len(good)} commitment(s) from {len(rows)} row(s)"]
    if duplicates:
        report.append(f"{len(duplicates)} row(s) already imported, not written again")
    report += [f"new {e.kind}: {e.label} <{e.iri}>" for e in declared]
    header_text = (
        f"Imported by pledgegraph import-table from {path.name}.\n"
        "Names were reconciled with the graph; new entities are declared below."
    )
    turtle = to_turtle(writer.graph, header_text)
    return TableResult(turtle, good, errors, report, duplicates)


def table_source_node(writer: DraftWriter, path: Path, folder: Path, rec: Reconciler) -> URIRef:
    """The table as a source of its own (``pledge:OtherSource``), declared once: importing the
    same table again reuses it."""
    node = ID[f"source/table-{slugify(path.stem)}"]
    if (node, RDF.type, PLEDGE.SourceDocument) not in rec.graph:
        g = writer.graph
        g.add((node, RDF.type, PLEDGE.SourceDocument))
        g.add((node, DCTERMS.title, Literal(f"[{path.name}]")))
        g.add((node, PLEDGE.sourceKind, PLEDGE.OtherSource))
        copy = Path(os.path.relpath(path.resolve(), folder)).as_posix()
        g.add((node, PLEDGE.localCopy, Literal(copy)))
    return node
