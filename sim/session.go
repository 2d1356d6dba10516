package sim

import (
	"math"

	"github.com/treatysim/treatysim/scenarios"
)

// openSession sets the agenda of session ss and clears the pins of the
// last one.
func (e *Engine) openSession(ss *scenarios.SessionInfo) {
	clear(e.agenda)
	for c := range e.sc.Clauses {
		for _, a := range ss.Agenda {
			if e.sc.Clauses[c].Cluster == a {
				e.agenda[c] = true
			}
		}
	}
	e.pop.ClearPins()
	e.tau0 = e.tau
	if e.rec != nil {
		e.rec.SessionStart(e, e.session)
	}
}

// playRound plays round e.round of session ss, as its phase of the
// procedure says:
//
//   - organisation: the scripted events, and socialisation (delegations
//     state their positions and listen to their partners);
//   - first reading: the same, and every proposal of a delegation that
//     cares enters the text in brackets, with the chair's compromise
//     wording; nothing is dropped and nobody concedes;
//   - negotiation and concluding: socialisation, concession under the
//     deadline, exchange (logrolls and purchases with incentives), and the
//     chair's revision of the wordings. Nothing leaves the text in a round:
//     only a chair's draft or a vote takes a clause out.
func (e *Engine) playRound(ss *scenarios.SessionInfo) {
	r := e.round
	e.tau = e.tau0 + (ss.Pressure-e.tau0)*float64(r)/float64(ss.Rounds)
	fired := false
	for k := range ss.Events {
		if e.EventRound(k) == r {
			e.fire(&ss.Events[k], k)
			fired = true
		}
	}
	if len(ss.Agenda) > 0 {
		if r == 1 {
			// Socialisation works between sessions, as capitals revise
			// their instructions: one Friedkin-Johnsen step a session.
			// Within a session, bargaining moves demands, not preferences.
			e.pop.Socialize(e.agenda)
		}
		switch ss.Phase {
		case scenarios.Organisation, scenarios.FirstReading:
			if r == 1 || fired || e.playing {
				// Demands are preferences and pins, which change only at a
				// session's opening, by events and by players.
				e.state()
			}
			if ss.Phase == scenarios.FirstReading {
				e.compileProposals() // weighs the demands, for revise
				e.revise(e.sc.Model.ChairStep)
			}
		default:
			if r == 1 || e.roomMoved {
				// Preferences move only between sessions (socialisation)
				// and by events: the compromise of them holds until then.
				e.roomCompromise()
				e.roomMoved = false
			}
			e.pop.Concede(e.ref, e.agenda, e.tau)
			e.playersAct()
			// The compromise of the demands, once: the expected outcome
			// the exchanges are priced against and the chair's target.
			// The trades of a round reach the text in the next one.
			e.weigh(e.pop.Demand, true)
			if e.sc.Model.Exchange {
				e.exchange()
			}
			e.revise(e.sc.Model.ChairStep)
		}
	}
	if e.rec != nil {
		e.rec.Round(e, e.session, r)
	}
}

// state makes every present state's demand on the agenda its preference:
// in organisation and first reading, delegations state where they stand.
func (e *Engine) state() {
	p, m := e.pop, e.pop.M
	for i := range p.N {
		if !p.Present[i] || p.Controlled[i] {
			continue
		}
		for c := range m {
			if e.agenda[c] {
				k := i*m + c
				if pin := p.Pin[k]; !math.IsNaN(pin) { // it tabled a proposal
					p.Demand[k] = pin
				} else {
					p.Demand[k] = p.Pos[k]
				}
			}
		}
	}
	e.playersAct()
}

// closeSession ends session ss: the clauses on its agenda are agreed ad
// referendum where the room allows; a concluding session's package is
// then put for adoption, after the chair's final package has left out
// what lacks support.
func (e *Engine) closeSession(ss *scenarios.SessionInfo) (adopted, byVote bool) {
	e.tau = ss.Pressure
	if ss.Phase != scenarios.Organisation && ss.Phase != scenarios.FirstReading {
		e.settle()
	}
	if ss.Concluding {
		e.draft(scenarios.RevisedDraft, true)
		adopted, byVote = e.decide()
	}
	if e.KeepViews {
		e.out.keepView(e.session, e.pop, len(e.sc.Sessions))
	}
	if e.rec != nil {
		e.rec.SessionEnd(e, e.session, adopted)
	}
	return adopted, byVote
}
