package classroom

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// testServer is a Server on a database file behind an httptest.Server
// (real TCP), which a test can restart on the same file.
type testServer struct {
	t    testing.TB
	path string
	opts ServerOptions
	st   *Store
	srv  *Server
	ts   *httptest.Server
}

func newTestServer(t testing.TB, opts ServerOptions) *testServer {
	t.Helper()
	s := &testServer{t: t, path: filepath.Join(t.TempDir(), "classroom.db"), opts: opts}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *testServer) start() {
	s.t.Helper()
	s.st = openStore(s.t, s.path)
	s.srv = NewServer(s.st, s.opts)
	if _, errs := s.srv.Restored(); len(errs) > 0 {
		s.t.Fatalf("restoring the games: %v", errs)
	}
	s.ts = httptest.NewServer(s.srv)
}

func (s *testServer) stop() {
	if s.ts == nil {
		return
	}
	s.srv.Close()
	s.ts.Close()
	s.st.Close()
	s.ts = nil
}

// restart closes the server and its store and starts them again on the
// same file: the games are replayed.
func (s *testServer) restart() {
	s.t.Helper()
	s.stop()
	s.start()
}

// client is a browser: its own cookie jar, on the test server.
type client struct {
	t  testing.TB
	s  *testServer
	hc *http.Client
}

func (s *testServer) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: s.t, s: s, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// do sends a request (a body that is not []byte or string is sent as
// JSON) and returns the status and the body.
func (c *client) do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.s.ts.URL+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res.StatusCode, data
}

