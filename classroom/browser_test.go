package classroom

// The browser test: the classroom's pages driven in a real, headless
// Chromium against a server started in this process, as a class would use
// them. A host creates a game of the toy with scripted votes (an uploaded
// file that extends the shipped toy), two students join in their own
// browser contexts (their own cookies) and play the first session, the
// projector's view follows the game without a reload, a student's move for
// the other's delegation is refused, the server is stopped and started
// again on the same database in the middle of the game, and the host lets
// the agents finish and opens the debrief.
//
// It skips when no Chromium is installed. With TREATYSIM_SCREENSHOTS=1 it
// writes the screenshots of docs/classroom.md to docs/img/classroom-*.png.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/treatysim/treatysim/internal/headless"
)

// toyClass is the scenario the class plays: the toy with a vote in each of
// the first two rounds of its first session.
const toyClass = `# The toy with two scripted votes in its first session.
extends = "toy"

[scenario]
id = "toy-class"
title = "Toy negotiation with two votes"

[[sessions]]
id = "first"

[[sessions.events]]
id = "mandate"
label = "E's motion: a mandate to negotiate"
kind = "vote"
round = 1
by = ["EEE"]
motion = "mandate"

[[sessions.events]]
id = "without-right"
label = "A's amendment: 'without right'"
kind = "vote"
round = 2
by = ["AAA"]
motion = "amendment"
clause = "wording"
option = "without_right"
`

// newClassroomHandler opens the store at db and returns its server and a
// func that closes both.
func newClassroomHandler(t *testing.T, db string) (http.Handler, func()) {
	t.Helper()
	st, err := OpenStore(db)
	if err != nil {
		t.Fatalf("open the store: %v", err)
	}
	srv := NewServer(st, ServerOptions{Logf: t.Logf})
	if n, errs := srv.Restored(); len(errs) > 0 {
		t.Fatalf("restored %d games, and these could not be: %v", n, errs)
	}
	return srv, func() {
		srv.Close()
		if err := st.Close(); err != nil {
			t.Errorf("close the store: %v", err)
		}
	}
}

// liveServer is the classroom server on a fixed localhost address, which
// can be stopped and started again on the same database.
type liveServer struct {
	t    *testing.T
	db   string
	addr string // host:port, fixed at the first start
	hs   *http.Server
	done func()
}

func (s *liveServer) url() string { return "http://" + s.addr }

func (s *liveServer) start() {
	s.t.Helper()
	h, done := newClassroomHandler(s.t, s.db)
	addr := s.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ln net.Listener
	var err error
	// The port of the first start is taken again; the old listener is
	// closed, but give the kernel a moment if it is slow to let go.
	for try := 0; try < 50; try++ {
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("listen on %s: %v", addr, err)
	}
	s.addr = ln.Addr().String()
	s.hs = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	s.done = done
	go func() {
		if err := s.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.t.Errorf("serve: %v", err)
		}
	}()
}

// stop closes the server and every connection (the event streams too) and
// the database, as a teacher's Ctrl-C would.
func (s *liveServer) stop() {
	if s.hs == nil {
		return
	}
	s.hs.Close()
	s.done()
	s.hs = nil
}

// browserTab is a browser browserTab of one person: its own context, with a timeout
// on every step.
type browserTab struct {
	t    *testing.T
	name string
	ctx  context.Context
	mu   *sync.Mutex
	errs *[]string // uncaught exceptions of its pages
}

const browserStepTimeout = 20 * time.Second

func (b browserTab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %s: %v", b.name, what, err)
	}
}

func runTab[T any](b browserTab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %s: %v", b.name, what, err)
	}
	return v
}

// wait evaluates a JavaScript expression until it is true. It evaluates
// again after an error, as a page that navigates loses its context.
func (b browserTab) wait(what, js string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(function(){ try { return (`+js+`); } catch (e) { return false; } })()`))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("%s: waiting until %s: timed out (%v); the page says: %s", b.name, what, last, b.pageText())
}

// pageText is the start of the visible text of the page, for a failure.
func (b browserTab) pageText() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + ": " + document.body.innerText`))
	if err != nil {
		return err.Error()
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 1500 {
		s = s[:1500] + "..."
	}
	return s
}

