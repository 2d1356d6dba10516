package agents

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	"github.com/treatysim/treatysim/scenarios"
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

// candidate is the best trade of a pair of traders, kept small so that
// sorting the pairs of a round moves little memory; the Trade itself is
// built only for the trades made.
type candidate struct {
	gain   float64
	t, u   int32 // traders: t gains on a, u on b
	a, b   int32 // clauses
	dA, dB float64
}

// market is the scratch of the exchange rounds, allocated once and grown
// to the largest room seen, so that a round allocates nothing in steady
// state.
type market struct {
	traders   []trader
	one       []int     // backing for lone states' member lists: one[i] = i
	pos       []float64 // per trader*clause: capability-weighted mean demand
	sal       []float64 // per trader*clause: capability-weighted mean raw salience
	cap       []float64 // per trader: capability
	side      []int8    // per trader*clause: -1, +1 around the expected outcome; 0 not tradable
	invWeight []float64 // per clause: 1 / W_c for the round (0 where W_c is 0)
	above     []uint64  // per trader, when M <= 64: bit c set where side is +1
	below     []uint64  // ... and where it is -1
	cands     []candidate
	best      []candidate // per trader: its most profitable exchange this round
	bought    []Trade     // scratch of Buy's offers, one per target
	// The sponsors' mean demand and salience in Buy, and the clauses they
	// can buy on.
	sponsorPos, sponsorSal []float64
	sponsorOpen            []int32
	used                   []bool // per trader: traded this round
	inBloc                 []bool // per state: a member of a bloc that negotiates as one
}

// buildTraders lists the delegations that trade this round: every bloc
// that negotiates as one with a member present, and every other present
// state whose largest raw salience reaches minSalience (the silent middle
// does not trade) and that is not a maximalist (all or nothing: it makes
// no package deals). Blocs trade when any member cares that much.
func (p *Population) buildTraders(minSalience float64) {
	mk, m := &p.mk, p.M
	mk.allocate(p.N, len(p.groups), m)
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
		if !inBloc[i] && p.Present[i] && p.maxSalience(i) >= minSalience && p.Disposition[i] != scenarios.Maximalist {
			mk.traders = append(mk.traders, trader{lead: i, group: -1, members: mk.one[i : i+1]})
		}
	}
	t := len(mk.traders)
	mk.pos, mk.sal, mk.cap = mk.pos[:t*m], mk.sal[:t*m], mk.cap[:t]
	mk.used = mk.used[:t]
	clear(mk.used)
	for k, tr := range mk.traders {
		pos, sal := mk.pos[k*m:(k+1)*m], mk.sal[k*m:(k+1)*m]
		if tr.group < 0 { // a lone state: its own rows
			i := tr.lead
			copy(pos, p.Demand[i*m:(i+1)*m])
			copy(sal, p.Salience[i*m:(i+1)*m])
			mk.cap[k] = p.Capability[i]
			continue
		}
		mk.cap[k] = p.meanOf(tr.members, pos, sal)
	}
}

// allocate sizes the scratch, once, for the largest room: every state
// trading alone and every group as a bloc, so that no round allocates.
func (mk *market) allocate(n, groups, m int) {
	if mk.one != nil {
		return
	}
	t := n + groups
	mk.one, mk.inBloc = make([]int, n), make([]bool, n)
	for i := range mk.one {
		mk.one[i] = i
	}
	mk.traders = make([]trader, 0, t)
	mk.pos, mk.sal, mk.side = make([]float64, t*m), make([]float64, t*m), make([]int8, t*m)
	mk.cap, mk.above, mk.below = make([]float64, t), make([]uint64, t), make([]uint64, t)
	mk.cands, mk.best, mk.used = make([]candidate, 0, t), make([]candidate, t), make([]bool, t)
	mk.bought = make([]Trade, 0, n)
	mk.sponsorPos, mk.sponsorSal = make([]float64, m), make([]float64, m)
	mk.sponsorOpen = make([]int32, 0, m)
	mk.invWeight = make([]float64, m)
}