// ok sends a request that must succeed and decodes its answer into out.
func (c *client) ok(method, path string, body, out any) {
	c.t.Helper()
	status, data := c.do(method, path, body)
	if status != http.StatusOK {
		c.t.Fatalf("%s %s %v: %d %s", method, path, body, status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
}

// fails sends a request that must fail with status, with an error naming
// field (if not "") and holding every word of words.
func (c *client) fails(status int, field string, method, path string, body any, words ...string) {
	c.t.Helper()
	got, data := c.do(method, path, body)
	var e apiError
	if err := json.Unmarshal(data, &e); err != nil {
		c.t.Errorf("%s %s %v: %d, not a JSON error: %s", method, path, body, got, data)
		return
	}
	if got != status || (field != "" && e.Field != field) || e.Error == "" {
		c.t.Errorf("%s %s %.80v: %d %s, want %d about %q", method, path, body, got, data, status, field)
		return
	}
	for _, w := range words {
		if !strings.Contains(e.Error, w) {
			c.t.Errorf("%s %s %.80v: the message %q does not say %q", method, path, body, e.Error, w)
		}
	}
}

// createGame creates a game as host and returns its code.
func (c *client) createGame(body any) string {
	c.t.Helper()
	var r createResponse
	c.ok("POST", "/api/games", body, &r)
	if len(r.Code) != codeLen || r.HostURL != "/host/"+r.Code || r.LiveURL != "/live/"+r.Code || !strings.HasSuffix(r.JoinURL, "/?code="+r.Code) {
		c.t.Fatalf("a new game: %+v", r)
	}
	return r.Code
}

func (c *client) me(code string) SeatView {
	c.t.Helper()
	var v SeatView
	c.ok("GET", "/api/games/"+code+"/me", nil, &v)
	return v
}

func (c *client) version(code string) int {
	c.t.Helper()
	var info gameInfo
	c.ok("GET", "/api/games/"+code, nil, &info)
	return info.Status.Version
}

// TestServerToyGame plays the toy through the API: a host, two students
// in their own browsers, their moves, the requests the server refuses
// (none of which changes anything), a restart on the same database, and
// the end: debrief, results and report.
func TestServerToyGame(t *testing.T) {
	s := newTestServer(t, ServerOptions{DebriefRuns: 20})
	host, ada, bo, eve := s.client(), s.client(), s.client(), s.client()

	host.fails(400, "seats", "POST", "/api/games", map[string]any{"scenario": "toy", "seats": []string{"ZZZ"}}, "ZZZ", "AAA")
	host.fails(400, "scenario", "POST", "/api/games", map[string]any{"scenario": "nosuch", "seats": []string{"AAA"}}, "toy")
	host.fails(400, "seats", "POST", "/api/games", map[string]any{"scenario": "toy", "seats": []string{}})
	code := host.createGame(map[string]any{"scenario": "toy", "seats": []string{"AAA", "EEE"}})
	game := "/api/games/" + code

	var info gameInfo
	ada.ok("GET", "/api/games/"+strings.ToLower(code), nil, &info) // codes are typed in any case
	if info.Code != code || info.Title == "" || len(info.Seats) != 2 || info.Seats[0].State != "AAA" || info.Seats[0].Name != "State A" || info.Status.Started {
		t.Fatalf("the game: %+v", info)
	}
	ada.fails(404, "code", "GET", "/api/games/NOPE23", nil, "NOPE23")
	ada.fails(401, "seat", "GET", game+"/me", nil, "join")

	// Joining.
	ada.fails(400, "seat", "POST", game+"/join", map[string]string{"name": "Ada", "seat": "BBB"}, "AAA, EEE")
	ada.fails(400, "name", "POST", game+"/join", map[string]string{"name": "  ", "seat": "AAA"})
	ada.fails(400, "name", "POST", game+"/join", map[string]string{"name": strings.Repeat("a", 41), "seat": "AAA"}, "40")
	ada.fails(400, "nickname", "POST", game+"/join", map[string]string{"nickname": "Ada", "seat": "AAA"}, "name, seat")
	var j joinResponse
	ada.ok("POST", game+"/join", map[string]string{"name": " Ada ", "seat": "AAA"}, &j)
	if j.Seat != "AAA" || j.Name != "Ada" {
		t.Errorf("Ada joins: %+v", j)
	}
	bo.ok("POST", game+"/join", map[string]string{"name": "Bo", "seat": "EEE"}, nil)
	eve.ok("POST", game+"/join", map[string]string{"name": "Eve", "seat": "EEE"}, nil) // a team
	ada.ok("GET", "/api/games/"+code, nil, &info)
	if got := fmt.Sprint(info.Seats[0].Players, info.Seats[1].Players); got != "[Ada] [Bo Eve]" {
		t.Errorf("players: %s", got)
	}
	if v := ada.me(code); v.Seat != "AAA" || v.Brief.State != "AAA" {
		t.Errorf("Ada's view: seat %s, brief of %s", v.Seat, v.Brief.State)
	}

	// Before the start a move is out of turn.
	ada.fails(409, "turn", "POST", game+"/moves", Command{Kind: KindSupport, Clause: "wording", Option: "unlawful"}, "started")

	// The host's actions need the host's cookie.
	ada.fails(401, "host", "POST", game+"/host", Command{Kind: KindStart})
	forged := s.client()
	u, _ := url.Parse(s.ts.URL)
	forged.hc.Jar.SetCookies(u, []*http.Cookie{{Name: hostCookie + code, Value: "forged", Path: "/"}})
	forged.fails(403, "host", "POST", game+"/host", Command{Kind: KindStart})
	ada.fails(403, "kind", "POST", game+"/moves", Command{Kind: KindStart})
	host.fails(400, "kind", "POST", game+"/host", Command{Kind: KindSupport, Clause: "wording", Option: "unlawful"}, "start, step")
	var v versionResponse
	host.ok("POST", game+"/host", Command{Kind: KindStart}, &v)
	if v.Version != 1 {
		t.Errorf("the version after start: %d", v.Version)
	}

	// Moves.
	ada.ok("POST", game+"/moves", Command{Kind: KindSupport, Clause: "safeguards", Option: "strong"}, &v)
	ada.ok("POST", game+"/moves", Command{Kind: KindSupport, Seat: "AAA", Clause: "wording", Option: "without_right"}, &v)
	bo.ok("POST", game+"/moves", Command{Kind: KindPropose, Clause: "x_offence", Option: "deleted"}, &v)
	ada.ok("POST", game+"/moves", Command{Kind: KindOffer, Partner: "EEE", Give: "wording", Get: "safeguards"}, &v)
	if v.Version != 5 {
		t.Errorf("the version after 4 moves: %d", v.Version)
	}

	// Refused requests change nothing.
	before := ada.me(code)
	refused := func() {
		t.Helper()
		ada.fails(403, "seat", "POST", game+"/moves", Command{Kind: KindSupport, Seat: "EEE", Clause: "wording", Option: "unlawful"}, "AAA", "EEE")
		s.client().fails(401, "seat", "POST", game+"/moves", Command{Kind: KindSupport, Clause: "wording", Option: "unlawful"})
		ada.fails(400, "clause", "POST", game+"/moves", Command{Kind: KindSupport, Clause: "nosuch", Option: "x"}, `"nosuch"`, "x_offence, wording, safeguards")
		ada.fails(400, "option", "POST", game+"/moves", Command{Kind: KindSupport, Clause: "wording", Option: "maybe"}, `"maybe"`, "without_right, unlawful")
		ada.fails(400, "kind", "POST", game+"/moves", Command{Kind: "dance"}, `"dance"`, "propose, support")
		ada.fails(400, "vote", "POST", game+"/moves", Command{Kind: KindVote, Motion: "package", Vote: "perhaps"}, "yes, no, abstain")
		ada.fails(400, "option", "POST", game+"/moves", map[string]any{"kind": "vote", "motion": "m", "vote": "yes", "option": "x"}, "vote does not take option", "motion, vote")
		ada.fails(400, "colour", "POST", game+"/moves", `{"kind": "support", "colour": "red"}`, `unknown field "colour"`, "kind, seat, clause, option")
		ada.fails(400, "body", "POST", game+"/moves", `{"kind": "support", `, "malformed JSON")
		ada.fails(400, "body", "POST", game+"/moves", `{"kind": "support"} {"kind": "step"}`, "one JSON object")
		ada.fails(400, "body", "POST", game+"/moves", ``, "empty")
		ada.fails(400, "offer", "POST", game+"/moves", `{"kind": "accept", "offer": "one"}`, "whole number")
		ada.fails(413, "body", "POST", game+"/moves", `{"kind": "support", "clause": "`+strings.Repeat("x", maxBody)+`"}`, "64 KiB")
		ada.fails(400, "offer", "POST", game+"/moves", Command{Kind: KindAccept, Offer: 7}, "no offer 7")
		host.fails(400, "event", "POST", game+"/host", Command{Kind: KindFire, Event: "nosuch"})
		host.fails(413, "body", "POST", game+"/host", strings.Repeat(" ", maxBody+1))
		ada.fails(413, "body", "POST", game+"/join", map[string]string{"name": strings.Repeat("a", maxBody), "seat": "AAA"})
	}
	refused()
	if got := ada.me(code); !jsonEqual(t, got, before) {
		t.Errorf("refused requests changed Ada's view:\n%s\n%s", jsonOf(t, before), jsonOf(t, got))
	}
	if n, _ := s.st.CommandCount(code); n != 5 || ada.version(code) != 5 {
		t.Errorf("after the refused requests: %d commands stored, version %d; want 5", n, ada.version(code))
	}

	// Bo answers Ada's offer; a round.
	boView := bo.me(code)
	if len(boView.Offers) != 1 || boView.Offers[0].From != "AAA" || boView.Offers[0].State != "pending" {
		t.Fatalf("Bo's offers: %+v", boView.Offers)
	}
	liveIsGames := func(when string) {
		t.Helper()
		var got LiveView
		eve.ok("GET", game+"/live", nil, &got)
		want := s.srv.games[code].g.Live()
		want.Seats = got.Seats
		if !jsonEqual(t, got, want) {
			t.Errorf("the live view %s:\n%s\nthe game's:\n%s", when, jsonOf(t, got), jsonOf(t, want))
		}
	}
	liveIsGames("before Eve's move")
	eve.ok("POST", game+"/moves", Command{Kind: KindAccept, Offer: boView.Offers[0].ID}, nil) // a team mate answers
	liveIsGames("after Eve's move (the server's view of the previous version, with the new version)")
	host.ok("POST", game+"/host", Command{Kind: KindStep}, &v)
	if v.Version != 7 {
		t.Errorf("version %d after the step", v.Version)
	}
	liveIsGames("after a step")

	// A restart replays the log: the same version and views, and each
	// browser is back in its seat; the host keeps the controls.
	adaView, boView := ada.me(code), bo.me(code)
	var live1 LiveView
	ada.ok("GET", game+"/live", nil, &live1)
	s.restart()
	if got := ada.me(code); !jsonEqual(t, got, adaView) {
		t.Errorf("Ada's view after the restart:\n%s\nwant\n%s", jsonOf(t, got), jsonOf(t, adaView))
	}
	if got := bo.me(code); !jsonEqual(t, got, boView) {
		t.Errorf("Bo's view after the restart differs")
	}
	var live2 LiveView
	eve.ok("GET", game+"/live", nil, &live2)
	if !jsonEqual(t, live1, live2) || live2.Status.Version != 7 || fmt.Sprint(live2.Seats) != "[{AAA State A [Ada]} {EEE State E [Bo Eve]}]" {
		t.Errorf("the live view after the restart:\n%s\nwant\n%s", jsonOf(t, live2), jsonOf(t, live1))
	}
	if n, errs := s.srv.Restored(); n != 1 || len(errs) != 0 {
		t.Errorf("restored %d games, %v", n, errs)
	}
	// A reload of the join page: the browser keeps its seat; joining again
	// moves it.
	ada.ok("POST", game+"/join", map[string]string{"name": "Ada", "seat": "EEE"}, nil)
	if v := ada.me(code); v.Seat != "EEE" {
		t.Errorf("Ada after joining E: %s", v.Seat)
	}
	ada.ok("POST", game+"/join", map[string]string{"name": "Ada", "seat": "AAA"}, nil)
	ada.ok("GET", "/api/games/"+code, nil, &info)
	if got := fmt.Sprint(info.Seats[0].Players, info.Seats[1].Players); got != "[Ada] [Bo Eve]" {
		t.Errorf("players after Ada came back: %s", got)
	}

	// The end: before it, no debrief nor results.
	ada.fails(409, "turn", "GET", game+"/debrief", nil, "not over")
	ada.fails(409, "turn", "GET", game+"/results.zip", nil, "not over")
	ada.fails(409, "turn", "GET", "/games/"+code+"/report", nil, "not over")
	host.ok("POST", game+"/host", Command{Kind: KindFinish}, &v)
	ada.fails(409, "turn", "POST", game+"/moves", Command{Kind: KindObject, Object: true}, "over")
	host.fails(409, "turn", "POST", game+"/host", Command{Kind: KindStep}, "over")
	var d Debrief
	ada.ok("GET", game+"/debrief", nil, &d)
	if d.Runs != 20 || len(d.Seats) != 2 || len(d.Clauses) != 3 {
		t.Errorf("the debrief: %+v", d)
	}
	status, data := ada.do("GET", game+"/results.zip", nil)
	if status != 200 {
		t.Fatalf("results.zip: %d %s", status, data)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"summary.json", "scenario.json", "report.html"} {
		if !names["treatysim-"+code+"/"+want] {
			t.Errorf("results.zip has no %s: %v", want, names)
		}
	}
	res, err := ada.hc.Get(s.ts.URL + "/games/" + code + "/report")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Contains(page, []byte("<html")) || !strings.Contains(res.Header.Get("Content-Security-Policy"), "img-src data:") {
		t.Errorf("the report: %d, CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
	// Everything acknowledged is stored, and the final game replays.
	final := ada.version(code)
	s.restart()
	if n, _ := s.st.CommandCount(code); n != final || ada.version(code) != final {
		t.Errorf("after the end and a restart: %d commands, version %d; want %d", n, ada.version(code), final)
	}
}

// TestServerUploadedScenario creates games from a scenario file: the one
// the server was started with (by its name, as the host page sends it)
// and an upload.
func TestServerUploadedScenario(t *testing.T) {
	text, err := os.ReadFile("../sim/testdata/toy-votes.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, ServerOptions{Scenario: "toy-votes.toml", ScenarioText: text})
	host := s.client()
	var list []scenarioInfo
	host.ok("GET", "/api/scenarios", nil, &list)
	if len(list) < 2 || list[0].Name != "toy-votes.toml" || !list[0].Default || len(list[0].States) != 5 || list[1].Default {
		t.Fatalf("the scenarios: %+v", list)
	}
	code := host.createGame(map[string]any{"scenario": "toy-votes.toml", "seats": []string{"AAA"}, "seed": 11})
	host.ok("POST", "/api/games/"+code+"/host", Command{Kind: KindStart}, nil)
	code2 := host.createGame(map[string]any{"text": string(text), "seats": []string{"EEE"}})
	host.fails(400, "text", "POST", "/api/games", map[string]any{"text": "format = 1\n[scenario\n", "seats": []string{"EEE"}})
	s.restart()
	for _, c := range []string{code, code2} {
		var info gameInfo
		host.ok("GET", "/api/games/"+c, nil, &info)
		if len(info.Seats) != 1 {
			t.Errorf("game %s after a restart: %+v", c, info)
		}
	}
	// The host page is opened with the server's scenario preselected.
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Get(s.ts.URL + "/host")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/host?scenario=toy-votes.toml" {
		t.Errorf("GET /host: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestServerPages serves the embedded pages with their security headers.
func TestServerPages(t *testing.T) {
	s := newTestServer(t, ServerOptions{})
	for _, p := range []struct{ path, file string }{
		{"/", "index.html"}, {"/host", "host.html"}, {"/host/ABCDEF", "control.html"}, {"/play/ABCDEF", "play.html"},
		{"/live/ABCDEF", "live.html"}, {"/debrief/ABCDEF", "debrief.html"}, {"/static/app.css", "static/app.css"}, {"/static/app.js", "static/app.js"},
	} {
		res, err := http.Get(s.ts.URL + p.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		want, err := web.ReadFile("web/" + p.file)
		if err != nil {
			t.Errorf("%s: %v", p.file, err)
			continue
		}
		if res.StatusCode != 200 || !bytes.Equal(body, want) {
			t.Errorf("GET %s: %d, %d bytes, want %s", p.path, res.StatusCode, len(body), p.file)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'self'") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: headers %v", p.path, res.Header)
		}
	}
	for _, p := range []string{"/static/", "/static/nosuch.js", "/nosuch"} {
		res, err := http.Get(s.ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
	// No page refers to another server.
	fsys := []string{"index.html", "host.html", "control.html", "play.html", "live.html", "debrief.html"}
	for _, f := range fsys {
		b, _ := web.ReadFile("web/" + f)
		if bytes.Contains(b, []byte("http://")) || bytes.Contains(b, []byte("https://")) {
			t.Errorf("%s refers to another server", f)
		}
	}
	rec := httptest.NewRecorder()
	servePage(rec, httptest.NewRequest("GET", "/x", nil), "missing.html")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "missing.html is missing") {
		t.Errorf("a missing page: %d %q", rec.Code, rec.Body.String())
	}
}

// TestStream follows a game's event stream: an update after each change,
// and the stream (its goroutine, its subscription) ends with the page.
func TestStream(t *testing.T) {
	s := newTestServer(t, ServerOptions{PingInterval: 50 * time.Millisecond})
	host := s.client()
	code := host.createGame(map[string]any{"scenario": "toy", "seats": []string{"AAA"}})
	ge := s.srv.games[code]
	base := runtime.NumGoroutine()

	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", s.ts.URL+"/api/games/"+code+"/stream", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	events := make(chan string, 100)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if l := sc.Text(); l != "" {
				events <- l
			}
		}
	}()
	next := func(prefix string) string {
		t.Helper()
		timeout := time.After(5 * time.Second)
		for {
			select {
			case l, ok := <-events:
				if !ok {
					t.Fatalf("the stream ended waiting for %q", prefix)
				}
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-timeout:
				t.Fatalf("no %q", prefix)
			}
		}
	}
	if l := next("data:"); l != `data: {"version": 0, "players": 0}` {
		t.Errorf("first event: %q", l)
	}
	host.ok("POST", "/api/games/"+code+"/host", Command{Kind: KindStart}, nil)
	if l := next("data:"); l != `data: {"version": 1, "players": 0}` {
		t.Errorf("after start: %q", l)
	}
	s.client().ok("POST", "/api/games/"+code+"/join", joinRequest{Name: "Ada", Seat: "AAA"}, nil)
	if l := next("data:"); l != `data: {"version": 1, "players": 1}` {
		t.Errorf("after a student joined: %q", l)
	}
	next(": ping")
	if ge.hub.count() != 1 {
		t.Errorf("%d subscribers", ge.hub.count())
	}
	cancel()
	res.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	for ge.hub.count() != 0 || runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("after the page left: %d subscribers, %d goroutines (%d before)\n%s", ge.hub.count(), runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Closing the server ends the streams (for a graceful shutdown).
	req, _ = http.NewRequest("GET", s.ts.URL+"/api/games/"+code+"/stream", nil)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, res.Body); close(done) }()
	s.srv.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream outlived the server's Close")
	}
	res.Body.Close()
}

// TestHub checks that a slow subscriber gets the latest update, and that
// an older version changes nothing.
func TestHub(t *testing.T) {
	h := newHub(3)
	ch, done := h.subscribe()
	for v := 4; v <= 8; v++ {
		h.publish(v)
	}
	h.publish(6)
	if u := <-ch; u != (update{Version: 8}) {
		t.Errorf("got %+v, want the latest, version 8", u)
	}
	h.joined()
	if u := <-ch; u != (update{Version: 8, Players: 1}) {
		t.Errorf("after a join: %+v", u)
	}
	done()
	h.publish(9)
	if h.count() != 0 || len(ch) != 0 || h.current().Version != 9 {
		t.Error("a subscription outlived its end")
	}
}

func jsonEqual(t testing.TB, a, b any) bool {
	return bytes.Equal(jsonOf(t, a), jsonOf(t, b))
}

// TestLiveViewCache plays a whole toy game through the API and checks,
// after every command, that the live view the server gives (kept from the
// host's last action, see gameEntry.hostVersions) is the game's own.
func TestLiveViewCache(t *testing.T) {
	s := newTestServer(t, ServerOptions{})
	host := s.client()
	code := host.createGame(map[string]any{"scenario": "toy", "seats": []string{"AAA", "EEE"}})
	game := "/api/games/" + code
	seats := map[string]*client{"AAA": s.client(), "EEE": s.client()}
	for id, c := range seats {
		c.ok("POST", game+"/join", joinRequest{Name: "Student " + id, Seat: id}, nil)
	}
	for k, c := range toyLog {
		var got LiveView
		host.ok("GET", game+"/live", nil, &got) // keep the view before the command
		if c.Seat != "" {
			seats[c.Seat].ok("POST", game+"/moves", c, nil)
		} else {
			host.ok("POST", game+"/host", c, nil)
		}
		host.ok("GET", game+"/live", nil, &got)
		want := s.srv.games[code].g.Live()
		want.Seats = got.Seats
		if got.Status.Version != k+1 || !jsonEqual(t, got, want) {
			t.Fatalf("after command %d (%s): the server's live view\n%s\nthe game's\n%s", k+1, c.Kind, jsonOf(t, got), jsonOf(t, want))
		}
	}
}

// TestServerStoreFailure: when a move cannot be stored, it is not
// acknowledged and the game takes no more moves; a restart resumes it
// from the last stored one.
func TestServerStoreFailure(t *testing.T) {
	s := newTestServer(t, ServerOptions{})
	host, ada := s.client(), s.client()
	code := host.createGame(map[string]any{"scenario": "toy", "seats": []string{"AAA"}})
	game := "/api/games/" + code
	ada.ok("POST", game+"/join", joinRequest{Name: "Ada", Seat: "AAA"}, nil)
	host.ok("POST", game+"/host", Command{Kind: KindStart}, nil)
	ada.ok("POST", game+"/moves", Command{Kind: KindObject, Object: true}, nil)
	s.st.Close() // the disk is gone
	ada.fails(500, "", "POST", game+"/moves", Command{Kind: KindObject}, "restart the server")
	host.fails(500, "", "POST", game+"/host", Command{Kind: KindStep}, "restart the server")
	s.restart()
	if v := ada.me(code); v.Status.Version != 2 || !v.Objecting {
		t.Errorf("after the restart: version %d, objecting %v; want 2, true", v.Status.Version, v.Objecting)
	}
	ada.ok("POST", game+"/moves", Command{Kind: KindObject}, nil)
}
