package sim

import "math"

// revise is the chair's move on every agenda clause in the text (single
// negotiating text; Raiffa): the draft moves a share step of the way toward
// the room's compromise, sum_i w_i s_ic d_ic / sum_i w_i s_ic over the
// present states' demands (the compromise model of Achen 2006 and Thomson
// et al. 2006), and the text takes the wording nearest the draft. Deletion
// is not a wording: a clause leaves the text only by a chair's draft
// (draft.go) or a vote, as at the AHC, where proposals stayed in brackets
// until the chair's drafts left them out.
//
// It reads the weighted demands from e.num and e.den: the caller weighs
// them first (weigh), once for the exchanges and the chair.
func (e *Engine) revise(step float64) {
	for c := range e.sc.Clauses {
		if !e.agenda[c] || !e.inText(c) || e.den[c] == 0 {
			continue
		}
		target := e.num[c] / e.den[c]
		e.moveDraft(c, e.text.Chair[c]+step*(target-e.text.Chair[c]))
	}
}

// moveDraft puts the chair's draft of clause c at v and the text at the
// wording nearest it, bracketed again if the wording changes; a continuous
// clause holds the draft itself.
func (e *Engine) moveDraft(c int, v float64) {
	e.text.Chair[c] = v
	if o := e.nearestWording(c, v); o != e.text.Option[c] {
		from := e.text.Option[c]
		e.setOption(c, o)
		e.text.Status[c] = Bracketed
		e.note(Note{Kind: NoteText, Clause: c, Option: o, From: from})
	}
	if e.sc.Clauses[c].Continuous {
		e.text.Value[c] = v // the draft itself is the text
	}
}

// weigh sums, for every clause, the capability- and salience-weighted
// values vals (per stand) of the present states into e.num and, with
// weights, their weights into e.den, so that num/den is the compromise
// model's weighted mean. It runs state by state over contiguous rows, two
// states per pass so that the sums are loaded and stored half as often;
// each clause's sums still take the same terms in the same order (by
// state) as a loop over that clause alone would.
func (e *Engine) weigh(vals []float64, weights bool) {
	clear(e.num)
	if weights {
		clear(e.den)
	}
	present := e.presentStates()
	k := 0
	for ; k+1 < len(present); k += 2 {
		e.addPair(present[k], present[k+1], vals, weights)
	}
	if k < len(present) {
		e.addOne(present[k], vals, weights)
	}
}

// addPair adds the terms of state i and then of state j (see weigh).
func (e *Engine) addPair(i, j int, vals []float64, weights bool) {
	p, m := e.pop, e.pop.M
	ci, si, vi := p.Capability[i], p.Salience[i*m:(i+1)*m], vals[i*m:(i+1)*m]
	cj, sj, vj := p.Capability[j], p.Salience[j*m:(j+1)*m], vals[j*m:(j+1)*m]
	num, den := e.num[:len(si)], e.den[:len(si)]
	vi, sj, vj = vi[:len(si)], sj[:len(si)], vj[:len(si)]
	if !weights {
		for c := range si {
			num[c] = num[c] + ci*si[c]*vi[c] + cj*sj[c]*vj[c] // (num + i's term) + j's term
		}
		return
	}
	for c := range si {
		wi, wj := ci*si[c], cj*sj[c]
		num[c] = num[c] + wi*vi[c] + wj*vj[c]
		den[c] = den[c] + wi + wj
	}
}

// addOne adds the terms of state i (see weigh).
func (e *Engine) addOne(i int, vals []float64, weights bool) {
	p, m := e.pop, e.pop.M
	ci, si, vi := p.Capability[i], p.Salience[i*m:(i+1)*m], vals[i*m:(i+1)*m]
	num, den := e.num[:len(si)], e.den[:len(si)]
	vi = vi[:len(si)]
	for c := range si {
		wi := ci * si[c]
		num[c] += wi * vi[c]
		if weights {
			den[c] += wi
		}
	}
}

