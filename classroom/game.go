package classroom

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/report"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// Setup is what a game is made from; stored with the game.
type Setup struct {
	Scenario string   `json:"scenario"`       // shipped name (e.g. "toy", "ahc") or "" when Text is given
	Text     []byte   `json:"text,omitempty"` // an uploaded scenario's TOML
	Seed     uint64   `json:"seed"`           // 0: the scenario's own seed
	Seats    []string `json:"seats"`          // state ids students may take (at least 1)
}

// Command is one move of a student or one action of the host, as the log
// stores it. Every field is optional but Kind; which fields a kind needs
// is said by the Kind constants.
type Command struct {
	Kind    string `json:"kind"`
	Seat    string `json:"seat,omitempty"` // the state a student move is for (set by the server from the cookie, never from the body)
	Clause  string `json:"clause,omitempty"`
	Option  string `json:"option,omitempty"`
	Partner string `json:"partner,omitempty"` // offer: the other state (human seat or agent)
	Give    string `json:"give,omitempty"`    // offer: the clause on which Seat moves to Partner's demand
	Get     string `json:"get,omitempty"`     // offer: the clause on which Partner moves to Seat's demand
	Offer   int    `json:"offer,omitempty"`   // accept/decline: the id of a pending offer (OfferView.ID)
	Motion  string `json:"motion,omitempty"`  // vote: the motion id (UpcomingVote.Motion)
	Vote    string `json:"vote,omitempty"`    // vote: yes | no | abstain
	Object  bool   `json:"object,omitempty"`  // object: true to object formally at adoption, false to withdraw
	Event   string `json:"event,omitempty"`   // fire: a scripted event id of the current session
}

// The kinds of command. A student's moves carry Seat; the host's actions
// must not.
const (
	KindPropose = "propose" // Clause, Option: table a wording; the state insists on it for the session
	KindSupport = "support" // Clause, Option: set the state's demand (the deletion option opposes the clause)
	KindOffer   = "offer"   // Partner, Give, Get: offer an exchange
	KindAccept  = "accept"  // Offer: accept an offer made to the seat by another student
	KindDecline = "decline" // Offer: decline it
	KindVote    = "vote"    // Motion, Vote: the seat's vote on a motion of the next round
	KindObject  = "object"  // Object: object formally to the package at adoption (or withdraw)

	KindStart      = "start"       // the game begins
	KindStep       = "step"        // play the next round
	KindEndSession = "end_session" // step until the session changes or the game is done
	KindFinish     = "finish"      // hand every seat back to its agent and step to the end
	KindFire       = "fire"        // Event: a scripted event of the current session happens at the start of the next round
)

var (
	studentKinds = []string{KindPropose, KindSupport, KindOffer, KindAccept, KindDecline, KindVote, KindObject}
	hostKinds    = []string{KindStart, KindStep, KindEndSession, KindFinish, KindFire}
)

// IsHostKind reports whether kind is one of the host's actions.
func IsHostKind(kind string) bool { return slices.Contains(hostKinds, kind) }

// InputError is an error caused by a user's input: Field names what is at
// fault, Msg says why and names the allowed values.
type InputError struct{ Field, Msg string }

func (e *InputError) Error() string { return e.Field + ": " + e.Msg }

// TurnField is the Field of an InputError for a command given at the
// wrong time (a move before the start or after the end, a step after the
// end): an HTTP server answers it with 409 Conflict rather than 400.
const TurnField = "turn"

// OutOfTurn reports whether the error is about the time of a command
// rather than its content (Field is TurnField).
func (e *InputError) OutOfTurn() bool { return e.Field == TurnField }

