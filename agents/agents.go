package agents

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/treatysim/treatysim/scenarios"
)

// Population holds every state of one run in flat slices: per-state values
// are indexed by state, per-stand values by state*M + clause. It is built
// once per scenario (New) and reset at the start of each run (Reset), so
// that a run allocates nothing.
type Population struct {
	N, M int

	// Per stand (state*M + clause).
	Ideal    []float64 // p: ideal point, the anchor of socialisation
	Pos      []float64 // x: current preference after socialisation
	Demand   []float64 // d: what the state asks for at the table
	Salience []float64 // s: raw salience, the weight in the chair's compromise
	Weight   []float64 // s normalised: the weight in utility
	RedLine  []float64 // distance beyond which it objects formally (>= 1: none)
	Pin      []float64 // option value a state insists on this session; NaN: none

	// Per state.
	Capability  []float64
	NoTreaty    []float64
	Beta        []float64 // concession exponent of the time-dependent tactic
	Lambda      []float64 // susceptibility (Friedkin-Johnsen)
	Bonus       []float64 // positive incentives received
	Disposition []scenarios.Disposition
	Present     []bool
	Follows     []int

	curvature float64
	order     []int32 // per state, its clauses by increasing salience

	// Groups, as compressed rows: the members of group g are
	// members[memberStart[g]:memberStart[g+1]]; the groups of state i are
	// tieGroup[tieStart[i]:tieStart[i+1]] with row-normalised weights tieW.
	groups      []scenarios.GroupInfo
	memberStart []int
	members     []int
	tieStart    []int
	tieGroup    []int
	tieW        []float64
	roomTie     []float64 // bridge-builders' tie to the whole room
	groupMean   []float64 // G*M scratch
	groupW      []float64 // G: present capability of each group
	roomMean    []float64 // M scratch
	sc          *scenarios.Scenario
}

// New allocates a Population for the scenario.
func New(sc *scenarios.Scenario) *Population {
	n, m, g := len(sc.States), len(sc.Clauses), len(sc.Groups)
	p := &Population{
		N: n, M: m, sc: sc, groups: sc.Groups,
		Ideal: make([]float64, n*m), Pos: make([]float64, n*m), Demand: make([]float64, n*m),
		Salience: make([]float64, n*m), Weight: make([]float64, n*m), RedLine: make([]float64, n*m),
		Pin: make([]float64, n*m), order: make([]int32, n*m),
		Capability: make([]float64, n), NoTreaty: make([]float64, n), Beta: make([]float64, n),
		Lambda: make([]float64, n), Bonus: make([]float64, n), Disposition: make([]scenarios.Disposition, n),
		Present: make([]bool, n), Follows: make([]int, n), roomTie: make([]float64, n),
		groupMean: make([]float64, g*m), groupW: make([]float64, g), roomMean: make([]float64, m), tieStart: make([]int, n+1),
		memberStart: make([]int, g+1),
	}
	for gi, gr := range sc.Groups {
		p.memberStart[gi] = len(p.members)
		p.members = append(p.members, gr.Members...)
	}
	p.memberStart[g] = len(p.members)
	total := 0
	for _, st := range sc.States {
		total += len(st.Groups) + 1
	}
	p.tieGroup = make([]int, 0, total)
	p.tieW = make([]float64, 0, total)
	return p
}

// Reset starts a run: it draws every parameter given as a distribution
// with rng (fixed parameters draw nothing) and puts every state at its
// ideal point.
func (p *Population) Reset(rng *rand.Rand) {
	sc, m := p.sc, p.M
	p.curvature = sc.Model.Curvature
	for i := range sc.States {
		st := &sc.States[i]
		p.Capability[i] = st.Capability.Draw(rng, 1e-9, math.Inf(1))
		p.NoTreaty[i] = st.NoTreaty.Draw(rng, 0, 1)
		p.Bonus[i] = 0
		p.Follows[i] = st.Follows
		p.setDisposition(i, st.Disposition, rng)
		if st.Concession.IsSet() {
			p.Beta[i] = st.Concession.Draw(rng, 1e-6, math.Inf(1))
		}
		if st.Susceptibility.IsSet() {
			p.Lambda[i] = st.Susceptibility.Draw(rng, 0, 1)
		}
		for c := range st.Positions {
			k := i*m + c
			pos := &st.Positions[c]
			p.Ideal[k] = pos.Ideal.Draw(rng, 0, 1)
			p.Pos[k] = p.Ideal[k]
			p.Demand[k] = p.Ideal[k]
			p.Salience[k] = pos.Salience.Draw(rng, 0, 1)
			p.RedLine[k] = pos.RedLine.Draw(rng, 0, 1)
			p.Pin[k] = math.NaN()
		}
		p.normalise(i)
	}
	p.buildTies()
}

