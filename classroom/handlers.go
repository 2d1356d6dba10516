package classroom

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/treatysim/treatysim/scenarios"
)

// The handlers of the API the pages call: the scenarios, creating and
// joining a game, the views and the commands.

// scenarioInfo is a scenario the host may choose.
type scenarioInfo struct {
	Name     string     `json:"name"`
	Title    string     `json:"title"`
	Question string     `json:"question,omitempty"`
	States   []StateRef `json:"states"`
	Default  bool       `json:"default,omitempty"` // preselected (treatysim serve SCENARIO)
}

func scenarioInfoOf(name string, sc *scenarios.Scenario) scenarioInfo {
	si := scenarioInfo{Name: name, Title: sc.Title, Question: sc.Question, States: make([]StateRef, len(sc.States))}
	for i, st := range sc.States {
		si.States[i] = StateRef{ID: st.ID, Name: st.Name}
	}
	return si
}

func (s *Server) scenarioList() []scenarioInfo {
	s.scenOnce.Do(func() {
		if s.opts.ScenarioText != nil {
			if sc, err := scenarios.Parse(s.opts.Scenario, s.opts.ScenarioText); err == nil {
				s.scenList = append(s.scenList, scenarioInfoOf(s.opts.Scenario, sc))
			} else {
				s.logf("classroom: scenario %s: %v", s.opts.Scenario, err)
			}
		}
		for _, name := range scenarios.ShippedNames() {
			sc, err := scenarios.LoadShipped(name)
			if err != nil {
				s.logf("classroom: shipped scenario %s: %v", name, err)
				continue
			}
			s.scenList = append(s.scenList, scenarioInfoOf(name, sc))
		}
		for k := range s.scenList {
			s.scenList[k].Default = s.scenList[k].Name == s.opts.Scenario
		}
	})
	return s.scenList
}

// GET /api/scenarios
func (s *Server) scenarios(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.scenarioList())
}

// GET /host: the host page, with the server's scenario preselected.
func (s *Server) hostPage(w http.ResponseWriter, r *http.Request) {
	if s.opts.Scenario != "" && r.URL.RawQuery == "" {
		http.Redirect(w, r, "/host?scenario="+url.QueryEscape(s.opts.Scenario), http.StatusFound)
		return
	}
	servePage(w, r, "host.html")
}

// createResponse is the answer to POST /api/games.
type createResponse struct {
	Code    string `json:"code"`
	HostURL string `json:"host_url"`
	JoinURL string `json:"join_url"`
	LiveURL string `json:"live_url"`
}

// POST /api/games
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := decodeCreate(body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setup := Setup{Scenario: req.Scenario, Text: []byte(req.Text), Seed: req.Seed, Seats: req.Seats}
	if req.Text == "" && s.opts.ScenarioText != nil && req.Scenario == s.opts.Scenario {
		setup.Text = s.opts.ScenarioText
	}
	g, err := NewGame(setup)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	tok, hash := newToken()
	var code string
	s.mu.Lock()
	for tries := 0; ; tries++ {
		code = newCode()
		if s.games[code] != nil || s.broken[code] != nil {
			continue
		}
		err = s.st.CreateGame(code, g.Setup(), hash, time.Now())
		if errors.Is(err, ErrCodeTaken) && tries < 20 {
			continue
		}
		break
	}
	if err == nil {
		s.games[code] = newEntry(code, g, hash)
	}
	s.mu.Unlock()
	if err != nil {
		s.writeError(w, r, fmt.Errorf("storing the game: %w", err))
		return
	}
	s.logf("classroom: game %s created: %s, seats %s", code, g.Scenario().ID, strings.Join(g.Seats(), " "))
	setCookie(w, r, hostCookie+code, tok)
	writeJSON(w, http.StatusOK, createResponse{Code: code, HostURL: "/host/" + code,
		JoinURL: s.opts.JoinURL + "/?code=" + code, LiveURL: "/live/" + code})
}

// gameInfo is the answer to GET /api/games/{code}.
type gameInfo struct {
	Code     string     `json:"code"`
	Title    string     `json:"title"`
	Scenario string     `json:"scenario"`
	Seats    []LiveSeat `json:"seats"`
	Status   GameStatus `json:"status"`
}

// GET /api/games/{code}
func (s *Server) info(w http.ResponseWriter, r *http.Request) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	writeJSON(w, http.StatusOK, gameInfo{Code: ge.code, Title: ge.title, Scenario: ge.g.Scenario().ID, Seats: ge.seats(), Status: ge.status()})
}

// joinResponse is the answer to POST /api/games/{code}/join.
type joinResponse struct {
	Seat string `json:"seat"`
	Name string `json:"name"`
}

