// The projector's view: the text, who proposed what, the coalitions, the
// votes as they happen and the latest narrative lines, followed live.
"use strict";
(function () {
  const { joinAddress, el, fill, $, api, showError, gameCode, enc, follow, statusFacts, badge } = TS;
  const code = gameCode();
  const base = "/api/games/" + enc(code);
  let title = "";
  let names = {};

  // The address students type (none when this page is on the teacher's
  // own loopback address and the host page did not say).
  const addr = joinAddress(code);
  fill($("#join-line"), "Join", addr ? [" at ", el("b", null, addr.replace(/^https?:\/\//, "").replace(/\/$/, ""))] : "", " with the code ", el("b", { id: "code" }, code));

  async function load() {
    let live;
    try {
      const reqs = [api("GET", base + "/live")];
      if (!title) reqs.push(api("GET", base));
      const [l, g] = await Promise.all(reqs);
      live = l;
      if (g) {
        title = g.title || "The negotiation";
        for (const s of g.seats || []) names[s.state] = s.name;
      }
    } catch (e) {
      if (e.status === 404) e.message = "There is no game " + code + " on this server.";
      showError($("#load-error"), e);
      return;
    }
    showError($("#load-error"), null);
    for (const s of live.seats || []) names[s.state] = s.name;
    render(live);
  }

  function render(live) {
    const st = live.status || {};
    document.title = "Live " + code + ": " + title;
    $("#title").textContent = title;
    fill($("#status"), statusFacts(st));
    document.body.dataset.version = st.version;

    // The students' delegations: seats that have players.
    const seatIDs = new Set((live.seats || []).filter((s) => (s.players || []).length).map((s) => s.state));
    const text = live.text || [];
    // A long text (the flagship's 21 clauses) gets most of the width.
    $(".live-grid").classList.toggle("many", text.length > 8);
    if (!text.length) {
      fill($("#text"), el("p", { class: "empty" }, "The text opens when the game starts."));
    } else {
      fill($("#text"), el("table", { class: "livetext" + (text.length > 8 ? " many" : "") },
        el("thead", null, el("tr", null, el("th", { scope: "col" }, "Clause"), el("th", { scope: "col" }, "Status"), el("th", { scope: "col" }, "The wording now"))),
        el("tbody", null, text.map((c) => {
          const pb = c.proposed_by || [];
          return el("tr", { class: c.status, id: "clause-" + c.id },
            el("th", { scope: "row" }, c.title || c.id),
            el("td", null, badge(c.status)),
            el("td", null, el("span", { class: "wording" }, c.status === "out" ? (c.label || "left out") : "\u201c" + (c.label || c.option) + "\u201d"),
              pb.length ? el("div", { class: "meta" }, "proposed by ", members(pb, seatIDs)) : null));
        }))));
    }

    const votes = live.votes || [];
    fill($("#votes"), votes.length ? votes.slice().reverse().slice(0, 4).map(tally) : el("p", { class: "empty" }, "No vote yet."));

    const cs = live.coalitions || [];
    fill($("#coalitions"), cs.length ? cs.map((c) => el("div", { class: "coalition" },
      el("span", { class: "chip", style: { background: c.color || "#999" }, "aria-hidden": "true" }),
      el("div", null, el("b", null, (c.label || c.id) + " (" + (c.members || []).length + ")"), el("br"),
        el("span", { class: "members" }, members(c.members || [], seatIDs)))))
      : el("p", { class: "empty" }, "Coalitions show once the delegations have taken positions."));

    const seats = live.seats || [];
    fill($("#seats"), seats.length ? seats.map((s) => el("li", null, el("b", null, s.name), " ",
      (s.players || []).length ? s.players.join(", ") : el("span", { class: "empty" }, "no one yet")))
      : el("li", { class: "empty" }, "None."));

    const log = live.log || [];
    fill($("#log"), log.length ? log.slice(-8).reverse().map((l) => el("li", null, l)) : el("li", { class: "empty" }, "Nothing yet."));
  }

  // members lists a coalition's states by id, the students' first and in
  // bold (with the word "students" for those who cannot see the weight).
  function members(ids, seats) {
    const mine = ids.filter((id) => seats.has(id)), rest = ids.filter((id) => !seats.has(id));
    const n = ids.length > 40 ? 14 : 24;
    const shown = rest.slice(0, n).join(", ") + (rest.length > n ? " and " + (rest.length - n) + " more" : "");
    return [mine.length ? el("b", null, mine.join(", ") + " (students)") : null, mine.length && shown ? ", " : null, shown];
  }

  function tally(v) {
    const total = (v.yes || 0) + (v.no || 0) + (v.abstain || 0) || 1;
    const w = (x) => ((x || 0) / total * 100) + "%";
    return el("div", { class: "tally" },
      el("div", { class: "label" }, v.label || v.motion, ": ", el("span", null, v.passed ? "\u2713 passed" : "\u2715 rejected")),
      el("div", { class: "bars", "aria-hidden": "true" },
        el("span", { class: "yes", style: { width: w(v.yes) } }),
        el("span", { class: "no", style: { width: w(v.no) } }),
        el("span", { class: "abstain", style: { width: w(v.abstain) } })),
      el("div", { class: "legend" }, el("b", null, v.yes || 0), " yes (green) \u00b7 ", el("b", null, v.no || 0), " no (orange-red) \u00b7 ",
        el("b", null, v.abstain || 0), " abstaining (grey stripes)"));
  }

  follow(code, load, $("#conn"));
})();
