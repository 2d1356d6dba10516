package sim

import (
	"fmt"
	"math"

	"github.com/treatysim/treatysim/scenarios"
)

// fire applies a scripted event; k is its index in the session.
func (e *Engine) fire(ev *scenarios.EventInfo, k int) {
	p := e.pop
	switch ev.Kind {
	case scenarios.Attitude, scenarios.Leave, scenarios.Join:
		e.roomMoved = true // the room's compromise of preferences is stale
	}
	if e.rec != nil {
		e.note(Note{Kind: NoteEvent, Event: k, States: ev.By, Clause: -1, Text: describe(e.sc, ev)})
	}
	switch ev.Kind {
	case scenarios.Table:
		// The proposers insist on their wording for the rest of the session.
		// A clause out of the text comes back in brackets, but the chair's
		// draft stays where the room was: the proposal survives only if the
		// room's compromise moves toward it.
		for _, co := range ev.Options {
			v := e.sc.Clauses[co.Clause].Options[co.Option].Value
			for _, i := range ev.By {
				p.PinDemand(i, co.Clause, v)
			}
			if e.text.Status[co.Clause] == Dropped || e.text.Option[co.Clause] == e.sc.Clauses[co.Clause].Deletion {
				draft := e.text.Chair[co.Clause]
				e.insert(co)
				e.text.Chair[co.Clause] = draft
			}
		}
	case scenarios.ChairText:
		for _, co := range ev.Options {
			e.insert(co)
			if co.Option == e.sc.Clauses[co.Clause].Deletion {
				e.text.Status[co.Clause] = Dropped
			}
		}
		if ev.Draft != scenarios.NoDraft {
			e.draft(ev.Draft, false)
		}
	case scenarios.Drop:
		for _, c := range ev.Clauses {
			if e.text.Option[c] != e.sc.Clauses[c].Deletion || e.text.Status[c] != Dropped {
				e.drop(c, NoteDrop)
			}
		}
	case scenarios.Insert:
		for _, co := range ev.Options {
			e.insert(co)
		}
	case scenarios.Attitude:
		for _, i := range ev.By {
			p.ClearCommitments(i) // a change of attitude reopens its deals
			if ev.Disposition >= 0 {
				p.SetDisposition(i, scenarios.Disposition(ev.Disposition), e.rng)
			}
			if ev.NoTreaty.IsSet() {
				p.NoTreaty[i] = ev.NoTreaty.Draw(e.rng, 0, 1)
			}
			if ev.Concession.IsSet() {
				p.Beta[i] = ev.Concession.Draw(e.rng, 1e-6, math.Inf(1))
			}
			if ev.Susceptibility.IsSet() {
				p.Lambda[i] = ev.Susceptibility.Draw(e.rng, 0, 1)
			}
			for _, sc := range ev.Stands {
				p.SetStand(i, sc.Clause, drawOrNaN(sc.Ideal, e), drawOrNaN(sc.Salience, e), drawOrNaN(sc.RedLine, e))
			}
		}
	case scenarios.Leave, scenarios.Join:
		for _, i := range ev.By {
			p.Present[i] = ev.Kind == scenarios.Join
		}
	case scenarios.Vote:
		// The motion's id and label are made once, in New (ScriptedVotes),
		// so that a run allocates nothing.
		sv := &e.scripted[e.voteOf[e.session][k]]
		motion, label := sv.ID, sv.Label
		var passed bool
		switch {
		case ev.Mandate:
			passed = e.mandateVote(motion, label, ev.By)
		case ev.Package:
			passed = e.packageVote(motion, label, ev.By, false)
		default:
			passed = e.amendmentVote(motion, label, ev.By, ev.Amendment)
		}
		e.keepVote(k, passed)
	case scenarios.Reconvene:
		e.reconvene = ev.Session
	case scenarios.Incentive:
		for _, t := range ev.Targets {
			p.Bonus[t] += ev.Amount
		}
		if ev.Budget > 0 && len(ev.By) > 0 {
			e.offers = append(e.offers, offer{sponsors: ev.By, targets: ev.Targets, budget: ev.Budget})
		}
	}
}

func drawOrNaN(p scenarios.Param, e *Engine) float64 {
	if !p.IsSet() {
		return math.NaN()
	}
	return p.Draw(e.rng, 0, 1)
}

// insert puts option co into the text, bracketed.
func (e *Engine) insert(co scenarios.ClauseOption) {
	from := e.text.Option[co.Clause]
	e.setOption(co.Clause, co.Option)
	e.text.Chair[co.Clause] = e.text.Value[co.Clause]
	e.text.Status[co.Clause] = Bracketed
	if from != co.Option {
		e.note(Note{Kind: NoteInsert, Clause: co.Clause, Option: co.Option, From: from})
	}
}

// describe tells an event in one line, for the narrative.
func describe(sc *scenarios.Scenario, ev *scenarios.EventInfo) string {
	if ev.Label != "" {
		return ev.Label
	}
	opts := func() string {
		s := ""
		for k, co := range ev.Options {
			if k > 0 {
				s += ", "
			}
			cl := &sc.Clauses[co.Clause]
			s += cl.ID + " = " + cl.Options[co.Option].ID
		}
		return s
	}
	switch ev.Kind {
	case scenarios.Table:
		return "tabled " + opts()
	case scenarios.ChairText:
		switch ev.Draft {
		case scenarios.Consolidated:
			return "the chair tabled a consolidated negotiating document drawn from the room"
		case scenarios.ZeroDraft:
			return "the chair tabled a zero draft drawn from the room"
		case scenarios.RevisedDraft:
			return "the chair tabled a revised draft drawn from the room"
		}
		return "the chair tabled a new text: " + opts()
	case scenarios.Drop:
		return fmt.Sprintf("the chair dropped %d clause(s)", len(ev.Clauses))
	case scenarios.Insert:
		return "the chair inserted " + opts()
	case scenarios.Attitude:
		return "attitude changed"
	case scenarios.Leave:
		return "left the negotiation"
	case scenarios.Join:
		return "joined the negotiation"
	case scenarios.Vote:
		if ev.Mandate {
			return "motion on a mandate to negotiate"
		}
		if ev.Package {
			return "motion on the package"
		}
		cl := &sc.Clauses[ev.Amendment.Clause]
		return fmt.Sprintf("motion to set %s to %s", cl.ID, cl.Options[ev.Amendment.Option].ID)
	case scenarios.Reconvene:
		return "a reconvened session is scheduled should this one fail"
	case scenarios.Incentive:
		if ev.Budget > 0 {
			return fmt.Sprintf("positive incentives on offer to %d state(s), a budget of %g", len(ev.Targets), ev.Budget)
		}
		return fmt.Sprintf("positive incentives worth %g to %d state(s)", ev.Amount, len(ev.Targets))
	}
	return ev.Kind.String()
}