// maxSalience is state i's largest raw salience: the last of its clauses
// in order of salience (normalise keeps the order).
func (p *Population) maxSalience(i int) float64 {
	m := p.M
	return p.Salience[i*m+int(p.order[(i+1)*m-1])]
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
	p.sides(eligible, outcome, weight)
	mk := &p.mk
	// Each trader puts forward its most profitable exchange (the best of
	// its pairs); those offers are made greedily by gain, each trader at
	// most once a round. A trader whose best partner is taken waits for
	// the next round, when the room has moved.
	best := mk.best[:len(mk.traders)]
	clear(best)
	for t := range mk.traders {
		for u := t + 1; u < len(mk.traders); u++ {
			if p.M <= 64 {
				// A trade needs opposite sides of the expected outcome on
				// two clauses or more: a test of bits that rules out most
				// pairs of allies before any clause is scanned.
				opp := mk.above[t]&mk.below[u] | mk.below[t]&mk.above[u]
				if opp&(opp-1) == 0 {
					continue
				}
			}
			if c, ok := p.bestTrade(t, u); ok {
				if byGain(c, best[t]) < 0 {
					best[t] = c
				}
				if byGain(c, best[u]) < 0 {
					best[u] = c
				}
			}
		}
	}
	mk.cands = mk.cands[:0]
	for t, c := range best {
		if c.gain > 0 && (int(c.t) == t || best[c.t] != c) { // each offer once
			mk.cands = append(mk.cands, c)
		}
	}
	slices.SortFunc(mk.cands, byGain)
	for _, c := range mk.cands {
		if mk.used[c.t] || mk.used[c.u] {
			continue
		}
		tr := p.trade(c)
		if !p.agrees(tr, accept) {
			continue
		}
		mk.used[c.t], mk.used[c.u] = true, true
		p.promise(mk.traders[c.u], tr.ClauseA, tr.ToA)
		p.promise(mk.traders[c.t], tr.ClauseB, tr.ToB)
		trades = append(trades, tr)
	}
	return trades
}

// sides sets, per trader and clause, the side of the expected outcome its
// demand stands on (0 where it cannot trade: not eligible, no weight, on
// the outcome, pinned by a proposal its lead tabled, or promised in an
// earlier exchange: a promise is not sold twice).
func (p *Population) sides(eligible []bool, outcome, weight []float64) {
	mk, m := &p.mk, p.M
	for c, w := range weight[:m] {
		mk.invWeight[c] = 0
		if w > 0 {
			mk.invWeight[c] = 1 / w
		}
	}
	mk.side = mk.side[:len(mk.pos)]
	mk.above, mk.below = mk.above[:len(mk.traders)], mk.below[:len(mk.traders)]
	for t, tr := range mk.traders {
		pos, side := mk.pos[t*m:(t+1)*m], mk.side[t*m:(t+1)*m]
		pin, commit := p.Pin[tr.lead*m:(tr.lead+1)*m], p.Commit[tr.lead*m:(tr.lead+1)*m]
		var above, below uint64
		for c := range m {
			switch {
			case !eligible[c] || weight[c] <= 0 || !math.IsNaN(pin[c]) || !math.IsNaN(commit[c]):
				side[c] = 0
			case pos[c] > outcome[c]:
				side[c] = 1
				above |= 1 << (c & 63)
			case pos[c] < outcome[c]:
				side[c] = -1
				below |= 1 << (c & 63)
			default:
				side[c] = 0
			}
		}
		mk.above[t], mk.below[t] = above, below
	}
}

// trade builds the Trade of a candidate.
func (p *Population) trade(c candidate) Trade {
	mk, m := &p.mk, p.M
	t, u, a, b := int(c.t), int(c.u), int(c.a), int(c.b)
	pt, pu := mk.pos[t*m:(t+1)*m], mk.pos[u*m:(u+1)*m]
	return Trade{
		A: mk.traders[t].lead, B: mk.traders[u].lead, GroupA: mk.traders[t].group, GroupB: mk.traders[u].group,
		ClauseA: a, FromA: pu[a], ToA: pu[a] + math.Copysign(c.dA, pt[a]-pu[a]),
		ClauseB: b, FromB: pt[b], ToB: pt[b] + math.Copysign(c.dB, pu[b]-pt[b]),
		GainA: c.gain, GainB: c.gain,
	}
}

