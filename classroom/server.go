package classroom

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/treatysim/treatysim/results"
)

// ServerOptions configures a Server.
type ServerOptions struct {
	// Scenario is preselected on the host page: the name of a shipped
	// scenario, or the name under which the host page lists the scenario
	// whose TOML is ScenarioText (treatysim serve FILE).
	Scenario     string
	ScenarioText []byte
	// JoinURL is the address students open, such as
	// "http://192.168.1.20:8080" ("": the address the host's browser
	// uses); a new game's join_url is built on it.
	JoinURL string
	// DebriefRuns is the number of Monte Carlo runs a debrief compares the
	// class with (0: DefaultDebriefRuns).
	DebriefRuns int
	// PingInterval is how often an event stream sends a ping (0: 15 s).
	PingInterval time.Duration
	// Logf, if not nil, logs the games created and restored and the
	// server's errors.
	Logf func(format string, a ...any)
}

// Server is the HTTP server of the classroom: the API of the pages
// (JSON), their event streams, and the pages themselves (embedded). Every
// game lives in memory and in the Store: a command is checked and applied
// by the game, one command of a game at a time, and acknowledged and
// announced once the store has it on disk (see commit). NewServer
// rebuilds every stored game.
type Server struct {
	st        *Store
	opts      ServerOptions
	mux       *http.ServeMux
	closing   chan struct{}
	closeOnce sync.Once

	mu      sync.RWMutex
	games   map[string]*gameEntry
	broken  map[string]error // games that could not be restored
	loadErr error            // the stored games could not be read

	scenOnce sync.Once
	scenList []scenarioInfo
}

// gameEntry is a game in a server.
type gameEntry struct {
	code  string
	g     *Game
	host  TokenHash
	hub   *hub
	title string

	mu     sync.Mutex // one command at a time: check, apply, queue for the store
	failed error      // a command could not be stored: the game takes no more

	pmu     sync.RWMutex
	players map[TokenHash]*player
	order   []*player // in the order they joined

	// hostVersions are the versions the host's actions made, in order
	// (guarded by vmu). The live view changes with them only: a student's
	// move is queued for the next round and shows in the seats' views, so
	// a live view stays good, but for its version number, until the host's
	// next action. It matters: the live view finds the coalitions, which
	// on the flagship takes a CPU for a good part of a second.
	vmu          sync.Mutex
	hostVersions []int

	live    verCache[LiveView] // by the version of the host's last action
	debrief verCache[*Debrief]
	files   verCache[results.Files]
	zip     verCache[[]byte]
}

// player is a student at a seat.
type player struct {
	state, name string
}

// Cookie names: a game's host, a game's student.
const (
	hostCookie = "treatysim_host_"
	seatCookie = "treatysim_seat_"
)

// cookieAge is how long a browser keeps its seat or its host's key.
const cookieAge = 30 * 24 * time.Hour

// Limits on players.
const (
	maxPlayers     = 1000 // of a game
	maxSeatPlayers = 50   // of a seat
)

// NewServer returns the server of the games in st: every stored game is
// rebuilt with Replay of its setup and log (a game that cannot be is
// logged and answers 500).
func NewServer(st *Store, opts ServerOptions) *Server {
	if opts.DebriefRuns <= 0 {
		opts.DebriefRuns = DefaultDebriefRuns
	}
	if opts.PingInterval <= 0 {
		opts.PingInterval = 15 * time.Second
	}
	opts.JoinURL = strings.TrimSuffix(opts.JoinURL, "/")
	s := &Server{st: st, opts: opts, closing: make(chan struct{}), games: map[string]*gameEntry{}, broken: map[string]error{}}
	s.restore()
	s.routes()
	return s
}

