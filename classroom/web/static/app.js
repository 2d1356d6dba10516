// treatysim classroom: what every page shares. Plain JavaScript, no
// framework, no build step, no request outside this server.
//
// Pages build their DOM with el() (text is always set as text, never as
// HTML: names and wordings come from students and scenario files), call the
// API with api(), and follow a game's changes with follow().
"use strict";

const TS = (function () {
  // el("div", {class: "x", onclick: f}, "text", child, [more children])
  function el(tag, attrs, ...children) {
    const n = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === "class") n.className = v;
        else if (k === "text") n.textContent = v;
        else if (k === "style" && typeof v === "object") Object.assign(n.style, v);
        else if (k.startsWith("on") && typeof v === "function") n.addEventListener(k.slice(2), v);
        else if (k === "value") n.value = v;
        else if (k === "checked" || k === "disabled" || k === "selected") n[k] = !!v;
        else n.setAttribute(k, v === true ? "" : String(v));
      }
    }
    append(n, children);
    return n;
  }

  function append(n, children) {
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      if (Array.isArray(c)) append(n, c);
      else if (c instanceof Node) n.appendChild(c);
      else n.appendChild(document.createTextNode(String(c)));
    }
  }

  // fill replaces the children of n.
  function fill(n, ...children) {
    n.replaceChildren();
    append(n, children);
    return n;
  }

  function $(sel, root) { return (root || document).querySelector(sel); }

  // An API error: message, HTTP status, and the field it is about.
  class ApiError extends Error {
    constructor(status, message, field) {
      super(message);
      this.status = status;
      this.field = field || "";
    }
  }

  async function api(method, path, body) {
    const opt = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (body !== undefined) {
      opt.headers["Content-Type"] = "application/json";
      opt.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, opt);
    } catch (e) {
      throw new ApiError(0, "The server cannot be reached. Check the network, then try again.");
    }
    let data = null;
    const text = await res.text();
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = null; }
    }
    if (!res.ok) {
      let msg = data && data.error ? data.error : (res.status + " " + res.statusText);
      if (res.status === 413) msg = "That is too large for the server (64 KiB at most).";
      throw new ApiError(res.status, msg, data && data.field);
    }
    return data;
  }

  // showError writes err (or clears the box when err is null) into box, an
  // element with role=alert next to the form that caused it.
  function showError(box, err) {
    if (!box) return;
    if (!err) { box.textContent = ""; return; }
    box.textContent = err.message || String(err);
  }

  // gameCode is the code in a page's path: /play/CODE, /host/CODE, ...
  function gameCode() {
    const parts = location.pathname.split("/").filter(Boolean);
    return parts.length >= 2 ? decodeURIComponent(parts[parts.length - 1]) : "";
  }

  function enc(s) { return encodeURIComponent(s); }

  // follow calls load now and after every change of the game (the server's
  // event stream, `update` events), at most one load at a time. conn is an
  // element that says whether the page is connected. It returns a function
  // that loads again on demand.
  function follow(code, load, conn) {
    let running = false, again = false, lastSeen = "";
    async function run() {
      if (running) { again = true; return; }
      running = true;
      try {
        do { again = false; await load(); } while (again);
      } catch (e) {
        console.error(e);
      } finally {
        running = false;
      }
    }
    function setConn(ok, text) {
      if (!conn) return;
      conn.className = "conn " + (ok ? "ok" : "lost");
      conn.textContent = text;
    }
    let es = null, retry = null;
    function connect() {
      if (!window.EventSource) { setInterval(run, 5000); setConn(true, "updating every 5 s"); return; }
      es = new EventSource("/api/games/" + enc(code) + "/stream");
      es.addEventListener("open", () => { setConn(true, "live"); run(); });
      es.addEventListener("update", (ev) => {
        // The data carries the version and the number of players: a join
        // changes the second without the first, and must show too.
        if (ev.data === lastSeen) return;
        lastSeen = ev.data;
        run();
      });
      es.addEventListener("error", () => {
        setConn(false, "reconnecting\u2026");
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          clearTimeout(retry);
          retry = setTimeout(connect, 3000);
        }
      });
    }
    run();
    connect();
    return run;
  }

  // Words for a game's status.
  function phaseText(st) {
    if (!st) return "";
    if (st.done) {
      if (st.adopted === true) return "Finished: the treaty was adopted";
      if (st.adopted === false) return "Finished: no treaty was adopted";
      return "Finished";
    }
    if (!st.started) return "Waiting for the host to start";
    return st.session_name || st.session_id || "In session";
  }

  // statusFacts renders a game's status: the session, round, phase and
  // deadline pressure while it runs, else one line that says where it is.
  function statusFacts(st) {
    st = st || {};
    const out = el("div", { class: "status", "data-version": st.version });
    if (!st.started || st.done) {
      out.appendChild(el("p", { class: "fact lead", id: "st-phase" }, st.message || phaseText(st)));
      return out;
    }
    out.appendChild(el("div", { class: "fact", id: "st-session" }, el("b", null, "Session"), st.session_name || st.session_id));
    out.appendChild(el("div", { class: "fact", id: "st-round" }, el("b", null, "Rounds played"), (st.round || 0) + " of " + st.rounds));
    if (st.phase) out.appendChild(el("div", { class: "fact" }, el("b", null, "Phase"), st.phase.replace(/_/g, " ")));
    const p = Math.max(0, Math.min(1, Number(st.pressure) || 0));
    out.appendChild(el("div", { class: "fact" }, el("b", null, "Deadline pressure"),
      Math.round(p * 100) + "%",
      el("span", { class: "pressure", "aria-hidden": "true" }, el("span", { style: { width: (p * 100) + "%" } }))));
    if (!st.round && st.message) out.appendChild(el("p", { class: "fact lead" }, st.message));
    return out;
  }

  const statusWords = { bracketed: "bracketed", agreed: "agreed", out: "out of the text" };
  function badge(status) {
    return el("span", { class: "badge " + status }, statusWords[status] || status);
  }

  function pct(x) {
    if (x === undefined || x === null || isNaN(x)) return "\u2013";
    return Math.round(Number(x) * 100) + "%";
  }

  function num(x, d) {
    if (x === undefined || x === null || isNaN(x)) return "\u2013";
    return Number(x).toFixed(d === undefined ? 2 : d);
  }

  // keepFocus rebuilds part of a page without losing the focused control:
  // it remembers the focused element's id and focuses it again after fn.
  function keepFocus(fn) {
    const a = document.activeElement;
    const id = a && a.id;
    fn();
    if (id && document.activeElement !== a) {
      const b = document.getElementById(id);
      if (b && typeof b.focus === "function") b.focus({ preventScroll: true });
    }
  }

  // joinAddress is the address students open for a game: the one the
  // server gave when the game was created in this browser (kept by the
  // host page), else this page's own unless it is this computer's
  // loopback, which means nothing on a student's phone ("" then).
  function joinAddress(code) {
    try {
      const a = localStorage.getItem("treatysim-join-" + code);
      if (a) return a;
    } catch (e) { /* private mode */ }
    if (/^(localhost|127\.|\[::1\]|::1)/.test(location.hostname)) return "";
    return location.origin + "/";
  }

  return { joinAddress, el, fill, $, api, ApiError, showError, gameCode, enc, follow, phaseText, statusFacts, badge, pct, num, keepFocus };
})();
