package sim

import (
	"fmt"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
)

// A Player plays a delegation from outside the engine: a student in a
// classroom game, or a script in a test. The engine calls it where the
// delegation's agent would decide, and it answers through the engine's
// methods (Propose, Support, OfferTrade) or its return values. The engine
// is read-only to a Player except through those methods, and only while
// it is being called.
type Player interface {
	// Act is called in every round of a session with an agenda, after the
	// scripted events and before the chair revises the text: the state
	// may table proposals (Propose) and set its demands (Support). Its
	// demands otherwise stay where it last set them: the agents neither
	// concede nor socialise them for it.
	Act(e *Engine, state int)
	// Accept answers an exchange offered to the state (by an agent or by
	// another player): the state moves as the trade says if it accepts.
	Accept(e *Engine, state int, t agents.Trade) bool
	// Object says whether the state objects formally to the package put
	// for adoption.
	Object(e *Engine, state int) bool
	// Vote casts the state's vote on the motion in progress (Motion).
	Vote(e *Engine, state int) agents.Vote
}

// Motion is a motion put to a vote.
type Motion struct {
	ID, Label string
	Package   bool                   // the package against no treaty
	Mandate   bool                   // a mandate to negotiate: no text is at stake
	Amendment scenarios.ClauseOption // otherwise: this clause to this option
	Movers    []int                  // the states that moved it (none: the chair)
}

// Motion returns the motion being voted on (valid during Player.Vote).
func (e *Engine) Motion() Motion { return e.motion }

// Play makes pl play state i; a nil pl hands the state back to its
// agent. It takes effect at once, so that a state can also be taken over
// or handed back between two steps of a run, and lasts over the next
// Starts.
func (e *Engine) Play(i int, pl Player) {
	e.players[i] = pl
	e.pop.Controlled[i] = pl != nil
	e.playing = false
	for _, p := range e.players {
		e.playing = e.playing || p != nil
	}
}

// AgentVote returns the ballot state i's agent casts on the motion in
// progress. It is valid while Player.Vote is called for state i: a player
// that leaves a vote to its agent returns it.
func (e *Engine) AgentVote(i int) agents.Vote { return e.votes[i] }

// FireNext makes event k of the current session (the session in play, or
// the next one to open between sessions) happen at the start of the next
// round instead of its scheduled one: a chair who tables a text early, a
// vote called sooner. It reports an error when the run is over, when the
// session has no event k, or when the event has happened already.
func (e *Engine) FireNext(k int) error {
	switch {
	case e.done:
		return fmt.Errorf("the run is over")
	case k < 0 || k >= len(e.sc.Sessions[e.session].Events):
		return fmt.Errorf("session %s has no event %d", e.sc.Sessions[e.session].ID, k)
	case e.EventRound(k) <= e.round:
		return fmt.Errorf("event %d of session %s has happened already", k, e.sc.Sessions[e.session].ID)
	}
	e.early[k] = e.round + 1
	return nil
}

// EventRound returns the round of the current session at whose start its
// event k happens: the round the script gives it, or the one FireNext
// moved it to.
func (e *Engine) EventRound(k int) int {
	if r := e.early[k]; r > 0 {
		return r
	}
	return e.sc.Sessions[e.session].Events[k].Round
}

// playersAct lets every player act in this round.
func (e *Engine) playersAct() {
	for i, pl := range e.players {
		if pl != nil && e.pop.Present[i] {
			pl.Act(e, i)
		}
	}
}

// Propose tables option o of clause c for state i, as a table event
// would: the state insists on it for the rest of the session, and a clause
// out of the text comes back in brackets.
func (e *Engine) Propose(i, c, o int) error {
	if err := e.checkMove(i, c, o); err != nil {
		return err
	}
	v := e.sc.Clauses[c].Options[o].Value
	e.pop.PinDemand(i, c, v)
	e.pop.Demand[i*e.pop.M+c] = v
	if !e.inText(c) && o != e.sc.Clauses[c].Deletion {
		draft := e.text.Chair[c]
		e.insert(scenarios.ClauseOption{Clause: c, Option: o})
		e.text.Chair[c] = draft
	}
	return nil
}

// Support sets state i's demand on clause c to option o: what it asks for
// at the table (supporting a wording, or opposing the clause by
// supporting its deletion).
func (e *Engine) Support(i, c, o int) error {
	if err := e.checkMove(i, c, o); err != nil {
		return err
	}
	e.pop.Demand[i*e.pop.M+c] = e.sc.Clauses[c].Options[o].Value
	return nil
}

// OfferTrade offers, for state i, to move its demand on clause give to
// partner's demand, if partner moves on clause get to i's demand. An
// agent partner accepts when the trade gains it something in the
// exchange model's terms; a played partner is asked. It reports whether
// the trade was made.
func (e *Engine) OfferTrade(i, partner, give, get int) (bool, error) {
	if err := e.checkMove(i, give, 0); err != nil {
		return false, err
	}
	if err := e.checkMove(partner, get, 0); err != nil {
		return false, err
	}
	p, m := e.pop, e.pop.M
	e.weigh(p.Demand, true)
	if e.den[give] == 0 || e.den[get] == 0 {
		return false, nil
	}
	t := agents.Trade{A: i, B: partner, GroupA: -1, GroupB: -1,
		ClauseA: get, FromA: p.Demand[partner*m+get], ToA: p.Demand[i*m+get],
		ClauseB: give, FromB: p.Demand[i*m+give], ToB: p.Demand[partner*m+give]}
	// The partner's gain: the outcome moves toward it on give, away on get.
	effGive := p.Capability[i] * p.Salience[i*m+give] / e.den[give]
	effGet := p.Capability[partner] * p.Salience[partner*m+get] / e.den[get]
	t.GainB = p.Salience[partner*m+give]*effGive*abs(t.ToB-t.FromB) - p.Salience[partner*m+get]*effGet*abs(t.ToA-t.FromA)
	t.GainA = p.Salience[i*m+get]*effGet*abs(t.ToA-t.FromA) - p.Salience[i*m+give]*effGive*abs(t.ToB-t.FromB)
	if pl := e.players[partner]; pl != nil {
		if !pl.Accept(e, partner, t) {
			return false, nil
		}
	} else if !(t.GainB > 0) {
		return false, nil
	}
	p.Promise(partner, get, t.ToA)
	p.Promise(i, give, t.ToB)
	e.out.Trades++
	if e.rec != nil {
		e.rec.Trade(e, TradeRecord{Session: e.session, Round: e.round, Trade: t})
	}
	return true, nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// checkMove reports a move that names no present state, no clause or no
// option of it.
func (e *Engine) checkMove(i, c, o int) error {
	switch {
	case i < 0 || i >= e.pop.N || !e.pop.Present[i]:
		return fmt.Errorf("state %d is not in the room", i)
	case c < 0 || c >= len(e.sc.Clauses):
		return fmt.Errorf("no clause %d", c)
	case o < 0 || o >= len(e.sc.Clauses[c].Options):
		return fmt.Errorf("clause %s has no option %d", e.sc.Clauses[c].ID, o)
	}
	return nil
}
