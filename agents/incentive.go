package agents

import (
	"cmp"
	"math"
	"slices"
)

// Buy lets a sponsor buy moves with side payments: positive incentives
// (capacity building, technical assistance; seed 002) as exchange on a
// side dimension. For each target that stands on the other side of the
// expected outcome from the sponsor on an eligible clause it cares less
// about than the sponsor, the sponsor offers to pay for the target's move
// to the sponsor's demand; with equal gains the payment is
// e d (s_ta + s_ua) / 2 for an outcome shift e d, and each side gains
// e d (s_ta - s_ua) / 2. The the best deals first while its budget lasts (each target at
// most once a round), and the
// payment adds to the target's value of an adopted treaty (Bonus).
func (p *Population) Buy(sponsor int, targets []int, eligible []bool, outcome, weight []float64, budget *float64, accept func(Trade) bool, trades []Trade) []Trade {
	mk, m := &p.mk, p.M
	mk.allocate(p.N, len(p.groups), m)
	mk.bought = mk.bought[:0]
	ps, ss := p.Demand[sponsor*m:(sponsor+1)*m], p.Salience[sponsor*m:(sponsor+1)*m]
	for _, j := range targets {
		if j == sponsor || !p.Present[j] {
			continue
		}
		pj, sj := p.Demand[j*m:(j+1)*m], p.Salience[j*m:(j+1)*m]
		best := Trade{}
		for c := range m {
			if !eligible[c] || weight[c] <= 0 || !math.IsNaN(p.Pin[j*m+c]) || sj[c] >= ss[c] {
				continue
			}
			if (ps[c]-outcome[c])*(pj[c]-outcome[c]) >= 0 {
				continue
			}
			shift := p.Capability[j] * sj[c] / weight[c] * math.Abs(ps[c]-pj[c])
			gain := shift * (ss[c] - sj[c]) / 2
			if gain > best.GainA {
				best = Trade{A: sponsor, B: j, GroupA: -1, GroupB: -1, ClauseA: c, FromA: pj[c], ToA: ps[c],
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
		k := tr.B*m + tr.ClauseA
		p.Demand[k], p.Commit[k] = tr.ToA, tr.ToA
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
