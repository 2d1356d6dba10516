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
	Agreed                  // agreed ad referendum at a session's end
	Dropped                 // dropped by the chair (or deleted by a vote)
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

	// Views of the room at the end of each session, kept only when the
	// engine's KeepViews is set (for coalition statistics over runs):
	// Held says which sessions were held; for those, the preferences and
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
			out.ViewPos[k] = make([]float64, len(p.Pos))
			out.ViewSalience[k] = make([]float64, len(p.Salience))
			out.ViewPresent[k] = make([]bool, len(p.Present))
		}
	}
	out.Held[s] = true
	copy(out.ViewPos[s], p.Pos)
	copy(out.ViewSalience[s], p.Salience)
	copy(out.ViewPresent[s], p.Present)
}

// Engine runs a scenario's session script. It is built once per scenario
// and reused across runs; a run allocates nothing when no Recorder is
// given. An Engine is not safe for concurrent use: give each worker its
// own.
type Engine struct {
	// KeepViews makes Run keep the room at the end of each session in the
	// Outcome (Outcome.ViewPos and the rest), for coalition statistics.
	KeepViews bool

	sc  *scenarios.Scenario
	pop *agents.Population
	rec Recorder
	rng *rand.Rand

	text      Text
	agenda    []bool
	saved     []bool    // agenda saved during a redraft
	trial     []float64 // scratch text for motions
	ref       []float64 // per clause: the room's compromise of preferences
	votes     []agents.Vote
	objects   []bool
	crossedBy []bool    // per state: a red line is crossed (poll)
	short     []float64 // per state: its shortfall (poll)
	held      []bool    // per session: conditional session triggered
	session   int
	round     int
	tau       float64
	reconvene int // conditional session to hold if this one fails, or -1

	// Options of every clause as flat rows, for nearest: the values of
	// clause c's options are optValue[optStart[c]:optStart[c+1]].
	optValue []float64
	optStart []int

	// Per-clause scratch of the chair (chair.go).
	num, den    []float64 // weighted sums over states (weigh)
	against     []float64 // weight of the states against the text
	delValue    []float64 // value of the deletion option
	lastDemand  []float64 // settle: the last demand seen...
	lastAgainst []bool    // ...and whether it asks for another option
	from        []int     // option before the chair's move
	opposed     []bool    // inclusion opposed beyond the blocking share
	crossed     []bool    // a red line is crossed

	clauses []int // scratch list of clauses, capacity M
	present []int // scratch list of the present states, capacity N
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
		saved:     make([]bool, m),
		trial:     make([]float64, m),
		ref:       make([]float64, m),
		votes:     make([]agents.Vote, n),
		objects:   make([]bool, n),
		crossedBy: make([]bool, n),
		short:     make([]float64, n),
		held:      make([]bool, len(sc.Sessions)),
		optStart:  make([]int, m+1),

		num: make([]float64, m), den: make([]float64, m), against: make([]float64, m), delValue: make([]float64, m),
		lastDemand: make([]float64, m), lastAgainst: make([]bool, m),
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

// NewOutcome allocates an Outcome sized for the scenario.
func NewOutcome(sc *scenarios.Scenario) *Outcome {
	return &Outcome{
		FinalOption:  make([]int, len(sc.Clauses)),
		FinalValue:   make([]float64, len(sc.Clauses)),
		Survived:     make([]bool, len(sc.Clauses)),
		Satisfaction: make([]float64, len(sc.States)),
	}
}

// Run negotiates the scenario once with randomness from rng, reporting to
// rec (which may be nil), and fills out.
func (e *Engine) Run(rng *rand.Rand, rec Recorder, out *Outcome) {
	e.rng, e.rec = rng, rec
	e.pop.Reset(rng)
	for c := range e.sc.Clauses {
		cl := &e.sc.Clauses[c]
		e.setOption(c, cl.Opening)
		e.text.Chair[c] = e.text.Value[c]
		e.text.Status[c] = Bracketed
	}
	clear(e.held)
	clear(out.Held)
	e.tau = 0
	out.Adopted, out.DecidedSession, out.ByVote = false, -1, false

	for s := range e.sc.Sessions {
		ss := &e.sc.Sessions[s]
		if ss.Conditional && !e.held[s] {
			continue
		}
		e.session, e.reconvene = s, -1
		adopted, byVote := e.runSession(ss)
		if e.KeepViews {
			out.keepView(s, e.pop, len(e.sc.Sessions))
		}
		if adopted {
			out.Adopted, out.DecidedSession, out.ByVote = true, s, byVote
			break
		}
		if e.reconvene >= 0 {
			e.held[e.reconvene] = true
		}
	}

	for c := range e.sc.Clauses {
		out.FinalOption[c] = e.text.Option[c]
		out.FinalValue[c] = e.text.Value[c]
		out.Survived[c] = out.Adopted && e.text.Option[c] != e.sc.Clauses[c].Deletion
	}
	for i := range e.sc.States {
		out.Satisfaction[i] = e.pop.Utility(i, e.text.Value)
	}
	if rec != nil {
		rec.End(e, out)
	}
}

func (e *Engine) setOption(c, o int) {
	e.text.Option[c] = o
	e.text.Value[c] = e.sc.Clauses[c].Options[o].Value
}

// runSession plays one session and reports whether it adopted the treaty.
func (e *Engine) runSession(ss *scenarios.SessionInfo) (adopted, byVote bool) {
	clear(e.agenda)
	for c := range e.sc.Clauses {
		for _, a := range ss.Agenda {
			if e.sc.Clauses[c].Cluster == a {
				e.agenda[c] = true
			}
		}
	}
	e.pop.ClearPins()
	start := e.tau
	if e.rec != nil {
		e.rec.SessionStart(e, e.session)
	}
	for r := 1; r <= ss.Rounds; r++ {
		e.round = r
		e.tau = start + (ss.Pressure-start)*float64(r)/float64(ss.Rounds)
		for k := range ss.Events {
			if ss.Events[k].Round == r {
				e.fire(&ss.Events[k], k)
			}
		}
		if len(ss.Agenda) > 0 {
			e.pop.Socialize(e.agenda)
			e.roomCompromise()
			e.pop.Concede(e.ref, e.agenda, e.tau)
			e.revise(e.sc.Model.ChairStep)
		}
		if e.rec != nil {
			e.rec.Round(e, e.session, r)
		}
	}
	e.tau = ss.Pressure
	e.settle()
	if ss.Concluding {
		adopted, byVote = e.decide()
	}
	if e.rec != nil {
		e.rec.SessionEnd(e, e.session, adopted)
	}
	return adopted, byVote
}