func inputErrorf(field, format string, a ...any) *InputError {
	return &InputError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

func turnErrorf(format string, a ...any) *InputError { return inputErrorf(TurnField, format, a...) }

// Game is a class's game: a run of a scenario in which students play some
// delegations. It is safe for concurrent use.
type Game struct {
	mu sync.Mutex

	setup Setup
	sc    *scenarios.Scenario
	seed  uint64
	e     *sim.Engine
	rec   *results.Record
	out   *sim.Outcome

	seats    []*seat // in the order of Setup.Seats
	seatOf   []*seat // per state: its seat, or nil
	started  bool
	finished bool // the host handed the seats back to their agents
	version  int
	log      []Command

	offers []*offer
	making *offer   // the offer being made (during Engine.OfferTrade)
	lines  []string // the narrative so far, the latest last (at most maxLines)

	// Caches, valid while the version holds (coalitions) or once the game
	// is over (debrief, files).
	coalVersion int
	coalitions  []CoalitionView
	debrief     *Debrief
	debriefRuns int
	files       results.Files
}

// maxLines is how much of the narrative a game keeps for the live view.
const maxLines = 200

// maxQueued is how many moves a seat may queue for a round.
const maxQueued = 50

// NewGame makes a game: it reads the scenario (a shipped one by name, or
// Text, which wins when both are given), checks the seats and draws the
// run (sim.RunRNG(seed, 0)). Nothing is played before the host's start.
// Its errors are *InputError.
func NewGame(s Setup) (*Game, error) {
	var sc *scenarios.Scenario
	var err error
	switch {
	case len(s.Text) > 0:
		name := s.Scenario
		if name == "" {
			name = "uploaded scenario"
		}
		if sc, err = scenarios.Parse(name, s.Text); err != nil {
			return nil, inputErrorf("text", "%v", err)
		}
	case s.Scenario == "":
		return nil, inputErrorf("scenario", "choose a shipped scenario (%s) or upload one", strings.Join(scenarios.ShippedNames(), ", "))
	default:
		if !slices.Contains(scenarios.ShippedNames(), s.Scenario) {
			return nil, inputErrorf("scenario", "no shipped scenario %q; shipped: %s", s.Scenario, strings.Join(scenarios.ShippedNames(), ", "))
		}
		if sc, err = scenarios.LoadShipped(s.Scenario); err != nil {
			return nil, inputErrorf("scenario", "%v", err)
		}
	}
	if len(s.Seats) == 0 {
		return nil, inputErrorf("seats", "choose at least one state for the students; states: %s", stateList(sc))
	}
	g := &Game{
		setup: Setup{Scenario: s.Scenario, Text: slices.Clone(s.Text), Seed: s.Seed, Seats: slices.Clone(s.Seats)},
		sc:    sc, seed: s.Seed, e: sim.New(sc), seatOf: make([]*seat, len(sc.States)), coalVersion: -1,
	}
	if g.seed == 0 {
		g.seed = sc.Seed
	}
	for _, id := range s.Seats {
		i := sc.StateIndex(id)
		switch {
		case i < 0:
			return nil, inputErrorf("seats", "no state %q in %s; states: %s", id, sc.ID, stateList(sc))
		case g.seatOf[i] != nil:
			return nil, inputErrorf("seats", "%s is named twice", id)
		}
		st := &seat{g: g, id: id, idx: i}
		g.seats = append(g.seats, st)
		g.seatOf[i] = st
		g.e.Play(i, st)
	}
	g.rec = results.NewRecord(sc, g.seed)
	g.out = sim.NewOutcome(sc)
	g.e.Start(sim.RunRNG(g.seed, 0), &liveRecorder{Record: g.rec, g: g}, g.out)
	return g, nil
}

// Replay makes the game of Setup s and applies the commands of log in
// order: the same state as the game that logged them, exactly.
func Replay(s Setup, log []Command) (*Game, error) {
	g, err := NewGame(s)
	if err != nil {
		return nil, err
	}
	for k, c := range log {
		if err := g.Apply(c); err != nil {
			return nil, fmt.Errorf("replay: command %d (%s): %w", k+1, c.Kind, err)
		}
	}
	return g, nil
}

// Version is the number of commands applied: it increments with every one.
func (g *Game) Version() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.version
}

// Done reports whether the negotiation is over.
func (g *Game) Done() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.e.Done()
}

// Started reports whether the host has started the negotiation.
func (g *Game) Started() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.started
}

// Scenario returns the game's scenario (not to be modified).
func (g *Game) Scenario() *scenarios.Scenario { return g.sc }

// Seats returns the states students may take, in the order of the Setup.
func (g *Game) Seats() []string { return slices.Clone(g.setup.Seats) }

// Setup returns what the game was made from.
func (g *Game) Setup() Setup {
	s := g.setup
	s.Text, s.Seats = slices.Clone(s.Text), slices.Clone(s.Seats)
	return s
}

// Seed returns the master seed of the game's run (the scenario's when the
// Setup gave none).
func (g *Game) Seed() uint64 { return g.seed }

// Log returns the commands applied so far, in order.
func (g *Game) Log() []Command {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.log)
}

