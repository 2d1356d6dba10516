package agents

import (
	"cmp"
	"math"
	"slices"
)

// Trade is one exchange of support. In a logroll (Stokman and Van Oosten
// 1994) trader B moves its demand on ClauseA toward A and A moves on
// ClauseB toward B; in a purchase (positive incentives, seed 002) sponsor A
// pays B a side payment for B's move on ClauseA, and ClauseB is -1.
type Trade struct {
	A, B           int     // lead states of the two traders
	GroupA, GroupB int     // the bloc a trader stands for (negotiates as one), else -1
	ClauseA        int     // the clause on which B moves toward A
	FromA, ToA     float64 // B's demand on ClauseA, before and after
	ClauseB        int     // the clause on which A moves toward B; -1 in a purchase
	FromB, ToB     float64 // A's demand on ClauseB, before and after
	Payment        float64 // a purchase: utility paid by A to B
	GainA, GainB   float64 // expected gains in the exchange model (equal by construction)
}

// A trader is a delegation that trades: a state, or a bloc that negotiates
// as one (its members move together).
type trader struct {
	lead, group int
	members     []int // present members; a lone state is its own member
}

// market is the scratch of the exchange rounds, allocated once and grown
// to the largest room seen, so that a round allocates nothing in steady
// state.
type market struct {
	traders []trader
	one     []int     // backing for lone states' member lists: one[i] = i
	pos     []float64 // per trader*clause: capability-weighted mean demand
	sal     []float64 // per trader*clause: capability-weighted mean raw salience
	cap     []float64 // per trader: capability
	cands   []Trade
	used    []bool // per trader: traded this round
	inBloc  []bool // per state: a member of a bloc that negotiates as one
}

