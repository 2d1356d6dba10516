// A student's page: the delegation's brief, the chair's text with a
// propose/support form per clause, exchanges, offers, votes, the objection
// at adoption and the moves queued for the next round.
"use strict";
(function () {
  const { el, fill, $, api, showError, gameCode, enc, follow, statusFacts, badge, keepFocus } = TS;
  const code = gameCode();
  const base = "/api/games/" + enc(code);
  let view = null;
  let names = {};    // state id -> name
  let clauses = {};  // clause id -> ClauseView
  const cards = new Map(); // clause id -> {root, parts}

  function stateName(id) { return names[id] || id; }
  function clauseTitle(id) { return clauses[id] ? clauses[id].title || id : id; }
  function optionLabel(cid, oid) {
    const c = clauses[cid];
    const o = c && (c.options || []).find((x) => x.id === oid);
    return o ? o.label || oid : oid;
  }

  async function load() {
    let v;
    try {
      v = await api("GET", base + "/me");
    } catch (e) {
      if (e.status === 401 || e.status === 403) {
        // No seat in this game on this browser: join first.
        location.replace("/?code=" + enc(code));
        return;
      }
      if (e.status === 404) e.message = "There is no game " + code + " on this server.";
      showError($("#load-error"), e);
      return;
    }
    showError($("#load-error"), null);
    view = v;
    names = {};
    for (const p of v.partners || []) names[p.id] = p.name;
    names[v.seat] = v.name;
    clauses = {};
    for (const c of v.text || []) clauses[c.id] = c;
    keepFocus(render);
  }

  function render() {
    const st = view.status || {};
    document.title = view.name + " (" + code + "): treatysim";
    $("#seat-name").textContent = view.name;
    $("#where").textContent = "Game " + code;
    $("#seat-sub").textContent = "You play " + view.name + " (" + view.seat + ").";
    fill($("#status"), statusFacts(st));
    const dn = $("#done-note");
    dn.hidden = !st.done;
    if (st.done) fill(dn, "The negotiation is over. ", el("a", { href: "/debrief/" + enc(code) }, "See how the class did against the agents"), ".");
    renderBrief(view.brief);
    renderText();
    renderMoves();
    renderVotes();
    renderTrade();
    renderOffers();
    const obj = $("#object");
    obj.checked = !!view.objecting;
    obj.disabled = !!st.done;
    document.body.dataset.version = st.version;
  }

  // The brief changes only when an event moves the delegation's stands: it
  // is rebuilt then, and left alone otherwise (an open <details> stays open).
  let briefKey = "";
  function renderBrief(b) {
    if (!b) return;
    const key = JSON.stringify(b);
    if (key === briefKey) return;
    briefKey = key;
    const box = $("#brief");
    const parts = [];
    if (b.no_treaty_words) parts.push(el("p", null, b.no_treaty_words));
    const facts = [];
    if (b.groups && b.groups.length) facts.push("Your group" + (b.groups.length > 1 ? "s: " : ": ") + b.groups.join(", ") + ".");
    if (b.capability !== undefined) facts.push("Your weight in the room: " + (Math.round(b.capability * 10) / 10) + ".");
    if (facts.length) parts.push(el("p", { class: "muted" }, facts.join(" ")));
    // A stand is the brief's own sentence (how much the delegation cares and
    // what it wants), with its red line marked in words.
    const stand = (s) => el("li", null,
      s.words ? s.words : [el("b", null, s.title || s.clause), ": you want \u201c" + (s.ideal_label || s.ideal_option) + "\u201d."],
      s.red_line ? [" ", el("span", { class: "badge redline" }, "red line")] : null);
    if (b.cares_most && b.cares_most.length) {
      parts.push(el("h3", null, "What matters most to you"));
      parts.push(el("ol", null, b.cares_most.map(stand)));
    }
    if (b.stands && b.stands.length > (b.cares_most || []).length) {
      const open = box.querySelector("details") && box.querySelector("details").open;
      parts.push(el("details", { open }, el("summary", null, "Your stand on every clause (" + b.stands.length + ")"),
        el("ul", null, b.stands.map(stand))));
    }
    fill(box, parts.length ? parts : el("p", { class: "empty" }, "No brief."));
  }

  function renderText() {
    const box = $("#text");
    const done = !!(view.status && view.status.done);
    const ids = (view.text || []).map((c) => c.id);
    // Build a card per clause once; later loads update it in place, so that
    // a student's choice in a select survives updates.
    if (ids.join("|") !== [...cards.keys()].join("|")) {
      cards.clear();
      fill(box, (view.text || []).map((c) => { const k = buildCard(c); cards.set(c.id, k); return k.root; }));
    }
    for (const c of view.text || []) updateCard(cards.get(c.id), c, done);
    if (!ids.length) fill(box, el("p", { class: "empty" }, "No clause is on the table yet."));
  }

  function buildCard(c) {
    const id = c.id;
    const k = {};
    k.badge = el("span");
    k.wording = el("div", { class: "wording" });
    k.meta = el("div", { class: "meta" });
    k.mine = el("div", { class: "mine" });
    k.select = el("select", { id: "opt-" + id, "aria-describedby": "err-" + id },
      (c.options || []).map((o) => el("option", { value: o.id }, o.label || o.id)));
    if (c.my_demand) k.select.value = c.my_demand;
    k.err = el("div", { class: "error", id: "err-" + id, role: "alert" });
    k.propose = el("button", { type: "button", id: "propose-" + id, class: "small" }, "Propose");
    k.support = el("button", { type: "button", id: "support-" + id, class: "secondary small" }, "Support");
    k.propose.addEventListener("click", () => move({ kind: "propose", clause: id, option: k.select.value }, k.err, [k.propose, k.support]));
    k.support.addEventListener("click", () => move({ kind: "support", clause: id, option: k.select.value }, k.err, [k.propose, k.support]));
    k.root = el("article", { class: "clause", id: "clause-" + id, "aria-labelledby": "ct-" + id },
      el("div", { class: "head" }, el("span", { class: "title", id: "ct-" + id }, c.title || id), k.badge,
        c.cluster_title || c.cluster ? el("span", { class: "cluster" }, c.cluster_title || c.cluster) : null),
      k.wording, k.meta, k.mine,
      el("div", { class: "act" },
        el("label", { for: "opt-" + id, class: "hint" }, "A wording for \u201c" + (c.title || id) + "\u201d"),
        el("div", { class: "row" }, el("div", { class: "grow" }, k.select), k.propose, k.support)),
      k.err);
    return k;
  }

  function updateCard(k, c, done) {
    k.root.className = "clause " + c.status;
    fill(k.badge, badge(c.status));
    k.wording.textContent = c.status === "out" ? (c.label || c.option || "left out") : "\u201c" + (c.label || c.option) + "\u201d";
    const pb = c.proposed_by || [];
    k.meta.textContent = pb.length ? "Proposed this session by " + pb.map(stateName).join(", ") : "";
    if (c.my_demand) {
      fill(k.mine, "You ask for: ", el("b", null, optionLabel(c.id, c.my_demand)));
    } else fill(k.mine);
    k.propose.disabled = done;
    k.support.disabled = done;
    k.select.disabled = done;
  }

  async function move(cmd, errBox, buttons, noteBox, note) {
    showError(errBox, null);
    if (noteBox) noteBox.textContent = "";
    for (const b of buttons || []) b.disabled = true;
    let ok = false;
    try {
      await api("POST", base + "/moves", cmd);
      ok = true;
      if (noteBox && note) noteBox.textContent = note;
    } catch (e) {
      if (e.status === 409) e.message = e.message || "Not now.";
      showError(errBox, e);
    } finally {
      for (const b of buttons || []) b.disabled = false;
      await refresh();
    }
    return ok;
  }

  function describe(m) {
    switch (m.kind) {
      case "propose": return ["Propose ", el("b", null, "\u201c" + optionLabel(m.clause, m.option) + "\u201d"), " on " + clauseTitle(m.clause)];
      case "support": return ["Support ", el("b", null, "\u201c" + optionLabel(m.clause, m.option) + "\u201d"), " on " + clauseTitle(m.clause)];
      case "offer": return ["Offer ", el("b", null, stateName(m.partner)), ": you give way on " + clauseTitle(m.give) + ", they give way on " + clauseTitle(m.get)];
      case "accept": return ["Accept offer " + m.offer];
      case "decline": return ["Decline offer " + m.offer];
      case "vote": return ["Vote ", el("b", null, m.vote), " on " + voteLabel(m.motion)];
      case "object": return [m.object ? "Object at adoption" : "Withdraw the objection"];
      default: return [m.kind];
    }
  }

  function voteLabel(id) {
    const v = (view.upcoming_votes || []).find((x) => x.motion === id);
    return v ? v.label || id : id;
  }

  function renderMoves() {
    const ms = view.my_moves || [];
    fill($("#moves"), ms.length ? ms.map((m) => el("li", null, describe(m)))
      : el("li", { class: "empty" }, "None yet. Moves you make now count when the next round is played."));
    const notes = view.notes || [];
    $("#notes-box").hidden = notes.length === 0;
    fill($("#notes"), notes.slice(-6).reverse().map((n) => el("li", null, n)));
  }

  const kindWords = { amendment: "amendment", package: "the package", mandate: "mandate", adoption: "adoption of the package" };
  function renderVotes() {
    const vs = view.upcoming_votes || [];
    const done = view.status && view.status.done;
    if (!vs.length) { fill($("#votes"), el("p", { class: "empty" }, "No vote in the next round.")); return; }
    fill($("#votes"), el("ul", { class: "plain" }, vs.map((v) => {
      const mid = v.motion;
      const group = el("div", { class: "row", role: "group", "aria-label": "Your vote on " + (v.label || mid) },
        ["yes", "no", "abstain"].map((choice) => el("button", {
          type: "button", class: "small" + (v.my_vote === choice ? "" : " secondary"), id: "vote-" + mid + "-" + choice,
          "aria-pressed": String(v.my_vote === choice), disabled: done,
          onclick: () => move({ kind: "vote", motion: mid, vote: choice }, $("#votes-error")),
        }, choice === "abstain" ? "abstain" : choice)));
      return el("li", { id: "motion-" + mid },
        el("b", null, v.label || mid), el("br"),
        el("span", { class: "hint" }, (kindWords[v.kind] || v.kind || "vote") + (v.round ? ", round " + v.round : "")
          + (v.my_vote ? "; you vote " + v.my_vote : "; if you do not vote, your agent's ballot is cast")),
        group);
    })));
  }

  let tradeKey = "";
  function renderTrade() {
    const others = (view.partners || []).filter((p) => p.id !== view.seat);
    const cls = (view.text || []);
    const key = others.map((p) => p.id + (p.human ? "*" : "")).join(",") + "|" + cls.map((c) => c.id).join(",");
    const done = view.status && view.status.done;
    $("#x-send").disabled = !!done;
    if (key === tradeKey) return;
    tradeKey = key;
    const keep = (sel) => sel.value;
    const p = $("#x-partner"), g = $("#x-give"), t = $("#x-get");
    const kp = keep(p), kg = keep(g), kt = keep(t);
    const humans = others.filter((x) => x.human), agents = others.filter((x) => !x.human);
    fill(p, el("option", { value: "" }, "Choose a delegation"),
      humans.length ? el("optgroup", { label: "Played by students" }, humans.map((x) => el("option", { value: x.id }, x.name + " (student)"))) : null,
      agents.length ? el("optgroup", { label: "Played by agents" }, agents.map((x) => el("option", { value: x.id }, x.name))) : null);
    const opts = () => [el("option", { value: "" }, "Choose a clause")].concat(cls.map((c) => el("option", { value: c.id }, c.title || c.id)));
    fill(g, opts());
    fill(t, opts());
    p.value = kp; g.value = kg; t.value = kt;
  }

  $("#trade").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const partner = $("#x-partner").value, give = $("#x-give").value, get = $("#x-get").value;
    const err = $("#trade-error");
    if (!partner) { showError(err, { message: "Choose the delegation to offer the exchange to." }); $("#x-partner").focus(); return; }
    if (!give || !get) { showError(err, { message: "Choose the clause you give way on and the one they give way on." }); (give ? $("#x-get") : $("#x-give")).focus(); return; }
    if (give === get) { showError(err, { message: "An exchange is on two different clauses." }); $("#x-get").focus(); return; }
    const ok = await move({ kind: "offer", partner, give, get }, err, [$("#x-send")], $("#trade-note"),
      "Offered to " + stateName(partner) + ". " + (isHuman(partner) ? "It waits for their answer." : "It is put to them in the next round."));
    if (ok) { $("#x-give").value = ""; $("#x-get").value = ""; }
  });

  function isHuman(id) {
    const p = (view.partners || []).find((x) => x.id === id);
    return !!(p && p.human);
  }

  const offerWords = { pending: "waiting for an answer", accepted: "accepted: made in the next round", declined: "declined", made: "made", refused: "refused" };
  function renderOffers() {
    const os = view.offers || [];
    const done = view.status && view.status.done;
    if (!os.length) { fill($("#offers"), el("li", { class: "empty" }, "No offer yet.")); return; }
    fill($("#offers"), os.slice().reverse().map((o) => {
      const toMe = o.to === view.seat;
      const who = toMe ? (o.from_name || stateName(o.from)) + " offers you" : "You offer " + (o.to_name || stateName(o.to));
      // give: the clause on which `from` moves; get: the clause on which
      // `to` moves. An agent's offer may have no give (it pays instead).
      const give = o.give ? el("b", null, o.give_title || clauseTitle(o.give)) : null;
      const get = el("b", null, o.get_title || clauseTitle(o.get));
      const terms = toMe
        ? [give ? ["they give way on ", give, ", "] : null, "you give way on ", get]
        : ["you give way on ", give, ", they give way on ", get];
      const li = el("li", { id: "offer-" + o.id, "data-state": o.state }, el("b", null, who), ": ", terms, el("br"),
        el("span", { class: "hint" }, o.note && o.note.startsWith(o.state) ? o.note : (offerWords[o.state] || o.state) + (o.note ? ". " + o.note : "")));
      if (toMe && o.state === "pending" && !done) {
        li.appendChild(el("div", { class: "row", style: { marginTop: "6px" } },
          el("button", { type: "button", class: "small", id: "accept-" + o.id, onclick: () => move({ kind: "accept", offer: o.id }, $("#offers-error")) }, "Accept"),
          el("button", { type: "button", class: "small secondary", id: "decline-" + o.id, onclick: () => move({ kind: "decline", offer: o.id }, $("#offers-error")) }, "Decline")));
      }
      return li;
    }));
  }

  $("#object").addEventListener("change", async (ev) => {
    const want = ev.target.checked;
    const ok = await move({ kind: "object", object: want }, $("#object-error"));
    if (!ok) ev.target.checked = !want;
  });

  // The brief stays open or closed as the student left it (per game).
  const briefBox = $("#brief-box");
  const briefPref = "treatysim-brief-" + code;
  try { if (localStorage.getItem(briefPref) === "closed") briefBox.open = false; } catch (e) { /* private mode */ }
  briefBox.addEventListener("toggle", () => {
    try { localStorage.setItem(briefPref, briefBox.open ? "open" : "closed"); } catch (e) { /* private mode */ }
  });

  const refresh = follow(code, load, $("#conn"));
})();
