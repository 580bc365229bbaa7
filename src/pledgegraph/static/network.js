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
  // what the other parts of the script (drill.js, panel.js) are given
  var page = { N: N, DATA: DATA, ADJ: ADJ, INDEX: INDEX, DIMS: DIMS, el: el, words: words, styleName: styleName };

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
  var detailOf = pledgeDrill(page);
  api.detail = detailOf;
  function openDetail(dim, i) { show(detailOf(dim, i), "detail:" + dim + ":" + i); }
  api.show = function (name) {
    var p = name.split(":");
    if (p[0] === "detail") openDetail(p[1], p[2]); else if (p[0] === "overview") { clusterBy.value = p[1]; overview(); } else initial();
  };

  // --- labels (labels.js), and a red "!" on a node whose sources disagree ----------------------
  network.on("afterDrawing", function (ctx) {
    var canvas = ctx.canvas, W = canvas.clientWidth, H = canvas.clientHeight, ratio = canvas.width / W;
    var scale = network.getScale(), view = network.getViewPosition(), body = network.body.nodes;
    var discs = [];
    current.order.forEach(function (i) {
      var bn = body[N[i].id];
      if (current.hidden[i] || !bn) return;
      discs.push({
        node: i, data: N[i], side: current.side[i], r: Math.max(2, N[i].size * scale),
        cx: (bn.x - view.x) * scale + W / 2, cy: (bn.y - view.y) * scale + H / 2
      });
    });
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var kept = pledgeLabels.place(ctx, discs, W, H, current.name.indexOf("overview:") !== 0);
    pledgeLabels.draw(ctx, kept, function (i) { return highlighted && !highlighted[i]; });
    discs.forEach(function (d) {
      if (N[d.node].disputed && d.cx >= 0 && d.cy >= 0 && d.cx <= W && d.cy <= H) pledgeLabels.badge(ctx, d);
    });
    ctx.restore();
    api.labelBoxes = kept.map(function (b) {
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
  function groupButtons(i) {  // on an overview: open a group's drill-down from its panel
    if (DATA.mode !== "overview") return [];
    return DIMS.filter(function (dim) {
      return detailOf(dim, i) && current.name !== "detail:" + dim + ":" + i;
    }).map(function (dim) {
      var count = (DATA.filters[dim].filter(function (f) { return f[0] === i; })[0] || [0, 0])[1];
      var b = el("button", "Show its " + count + " commitment" + (count === 1 ? "" : "s") + " (by " + dim + ")", "open-group");
      b.type = "button";
      b.addEventListener("click", function () { setFilter(dim, String(i)); });
      return b;
    });
  }
  page.groupButtons = groupButtons;
  page.find = function (i) { find(i); };
  var showPanel = pledgePanel(page);
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
