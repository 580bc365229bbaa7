"""Commands that turn sources into draft data for review: extract, import-table."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from pledgegraph.atomic import write_atomic
from pledgegraph.cli.params import draft_output_option, store_option
from pledgegraph.errors import InputError
from pledgegraph.ingest.article import ArticleDraft, build_draft, read_article
from pledgegraph.ingest.claims_draft import (
    SOURCE_KINDS,
    existing_agreement,
    second_source,
    source_info,
)
from pledgegraph.ingest.extract import extract as extract_text
from pledgegraph.ingest.gold import check as check_gold
from pledgegraph.ingest.gold import describe as describe_key
from pledgegraph.ingest.gold import published_of as gold_published
from pledgegraph.ingest.reconcile import Reconciler
from pledgegraph.ingest.table import import_table
from pledgegraph.store import StoreSpec, open_store


def _reconciler(store_spec: StoreSpec) -> Reconciler:
    """A reconciler over the project's graph, reached through the store seam."""
    return Reconciler(open_store(store_spec, ()).dataset())


def _write_or_print(data: bytes, output: Path | None) -> None:
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"wrote {output}", err=True)


@click.command("extract")
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--source-url", default="", help="Where the article was published.")
@click.option("--title", default="", help="Title of the article (default: [file name]).")
@click.option(
    "--published",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date; dates the extraction and a new agreement.",
)
@click.option(
    "--agreement",
    "agreement_slug",
    default=None,
    metavar="SLUG",
    help="Agreement the commitments belong to (default: the one in the graph signed "
    "by the two countries, else a new one).",
)
@draft_output_option("Write the draft Turtle here (default: stdout).")
@click.option(
    "--check",
    "gold",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="GOLD.yaml",
    help="Score the extraction against a gold file and print precision, recall and F1.",
)
@click.option(
    "--now",
    is_flag=True,
    help="Date the extraction by the clock instead of "
    "--published (output is then not reproducible).",
)
@click.option("--publisher", default="", help="Publisher of the text, as printed.")
@click.option(
    "--source-kind",
    type=click.Choice(sorted(SOURCE_KINDS)),
    default=None,
    help="What kind of source the text is (weighs its claims against other sources').",
)
@store_option
def extract_command(
    article: Path,
    source_url: str,
    title: str,
    published: datetime | None,
    agreement_slug: str | None,
    output: Path | None,
    gold: Path | None,
    now: bool,
    publisher: str,
    source_kind: str | None,
    store_spec: StoreSpec,
) -> None:
    """Find commitments in ARTICLE (plain text) and write them as a draft for review.

    With --agreement SLUG of an agreement already in the graph, the text is read as another
    source of it: each item becomes draft claims about the commitment it matches (by amount,
    partners, purpose words and order), a new draft commitment when it matches none, or an
    ambiguous draft listing its candidates; `pledgegraph review` decides.

    Rule-based and offline. Every claim quotes its sentence with its exact span; every node is
    marked pledge:reviewStatus "draft" with notes on what to confirm. With --check the scores go
    to stdout and the draft is written only if -o is given.
    """
    date = published.date().isoformat() if published else ""
    if gold is not None and not date:
        date = gold_published(gold)  # a dateline without a year is scored with it
    text = read_article(article)
    reconciler = _reconciler(store_spec)
    existing = agreement_slug and existing_agreement(reconciler.graph, agreement_slug)
    if existing and gold is None:
        source = source_info(article, reconciler, output, title, source_url, date)
        source.publisher, source.kind = publisher, source_kind or ""
        turtle, report = second_source(text, reconciler, existing, source)
        for line in report:
            click.echo(line, err=True)
        _write_or_print(turtle, output)
        return

    def make_draft() -> ArticleDraft:
        return build_draft(
            text,
            article,
            reconciler,
            output=output,
            source_url=source_url,
            title=title,
            published=date,
            agreement_slug=agreement_slug,
            now=now,
        )

    if gold is None:
        draft = make_draft()
        for line in draft.report:
            click.echo(line, err=True)
        _write_or_print(draft.turtle, output)
        return
    try:
        draft = make_draft()
    except InputError as err:
        if output is not None:
            raise
        # the draft needs what the text may not give (a date, two parties); the scores do not
        click.echo(f"warning: no draft ({err}); scoring the extraction", err=True)
        extraction = extract_text(text, reconciler, date)
    else:
        for line in draft.report:
            click.echo(line, err=True)
        extraction = draft.extraction
        if output is not None:
            write_atomic(output, draft.turtle)
    for score in check_gold(extraction, gold, reconciler):
        click.echo(score.line())
        for key in score.missing:
            click.echo(f"  missing:    {describe_key(key)}")
        for key in score.unexpected:
            click.echo(f"  unexpected: {describe_key(key)}")


@click.command("import-table")
@click.argument("table", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--agreement",
    "agreement_slug",
    default=None,
    metavar="SLUG",
    help="Slug of the agreement in the graph that the rows belong to (default: the graph's only "
    "agreement).",
)
@draft_output_option("Write the Turtle here (default: stdout).")
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Write the good rows and report the bad ones instead of writing nothing.",
)
@click.option(
    "--keep-duplicates",
    is_flag=True,
    help="Write rows already in the graph (same agreement, amount, partners and source) again "
    "instead of reporting them.",
)
@store_option
def import_table_command(
    table: Path,
    agreement_slug: str | None,
    output: Path | None,
    skip_bad: bool,
    keep_duplicates: bool,
    store_spec: StoreSpec,
) -> None:
    """Turn a pledge-tracker TABLE (CSV or TSV, one commitment per row) into Turtle.

    Names are reconciled with the graph; new companies and countries are reported. A row already
    imported (same agreement, amount, partners and source) is reported, not written again. The
    table is declared a source (pledge:OtherSource). A bad row is
    reported as file:row:column: message and nothing is written, unless --skip-bad.
    """
    reconciler = _reconciler(store_spec)
    result = import_table(
        table,
        agreement_slug,
        reconciler,
        output=output,
        skip_bad=skip_bad,
        keep_duplicates=keep_duplicates,
    )
    for error in result.errors:
        click.echo(f"skipped: {error}", err=True)
    for duplicate in result.duplicates:
        click.echo(duplicate, err=True)
    for line in result.report:
        click.echo(line, err=True)
    _write_or_print(result.turtle, output)


COMMANDS = (extract_command, import_table_command)
