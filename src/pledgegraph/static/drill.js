// Drill-down: one group's commitments (an agreement's, a sector's, a party's, a source's) and
// what they name, laid out on the first click with the rings of layout.js. Planner.detail in
// graphpage/scenes.py is the same recipe; DETAIL and SATELLITES are its limits.
// pledgeDrill(page) -> detailOf(dimension, group) -> {nodes: [[node, x, y, side]], centre, hidden}
var pledgeDrill = function (page) {
  "use strict";
  var N = page.N, DATA = page.DATA, ADJ = page.ADJ, INDEX = page.INDEX, DIMS = page.DIMS;
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
  return detailOf;
};
