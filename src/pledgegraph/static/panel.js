// The side panel: an entity's properties, how each fact's value was chosen, each source's
// claims side by side (value and kind, review, rank; the source's kind and date above), the
// quotes with their sources, its links and its IRI. Built with textContent only.
// pledgePanel(page) -> show(i); ``page`` gives the data and what a click on a link does.
var pledgePanel = function (page) {
  "use strict";
  var N = page.N, DATA = page.DATA, el = page.el, words = page.words;
  var details = document.getElementById("details");
  var HIDDEN = { quote: 1, source: 1, amount_text: 1, sector: 1 };

  function link(i) {
    var b = el("button", N[i].name, "link");
    b.type = "button";
    b.addEventListener("click", function () { page.find(i); });
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
  function sourceHead(s) {
    var th = el("th"), src = s === undefined ? null : N[s];
    th.appendChild(el("div", src ? src.name : "source not given"));
    if (src) {
      var meta = [src.attrs.sourceKind ? words(src.attrs.sourceKind) : "", src.attrs.issued || ""].filter(Boolean).join(", ");
      if (meta) th.appendChild(el("div", meta, "note"));
    }
    return th;
  }
  function claimCell(c) {
    var cell = el("div");
    cell.appendChild(el("div", (c.values || []).join("; ") || (c.amount_kind === "not named" ? "not named by the source" : "")));
    var tags = el("div");
    if (c.amount_kind) tags.appendChild(el("span", c.amount_kind, "tag " + c.amount_kind));
    if (c.status) tags.appendChild(el("span", c.status + (c.reviewer ? " by " + c.reviewer : "") + (c.reviewed ? " on " + c.reviewed : ""), "tag " + c.status));
    if (c.rank) tags.appendChild(el("span", c.rank + " rank", "tag"));
    if (c.date) tags.appendChild(el("span", "status date " + c.date, "tag"));
    cell.appendChild(tags);
    return cell;
  }
  // One column per source, one row per fact: what each source says, side by side.
  function claimTable(i) {
    var claims = DATA.claims[i] || [];
    if (!claims.length) return null;
    var wrap = el("div", null, "claims-wrap");
    wrap.appendChild(el("h3", "What each source says"));
    var sources = [], facts = [];
    claims.forEach(function (c) {
      if (sources.indexOf(c.source) < 0) sources.push(c.source);
      if (facts.indexOf(c.fact) < 0) facts.push(c.fact);
    });
    var table = el("table", null, "claims"), head = el("tr"), thead = el("thead"), tbody = el("tbody");
    head.appendChild(el("th", "fact"));
    sources.forEach(function (s) { head.appendChild(sourceHead(s)); });
    thead.appendChild(head);
    table.appendChild(thead);
    facts.forEach(function (f) {
      var tr = el("tr");
      tr.appendChild(el("th", f));
      sources.forEach(function (s) {
        var td = el("td");
        claims.filter(function (c) { return c.fact === f && c.source === s; }).forEach(function (c) { td.appendChild(claimCell(c)); });
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
  function facts(n, i) {
    var dl = el("dl");
    if (n.attrs.amount_text) { dl.appendChild(el("dt", "amount")); dl.appendChild(el("dd", n.attrs.amount_text + (n.ak ? " (" + n.ak + ")" : ""))); }
    if (n.attrs.sector) { dl.appendChild(el("dt", "sector")); dl.appendChild(el("dd", n.attrs.sector)); }
    Object.keys(n.attrs).sort().forEach(function (k) {
      if (HIDDEN[k]) return;
      dl.appendChild(el("dt", words(k)));
      dl.appendChild(el("dd", k === "sourceKind" ? words(n.attrs[k]) : n.attrs[k]));
    });
    return dl;
  }
  // How the reconcile stage chose each value, in its words: open when sources disagree.
  function reasons(n, i) {
    var rows = DATA.reconciled[i] || [];
    if (!rows.length) return null;
    var box = el("details", null, "reasons"), dl = el("dl");
    box.open = !!n.disputed;
    box.appendChild(el("summary", "How each value was chosen (" + rows.length + ")"));
    rows.forEach(function (r) {
      var count = r.count ? " (" + r.count + " source" + (r.count === "1" ? "" : "s") + ")" : "";
      dl.appendChild(el("dt", r.fact + count));
      dl.appendChild(el("dd", r.reason || words(r.rule || "")));
    });
    box.appendChild(dl);
    return box;
  }
  function links(n, i) {
    var out = [], inc = [];
    page.ADJ[i].forEach(function (k) {
      var e = DATA.edges[k], label = DATA.edgeLabels[e[2]];
      if (e[0] === i) out.push([label, e[1]]); else inc.push([label + " ←", e[0]]);
    });
    var dl = el("dl");
    dl.appendChild(linkList("links", out));
    dl.appendChild(linkList("linked from", inc));
    dl.appendChild(el("dt", "IRI"));
    dl.appendChild(el("dd", n.id, "iri"));
    return dl;
  }
  return function show(i) {
    var n = N[i];
    details.replaceChildren(el("h2", n.name), el("div", page.styleName(n), "note"));
    if (n.disputed) details.appendChild(el("div", "Sources of the same standing disagree: the value shown is the conservative one; each source's words are below.", "disputed-note"));
    if (DATA.agreements[i]) details.appendChild(el("p", DATA.agreements[i]));
    details.appendChild(facts(n, i));
    var claims = claimTable(i);
    if (claims) details.appendChild(claims);
    else if (n.attrs.quote) {
      details.appendChild(el("h3", "Evidence" + (n.attrs.source ? " (" + n.attrs.source + ")" : "")));
      n.attrs.quote.split("\n").forEach(function (q) { details.appendChild(el("blockquote", q)); });
    }
    var why = reasons(n, i);
    if (why) details.appendChild(why);
    page.groupButtons(i).forEach(function (b) { details.appendChild(b); });
    details.appendChild(links(n, i));
  };
};