// setDisposition gives state i a disposition and its default parameters.
func (p *Population) setDisposition(i int, d scenarios.Disposition, rng *rand.Rand) {
	p.Disposition[i] = d
	p.Present[i] = d != scenarios.Absent
	dp := p.sc.Model.Dispositions[d]
	p.Beta[i] = dp.Concession.Draw(rng, 1e-6, math.Inf(1))
	p.Lambda[i] = dp.Susceptibility.Draw(rng, 0, 1)
}

// normalise recomputes state i's utility weights and its concession order.
// Saliences summing to more than 1 are scaled to sum to 1; a state whose
// saliences sum to less cares less about the whole text, and its utility
// stays near 1 whatever the text (a silent delegation).
func (p *Population) normalise(i int) {
	m := p.M
	sum := 0.0
	for c := range m {
		sum += p.Salience[i*m+c]
	}
	scale := 1.0
	if sum > 1 {
		scale = 1 / sum
	}
	ord := p.order[i*m : (i+1)*m]
	for c := range m {
		p.Weight[i*m+c] = p.Salience[i*m+c] * scale
		ord[c] = int32(c)
	}
	sal := p.Salience[i*m : (i+1)*m]
	// Insertion sort: m is small, and sort.Slice would allocate.
	for a := 1; a < m; a++ {
		for b := a; b > 0 && sal[ord[b]] < sal[ord[b-1]]; b-- {
			ord[b], ord[b-1] = ord[b-1], ord[b]
		}
	}
}

// buildTies computes the socialisation ties: state i's weight on each of
// its groups is proportional to the group's cohesion, normalised over its
// groups (row-stochastic A of Friedkin-Johnsen, taken through group means).
// A follower ties only to the group it follows; a bridge-builder gives half
// its ties to the room as a whole.
func (p *Population) buildTies() {
	p.tieGroup, p.tieW = p.tieGroup[:0], p.tieW[:0]
	for i := range p.N {
		p.tieStart[i] = len(p.tieGroup)
		st := &p.sc.States[i]
		if p.Disposition[i] == scenarios.Follower && p.Follows[i] >= 0 {
			p.tieGroup = append(p.tieGroup, p.Follows[i])
			p.tieW = append(p.tieW, 1)
			p.roomTie[i] = 0
			continue
		}
		start, sum := len(p.tieW), 0.0
		for _, g := range st.Groups {
			w := p.groups[g].Cohesion
			if w <= 0 {
				continue
			}
			p.tieGroup = append(p.tieGroup, g)
			p.tieW = append(p.tieW, w)
			sum += w
		}
		room := 0.0
		if p.Disposition[i] == scenarios.BridgeBuilder {
			room = 0.5
			if sum == 0 {
				room = 1
			}
		}
		for k := start; k < len(p.tieW); k++ {
			p.tieW[k] *= (1 - room) / sum
		}
		p.roomTie[i] = room
	}
	p.tieStart[p.N] = len(p.tieGroup)
}

// SetStand changes state i's stand on clause c (an attitude event); NaN
// arguments keep the old value.
func (p *Population) SetStand(i, c int, ideal, salience, redLine float64) {
	k := i*p.M + c
	if !math.IsNaN(ideal) {
		p.Ideal[k] = ideal
		p.Pos[k] = ideal
	}
	if !math.IsNaN(salience) {
		p.Salience[k] = salience
		p.normalise(i)
	}
	if !math.IsNaN(redLine) {
		p.RedLine[k] = redLine
	}
}

// SetDisposition changes state i's disposition (an attitude event) and
// with it its default concession and susceptibility.
func (p *Population) SetDisposition(i int, d scenarios.Disposition, rng *rand.Rand) {
	p.setDisposition(i, d, rng)
	p.buildTies()
}

// Loss is |gap|^a, the loss of a text at distance gap from a position.
func (p *Population) Loss(gap float64) float64 {
	gap = math.Abs(gap)
	switch p.curvature {
	case 1:
		return gap
	case 2:
		return gap * gap
	}
	return math.Pow(gap, p.curvature)
}

