package agents

import "math"

// Concede sets every present state's demands on the agenda clauses at
// deadline pressure tau, conceding toward target (per clause: the room's
// compromise), with the time-dependent tactics of Faratin, Sierra and
// Jennings (1998) on the utility scale: a state's aspiration falls from 1
// (its ideal text) toward its reservation point, the better of no treaty
// (r_i) and the compromise itself, as tau^(1/beta_i):
//
//	budget_i(tau) = (1 - max(r_i, U_i(target))) tau^(1/beta_i)
//
// so that a state that prefers the compromise to no treaty reaches it only
// at the deadline, and one that prefers no treaty never does. It spends
// the budget on the clauses that matter least to it first (Zeuthen's
// ordering of concessions by what is at stake), moving its demand toward
// the target, fully where the budget allows and partly on the clause where
// it runs out. A pinned demand (a proposal the state has tabled this
// session) does not move; a promise made in an exchange holds the demand at
// least as far from the state's preference as it promised. States played
// from outside (Controlled) set their own demands.
func (p *Population) Concede(target []float64, agenda []bool, tau float64) {
	if p.priceStamp != p.posStamp || !equalBits(target, p.priceTarget) {
		p.price(target)
	}
	for i := range p.N {
		if !p.Present[i] || p.Controlled[i] {
			continue
		}
		p.concede(i, target, agenda, p.elapsed(i, tau))
	}
	p.commonPositions(agenda)
}

// price prices, for every state, every clause's move to the target in
// clause order, cost_c = w_c |t_c - x_c|^a; their sum is 1 - U_i(target),
// the utility of the target, summed as Utility sums it. The prices hold
// while the target and the preferences do: within a session, the
// compromise of preferences is fixed, so a session prices once.
func (p *Population) price(target []float64) {
	m := p.M
	copy(p.priceTarget, target)
	p.priceStamp = p.posStamp
	for i := range p.N {
		row := i * m
		pos, weight, costs := p.Pos[row:row+m], p.Weight[row:row+m], p.priceCost[row:row+m]
		utility := 1.0
		if p.curvature == 2 { // the default, without a call per clause
			for c, t := range target[:m] {
				g := t - pos[c]
				costs[c] = weight[c] * (g * g)
				utility -= costs[c]
			}
		} else {
			for c, t := range target[:m] {
				costs[c] = weight[c] * p.Loss(t-pos[c])
				utility -= costs[c]
			}
		}
		p.priceUtility[i] = utility
		p.sumSpent(i)
	}
	p.forgetReached()
}

// sumSpent sets what conceding state i's first k clauses in order of
// salience costs, for the incremental spending of concede; a clause
// it pinned (tabled) costs nothing, its demand being the pin.
func (p *Population) sumSpent(i int) {
	m := p.M
	row := i * m
	costs, pin := p.priceCost[row:row+m], p.Pin[row:row+m]
	spent, sum := p.spent[i*(m+1):(i+1)*(m+1)], 0.0
	spent[0] = 0
	for k, c := range p.order[row : row+m] {
		if math.IsNaN(pin[c]) {
			sum += costs[c]
		}
		spent[k+1] = sum
	}
	p.spentStale[i] = false
}

// forgetReached makes every state's next concession write all its
// demands anew (see concede).
func (p *Population) forgetReached() {
	for i := range p.reached {
		p.reached[i] = -1
	}
}

// equalBits reports whether a and b hold the same float64s bit for bit.
func equalBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
			return false
		}
	}
	return true
}

