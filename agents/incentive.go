package agents

import (
	"cmp"
	"math"
	"slices"

	"github.com/treatysim/treatysim/scenarios"
)

// Buy lets sponsors buy moves with side payments: positive incentives
// (capacity building, technical assistance; seed 002) as exchange on a
// side dimension. The sponsors (one state, or the members of a bloc that
// offer together) stand at their capability-weighted mean demand and
// salience. For each target that stands on the other side of the expected
// outcome from them on an eligible clause it cares less about, and has not
// promised anything on, the sponsors offer to pay for the target's move to
// their demand; with equal gains the payment is e d (s_ta + s_ua) / 2 for
// an outcome shift e d, and each side gains e d (s_ta - s_ua) / 2. The
// sponsors buy the best deals first while the budget lasts (each target at
// most once a round), and the payment adds to the target's value of an
// adopted treaty (Bonus).
func (p *Population) Buy(sponsors, targets []int, eligible []bool, outcome, weight []float64, budget *float64, accept func(Trade) bool, trades []Trade) []Trade {
	mk, m := &p.mk, p.M
	mk.allocate(p.N, len(p.groups), m)
	mk.bought = mk.bought[:0]
	ps, ss := mk.sponsorPos[:m], mk.sponsorSal[:m]
	if p.meanOf(sponsors, ps, ss) == 0 {
		return trades // no sponsor in the room
	}
	lead, group := sponsors[0], p.blocOf(sponsors)
	// The clauses the sponsors can buy on: eligible, weighed, and where
	// they stand off the expected outcome (side: +1 above, -1 below).
	open := mk.sponsorOpen[:0]
	for c := range m {
		if eligible[c] && weight[c] > 0 && ps[c] != outcome[c] {
			open = append(open, int32(c))
		}
	}
	mk.sponsorOpen = open
	for _, j := range targets {
		if !p.Present[j] || slices.Contains(sponsors, j) || p.Disposition[j] == scenarios.Maximalist {
			continue
		}
		pj, sj := p.Demand[j*m:(j+1)*m], p.Salience[j*m:(j+1)*m]
		pin, commit := p.Pin[j*m:(j+1)*m], p.Commit[j*m:(j+1)*m]
		bound := p.bound[j] // pins and promises to respect
		best := Trade{}
		for _, c32 := range open {
			c := int(c32)
			if sj[c] >= ss[c] || (ps[c]-outcome[c])*(pj[c]-outcome[c]) >= 0 {
				continue // it cares as much, or it stands on the sponsors' side
			}
			if bound && (!math.IsNaN(pin[c]) || !math.IsNaN(commit[c])) {
				continue // tabled, or promised already
			}
			shift := p.Capability[j] * sj[c] / weight[c] * math.Abs(ps[c]-pj[c])
			gain := shift * (ss[c] - sj[c]) / 2
			if gain > best.GainA {
				best = Trade{A: lead, B: j, GroupA: group, GroupB: -1, ClauseA: c, FromA: pj[c], ToA: ps[c],
					ClauseB: -1, Payment: shift * (ss[c] + sj[c]) / 2, GainA: gain, GainB: gain}
			}
		}
		if best.GainA > 1e-12 {
			mk.bought = append(mk.bought, best)
		}
	}
	slices.SortFunc(mk.bought, byTradeGain)
	for _, tr := range mk.bought {
		if tr.Payment > *budget || !p.agrees(tr, accept) {
			continue
		}
		*budget -= tr.Payment
		p.Promise(tr.B, tr.ClauseA, tr.ToA)
		p.Bonus[tr.B] += tr.Payment
		trades = append(trades, tr)
	}
	return trades
}

// byTradeGain orders offers by decreasing gain, then by target.
func byTradeGain(x, y Trade) int {
	if c := cmp.Compare(y.GainA, x.GainA); c != 0 {
		return c
	}
	return cmp.Compare(x.B, y.B)
}

// meanOf sets pos and sal to the capability-weighted mean demand and raw
// salience of the present states among states, and returns their
// capability (0: nobody present; pos and sal are then zero).
func (p *Population) meanOf(states []int, pos, sal []float64) float64 {
	m := p.M
	clear(pos)
	clear(sal)
	total := 0.0
	for _, i := range states {
		if !p.Present[i] {
			continue
		}
		w := p.Capability[i]
		total += w
		for c := range m {
			pos[c] += w * p.Demand[i*m+c]
			sal[c] += w * p.Salience[i*m+c]
		}
	}
	if total == 0 {
		return 0
	}
	for c := range m {
		pos[c] /= total
		sal[c] /= total
	}
	return total
}

// blocOf returns the group that negotiates as one whose members are
// exactly states, or -1.
func (p *Population) blocOf(states []int) int {
	for g := range p.groups {
		if p.groups[g].NegotiatesAsOne && slices.Equal(p.Members(g), states) {
			return g
		}
	}
	return -1
}
