"""Deterministic positions for the network page: clusters of rings, packed without overlap.

A cluster is drawn around its centre (an agreement, a sector, a party): its members (the
commitments) on one ring, or several once one would grow too wide, largest first on the inner
ring and grouped by a key (the sector) around it; then its satellites (the companies, sectors and
parties the commitments name) on outer rings, each as close as it can get to the angle of the
members it links to. Clusters are packed on a circle around a hub that holds what several of them
share, or, for an overview, on a grid. Nothing is random and nothing depends on dict or set order:
the same input gives the same numbers, and no two node discs overlap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Pos = tuple[float, float]

SLOT = 130.0  # room along a ring per node: the node and some of its label
RING_GAP = 110.0  # between rings
HUB_CELL = 120.0  # grid cell of the hub
MARGIN = 60.0  # around a cluster
MAX_RING = 40  # members on one ring before a second one starts


@dataclass
class Cluster:
    """Positions relative to the cluster's centre, its radius, and where each label goes."""

    pos: dict[str, Pos] = field(default_factory=dict)
    side: dict[str, str] = field(default_factory=dict)  # b(elow), r(ight), l(eft), t(op)
    radius: float = 0.0


def cluster(
    centre: str | None,
    sizes: Mapping[str, float],
    members: Sequence[str],
    group: Mapping[str, str] | None = None,
    levels: Sequence[Sequence[tuple[str, Sequence[str]]]] = (),
) -> Cluster:
    """Lay out one cluster.

    ``members`` come in priority order (largest first); ``group`` orders them around a ring
    (members of one group side by side). Each level of ``levels`` is a list of
    ``(node, linked nodes)``: a node goes on a ring outside the previous ones, near the angle of
    the nodes it links to that are already placed.
    """
    out = Cluster()
    inner = sizes.get(centre, 0.0) if centre else 0.0
    if centre:
        out.pos[centre], out.side[centre] = (0.0, 0.0), "b"
    radius = inner + RING_GAP
    for ring in _rings(members, sizes, radius):
        ordered = sorted(ring, key=lambda m: (group or {}).get(m, "")) if group else ring
        radius = max(radius, _fit_radius(ordered, sizes))
        _place_ring(out, ordered, [None] * len(ordered), radius, sizes)
        radius += RING_GAP + 2 * max(sizes[m] for m in ring)
    for level in levels:
        nodes = [n for n, _ in level if n not in out.pos]
        if not nodes:
            continue
        targets = {
            n: _mean_angle(out.pos[x] for x in linked if x in out.pos) for n, linked in level
        }
        radius = _place_level(out, nodes, targets, radius, sizes)
    out.radius = (
        max((math.hypot(*p) + sizes.get(n, 0.0) for n, p in out.pos.items()), default=0.0) + MARGIN
    )
    return out


def _rings(members: Sequence[str], sizes: Mapping[str, float], radius: float) -> list[list[str]]:
    rings, rest = [], list(members)
    while rest:
        capacity = max(MAX_RING, int(2 * math.pi * radius / SLOT))
        rings.append(rest[:capacity])
        rest = rest[capacity:]
        radius += RING_GAP + SLOT
    return rings


def _fit_radius(nodes: Sequence[str], sizes: Mapping[str, float]) -> float:
    """The radius at which ``nodes`` fit side by side, each with its slot."""
    return sum(max(SLOT, 2 * sizes[n] + 24) for n in nodes) / (2 * math.pi)


def _place_ring(
    out: Cluster,
    nodes: Sequence[str],
    angles: Sequence[float | None],
    radius: float,
    sizes: Mapping[str, float],
) -> None:
    """Nodes on a circle: at the given angles, or evenly from the top, clockwise."""
    n = len(nodes)
    for i, (node, angle) in enumerate(zip(nodes, angles, strict=True)):
        a = angle if angle is not None else -math.pi / 2 + 2 * math.pi * i / n
        out.pos[node] = (round(radius * math.cos(a), 1), round(radius * math.sin(a), 1))
        out.side[node] = _side(a)


