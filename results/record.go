package results

import (
	"slices"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// TextRow is the status of one clause of the negotiating text after a
// round (round 0: as the session opened).
type TextRow struct {
	Session string
	Round   int
	Clause  string
	Option  string
	Status  string
}

// PositionRow is one state's stand on one clause on the agenda after a
// round: its demand at the table (Position), its preference after
// socialisation (Preference) and its raw salience as drawn for the run and
// changed by events (Salience; NaN when read from a folder written before
// it was recorded).
type PositionRow struct {
	Session    string
	Round      int
	State      string
	Clause     string
	Position   float64
	Preference float64
	Salience   float64
}

// VoteRow is one state's vote on one motion. CrossPressure marks an
// abstention under cross-pressure: the state's interest and its alignment
// pulled its vote apart.
type VoteRow struct {
	Session       string
	Motion        string
	State         string
	Vote          string
	CrossPressure bool
}

// MotionRow summarises one recorded vote; CrossPressured counts the
// abstentions under cross-pressure.
type MotionRow struct {
	Session, Motion, Label string
	Round                  int
	Passed                 bool
	Yes, No, Abstain       int
	CrossPressured         int
}

// Record is the full record of one run; it implements sim.Recorder.
type Record struct {
	Scenario  *scenarios.Scenario
	Seed      uint64
	Run       uint64 // the run's index in its Monte Carlo (0 for a single run)
	Text      []TextRow
	Positions []PositionRow
	Votes     []VoteRow
	Motions   []MotionRow
	Notes     []sim.Note
	Trades    []sim.TradeRecord // exchanges: logrolls and purchases
	Held      []int             // sessions held, in order
	Views     []SessionView     // the room at the end of each session held

	// RoundCoalitions asks for coalitions after every round as well
	// (coalition-rounds.csv); RoundViews then holds the room after each
	// round with an agenda.
	RoundCoalitions bool
	RoundViews      []SessionView
	roundOf         []int // per round view: its round
	Outcome         *sim.Outcome

	pendingVotes [][]agents.Vote // votes of the session in progress
}

// NewRecord returns an empty record for a run of sc with the given seed.
func NewRecord(sc *scenarios.Scenario, seed uint64) *Record {
	return &Record{Scenario: sc, Seed: seed}
}

func (r *Record) sessionID(s int) string { return r.Scenario.Sessions[s].ID }

// SessionStart implements sim.Recorder.
func (r *Record) SessionStart(e *sim.Engine, s int) {
	r.Held = append(r.Held, s)
	r.text(e, s, 0)
}

// Round implements sim.Recorder.
func (r *Record) Round(e *sim.Engine, s, round int) {
	r.text(e, s, round)
	sc, p := r.Scenario, e.Population()
	agenda := SessionAgenda(sc, s)
	if r.RoundCoalitions && slices.Contains(agenda, true) {
		r.RoundViews = append(r.RoundViews, SessionView{Session: s, Pos: slices.Clone(p.Demand),
			Salience: slices.Clone(p.Salience), Present: slices.Clone(p.Present), Agenda: agenda})
		r.roundOf = append(r.roundOf, round)
	}
	for i, st := range sc.States {
		if !p.Present[i] {
			continue
		}
		for c, cl := range sc.Clauses {
			if !agenda[c] {
				continue
			}
			k := i*p.M + c
			r.Positions = append(r.Positions, PositionRow{Session: r.sessionID(s), Round: round,
				State: st.ID, Clause: cl.ID, Position: p.Demand[k], Preference: p.Pos[k], Salience: p.Salience[k]})
		}
	}
}

func (r *Record) text(e *sim.Engine, s, round int) {
	t := e.Text()
	for c, cl := range r.Scenario.Clauses {
		r.Text = append(r.Text, TextRow{Session: r.sessionID(s), Round: round, Clause: cl.ID,
			Option: cl.Options[t.Option[c]].ID, Status: t.Status[c].String()})
	}
}

// Note implements sim.Recorder.
func (r *Record) Note(n sim.Note) { r.Notes = append(r.Notes, n) }

// Vote implements sim.Recorder.
func (r *Record) Vote(e *sim.Engine, v sim.VoteRecord) {
	for i, st := range r.Scenario.States {
		r.Votes = append(r.Votes, VoteRow{Session: r.sessionID(v.Session), Motion: v.Motion, State: st.ID,
			Vote: v.Votes[i].String(), CrossPressure: i < len(v.Torn) && v.Torn[i]})
	}
	r.pendingVotes = append(r.pendingVotes, slices.Clone(v.Votes))
	r.Motions = append(r.Motions, MotionRow{Session: r.sessionID(v.Session), Motion: v.Motion, Label: v.Label,
		Round: v.Round, Passed: v.Passed, Yes: v.Yes, No: v.No, Abstain: v.Abstain, CrossPressured: v.CrossPressured})
}

// Trade implements sim.Recorder.
func (r *Record) Trade(e *sim.Engine, t sim.TradeRecord) { r.Trades = append(r.Trades, t) }

// SessionEnd implements sim.Recorder. The view holds the demands, what
// the states ask for at the table, not their preferences: demands move with
// concession and exchange, so coalitions form and drift as the negotiation
// moves (the Monte Carlo views in sim copy the demands too).
func (r *Record) SessionEnd(e *sim.Engine, s int, adopted bool) {
	p := e.Population()
	v := SessionView{Session: s, Pos: slices.Clone(p.Demand), Salience: slices.Clone(p.Salience),
		Present: slices.Clone(p.Present), Agenda: SessionAgenda(r.Scenario, s), Votes: r.pendingVotes}
	r.pendingVotes = nil
	r.Views = append(r.Views, v)
}

// End implements sim.Recorder.
func (r *Record) End(e *sim.Engine, out *sim.Outcome) {
	o := *out
	o.FinalOption = append([]int(nil), out.FinalOption...)
	o.FinalValue = append([]float64(nil), out.FinalValue...)
	o.Survived = append([]bool(nil), out.Survived...)
	o.Satisfaction = append([]float64(nil), out.Satisfaction...)
	o.Votes = make([]sim.VoteResult, len(out.Votes))
	for k, v := range out.Votes {
		o.Votes[k] = v
		o.Votes[k].Votes = append([]agents.Vote(nil), v.Votes...)
	}
	r.Outcome = &o
}

// SessionAgenda reports, per clause, whether session s has it on its
// agenda.
func SessionAgenda(sc *scenarios.Scenario, s int) []bool {
	agenda := make([]bool, len(sc.Clauses))
	for c, cl := range sc.Clauses {
		for _, a := range sc.Sessions[s].Agenda {
			if cl.Cluster == a {
				agenda[c] = true
			}
		}
	}
	return agenda
}

var _ sim.Recorder = (*Record)(nil)