// concede moves state i's demands, having conceded the share elapsed of
// its way to its reservation point, the better of no treaty and the
// target. It writes them into its row of Demand, or of own for a member of
// a bloc, whose common position then replaces them. The budget is spent
// over the whole text, so that a state's demand on a clause does not
// depend on what else is on the agenda: it concedes fully the first k
// clauses in order of salience that the budget pays for
// (spent[k] <= budget) and part of the next; a pinned clause keeps its pin
// and costs nothing, and a promise holds a demand at least as far from the
// preference as it promised. Within a session its prices hold and its
// budget only grows, so it picks up where the last round left it
// (reached) and writes only the demands that move: the clauses newly
// conceded, and the one conceded in part. A new pin or promise makes it
// write them whole again.
func (p *Population) concede(i int, target []float64, agenda []bool, elapsed float64) {
	m := p.M
	row := i * m
	budget := (1 - max(p.NoTreaty[i], p.priceUtility[i])) * elapsed
	demand := p.Demand[row : row+m]
	if p.blocMember[i] {
		demand = p.own[row : row+m]
	}
	if p.spentStale[i] {
		p.sumSpent(i)
	}
	pos, weight := p.Pos[row:row+m], p.Weight[row:row+m]
	target, agenda = target[:m], agenda[:m]
	order, spent := p.order[row:row+m], p.spent[i*(m+1):(i+1)*(m+1)]
	bound := p.bound[i]
	k := int(p.reached[i])
	// A new session (k < 0 is checked first), or a smaller budget.
	whole := k < 0 || budget < spent[k]
	if whole {
		k = 0
	}
	start := k
	for k < m && spent[k+1] <= budget {
		k++
	}
	for _, c32 := range order[start:k] {
		if c := int(c32); agenda[c] {
			demand[c] = target[c]
			if bound {
				demand[c] = p.keep(row+c, target[c])
			}
		}
	}
	if k < m {
		if c := int(order[k]); agenda[c] {
			x := pos[c]
			demand[c] = x + p.partialStep(target[c]-x, weight[c], budget-spent[k])
			if bound {
				demand[c] = p.keep(row+c, demand[c])
			}
		}
		if whole {
			for _, c32 := range order[k+1:] {
				if c := int(c32); agenda[c] {
					demand[c] = pos[c]
					if bound {
						demand[c] = p.keep(row+c, pos[c])
					}
				}
			}
		}
	}
	p.reached[i] = int32(k)
}

// keep returns the demand of stand k, a state's demand d once its pin and
// its promise are respected: the pin if it tabled one, else the promise if
// it is farther from the preference than d.
func (p *Population) keep(k int, d float64) float64 {
	if pin := p.Pin[k]; !math.IsNaN(pin) {
		return pin
	}
	if c, x := p.Commit[k], p.Pos[k]; !math.IsNaN(c) && math.Abs(c-x) > math.Abs(d-x) {
		return c // a promise made in an exchange is kept
	}
	return d
}

// partialStep is the move toward a target gap away that a budget buys
// at weight w, when it cannot buy the whole way: the distance at which
// the loss is budget/w, no farther than the gap, in the gap's direction.
func (p *Population) partialStep(gap, w, budget float64) float64 {
	step := 0.0
	if budget > 0 && w > 0 {
		if p.curvature == 2 {
			step = math.Sqrt(budget / w) // the default, without a call
		} else {
			step = p.invLoss(budget / w)
		}
	}
	// math.Min(step, |gap|), without its NaN handling: both are >= 0 and
	// neither is NaN.
	if a := math.Abs(gap); a < step {
		step = a
	}
	return math.Copysign(step, gap)
}

// invLoss is the distance at which the loss is l: the inverse of Loss.
func (p *Population) invLoss(l float64) float64 {
	switch p.curvature {
	case 1:
		return l
	case 2:
		return math.Sqrt(l)
	}
	return math.Pow(l, 1/p.curvature)
}

// commonPositions makes the members of a group that negotiates as one
// table its common position: their capability-weighted mean demand. The
// sums run member by member over contiguous rows; each clause's sum takes
// its terms in member order, as a loop over that clause alone would.
func (p *Population) commonPositions(agenda []bool) {
	m := p.M
	spans := p.agendaSpans(agenda)
	sum := p.commonSum
	for g := range p.groups {
		if !p.groups[g].NegotiatesAsOne {
			continue
		}
		members := p.members[p.memberStart[g]:p.memberStart[g+1]]
		clear(sum)
		wsum := 0.0
		for _, j := range members {
			if !p.Present[j] {
				continue
			}
			w := p.Capability[j]
			wsum += w
			own := p.own // what the member conceded; a played member sets Demand
			if p.Controlled[j] {
				own = p.Demand
			}
			for _, s := range spans {
				d, sx := own[j*m+s.lo:j*m+s.hi], sum[s.lo:s.hi]
				d = d[:len(sx)]
				for c := range sx {
					sx[c] += w * d[c]
				}
			}
		}
		if wsum == 0 {
			continue
		}
		for _, s := range spans {
			for c := s.lo; c < s.hi; c++ {
				sum[c] /= wsum // now the common position
			}
		}
		for _, j := range members {
			if !p.Present[j] {
				continue
			}
			for _, s := range spans {
				pin, demand := p.Pin[j*m+s.lo:j*m+s.hi], p.Demand[j*m+s.lo:j*m+s.hi]
				common := sum[s.lo:s.hi]
				pin, common = pin[:len(demand)], common[:len(demand)]
				for c := range demand {
					if math.IsNaN(pin[c]) {
						demand[c] = common[c]
					}
				}
			}
		}
	}
}
