package sim

import (
	"math"

	"github.com/treatysim/treatysim/scenarios"
)

// draft is the chair tabling a new text drawn from the room: every clause
// in the text takes the wording nearest the room's compromise of the
// demands, and a draft that leaves out (zero, revised, and the final
// package of a concluding session) drops each deletable clause whose
// inclusion more than blocking_share of salience-weighted capability
// opposes, unless red lines decide: a clause whose wording crosses a
// present delegation's red line while its deletion crosses none is left
// out, and one whose deletion would cross a red line while its wording
// crosses none is kept, whatever the weights (the chair keeps what can
// reach consensus). A consolidated document leaves nothing out: it compiles the
// proposals in brackets. Clauses out of the text stay out; a delegation
// must table them again. The clause keeps its status when its wording does
// not change (an agreement ad referendum stands), and is bracketed again
// when it does.
func (e *Engine) draft(kind scenarios.DraftKind, final bool) {
	e.weigh(e.pop.Demand, true)
	contested := e.clauses[:0]
	for c := range e.sc.Clauses {
		if !e.inText(c) || e.den[c] == 0 {
			continue
		}
		e.moveDraft(c, e.num[c]/e.den[c])
		if kind.LeavesOut() && e.sc.Clauses[c].Deletion >= 0 {
			contested = append(contested, c)
		}
	}
	e.tallyOpposition(contested)
	kindOfDrop := NoteDrop
	if final {
		kindOfDrop = NoteDropFromPackage
	}
	for _, c := range contested {
		// The chair keeps what can reach consensus: a red line decides
		// over the weights when only one side of the clause has one.
		leaveOut := e.opposed[c]
		switch in, out := e.redLineSides(c); {
		case in && !out:
			leaveOut = true // its wording would draw a formal objection
		case out && !in:
			leaveOut = false // leaving it out would
		}
		if leaveOut {
			e.drop(c, kindOfDrop)
		}
	}
}

// redLineSides reports whether clause c's wording in the text crosses a
// present delegation's red line (in), and whether its deletion would
// (out).
func (e *Engine) redLineSides(c int) (in, out bool) {
	p, m := e.pop, e.pop.M
	if !p.RedLined[c] {
		return false, false
	}
	del := e.sc.Clauses[c].Options[e.sc.Clauses[c].Deletion].Value
	for i := range p.N {
		if !p.Present[i] {
			continue
		}
		x, red := p.Pos[i*m+c], p.RedLine[i*m+c]
		in = in || math.Abs(e.text.Value[c]-x) > red
		out = out || math.Abs(del-x) > red
	}
	return in, out
}

// compileProposals is the first reading's compilation: every agenda clause
// out of the text that a present delegation caring about it (raw salience
// at least active_salience) would rather have in some wording than not
// enters the text in brackets, with the wording nearest the room's
// compromise. Nothing is dropped.
func (e *Engine) compileProposals() {
	p, m := e.pop, e.pop.M
	e.weigh(p.Demand, true)
	for c := range e.sc.Clauses {
		del := e.sc.Clauses[c].Deletion
		if !e.agenda[c] || e.inText(c) || del < 0 || e.den[c] == 0 {
			continue
		}
		// The proposer is the heaviest delegation (capability x salience)
		// that cares about the clause and would rather have it in.
		proposer, weight := -1, 0.0
		for i := range p.N {
			k := i*m + c
			if !p.Present[i] || p.Salience[k] < e.sc.Model.ActiveSalience || e.nearest(c, p.Demand[k]) == del {
				continue
			}
			if w := p.Capability[i] * p.Salience[k]; w > weight {
				proposer, weight = i, w
			}
		}
		if proposer < 0 {
			continue
		}
		from := e.text.Option[c]
		e.text.Chair[c] = e.num[c] / e.den[c]
		e.setOption(c, e.nearestWording(c, e.text.Chair[c]))
		e.text.Status[c] = Bracketed
		e.note(Note{Kind: NoteInsert, State: proposer, Clause: c, Option: e.text.Option[c], From: from})
	}
}

// tallyOpposition sets e.opposed[c] for the clauses in contested (the
// others are false): whether more than the blocking share of
// salience-weighted capability prefers deleting clause c to its current
// wording. It expects e.den from weigh: the total weight of each clause.
func (e *Engine) tallyOpposition(contested []int) {
	p, m := e.pop, e.pop.M
	clear(e.opposed)
	if len(contested) == 0 {
		return
	}
	// Locals, not fields: stores through e would make the compiler reload
	// every slice of e in the inner loop.
	against, delValue, textValue := e.against, e.delValue, e.text.Value
	for _, c := range contested {
		against[c] = 0
		delValue[c] = e.sc.Clauses[c].Options[e.sc.Clauses[c].Deletion].Value
	}
	for _, i := range e.presentStates() {
		capability := p.Capability[i]
		sal, demand := p.Salience[i*m:(i+1)*m], p.Demand[i*m:(i+1)*m]
		for _, c := range contested {
			d := demand[c]
			if math.Abs(delValue[c]-d) < math.Abs(textValue[c]-d) {
				against[c] += capability * sal[c]
			}
		}
	}
	for _, c := range contested {
		e.opposed[c] = e.den[c] > 0 && against[c] > e.sc.Model.BlockingShare*e.den[c]
	}
}

// drop deletes clause c from the text.
func (e *Engine) drop(c int, kind NoteKind) {
	del := e.sc.Clauses[c].Deletion
	from := e.text.Option[c]
	e.setOption(c, del)
	e.text.Chair[c] = e.text.Value[c]
	e.text.Status[c] = Dropped
	e.note(Note{Kind: kind, Clause: c, Option: del, From: from})
}