def _side(angle: float) -> str:
    """Where a label reads best on a ring: outward."""
    c, s = math.cos(angle), math.sin(angle)
    if abs(c) > 0.64:
        return "r" if c > 0 else "l"
    return "b" if s > 0 else "t"


def _mean_angle(points: Iterable[Pos]) -> float | None:
    """The direction of the sum of the unit vectors to ``points``; None if they cancel out.
    The sum is rounded first: vectors that cancel leave a last-digit remainder whose sign
    would otherwise decide the angle, and differ between Python's and a browser's ``hypot``."""
    x = y = 0.0
    for px, py in points:
        norm = math.hypot(px, py) or 1.0
        x, y = x + px / norm, y + py / norm
    x, y = round(x, 9) + 0.0, round(y, 9) + 0.0  # + 0.0: no negative zero
    return math.atan2(y, x) if (x, y) != (0.0, 0.0) else None


def _place_level(
    out: Cluster,
    nodes: list[str],
    targets: Mapping[str, float | None],
    radius: float,
    sizes: Mapping[str, float],
) -> float:
    """One level of satellites on as few rings as hold them; returns the next free radius."""
    slot = max([SLOT] + [2 * sizes[n] + 24 for n in nodes])
    radius += RING_GAP
    rings = 1
    while len(nodes) > rings * int(2 * math.pi * radius / slot):
        rings += 1
    # nodes without a target angle fill in, evenly, in id order
    floating = sorted(n for n in nodes if targets.get(n) is None)
    spread = {
        n: -math.pi / 2 + 2 * math.pi * (i + 0.5) / len(floating) for i, n in enumerate(floating)
    }
    angle = {n: t if (t := targets.get(n)) is not None else spread[n] for n in nodes}
    by_angle = sorted(nodes, key=lambda n: (angle[n] % (2 * math.pi), n))
    for r in range(rings):
        ring = by_angle[r::rings]
        ring_radius = radius + r * (slot * 0.6)
        gap = slot / ring_radius
        placed = spread_on_circle([angle[n] for n in ring], gap)
        _place_ring(out, ring, placed, ring_radius, sizes)
    return radius + (rings - 1) * slot * 0.6 + 2 * max(sizes[n] for n in nodes)


def spread_on_circle(targets: Sequence[float], gap: float) -> list[float]:
    """Angles as close to ``targets`` (sorted, radians) as they can be with at least ``gap``
    between neighbours: least squares under the gap constraints, solved exactly by pooling
    adjacent violators after cutting the circle at its widest empty arc."""
    n = len(targets)
    if n == 0:
        return []
    if n * gap >= 2 * math.pi:
        gap = 2 * math.pi / n
    t = [a % (2 * math.pi) for a in targets]
    order = sorted(range(n), key=lambda i: t[i])
    ts = [t[i] for i in order]
    widest = max(
        range(n), key=lambda i: ((ts[(i + 1) % n] - ts[i]) % (2 * math.pi) or 2 * math.pi, -i)
    )
    start = (widest + 1) % n
    line = [ts[(start + k) % n] for k in range(n)]
    line = [a + 2 * math.pi if k and a < line[0] else a for k, a in enumerate(line)]
    fitted = _pava([a - k * gap for k, a in enumerate(line)])
    placed = [y + k * gap for k, y in enumerate(fitted)]
    if placed[-1] - placed[0] > 2 * math.pi - gap:  # too crowded to keep the order's targets
        offset = sum(a - k * gap for k, a in enumerate(line)) / n
        placed = [offset + k * gap for k in range(n)]
    result = [0.0] * n
    for k, a in enumerate(placed):
        result[order[(start + k) % n]] = a
    return result


def _pava(values: Sequence[float]) -> list[float]:
    """The non-decreasing sequence nearest to ``values`` in least squares."""
    blocks: list[list[float]] = []  # [sum, count]
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    out: list[float] = []
    for total, count in blocks:
        out += [total / count] * int(count)
    return out


# --- packing clusters -------------------------------------------------------------------------


