"""Blank node labels that do not change between runs: Oxigraph's parser labels blank nodes at
random, so each is renamed from what surrounds it (see ``stable_quads``)."""

from __future__ import annotations

import hashlib
from typing import Any

import pyoxigraph as ox


def stable_quads(quads: list[ox.Quad], graph: ox.NamedNode) -> list[ox.Quad]:
    """``quads`` with each blank node renamed from what surrounds it (its own statements and
    the statements about it, four steps out, and the graph's name), so the same file gives the
    same labels on every run and two files never share one. Blank nodes nothing tells apart
    are numbered in the order the quads come."""
    blank = ox.BlankNode
    nodes = {t for q in quads for t in (q.subject, q.object) if isinstance(t, blank)}
    names = dict.fromkeys(nodes, "")

    def term(t: Any) -> str:
        return names[t] if isinstance(t, blank) else str(t)

    for _ in range(4):
        around: dict[Any, list[str]] = {n: [] for n in nodes}
        for q in quads:
            if isinstance(q.subject, blank):
                around[q.subject].append(f"> {q.predicate} {term(q.object)}")
            if isinstance(q.object, blank):
                around[q.object].append(f"< {term(q.subject)} {q.predicate}")
        names = {n: _digest("\n".join(sorted(around[n]))) for n in nodes}
    labels: dict[Any, ox.BlankNode] = {}
    taken: set[str] = set()
    for n in sorted(nodes, key=lambda n: names[n]):
        label, i = "b" + _digest(graph.value + names[n])[:16], 0
        while label in taken:  # alike in every way: numbered
            i += 1
            label = "b" + _digest(graph.value + names[n])[:16] + f"n{i}"
        taken.add(label)
        labels[n] = ox.BlankNode(label)
    renamed = [
        ox.Quad(
            labels.get(q.subject, q.subject), q.predicate, labels.get(q.object, q.object), graph
        )
        for q in quads
    ]
    return renamed


def touches_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
