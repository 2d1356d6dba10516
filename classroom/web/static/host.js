// The host page: choose a scenario (shipped or uploaded) and the seats
// students may take, then create the game.
"use strict";
(function () {
  const { el, fill, $, api, showError } = TS;
  const sel = $("#scenario"), upload = $("#upload"), filter = $("#seat-filter");
  let scenarios = [];
  let uploaded = null; // {name, text, states}
  let rows = [];

  let want = new URLSearchParams(location.search).get("scenario") || "";

  async function init() {
    try {
      scenarios = await api("GET", "/api/scenarios");
    } catch (e) {
      showError($("#scenario-error"), e);
      return;
    }
    if (!want) {
      const d = scenarios.find((s) => s.default);
      if (d) want = d.name;
    }
    fill(sel, scenarios.map((s) => el("option", { value: s.name, selected: s.name === want }, s.title ? s.title + " (" + s.name + ")" : s.name)));
    if (want && !scenarios.some((s) => s.name === want)) {
      showError($("#scenario-error"), { message: "There is no shipped scenario called " + want + "; choose one below." });
    }
    if (!want) {
      const toy = scenarios.find((s) => s.name === "toy");
      if (toy) sel.value = "toy";
    }
    showStates();
  }

  function current() {
    if (uploaded) return { title: uploaded.name, states: uploaded.states };
    return scenarios.find((s) => s.name === sel.value) || { states: [] };
  }

  function showStates() {
    const sc = current();
    $("#scenario-about").textContent = (sc.states || []).length + " delegations" + (uploaded ? ", from the file " + uploaded.name : "")
      + (sc.question ? ". " + sc.question : "");
    rows = (sc.states || []).map((s, i) => {
      const id = "st-" + i;
      return el("label", { for: id, "data-search": (s.name + " " + s.id).toLowerCase() },
        el("input", { type: "checkbox", id, value: s.id, onchange: count }),
        el("span", null, s.name, " ", el("span", { class: "id" }, s.id)));
    });
    fill($("#seats"), rows.length ? rows : el("p", { class: "empty" },
      uploaded ? "No delegations were found in the file ([states.ID] tables)." : "No scenario chosen."));
    applyFilter();
    count();
  }

  function applyFilter() {
    const q = filter.value.trim().toLowerCase();
    for (const r of rows) r.hidden = q !== "" && !r.dataset.search.includes(q);
  }

  function ticked() {
    return rows.map((r) => r.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
  }

  function count() {
    const n = ticked().length;
    $("#seat-count").textContent = n === 0 ? "None chosen yet: tick at least one." :
      n + (n === 1 ? " delegation" : " delegations") + " for students: " + ticked().join(", ");
  }

  // statesOf finds the delegations of a scenario file: its [states.ID]
  // tables and their name keys, over those of the shipped scenario it
  // extends (extends = "ahc"). The server checks the file itself.
  function statesOf(text) {
    const out = [];
    const byID = {};
    let base = "";
    let cur = null;
    let top = true; // before the first table
    for (const line of text.split(/\r?\n/)) {
      const ext = top && line.match(/^\s*extends\s*=\s*"([^"]*)"/);
      if (ext) base = ext[1];
      const h = line.match(/^\s*\[\s*states\.("?)([A-Za-z0-9_-]+)\1\s*\]\s*(#.*)?$/);
      if (h) {
        top = false;
        cur = byID[h[2]];
        if (!cur) { cur = { id: h[2], name: h[2] }; byID[h[2]] = cur; out.push(cur); }
        continue;
      }
      if (/^\s*\[/.test(line)) { top = false; cur = null; continue; }
      const n = cur && line.match(/^\s*name\s*=\s*"((?:[^"\\]|\\.)*)"/);
      if (n) cur.name = n[1].replace(/\\(.)/g, "$1");
    }
    if (!base) return { states: out, base: "" };
    const shipped = scenarios.find((s) => s.name === base);
    if (!shipped) return { states: out, base, unknownBase: true };
    const merged = (shipped.states || []).map((s) => byID[s.id] ? { id: s.id, name: byID[s.id].name !== s.id ? byID[s.id].name : s.name } : s);
    for (const s of out) if (!merged.some((m) => m.id === s.id)) merged.push(s);
    return { states: merged, base };
  }

  sel.addEventListener("change", () => {
    uploaded = null;
    upload.value = "";
    showError($("#scenario-error"), null);
    showStates();
  });
  upload.addEventListener("change", () => {
    const f = upload.files && upload.files[0];
    showError($("#scenario-error"), null);
    if (!f) { uploaded = null; showStates(); return; }
    if (f.size > 60 * 1024) {
      showError($("#scenario-error"), { message: "The file is " + Math.round(f.size / 1024) + " KiB; the server takes 64 KiB at most." });
      upload.value = "";
      return;
    }
    const r = new FileReader();
    r.onload = () => {
      const text = String(r.result);
      const found = statesOf(text);
      uploaded = { name: f.name, text, states: found.states };
      showStates();
      if (found.unknownBase) {
        showError($("#scenario-error"), { message: "The file extends " + found.base + ", which is not a shipped scenario: the server cannot read it. Use extends = \"ahc\" (or another shipped name), or start the server with the file: treatysim serve FILE." });
      }
    };
    r.onerror = () => showError($("#scenario-error"), { message: "The file could not be read." });
    r.readAsText(f);
  });
  filter.addEventListener("input", applyFilter);
  $("#all-shown").addEventListener("click", () => {
    for (const r of rows) if (!r.hidden) r.querySelector("input").checked = true;
    count();
  });
  $("#none").addEventListener("click", () => {
    for (const r of rows) r.querySelector("input").checked = false;
    count();
  });

  $("#create").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    for (const b of ["#scenario-error", "#seats-error", "#create-error"]) showError($(b), null);
    const seats = ticked();
    if (seats.length === 0) {
      showError($("#seats-error"), { message: "Tick at least one delegation for the students." });
      filter.focus();
      return;
    }
    const body = { scenario: uploaded ? "" : sel.value, seats };
    if (uploaded) body.text = uploaded.text;
    const seed = $("#seed").value.trim();
    if (seed !== "") {
      if (!/^\d+$/.test(seed)) { showError($("#create-error"), { message: "The seed is a whole number, 0 or more." }); $("#seed").focus(); return; }
      body.seed = Number(seed);
    }
    const btn = $("#create-btn");
    btn.disabled = true;
    try {
      const g = await api("POST", "/api/games", body);
      created(g);
    } catch (e) {
      const box = e.field === "seats" ? "#seats-error" : (e.field === "scenario" || e.field === "text") ? "#scenario-error" : "#create-error";
      showError($(box), e);
      btn.disabled = false;
    }
  });

  function abs(u) {
    try { return new URL(u, location.href).href; } catch (e) { return u; }
  }

  function created(g) {
    $("#create").hidden = true;
    const box = $("#created");
    box.hidden = false;
    $("#join-code").textContent = g.code;
    // The address to type is the server's, without the code (students
    // type the code on the page; a link with ?code= fills it in).
    let addr = abs(g.join_url || "/");
    try { addr = new URL(addr).origin + "/"; } catch (e) { /* keep it */ }
    $("#join-url").textContent = addr;
    try { localStorage.setItem("treatysim-join-" + g.code, addr); } catch (e) { /* private mode */ }
    $("#to-controls").href = g.host_url || "/host/" + encodeURIComponent(g.code);
    $("#to-live").href = g.live_url || "/live/" + encodeURIComponent(g.code);
    box.focus();
  }

  init();
})();