// restore rebuilds the stored games, several at a time.
func (s *Server) restore() {
	stored, err := s.st.Games()
	if err != nil {
		s.logf("classroom: reading the games of %s: %v", s.st.Path(), err)
		s.loadErr = fmt.Errorf("reading the games of %s: %w", s.st.Path(), err)
		return
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	for _, sg := range stored {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			g, err := Replay(sg.Setup, sg.Commands)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				s.broken[sg.Code] = err
				s.logf("classroom: game %s cannot be restored: %v", sg.Code, err)
				return
			}
			ge := newEntry(sg.Code, g, sg.HostHash)
			for k, c := range sg.Commands {
				if IsHostKind(c.Kind) {
					ge.hostVersions = append(ge.hostVersions, k+1)
				}
			}
			for _, p := range sg.Players {
				ge.setPlayer(p.TokenHash, p.State, p.Name)
			}
			s.games[sg.Code] = ge
		})
	}
	wg.Wait()
}

func newEntry(code string, g *Game, host TokenHash) *gameEntry {
	return &gameEntry{code: code, g: g, host: host, hub: newHub(g.Version()), title: g.Scenario().Title, players: map[TokenHash]*player{}}
}

// Restored returns the number of games the server has and the errors of
// those it could not restore.
func (s *Server) Restored() (games int, errs []error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	codes := make([]string, 0, len(s.broken))
	for c := range s.broken {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	if s.loadErr != nil {
		errs = append(errs, s.loadErr)
	}
	for _, c := range codes {
		errs = append(errs, fmt.Errorf("game %s: %w", c, s.broken[c]))
	}
	return len(s.games), errs
}

// Close ends the event streams (http.Server.Shutdown waits for them
// otherwise). It does not close the store.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
}

func (s *Server) logf(format string, a ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, a...)
	}
}

func (s *Server) routes() {
	m := http.NewServeMux()
	for _, p := range pages {
		file := p.file
		m.HandleFunc(p.pattern, func(w http.ResponseWriter, r *http.Request) { servePage(w, r, file) })
	}
	m.HandleFunc("GET /host", s.hostPage)
	m.Handle("GET /static/", staticHandler())
	m.HandleFunc("GET /games/{code}/report", s.report)

	m.HandleFunc("GET /api/scenarios", s.scenarios)
	m.HandleFunc("POST /api/games", s.create)
	m.HandleFunc("GET /api/games/{code}", s.info)
	m.HandleFunc("POST /api/games/{code}/join", s.join)
	m.HandleFunc("GET /api/games/{code}/me", s.me)
	m.HandleFunc("POST /api/games/{code}/moves", s.move)
	m.HandleFunc("POST /api/games/{code}/host", s.hostAction)
	m.HandleFunc("GET /api/games/{code}/live", s.liveView)
	m.HandleFunc("GET /api/games/{code}/stream", s.stream)
	m.HandleFunc("GET /api/games/{code}/debrief", s.debriefView)
	m.HandleFunc("GET /api/games/{code}/results.zip", s.resultsZip)
	s.mux = m
}

// ServeHTTP serves the pages and the API, with the security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		h.Set("Cache-Control", "no-store")
	}
	s.mux.ServeHTTP(w, r)
}

// game returns the game of the request's code, or answers 404.
func (s *Server) game(w http.ResponseWriter, r *http.Request) *gameEntry {
	code := normCode(r.PathValue("code"))
	s.mu.RLock()
	ge, err := s.games[code], s.broken[code]
	s.mu.RUnlock()
	switch {
	case ge != nil:
		return ge
	case err != nil:
		s.writeError(w, r, errorf(http.StatusInternalServerError, "code", "game %s could not be restored from the database: %v", code, err))
	default:
		s.writeError(w, r, errorf(http.StatusNotFound, "code", "there is no game %s on this server: check the code", clip(code, 12)))
	}
	return nil
}

// player returns the player of the request's seat cookie.
func (ge *gameEntry) player(r *http.Request) (*player, error) {
	c, err := r.Cookie(seatCookie + ge.code)
	if err != nil || c.Value == "" {
		return nil, errorf(http.StatusUnauthorized, "seat", "this browser has not joined game %s: join it first, with your name and a delegation", ge.code)
	}
	ge.pmu.RLock()
	p := ge.players[hashToken(c.Value)]
	ge.pmu.RUnlock()
	if p == nil {
		return nil, errorf(http.StatusUnauthorized, "seat", "this browser's seat is not known in game %s: join it again", ge.code)
	}
	return p, nil
}