func (b browserTab) eval(what, js string) string {
	b.t.Helper()
	return runTab(b, what, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
}

func (b browserTab) click(sel string) {
	b.t.Helper()
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (b browserTab) text(sel string) string {
	b.t.Helper()
	return runTab(b, "the text of "+sel, chromedp.TextContent(chromedp.CSS(sel)))
}

// shot writes a screenshot of the browserTab's viewport at w x h to
// docs/img/classroom-NAME.png, when TREATYSIM_SCREENSHOTS=1, scrolled to
// the element at (a CSS selector) or to the top.
func (b browserTab) shot(name string, w, h int64, mobile bool, at string) {
	b.t.Helper()
	if os.Getenv("TREATYSIM_SCREENSHOTS") != "1" {
		return
	}
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if mobile {
		opts = append(opts, chromedp.EmulatePortrait)
	}
	b.do("viewport", chromedp.EmulateViewport(w, h, opts...), chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, `+scrollExpr(at)+`)`), chromedp.Sleep(300*time.Millisecond))
	png := runTab(b, "screenshot", chromedp.CaptureScreenshot())
	path := filepath.Join("..", "docs", "img", "classroom-"+name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("wrote %s", path)
}

func scrollExpr(sel string) string {
	if sel == "" {
		return "0"
	}
	return `document.querySelector(` + jsQuote(sel) + `).getBoundingClientRect().top + window.scrollY - 8`
}

// newTab opens a browserTab; a new browser context (with its own cookies) unless
// parent is nil, when it is the browser's first browserTab.
func newTab(t *testing.T, name string, parent context.Context, fresh bool, w, h int64, mobile bool) browserTab {
	t.Helper()
	var ctx context.Context
	var cancel context.CancelFunc
	if fresh {
		ctx, cancel = chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	} else {
		ctx, cancel = chromedp.NewContext(parent)
	}
	t.Cleanup(cancel)
	// The first Do starts the browser or the browserTab, bound to ctx (no timeout).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s: open a browserTab: %v", name, err)
	}
	b := browserTab{t: t, name: name, ctx: ctx, mu: &sync.Mutex{}, errs: &[]string{}}
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateTouch, chromedp.EmulateMobile)
	}
	b.do("viewport", chromedp.EmulateViewport(w, h, opts...))
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.IsException() {
				b.mu.Lock()
				*b.errs = append(*b.errs, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

func (b browserTab) checkNoExceptions() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range *b.errs {
		b.t.Errorf("%s: a page threw: %s", b.name, e)
	}
}

// waitForProcesses waits until no process has mark in its command line
// (Linux: /proc), or for at most d.
func waitForProcesses(mark string, d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
		alive := false
		for _, f := range cmdlines {
			if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), mark) {
				alive = true
				break
			}
		}
		if !alive {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// jsQuote quotes s for JavaScript.
func jsQuote(s string) string { return fmt.Sprintf("%q", s) }

func TestBrowser(t *testing.T) {
	if testing.Short() || headless.Find() == "" {
		headless.Start(t, "") // skips, saying why
	}
	began := time.Now()
	srv := &liveServer{t: t, db: filepath.Join(t.TempDir(), "classroom.db")}
	srv.start()
	t.Cleanup(srv.stop)
	base := srv.url()

	// Chromium's own profile, so that the processes of this browser can be
	// told apart, and waited for at the end: its helper processes outlive
	// the main one by a second or two, and the tests that follow measure
	// latencies.
	profile := t.TempDir()
	t.Cleanup(func() { waitForProcesses(profile, 10*time.Second) })
	browser := headless.Start(t, profile, chromedp.Flag("lang", "en-GB"))

	host := newTab(t, "host", browser, false, 1280, 720, false)
	ada := newTab(t, "student AAA", browser, true, 390, 844, true)
	eli := newTab(t, "student EEE", browser, true, 1280, 720, false)
	live := newTab(t, "live view", browser, true, 1280, 720, false)
	tabs := []browserTab{host, ada, eli, live}

	// The host uploads a scenario file (the toy with two scripted votes in
	// its first session) and ticks A and E.
	toy := filepath.Join(t.TempDir(), "toy-class.toml")
	if err := os.WriteFile(toy, []byte(toyClass), 0o644); err != nil {
		t.Fatal(err)
	}
	host.do("open the host page", chromedp.Navigate(base+"/host"))
	host.wait("the scenarios are listed", `document.querySelectorAll("#scenario option").length > 0`)
	host.do("upload the file", chromedp.SetUploadFiles(chromedp.CSS("#upload"), []string{toy}))
	host.wait("the file's states (the toy's) are listed", `document.querySelector("#scenario-about").textContent.startsWith("5 delegations, from the file toy-class.toml") && document.querySelector('#seats input[value="EEE"]') !== null`)
	host.click(`#seats input[value="AAA"]`)
	host.click(`#seats input[value="EEE"]`)
	if got := host.text("#seat-count"); !strings.Contains(got, "AAA, EEE") {
		t.Errorf("the seats ticked: %q", got)
	}
	host.shot("host", 1280, 720, false, "")
	host.click("#create-btn")
	host.wait("the game is created", `!document.querySelector("#created").hidden`)
	code := strings.TrimSpace(host.text("#join-code"))
	if code == "" {
		t.Fatal("no join code shown")
	}
	t.Logf("game %s", code)

	// The students join, each in a browser context of their own.
	join := func(b browserTab, name, seat, seatName string) {
		b.do("open the join page", chromedp.Navigate(base+"/?code="+code))
		b.do("type the name", chromedp.SendKeys(chromedp.CSS("#name"), name))
		b.click(`#find button[type=submit]`)
		b.wait("the seats are listed", `document.querySelector('#seats input[value=`+jsQuote(seat)+`]') !== null`)
		b.click(`#seats input[value=` + jsQuote(seat) + `]`)
		if seat == "AAA" {
			b.shot("join", 390, 844, true, "")
		}
		b.click("#join")
		b.wait("the seat's page", `location.pathname === "/play/`+code+`" && document.querySelector("#seat-name").textContent === `+jsQuote(seatName))
	}
	join(ada, "Ada", "AAA", "State A")
	join(eli, "Eli", "EEE", "State E")

	host.do("open the controls", chromedp.Navigate(base+"/host/"+code))
	host.wait("the seats' players", `document.querySelector("#seats").textContent.includes("Ada") && document.querySelector("#seats").textContent.includes("Eli")`)
	live.do("open the live view", chromedp.Navigate(base+"/live/"+code))
	live.wait("the live view", `document.body.dataset.version !== undefined && document.querySelector("#seats").textContent.includes("Eli")`)
	host.click("#b-start")
	host.wait("the game has started", `document.querySelector("#st-session") !== null`)
	live.wait("the live view shows the start", `document.querySelector("#st-session") !== null`)

	// The first session: propose, support, an exchange between the two
	// students, votes.
	ada.wait("the text", `document.querySelector("#opt-safeguards") !== null && document.querySelector("#st-session") !== null`)
	ada.do("choose strong safeguards", chromedp.SetValue(chromedp.CSS("#opt-safeguards"), "strong"))
	ada.click("#propose-safeguards")
	ada.wait("the proposal is queued", `document.querySelector("#moves").textContent.includes("Propose")`)
	eli.wait("the text", `document.querySelector("#opt-x_offence") !== null`)
	eli.do("choose no such offence", chromedp.SetValue(chromedp.CSS("#opt-x_offence"), "deleted"))
	eli.click("#support-x_offence")
	eli.wait("the demand is queued", `document.querySelector("#moves").textContent.includes("Support")`)

	ada.do("fill the exchange",
		chromedp.SetValue(chromedp.CSS("#x-partner"), "EEE"),
		chromedp.SetValue(chromedp.CSS("#x-give"), "wording"),
		chromedp.SetValue(chromedp.CSS("#x-get"), "safeguards"))
	ada.click("#x-send")
	ada.wait("the offer is pending", `document.querySelector('#offers li[data-state="pending"]') !== null`)
	eli.wait("the offer reaches E", `document.querySelector('#offers button[id^="accept-"]') !== null`)
	eli.click(`#offers button[id^="accept-"]`)
	ada.wait("A sees the offer accepted", `document.querySelector('#offers li[data-state="accepted"]') !== null`)

	ada.wait("the vote on the mandate", `document.querySelector("#vote-mandate-yes") !== null`)
	ada.click("#vote-mandate-yes")
	ada.wait("A's vote is recorded", `document.querySelector("#vote-mandate-yes").getAttribute("aria-pressed") === "true"`)
	eli.wait("the vote on the mandate", `document.querySelector("#vote-mandate-no") !== null`)
	eli.click("#vote-mandate-no")
	eli.wait("E's vote is recorded", `document.querySelector("#vote-mandate-no").getAttribute("aria-pressed") === "true"`)

	// A student cannot act for another delegation: the server takes the
	// seat from the cookie and refuses a body naming another.
	forged := ada.eval("a move for E", `fetch("/api/games/`+code+`/moves", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({kind: "support", seat: "EEE", clause: "wording", option: "unlawful"})}).then(r => String(r.status))`)
	if forged != "403" {
		t.Errorf("a move for another seat: status %s, want 403", forged)
	}
	// Nor step the game.
	if st := ada.eval("a host action", `fetch("/api/games/`+code+`/host", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({kind: "step"})}).then(r => String(r.status))`); st != "401" && st != "403" {
		t.Errorf("a student's step: status %s, want 401 or 403", st)
	}
	eli.shot("play", 1280, 720, false, "")
	ada.shot("play-phone", 390, 844, true, "#text-card")

	// The host plays a round; the live view follows without a reload.
	before := live.eval("the live version", `window.__sameDocument = "yes"; document.body.dataset.version`)
	host.click("#b-step")
	live.wait("the live view shows round 1", `document.body.dataset.version !== `+jsQuote(before)+` && document.querySelector("#st-round") !== null && document.querySelector("#st-round").textContent.includes("1 of")`)
	live.wait("the vote on the mandate is tallied", `document.querySelectorAll("#votes .tally").length > 0`)
	if same := live.eval("no reload", `String(window.__sameDocument)`); same != "yes" {
		t.Error("the live view reloaded instead of updating")
	}
	live.shot("live", 1280, 720, false, "")
	host.wait("the controls show round 1", `document.querySelector("#st-round").textContent.includes("1 of") && !document.querySelector("#events-box").hidden`)
	host.shot("control", 1280, 720, false, "")
	ada.wait("A's offer is settled", `document.querySelector('#offers li[data-state="made"], #offers li[data-state="refused"]') !== null`)
	ada.wait("A's queue is empty", `document.querySelector("#moves .empty") !== null`)

	// A queues a move for round 2, then the server goes down and comes back
	// on the same database.
	ada.do("choose 'unlawful'", chromedp.SetValue(chromedp.CSS("#opt-wording"), "unlawful"))
	ada.click("#support-wording")
	ada.wait("the move is queued", `document.querySelector("#moves").textContent.includes("Support")`)
	queued := strings.TrimSpace(ada.text("#moves"))
	versionBefore := live.eval("the version", `document.body.dataset.version`)

	srv.stop()
	live.wait("the live view notices", `document.querySelector("#conn").textContent.includes("reconnecting")`)
	srv.start()
	if srv.url() != base {
		t.Fatalf("the server came back on %s, not %s", srv.url(), base)
	}
	ada.do("reload", chromedp.Reload())
	ada.wait("A is back in the seat", `document.querySelector("#seat-name").textContent === "State A" && document.querySelector("#st-round") !== null`)
	if got := strings.TrimSpace(ada.text("#moves")); got != queued {
		t.Errorf("A's queued moves after the restart: %q, want %q", got, queued)
	}
	if got := ada.text("#st-round"); !strings.Contains(got, "1 of") {
		t.Errorf("the round after the restart: %q", got)
	}
	live.wait("the live view reconnects", `document.querySelector("#conn").textContent === "live"`)
	if v := live.eval("the version", `document.body.dataset.version`); v != versionBefore {
		t.Errorf("the version after the restart: %s, want %s", v, versionBefore)
	}

	// The host, still recognised by its cookie, ends the session; the live
	// view follows over the new stream.
	host.do("reload the controls", chromedp.Reload())
	host.wait("the controls", `document.querySelector("#st-session") !== null && !document.querySelector("#b-end").disabled`)
	host.do("answer yes to the confirmations", chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
	host.click("#b-end")
	live.wait("the live view shows the concluding session", `document.body.dataset.version !== `+jsQuote(versionBefore)+` && document.querySelector("#st-session") !== null && !document.querySelector("#st-session").textContent.includes("First")`)
	eli.wait("E's page follows", `!document.querySelector("#st-session").textContent.includes("First")`)

	// The host lets the agents finish; the debrief shows.
	host.click("#b-finish")
	host.wait("the end", `document.querySelector("#st-phase") !== null && document.querySelector("#st-phase").textContent.includes("over")`)
	ada.wait("A sees the end", `!document.querySelector("#done-note").hidden`)
	host.do("open the debrief", chromedp.Navigate(base+"/debrief/"+code))
	host.wait("the debrief", `!document.querySelector("#debrief").hidden && document.querySelectorAll("#clauses tr").length === 3 && document.querySelectorAll("#seats tr").length === 2`)
	if st := host.eval("the results folder", `fetch(document.querySelector("#zip").href).then(r => r.status + " " + r.headers.get("Content-Type"))`); !strings.HasPrefix(st, "200") {
		t.Errorf("results.zip: %s", st)
	}
	if st := host.eval("the report", `fetch(document.querySelector("#report").href).then(r => String(r.status))`); st != "200" {
		t.Errorf("the report: %s", st)
	}
	host.shot("debrief", 1280, 720, false, "")

	for _, b := range tabs {
		b.checkNoExceptions()
	}
	t.Logf("the browser test took %s", time.Since(began).Round(time.Millisecond))
}