// Check reports whether Apply would accept c now: nil, or an *InputError.
// It changes nothing.
func (g *Game) Check(c Command) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, err := g.check(c); err != nil {
		return err
	}
	return nil // not the nil *InputError: a nil error
}

// Apply checks c and applies it: a rejected command changes nothing, an
// accepted one is logged and increments the version.
func (g *Game) Apply(c Command) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	m, err := g.check(c)
	if err != nil {
		return err
	}
	g.apply(c, m)
	g.log = append(g.log, c)
	g.version++
	return nil
}

// apply applies a checked command.
func (g *Game) apply(c Command, m move) {
	e := g.e
	switch c.Kind {
	case KindPropose, KindSupport:
		m.seat.queue = append(m.seat.queue, queued{cmd: c, clause: m.clause, option: m.option})
	case KindOffer:
		o := &offer{id: len(g.offers) + 1, from: m.seat.idx, to: m.partner, give: m.give, get: m.get, state: offerPending}
		g.offers = append(g.offers, o)
		cmd := c
		cmd.Offer = o.id
		m.seat.queue = append(m.seat.queue, queued{cmd: cmd, offer: o})
		if to := g.seatOf[o.to]; to != nil {
			o.note = "waiting for " + g.sc.States[o.to].Name + " to accept or decline"
			to.notef("%s offers an exchange (offer %d): %s", g.sc.States[o.from].Name, o.id, g.describeOffer(o))
		} else {
			o.note = "to be put to " + g.sc.States[o.to].Name + " in the next round"
		}
	case KindAccept:
		m.offer.state, m.offer.note = offerAccepted, "accepted; the exchange is made in the next round"
		g.seatOf[m.offer.from].notef("%s accepts your offer %d: the exchange is made in the next round", g.sc.States[m.seat.idx].Name, m.offer.id)
	case KindDecline:
		m.offer.state, m.offer.note = offerDeclined, "declined by "+g.sc.States[m.seat.idx].Name
		g.seatOf[m.offer.from].notef("%s declines your offer %d", g.sc.States[m.seat.idx].Name, m.offer.id)
	case KindVote:
		m.seat.castVote(c.Motion, m.vote)
	case KindObject:
		m.seat.objecting = c.Object
	case KindStart:
		g.started = true
		g.line(-1, 0, "The negotiation opens.")
	case KindStep:
		g.step()
	case KindEndSession:
		for s := e.Session(); !e.Done() && e.Session() == s; {
			g.step()
		}
	case KindFinish:
		for _, st := range g.seats {
			e.Play(st.idx, nil)
			st.queue = nil
		}
		g.finished = true
		g.line(e.Session(), e.Round(), "The host hands every delegation back to its agent.")
		for !e.Done() {
			g.step()
		}
	case KindFire:
		ev := &g.sc.Sessions[e.Session()].Events[m.event]
		_ = e.FireNext(m.event) // checked: an event of the session still to happen
		g.line(e.Session(), e.Round(), "The host brings forward: "+eventLabel(g.sc, ev)+".")
	}
}

// step plays the next round. The votes cast were for it: they go.
func (g *Game) step() {
	g.e.Step()
	for _, st := range g.seats {
		st.votes = st.votes[:0]
	}
}

// Results returns the results folder of the game, the files treatysim run
// writes for a single run (summary.json, scenario.json, the CSVs, the
// plots and report.html), from a replay of the game with a fresh
// results.Record. It is available once the game is over.
func (g *Game) Results() (results.Files, error) {
	g.mu.Lock()
	done, setup, log, cached := g.e.Done(), g.setup, slices.Clone(g.log), g.files
	g.mu.Unlock()
	if !done {
		return nil, turnErrorf("the negotiation is not over yet")
	}
	if cached != nil {
		return maps.Clone(cached), nil
	}
	r, err := Replay(setup, log)
	if err != nil {
		return nil, err
	}
	files, err := r.rec.Files()
	if err != nil {
		return nil, err
	}
	d, err := results.ParseRun(files)
	if err != nil {
		return nil, err
	}
	plots, err := report.PlotsAndReport(d, report.PlotOptions{})
	if err != nil {
		return nil, err
	}
	maps.Copy(files, plots)
	g.mu.Lock()
	g.files = files
	g.mu.Unlock()
	return maps.Clone(files), nil
}