// presentStates lists the present states, in order, in the scratch
// e.present.
func (e *Engine) presentStates() []int {
	present := e.present[:0]
	for i, in := range e.pop.Present {
		if in {
			present = append(present, i)
		}
	}
	e.present = present
	return present
}

// roomCompromise sets e.ref to the room's compromise of preferences on
// every clause: the capability- and salience-weighted mean of the present
// states' positions (the compromise model). States concede toward it, not
// toward the draft: conceding toward the draft would make the text drift
// to whoever concedes least (DeGroot averaging with a stubborn agent).
func (e *Engine) roomCompromise() {
	e.weigh(e.pop.Pos, true)
	for c := range e.ref {
		if e.den[c] > 0 {
			e.ref[c] = e.num[c] / e.den[c]
		} else {
			e.ref[c] = e.text.Chair[c]
		}
	}
}

// nearest returns the option of clause c nearest to v (ties: the lower).
func (e *Engine) nearest(c int, v float64) int {
	return e.nearestExcept(c, v, -1)
}

// nearestWording returns the option of clause c nearest to v other than
// its deletion (ties: the lower).
func (e *Engine) nearestWording(c int, v float64) int {
	return e.nearestExcept(c, v, e.sc.Clauses[c].Deletion)
}

func (e *Engine) nearestExcept(c int, v float64, except int) int {
	opts := e.optValue[e.optStart[c]:e.optStart[c+1]]
	best, bestD := 0, math.Inf(1)
	for o, ov := range opts {
		if d := math.Abs(ov - v); d < bestD && o != except {
			best, bestD = o, d
		}
	}
	return best
}

// settle closes a session: a clause on the agenda is agreed (ad
// referendum) when no present state's red line is crossed on it and no
// more than the blocking share of salience-weighted capability asks for
// another option; otherwise it stays bracketed.
func (e *Engine) settle() {
	p, m := e.pop, e.pop.M
	// Locals, not fields, as in tallyOpposition.
	textValue, crossed, all, against := e.text.Value, e.crossed, e.den, e.against
	lo, hi := e.lo, e.hi
	live := e.clauses[:0]
	for c := range e.sc.Clauses {
		if e.agenda[c] && e.text.Status[c] != Dropped {
			live = append(live, c)
			against[c], all[c], crossed[c] = 0, 0, false
			lo[c], hi[c] = e.nearestBounds(c, e.text.Option[c])
		}
	}
	// State by state, over contiguous rows, as in weigh.
	for _, i := range e.presentStates() {
		capability := p.Capability[i]
		pos, red := p.Pos[i*m:(i+1)*m], p.RedLine[i*m:(i+1)*m]
		sal, demand := p.Salience[i*m:(i+1)*m], p.Demand[i*m:(i+1)*m]
		for _, c := range live {
			if math.Abs(textValue[c]-pos[c]) > red[c] {
				crossed[c] = true
			}
			w := capability * sal[c]
			all[c] += w
			// Does the state ask for another option than the text's?
			if d := demand[c]; d <= lo[c] || d > hi[c] {
				against[c] += w
			}
		}
	}
	for _, c := range live {
		if !crossed[c] && against[c] <= e.sc.Model.BlockingShare*all[c] {
			e.text.Status[c] = Agreed
		} else {
			e.text.Status[c] = Bracketed
		}
	}
}

// nearestBounds returns the values v in (lo, hi] whose nearest option of
// clause c is o (ties go to the lower option, as in nearest): the
// midpoints to its neighbours.
func (e *Engine) nearestBounds(c, o int) (lo, hi float64) {
	opts := e.optValue[e.optStart[c]:e.optStart[c+1]]
	lo, hi = math.Inf(-1), math.Inf(1)
	if o > 0 {
		lo = (opts[o-1] + opts[o]) / 2
	}
	if o+1 < len(opts) {
		hi = (opts[o] + opts[o+1]) / 2
	}
	return lo, hi
}
