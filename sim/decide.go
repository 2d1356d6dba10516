package sim

import (
	"fmt"
	"math"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/scenarios"
)

// decide puts the package for adoption at the end of a concluding session
// under the scenario's decision rule, and reports whether it was adopted
// and whether by a vote.
func (e *Engine) decide() (adopted, byVote bool) {
	if e.sc.Rule == scenarios.Majority {
		passed := e.packageVote("package", "Adoption of the package", nil, true)
		e.noteOutcome(passed, passed)
		return passed, passed
	}
	last := e.reconvene < 0
	if !e.poll(last) {
		e.noteOutcome(true, false)
		return true, false
	}
	switch e.sc.Rule {
	case scenarios.Consensus:
		// The chair keeps what can reach consensus: it drops the clauses
		// that cross an objector's red line and asks again.
		if e.dropRedLines() && !e.poll(last) {
			e.noteOutcome(true, false)
			return true, false
		}
	case scenarios.ConsensusThenVote:
		// Efforts at consensus are exhausted only when no reconvened
		// session can follow; then the package goes to a recorded vote.
		if last {
			passed := e.packageVote("package", "Adoption of the package", nil, false)
			e.noteOutcome(passed, passed)
			return passed, passed
		}
	}
	e.noteOutcome(false, false)
	return false, false
}

// poll asks every present state whether it objects formally to the
// package, fills e.objects and reports whether anyone does.
//
// A state objects for certain when the text crosses one of its red lines.
// Otherwise it weighs its shortfall, its aspiration A_i(tau) less its
// utility of the package (incentives included), against the cost of
// standing out, which falls with the capability share of the states that
// are dissatisfied with it (a lone small state rarely breaks consensus; a
// bloc does), in a logit choice. An objection that cannot change the
// outcome (a vote would adopt the package anyway) gains nothing, and the
// dissatisfied give one another no cover for it.
func (e *Engine) poll(last bool) bool {
	p, mp := e.pop, &e.sc.Model
	effective := 1.0
	if e.sc.Rule == scenarios.ConsensusThenVote && last && e.predictVote() {
		effective = 0
	}
	// Each state's red line and shortfall, computed once: the share of the
	// dissatisfied needs them all before anyone decides.
	unhappy, present := 0.0, 0.0
	for i := range p.N {
		if !p.Present[i] {
			continue
		}
		present += p.Capability[i]
		e.crossedBy[i] = p.RedLineCrossed(i, e.text.Value) >= 0
		if !e.crossedBy[i] {
			e.short[i] = e.shortfall(i)
		}
		if e.crossedBy[i] || e.short[i] > 0 {
			unhappy += p.Capability[i]
		}
	}
	share := 0.0
	if present > 0 {
		share = unhappy / present
	}
	for i := range p.N {
		e.objects[i] = false
		if !p.Present[i] {
			continue
		}
		if pl := e.players[i]; pl != nil {
			e.objects[i] = pl.Object(e, i)
			continue
		}
		if e.crossedBy[i] {
			e.objects[i] = true
			continue
		}
		short := e.short[i]
		if short <= 0 {
			continue
		}
		// A bloc gives cover only to an objection that can stop the
		// package; one that a vote would override exposes the objector.
		cost := mp.StandoutCost * (1 - share*effective)
		z := (short*effective - cost) / mp.ObjectionTemperature
		e.objects[i] = e.rng.Float64() < 1/(1+math.Exp(-z))
	}
	p.CommonObjections(e.objects)
	any := false
	for i := range p.N {
		if e.objects[i] {
			any = true
			if e.rec != nil {
				n := Note{Kind: NoteObject, State: i, Clause: p.RedLineCrossed(i, e.text.Value), Value: e.shortfall(i)}
				e.note(n)
			}
		} else if e.rec != nil && p.Present[i] && e.shortfall(i) > 0 {
			// Dissatisfied but silent: who would have objected, had it
			// paid (the narrative tells why the package passed).
			e.note(Note{Kind: NoteDissatisfied, State: i, Clause: -1, Value: e.shortfall(i)})
		}
	}
	return any
}

// shortfall is how far state i's utility of the package falls below its
// current aspiration.
func (e *Engine) shortfall(i int) float64 {
	p := e.pop
	return p.Aspiration(i, e.tau) - (p.Utility(i, e.text.Value) + p.Bonus[i])
}

