package classroom

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/treatysim/treatysim/scenarios"
)

// latencies records the time of requests, by kind of request.
type latencies struct {
	mu  sync.Mutex
	by  map[string][]time.Duration
	all []time.Duration // the students' and the host's requests
}

func (l *latencies) add(kind string, d time.Duration, counted bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.by[kind] = append(l.by[kind], d)
	if counted {
		l.all = append(l.all, d)
	}
}

func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func summary(ds []time.Duration) string {
	return fmt.Sprintf("%5d requests: p50 %6.1f ms, p90 %6.1f ms, p99 %6.1f ms, max %6.1f ms", len(ds),
		ms(quantile(ds, 0.5)), ms(quantile(ds, 0.9)), ms(quantile(ds, 0.99)), ms(quantile(ds, 1)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// flagshipSeats picks n states of the flagship for students, spread over
// its list (the great powers among them).
func flagshipSeats(t testing.TB, n int) []string {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	seats := []string{"USA", "RUS", "CHN", "BRA", "IND"}
	for i := 0; len(seats) < n; i += 7 {
		if id := sc.States[i%len(sc.States)].ID; !slices.Contains(seats, id) {
			seats = append(seats, id)
		}
	}
	return seats
}

// TestLoad plays the flagship with 40 simulated students through the HTTP
// API (real TCP), each in its own browser (cookie jar and connections):
// each reads its view and sends support, propose and vote moves, one every
// 100-400 ms (some 150 moves a second in all, ten times what a busy class
// sends), while the host steps a round every 250 ms and a projector
// follows the live view. Every acknowledged command must be in the
// database, and a restart must replay them all. Every request is timed and
// the percentiles logged; the latency goal (the students' and the host's
// requests within 100 ms at the 99th percentile) is asserted only with
// TREATYSIM_LOAD=1, on a machine doing nothing else: inside `go test ./...`
// the other packages' tests share the cores, and a timed assertion there
// would fail for reasons that are not the server's (the house rule: speed
// is measured, not asserted by default; see docs/performance.md).
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test plays the flagship for several seconds")
	}
	const students = 40
	const stepEvery = 250 * time.Millisecond
	s := newTestServer(t, ServerOptions{})
	seats := flagshipSeats(t, students)
	host := s.client()
	code := host.createGame(map[string]any{"scenario": "ahc", "seats": seats})
	game := s.ts.URL + "/api/games/" + code

	lat := &latencies{by: map[string][]time.Duration{}}
	var acked, rejected atomic.Int64
	var why sync.Map // why requests were refused
	// timed sends a request and times it; counted says whether its time
	// is in the students' and host's percentiles.
	timed := func(hc *http.Client, kind, method, url string, body any, out any, counted bool) int {
		var r *strings.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = strings.NewReader(string(b))
		} else {
			r = strings.NewReader("")
		}
		req, _ := http.NewRequest(method, url, r)
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		res, err := hc.Do(req)
		if err != nil {
			t.Errorf("%s %s: %v", method, url, err)
			return 0
		}
		defer res.Body.Close()
		dec := json.NewDecoder(res.Body)
		if out != nil && res.StatusCode == 200 {
			if err := dec.Decode(out); err != nil {
				t.Errorf("%s %s: %v", method, url, err)
			}
		} else {
			var e apiError
			_ = dec.Decode(&e)
			if res.StatusCode != 200 && res.StatusCode != 400 && res.StatusCode != 409 {
				t.Errorf("%s %s %v: %d %s", method, url, body, res.StatusCode, e.Error)
			}
			if res.StatusCode != 200 {
				why.Store(fmt.Sprintf("%d %s: %s", res.StatusCode, e.Field, clip(e.Error, 60)), true)
			}
		}
		lat.add(kind, time.Since(t0), counted)
		return res.StatusCode
	}

	// The students join, each in its own browser.
	browsers := make([]*http.Client, students)
	for k := range browsers {
		jar, _ := cookiejar.New(nil)
		browsers[k] = &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
		if st := timed(browsers[k], "join", "POST", game+"/join", joinRequest{Name: fmt.Sprintf("Student %d", k+1), Seat: seats[k]}, nil, true); st != 200 {
			t.Fatalf("student %d cannot join: %d", k+1, st)
		}
	}
	if st := timed(host.hc, "host", "POST", game+"/host", Command{Kind: KindStart}, nil, true); st != 200 {
		t.Fatalf("start: %d", st)
	}
	acked.Add(1)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for k, hc := range browsers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(k), 11))
			for {
				select {
				case <-stop:
					return
				default:
				}
				var v loadView
				if timed(hc, "me", "GET", game+"/me", nil, &v, true) != 200 {
					return
				}
				if v.Status.Done {
					return
				}
				for range 2 {
					var c Command
					var vote *UpcomingVote
					for i := range v.UpcomingVotes {
						if v.UpcomingVotes[i].MyVote == "" {
							vote = &v.UpcomingVotes[i]
						}
					}
					cl := v.Text[rng.IntN(len(v.Text))]
					opt := cl.Options[rng.IntN(len(cl.Options))].ID
					switch r := rng.Float64(); {
					case vote != nil && r < 0.5:
						c = Command{Kind: KindVote, Motion: vote.Motion, Vote: []string{"yes", "no", "abstain"}[rng.IntN(3)]}
						vote.MyVote = c.Vote
					case r < 0.75:
						c = Command{Kind: KindSupport, Clause: cl.ID, Option: opt}
					default:
						c = Command{Kind: KindPropose, Clause: cl.ID, Option: opt}
					}
					switch timed(hc, c.Kind, "POST", game+"/moves", c, nil, true) {
					case 200:
						acked.Add(1)
					default:
						rejected.Add(1)
					}
					time.Sleep(time.Duration(100+rng.IntN(300)) * time.Millisecond) // a student's thinking: a click every quarter of a second, ten times a busy class
				}
			}
		})
	}
	// The projector follows the live view.
	projector := s.client().hc
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
			var v LiveView
			timed(projector, "live", "GET", game+"/live", nil, &v, false)
		}
	})

	// The host steps the rounds to the end.
	start := time.Now()
	rounds := 0
	for {
		time.Sleep(stepEvery)
		st := timed(host.hc, "host", "POST", game+"/host", Command{Kind: KindStep}, nil, true)
		if st != 200 {
			t.Fatalf("step: %d", st)
		}
		acked.Add(1)
		rounds++
		if host.status(code).Done {
			break
		}
		if rounds > 100 {
			t.Fatal("the flagship does not end")
		}
	}
	close(stop)
	wg.Wait()
	elapsed := time.Since(start)
	for _, hc := range browsers {
		hc.CloseIdleConnections()
	}

	kinds := make([]string, 0, len(lat.by))
	for k := range lat.by {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	t.Logf("%d students on the flagship, %d rounds in %v: %d commands acknowledged, %d moves refused", students, rounds, elapsed.Round(time.Millisecond), acked.Load(), rejected.Load())
	why.Range(func(k, _ any) bool { t.Logf("refused: %s", k); return true })
	for _, k := range kinds {
		t.Logf("%-8s %s", k, summary(lat.by[k]))
	}
	t.Logf("%-8s %s", "all", summary(lat.all))
	if p99 := quantile(lat.all, 0.99); p99 >= 100*time.Millisecond && os.Getenv("TREATYSIM_LOAD") == "1" {
		t.Errorf("p99 latency of the students' and host's requests: %v, want < 100 ms", p99)
	}

	// Nothing lost: the database holds every acknowledged command, and a
	// restart replays them all.
	n, err := s.st.CommandCount(code)
	if err != nil {
		t.Fatal(err)
	}
	if n != int(acked.Load()) || host.version(code) != n {
		t.Errorf("%d commands in the database, version %d, %d acknowledged", n, host.version(code), acked.Load())
	}
	s.restart()
	if v := host.version(code); v != n {
		t.Errorf("after a restart: version %d, want %d", v, n)
	}
}