// agrees reports whether the states played from outside in a trade accept
// it; agents always do, as the trade was their best.
func (p *Population) agrees(tr Trade, accept func(Trade) bool) bool {
	if !p.Controlled[tr.A] && !p.Controlled[tr.B] {
		return true
	}
	return accept != nil && accept(tr)
}

// byGain orders candidates by decreasing gain, then by traders, so that
// the order never depends on anything but the values.
func byGain(x, y candidate) int {
	// Gains are finite, so plain comparisons suffice (cmp.Compare also
	// orders NaNs, which costs time in the sort).
	switch {
	case x.gain > y.gain:
		return -1
	case x.gain < y.gain:
		return 1
	}
	if c := cmp.Compare(x.t, y.t); c != 0 {
		return c
	}
	return cmp.Compare(x.u, y.u)
}

// bestTrade finds the exchange between traders t and u on the clauses
// where their relative saliences differ most, and reports whether it
// gains anything.
func (p *Population) bestTrade(t, u int) (candidate, bool) {
	mk, m := &p.mk, p.M
	st, su := mk.sal[t*m:(t+1)*m], mk.sal[u*m:(u+1)*m]
	su = su[:len(st)]
	a, b := -1, -1
	if m <= 64 {
		// The clauses where they stand on opposite sides, by bits.
		for opp := mk.above[t]&mk.below[u] | mk.below[t]&mk.above[u]; opp != 0; opp &= opp - 1 {
			a, b = extremeRatios(bits.TrailingZeros64(opp), a, b, st, su)
		}
	} else {
		sdt, sdu := mk.side[t*m:(t+1)*m], mk.side[u*m:(u+1)*m]
		for c := range m {
			if sdt[c]*sdu[c] < 0 {
				a, b = extremeRatios(c, a, b, st, su)
			}
		}
	}
	if a < 0 || a == b || st[a]*su[b] <= st[b]*su[a] {
		return candidate{}, false
	}
	// Per unit of move: the outcome shift on a when u moves, on b when t
	// moves (invWeight holds 1/W_c for the round).
	effA := mk.cap[u] * su[a] * mk.invWeight[a]
	effB := mk.cap[t] * st[b] * mk.invWeight[b]
	if effA <= 0 || effB <= 0 {
		return candidate{}, false
	}
	// Equal gains: effA dA (s_ta + s_ua) = effB dB (s_tb + s_ub); the move
	// that would overshoot the other's demand is cut to it.
	priceA, priceB := effA*(st[a]+su[a]), effB*(st[b]+su[b])
	pt, pu := mk.pos[t*m:(t+1)*m], mk.pos[u*m:(u+1)*m]
	maxA, maxB := math.Abs(pt[a]-pu[a]), math.Abs(pu[b]-pt[b])
	dA, dB := maxA, maxB
	if maxA*priceA <= maxB*priceB {
		dB = maxA * priceA / priceB
	} else {
		dA = maxB * priceB / priceA
	}
	gain := effA * dA * (st[a]*su[b] - st[b]*su[a]) / (st[b] + su[b])
	if !(gain > 1e-9) {
		return candidate{}, false
	}
	return candidate{gain: gain, t: int32(t), u: int32(u), a: int32(a), b: int32(b), dA: dA, dB: dB}, true
}

// extremeRatios updates a and b, the clauses with the largest and the
// smallest ratio of saliences s_t/s_u so far, with clause c. The ratios
// are compared as products, so that a zero salience is fine.
func extremeRatios(c, a, b int, st, su []float64) (int, int) {
	if a < 0 || st[c]*su[a] > st[a]*su[c] {
		a = c
	}
	if b < 0 || st[c]*su[b] < st[b]*su[c] {
		b = c
	}
	return a, b
}

// promise moves every present member of trader tr to demand v on clause c
// and makes it a commitment.
func (p *Population) promise(tr trader, c int, v float64) {
	for _, j := range tr.members {
		if p.Present[j] {
			p.Promise(j, c, v)
		}
	}
}
