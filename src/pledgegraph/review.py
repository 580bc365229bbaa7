"""Review of a draft file: list its items, accept, reject or re-target them.

An **item** is what one quote of a source says: the claims that share one evidence node (the
draft ``extract --agreement`` writes names it ``.../item-N``, and that last segment is the
item's id). Its **status** tells what the draft did with it:

* ``matched``: its claims are about a commitment the file does not declare (one in the graph);
* ``new``: about a commitment the file declares (a draft commitment, minted for the item);
* ``ambiguous``: about nothing yet: ``pledge:candidate`` lists the commitments it may be about.

``apply`` changes the file's graph in memory: ``--match ID=COMMITMENT`` first (the claims are
then about that commitment, the candidates and any commitment minted for the item are gone,
and the item is accepted unless it is also rejected), then ``--accept``, then ``--reject``.
Accepting or rejecting sets ``pledge:reviewStatus`` on each claim, with
``pledge:reviewedOn`` (and ``pledge:reviewedBy``), and drops the draft marks of the source,
new commitment and new entities it uses. A rejected claim stays in the file, never counted; an
item rejected before it is matched keeps no subject (the commitment minted for a new item is
removed). Every id is checked before anything changes, so a bad id leaves the file as it was.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from pledgegraph.claims import Amount
from pledgegraph.errors import InputError, PledgeGraphError
from pledgegraph.load import parse_file
from pledgegraph.review_nodes import node_items, reject_node, undraft, undraft_rest
from pledgegraph.vocab import OA, PLEDGE, SCHEMA, prefixes


class ReviewError(PledgeGraphError):
    """An id or commitment that names nothing, or a step that cannot be taken."""

    exit_code = 2


@dataclass
class Item:
    id: str
    evidence: URIRef
    claims: list[URIRef]
    status: str  # matched | new | ambiguous
    review: str  # draft | accepted | rejected | mixed
    commitment: URIRef | None
    candidates: list[URIRef]
    amount: Amount | None
    quote: str


@dataclass
class Draft:
    path: Path
    graph: Graph
    header: str
    items: dict[str, Item] = field(default_factory=dict)


def read(path: Path) -> Draft:
    """The draft file with its items; a syntax error is an ``InputError`` at line:col."""
    graph = Graph()
    parse_file(path, graph)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:  # parse_file has caught it; for type checkers
        raise InputError(path, 0, 0, str(err)) from err
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line[1:].removeprefix(" "))
    draft = Draft(path, graph, "\n".join(header))
    draft.items = items(graph)
    return draft


def _id(evidence: URIRef) -> str:
    return str(evidence).rstrip("/").rsplit("/", 1)[-1]


def items(graph: Graph) -> dict[str, Item]:
    """Every item of the file, in the order of its evidence (``item-2`` before ``item-10``)."""
    by_evidence: dict[URIRef, list[URIRef]] = defaultdict(list)
    for claim in graph.subjects(RDF.type, PLEDGE.Claim, unique=True):
        if isinstance(claim, URIRef):
            for evidence in graph.objects(claim, PLEDGE.evidence):
                if isinstance(evidence, URIRef):
                    by_evidence[evidence].append(claim)
    declared = set(graph.subjects(RDF.type, PLEDGE.Commitment))
    found: dict[str, Item] = {}
    for evidence in sorted(by_evidence, key=_natural):
        claims = sorted(by_evidence[evidence], key=str)
        item_id = _id(evidence)
        if item_id in found:  # two sources' evidence with the same last segment
            item_id = str(evidence)
        abouts = {a for c in claims for a in graph.objects(c, PLEDGE.claimAbout)}
        candidates = sorted(
            {a for c in claims for a in graph.objects(c, PLEDGE.candidate)}, key=str
        )
        about = min(abouts, key=str) if abouts else None
        if about is None:
            status = "ambiguous" if candidates else "new"
        else:
            status = "new" if about in declared else "matched"
        reviews = {str(graph.value(c, PLEDGE.reviewStatus) or "") for c in claims}
        found[item_id] = Item(
            item_id,
            evidence,
            claims,
            status,
            reviews.pop() if len(reviews) == 1 else "mixed",
            about if isinstance(about, URIRef) else None,
            [c for c in candidates if isinstance(c, URIRef)],
            _amount(graph, claims),
            _quote(graph, evidence),
        )
    targets = {i.commitment for i in found.values()}
    for n in node_items(graph, set(found), targets):
        money = _figures(graph, n.money) if n.money is not None else None
        quote = _quote(graph, n.evidence) if n.evidence is not None else ""
        found[n.id] = Item(
            n.id, n.evidence or n.node, [], "new", n.review, n.node, [], money, quote
        )
    return found


def _natural(iri: object) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(iri)))


def _quote(graph: Graph, evidence: URIRef) -> str:
    for selector in graph.objects(evidence, OA.hasSelector):
        exact = graph.value(selector, OA.exact)
        if exact is not None:
            return str(exact)
    return ""


def _amount(graph: Graph, claims: list[URIRef]) -> Amount | None:
    for claim in claims:
        if graph.value(claim, PLEDGE.fact) not in (PLEDGE.amount, PLEDGE.statedTotal):
            continue
        value = graph.value(claim, PLEDGE.claimedValue)
        if value is not None:
            return _figures(graph, value)
    return None


def _figures(graph: Graph, value: Node) -> Amount:
    figures = [graph.value(value, p) for p in (SCHEMA.value, SCHEMA.maxValue, SCHEMA.minValue)]
    numbers = [Decimal(str(f)) if f is not None else None for f in figures]
    currency = str(graph.value(value, SCHEMA.currency) or "")
    return Amount(numbers[0], numbers[1], numbers[2], currency)


# ---------------------------------------------------------------- changes


@dataclass
class Decisions:
    accept: list[str] = field(default_factory=list)
    accept_all: bool = False
    reject: list[str] = field(default_factory=list)
    match: list[tuple[str, str]] = field(default_factory=list)
    reviewer: str = ""
    on: date = field(default_factory=date.today)


@dataclass
class Outcome:
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    matched: list[tuple[str, URIRef]] = field(default_factory=list)
    left_ambiguous: list[Item] = field(default_factory=list)


def normalise_id(given: str, draft: Draft) -> str:
    """``3`` -> ``item-3``; an id must name an item of the file."""
    key = given.strip()
    if key not in draft.items and key.isdigit() and f"item-{key}" in draft.items:
        key = f"item-{key}"
    if key not in draft.items:
        names = list(draft.items)
        near = difflib.get_close_matches(key, names, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else f"; ids: {', '.join(names[:8])}"
        raise ReviewError(f"{draft.path}: no item {given!r} in the file{hint}")
    return key


def commitment_iri(given: str, draft: Draft, item: Item, known: set[URIRef]) -> URIRef:
    """A commitment as a prefixed name, full IRI, ``<IRI>`` or slug of the item's agreement."""
    text = given.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    iri: URIRef | None = None
    if re.fullmatch(r"[a-z][a-z0-9-]*:[^\s/].*", text) and "://" not in text:
        prefix, local = text.split(":", 1)
        namespace = dict(prefixes().namespaces()).get(prefix)
        if namespace is not None:
            iri = URIRef(str(namespace) + local)
    elif "://" in text:
        iri = URIRef(text)
    else:  # a slug: relative to the item's candidates' (or commitment's) agreement folder
        base = next(iter(item.candidates), item.commitment)
        if base is not None:
            iri = URIRef(str(base).rsplit("/", 1)[0] + "/" + text)
    if iri is None or iri not in known:
        names = sorted(str(k) for k in known)
        near = difflib.get_close_matches(str(iri or text), names, n=3, cutoff=0.3)
        hint = f"; nearest: {', '.join(near)}" if near else ""
        raise ReviewError(f"--match {item.id}={given}: no such commitment in the graph{hint}")
    return iri