// loadView is the part of a SeatView a simulated student reads (the
// load generator runs in the server's process: it decodes no more than
// it needs).
type loadView struct {
	Status struct {
		Done bool `json:"done"`
	} `json:"status"`
	Text []struct {
		ID      string `json:"id"`
		Options []struct {
			ID string `json:"id"`
		} `json:"options"`
	} `json:"text"`
	UpcomingVotes []UpcomingVote `json:"upcoming_votes"`
}

// status returns a game's status (GET /api/games/{code}).
func (c *client) status(code string) GameStatus {
	c.t.Helper()
	var info gameInfo
	c.ok("GET", "/api/games/"+code, nil, &info)
	return info.Status
}

// BenchmarkMove measures one move through the server's handler: decode,
// check, write to the database (synchronous), apply, announce.
func BenchmarkMove(b *testing.B) {
	st := openStore(b, b.TempDir()+"/bench.db")
	defer st.Close()
	srv := NewServer(st, ServerOptions{})
	defer srv.Close()
	send := func(path, body string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%s %s: %d %s", path, body, rec.Code, rec.Body)
		}
		return rec
	}
	var g createResponse
	rec := send("/api/games", `{"scenario": "toy", "seats": ["AAA"]}`)
	json.Unmarshal(rec.Body.Bytes(), &g)
	hostCookies := rec.Result().Cookies()
	seat := send("/api/games/"+g.Code+"/join", `{"name": "Ada", "seat": "AAA"}`).Result().Cookies()
	send("/api/games/"+g.Code+"/host", `{"kind": "start"}`, hostCookies...)
	moves := []string{`{"kind": "object", "object": true}`, `{"kind": "object"}`}
	path := "/api/games/" + g.Code + "/moves"
	b.Run("one", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			send(path, moves[i%2], seat...)
		}
	})
	// Many moves at once: those waiting for the disk are written together.
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(20)
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				send(path, moves[i%2], seat...)
			}
		})
	})
}
