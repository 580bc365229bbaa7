// Labels drawn on the canvas at a fixed screen size, never on top of each other: the most
// important first (the page decides the order), each at the first free spot of up to eight
// around its node; whatever finds no room is left out until the reader zooms in. Text is drawn
// with fillText, never parsed as HTML.
var pledgeLabels = (function () {
  "use strict";
  var LINE = 15, MAX = 300, CELL = 80;
  var FONT = "12px system-ui, sans-serif", BOLD = "600 12px system-ui, sans-serif";
  var TITLE = "600 13px system-ui, sans-serif";
  // Where a label may go, best first, by the side the layout prefers: below, above, right,
  // left; "B"/"T" below/above reaching right from the node, "b<"/"t<" reaching left.
  var PLACES = {
    b: ["b", "B", "b<", "t", "T", "t<", "r", "l"], t: ["t", "T", "t<", "b", "B", "b<", "r", "l"],
    r: ["r", "B", "T", "b", "t", "l"], l: ["l", "b<", "t<", "b", "t", "r"]
  };
  var ALIGN = { B: "r", T: "r", "b<": "l", "t<": "l" };
  var widths = {};

  function shorten(text, limit) { return text.length <= limit ? text : text.slice(0, limit - 1).replace(/\s+$/, "") + "…"; }
  // What a node's label says: commitments their amount as worded ("up to $25 bn"), agreements
  // their headline; names are shorter on a crowded overview.
  function lines(n, wide) {
    if (n.kind === "agreement") return [[shorten(n.name, wide ? 36 : 26), TITLE]].concat(n.short ? [["headline " + n.short, FONT]] : []);
    if (n.kind === "commitment") return [[shorten(n.name, wide ? 32 : 22), FONT]].concat(n.short ? [[n.short, BOLD]] : []);
    return [[shorten(n.name, wide ? 32 : 24), FONT]];
  }
  function width(ctx, font, text) {
    var key = font + "\u0000" + text;
    if (!(key in widths)) { ctx.font = font; widths[key] = ctx.measureText(text).width; }
    return widths[key];
  }
  function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

  // discs: [{node, data, cx, cy, r, side}] in priority order, on a W x H canvas (CSS pixels).
  function place(ctx, discs, W, H, wide) {
    var grid = {}, kept = [];
    function each(b, fn) {
      for (var gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++)
        for (var gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) fn(gx + "," + gy);
    }
    function free(b, overNodes) {  // an agreement's name may lie over other nodes, not labels
      var ok = true;
      each(b, function (key) {
        (grid[key] || []).forEach(function (o) {
          if (ok && o.node !== b.node && !(overNodes && o.disc) && overlaps(b, o)) ok = false;
        });
      });
      return ok;
    }
    function add(b) { each(b, function (key) { (grid[key] = grid[key] || []).push(b); }); }
    discs.forEach(function (d) {  // a node big enough to see is kept clear; a dot is not
      if (d.r >= 5 && d.cx > -d.r && d.cy > -d.r && d.cx < W + d.r && d.cy < H + d.r) {
        add({ x: d.cx - d.r, y: d.cy - d.r, w: 2 * d.r, h: 2 * d.r, node: d.node, disc: true });
      }
    });
    for (var k = 0; k < discs.length && kept.length < MAX; k++) {
      var d = discs[k];
      if (d.cx < 0 || d.cy < 0 || d.cx > W || d.cy > H) continue;
      var text = lines(d.data, wide), w = 0, h = text.length * LINE;
      text.forEach(function (l) { w = Math.max(w, width(ctx, l[1], l[0])); });
      var below = d.cy + d.r + 2, above = d.cy - d.r - 2 - h;
      var spots = {
        b: [d.cx - w / 2, below], t: [d.cx - w / 2, above], B: [d.cx - d.r, below], T: [d.cx - d.r, above],
        "b<": [d.cx + d.r - w, below], "t<": [d.cx + d.r - w, above],
        r: [d.cx + d.r + 3, d.cy - h / 2], l: [d.cx - d.r - 3 - w, d.cy - h / 2]
      };
      var pref = PLACES[d.side] || PLACES.b;
      for (var s = 0; s < pref.length; s++) {
        var at = spots[pref[s]];
        var box = { x: at[0], y: at[1], w: w, h: h, node: d.node, lines: text, align: ALIGN[pref[s]] || pref[s] };
        if (box.x < 0 || box.y < 0 || box.x + w > W || box.y + h > H || !free(box, d.data.kind === "agreement")) continue;
        add(box);
        kept.push(box);
        break;
      }
    }
    return kept;
  }
  function draw(ctx, kept, dimmed) {
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    kept.forEach(function (b) {
      ctx.textAlign = b.align === "r" ? "left" : b.align === "l" ? "right" : "center";
      var x = b.align === "r" ? b.x : b.align === "l" ? b.x + b.w : b.x + b.w / 2;
      b.lines.forEach(function (l, j) {
        ctx.font = l[1];
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.strokeText(l[0], x, b.y + j * LINE);
        ctx.fillStyle = dimmed(b.node) ? "#b0b8c1" : "#1f2933";
        ctx.fillText(l[0], x, b.y + j * LINE);
      });
    });
  }
  function badge(ctx, d) {  // sources disagree: a red "!" on the node
    var bx = d.cx + d.r * 0.8, by = d.cy - d.r * 0.8;
    ctx.beginPath(); ctx.arc(bx, by, 7, 0, 2 * Math.PI); ctx.fillStyle = "#d62728"; ctx.fill();
    ctx.fillStyle = "#ffffff"; ctx.font = "bold 11px system-ui, sans-serif"; ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText("!", bx, by + 0.5);
  }
  return { place: place, draw: draw, badge: badge };
})();
