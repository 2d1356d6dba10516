package sim

import (
	"fmt"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
)

// ScriptedVote is one recorded vote of a scenario's script: an event of
// kind vote. The adoption votes of the package at the end of a concluding
// session are not scripted and are not among them (the adoption
// statistics cover them).
type ScriptedVote struct {
	Session   int    // index of the session
	SessionID string // its id
	Event     int    // index of the event in the session's events
	// ID is the motion's id as votes.csv records it: the event's id, or
	// "<session>-<k>" with k the event's 1-based position in its session.
	ID string
	// Label is how the record names the motion: the event's label, or one
	// made from what it moves.
	Label string
}

// ScriptedVotes lists the scripted votes of sc in script order (sessions
// in order, events in order within a session): the k-th is the k-th entry
// of Outcome.Votes.
func ScriptedVotes(sc *scenarios.Scenario) []ScriptedVote {
	var out []ScriptedVote
	for s := range sc.Sessions {
		ss := &sc.Sessions[s]
		for k := range ss.Events {
			ev := &ss.Events[k]
			if ev.Kind != scenarios.Vote {
				continue
			}
			v := ScriptedVote{Session: s, SessionID: ss.ID, Event: k, ID: ev.ID, Label: ev.Label}
			if v.ID == "" {
				v.ID = fmt.Sprintf("%s-%d", ss.ID, k+1)
			}
			if v.Label == "" {
				switch {
				case ev.Mandate:
					v.Label = "A mandate to negotiate"
				case ev.Package:
					v.Label = "The package as it stands"
				default:
					v.Label = describe(sc, ev)
				}
			}
			out = append(out, v)
		}
	}
	return out
}

// VoteResult is what became of one scripted vote in a run.
type VoteResult struct {
	Held   bool          // the vote was held (its session was)
	Passed bool          // it passed
	Votes  []agents.Vote // per state; NotVoting for an absent state, or all when not held
}

// sizeVotes allocates out.Votes for sc's scripted votes unless it has
// the right size.
func (out *Outcome) sizeVotes(sc *scenarios.Scenario) {
	votes := 0
	for s := range sc.Sessions {
		for k := range sc.Sessions[s].Events {
			if sc.Sessions[s].Events[k].Kind == scenarios.Vote {
				votes++
			}
		}
	}
	if len(out.Votes) == votes && (votes == 0 || len(out.Votes[0].Votes) == len(sc.States)) {
		return
	}
	out.Votes = make([]VoteResult, votes)
	for v := range out.Votes {
		out.Votes[v].Votes = make([]agents.Vote, len(sc.States))
	}
}

// resetVotes readies out.Votes for a run of e's scenario: allocated on
// the first run that uses an Outcome NewOutcome did not make, cleared
// after.
func (e *Engine) resetVotes(out *Outcome) {
	if len(out.Votes) != len(e.scripted) || len(out.Votes) > 0 && len(out.Votes[0].Votes) != len(e.sc.States) {
		out.sizeVotes(e.sc)
	}
	for v := range out.Votes {
		r := &out.Votes[v]
		r.Held, r.Passed = false, false
		for i := range r.Votes {
			r.Votes[i] = agents.NotVoting
		}
	}
}

// keepVote records in the outcome the result of the scripted vote just
// held by event k of the session in play.
func (e *Engine) keepVote(k int, passed bool) {
	v := e.voteOf[e.session][k]
	r := &e.out.Votes[v]
	r.Held, r.Passed = true, passed
	copy(r.Votes, e.votes)
}
