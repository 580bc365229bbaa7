// The rings of src/pledgegraph/graphpage/layout.py, for the scenes the page lays out on a click
// (one group's commitments and what they name): the same steps and constants, so a drill-down
// looks like the scenes laid out in Python. tests/test_viz_browser.py checks that both give the
// same positions. Nodes are indexes into the page's node table, whose order is the IRIs' order.
var pledgeLayout = (function () {
  "use strict";
  var SLOT = 130, RING_GAP = 110, MARGIN = 60, MAX_RING = 40, TAU = 2 * Math.PI;

  function mod(a, m) { return ((a % m) + m) % m; }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function round1(v) { return Math.round(v * 10) / 10; }
  function maxSize(nodes, size) { return Math.max.apply(null, nodes.map(size)); }

  function cluster(centre, size, members, group, levels) {
    var out = { pos: {}, side: {}, radius: 0 };
    if (centre !== null) { out.pos[centre] = [0, 0]; out.side[centre] = "b"; }
    var radius = (centre !== null ? size(centre) : 0) + RING_GAP;
    rings(members, radius).forEach(function (ring) {
      var ordered = ring.slice().sort(function (a, b) { return cmp(group[a], group[b]); });
      radius = Math.max(radius, fitRadius(ordered, size));
      placeRing(out, ordered, ordered.map(function () { return null; }), radius);
      radius += RING_GAP + 2 * maxSize(ring, size);
    });
    levels.forEach(function (level) {
      var nodes = level.map(function (l) { return l[0]; }).filter(function (n) { return !(n in out.pos); });
      if (!nodes.length) return;
      var targets = {};
      level.forEach(function (l) {
        targets[l[0]] = meanAngle(l[1].filter(function (x) { return x in out.pos; }).map(function (x) { return out.pos[x]; }));
      });
      radius = placeLevel(out, nodes, targets, radius, size);
    });
    Object.keys(out.pos).forEach(function (n) {
      var p = out.pos[n];
      out.radius = Math.max(out.radius, Math.hypot(p[0], p[1]) + size(Number(n)));
    });
    out.radius += MARGIN;
    return out;
  }
  function rings(members, radius) {
    var out = [], rest = members.slice();
    while (rest.length) {
      var capacity = Math.max(MAX_RING, Math.floor(TAU * radius / SLOT));
      out.push(rest.slice(0, capacity));
      rest = rest.slice(capacity);
      radius += RING_GAP + SLOT;
    }
    return out;
  }
  function fitRadius(nodes, size) {
    return nodes.reduce(function (s, n) { return s + Math.max(SLOT, 2 * size(n) + 24); }, 0) / TAU;
  }
  function placeRing(out, nodes, angles, radius) {
    nodes.forEach(function (node, i) {
      var a = angles[i] !== null ? angles[i] : -Math.PI / 2 + TAU * i / nodes.length;
      out.pos[node] = [round1(radius * Math.cos(a)), round1(radius * Math.sin(a))];
      out.side[node] = side(a);
    });
  }
  function side(a) {
    var c = Math.cos(a), s = Math.sin(a);
    if (Math.abs(c) > 0.64) return c > 0 ? "r" : "l";
    return s > 0 ? "b" : "t";
  }
  function meanAngle(points) {
    var x = 0, y = 0;
    points.forEach(function (p) { var norm = Math.hypot(p[0], p[1]) || 1; x += p[0] / norm; y += p[1] / norm; });
    x = Math.round(x * 1e9) / 1e9 + 0;  // as layout.py: rounded, and no negative zero
    y = Math.round(y * 1e9) / 1e9 + 0;
    return x === 0 && y === 0 ? null : Math.atan2(y, x);
  }
  function placeLevel(out, nodes, targets, radius, size) {
    var slot = Math.max(SLOT, 2 * maxSize(nodes, size) + 24);
    radius += RING_GAP;
    var count = 1;
    while (nodes.length > count * Math.floor(TAU * radius / slot)) count += 1;
    var floating = nodes.filter(function (n) { return targets[n] === null || targets[n] === undefined; }).sort(function (a, b) { return a - b; });
    var angle = {};
    floating.forEach(function (n, i) { angle[n] = -Math.PI / 2 + TAU * (i + 0.5) / floating.length; });
    nodes.forEach(function (n) { if (!(n in angle)) angle[n] = targets[n]; });
    var byAngle = nodes.slice().sort(function (a, b) { return cmp(mod(angle[a], TAU), mod(angle[b], TAU)) || a - b; });
    for (var r = 0; r < count; r++) {
      var ring = byAngle.filter(function (n, i) { return i % count === r; });
      var ringRadius = radius + r * (slot * 0.6);
      var placed = spread(ring.map(function (n) { return angle[n]; }), slot / ringRadius);
      placeRing(out, ring, placed, ringRadius);
    }
    return radius + (count - 1) * slot * 0.6 + 2 * maxSize(nodes, size);
  }
  function spread(targets, gap) {  // layout.spread_on_circle
    var n = targets.length;
    if (!n) return [];
    if (n * gap >= TAU) gap = TAU / n;
    var t = targets.map(function (a) { return mod(a, TAU); });
    var order = t.map(function (a, i) { return i; }).sort(function (a, b) { return cmp(t[a], t[b]) || a - b; });
    var ts = order.map(function (i) { return t[i]; });
    var widest = 0, best = -1;
    for (var i = 0; i < n; i++) {
      var g = mod(ts[(i + 1) % n] - ts[i], TAU) || TAU;
      if (g > best) { best = g; widest = i; }
    }
    var start = (widest + 1) % n, line = [];
    for (var k = 0; k < n; k++) line.push(ts[(start + k) % n]);
    line = line.map(function (a, k) { return k && a < line[0] ? a + TAU : a; });
    var fitted = pava(line.map(function (a, k) { return a - k * gap; }));
    var placed = fitted.map(function (y, k) { return y + k * gap; });
    if (placed[n - 1] - placed[0] > TAU - gap) {
      var offset = line.reduce(function (s, a, k) { return s + a - k * gap; }, 0) / n;
      placed = line.map(function (a, k) { return offset + k * gap; });
    }
    var result = new Array(n);
    placed.forEach(function (a, k) { result[order[(start + k) % n]] = a; });
    return result;
  }
  function pava(values) {
    var blocks = [];
    values.forEach(function (v) {
      blocks.push([v, 1]);
      while (blocks.length > 1 && blocks[blocks.length - 2][0] / blocks[blocks.length - 2][1] > blocks[blocks.length - 1][0] / blocks[blocks.length - 1][1]) {
        var last = blocks.pop();
        blocks[blocks.length - 1][0] += last[0];
        blocks[blocks.length - 1][1] += last[1];
      }
    });
    var out = [];
    blocks.forEach(function (b) { for (var k = 0; k < b[1]; k++) out.push(b[0] / b[1]); });
    return out;
  }
  return { cluster: cluster, spread: spread };
})();