// dropRedLines drops every deletable clause that crosses the red line of
// an objecting state, and reports whether it dropped any.
func (e *Engine) dropRedLines() bool {
	p, m := e.pop, e.pop.M
	dropped := false
	for c := range e.sc.Clauses {
		del := e.sc.Clauses[c].Deletion
		if del < 0 || e.text.Option[c] == del {
			continue
		}
		for i := range p.N {
			k := i*m + c
			if e.objects[i] && math.Abs(e.text.Value[c]-p.Pos[k]) > p.RedLine[k] {
				e.drop(c, NoteDropForConsensus)
				dropped = true
				break
			}
		}
	}
	return dropped
}

// packageVotes fills e.votes with every state's vote on the package
// against no treaty, moved by the states movers (nil: the chair, which has
// no side). Players cast their own votes when askPlayers is set; a
// prediction counts their agents' ballots instead, so that nobody is asked
// to vote on a motion that is not put.
func (e *Engine) packageVotes(movers []int, askPlayers bool) {
	p := e.pop
	side := e.side(movers)
	for i := range p.N {
		e.torn[i] = false
		switch {
		case !p.Present[i]:
			e.votes[i] = agents.NotVoting
		case p.RedLineCrossed(i, e.text.Value) >= 0:
			e.votes[i] = agents.No
		default:
			gain := p.Utility(i, e.text.Value) + p.Bonus[i] - p.NoTreaty[i]
			e.votes[i], e.torn[i] = agents.Ballot(agents.Motion{Gain: gain, Alignment: p.Alignment[i], Side: side}, e.voteRule())
		}
	}
	if askPlayers {
		e.playersVote()
	}
	p.CommonVotes(e.votes)
}

// side is the capability-weighted alignment of a motion's movers: where the
// motion stands on the divide that the states' alignments measure.
func (e *Engine) side(movers []int) float64 {
	p := e.pop
	sum, w := 0.0, 0.0
	for _, i := range movers {
		sum += p.Capability[i] * p.Alignment[i]
		w += p.Capability[i]
	}
	if w == 0 {
		return 0
	}
	return sum / w
}

func (e *Engine) voteRule() agents.VoteRule {
	mp := &e.sc.Model
	return agents.VoteRule{Indifference: mp.VoteIndifference, Stakes: mp.VoteStakes,
		AlignmentWeight: mp.AlignmentWeight, Loyalty: mp.PackageLoyalty, CrossPressure: mp.CrossPressure}
}

// playersVote lets the players cast the votes of the states they play.
func (e *Engine) playersVote() {
	for i, pl := range e.players {
		if pl != nil && e.pop.Present[i] {
			e.votes[i], e.torn[i] = pl.Vote(e, i), false
		}
	}
}

// predictVote reports whether a vote on the package would adopt it; it is
// what a state foresees when it weighs an objection.
func (e *Engine) predictVote() bool {
	e.packageVotes(nil, false)
	return e.passes(false)
}

// passes counts e.votes against the threshold: yes among yes and no at or
// above the vote threshold, and more yes than no.
func (e *Engine) passes(simpleMajority bool) bool {
	yes, no, _ := e.count()
	if yes+no == 0 {
		return false
	}
	threshold := e.sc.VoteThreshold
	if simpleMajority || e.sc.Rule == scenarios.Majority {
		threshold = 0.5
	}
	return yes > no && float64(yes) >= threshold*float64(yes+no)
}

func (e *Engine) count() (yes, no, abstain int) {
	for _, v := range e.votes {
		switch v {
		case agents.Yes:
			yes++
		case agents.No:
			no++
		case agents.Abstain:
			abstain++
		}
	}
	return yes, no, abstain
}

// packageVote holds a recorded vote on the package and reports whether it
// passed.
func (e *Engine) packageVote(motion, label string, movers []int, simpleMajority bool) bool {
	e.motion = Motion{ID: motion, Label: label, Package: true, Movers: movers}
	e.packageVotes(movers, true)
	passed := e.passes(simpleMajority)
	e.recordVote(motion, label, passed)
	return passed
}