// Utility is U_i(T) = 1 - sum_c w_ic |T_c - x_ic|^a, with w the normalised
// saliences: the design's sum_c s_ic (1 - |T_c - x_ic|^a) when saliences
// sum to 1, and closer to 1 for a state that cares little.
func (p *Population) Utility(i int, text []float64) float64 {
	m := p.M
	pos, w := p.Pos[i*m:(i+1)*m], p.Weight[i*m:(i+1)*m]
	u := 1.0
	for c, t := range text {
		u -= w[c] * p.Loss(t-pos[c])
	}
	return u
}

// RedLineCrossed returns the first clause on which text crosses state i's
// red line, or -1.
func (p *Population) RedLineCrossed(i int, text []float64) int {
	m := p.M
	for c, t := range text {
		k := i*m + c
		if math.Abs(t-p.Pos[k]) > p.RedLine[k] {
			return c
		}
	}
	return -1
}

// Aspiration is the time-dependent tactic of Faratin, Sierra & Jennings
// (1998): A_i(tau) = 1 - (1 - r_i) tau^(1/beta_i). At tau = 0 a state
// wants its ideal text; at tau = 1 it settles for anything better than no
// treaty.
func (p *Population) Aspiration(i int, tau float64) float64 {
	if tau <= 0 {
		return 1
	}
	return 1 - (1-p.NoTreaty[i])*math.Pow(tau, 1/p.Beta[i])
}

// Socialize applies one Friedkin-Johnsen (1999) step to the clauses on the
// agenda: x_i <- lambda_i sum_j A_ij x_j + (1 - lambda_i) p_i, with A the
// ties through shared groups, each group's position its members'
// capability-weighted mean. Through group means a step costs O(n m), not
// O(n^2 m). Absent states neither move nor count.
func (p *Population) Socialize(agenda []bool) {
	m := p.M
	for g := range p.groups {
		mean := p.groupMean[g*m : (g+1)*m]
		clear(mean)
		wsum := 0.0
		for _, j := range p.members[p.memberStart[g]:p.memberStart[g+1]] {
			if !p.Present[j] {
				continue
			}
			w := p.Capability[j]
			wsum += w
			x := p.Pos[j*m : (j+1)*m]
			for c := range m {
				mean[c] += w * x[c]
			}
		}
		p.groupW[g] = wsum
		if wsum > 0 {
			for c := range m {
				mean[c] /= wsum
			}
		}
	}
	clear(p.roomMean)
	wsum := 0.0
	for j := range p.N {
		if p.Present[j] {
			w := p.Capability[j]
			wsum += w
			for c := range m {
				p.roomMean[c] += w * p.Pos[j*m+c]
			}
		}
	}
	if wsum > 0 {
		for c := range m {
			p.roomMean[c] /= wsum
		}
	}
	// Jacobi update: every state reacts to the means of the last round,
	// so the order of states does not matter.
	for i := range p.N {
		lam := p.Lambda[i]
		ties := p.tieStart[i+1] - p.tieStart[i]
		if !p.Present[i] || lam == 0 || (ties == 0 && p.roomTie[i] == 0) {
			continue
		}
		x, ideal := p.Pos[i*m:(i+1)*m], p.Ideal[i*m:(i+1)*m]
		for c := range m {
			if !agenda[c] {
				continue
			}
			social := p.roomTie[i] * p.roomMean[c]
			for k := p.tieStart[i]; k < p.tieStart[i+1]; k++ {
				g, mean := p.tieGroup[k], x[c]
				if p.groupW[g] > 0 {
					mean = p.groupMean[g*m+c]
				} // else nobody of the group is present: the tie holds the state where it is
				social += p.tieW[k] * mean
			}
			x[c] = lam*social + (1-lam)*ideal[c]
		}
	}
}