def around_hub(
    clusters: Sequence[Cluster],
    hub: Sequence[tuple[str, float, Mapping[int, float]]],
) -> tuple[dict[str, Pos], dict[str, str]]:
    """Clusters on a circle, in the given order, around a hub of shared nodes.

    ``hub`` lists ``(node, size, {cluster index: weight})``: each goes to the free hub cell
    nearest the weighted mean of its clusters' places, pulled in towards the middle.
    """
    k = len(clusters)
    pos: dict[str, Pos] = {}
    side: dict[str, str] = {}
    if k == 0:
        centres: list[Pos] = []
        hub_radius = 0.0
    else:
        hub_radius = HUB_CELL * (math.sqrt(len(hub) / math.pi) + 1) if hub else 0.0
        ring = max(c.radius for c in clusters) + hub_radius if k > 1 else 0.0
        for i in range(k):
            j = (i + 1) % k
            if k > 1:
                chord = 2 * math.sin(math.pi / k)
                ring = max(ring, (clusters[i].radius + clusters[j].radius) / chord)
        centres = [
            (round(ring * math.cos(-math.pi / 2 + 2 * math.pi * i / k), 1),
             round(ring * math.sin(-math.pi / 2 + 2 * math.pi * i / k), 1))
            for i in range(k)
        ]  # fmt: skip
        for c, (cx, cy) in zip(clusters, centres, strict=True):
            pos.update({n: (x + cx, y + cy) for n, (x, y) in c.pos.items()})
            side.update(c.side)
        if k == 1 and hub:  # one cluster: shared nodes can only sit beside it
            centres = [(0.0, 0.0)]
    discs = [(cx, cy, c.radius) for c, (cx, cy) in zip(clusters, centres, strict=True)]
    taken: set[tuple[int, int]] = set()
    for node, _size, weights in sorted(hub, key=lambda h: (-len(h[2]), h[0])):
        total = sum(weights.values()) or 1.0
        tx = sum(centres[i][0] * w for i, w in weights.items()) / total if centres else 0.0
        ty = sum(centres[i][1] * w for i, w in weights.items()) / total if centres else 0.0
        pull = 0.35 if k > 1 else 1.0
        cell = _free_cell(tx * pull, ty * pull, taken, discs)
        taken.add(cell)
        pos[node], side[node] = (cell[0] * HUB_CELL, cell[1] * HUB_CELL), "b"
    return pos, side


def _free_cell(
    x: float, y: float, taken: set[tuple[int, int]], discs: Sequence[tuple[float, float, float]]
) -> tuple[int, int]:
    """The hub cell nearest ``(x, y)`` that is free and outside every cluster's disc."""
    cx, cy = round(x / HUB_CELL), round(y / HUB_CELL)
    ring = 0
    while True:
        free = [
            (cx + dx, cy + dy)
            for dx in range(-ring, ring + 1)
            for dy in range(-ring, ring + 1)
            if max(abs(dx), abs(dy)) == ring
            and (cx + dx, cy + dy) not in taken
            and all(
                math.hypot((cx + dx) * HUB_CELL - px, (cy + dy) * HUB_CELL - py) > r + HUB_CELL / 2
                for px, py, r in discs
            )
        ]
        if free:
            return min(free, key=lambda c: ((c[0] - cx) ** 2 + (c[1] - cy) ** 2, c))
        ring += 1


def grid(
    clusters: Sequence[Cluster], aspect: float = 1.4, wide: float = 1.8
) -> tuple[dict[str, Pos], dict[str, str]]:
    """Clusters in rows, in the given order: columns ``wide`` times as wide as the widest
    cluster (labels are wider than tall), each row as tall as its tallest; as many columns as
    make the whole about ``aspect`` times as wide as tall."""
    pos: dict[str, Pos] = {}
    side: dict[str, str] = {}
    if not clusters:
        return pos, side
    columns = max(1, round(math.sqrt(len(clusters) * aspect / wide)))
    width = max(c.radius for c in clusters) * wide
    y = 0.0
    for start in range(0, len(clusters), columns):
        row = clusters[start : start + columns]
        height = max(c.radius for c in row)
        for i, c in enumerate(row):
            cx, cy = (2 * i + 1) * width, y + height
            pos.update({n: (round(px + cx, 1), round(py + cy, 1)) for n, (px, py) in c.pos.items()})
            side.update(c.side)
        y += 2 * height
    return pos, side
