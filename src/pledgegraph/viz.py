"""Viz stage: a networkx graph -> one self-contained, offline HTML page.

pyvis builds the vis-network nodes, edges and options; the page is rendered with our own
Jinja2 template (``templates/network.html``), not pyvis's, because pyvis's templates load
Bootstrap and other files from CDNs and its popups fall back to ``innerHTML``. vis-network
(``static/vis-network.min.js``, 9.1.2 standalone, MIT/Apache-2.0, the copy pyvis ships) is
inlined. Graph data goes into a ``<script type="application/json">`` block with ``<``, ``>`` and
``&`` escaped as ``\\u003c`` etc., so no label or quote can close the script; the page's own
script shows data with ``textContent`` only.

Above ``LARGE`` nodes the page gets a precomputed layout (networkx, fixed seed) and no physics.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph

from pledgegraph import templating
from pledgegraph.network import aggregate, network, network_from_graph
from pledgegraph.results import money
from pledgegraph.store import Store
from pledgegraph.summary import Summary, data_timestamp, summarise

HERE = Path(__file__).resolve().parent
LARGE = 1500
LAYOUT_SEED = 7
SPRING_MAX = 4000
GAP = 36.0  # the least distance between two nodes of a precomputed layout

# type -> (legend label, colour, vis-network shape); shapes that take a size.
STYLES: dict[str, tuple[str, str, str]] = {
    "agreement": ("Agreement", "#c0392b", "star"),
    "instrument": ("Instrument", "#e67e73", "star"),
    "commitment": ("Commitment", "#2e6fb7", "dot"),
    "government": ("Government", "#2a9d4b", "square"),
    "country": ("Country", "#8c5a3c", "square"),
    "company": ("Company", "#f28e1c", "diamond"),
    "group": ("Company group", "#f5b971", "diamond"),
    "person": ("Person", "#8e5fbf", "triangle"),
    "city": ("City", "#b08c7a", "triangleDown"),
    "place": ("Place", "#c9ab9c", "triangleDown"),
    "facility": ("Facility", "#a8a820", "triangle"),
    "sector": ("Sector", "#1aa6b7", "hexagon"),
    "source": ("Source document", "#7f7f7f", "square"),
}
OTHER = ("Other", "#aaaaaa", "dot")
OPTIONS: dict[str, Any] = {
    "interaction": {"hover": True, "tooltipDelay": 100, "navigationButtons": False},
    "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#9aa5b1", "highlight": "#34495e", "hover": "#34495e"},
        "font": {"size": 0, "align": "middle"},
        "smooth": False,
    },
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -90,
            "springLength": 130,
            "avoidOverlap": 0.4,
        },
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    },
}


@dataclass(frozen=True)
class PageInfo:
    """What the header says about the data."""

    title: str
    built: datetime | None = None
    summary: Summary | None = None
    note: str = ""


def page(store: Store, title: str | None = None) -> bytes:
    """The page of the whole graph in ``store``."""
    dataset = store.dataset()
    g = network(store)
    return render(
        g,
        PageInfo(
            title=title or default_title(g),
            built=data_timestamp(dataset),
            summary=summarise(dataset),
        ),
    )


def result_page(store: Store, graph: Graph, title: str, note: str) -> bytes:
    """The page of a CONSTRUCT/DESCRIBE answer, with labels and types from the whole graph."""
    dataset = store.dataset()
    g = network_from_graph(graph, context=dataset)
    return render(g, PageInfo(title=title, built=data_timestamp(dataset), note=note))


def default_title(g: nx.MultiDiGraph[str]) -> str:
    agreements = sorted(d["label"] for _, d in g.nodes(data=True) if d["type"] == "agreement")
    if not agreements:
        return "PledgeGraph network"
    if len(agreements) > 3:
        return f"PledgeGraph: {len(agreements)} agreements"
    return "; ".join(agreements)


def node_size(attrs: dict[str, Any]) -> float:
    """Commitments grow with the log of their amount; everything else has a size per type."""
    amount = attrs.get("amount")
    if attrs["type"] == "commitment":
        if isinstance(amount, float) and amount > 0:
            return round(10 + 5 * max(0.0, math.log10(amount / 1e8)), 2)
        return 9
    if isinstance(count := attrs.get("commitments"), int):  # a sector or company of a folded page
        return round(11 + 4 * math.log10(1 + count), 2)
    return {"agreement": 30, "instrument": 18, "sector": 11}.get(attrs["type"], 14)


def short_label(label: str, limit: int = 40) -> str:
    """What the canvas shows; tooltips, the panel and search use the whole label."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def node_options(
    node: str, attrs: dict[str, Any], position: tuple[float, float] | None
) -> dict[str, Any]:
    """vis-network options of one node: styled by type, commitments sized by amount, caps
    dashed, the agreement starting in the centre."""
    _, colour, shape = STYLES.get(attrs["type"], OTHER)
    cap = attrs.get("amount_kind") == "cap"
    options: dict[str, Any] = {
        "label": short_label(attrs["label"]),
        "name": attrs["label"],
        "shape": shape,
        "color": {"background": colour, "border": "#111111" if cap else colour},
        "size": node_size(attrs),
        "borderWidth": 3 if cap else 1,
        "shapeProperties": {"borderDashes": [4, 3] if cap else False},
        "kind": attrs["type"],
        "attrs": {k: v for k, v in attrs.items() if k != "label"},
    }
    if position is not None:
        options.update(x=position[0], y=position[1])
    elif attrs["type"] == "agreement":
        options.update(x=0, y=0)  # physics moves the rest around it
    return options


