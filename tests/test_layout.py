"""The page's layout without a browser: never two nodes on one spot, the same numbers on every
run, bounded, clustered by agreement; for graphs of 1, 2, 3 and 50 agreements."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from pathlib import Path

import pytest

from pledgegraph.graphpage import layout
from pledgegraph.graphpage.read import read
from pledgegraph.graphpage.scenes import (
    DETAIL_LIMIT,
    DIMENSIONS,
    FULL_LIMIT,
    MEMBER_BUDGET,
    Planner,
    Scene,
    figure,
)
from tests.support_network import graph_of

SIZES = (1, 2, 3, 50)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("layout")


@pytest.fixture(scope="module")
def planners(folder) -> dict[int, Planner]:
    return {n: Planner(read(graph_of(n, folder))) for n in SIZES}


def scenes_of(planner: Planner) -> dict[str, Scene]:
    if planner.full:
        return {"full": planner.full_scene()}
    scenes = {f"overview:{d}": planner.overview(d)[0] for d in ("agreement", "sector", "party")}
    for dimension in DIMENSIONS:
        for group, members in planner.groups(dimension).members.items():
            scenes[f"detail:{dimension}:{group}"] = planner.detail(group, members)
    return scenes


def overlapping(scene: Scene, sizes: dict[str, float]) -> list[tuple[str, str, float]]:
    """Pairs of node discs that overlap (a grid keeps this from being quadratic)."""
    cell = 100.0
    grid: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    found = []
    for node, x, y, _ in scene.nodes:
        key = (math.floor(x / cell), math.floor(y / cell))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other, ox, oy in grid[(key[0] + dx, key[1] + dy)]:
                    gap = math.hypot(x - ox, y - oy) - sizes[node] - sizes[other]
                    if gap < 0:
                        found.append((node, other, gap))
        grid[key].append((node, x, y))
    return found


@pytest.mark.parametrize("agreements", SIZES)
def test_no_two_nodes_on_one_spot_nor_overlapping(planners, agreements):
    planner = planners[agreements]
    scenes = scenes_of(planner)
    assert scenes
    for name, scene in scenes.items():
        spots = [(x, y) for _, x, y, _ in scene.nodes]
        assert len(set(spots)) == len(spots), name
        assert len({n for n, *_ in scene.nodes}) == len(scene.nodes), name  # each node once
        assert overlapping(scene, planner.sizes) == [], name


@pytest.mark.parametrize("agreements", SIZES)
def test_the_same_numbers_on_every_run(planners, folder, agreements):
    again = Planner(read(graph_of(agreements, folder)))
    first, second = scenes_of(planners[agreements]), scenes_of(again)
    assert first.keys() == second.keys()
    for name in first:
        assert first[name].nodes == second[name].nodes, name


@pytest.mark.parametrize("agreements", SIZES)
def test_bounded(planners, agreements):
    """Finite, and no wider than a square that would hold every node in a cell of 400 units:
    a layout that flings nodes far away fails this."""
    for name, scene in scenes_of(planners[agreements]).items():
        xs = [x for _, x, _, _ in scene.nodes]
        ys = [y for _, _, y, _ in scene.nodes]
        assert all(math.isfinite(v) for v in xs + ys), name
        side = 400 * math.sqrt(len(scene.nodes)) + 1200
        assert max(xs) - min(xs) <= side and max(ys) - min(ys) <= side, name


@pytest.mark.parametrize("agreements", (1, 2, 3))
def test_small_graphs_draw_every_entity_clustered_by_agreement(planners, agreements):
    planner = planners[agreements]
    assert planner.full and len(planner.entities) <= FULL_LIMIT
    scene = planner.full_scene()
    assert {n for n, *_ in scene.nodes} == set(planner.entities)
    pos = {n: (x, y) for n, x, y, _ in scene.nodes}
    agreements_at = {a: pos[a] for a in pos if planner.entities[a].kind == "agreement"}
    assert len(agreements_at) == agreements
    home = planner.groups("agreement").primary
    for c in planner.commitments:
        own = math.dist(pos[c], agreements_at[home[c]])
        others = [math.dist(pos[c], p) for a, p in agreements_at.items() if a != home[c]]
        assert all(own < d for d in others), c  # nearer its own agreement than any other


def test_fifty_agreements_open_on_an_overview_with_the_largest_pledges(planners):
    planner = planners[50]
    assert not planner.full
    scene, groups = planner.overview("agreement")
    drawn = {n for n, *_ in scene.nodes}
    agreements = {e.id for e in planner.entities.values() if e.kind == "agreement"}
    assert agreements == set(groups) <= drawn  # every agreement
    commitments = [
        n for n in drawn if n in planner.entities and planner.entities[n].kind == "commitment"
    ]
    assert 0 < len(commitments) <= MEMBER_BUDGET
    largest = max(planner.commitments, key=lambda c: figure(planner.entities[c]))
    assert largest in drawn
    assert "Showing 50 of 50 agreements" in scene.hidden
    assert f"of {len(planner.commitments)} commitments" in scene.hidden


def test_every_commitment_has_a_detail_scene_that_draws_it(planners):
    planner = planners[50]
    for dimension in ("agreement", "sector", "party"):
        covered = set()
        for group, members in planner.groups(dimension).members.items():
            drawn = {n for n, *_ in planner.detail(group, members).nodes}
            assert group in drawn
            assert set(members[:DETAIL_LIMIT]) <= drawn, (dimension, group)
            covered |= drawn
        assert set(planner.commitments) <= covered, dimension


def test_spread_on_circle_keeps_the_gap_and_stays_near_the_targets():
    targets = [0.0, 0.01, 0.02, 0.03, 3.0, 3.01]
    gap = 0.2
    placed = layout.spread_on_circle(targets, gap)
    ordered = sorted(a % (2 * math.pi) for a in placed)
    gaps = [(b - a) for a, b in itertools.pairwise(ordered)]
    gaps.append(ordered[0] + 2 * math.pi - ordered[-1])
    assert min(gaps) >= gap - 1e-9
    # the crowd at 0 is spread symmetrically around its centre; the pair at 3 likewise
    assert abs(sum(placed[:4]) / 4 - 0.015) < 1e-9
    assert abs((placed[4] + placed[5]) / 2 - 3.005) < 1e-9
    # too many for the circle: evenly spaced, in the targets' order
    crowd = layout.spread_on_circle([0.1 * i for i in range(10)], 1.0)
    assert (
        sorted(round(b - a, 9) for a, b in itertools.pairwise(crowd))
        == [round(2 * math.pi / 10, 9)] * 9
    )
