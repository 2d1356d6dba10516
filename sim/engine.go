package sim

import (
	"math/rand/v2"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
)

// Status is the state of a clause in the negotiating text.
type Status uint8

// The statuses of a clause.
const (
	Bracketed Status = iota // under negotiation
	Agreed                  // agreed ad referendum at a session's end; may be reopened
	Dropped                 // left out by the chair's draft (or deleted by a vote)
)

var statusNames = [...]string{"bracketed", "agreed", "dropped"}

func (s Status) String() string { return statusNames[s] }

// Text is the chair's single negotiating text.
type Text struct {
	Option []int     // per clause: the option in the text
	Value  []float64 // per clause: that option's value on the clause's scale
	Chair  []float64 // per clause: where the chair's draft stands between options
	Status []Status
}

// Outcome is what a run produced.
type Outcome struct {
	Adopted        bool
	DecidedSession int       // index of the session that adopted the treaty, or -1
	ByVote         bool      // adopted by a vote rather than by consensus
	FinalOption    []int     // per clause: the option in the final text
	FinalValue     []float64 // per clause: the final text's value on the clause's scale
	Survived       []bool    // per clause: in the adopted treaty, other than deleted
	Satisfaction   []float64 // per state: utility of the final text
	Trades         int       // exchanges made (logrolls and purchases)

	// Votes holds per scripted vote (ScriptedVotes: the events of kind
	// vote, in script order) whether it was held, whether it passed and
	// every state's vote. NewOutcome allocates it (else the first run that
	// uses the Outcome does); every run resets it at its start.
	Votes []VoteResult

	// Views of the room at the end of each session, kept only when the
	// engine's KeepViews is set (for coalition statistics over runs):
	// Held says which sessions were held; for those, the demands and
	// saliences (state*clause) and who was present.
	Held         []bool
	ViewPos      [][]float64
	ViewSalience [][]float64
	ViewPresent  [][]bool
}

// keepView copies the room at the end of session s into out, allocating
// the views once, on the first run.
func (out *Outcome) keepView(s int, p *agents.Population, sessions int) {
	if out.Held == nil {
		out.Held = make([]bool, sessions)
		out.ViewPos = make([][]float64, sessions)
		out.ViewSalience = make([][]float64, sessions)
		out.ViewPresent = make([][]bool, sessions)
		for k := range sessions {
			out.ViewPos[k] = make([]float64, len(p.Demand))
			out.ViewSalience[k] = make([]float64, len(p.Salience))
			out.ViewPresent[k] = make([]bool, len(p.Present))
		}
	}
	out.Held[s] = true
	copy(out.ViewPos[s], p.Demand)
	copy(out.ViewSalience[s], p.Salience)
	copy(out.ViewPresent[s], p.Present)
}

// Engine runs a scenario's session script. It is built once per scenario
// and reused across runs; a run allocates nothing in steady state when no
// Recorder is given. An Engine is not safe for concurrent use: give each
// worker its own.
//
// A run can be played whole (Run) or a round at a time (Start, then Step
// until it reports the end), reading the text and the room between rounds
// and letting Players act for some delegations.
type Engine struct {
	// KeepViews makes Run keep the room at the end of each session in the
	// Outcome (Outcome.ViewPos and the rest), for coalition statistics.
	KeepViews bool

	sc  *scenarios.Scenario
	pop *agents.Population
	rec Recorder
	rng *rand.Rand
	out *Outcome

	text      Text
	agenda    []bool
	eligible  []bool    // scratch: clauses open to exchange this round
	trial     []float64 // scratch text for motions
	ref       []float64 // per clause: the room's compromise of preferences
	outcome   []float64 // per clause: the expected outcome (compromise of demands)
	votes     []agents.Vote
	torn      []bool // per state: abstained from cross-pressure in the last vote
	objects   []bool
	crossedBy []bool    // per state: a red line is crossed (poll)
	short     []float64 // per state: its shortfall (poll)
	held      []bool    // per session: conditional session triggered
	session   int
	round     int
	tau, tau0 float64 // deadline pressure now, and at the session's opening
	reconvene int     // conditional session to hold if this one fails, or -1
	done      bool
	roomMoved bool // an event changed preferences, weights or presence this session

	trades []agents.Trade // this round's exchanges
	offers []offer        // incentives on offer (budgets left)

	players []Player // per state: played from outside, or nil
	playing bool     // some state is played from outside this run
	motion  Motion   // the motion being voted on
	accept  func(agents.Trade) bool

	// Options of every clause as flat rows, for nearest: the values of
	// clause c's options are optValue[optStart[c]:optStart[c+1]].
	optValue []float64
	optStart []int

	// Per-clause scratch of the chair (chair.go, draft.go).
	num, den []float64 // weighted sums over states (weigh)
	against  []float64 // weight of the states against the text
	delValue []float64 // value of the deletion option
	lo, hi   []float64 // settle: the values whose nearest option is the text's
	from     []int     // option before the chair's move
	opposed  []bool    // inclusion opposed beyond the blocking share
	crossed  []bool    // a red line is crossed

	clauses []int // scratch list of clauses, capacity M
	present []int // scratch list of the present states, capacity N

	scripted []ScriptedVote // the scripted votes, in script order
	voteOf   [][]int        // per session, per event: its index in scripted, or -1
	early    []int          // per event of the current session: the round FireNext moved it to, or 0
}