// POST /api/games/{code}/join: a student takes a seat (a browser that has
// one already moves to the new seat, or changes its name).
func (s *Server) join(w http.ResponseWriter, r *http.Request) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := decodeJoin(body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	seats := ge.g.Seats()
	if !slices.Contains(seats, req.Seat) {
		s.writeError(w, r, inputErrorf("seat", "%q is not a seat of this game; seats: %s", clip(req.Seat, maxID), strings.Join(seats, ", ")))
		return
	}
	var tok string
	var hash TokenHash
	if c, err := r.Cookie(seatCookie + ge.code); err == nil && c.Value != "" {
		ge.pmu.RLock()
		known := ge.players[hashToken(c.Value)] != nil
		ge.pmu.RUnlock()
		if known {
			tok, hash = c.Value, hashToken(c.Value)
		}
	}
	ge.mu.Lock() // one join (or command) of the game at a time
	ge.pmu.RLock()
	n, ns := len(ge.order), 0
	for _, p := range ge.order {
		if p.state == req.Seat {
			ns++
		}
	}
	ge.pmu.RUnlock()
	switch {
	case tok != "":
	case n >= maxPlayers:
		err = errorf(http.StatusConflict, "seat", "game %s has %d players: no more can join", ge.code, n)
	case ns >= maxSeatPlayers:
		err = errorf(http.StatusConflict, "seat", "%s has %d players: choose another delegation", req.Seat, ns)
	default:
		tok, hash = newToken()
	}
	if err == nil {
		err = s.st.SetPlayer(ge.code, req.Seat, req.Name, hash)
	}
	if err == nil {
		ge.setPlayer(hash, req.Seat, req.Name)
		ge.hub.joined()
	}
	ge.mu.Unlock()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setCookie(w, r, seatCookie+ge.code, tok)
	writeJSON(w, http.StatusOK, joinResponse{Seat: req.Seat, Name: req.Name})
}

// GET /api/games/{code}/me: the seat's view.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	p, err := ge.player(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ge.pmu.RLock()
	state := p.state
	ge.pmu.RUnlock()
	v, err := ge.g.SeatView(state)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// versionResponse is the answer to a command.
type versionResponse struct {
	Version int `json:"version"`
}

// POST /api/games/{code}/moves: a student's move, for the seat of the
// cookie.
func (s *Server) move(w http.ResponseWriter, r *http.Request) {
	s.postCommand(w, r, func(ge *gameEntry) (func(*Command) error, error) {
		p, err := ge.player(r)
		if err != nil {
			return nil, err
		}
		return func(c *Command) error {
			ge.pmu.RLock()
			seat := p.state
			ge.pmu.RUnlock()
			switch {
			case IsHostKind(c.Kind):
				return errorf(http.StatusForbidden, "kind", "%s is the host's action: only the host's page can do it", c.Kind)
			case c.Seat != "" && c.Seat != seat:
				return errorf(http.StatusForbidden, "seat", "this browser plays %s, not %s", seat, clip(c.Seat, maxID))
			}
			c.Seat = seat
			return nil
		}, nil
	})
}

// POST /api/games/{code}/host: the host's action.
func (s *Server) hostAction(w http.ResponseWriter, r *http.Request) {
	s.postCommand(w, r, func(ge *gameEntry) (func(*Command) error, error) {
		if err := ge.isHost(r); err != nil {
			return nil, err
		}
		return func(c *Command) error {
			if !IsHostKind(c.Kind) {
				return inputErrorf("kind", "%s is a delegation's move; the host's actions: %s", c.Kind, strings.Join(hostKinds, ", "))
			}
			return nil
		}, nil
	})
}

// postCommand answers the POST of a command to a game. admit checks who
// sends it, before the body is read (a request without the right cookie is
// refused whatever it carries), and returns how to check and complete the
// decoded command for that sender; the command is then committed.
func (s *Server) postCommand(w http.ResponseWriter, r *http.Request, admit func(*gameEntry) (func(*Command) error, error)) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	complete, err := admit(ge)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := decodeCommand(body)
	if err == nil {
		err = complete(&c)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.commit(ge, c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, versionResponse{Version: v})
}

// GET /api/games/{code}/live: the projector's view, with the players.
func (s *Server) liveView(w http.ResponseWriter, r *http.Request) {
	ge := s.game(w, r)
	if ge == nil {
		return
	}
	version := ge.g.Version()
	v, err := ge.live.get(ge.hostVersion(version), func() (LiveView, int, error) {
		lv := ge.g.Live()
		return lv, ge.hostVersion(lv.Status.Version), nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v.Status.Version = max(v.Status.Version, version)
	v.Seats = ge.seats() // a copy: the cached view is shared
	writeJSON(w, http.StatusOK, v)
}