def apply(draft: Draft, decisions: Decisions, known: set[URIRef]) -> Outcome:
    """Carry out the decisions on ``draft.graph`` (see the module's docstring); ``known`` are
    the commitments of the graph and the file. Nothing changes if any id is wrong."""
    matches = []
    for item_id, target in decisions.match:
        item = draft.items[normalise_id(item_id, draft)]
        matches.append((item, commitment_iri(target, draft, item, known)))
    accept = [draft.items[normalise_id(i, draft)] for i in decisions.accept]
    reject = [draft.items[normalise_id(i, draft)] for i in decisions.reject]
    matched_ids = {item.id for item, _ in matches}
    rejected_ids = {item.id for item in reject}
    for item, _ in matches:
        if not item.claims:
            raise ReviewError(f"{item.id} is written directly, without claims: it names itself")
    for item in accept:
        if item.status == "ambiguous" and item.id not in matched_ids:
            names = ", ".join(str(c) for c in item.candidates)
            raise ReviewError(
                f"{item.id} is ambiguous (candidates: {names}): resolve it with "
                f"--match {item.id}=COMMITMENT"
            )
    outcome = Outcome()
    for item, target in matches:
        _retarget(draft.graph, item, target)
        outcome.matched.append((item.id, target))
        if item.id not in rejected_ids:
            accept.append(item)
    if decisions.accept_all:
        for item in draft.items.values():
            if item.review != "draft" or item.id in matched_ids or item.id in rejected_ids:
                continue
            if item.status == "ambiguous":
                outcome.left_ambiguous.append(item)
            else:
                accept.append(item)
    done: set[str] = set()
    for item, verdict in [(i, "accepted") for i in accept] + [(i, "rejected") for i in reject]:
        if item.id in done and verdict == "accepted":
            continue
        if verdict == "rejected" and item.status == "new" and item.id not in matched_ids:
            _drop_minted(draft.graph, item)
        if not item.claims and item.commitment is not None:
            if verdict == "accepted":
                undraft(draft.graph, item.commitment)
                continue
            item.claims = reject_node(draft.graph, item.commitment)
        _set_review(draft.graph, item, verdict, decisions)
        (outcome.accepted if verdict == "accepted" else outcome.rejected).append(item.id)
        done.add(item.id)
    outcome.accepted = [i for i in dict.fromkeys(outcome.accepted) if i not in rejected_ids]
    _undraft_used(draft.graph)
    if decisions.accept_all:
        undraft_rest(draft.graph)
    draft.items = items(draft.graph)
    return outcome