def build_network(g: nx.MultiDiGraph[str], positions: dict[str, tuple[float, float]]) -> Network:
    """The pyvis network of ``g``."""
    net = Network(directed=True, cdn_resources="in_line")
    for node, attrs in g.nodes(data=True):
        net.add_node(node, **node_options(node, attrs, positions.get(node)))
    for source, target, attrs in g.edges(data=True):
        net.add_edge(source, target, label=attrs["label"], iri=attrs.get("iri", ""))
    return net


def layout(g: nx.MultiDiGraph[str], *, force: bool = False) -> dict[str, tuple[float, float]]:
    """A precomputed layout for large graphs, deterministic for the same graph.

    Up to ``SPRING_MAX`` nodes a short spring layout (fixed seed); beyond it, where a spring
    layout's n x n arrays get too big, a sunflower spiral with the best-linked nodes inside.
    ``force`` lays out a smaller graph too (a folded large one).
    """
    n = g.number_of_nodes()
    if n <= LARGE and not force:
        return {}
    scale = 40 * math.sqrt(n)
    if n <= SPRING_MAX:
        # the classic force method: networkx's default above 500 nodes (an energy minimiser)
        # takes twice as long for a layout no one can tell apart at this size
        pos = nx.spring_layout(nx.Graph(g), seed=LAYOUT_SEED, iterations=15, method="force")
        # networkx scales the farthest node to 1, so a few stray nodes squeeze the rest into
        # the middle: scale by the 90th percentile of the distances instead
        radii = sorted(math.hypot(float(x), float(y)) for x, y in pos.values())
        factor = scale / max(radii[int(0.9 * (len(radii) - 1))], 1e-9)
        return spread({k: (float(x) * factor, float(y) * factor) for k, (x, y) in pos.items()})
    order = sorted(g.nodes, key=lambda k: (-g.degree(k), k))
    golden = math.pi * (3 - math.sqrt(5))
    return {
        k: (
            round(math.sqrt(i / n) * scale * math.cos(i * golden), 1),
            round(math.sqrt(i / n) * scale * math.sin(i * golden), 1),
        )
        for i, k in enumerate(order)
    }


