"""Viz stage: the network page, one self-contained, offline HTML file.

``page(store)`` reads what it draws from the store with SPARQL (``graphpage.read``);
``render(g, info)`` draws a networkx graph (a CONSTRUCT result). Both lay the entities out in
Python, deterministically (``graphpage.layout``), so the page needs no physics and shows the same
picture on every load. Up to ``graphpage.scenes.FULL_LIMIT`` entities it draws them all; above,
an overview with drill-down (``graphpage.scenes``).

The page is our own Jinja2 template (``templates/network.html``) with vis-network
(``static/vis-network.min.js``, 9.1.2 standalone, MIT/Apache-2.0) and our script
(``static/*.js``, see ``SCRIPTS``) inlined. The data goes into a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped as ``\\u003c``
etc., so no label or quote can close the script; the page's script shows data with
``textContent`` only, and draws labels on the canvas.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup
from rdflib import Graph

from pledgegraph import templating
from pledgegraph.graphpage.header import agreement_lines, data_as_of, default_title
from pledgegraph.graphpage.model import Entity, PageData, from_network
from pledgegraph.graphpage.read import read
from pledgegraph.graphpage.scenes import DIMENSIONS, Planner, figure
from pledgegraph.network import network_from_graph
from pledgegraph.store import Store

HERE = Path(__file__).resolve().parent
# The page's own script, in this order: rings, labels, drill-down, side panel, then the page.
SCRIPTS = ("layout.js", "labels.js", "drill.js", "panel.js", "network.js")

# kind -> (legend label, colour, vis-network shape)
STYLES: dict[str, tuple[str, str, str]] = {
    "agreement": ("Agreement", "#c0392b", "star"),
    "instrument": ("Instrument", "#e67e73", "star"),
    "investment": ("Investment commitment", "#2e6fb7", "dot"),
    "purchase": ("Purchase commitment", "#8e44ad", "dot"),
    "policy": ("Commitment without money", "#6c8ebf", "dot"),
    "government": ("Government", "#2a9d4b", "square"),
    "supranational": ("Supranational body", "#1b6e35", "square"),
    "subnational": ("Sub-national government", "#7cc48c", "square"),
    "country": ("Country", "#8c5a3c", "square"),
    "company": ("Company", "#f28e1c", "diamond"),
    "group": ("Company group", "#f5b971", "diamond"),
    "person": ("Person", "#8e5fbf", "triangle"),
    "city": ("City", "#b08c7a", "triangleDown"),
    "place": ("Place", "#c9ab9c", "triangleDown"),
    "facility": ("Facility", "#a8a820", "triangle"),
    "sector": ("Sector", "#1aa6b7", "hexagon"),
    "source": ("Source document", "#7f7f7f", "square"),
    "none": ("Not given", "#b8c2cc", "dot"),
}
OTHER = ("Other", "#aaaaaa", "dot")


@dataclass(frozen=True)
class PageInfo:
    """What the header says besides the data: the title and a note (e.g. the query drawn)."""

    title: str
    note: str = ""


def page(store: Store, title: str | None = None) -> bytes:
    """The page of the whole graph in ``store``."""
    data = read(store)
    return draw(data, PageInfo(title or default_title(data)))


def render(g: nx.MultiDiGraph[str], info: PageInfo) -> bytes:
    """The page of a network (``network.network_from_graph`` of a CONSTRUCT result)."""
    return draw(from_network(g), info)


def result_page(store: Store, graph: Graph, title: str, note: str) -> bytes:
    """The page of a CONSTRUCT/DESCRIBE answer, with labels and types from the whole graph."""
    g = network_from_graph(graph, context=store.dataset())
    return render(g, PageInfo(title=title, note=note))


def style_key(entity: Entity) -> str:
    """Colour key: commitments by kind (investment, purchase, policy), others by type."""
    if entity.kind == "commitment":
        return entity.commitment_kind or "investment"
    return entity.kind


def draw(data: PageData, info: PageInfo) -> bytes:
    """One HTML page drawing ``data``; byte-identical for the same data and info."""
    planner = Planner(data)
    scenes: dict[str, Any] = {}
    if planner.full:
        scenes["full"] = planner.full_scene()
    else:  # drill-down scenes are laid out by the page, on a click (static/layout.js)
        for dimension in ("agreement", "sector", "party"):
            scenes[dimension] = planner.overview(dimension)[0]
    # the groups of what has no agreement, sector or party named are nodes of an overview only
    pseudo = [] if planner.full else [planner.pseudo[k] for k in sorted(planner.pseudo)]
    entities = [data.entities[k] for k in sorted(data.entities)] + pseudo
    index = {e.id: i for i, e in enumerate(entities)}
    kinds = Counter(style_key(e) for e in entities)
    lines = agreement_lines(data)
    payload = {
        "mode": "full" if planner.full else "overview",
        "nodes": [_node(e, planner, index) for e in entities],
        **_edges(data, index),
        "types": [[k, *STYLES.get(k, OTHER), n] for k in STYLES if (n := kinds[k])],
        "scenes": {k: s.json(index) for k, s in scenes.items()},
        "filters": _filters(planner, index),
        "claims": {
            str(index[s]): [_claim(c, index) for c in claims]
            for s, claims in sorted(data.claims.items())
            if s in index
        },
        "reconciled": {str(index[s]): rows for s, rows in sorted(data.reconciled.items())},
        "agreements": {str(index[line.id]): line.text() for line in lines},
    }
    html = templating.render(
        "network.html",
        info=info,
        lines=lines,
        as_of=data_as_of(data),
        counts=_counts(data),
        drafts=sum(e.draft for e in data.entities.values()),
        legend=[(t[1], t[2], t[3], t[4], t[0]) for t in payload["types"]],
        data_json=Markup(script_json(payload)),
        vis_js=Markup(inline_script((HERE / "static" / "vis-network.min.js").read_text("utf-8"))),
        page_js=Markup(inline_script("\n".join(_static(name) for name in SCRIPTS))),
    )
    return html.encode("utf-8")


def _static(name: str) -> str:
    return (HERE / "static" / name).read_text("utf-8")


def _node(entity: Entity, planner: Planner, index: dict[str, int]) -> dict[str, Any]:
    attrs = dict(entity.attrs)
    out: dict[str, Any] = {
        "id": entity.id,
        "kind": entity.kind,
        "style": style_key(entity),
        "name": entity.label,
        "size": planner.sizes[entity.id],
        "attrs": attrs,
    }
    if entity.quotes:
        attrs["quote"] = "\n".join(entity.quotes)
    if entity.sources:
        out["sources"] = [index[s] for s in entity.sources if s in index]
        attrs["source"] = "; ".join(
            planner.entities[s].label for s in entity.sources if s in planner.entities
        )
    if entity.amount is not None and entity.amount.kind:
        attrs["amount_text"] = entity.amount.text()
        out.update(short=entity.amount.text(short=True), ak=entity.amount.kind)
    if entity.disputed:
        out["disputed"] = 1
    if entity.draft:
        out["draft"] = 1
        out["name"] = f"{entity.label} (draft)"
    if entity.kind == "commitment":
        out["amount"] = float(figure(entity))
        for key, dimension in (
            ("agreement", "agreement"),
            ("sectors", "sector"),
            ("parties", "party"),
        ):
            if groups := planner.keys_of[dimension][entity.id]:
                out[key] = [index[g] for g in groups]
        if sectors := planner.keys_of["sector"][entity.id]:
            attrs["sector"] = "; ".join(planner.entities[s].label for s in sectors)
    return out


def _edges(data: PageData, index: dict[str, int]) -> dict[str, Any]:
    labels = sorted({link.label for link in data.links})
    at = {label: i for i, label in enumerate(labels)}
    edges = [[index[k.source], index[k.target], at[k.label]] for k in data.links]
    return {"edges": edges, "edgeLabels": labels}


def _filters(planner: Planner, index: dict[str, int]) -> dict[str, list[list[int]]]:
    """Each filter's choices: ``[node, commitments]`` in label order."""
    out = {}
    for dimension in DIMENSIONS:
        members = planner.groups(dimension).members
        choices = sorted(members, key=lambda g: (planner.label(g).lower(), g))
        out[dimension] = [[index[g], len(members[g])] for g in choices if g in index]
    return out


def _claim(claim: Any, index: dict[str, int]) -> dict[str, Any]:
    row = {k: v for k, v in vars(claim).items() if v and k not in ("subject", "source", "prop")}
    if claim.source in index:
        row["source"] = index[claim.source]
    return row


def _counts(data: PageData) -> str:
    commitments = sum(1 for e in data.entities.values() if e.kind == "commitment")
    return f"{len(data.entities)} entities, {commitments} commitments, {len(data.links)} links"


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