// Concede sets every present state's demands on the agenda clauses at
// deadline pressure tau, conceding toward target (per clause: the room's
// compromise). A state may give up utility 1 - A(tau)
// from its preferred text; it spends that budget on the clauses that matter
// least to it first (Zeuthen's and Faratin's concession, ordered by
// salience), moving its demand toward the target, fully where the budget
// allows and partly on the clause where it runs out. A pinned demand (a
// proposal the state has tabled this session) does not move.
func (p *Population) Concede(target []float64, agenda []bool, tau float64) {
	text := target
	m := p.M
	for i := range p.N {
		if !p.Present[i] {
			continue
		}
		budget := 1 - p.Aspiration(i, tau)
		// The budget is spent over the whole text, so that a state's demand
		// on a clause does not depend on what else is on the agenda; only
		// the demands on the agenda change.
		for _, c32 := range p.order[i*m : (i+1)*m] {
			c := int(c32)
			k := i*m + c
			if pin := p.Pin[k]; !math.IsNaN(pin) {
				if agenda[c] {
					p.Demand[k] = pin
				}
				continue
			}
			x, gap, w := p.Pos[k], text[c]-p.Pos[k], p.Weight[k]
			cost := w * p.Loss(gap)
			d := text[c]
			if cost <= budget {
				budget -= cost
			} else {
				step := 0.0
				if budget > 0 && w > 0 {
					step = p.invLoss(budget / w)
				}
				d = x + math.Copysign(math.Min(step, math.Abs(gap)), gap)
				budget = 0
			}
			if agenda[c] {
				p.Demand[k] = d
			}
		}
	}
	p.commonPositions(agenda)
}

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
// table its common position: their capability-weighted mean demand.
func (p *Population) commonPositions(agenda []bool) {
	m := p.M
	for g := range p.groups {
		if !p.groups[g].NegotiatesAsOne {
			continue
		}
		members := p.members[p.memberStart[g]:p.memberStart[g+1]]
		for c := range m {
			if !agenda[c] {
				continue
			}
			sum, wsum := 0.0, 0.0
			for _, j := range members {
				if p.Present[j] {
					sum += p.Capability[j] * p.Demand[j*m+c]
					wsum += p.Capability[j]
				}
			}
			if wsum == 0 {
				continue
			}
			for _, j := range members {
				if p.Present[j] && math.IsNaN(p.Pin[j*m+c]) {
					p.Demand[j*m+c] = sum / wsum
				}
			}
		}
	}
}

// Vote is a state's vote on a motion.
type Vote int8

// The votes; NotVoting is an absent state.
const (
	NotVoting Vote = iota
	Yes
	No
	Abstain
)

var voteNames = [...]string{"not_voting", "yes", "no", "abstain"}

func (v Vote) String() string { return voteNames[v] }

// VoteOn returns a state's vote on a motion that changes its utility by
// gain: yes above delta, no below -delta, abstain in between.
func VoteOn(gain, delta float64) Vote {
	switch {
	case gain > delta:
		return Yes
	case gain < -delta:
		return No
	}
	return Abstain
}

// CommonVotes makes the members of each group that negotiates as one cast
// the vote that holds the most capability among them (ties: abstain).
func (p *Population) CommonVotes(votes []Vote) {
	for g := range p.groups {
		if !p.groups[g].NegotiatesAsOne {
			continue
		}
		var weight [4]float64
		members := p.members[p.memberStart[g]:p.memberStart[g+1]]
		for _, j := range members {
			weight[votes[j]] += p.Capability[j]
		}
		best := Abstain
		switch {
		case weight[Yes] > weight[No] && weight[Yes] > weight[Abstain]:
			best = Yes
		case weight[No] > weight[Yes] && weight[No] > weight[Abstain]:
			best = No
		}
		for _, j := range members {
			if votes[j] != NotVoting {
				votes[j] = best
			}
		}
	}
}

// CommonObjections makes each group that negotiates as one object as a
// whole when members holding more than half its present capability
// object, and not at all otherwise.
func (p *Population) CommonObjections(objects []bool) {
	for g := range p.groups {
		if !p.groups[g].NegotiatesAsOne {
			continue
		}
		members := p.members[p.memberStart[g]:p.memberStart[g+1]]
		yes, all := 0.0, 0.0
		for _, j := range members {
			if p.Present[j] {
				all += p.Capability[j]
				if objects[j] {
					yes += p.Capability[j]
				}
			}
		}
		for _, j := range members {
			if p.Present[j] {
				objects[j] = yes > all/2
			}
		}
	}
}

// Members returns the member states of group g.
func (p *Population) Members(g int) []int {
	return p.members[p.memberStart[g]:p.memberStart[g+1]]
}

// ByCapability returns the present states ordered by decreasing capability
// (ties by index); it allocates, and is meant for reports.
func (p *Population) ByCapability(states []int) []int {
	out := append([]int(nil), states...)
	sort.SliceStable(out, func(a, b int) bool { return p.Capability[out[a]] > p.Capability[out[b]] })
	return out
}
