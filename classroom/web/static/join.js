// The join page: a code and a name, then a seat of that game.
"use strict";
(function () {
  const { el, fill, $, api, showError, enc } = TS;
  const find = $("#find"), seatForm = $("#seat");
  const codeIn = $("#code"), nameIn = $("#name");
  let game = null;

  const params = new URLSearchParams(location.search);
  const fromPath = location.pathname.match(/^\/join\/([^/]+)/);
  const preset = params.get("code") || (fromPath ? decodeURIComponent(fromPath[1]) : "");
  if (preset) codeIn.value = preset;
  try { nameIn.value = localStorage.getItem("treatysim-name") || ""; } catch (e) { /* private mode */ }
  (preset ? nameIn : codeIn).focus();

  function normCode(s) { return s.trim().replace(/\s+/g, "").toUpperCase(); }

  find.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const code = normCode(codeIn.value);
    const name = nameIn.value.trim();
    if (!code) { showError($("#find-error"), { message: "Type the game code shown on the screen." }); codeIn.focus(); return; }
    if (!name) { showError($("#find-error"), { message: "Type your first name." }); nameIn.focus(); return; }
    showError($("#find-error"), null);
    try {
      game = await api("GET", "/api/games/" + enc(code));
    } catch (e) {
      if (e.status === 404) e.message = "There is no game with the code " + code + ". Check it on the screen.";
      showError($("#find-error"), e);
      codeIn.focus();
      return;
    }
    game.code = game.code || code;
    try { localStorage.setItem("treatysim-name", name); } catch (e) { /* private mode */ }
    // Already in a seat of this game (a reload, a second tab)?
    let me = null;
    try { me = await api("GET", "/api/games/" + enc(game.code) + "/me"); } catch (e) { me = null; }
    showSeats(me);
  });

  function showSeats(me) {
    find.hidden = true;
    seatForm.hidden = false;
    $("#game-title").textContent = (game.title || "The negotiation") + ": choose your delegation";
    const back = $("#back");
    if (me && me.seat) {
      back.hidden = false;
      fill(back, "You already play ", el("b", null, me.name || me.seat), " in this game. ",
        el("a", { href: "/play/" + enc(game.code) }, "Back to your seat"), ".");
    }
    const seats = (game.seats || []).slice();
    seats.sort((a, b) => (a.players || []).length - (b.players || []).length || String(a.name).localeCompare(String(b.name)));
    const filter = $("#seat-filter");
    filter.hidden = seats.length < 8;
    const list = $("#seats");
    const rows = seats.map((s, i) => {
      const players = s.players || [];
      const id = "seat-" + i;
      return el("label", { for: id, "data-search": (s.name + " " + s.state).toLowerCase() },
        el("input", { type: "radio", name: "seat", id, value: s.state, checked: seats.length === 1 }),
        el("span", { class: "grow" }, el("span", null, s.name, " "), el("span", { class: "id" }, s.state),
          el("br"),
          players.length
            ? el("span", { class: "hint" }, "team: " + players.join(", "))
            : el("span", { class: "hint" }, "free")));
    });
    fill(list, rows.length ? rows : el("p", { class: "empty" }, "This game has no seats for students."));
    filter.oninput = () => {
      const q = filter.value.trim().toLowerCase();
      for (const r of rows) r.hidden = q !== "" && !r.dataset.search.includes(q);
    };
    const first = list.querySelector("input");
    if (first) first.focus();
  }

  seatForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const picked = seatForm.querySelector("input[name=seat]:checked");
    if (!picked) { showError($("#seat-error"), { message: "Choose a delegation first." }); return; }
    showError($("#seat-error"), null);
    $("#join").disabled = true;
    try {
      await api("POST", "/api/games/" + enc(game.code) + "/join", { name: nameIn.value.trim(), seat: picked.value });
      location.href = "/play/" + enc(game.code);
    } catch (e) {
      showError($("#seat-error"), e);
      $("#join").disabled = false;
    }
  });

  $("#other").addEventListener("click", () => {
    seatForm.hidden = true;
    find.hidden = false;
    $("#back").hidden = true;
    codeIn.focus();
  });
})();