def _retarget(graph: Graph, item: Item, target: URIRef) -> None:
    if item.status == "new" and item.commitment is not None and item.commitment != target:
        _drop_minted(graph, item)
    for claim in item.claims:
        graph.remove((claim, PLEDGE.candidate, None))
        graph.remove((claim, PLEDGE.claimAbout, None))
        graph.add((claim, PLEDGE.claimAbout, target))
    item.candidates, item.commitment = [], target


def _drop_minted(graph: Graph, item: Item) -> None:
    """Remove the commitment minted for a new item (ours, not the source's) and the claims'
    link to it, unless another item's claims are about it too."""
    minted = item.commitment
    if minted is None:
        return
    others = set(graph.subjects(PLEDGE.claimAbout, minted)) - set(item.claims)
    for claim in item.claims:
        graph.remove((claim, PLEDGE.claimAbout, minted))
    if not others:
        graph.remove((minted, None, None))
    item.commitment = None


def _set_review(graph: Graph, item: Item, verdict: str, decisions: Decisions) -> None:
    for claim in item.claims:
        for prop in (PLEDGE.reviewStatus, PLEDGE.reviewNote, PLEDGE.reviewedBy, PLEDGE.reviewedOn):
            graph.remove((claim, prop, None))
        graph.add((claim, PLEDGE.reviewStatus, Literal(verdict)))
        graph.add((claim, PLEDGE.reviewedOn, Literal(decisions.on.isoformat(), datatype=XSD.date)))
        if decisions.reviewer:
            graph.add((claim, PLEDGE.reviewedBy, Literal(decisions.reviewer)))


def _undraft_used(graph: Graph) -> None:
    """A draft node that is not a claim (a source, a new commitment or entity) stops being a
    draft once a reviewed claim uses it; drafts used only by draft claims stay drafts."""
    reviewed = [
        c
        for c in graph.subjects(RDF.type, PLEDGE.Claim, unique=True)
        if str(graph.value(c, PLEDGE.reviewStatus) or "") in ("accepted", "rejected")
    ]
    used: set[Node] = set()
    for claim in reviewed:
        used |= set(graph.objects(claim, PLEDGE.claimAbout))
        used |= set(graph.objects(claim, PLEDGE.claimedValue))
        for evidence in graph.objects(claim, PLEDGE.evidence):
            used |= set(graph.objects(evidence, OA.hasSource))
    for node in used:
        if (node, RDF.type, PLEDGE.Claim) in graph:
            continue
        if str(graph.value(node, PLEDGE.reviewStatus) or "") == "draft":
            graph.remove((node, PLEDGE.reviewStatus, None))
            graph.remove((node, PLEDGE.reviewNote, None))