def spread(pos: dict[str, tuple[float, float]], gap: float = GAP) -> dict[str, tuple[float, float]]:
    """Snap positions to a grid of ``gap`` with at most one node per cell, moving a node that
    finds its cell taken to the nearest free one: a spring layout puts nodes with the same
    neighbours on one spot, where no one can click them apart."""
    taken: set[tuple[int, int]] = set()
    out: dict[str, tuple[float, float]] = {}
    for key in sorted(pos):
        cx, cy = round(pos[key][0] / gap), round(pos[key][1] / gap)
        ring = 0
        while True:
            free = [
                (cx + dx, cy + dy)
                for dx in range(-ring, ring + 1)
                for dy in range(-ring, ring + 1)
                if max(abs(dx), abs(dy)) == ring and (cx + dx, cy + dy) not in taken
            ]
            if free:
                cell = min(free, key=lambda c: ((c[0] - cx) ** 2 + (c[1] - cy) ** 2, c))
                break
            ring += 1
        taken.add(cell)
        out[key] = (cell[0] * gap, cell[1] * gap)
    return out


def render(g: nx.MultiDiGraph[str], info: PageInfo, *, fold_large: bool = True) -> bytes:
    """One HTML page drawing ``g``; byte-identical for the same graph and info.

    Above ``LARGE`` nodes (unless ``fold_large`` is false) commitments are folded into their
    sectors and companies (see ``network.aggregate``); the page lists and expands them on click.
    """
    shown, folded = g, dict[str, list[str]]()
    if fold_large and g.number_of_nodes() > LARGE:
        shown, folded = aggregate(g)
    positions = layout(shown, force=bool(folded))
    net = build_network(shown, positions)
    options = json.loads(json.dumps(OPTIONS))
    if positions:
        options["physics"] = {"enabled": False}
    legend = [
        (style[0], style[1], style[2], count)
        for kind, style in STYLES.items()
        if (count := sum(1 for _, d in g.nodes(data=True) if d["type"] == kind))
    ]
    sectors = sorted(
        {s for _, d in g.nodes(data=True) for s in str(d.get("sector", "")).split("; ") if s}
    )
    folded_ids = sorted({c for cs in folded.values() for c in cs})
    folded_set = set(folded_ids)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": options,
        "types": [[k, v[0]] for k, v in STYLES.items() if any(row[0] == v[0] for row in legend)],
        "sectors": sectors,
        "precomputed": bool(positions),
        "folded": folded,
        "foldedNodes": {c: {"id": c, **node_options(c, g.nodes[c], None)} for c in folded_ids},
        "foldedEdges": [
            {"from": s, "to": t, "label": d["label"], "iri": d.get("iri", "")}
            for s, t, d in g.edges(data=True)
            if s in folded_set or t in folded_set
        ]
        if folded
        else [],
    }
    note = ""
    if folded:
        note = (
            f"{len(folded_ids)} commitments folded into their sectors and companies "
            f"to keep {g.number_of_nodes()} entities usable: click a sector or company to "
            "list or expand its commitments"
        )
    html = templating.render(
        "network.html",
        info=info,
        totals=_totals(info.summary),
        built=info.built.strftime("%Y-%m-%d %H:%M UTC") if info.built else "",
        legend=legend,
        node_count=shown.number_of_nodes(),
        edge_count=shown.number_of_edges(),
        folded_note=note,
        precomputed=bool(positions),
        data_json=Markup(script_json(data)),
        vis_js=Markup(inline_script((HERE / "static" / "vis-network.min.js").read_text("utf-8"))),
    )
    return html.encode("utf-8")


def _totals(summary: Summary | None) -> str:
    if summary is None:
        return ""
    return (
        f"Headline total {money(summary.headline_total)} · itemised "
        f"{money(summary.itemised_total)} (stated {money(summary.itemised_stated)} + caps "
        f"{money(summary.itemised_caps)}; caps are ceilings, not spend)"
    )


_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` appears literally."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def inline_script(js: str) -> str:
    """Library code made safe to inline: it must not close the script element early."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")
