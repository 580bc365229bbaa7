"""What the page draws: every entity for a small graph, an overview with drill-down for a large one.

A scene is a list of ``(node, x, y, label side)``. Up to ``FULL_LIMIT`` entities the page has one
scene, ``full``: each agreement a cluster (its commitments around it, the companies, sectors and
parties they name outside), the clusters on a circle around a hub of what they share. Above it,
the page opens on an overview: the groups (agreements, or sectors, or parties: the reader picks)
with their largest commitments, and every group has a detail scene of its own, shown on a click:
all its commitments (the largest ``DETAIL_LIMIT``) and what they name. The page lays detail
scenes out itself when they are opened (``static/drill.js``), by the recipe of ``detail``. Each
scene says what it leaves out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from pledgegraph.graphpage import layout
from pledgegraph.graphpage.model import Entity, PageData
from pledgegraph.vocab import PLEDGE

FULL_LIMIT = 600  # entities drawn whole
GROUP_LIMIT = 80  # groups drawn on an overview
MEMBER_BUDGET = 60  # commitments drawn on an overview, the largest first
PER_GROUP = 3  # ... and at most this many around one group
DETAIL_LIMIT = 300  # commitments in one detail scene
SATELLITE_LIMIT = 200  # other entities in one detail scene
DIMENSIONS = ("agreement", "sector", "party", "source")
UNDER, SECTOR, BY, PARTNER = (
    str(PLEDGE.underAgreement), str(PLEDGE.sector), str(PLEDGE.committedBy), str(PLEDGE.partner)
)  # fmt: skip
NONE = {"sector": "No sector given", "party": "No party named", "agreement": "No agreement"}

Row = tuple[str, float, float, str]


@dataclass
class Scene:
    nodes: list[Row] = field(default_factory=list)
    hidden: str = ""  # what the scene leaves out, in words
    centre: str = ""  # the group a detail scene is drawn around

    def json(self, index: Mapping[str, int]) -> dict[str, object]:
        out: dict[str, object] = {
            "nodes": [[index[n], round(x), round(y), s] for n, x, y, s in self.nodes],
            "hidden": self.hidden,
        }
        if self.centre:
            out["centre"] = index[self.centre]
        return out


@dataclass
class Groups:
    """The commitments of each group of one dimension (a commitment may be in several)."""

    members: dict[str, list[str]]  # group -> commitments, largest first
    primary: dict[str, str]  # commitment -> the one group it is drawn under on an overview


def node_size(entity: Entity, largest: Decimal) -> float:
    """Commitments by amount: area grows with the figure, so the largest pledge is the largest
    node and a small one stays big enough to click; other currencies, which are not converted,
    get a middle size."""
    if entity.kind == "agreement":
        return 30.0
    if entity.kind != "commitment":
        return {"sector": 12.0, "source": 10.0, "none": 14.0}.get(entity.kind, 13.0)
    amount = entity.amount
    if amount is None or not amount.figure:
        return 8.0
    if amount.currency != "USD" or not largest:
        return 16.0
    return round(9 + 33 * math.sqrt(float(amount.figure / largest)), 1)


def figure(entity: Entity) -> Decimal:
    """What a commitment is ranked by: its USD figure (other currencies after every USD one)."""
    if entity.amount is None:
        return Decimal(-1)
    return entity.amount.figure if entity.amount.currency == "USD" else Decimal(0)


class Planner:
    """Scenes of one page's data."""

    def __init__(self, data: PageData) -> None:
        self.data = data
        self.entities = data.entities
        self.commitments = sorted(
            (e.id for e in self.entities.values() if e.kind == "commitment"),
            key=lambda c: (-figure(self.entities[c]), self.entities[c].label, c),
        )
        largest = max((figure(self.entities[c]) for c in self.commitments), default=Decimal(0))
        self.sizes = {e.id: node_size(e, largest) for e in self.entities.values()}
        self.by_prop = {p: data.linked(p) for p in (UNDER, SECTOR, BY, PARTNER)}
        self.pseudo: dict[str, Entity] = {}  # groups for commitments with no agreement, sector...
        # dimension -> commitment -> its groups (the commitment's own, without the pseudo one)
        self.keys_of = {d: {c: self._keys(d, c) for c in self.commitments} for d in DIMENSIONS}
        self._groups = {d: self._grouped(d) for d in DIMENSIONS}

    @cached_property
    def neighbours(self) -> dict[str, set[str]]:
        """Each entity's linked entities (either way); only small graphs and the tests need it."""
        out: dict[str, set[str]] = defaultdict(set)
        for link in self.data.links:
            out[link.source].add(link.target)
            out[link.target].add(link.source)
        return out

    @property
    def full(self) -> bool:
        return len(self.entities) <= FULL_LIMIT

    # --- grouping -----------------------------------------------------------------------------

    def groups(self, dimension: str) -> Groups:
        return self._groups[dimension]

    def _grouped(self, dimension: str) -> Groups:
        members: dict[str, list[str]] = defaultdict(list)
        primary: dict[str, str] = {}
        for c in self.commitments:
            keys = self.keys_of[dimension][c]
            if not keys and dimension != "source":
                keys = [self._none(dimension)]
            for key in keys:
                members[key].append(c)
            if keys:
                primary[c] = keys[0]
        return Groups(dict(members), primary)

    def _keys(self, dimension: str, c: str) -> list[str]:
        if dimension == "agreement":
            return self.by_prop[UNDER].get(c, [])[:1]
        if dimension == "sector":
            return self.by_prop[SECTOR].get(c, [])
        if dimension == "party":
            named = self.by_prop[BY].get(c, []) + self.by_prop[PARTNER].get(c, [])
            return list(dict.fromkeys(named))
        return [s for s in self.entities[c].sources if s in self.entities]

    def _none(self, dimension: str) -> str:
        key = f"pledgegraph:none/{dimension}"
        if key not in self.pseudo:
            self.pseudo[key] = Entity(key, "none", NONE[dimension])
            self.sizes[key] = 14.0
        return key

    def _group_order(self, groups: Groups) -> list[str]:
        def key(g: str) -> tuple[Decimal, int, str, str]:
            first = self.entities[groups.members[g][0]]
            return (-figure(first), -len(groups.members[g]), self.label(g).lower(), g)

        return sorted(groups.members, key=key)

    def label(self, node: str) -> str:
        entity = self.entities.get(node) or self.pseudo[node]
        return entity.label

    # --- the full scene -----------------------------------------------------------------------

    def full_scene(self) -> Scene:
        """Every entity: a cluster per agreement on a circle, what they share in the middle."""
        groups = self.groups("agreement")
        agreements = sorted(
            {e.id for e in self.entities.values() if e.kind == "agreement"} | set(groups.members),
            key=lambda a: (self.label(a).lower(), a),
        )
        home = {c: groups.primary[c] for c in self.commitments}
        home.update({a: a for a in agreements})
        levels, shared = self._levels(home, agreements)
        clusters = []
        for a in agreements:
            members = groups.members.get(a, [])
            sectors = {c: self._first_sector(c) for c in members}
            centre = a if a in self.entities else None
            clusters.append(layout.cluster(centre, self.sizes, members, sectors, levels[a]))
        index = {a: i for i, a in enumerate(agreements)}
        hub = [(n, self.sizes[n], {index[h]: w for h, w in homes.items()}) for n, homes in shared]
        pos, side = layout.around_hub(clusters, hub)
        return Scene([(n, x, y, side[n]) for n, (x, y) in sorted(pos.items())])

    def _first_sector(self, c: str) -> str:
        sectors = self.by_prop[SECTOR].get(c, [])
        return self.label(sectors[0]) if sectors else "~"

    def _levels(
        self, home: dict[str, str], clusters: Sequence[str]
    ) -> tuple[dict[str, list[list[tuple[str, list[str]]]]], list[tuple[str, dict[str, int]]]]:
        """Rings of satellites per cluster, level by level out from the commitments; and the
        nodes several clusters share (with how many links to each), for the hub."""
        levels: dict[str, list[list[tuple[str, list[str]]]]] = {a: [] for a in clusters}
        shared: list[tuple[str, dict[str, int]]] = []
        placed = set(home)
        frontier = set(home)
        while True:
            ring: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
            reached = sorted({n for f in frontier for n in self.neighbours[f]} - placed)
            if not reached:
                break
            for node in reached:
                linked = sorted(self.neighbours[node] & placed)
                weights: dict[str, int] = defaultdict(int)
                for x in linked:
                    if x in home:
                        weights[home[x]] += 1
                if len(weights) == 1:
                    cluster = next(iter(weights))
                    home[node] = cluster
                    ring[cluster].append((node, linked))
                else:  # shared, or linked only to shared nodes
                    shared.append((node, dict(weights)))
            for cluster, nodes in ring.items():
                levels[cluster].append(nodes)
            placed |= set(reached)
            frontier = set(reached)
        rest = sorted(set(self.entities) - placed)  # linked to nothing drawn
        shared += [(n, {}) for n in rest]
        return levels, shared

    # --- overviews and details ----------------------------------------------------------------

    def overview(self, dimension: str) -> tuple[Scene, list[str]]:
        """Groups with their largest commitments, in a grid; returns the scene and the groups
        it draws, in order."""
        groups = self.groups(dimension)
        order = self._group_order(groups)
        shown = order[:GROUP_LIMIT]
        drawn: dict[str, list[str]] = {g: [] for g in shown}
        budget = MEMBER_BUDGET
        for c in self.commitments:
            g = groups.primary.get(c)
            if budget and g in drawn and len(drawn[g]) < PER_GROUP:
                drawn[g].append(c)
                budget -= 1
        clusters = [layout.cluster(g, self.sizes, drawn[g]) for g in shown]
        pos, side = layout.grid(clusters)
        scene = Scene([(n, x, y, side[n]) for n, (x, y) in sorted(pos.items())])
        count = sum(len(m) for m in drawn.values())
        words = {"agreement": "agreements", "sector": "sectors", "party": "parties"}[dimension]
        scene.hidden = (
            f"Showing {len(shown)} of {len(order)} {words} and the {count} largest of "
            f"{len(self.commitments)} commitments; companies, sources and the other commitments "
            f"appear when you click a group (or pick it in a filter)."
        )
        return scene, shown

    def detail(self, group: str, members: Sequence[str]) -> Scene:
        """One group's commitments (the largest ``DETAIL_LIMIT``) and what they name.

        The page lays these scenes out itself, on a click (``static/layout.js``, the same steps
        in JavaScript); this is the recipe it follows, and what the tests hold it to."""
        kept = list(members[:DETAIL_LIMIT])
        counts: dict[str, int] = defaultdict(int)
        for node in [*kept, group]:
            for n in self.neighbours[node]:
                if n != group and n not in kept and self.entities[n].kind != "commitment":
                    counts[n] += 1
        satellites = sorted(counts, key=lambda n: (-counts[n], n))[:SATELLITE_LIMIT]
        members_set = set(kept) | {group}
        level = [(n, sorted(self.neighbours[n] & members_set)) for n in sorted(satellites)]
        sectors = {c: self._first_sector(c) for c in kept}
        cluster = layout.cluster(group, self.sizes, kept, sectors, [level] if level else [])
        scene = Scene([(n, x, y, cluster.side[n]) for n, (x, y) in sorted(cluster.pos.items())])
        scene.centre = group
        left_out = []
        if len(members) > len(kept):
            left_out.append(
                f"the smallest {len(members) - len(kept)} of its {len(members)} commitments"
            )
        if len(counts) > len(satellites):
            left_out.append(f"{len(counts) - len(satellites)} less linked entities")
        if left_out:
            scene.hidden = f"{self.label(group)}: not drawn: " + " and ".join(left_out) + "."
        return scene