// mandateVote holds a recorded vote on a mandate to negotiate on the
// movers' terms, as the General Assembly resolution that set up the Ad Hoc
// Committee, and reports whether it passed (a simple majority of those
// voting). No text is yet at stake, so no state's interest in one enters:
// each votes its alignment with the movers (agents.Ballot with no gain),
// abstaining when that pull is weaker than vote_indifference/vote_stakes.
func (e *Engine) mandateVote(motion, label string, movers []int) bool {
	e.motion = Motion{ID: motion, Label: label, Mandate: true, Movers: movers}
	p := e.pop
	side := e.side(movers)
	for i := range p.N {
		e.torn[i] = false
		if !p.Present[i] {
			e.votes[i] = agents.NotVoting
			continue
		}
		e.votes[i], e.torn[i] = agents.Ballot(agents.Motion{Alignment: p.Alignment[i], Side: side}, e.voteRule())
	}
	e.playersVote()
	p.CommonVotes(e.votes)
	passed := e.passes(true)
	e.recordVote(motion, label, passed)
	return passed
}

// amendmentVote holds a recorded vote on moving clause c to option o and
// applies it if it passes.
func (e *Engine) amendmentVote(motion, label string, movers []int, co scenarios.ClauseOption) bool {
	e.motion = Motion{ID: motion, Label: label, Amendment: co, Movers: movers}
	p := e.pop
	copy(e.trial, e.text.Value)
	e.trial[co.Clause] = e.sc.Clauses[co.Clause].Options[co.Option].Value
	side := e.side(movers)
	for i := range p.N {
		e.torn[i] = false
		if !p.Present[i] {
			e.votes[i] = agents.NotVoting
			continue
		}
		before, after := p.RedLineCrossed(i, e.text.Value) >= 0, p.RedLineCrossed(i, e.trial) >= 0
		switch {
		case after && !before:
			e.votes[i] = agents.No
		case before && !after:
			e.votes[i] = agents.Yes
		default:
			now := p.Utility(i, e.text.Value)
			m := agents.Motion{Gain: p.Utility(i, e.trial) - now, Alignment: p.Alignment[i], Side: side}
			if e.sc.Sessions[e.session].Concluding {
				// The package is on the table: reopening it risks it.
				m.Package = now + p.Bonus[i] - p.NoTreaty[i]
			}
			e.votes[i], e.torn[i] = agents.Ballot(m, e.voteRule())
		}
	}
	e.playersVote()
	p.CommonVotes(e.votes)
	passed := e.passes(false)
	e.recordVote(motion, label, passed)
	if passed {
		from := e.text.Option[co.Clause]
		e.setOption(co.Clause, co.Option)
		e.text.Chair[co.Clause] = e.text.Value[co.Clause]
		if co.Option == e.sc.Clauses[co.Clause].Deletion {
			e.text.Status[co.Clause] = Dropped
		} else {
			e.text.Status[co.Clause] = Agreed
		}
		e.note(Note{Kind: NoteAmended, Clause: co.Clause, Option: co.Option, From: from, Text: label})
	}
	return passed
}

func (e *Engine) recordVote(motion, label string, passed bool) {
	if e.rec == nil {
		return
	}
	yes, no, abstain := e.count()
	torn := 0
	for i, t := range e.torn {
		if t && e.votes[i] == agents.Abstain {
			torn++
		} else {
			e.torn[i] = false // a bloc's common vote overrode it
		}
	}
	e.rec.Vote(e, VoteRecord{Session: e.session, Round: e.round, Motion: motion, Label: label,
		Votes: e.votes, Torn: e.torn, Passed: passed, Yes: yes, No: no, Abstain: abstain, CrossPressured: torn})
}

func (e *Engine) noteOutcome(adopted, byVote bool) {
	if e.rec == nil {
		return
	}
	switch {
	case adopted && byVote:
		e.note(Note{Kind: NoteAdopted, Clause: -1, Text: "adopted by a recorded vote"})
	case adopted:
		e.note(Note{Kind: NoteAdopted, Clause: -1, Text: "adopted by consensus"})
	case e.reconvene >= 0:
		e.note(Note{Kind: NoteFailed, Clause: -1, Text: fmt.Sprintf("no consensus; the session is suspended until %s",
			e.sc.Sessions[e.reconvene].Name)})
	default:
		e.note(Note{Kind: NoteFailed, Clause: -1, Text: "not adopted"})
	}
}