// offer is an incentive on the table: a sponsor with a budget left and
// the states it may pay.
type offer struct {
	sponsors, targets []int
	budget            float64
}

// New builds an Engine for the scenario.
func New(sc *scenarios.Scenario) *Engine {
	m, n := len(sc.Clauses), len(sc.States)
	e := &Engine{
		sc:  sc,
		pop: agents.New(sc),
		text: Text{Option: make([]int, m), Value: make([]float64, m), Chair: make([]float64, m),
			Status: make([]Status, m)},
		agenda:    make([]bool, m),
		eligible:  make([]bool, m),
		trial:     make([]float64, m),
		ref:       make([]float64, m),
		outcome:   make([]float64, m),
		votes:     make([]agents.Vote, n),
		torn:      make([]bool, n),
		objects:   make([]bool, n),
		crossedBy: make([]bool, n),
		short:     make([]float64, n),
		held:      make([]bool, len(sc.Sessions)),
		optStart:  make([]int, m+1),
		players:   make([]Player, n),

		num: make([]float64, m), den: make([]float64, m), against: make([]float64, m), delValue: make([]float64, m),
		lo: make([]float64, m), hi: make([]float64, m),
		from: make([]int, m), opposed: make([]bool, m), crossed: make([]bool, m),
		clauses: make([]int, 0, m), present: make([]int, 0, n),
	}
	for c := range sc.Clauses {
		e.optStart[c] = len(e.optValue)
		for _, o := range sc.Clauses[c].Options {
			e.optValue = append(e.optValue, o.Value)
		}
	}
	e.optStart[m] = len(e.optValue)
	e.scripted = ScriptedVotes(sc)
	e.voteOf = make([][]int, len(sc.Sessions))
	for s := range sc.Sessions {
		e.voteOf[s] = make([]int, len(sc.Sessions[s].Events))
		for k := range e.voteOf[s] {
			e.voteOf[s][k] = -1
		}
	}
	for v, sv := range e.scripted {
		e.voteOf[sv.Session][sv.Event] = v
	}
	events := 0
	for _, ss := range sc.Sessions {
		events = max(events, len(ss.Events))
	}
	e.early = make([]int, events)
	offers := 0 // the incentives with a budget the script can put on offer
	for _, ss := range sc.Sessions {
		for _, ev := range ss.Events {
			if ev.Kind == scenarios.Incentive && ev.Budget > 0 {
				offers++
			}
		}
	}
	e.offers = make([]offer, 0, offers)
	// A round makes at most one logroll per pair of traders and one
	// purchase per target and offer: room enough never to grow.
	e.trades = make([]agents.Trade, 0, n*(1+cap(e.offers)))
	e.accept = e.acceptTrade
	return e
}

// Scenario returns the scenario the engine runs.
func (e *Engine) Scenario() *scenarios.Scenario { return e.sc }

// Population returns the states of the current run.
func (e *Engine) Population() *agents.Population { return e.pop }

// Text returns the current negotiating text.
func (e *Engine) Text() *Text { return &e.text }

// Tau returns the current deadline pressure.
func (e *Engine) Tau() float64 { return e.tau }

