// The host's controls: start, step, end a session, let the agents finish,
// fire a scripted event, and an optional timer that plays the next round.
"use strict";
(function () {
  const { joinAddress, el, fill, $, api, showError, gameCode, enc, follow, statusFacts, keepFocus } = TS;
  const code = gameCode();
  const base = "/api/games/" + enc(code);
  let status = null;
  let busy = false;

  $("#code").textContent = code;
  $("#join-url").textContent = joinAddress(code) || location.origin + "/ (this computer only: start the server with --addr 0.0.0.0:8080 for the class)";
  $("#l-live").href = "/live/" + enc(code);
  $("#l-debrief").href = "/debrief/" + enc(code);

  async function load() {
    let game, live;
    try {
      [game, live] = await Promise.all([api("GET", base), api("GET", base + "/live")]);
    } catch (e) {
      if (e.status === 404) e.message = "There is no game " + code + " on this server.";
      showError($("#load-error"), e);
      return;
    }
    showError($("#load-error"), null);
    status = live.status || game.status;
    document.title = "Controls " + code + ": " + (game.title || "treatysim");
    $("#title").textContent = game.title || "The negotiation";
    keepFocus(() => {
      fill($("#status"), statusFacts(status));
      showButtons();
      showSeats(live.seats || game.seats || []);
      showEvents(live);
      showVotes(live.votes || []);
      showLog(live.log || []);
    });
    timer.sync();
  }

  function showButtons() {
    const st = status || {};
    $("#b-start").hidden = !!st.started;
    $("#b-step").disabled = !st.started || st.done || busy;
    $("#b-end").disabled = !st.started || st.done || busy;
    $("#b-finish").disabled = st.done || busy;
    $("#b-start").disabled = busy;
  }

  function showSeats(seats) {
    fill($("#seats"), seats.map((s) => el("tr", null,
      el("td", null, s.name, " ", el("span", { class: "muted" }, s.state)),
      el("td", null, (s.players || []).length ? s.players.join(", ") : el("span", { class: "empty" }, "no one yet: it holds its positions")))));
  }

  // The scripted events of the current session, when the live view lists
  // them (events: [{id, label, round}]).
  function showEvents(live) {
    const evs = live.events || (live.status && live.status.events) || null;
    const sel = $("#event");
    const none = $("#events-none");
    if (!Array.isArray(evs)) {
      $("#events-box").hidden = true;
      none.hidden = false;
      none.textContent = "This server does not list the session's scripted events.";
      return;
    }
    const open = evs.filter((e) => !e.fired && !e.done);
    if (open.length === 0 || (status && status.done)) {
      $("#events-box").hidden = true;
      none.hidden = false;
      none.textContent = status && status.started ? "No scripted event is left in this session." : "The events of the first session show here once the game has started.";
      return;
    }
    $("#events-box").hidden = false;
    none.hidden = true;
    const keep = sel.value;
    fill(sel, open.map((e) => el("option", { value: e.id, selected: e.id === keep },
      (e.label || e.id) + (e.round ? " (round " + e.round + ")" : ""))));
  }

  function showVotes(votes) {
    if (!votes.length) { fill($("#votes"), el("p", { class: "empty" }, "No vote yet.")); return; }
    fill($("#votes"), el("ul", { class: "plain" }, votes.slice().reverse().map((v) => el("li", null,
      el("b", null, v.label || v.motion), el("br"),
      v.yes + " yes, " + v.no + " no, " + v.abstain + " abstaining: ",
      el("b", null, v.passed ? "passed" : "rejected")))));
  }

  function showLog(lines) {
    fill($("#log"), lines.length ? lines.slice().reverse().map((l) => el("li", null, l)) : el("li", { class: "empty" }, "Nothing yet."));
  }

  async function host(cmd, errBox, noteBox, note) {
    showError(errBox, null);
    if (noteBox) noteBox.textContent = "";
    busy = true;
    showButtons();
    try {
      await api("POST", base + "/host", cmd);
      if (noteBox && note) noteBox.textContent = note;
      return true;
    } catch (e) {
      if (e.status === 401 || e.status === 403) e.message = "This browser is not the host of game " + code + " (the host's cookie is missing). Use the browser that created it. (" + e.message + ")";
      showError(errBox, e);
      return false;
    } finally {
      busy = false;
      showButtons();
      refresh();
    }
  }

  const notes = { start: "The game has started.", step: "A round was played.", end_session: "The session was played to its end.", finish: "The agents played to the end." };
  for (const b of ["#b-start", "#b-step", "#b-end", "#b-finish"]) {
    $(b).addEventListener("click", async (ev) => {
      const kind = ev.currentTarget.dataset.kind;
      if (kind === "finish" && !confirm("Hand every delegation back to its agent and play to the end? Students cannot move any more.")) return;
      if (kind === "end_session" && !confirm("Play the rounds left in this session now?")) return;
      await host({ kind }, $("#steps-error"), $("#steps-note"), notes[kind]);
      timer.reset();
    });
  }
  $("#b-fire").addEventListener("click", async () => {
    const id = $("#event").value;
    if (!id) return;
    const label = $("#event").selectedOptions[0] ? $("#event").selectedOptions[0].textContent : id;
    await host({ kind: "fire", event: id }, $("#fire-error"), $("#fire-note"), "Fired: " + label + ". It happens at the start of the next round.");
  });

  // The automatic rounds: a countdown that plays the next round at zero;
  // Pause stops it, and it stops by itself at the end of the game.
  const timer = (function () {
    let left = 0, paused = false, tick = null;
    const sel = $("#auto"), btn = $("#pause"), out = $("#countdown");
    try { sel.value = sessionStorage.getItem("treatysim-auto-" + code) || "0"; } catch (e) { /* ignore */ }
    function period() { return Number(sel.value) || 0; }
    function running() { return period() > 0 && !paused && status && status.started && !status.done; }
    function show() {
      btn.disabled = period() === 0;
      btn.setAttribute("aria-pressed", String(paused));
      btn.textContent = paused ? "Paused: resume" : "Pause";
      if (period() === 0) out.textContent = "";
      else if (!status || !status.started) out.textContent = "starts with the game";
      else if (status.done) out.textContent = "the game is over";
      else if (paused) out.textContent = "paused";
      else out.textContent = "next round in " + left + " s";
    }
    async function step() {
      if (!running() || busy) return;
      left = period();
      await host({ kind: "step" }, $("#steps-error"), $("#steps-note"), "A round was played (automatic).");
    }
    function sync() {
      if (running()) {
        if (!tick) {
          left = period();
          tick = setInterval(() => { left -= 1; if (left <= 0) step(); show(); }, 1000);
        }
      } else if (tick) { clearInterval(tick); tick = null; }
      show();
    }
    function reset() { left = period(); show(); }
    sel.addEventListener("change", () => {
      try { sessionStorage.setItem("treatysim-auto-" + code, sel.value); } catch (e) { /* ignore */ }
      paused = false; if (tick) { clearInterval(tick); tick = null; } sync();
    });
    btn.addEventListener("click", () => { paused = !paused; if (tick) { clearInterval(tick); tick = null; } sync(); });
    return { sync, reset };
  })();

  const refresh = follow(code, load, $("#conn"));
})();
