// The debrief: the class's outcome beside the agents' Monte Carlo runs,
// clause by clause and seat by seat, with the results to take away.
"use strict";
(function () {
  const { el, fill, $, api, showError, gameCode, enc, follow, pct, num } = TS;
  const code = gameCode();
  const base = "/api/games/" + enc(code);
  let game = null;
  let shown = false;
  let loading = false;

  $("#report").href = "/games/" + enc(code) + "/report";
  $("#zip").href = base + "/results.zip";
  $("#zip").setAttribute("download", "treatysim-" + code + ".zip");

  async function load() {
    if (shown || loading) return;
    loading = true;
    try {
      if (!game) {
        try { game = await api("GET", base); } catch (e) { game = null; }
        if (game) { $("#title").textContent = "Debrief: " + (game.title || "the negotiation"); document.title = "Debrief " + code + ": treatysim"; }
      }
      $("#where").textContent = "Game " + code;
      let d;
      try {
        const w = $("#waiting");
        w.hidden = false;
        w.textContent = "Comparing the class's game with the agents' runs\u2026";
        d = await api("GET", base + "/debrief");
      } catch (e) {
        const w = $("#waiting");
        if (e.status === 409) {
          w.hidden = false;
          w.textContent = "The negotiation is not over yet. This page shows the debrief as soon as it ends.";
          return;
        }
        w.hidden = true;
        if (e.status === 404) e.message = "There is no game " + code + " on this server.";
        showError($("#load-error"), e);
        return;
      }
      showError($("#load-error"), null);
      $("#waiting").hidden = true;
      render(d);
      shown = true;
    } finally {
      loading = false;
    }
  }

  function render(d) {
    $("#debrief").hidden = false;
    const seatNames = {};
    for (const s of (game && game.seats) || []) seatNames[s.state] = s.name;
    fill($("#outcome"),
      el("b", null, d.adopted ? "The class adopted the treaty." : "The class did not adopt a treaty."), " ",
      "The agents alone adopt it in ", el("b", null, pct(d.mc_adopted_probability)), " of their runs.");
    $("#runs-note").textContent = "Compared with " + d.runs + " runs of the same scenario played by the agents alone.";

    fill($("#clauses"), (d.clauses || []).map((c) => {
      const same = c.class_option === c.modal_option;
      return el("tr", null,
        el("th", { scope: "row" }, c.title || c.id),
        el("td", null, c.survived ? "\u201c" + (c.class_label || c.class_option) + "\u201d" : el("span", null, "\u2715 left out (" + (c.class_label || c.class_option) + ")")),
        el("td", { class: "num" }, pct(c.probability),
          el("span", { class: "meter", "aria-hidden": "true" }, el("span", { style: { width: (100 * (c.probability || 0)) + "%" } }))),
        el("td", null, same ? el("span", null, "\u2713 the same, in " + pct(c.modal_probability)) :
          el("span", null, "\u201c" + (labelOf(d, c, c.modal_option)) + "\u201d, in " + pct(c.modal_probability))));
    }));

    fill($("#seats"), (d.seats || []).map((s) => {
      const lo = clamp(s.agent_p05), hi = clamp(s.agent_p95), med = clamp(s.agent_median), cl = clamp(s.class_satisfaction);
      const cls = s.verdict === "gained" ? "gained" : s.verdict === "lost" ? "lost" : "same";
      return el("tr", null,
        el("th", { scope: "row" }, s.name || seatNames[s.state] || s.state, " ", el("span", { class: "muted" }, s.state)),
        el("td", { class: "num" }, num(s.class_satisfaction)),
        el("td", { class: "num" }, num(s.agent_median)),
        el("td", null, el("div", { class: "range", role: "img",
          "aria-label": "agents from " + num(s.agent_p05) + " to " + num(s.agent_p95) + ", median " + num(s.agent_median) + "; class " + num(s.class_satisfaction) },
          el("span", { class: "band", style: { left: lo * 100 + "%", width: Math.max(0.5, (hi - lo) * 100) + "%" } }),
          el("span", { class: "median", style: { left: med * 100 + "%" } }),
          el("span", { class: "class", style: { left: cl * 100 + "%" } }))),
        el("td", { class: "num" }, s.percentile === undefined ? "\u2013" : Math.round(s.percentile) + ""),
        el("td", null, el("span", { class: "badge " + cls }, s.verdict)));
    }));
  }

  // labelOf finds an option's label: the debrief gives the class's label;
  // the modal option's label is the class's when they agree.
  function labelOf(d, c, opt) {
    if (opt === c.class_option) return c.class_label || opt;
    if (c.modal_label) return c.modal_label;
    return opt;
  }

  function clamp(x) { x = Number(x); return isNaN(x) ? 0 : Math.max(0, Math.min(1, x)); }

  follow(code, load, $("#conn"));
})();