// isHost checks the request's host cookie.
func (ge *gameEntry) isHost(r *http.Request) error {
	c, err := r.Cookie(hostCookie + ge.code)
	if err != nil || c.Value == "" {
		return errorf(http.StatusUnauthorized, "host", "only the browser that created game %s can run it (it holds the host's key)", ge.code)
	}
	h := hashToken(c.Value)
	if subtle.ConstantTimeCompare(h[:], ge.host[:]) != 1 {
		return errorf(http.StatusForbidden, "host", "this browser's host key is not the key of game %s", ge.code)
	}
	return nil
}

func (ge *gameEntry) setPlayer(tok TokenHash, state, name string) {
	ge.pmu.Lock()
	defer ge.pmu.Unlock()
	if p := ge.players[tok]; p != nil {
		p.state, p.name = state, name
		return
	}
	p := &player{state: state, name: name}
	ge.players[tok] = p
	ge.order = append(ge.order, p)
}

// seats returns the student seats with their players' names.
func (ge *gameEntry) seats() []LiveSeat {
	sc := ge.g.Scenario()
	ge.pmu.RLock()
	defer ge.pmu.RUnlock()
	var out []LiveSeat
	for _, id := range ge.g.Seats() {
		ls := LiveSeat{State: id, Name: id, Players: []string{}}
		if i := sc.StateIndex(id); i >= 0 {
			ls.Name = sc.States[i].Name
		}
		for _, p := range ge.order {
			if p.state == id {
				ls.Players = append(ls.Players, p.name)
			}
		}
		out = append(out, ls)
	}
	return out
}

// status returns where the game stands (from a seat's view, which costs
// little, rather than the live view, which finds the coalitions).
func (ge *gameEntry) status() GameStatus {
	v, err := ge.g.SeatView(ge.g.Seats()[0])
	if err != nil {
		return GameStatus{Version: ge.g.Version(), Done: ge.g.Done(), Started: ge.g.Started()}
	}
	return v.Status
}

// commit applies a command to a game: the game checks it and applies it
// (a refused command changes nothing), the store writes it, and once it
// is on disk the pages hear of it and the request is answered. The game's
// lock is held while the command is checked, applied and queued for
// writing, not while it is written: the commands that wait for the disk
// together are written together (Store.AppendAsync), so that forty
// students' moves cost one fsync, not forty in a row. A command is
// acknowledged only once it, and every command of the game before it, is
// stored. Should the disk fail, the game refuses every later command (its
// stored log stays a prefix of its log): a restart resumes it from the
// last stored command, which no acknowledged command is after.
func (s *Server) commit(ge *gameEntry, c Command) (int, error) {
	ge.mu.Lock()
	if err := ge.failed; err != nil {
		ge.mu.Unlock()
		return 0, err
	}
	if err := ge.g.Check(c); err != nil {
		ge.mu.Unlock()
		return 0, err
	}
	if err := ge.g.Apply(c); err != nil { // Apply never applies partially
		ge.mu.Unlock()
		return 0, fmt.Errorf("the game refused a command it had accepted: %w", err)
	}
	v := ge.g.Version()
	if IsHostKind(c.Kind) {
		ge.vmu.Lock()
		ge.hostVersions = append(ge.hostVersions, v)
		ge.vmu.Unlock()
	}
	stored := s.st.AppendAsync(ge.code, v, c)
	ge.mu.Unlock()

	if err := <-stored; err != nil {
		s.logf("classroom: game %s: storing command %d: %v", ge.code, v, err)
		ge.mu.Lock()
		defer ge.mu.Unlock()
		if ge.failed == nil {
			ge.failed = errorf(http.StatusInternalServerError, "", "the database could not store a move of game %s (%v): restart the server, and the game resumes from its last stored move", ge.code, err)
		}
		return 0, ge.failed
	}
	ge.hub.publish(v)
	return v, nil
}

// hostVersion returns the version of the host's last action at version v
// (0: none).
func (ge *gameEntry) hostVersion(v int) int {
	ge.vmu.Lock()
	defer ge.vmu.Unlock()
	k, _ := slices.BinarySearch(ge.hostVersions, v+1)
	if k == 0 {
		return 0
	}
	return ge.hostVersions[k-1]
}