// Session returns the index of the session in play (or last played).
func (e *Engine) Session() int { return e.session }

// Round returns the round last played in the current session (0 before
// its first).
func (e *Engine) Round() int { return e.round }

// Done reports whether the run is over.
func (e *Engine) Done() bool { return e.done }

// NewOutcome allocates an Outcome sized for the scenario (its Votes
// included).
func NewOutcome(sc *scenarios.Scenario) *Outcome {
	out := &Outcome{
		FinalOption:  make([]int, len(sc.Clauses)),
		FinalValue:   make([]float64, len(sc.Clauses)),
		Survived:     make([]bool, len(sc.Clauses)),
		Satisfaction: make([]float64, len(sc.States)),
	}
	out.sizeVotes(sc)
	return out
}

// Run negotiates the scenario once with randomness from rng, reporting to
// rec (which may be nil), and fills out.
func (e *Engine) Run(rng *rand.Rand, rec Recorder, out *Outcome) {
	e.Start(rng, rec, out)
	for e.Step() {
	}
}

// Start begins a run: it draws the run's parameters from rng and puts the
// opening text on the table. Step then plays it a round at a time; out is
// filled when the run ends.
func (e *Engine) Start(rng *rand.Rand, rec Recorder, out *Outcome) {
	e.rng, e.rec, e.out = rng, rec, out
	e.playing = false
	for i, pl := range e.players {
		e.pop.Controlled[i] = pl != nil
		e.playing = e.playing || pl != nil
	}
	e.pop.Reset(rng)
	for c := range e.sc.Clauses {
		e.setOption(c, e.sc.Clauses[c].Opening)
		e.text.Chair[c] = e.text.Value[c]
		e.text.Status[c] = Bracketed
	}
	clear(e.held)
	clear(out.Held)
	e.resetVotes(out)
	e.offers = e.offers[:0]
	e.tau, e.tau0, e.done = 0, 0, false
	out.Adopted, out.DecidedSession, out.ByVote, out.Trades = false, -1, false, 0
	e.session, e.round = -1, 0
	e.nextSession()
}

// Step plays the next round of the run: the round's events and moves and,
// after a session's last round, the session's close (and the decision on
// the package in a concluding session). It reports whether the run goes
// on.
func (e *Engine) Step() bool {
	if e.done {
		return false
	}
	ss := &e.sc.Sessions[e.session]
	if e.round == 0 {
		e.openSession(ss)
	}
	e.round++
	e.playRound(ss)
	if e.round < ss.Rounds {
		return true
	}
	adopted, byVote := e.closeSession(ss)
	if adopted {
		e.out.Adopted, e.out.DecidedSession, e.out.ByVote = true, e.session, byVote
		e.finish()
		return false
	}
	if e.reconvene >= 0 {
		e.held[e.reconvene] = true
	}
	e.nextSession()
	return !e.done
}

// nextSession moves to the next session to hold, or ends the run.
func (e *Engine) nextSession() {
	for s := e.session + 1; s < len(e.sc.Sessions); s++ {
		if e.sc.Sessions[s].Conditional && !e.held[s] {
			continue
		}
		e.session, e.round, e.reconvene = s, 0, -1
		clear(e.early)
		return
	}
	e.finish()
}

// finish fills the outcome and tells the recorder.
func (e *Engine) finish() {
	e.done = true
	out := e.out
	for c := range e.sc.Clauses {
		out.FinalOption[c] = e.text.Option[c]
		out.FinalValue[c] = e.text.Value[c]
		out.Survived[c] = out.Adopted && e.text.Option[c] != e.sc.Clauses[c].Deletion
	}
	for i := range e.sc.States {
		out.Satisfaction[i] = e.pop.Utility(i, e.text.Value)
	}
	if e.rec != nil {
		e.rec.End(e, out)
	}
}

func (e *Engine) setOption(c, o int) {
	e.text.Option[c] = o
	e.text.Value[c] = e.sc.Clauses[c].Options[o].Value
}

// inText reports whether clause c is in the text: not left out, and not at
// its deletion option.
func (e *Engine) inText(c int) bool {
	return e.text.Status[c] != Dropped && e.text.Option[c] != e.sc.Clauses[c].Deletion
}
