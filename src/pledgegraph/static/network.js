// The network page's own script. Data comes from the JSON block; everything shown is built
// with textContent or drawn on the canvas, never parsed as HTML. Positions are precomputed
// (no physics): the same data gives the same picture on every load.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("graph-data").textContent);
  var N = DATA.nodes;
  var STYLE = {};
  DATA.types.forEach(function (t) { STYLE[t[0]] = { name: t[1], colour: t[2], shape: t[3] }; });
  var ADJ = N.map(function () { return []; });
  DATA.edges.forEach(function (e, k) { ADJ[e[0]].push(k); if (e[1] !== e[0]) ADJ[e[1]].push(k); });
  // Every commitment cites its source, and many name the same government or country: those
  // links are drawn only around the selected node (HUB: links of a node with this many, in a
  // scene, other than an agreement's or a group's own).
  var EVIDENCE = DATA.edgeLabels.indexOf("evidence"), HUB = 10;
  var INDEX = {};
  N.forEach(function (n, i) { INDEX[n.id] = i; });
  var DIMS = ["agreement", "party", "sector", "source"];
  var REAL = N.filter(function (n) { return n.kind !== "none"; }).length;
  var LINE = 15, MAX_LABELS = 300, FONT = "12px system-ui, sans-serif";
  var BOLD = "600 12px system-ui, sans-serif", TITLE = "600 13px system-ui, sans-serif";

  // Label priority: the largest pledges first, each agreement or group just after its largest.
  var PRIO = N.map(function (n, i) { return n.kind === "commitment" ? Math.max(n.amount || 0, 0) + 1 : ADJ[i].length / 1000; });
  N.forEach(function (n) {
    if (n.kind !== "commitment") return;
    ["agreement", "sectors", "parties"].forEach(function (key) {
      (n[key] || []).forEach(function (g) { PRIO[g] = Math.max(PRIO[g], (n.amount || 0) * 0.999 + 0.5); });
    });
  });
  var FIRST = 5;  // in every scene the five largest pledges drawn are labelled before anything else

  var container = document.getElementById("graph");
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: true },
    nodes: { borderWidth: 1, font: { size: 0 } },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.4 } },
      color: { color: "#cdd4db", highlight: "#34495e", hover: "#34495e" },
      font: { size: 0, align: "middle" }, smooth: false, width: 1
    }
  });
  var api = window.pledgegraph = { network: network, nodes: nodes, edges: edges, data: DATA, labelBoxes: [] };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function styleName(n) { return (STYLE[n.style] || { name: n.kind }).name; }
  function words(iri) { return String(iri).replace(/.*[#\/]/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase(); }
  function shorten(text, limit) { return text.length <= limit ? text : text.slice(0, limit - 1).replace(/\s+$/, "") + "…"; }

  // --- scenes: what is drawn, where -------------------------------------------------------------
  var current = { name: "", drawn: {}, order: [], hidden: {} };
  var quiet = {};  // links drawn only around the selected node
  var highlighted = null;
  var hiddenNote = document.getElementById("hidden-note");
  function visNode(i, x, y) {
    var n = N[i], st = STYLE[n.style] || { colour: "#aaaaaa", shape: "dot" };
    var bounded = n.ak === "cap" || n.ak === "floor" || n.ak === "range";
    var border = n.disputed ? "#d62728" : bounded ? "#111111" : st.colour;
    return {
      id: n.id, x: x, y: y, shape: st.shape, size: n.size,
      color: { background: st.colour, border: border, highlight: { background: st.colour, border: "#111111" }, hover: { background: st.colour, border: "#111111" } },
      borderWidth: n.disputed ? 4 : bounded ? 3 : 1,
      shapeProperties: { borderDashes: n.ak === "cap" ? [4, 3] : n.ak === "floor" ? [1, 3] : false }
    };
  }
  function show(scene, name) {
    tooltip.style.display = "none";
    highlighted = null;
    nodes.clear();
    edges.clear();
    var drawn = {}, side = {}, list = [];
    scene.nodes.forEach(function (r) { drawn[r[0]] = true; side[r[0]] = r[3]; list.push(visNode(r[0], r[1], r[2])); });
    nodes.add(list);
    var seen = {}, es = [], degree = {};
    scene.nodes.forEach(function (r) {
      ADJ[r[0]].forEach(function (k) {
        var e = DATA.edges[k];
        if (seen[k] || !drawn[e[0]] || !drawn[e[1]]) return;
        seen[k] = true;
        degree[e[0]] = (degree[e[0]] || 0) + 1;
        degree[e[1]] = (degree[e[1]] || 0) + 1;
        es.push(k);
      });
    });
    quiet = {};
    es.forEach(function (k) {
      var e = DATA.edges[k];
      quiet[k] = e[2] === EVIDENCE || [e[0], e[1]].some(function (i) {
        return degree[i] >= HUB && N[i].kind !== "agreement" && !(scene.centre === i);
      });
    });
    edges.add(es.map(function (k) {
      var e = DATA.edges[k];
      return { id: k, from: N[e[0]].id, to: N[e[1]].id, label: DATA.edgeLabels[e[2]], hidden: quiet[k] };
    }));
    var order = Object.keys(drawn).map(Number).sort(function (a, b) { return PRIO[b] - PRIO[a] || a - b; });
    var top = order.filter(function (i) { return N[i].kind === "commitment"; }).slice(0, FIRST);
    order = top.concat(order.filter(function (i) { return top.indexOf(i) < 0; }));
    current = { name: name, drawn: drawn, side: side, order: order, hidden: {} };
    hiddenNote.textContent = scene.hidden || "";
    document.getElementById("back").hidden = DATA.mode !== "overview" || name.indexOf("detail:") !== 0;
    applyFilters();
    fit();
    api.scene = name;
  }
  function fit() {  // everything in view, with room at the edges for the outer labels
    network.fit({ animation: false });
    network.moveTo({ scale: Math.min(1.2, network.getScale() * 0.9), animation: false });
  }
  var clusterBy = document.getElementById("cluster-by");
  function overview() { show(DATA.scenes[clusterBy.value], "overview:" + clusterBy.value); }
  function initial() { if (DATA.mode === "full") show(DATA.scenes.full, "full"); else overview(); }
  // --- drill-down: one group's commitments and what they name, laid out on the first click -----
  // (graphpage/scenes.py Planner.detail is the same recipe; DETAIL and SATELLITES its limits)
  var DETAIL = 300, SATELLITES = 200, GROUPS = null, details = {};
  var NONE = { agreement: INDEX["pledgegraph:none/agreement"], sector: INDEX["pledgegraph:none/sector"], party: INDEX["pledgegraph:none/party"] };
  function groupsOf() {  // dimension -> group -> its commitments, the largest first
    if (GROUPS) return GROUPS;
    GROUPS = { agreement: {}, sector: {}, party: {}, source: {} };
    var keys = { agreement: "agreement", sector: "sectors", party: "parties", source: "sources" };
    var commitments = N.map(function (n, i) { return i; }).filter(function (i) { return N[i].kind === "commitment"; });
    commitments.sort(function (a, b) { return N[b].amount - N[a].amount || cmpText(N[a].name, N[b].name) || a - b; });
    commitments.forEach(function (c) {
      DIMS.forEach(function (dim) {
        var groups = N[c][keys[dim]] || [];
        if (!groups.length && NONE[dim] !== undefined) groups = [NONE[dim]];
        groups.forEach(function (g) { (GROUPS[dim][g] = GROUPS[dim][g] || []).push(c); });
      });
    });
    return GROUPS;
  }
  function cmpText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function neighbours(i) {
    var out = {};
    ADJ[i].forEach(function (k) { var e = DATA.edges[k]; out[e[0] === i ? e[1] : e[0]] = true; });
    delete out[i];
    return Object.keys(out).map(Number);
  }
  function detailOf(dim, g) {
    g = Number(g);
    var key = dim + ":" + g;
    if (details[key] !== undefined) return details[key];
    var members = (groupsOf()[dim] || {})[g];
    if (!members) return (details[key] = null);
    var kept = members.slice(0, DETAIL), inKept = {}, counts = {};
    kept.forEach(function (c) { inKept[c] = true; });
    kept.concat([g]).forEach(function (node) {
      neighbours(node).forEach(function (n) {
        if (n !== g && !inKept[n] && N[n].kind !== "commitment") counts[n] = (counts[n] || 0) + 1;
      });
    });
    var all = Object.keys(counts).map(Number);
    var satellites = all.sort(function (a, b) { return counts[b] - counts[a] || a - b; }).slice(0, SATELLITES);
    var level = satellites.slice().sort(function (a, b) { return a - b; }).map(function (n) {
      return [n, neighbours(n).filter(function (x) { return inKept[x] || x === g; }).sort(function (a, b) { return a - b; })];
    });
    var sector = {};
    kept.forEach(function (c) { var s = N[c].sectors; sector[c] = s && s.length ? N[s[0]].name : "~"; });
    var placed = pledgeLayout.cluster(g, function (i) { return N[i].size; }, kept, sector, level.length ? [level] : []);
    var nodes = Object.keys(placed.pos).map(Number).sort(function (a, b) { return a - b; }).map(function (n) {
      return [n, Math.round(placed.pos[n][0]), Math.round(placed.pos[n][1]), placed.side[n]];
    });
    var left = [];
    if (members.length > kept.length) left.push("the smallest " + (members.length - kept.length) + " of its " + members.length + " commitments");
    if (all.length > satellites.length) left.push((all.length - satellites.length) + " less linked entities");
    var hidden = left.length ? N[g].name + ": not drawn: " + left.join(" and ") + "." : "";
    return (details[key] = { nodes: nodes, centre: g, hidden: hidden });
  }
  api.detail = detailOf;
  function openDetail(dim, i) { show(detailOf(dim, i), "detail:" + dim + ":" + i); }
  api.show = function (name) {
    var p = name.split(":");
    if (p[0] === "detail") openDetail(p[1], p[2]); else if (p[0] === "overview") { clusterBy.value = p[1]; overview(); } else initial();
  };

  // --- labels: drawn on the canvas at a fixed screen size, never on top of each other ----------
  var widths = {};
  function width(ctx, font, text) {
    var key = font + "\u0000" + text;
    if (!(key in widths)) { ctx.font = font; widths[key] = ctx.measureText(text).width; }
    return widths[key];
  }
  function labelLines(n) {  // an overview is crowded: shorter names there
    var wide = current.name.indexOf("overview:") !== 0;
    if (n.kind === "agreement") return [[shorten(n.name, wide ? 36 : 26), TITLE]].concat(n.short ? [["headline " + n.short, FONT]] : []);
    if (n.kind === "commitment") return [[shorten(n.name, wide ? 32 : 22), FONT]].concat(n.short ? [[n.short, BOLD]] : []);
    return [[shorten(n.name, wide ? 32 : 24), FONT]];
  }
  // Where a label may go, best first, by the side the layout prefers: below, above, right, left;
  // "B"/"T" below/above reaching right from the node, "b<"/"t<" reaching left.
  var PLACES = {
    b: ["b", "B", "b<", "t", "T", "t<", "r", "l"], t: ["t", "T", "t<", "b", "B", "b<", "r", "l"],
    r: ["r", "B", "T", "b", "t", "l"], l: ["l", "b<", "t<", "b", "t", "r"]
  };
  function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }
  function placeLabels(ctx, W, H) {
    var scale = network.getScale(), view = network.getViewPosition(), body = network.body.nodes;
    var grid = {}, CELL = 80, kept = [], discs = [];
    function each(b, fn) {
      for (var gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++)
        for (var gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) fn(gx + "," + gy);
    }
    function free(b) {
      var ok = true;
      // an agreement's name may lie over other nodes, never over another label
      var overNodes = N[b.node].kind === "agreement";
      each(b, function (key) {
        (grid[key] || []).forEach(function (o) {
          if (ok && o.node !== b.node && !(overNodes && o.r !== undefined) && overlaps(b, o)) ok = false;
        });
      });
      return ok;
    }
    function add(b) { each(b, function (key) { (grid[key] = grid[key] || []).push(b); }); }
    var visible = current.order.filter(function (i) { return !current.hidden[i] && body[N[i].id]; });
    visible.forEach(function (i) {
      var bn = body[N[i].id], r = Math.max(2, N[i].size * scale);
      var x = (bn.x - view.x) * scale + W / 2, y = (bn.y - view.y) * scale + H / 2;
      var d = { x: x - r, y: y - r, w: 2 * r, h: 2 * r, node: i, cx: x, cy: y, r: r };
      discs.push(d);
      // a node big enough to see is kept clear of labels; a dot a few pixels wide is not
      if (r >= 5 && x > -r && y > -r && x < W + r && y < H + r) add(d);
    });
    for (var k = 0; k < discs.length && kept.length < MAX_LABELS; k++) {
      var d = discs[k], n = N[d.node];
      if (d.cx < 0 || d.cy < 0 || d.cx > W || d.cy > H) continue;
      var lines = labelLines(n), w = 0, h = lines.length * LINE;
      lines.forEach(function (l) { w = Math.max(w, width(ctx, l[1], l[0])); });
      var below = d.cy + d.r + 2, above = d.cy - d.r - 2 - h;
      var spots = {
        b: [d.cx - w / 2, below], t: [d.cx - w / 2, above], B: [d.cx - d.r, below], T: [d.cx - d.r, above],
        "b<": [d.cx + d.r - w, below], "t<": [d.cx + d.r - w, above], r: [d.cx + d.r + 3, d.cy - h / 2], l: [d.cx - d.r - 3 - w, d.cy - h / 2]
      };
      var pref = PLACES[current.side[d.node]] || PLACES.b;
      for (var s = 0; s < pref.length; s++) {
        var at = spots[pref[s]], align = { B: "r", T: "r", "b<": "l", "t<": "l" }[pref[s]] || pref[s];
        var box = { x: at[0], y: at[1], w: w, h: h, node: d.node, lines: lines, align: align };
        if (box.x < 0 || box.y < 0 || box.x + w > W || box.y + h > H || !free(box)) continue;
        add(box);
        kept.push(box);
        break;
      }
    }
    return { kept: kept, discs: discs };
  }
  network.on("afterDrawing", function (ctx) {
    var canvas = ctx.canvas, W = canvas.clientWidth, H = canvas.clientHeight, ratio = canvas.width / W;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var placed = placeLabels(ctx, W, H);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    placed.kept.forEach(function (b) {
      var dim = highlighted && !highlighted[b.node];
      ctx.textAlign = b.align === "r" ? "left" : b.align === "l" ? "right" : "center";
      var x = b.align === "r" ? b.x : b.align === "l" ? b.x + b.w : b.x + b.w / 2;
      b.lines.forEach(function (l, j) {
        ctx.font = l[1];
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.strokeText(l[0], x, b.y + j * LINE);
        ctx.fillStyle = dim ? "#b0b8c1" : "#1f2933";
        ctx.fillText(l[0], x, b.y + j * LINE);
      });
    });
    placed.discs.forEach(function (d) {  // sources disagree: a red "!" on the node
      if (!N[d.node].disputed || d.cx < 0 || d.cy < 0 || d.cx > W || d.cy > H) return;
      var bx = d.cx + d.r * 0.8, by = d.cy - d.r * 0.8;
      ctx.beginPath(); ctx.arc(bx, by, 7, 0, 2 * Math.PI); ctx.fillStyle = "#d62728"; ctx.fill();
      ctx.fillStyle = "#ffffff"; ctx.font = "bold 11px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      ctx.fillText("!", bx, by + 0.5); ctx.textBaseline = "top";
    });
    ctx.restore();
    api.labelBoxes = placed.kept.map(function (b) {
      return { id: N[b.node].id, text: b.lines.map(function (l) { return l[0]; }).join("\n"), x: b.x, y: b.y, w: b.w, h: b.h };
    });
  });

  // --- hover: a tooltip built from text nodes ---------------------------------------------------
  var tooltip = document.getElementById("tooltip");
  network.on("hoverNode", function (params) {
    var i = INDEX[params.node], n = N[i];
    tooltip.replaceChildren(el("div", n.name, "t-label"), el("div", styleName(n) + (n.disputed ? " · sources disagree" : ""), "t-type"));
    [["amount_text", "Amount"], ["sector", "Sector"], ["purpose", "Purpose"]].forEach(function (f) {
      if (n.attrs[f[0]] !== undefined) tooltip.appendChild(el("div", f[1] + ": " + n.attrs[f[0]]));
    });
    if (n.attrs.quote) tooltip.appendChild(el("div", "“" + n.attrs.quote + "”", "t-quote"));
    if (n.attrs.source) tooltip.appendChild(el("div", "Source: " + n.attrs.source, "t-type"));
    var p = params.pointer.DOM;
    tooltip.style.left = Math.max(0, Math.min(p.x + 14, container.clientWidth - 390)) + "px";
    tooltip.style.top = (p.y + 14) + "px";
    tooltip.style.display = "block";
  });
  network.on("blurNode", function () { tooltip.style.display = "none"; });
  network.on("dragStart", function () { tooltip.style.display = "none"; });

  // --- click: highlight the neighbourhood, fill the side panel ---------------------------------
  var details = document.getElementById("details");
  function restoreColours() {
    highlighted = null;
    nodes.update(nodes.getIds().map(function (id) { var i = INDEX[id]; return { id: id, color: visNode(i, 0, 0).color }; }));
    edges.update(edges.getIds().map(function (id) { return { id: id, font: { size: 0 }, hidden: !!quiet[id] }; }));
  }
  function highlight(id) {
    var keep = {};
    keep[INDEX[id]] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[INDEX[n]] = true; });
    var linked = {};
    network.getConnectedEdges(id).forEach(function (e) { linked[e] = true; });
    highlighted = keep;
    nodes.update(nodes.getIds().map(function (nid) {
      var i = INDEX[nid];
      return { id: nid, color: keep[i] ? visNode(i, 0, 0).color : { background: "#e4e7eb", border: "#d9e2ec" } };
    }));
    edges.update(edges.getIds().map(function (e) {
      return { id: e, font: { size: linked[e] ? 11 : 0 }, hidden: !linked[e] && !!quiet[e] };
    }));
  }
  function link(i) {
    var b = el("button", N[i].name, "link");
    b.type = "button";
    b.addEventListener("click", function () { find(i); });
    return b;
  }
  function linkList(title, items) {
    var wrap = el("div");
    if (!items.length) return wrap;
    wrap.appendChild(el("dt", title + " (" + items.length + ")"));
    var ul = el("ul");
    items.slice(0, 60).forEach(function (it) { var li = el("li", it[0] + " "); li.appendChild(link(it[1])); ul.appendChild(li); });
    if (items.length > 60) ul.appendChild(el("li", "… and " + (items.length - 60) + " more"));
    wrap.appendChild(ul);
    return wrap;
  }
  function claimTable(i) {
    var claims = (DATA.claims[i] || []).slice();
    if (!claims.length) return null;
    var wrap = el("div", null, "claims-wrap");
    wrap.appendChild(el("h3", "What each source says"));
    var sources = [], facts = [];
    claims.forEach(function (c) {
      if (sources.indexOf(c.source) < 0) sources.push(c.source);
      if (facts.indexOf(c.fact) < 0) facts.push(c.fact);
    });
    var table = el("table", null, "claims"), head = el("tr");
    head.appendChild(el("th", "fact"));
    sources.forEach(function (s) {
      var th = el("th"), src = s === undefined ? null : N[s];
      th.appendChild(el("div", src ? src.name : "source not given"));
      if (src) {
        var meta = [src.attrs.sourceKind ? words(src.attrs.sourceKind) : "", src.attrs.issued || ""].filter(Boolean).join(", ");
        if (meta) th.appendChild(el("div", meta, "note"));
      }
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var tbody = el("tbody");
    facts.forEach(function (f) {
      var tr = el("tr");
      tr.appendChild(el("th", f));
      sources.forEach(function (s) {
        var td = el("td");
        claims.filter(function (c) { return c.fact === f && c.source === s; }).forEach(function (c) {
          td.appendChild(el("div", (c.values || []).join("; ") || (c.amount_kind === "not named" ? "not named by the source" : "")));
          var tags = el("div");
          if (c.amount_kind) tags.appendChild(el("span", c.amount_kind, "tag " + c.amount_kind));
          if (c.status) tags.appendChild(el("span", c.status + (c.reviewer ? " by " + c.reviewer : "") + (c.reviewed ? " on " + c.reviewed : ""), "tag " + c.status));
          if (c.rank) tags.appendChild(el("span", c.rank + " rank", "tag"));
          if (c.date) tags.appendChild(el("span", "status date " + c.date, "tag"));
          td.appendChild(tags);
        });
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    wrap.appendChild(table);
    sources.forEach(function (s) {
      var quotes = [];
      claims.forEach(function (c) { if (c.source === s && c.quote && quotes.indexOf(c.quote) < 0) quotes.push(c.quote); });
      quotes.forEach(function (q) { wrap.appendChild(el("blockquote", q + (s !== undefined ? "\n— " + N[s].name : ""))); });
    });
    return wrap;
  }
  var HIDDEN_ATTRS = { quote: 1, source: 1, amount_text: 1, sector: 1 };
  function showPanel(i) {
    var n = N[i];
    details.replaceChildren(el("h2", n.name), el("div", styleName(n), "note"));
    if (n.disputed) details.appendChild(el("div", "Sources of the same standing disagree: the value shown is the conservative one; each source's words are below.", "disputed-note"));
    if (DATA.agreements[i]) details.appendChild(el("p", DATA.agreements[i]));
    var dl = el("dl");
    if (n.attrs.amount_text) { dl.appendChild(el("dt", "amount")); dl.appendChild(el("dd", n.attrs.amount_text + (n.ak ? " (" + n.ak + ")" : ""))); }
    if (n.attrs.sector) { dl.appendChild(el("dt", "sector")); dl.appendChild(el("dd", n.attrs.sector)); }
    Object.keys(n.attrs).sort().forEach(function (k) {
      if (HIDDEN_ATTRS[k]) return;
      dl.appendChild(el("dt", words(k)));
      dl.appendChild(el("dd", k === "sourceKind" ? words(n.attrs[k]) : n.attrs[k]));
    });
    (DATA.reconciled[i] || []).forEach(function (r) {
      dl.appendChild(el("dt", "how the " + r.fact + " was chosen" + (r.count ? " (" + r.count + " sources)" : "")));
      dl.appendChild(el("dd", r.reason || words(r.rule || "")));
    });
    details.appendChild(dl);
    var claims = claimTable(i);
    if (claims) details.appendChild(claims);
    else if (n.attrs.quote) {
      details.appendChild(el("h3", "Evidence" + (n.attrs.source ? " (" + n.attrs.source + ")" : "")));
      n.attrs.quote.split("\n").forEach(function (q) { details.appendChild(el("blockquote", q)); });
    }
    groupButtons(i);
    var out = [], inc = [];
    ADJ[i].forEach(function (k) {
      var e = DATA.edges[k], label = DATA.edgeLabels[e[2]];
      if (e[0] === i) out.push([label, e[1]]); else inc.push([label + " ←", e[0]]);
    });
    var links = el("dl");
    links.appendChild(linkList("links", out));
    links.appendChild(linkList("linked from", inc));
    links.appendChild(el("dt", "IRI"));
    links.appendChild(el("dd", n.id, "iri"));
    details.appendChild(links);
  }
  function groupButtons(i) {
    if (DATA.mode !== "overview") return;
    DIMS.forEach(function (dim) {
      var scene = detailOf(dim, i);
      if (!scene || current.name === "detail:" + dim + ":" + i) return;
      var count = (DATA.filters[dim].filter(function (f) { return f[0] === i; })[0] || [0, 0])[1];
      var b = el("button", "Show its " + count + " commitment" + (count === 1 ? "" : "s") + " (by " + dim + ")");
      b.type = "button";
      b.className = "open-group";
      b.addEventListener("click", function () { setFilter(dim, String(i)); });
      details.appendChild(b);
    });
  }
  function select(i) {
    network.selectNodes([N[i].id]);
    highlight(N[i].id);
    showPanel(i);
  }
  function focusNode(i) {
    select(i);
    network.focus(N[i].id, { scale: Math.max(network.getScale(), 1.0), animation: false });
  }
  network.on("click", function (params) {
    if (!params.nodes.length) { restoreColours(); return; }
    var i = INDEX[params.nodes[0]];
    if (DATA.mode === "overview" && current.name.indexOf("overview:") === 0 && detailOf(clusterBy.value, i)) {
      setFilter(clusterBy.value, String(i));
      select(i);
      return;
    }
    select(i);
  });

  // --- filters: by agreement, party, sector, source; types in the legend ------------------------
  var filters = {}, lastFilter = [];
  var selects = {};
  DIMS.forEach(function (dim) {
    var s = selects[dim] = document.getElementById("filter-" + dim);
    DATA.filters[dim].forEach(function (f) { var o = el("option", N[f[0]].name + " (" + f[1] + ")"); o.value = String(f[0]); s.appendChild(o); });
    s.addEventListener("change", function () { setFilter(dim, s.value); });
    filters[dim] = "";
  });
  function setFilter(dim, value) {
    filters[dim] = value;
    selects[dim].value = value;
    lastFilter = lastFilter.filter(function (d) { return d !== dim; });
    if (value !== "") lastFilter.push(dim);
    if (DATA.mode === "overview") {
      var top = lastFilter[lastFilter.length - 1];
      if (top) openDetail(top, filters[top]); else overview();
    } else applyFilters();
  }
  function matches(i) {
    var n = N[i];
    return [["agreement", "agreement"], ["party", "parties"], ["sector", "sectors"], ["source", "sources"]].every(function (f) {
      return filters[f[0]] === "" || (n[f[1]] || []).indexOf(Number(filters[f[0]])) >= 0;
    });
  }
  var typeBoxes = document.querySelectorAll("#legend input");
  typeBoxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
  var status = document.getElementById("status");
  function applyFilters() {
    var off = {};
    typeBoxes.forEach(function (b) { off[b.value] = !b.checked; });
    var any = DIMS.some(function (d) { return filters[d] !== ""; });
    var keep = {};
    if (any) {
      current.order.forEach(function (i) {
        if (N[i].kind !== "commitment" || !matches(i)) return;
        keep[i] = true;
        ADJ[i].forEach(function (k) { var e = DATA.edges[k], j = e[0] === i ? e[1] : e[0]; if (N[j].kind !== "commitment") keep[j] = true; });
      });
      DIMS.forEach(function (d) { if (filters[d] !== "") keep[Number(filters[d])] = true; });
    }
    var hidden = {}, shown = 0, updates = [];
    current.order.forEach(function (i) {
      var hide = (any && !keep[i]) || !!off[N[i].style];
      if (hide) hidden[i] = true; else shown += 1;
      updates.push({ id: N[i].id, hidden: hide });
    });
    current.hidden = hidden;
    nodes.update(updates);
    status.textContent = shown + " of " + REAL + " entities drawn";
  }
  if (DATA.mode === "overview") {
    document.getElementById("cluster-by-label").hidden = false;
    clusterBy.addEventListener("change", function () { DIMS.forEach(function (d) { filters[d] = ""; selects[d].value = ""; }); lastFilter = []; overview(); });
  }
  document.getElementById("back").addEventListener("click", function () { reset(); });

  // --- search: any entity, drawn or not; one that is not drawn opens a scene that holds it ------
  var search = document.getElementById("search"), datalist = document.getElementById("labels");
  var ORDER = N.map(function (n, i) { return i; }).sort(function (a, b) { return PRIO[b] - PRIO[a] || a - b; });
  function hits(q, limit) {
    var out = [];
    for (var k = 0; k < ORDER.length && out.length < limit; k++) if (N[ORDER[k]].name.toLowerCase().indexOf(q) >= 0) out.push(ORDER[k]);
    return out;
  }
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    datalist.replaceChildren();
    if (q.length < 2) return;
    hits(q, 30).forEach(function (i) { var o = document.createElement("option"); o.value = N[i].name; datalist.appendChild(o); });
  });
  function sceneFor(i) {
    var n = N[i], dims = n.kind === "commitment" ? [["agreement", n.agreement], ["party", n.parties], ["sector", n.sectors]] : DIMS.map(function (d) { return [d, [i]]; });
    for (var k = 0; k < dims.length; k++) for (var j = 0; j < (dims[k][1] || []).length; j++) {
      var scene = detailOf(dims[k][0], dims[k][1][j]);
      if (scene && scene.nodes.some(function (r) { return r[0] === i; })) return [dims[k][0], dims[k][1][j]];
    }
    var via = ADJ[i].map(function (k) { var e = DATA.edges[k]; return e[0] === i ? e[1] : e[0]; }).filter(function (j) { return N[j].kind === "commitment"; })[0];
    return via === undefined ? null : sceneFor(via);
  }
  function find(i) {
    if (!current.drawn[i] && DATA.mode === "overview") {
      var where = sceneFor(i);
      if (where) setFilter(where[0], String(where[1]));
    }
    if (current.hidden[i]) { DIMS.forEach(function (d) { filters[d] = ""; selects[d].value = ""; }); applyFilters(); }
    if (current.drawn[i]) { focusNode(i); return true; }
    showPanel(i);
    return false;
  }
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    if (!q) return;
    var exact = ORDER.filter(function (i) { return N[i].name.toLowerCase() === q; })[0];
    var hit = exact !== undefined ? exact : hits(q, 1)[0];
    if (hit === undefined) { status.textContent = "no entity matches “" + search.value + "”"; return; }
    status.textContent = "found " + N[hit].name;  // first: a longer toolbar resizes the canvas
    find(hit);
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") runSearch(); });
  api.focusNode = function (id) { return find(INDEX[id]); };

  // --- reset ---------------------------------------------------------------------------------
  function reset() {
    DIMS.forEach(function (d) { filters[d] = ""; selects[d].value = ""; });
    lastFilter = [];
    typeBoxes.forEach(function (b) { b.checked = true; });
    search.value = "";
    status.textContent = "";
    network.unselectAll();
    details.replaceChildren(el("p", "Hover an entity for a summary; click it for its evidence.", "note"));
    initial();
  }
  document.getElementById("reset").addEventListener("click", reset);

  // window.pledgegraph.drawn: ms since navigation when the first scene was first drawn.
  network.once("afterDrawing", function () { api.drawn = performance.now(); });
  initial();
  api.stable = true;
})();
