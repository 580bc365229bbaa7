"""Review of drafts that write a new agreement's facts directly on its nodes (no claims).

``extract`` on a text of an agreement the graph lacks writes the agreement and its commitments
with their facts as plain triples, each node marked ``pledge:reviewStatus "draft"``. For
``pledgegraph review`` each such agreement or commitment is an item of its own (``new``, named
by its slug). Accepting it drops the draft marks of the node and of the draft nodes it refers
to; rejecting a commitment turns each fact the source stated about it into a rejected claim
(``id/claim/<agreement>/<slug>/<source>/<fact>``, about nothing, with the node's evidence) and
removes the node, which was ours: the source's words are kept, never counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from pledgegraph.vocab import ID, OA, PLEDGE


@dataclass
class NodeItem:
    id: str
    node: URIRef
    review: str
    evidence: URIRef | None
    money: Node | None


DRAFT_MARKS = (PLEDGE.reviewStatus, PLEDGE.reviewNote, PROV.wasGeneratedBy)
STATED = (PLEDGE.amount, PLEDGE.committedBy, PLEDGE.partner, PLEDGE.hostCountry, PLEDGE.purpose)


def _id(node: object) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _natural(iri: object) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(iri)))


def node_items(graph: Graph, taken: set[str], targets: set[URIRef | None]) -> list[NodeItem]:
    """Each agreement and commitment marked draft that no claim is about, by slug (its IRI if
    the slug is ``taken``), with its evidence and its amount node."""
    found: list[NodeItem] = []
    for kind in (PLEDGE.Agreement, PLEDGE.Commitment):
        for node in sorted(graph.subjects(RDF.type, kind, unique=True), key=_natural):
            review = str(graph.value(node, PLEDGE.reviewStatus) or "")
            if not isinstance(node, URIRef) or node in targets or not review:
                continue
            item_id = _id(node) if _id(node) not in taken else str(node)
            evidence = graph.value(node, PLEDGE.evidence)
            money = graph.value(node, PLEDGE.amount) or graph.value(node, PLEDGE.statedTotal)
            found.append(
                NodeItem(
                    item_id, node, review, evidence if isinstance(evidence, URIRef) else None, money
                )
            )
    return found


def undraft(graph: Graph, node: URIRef) -> None:
    """Accept a node written directly (no claims) and the draft nodes it refers to (its
    amount, evidence, new entities), one step out."""
    for ref in [node, *graph.objects(node, None)]:
        if (ref, RDF.type, PLEDGE.Claim) in graph or not isinstance(ref, URIRef):
            continue
        if str(graph.value(ref, PLEDGE.reviewStatus) or "") == "draft":
            for prop in DRAFT_MARKS:
                graph.remove((ref, prop, None))


def undraft_rest(graph: Graph) -> None:
    """After --accept-all: every draft node that is not a claim and that no claim still in
    draft uses (a source, a new entity, a signer) is accepted with the rest."""
    pending: set[Node] = set()
    for claim in graph.subjects(PLEDGE.reviewStatus, Literal("draft")):
        if (claim, RDF.type, PLEDGE.Claim) in graph:
            pending |= {claim, *graph.objects(claim, PLEDGE.claimedValue)}
            pending |= set(graph.objects(claim, PLEDGE.claimAbout))
            for evidence in graph.objects(claim, PLEDGE.evidence):
                pending |= set(graph.objects(evidence, OA.hasSource))
    for node in list(graph.subjects(PLEDGE.reviewStatus, Literal("draft"))):
        if node not in pending:
            for prop in DRAFT_MARKS:
                graph.remove((node, prop, None))


def reject_node(graph: Graph, node: URIRef) -> list[URIRef]:
    """Turn the facts written on ``node`` into claims (to be marked rejected) and remove the
    node; returns the claims."""
    evidence = graph.value(node, PLEDGE.evidence)
    source = graph.value(evidence, OA.hasSource) if evidence is not None else None
    agreement = graph.value(node, PLEDGE.underAgreement)
    base = f"claim/{_id(agreement)}/{_id(node)}/{_id(source)}"
    claims = []
    for fact in STATED:
        values = list(graph.objects(node, fact))
        if not values:
            continue
        claim = ID[f"{base}/{fact.split('#')[-1]}"]
        graph.add((claim, RDF.type, PLEDGE.Claim))
        graph.add((claim, PLEDGE.fact, fact))
        for value in values:
            if fact == PLEDGE.amount:  # the amount node becomes the claim's
                graph.add((claim, PLEDGE.claimedValue, value))
                continue
            graph.add((claim, PLEDGE.claimedValue, value))
        for ev in graph.objects(node, PLEDGE.evidence):
            graph.add((claim, PLEDGE.evidence, ev))
        claims.append(claim)
    graph.remove((node, None, None))
    return claims
