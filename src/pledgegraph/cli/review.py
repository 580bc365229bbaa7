"""``pledgegraph review FILE``: list a draft's items; accept, reject or re-target them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from rdflib import RDF, URIRef

from pledgegraph.atomic import write_atomic
from pledgegraph.claims import Amount
from pledgegraph.gate import refuse_drafts
from pledgegraph.ingest.draft import to_turtle
from pledgegraph.load import load
from pledgegraph.results import short_iri
from pledgegraph.review import Decisions, Draft, Item, Outcome, apply, read
from pledgegraph.vocab import PLEDGE


def _ids(values: tuple[str, ...]) -> list[str]:
    """``--accept item-1,item-2 --accept 3``: every id, in order."""
    return [part for value in values for part in value.replace(",", " ").split()]


def _pairs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        item_id, sep, target = value.partition("=")
        if not sep or not item_id or not target:
            raise click.BadParameter(f"{value!r} is not ID=COMMITMENT", param_hint="--match")
        pairs.append((item_id, target))
    return pairs


def item_json(item: Item, with_review: bool = False) -> dict[str, object]:
    """The item as ``review --json`` prints it."""
    data: dict[str, object] = {
        "id": item.id,
        "status": item.status,
        "commitment": str(item.commitment) if item.commitment else None,
        "candidates": [str(c) for c in item.candidates],
        "amount": _amount_json(item.amount),
        "quote": item.quote,
    }
    if with_review:
        data["review"] = item.review
    return data


def _amount_json(amount: Amount | None) -> dict[str, object] | None:
    if amount is None:
        return None
    figure = amount.figure
    value: float | int = int(figure) if figure == figure.to_integral_value() else float(figure)
    data: dict[str, object] = {"kind": amount.kind, "value": value, "currency": amount.currency}
    if amount.kind == "range":  # the low end is the floor, the high end the cap
        data["min"], data["max"] = float(amount.floor or 0), float(amount.cap or 0)
    return data


def _line(item: Item, with_review: bool) -> str:
    if item.status == "ambiguous":
        target = "candidates: " + ", ".join(short_iri(c) for c in item.candidates)
    else:
        target = short_iri(item.commitment) if item.commitment else "-"
    amount = item.amount.text() if item.amount else "-"
    if item.amount and item.amount.kind == "stated":
        amount = "stated " + amount
    quote = item.quote if len(item.quote) <= 90 else item.quote[:89] + "…"
    review = f"\t{item.review}" if with_review else ""
    return f"{item.id}\t{item.status}{review}\t{target}\t{amount}\t{quote!r}"


def _known_commitments(draft: Draft) -> set[URIRef]:
    dataset = load([draft.path])
    known = {s for s in dataset.subjects(RDF.type, PLEDGE.Commitment) if isinstance(s, URIRef)}
    return known | {
        s for s in draft.graph.subjects(RDF.type, PLEDGE.Commitment) if isinstance(s, URIRef)
    }


def _report(outcome: Outcome) -> None:
    if outcome.matched:
        for item_id, target in outcome.matched:
            click.echo(f"matched {item_id} -> {short_iri(target)}")
    if outcome.accepted:
        click.echo(f"accepted {len(outcome.accepted)} item(s): {', '.join(outcome.accepted)}")
    if outcome.rejected:
        click.echo(f"rejected {len(outcome.rejected)} item(s): {', '.join(outcome.rejected)}")
    for item in outcome.left_ambiguous:
        names = ", ".join(short_iri(c) for c in item.candidates)
        click.echo(
            f"left as a draft: {item.id} is ambiguous (candidates: {names}); "
            f"resolve it with --match {item.id}=COMMITMENT"
        )


@click.command("review")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the items as a JSON list.")
@click.option(
    "--all", "show_all", is_flag=True, help="List reviewed items too (with a review column)."
)
@click.option("--accept", multiple=True, metavar="ID[,ID...]", help="Accept these items.")
@click.option(
    "--accept-all",
    is_flag=True,
    help="Accept every draft item except the ambiguous ones, which stay drafts.",
)
@click.option(
    "--reject",
    multiple=True,
    metavar="ID[,ID...]",
    help="Reject these items: kept in the file, never counted.",
)
@click.option(
    "--match",
    "match",
    multiple=True,
    metavar="ID=COMMITMENT",
    help="Make the item's claims about COMMITMENT (prefixed name, full IRI, <IRI> or slug) "
    "and accept them: resolves an ambiguous item, re-targets any other.",
)
@click.option("--reviewer", default="", metavar="NAME", help="Who reviews (stored on each claim).")
@click.option(
    "--date",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Review date stored on each claim [default: today].",
)
def review_command(
    file: Path,
    as_json: bool,
    show_all: bool,
    accept: tuple[str, ...],
    accept_all: bool,
    reject: tuple[str, ...],
    match: tuple[str, ...],
    reviewer: str,
    on: datetime | None,
) -> None:
    """List the draft items of FILE (written by `extract` or `import-table`), or review them.

    Each item is one quote of the source and its claims: its id, status (matched: about a
    commitment in the graph; new: a new commitment; ambiguous: fits several, never merged until
    you pick one with --match), target or candidates, amount and kind, quote. With --accept,
    --accept-all, --reject or --match the file is rewritten atomically; nothing is deleted but
    a commitment minted for an item you re-target or reject. An unknown id changes nothing.
    """
    draft = read(file)
    decisions = Decisions(_ids(accept), accept_all, _ids(reject), _pairs(match), reviewer)
    if on is not None:
        decisions.on = on.date()
    if decisions.accept or decisions.accept_all or decisions.reject or decisions.match:
        known = _known_commitments(draft) if decisions.match else set()
        outcome = apply(draft, decisions, known)
        write_atomic(file, to_turtle(draft.graph, draft.header))
        _report(outcome)
        left = sum(1 for i in draft.items.values() if i.review == "draft")
        click.echo(f"wrote {file}; {left} item(s) still draft", err=True)
        return
    shown = [i for i in draft.items.values() if show_all or i.review in ("draft", "mixed")]
    if as_json:
        click.echo(
            json.dumps([item_json(i, show_all) for i in shown], indent=2, ensure_ascii=False)
        )
        return
    for item in shown:
        click.echo(_line(item, show_all))
    click.echo(f"{len(shown)} item(s)" + ("" if show_all else " in draft"), err=True)


F = TypeVar("F", bound=Callable[..., Any])


def drafts_option(func: F) -> F:
    """``--drafts``: go ahead with draft claims in the data, counted and marked as drafts."""
    return click.option(
        "--drafts",
        is_flag=True,
        help="Allow unreviewed drafts (`pledgegraph review`): they count, and every output "
        'keeps them marked pledge:reviewStatus "draft". Without it, drafts stop the command.',
    )(func)


def gate(store: object, drafts: bool) -> None:
    """Stop (exit 1, naming each file and its drafts) while drafts are in the data, unless
    ``drafts``; with it, say how many drafts the outputs carry."""
    counts = refuse_drafts(store, drafts)
    for file, n in counts.items():
        click.echo(f"warning: {file}: {n} draft node(s) included, marked as drafts", err=True)


COMMANDS = (review_command,)