// buildTraders lists the delegations that trade this round: every bloc
// that negotiates as one with a member present, and every other present
// state whose largest raw salience reaches minSalience (the silent middle
// does not trade). Blocs trade when any member cares that much.
func (p *Population) buildTraders(minSalience float64) {
	mk, m := &p.mk, p.M
	if mk.one == nil {
		mk.one = make([]int, p.N)
		for i := range mk.one {
			mk.one[i] = i
		}
		mk.inBloc = make([]bool, p.N)
	}
	mk.traders = mk.traders[:0]
	inBloc := mk.inBloc
	clear(inBloc)
	for g := range p.groups {
		if !p.groups[g].NegotiatesAsOne {
			continue
		}
		members := p.Members(g)
		lead, cares := -1, false
		for _, j := range members {
			inBloc[j] = true
			if p.Present[j] {
				if lead < 0 {
					lead = j
				}
				cares = cares || p.maxSalience(j) >= minSalience
			}
		}
		if lead >= 0 && cares {
			mk.traders = append(mk.traders, trader{lead: lead, group: g, members: members})
		}
	}
	for i := range p.N {
		if !inBloc[i] && p.Present[i] && p.maxSalience(i) >= minSalience {
			mk.traders = append(mk.traders, trader{lead: i, group: -1, members: mk.one[i : i+1]})
		}
	}
	t := len(mk.traders)
	mk.pos = grow(mk.pos, t*m)
	mk.sal = grow(mk.sal, t*m)
	mk.cap = grow(mk.cap, t)
	if cap(mk.used) < t {
		mk.used = make([]bool, t)
	}
	mk.used = mk.used[:t]
	clear(mk.used)
	for k, tr := range mk.traders {
		pos, sal := mk.pos[k*m:(k+1)*m], mk.sal[k*m:(k+1)*m]
		clear(pos)
		clear(sal)
		total := 0.0
		for _, j := range tr.members {
			if !p.Present[j] {
				continue
			}
			w := p.Capability[j]
			total += w
			for c := range m {
				pos[c] += w * p.Demand[j*m+c]
				sal[c] += w * p.Salience[j*m+c]
			}
		}
		for c := range m {
			pos[c] /= total
			sal[c] /= total
		}
		mk.cap[k] = total
	}
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// maxSalience is state i's largest raw salience.
func (p *Population) maxSalience(i int) float64 {
	return slices.Max(p.Salience[i*p.M : (i+1)*p.M])
}

// Exchange plays one round of the exchange model of Stokman and Van
// Oosten (1994) in its equal-gain variant (as in the decide package of the
// DEU III team) and appends the trades made to trades.
//
// The expected outcome of clause c is outcome[c], the compromise of the
// demands, and weight[c] = sum_i w_i s_ic its total weight, so that a
// trader t (capability C_t, salience s_tc) moving its demand by d shifts
// the outcome by C_t s_tc d / weight[c]. Two traders can trade on clauses a
// and b when they stand on opposite sides of the expected outcome on both
// and t cares relatively more about a (s_ta s_ub > s_tb s_ua): u moves
// toward t on a, t toward u on b, by amounts that give both the same gain
// in salience-weighted outcome shifts; one of them moves all the way to
// the other's demand. For each pair the clauses are the ones where their
// ratios of salience differ most, an O(m) scan; the pairs' best trades are
// then made greedily by gain, each trader at most once a round. With T
// traders a round costs O(T^2 m + T^2 log T); the silent middle does not
// trade, so T is a few dozen in the flagship, not 193.
//
// Only clauses marked eligible are traded, never one a trader has pinned
// (a proposal it tabled). The moves are promises (Commit): concession
// keeps them for the rest of the run. A trade with a state played from
// outside (Controlled) is made only if accept agrees.
func (p *Population) Exchange(eligible []bool, outcome, weight []float64, minSalience float64, accept func(Trade) bool, trades []Trade) []Trade {
	p.buildTraders(minSalience)
	mk := &p.mk
	mk.cands = mk.cands[:0]
	for t := range mk.traders {
		for u := t + 1; u < len(mk.traders); u++ {
			if tr, ok := p.bestTrade(t, u, eligible, outcome, weight); ok {
				mk.cands = append(mk.cands, tr)
			}
		}
	}
	slices.SortFunc(mk.cands, byGain)
	for _, tr := range mk.cands {
		t, u := p.traderOf(tr.A, tr.GroupA), p.traderOf(tr.B, tr.GroupB)
		if mk.used[t] || mk.used[u] || !p.agrees(tr, accept) {
			continue
		}
		mk.used[t], mk.used[u] = true, true
		p.promise(mk.traders[u], tr.ClauseA, tr.ToA)
		p.promise(mk.traders[t], tr.ClauseB, tr.ToB)
		trades = append(trades, tr)
	}
	return trades
}

// agrees reports whether the states played from outside in a trade accept
// it; agents always do, as the trade was their best.
func (p *Population) agrees(tr Trade, accept func(Trade) bool) bool {
	if !p.Controlled[tr.A] && !p.Controlled[tr.B] {
		return true
	}
	return accept != nil && accept(tr)
}

// byGain orders trades by decreasing gain, then by traders and clauses, so
// that the order never depends on anything but the values.
func byGain(a, b Trade) int {
	if c := cmp.Compare(b.GainA+b.GainB, a.GainA+a.GainB); c != 0 {
		return c
	}
	if c := cmp.Compare(a.A, b.A); c != 0 {
		return c
	}
	if c := cmp.Compare(a.B, b.B); c != 0 {
		return c
	}
	return cmp.Compare(a.ClauseA, b.ClauseA)
}

// traderOf finds the index of the trader with this lead and group.
func (p *Population) traderOf(lead, group int) int {
	for k, tr := range p.mk.traders {
		if tr.lead == lead && tr.group == group {
			return k
		}
	}
	return -1
}

// bestTrade finds the exchange between traders t and u on the clauses
// where their relative saliences differ most, and reports whether it
// gains anything.
func (p *Population) bestTrade(t, u int, eligible []bool, outcome, weight []float64) (Trade, bool) {
	mk, m := &p.mk, p.M
	lt, lu := mk.traders[t].lead, mk.traders[u].lead
	pt, pu := mk.pos[t*m:(t+1)*m], mk.pos[u*m:(u+1)*m]
	st, su := mk.sal[t*m:(t+1)*m], mk.sal[u*m:(u+1)*m]
	a, b := -1, -1
	for c := range m {
		if !eligible[c] || weight[c] <= 0 || !math.IsNaN(p.Pin[lt*m+c]) || !math.IsNaN(p.Pin[lu*m+c]) {
			continue
		}
		if (pt[c]-outcome[c])*(pu[c]-outcome[c]) >= 0 {
			continue // not on opposite sides: nothing to trade here
		}
		// s_t/s_u compared as products, so that a zero salience is fine.
		if a < 0 || st[c]*su[a] > st[a]*su[c] {
			a = c
		}
		if b < 0 || st[c]*su[b] < st[b]*su[c] {
			b = c
		}
	}
	if a < 0 || b < 0 || a == b || st[a]*su[b] <= st[b]*su[a] {
		return Trade{}, false
	}
	// Per unit of move: A, the outcome shift on a when u moves; B, on b
	// when t moves.
	effA := mk.cap[u] * su[a] / weight[a]
	effB := mk.cap[t] * st[b] / weight[b]
	maxA, maxB := math.Abs(pt[a]-pu[a]), math.Abs(pu[b]-pt[b])
	if effA <= 0 || effB <= 0 {
		return Trade{}, false
	}
	// Equal gains: effA dA (s_ta + s_ua) = effB dB (s_tb + s_ub).
	dA := maxA
	dB := dA * effA * (st[a] + su[a]) / (effB * (st[b] + su[b]))
	if dB > maxB {
		dB = maxB
		dA = dB * effB * (st[b] + su[b]) / (effA * (st[a] + su[a]))
	}
	gain := effA * dA * (st[a]*su[b] - st[b]*su[a]) / (st[b] + su[b])
	if !(gain > 1e-9) {
		return Trade{}, false
	}
	return Trade{
		A: lt, B: lu, GroupA: mk.traders[t].group, GroupB: mk.traders[u].group,
		ClauseA: a, FromA: pu[a], ToA: pu[a] + math.Copysign(dA, pt[a]-pu[a]),
		ClauseB: b, FromB: pt[b], ToB: pt[b] + math.Copysign(dB, pu[b]-pt[b]),
		GainA: gain, GainB: gain,
	}, true
}

// promise moves every present member of trader tr to demand v on clause c
// and makes it a commitment.
func (p *Population) promise(tr trader, c int, v float64) {
	for _, j := range tr.members {
		if p.Present[j] {
			k := j*p.M + c
			p.Demand[k], p.Commit[k] = v, v
		}
	}
}

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
	if mk.one == nil {
		p.buildTraders(math.Inf(1)) // allocate the scratch
	}
	mk.cands = mk.cands[:0]
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
			mk.cands = append(mk.cands, best)
		}
	}
	slices.SortFunc(mk.cands, byGain)
	for _, tr := range mk.cands {
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
