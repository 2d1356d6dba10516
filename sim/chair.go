package sim

import "math"

// revise is the chair's move on every agenda clause still in play (single
// negotiating text; Raiffa): the draft moves a share step of the way toward
// the room's compromise, sum_i w_i s_ic d_ic / sum_i w_i s_ic over the
// present states' demands (the compromise model of Achen 2006 and Thomson
// et al. 2006), and the text takes the option nearest the draft. A clause
// whose inclusion is opposed by more than the blocking share of
// salience-weighted capability is dropped.
func (e *Engine) revise(step float64) {
	for c := range e.sc.Clauses {
		if !e.agenda[c] || e.text.Status[c] == Dropped {
			continue
		}
		target, ok := e.compromise(c)
		if !ok {
			continue
		}
		e.text.Chair[c] += step * (target - e.text.Chair[c])
		if o := e.nearest(c, e.text.Chair[c]); o != e.text.Option[c] {
			from := e.text.Option[c]
			e.setOption(c, o)
			e.text.Status[c] = Bracketed
			e.note(Note{Kind: NoteText, Clause: c, Option: o, From: from})
		}
		if e.opposed(c) {
			e.drop(c, NoteDrop)
		}
	}
}

// roomCompromise sets e.ref to the room's compromise of preferences on
// every clause: the capability- and salience-weighted mean of the present
// states' positions (the compromise model). States concede toward it, not
// toward the draft: conceding toward the draft would make the text drift
// to whoever concedes least (DeGroot averaging with a stubborn agent).
func (e *Engine) roomCompromise() {
	p, m := e.pop, e.pop.M
	for c := range m {
		num, den := 0.0, 0.0
		for i := range p.N {
			if !p.Present[i] {
				continue
			}
			w := p.Capability[i] * p.Salience[i*m+c]
			num += w * p.Pos[i*m+c]
			den += w
		}
		if den > 0 {
			e.ref[c] = num / den
		} else {
			e.ref[c] = e.text.Chair[c]
		}
	}
}

// compromise is the capability- and salience-weighted mean of the present
// states' demands on clause c.
func (e *Engine) compromise(c int) (float64, bool) {
	p, m := e.pop, e.pop.M
	num, den := 0.0, 0.0
	for i := range p.N {
		if !p.Present[i] {
			continue
		}
		w := p.Capability[i] * p.Salience[i*m+c]
		num += w * p.Demand[i*m+c]
		den += w
	}
	if den == 0 {
		return 0, false
	}
	return num / den, true
}

// nearest returns the option of clause c nearest to v (ties: the lower).
func (e *Engine) nearest(c int, v float64) int {
	opts := e.sc.Clauses[c].Options
	best, bestD := 0, math.Inf(1)
	for o := range opts {
		if d := math.Abs(opts[o].Value - v); d < bestD {
			best, bestD = o, d
		}
	}
	return best
}

// opposed reports whether more than the blocking share of
// salience-weighted capability prefers deleting clause c to its current
// wording.
func (e *Engine) opposed(c int) bool {
	del := e.sc.Clauses[c].Deletion
	if del < 0 || e.text.Option[c] == del {
		return false
	}
	dv, tv := e.sc.Clauses[c].Options[del].Value, e.text.Value[c]
	p, m := e.pop, e.pop.M
	against, all := 0.0, 0.0
	for i := range p.N {
		if !p.Present[i] {
			continue
		}
		w := p.Capability[i] * p.Salience[i*m+c]
		all += w
		d := p.Demand[i*m+c]
		if math.Abs(dv-d) < math.Abs(tv-d) {
			against += w
		}
	}
	return all > 0 && against > e.sc.Model.BlockingShare*all
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

// redraft is the chair tabling a new text drawn from the room: every
// clause moves all the way to the room's compromise, and what lacks
// support is dropped.
func (e *Engine) redraft() {
	copy(e.saved, e.agenda)
	defer copy(e.agenda, e.saved)
	for c := range e.agenda {
		e.agenda[c] = true
	}
	e.roomCompromise()
	e.pop.Concede(e.ref, e.agenda, e.tau)
	for c := range e.sc.Clauses {
		if e.text.Status[c] == Dropped {
			e.text.Status[c] = Bracketed // a new text considers every proposal again
		}
	}
	e.revise(1)
}

// settle closes a session: a clause on the agenda is agreed (ad
// referendum) when no present state's red line is crossed on it and no
// more than the blocking share of salience-weighted capability asks for
// another option; otherwise it stays bracketed.
func (e *Engine) settle() {
	p, m := e.pop, e.pop.M
	for c := range e.sc.Clauses {
		if !e.agenda[c] || e.text.Status[c] == Dropped {
			continue
		}
		tv := e.text.Value[c]
		against, all := 0.0, 0.0
		redLine := false
		for i := range p.N {
			if !p.Present[i] {
				continue
			}
			k := i*m + c
			if math.Abs(tv-p.Pos[k]) > p.RedLine[k] {
				redLine = true
			}
			w := p.Capability[i] * p.Salience[k]
			all += w
			if e.nearest(c, p.Demand[k]) != e.text.Option[c] {
				against += w
			}
		}
		if !redLine && against <= e.sc.Model.BlockingShare*all {
			e.text.Status[c] = Agreed
		} else {
			e.text.Status[c] = Bracketed
		}
	}
}
