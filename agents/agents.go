package agents

import (
	"math"
	"math/rand/v2"
	"slices"

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
	// Pin is the option value a state insists on this session; NaN: none.
	// Once ClearPins has been called, set it only with PinDemand: Concede
	// then takes the states never passed to PinDemand as unpinned.
	Pin []float64

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

	// Siblings. A scenario describes many states by their groups alone, so
	// that states in the same groups often have the same ties and stands,
	// and move alike: what one computes, the next one can copy, once the
	// inputs are checked equal. sibling[i] is the last state before i in
	// the same groups, or -1; sameStands[i] says that i's ideal points and
	// saliences are its sibling's, bit for bit, and samePos[i] that its
	// positions are (kept by Socialize, which knows who moved how).
	sibling    []int
	sameStands []bool
	samePos    []bool

	// States with the same ties are pulled to the same social target, which
	// Socialize then computes once: tieRep[i] is the first state of i's
	// run of identical tie rows (see shareTies), repSocial holds the
	// targets by representative (N*M), valid for the Socialize call whose
	// stamp repStamp holds. movedAt[i] is the stamp of the last call that
	// moved state i, sharedAt[i] of the last that moved it to its
	// representative's target.
	tieRep        []int
	repSocial     []float64
	repStamp      []uint64
	movedAt       []uint64
	sharedAt      []uint64
	stamp         uint64
	anyGroupEmpty bool // some group has nobody present (see socialTarget)

	budget []float64 // per state: its budget in the current Concede

	// pinsKnown says that every pin since ClearPins was set by PinDemand,
	// which marks the state in pinned.
	pinsKnown bool
	pinned    []bool

	groupMean []float64 // G*M scratch
	groupW    []float64 // G: present capability of each group
	roomMean  []float64 // M scratch
	everyone  []int     // 0..N-1: the room as a group
	social    []float64 // M scratch: a state's social target in Socialize
	spans     []span    // scratch: the agenda as runs of clauses, capacity M
	commonSum []float64 // M scratch of commonPositions

	sc *scenarios.Scenario

	// Stands as the scenario fixes them, computed once in New, so that
	// Reset copies them instead of drawing and normalising every stand
	// again; drawn[i] marks a state with a stand given as a distribution,
	// which Reset draws anew.
	fixedIdeal, fixedSalience, fixedRedLine, fixedWeight []float64
	fixedOrder                                           []int32
	drawn                                                []bool
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
		memberStart: make([]int, g+1), social: make([]float64, m), spans: make([]span, 0, m), commonSum: make([]float64, m),
		sibling: make([]int, n), sameStands: make([]bool, n), samePos: make([]bool, n), budget: make([]float64, n), pinned: make([]bool, n),
		tieRep: make([]int, n), repSocial: make([]float64, n*m), repStamp: make([]uint64, n), movedAt: make([]uint64, n), sharedAt: make([]uint64, n),
	}
	p.everyone = make([]int, n)
	for i := range p.everyone {
		p.everyone[i] = i
	}
	p.fixStands()
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
	p.findSiblings()
	return p
}

// findSiblings sets sibling: for each state, the last state before it in
// the same groups.
func (p *Population) findSiblings() {
	states := p.sc.States
	for i := range states {
		p.sibling[i] = -1
		for j := i - 1; j >= 0; j-- {
			if slices.Equal(states[j].Groups, states[i].Groups) {
				p.sibling[i] = j
				break
			}
		}
	}
}

// Reset starts a run: it draws every parameter given as a distribution
// with rng (fixed parameters draw nothing) and puts every state at its
// ideal point.
func (p *Population) Reset(rng *rand.Rand) {
	sc := p.sc
	p.curvature = sc.Model.Curvature
	p.resetStands()
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
		// Draws come in the same order as if every stand were drawn here:
		// a fixed stand draws nothing from rng.
		if p.drawn[i] {
			p.drawStands(i, rng)
		}
	}
	p.addNoise(rng)
	p.buildTies()
	p.compareStands()
}

// addNoise perturbs every ideal point and salience by the model's
// behavioural noise, drawn after every stated parameter so that adding
// noise leaves their draws in place.
func (p *Population) addNoise(rng *rand.Rand) {
	mp := &p.sc.Model
	if sd := mp.IdealNoise; sd > 0 {
		for k := range p.Ideal {
			v := min(1, max(0, p.Ideal[k]+sd*rng.NormFloat64()))
			p.Ideal[k], p.Pos[k], p.Demand[k] = v, v, v
		}
	}
	if sd := mp.SalienceNoise; sd > 0 {
		for k := range p.Salience {
			p.Salience[k] = min(1, max(0, p.Salience[k]+sd*rng.NormFloat64()))
		}
		for i := range p.N {
			p.normalise(i)
		}
	}
}

// compareStands sets sameStands and samePos, by comparing the rows.
func (p *Population) compareStands() {
	m := p.M
	for i, j := range p.sibling {
		p.sameStands[i] = j >= 0 &&
			equalBits(p.Ideal[i*m:(i+1)*m], p.Ideal[j*m:(j+1)*m]) &&
			equalBits(p.Salience[i*m:(i+1)*m], p.Salience[j*m:(j+1)*m])
		p.samePos[i] = j >= 0 && equalBits(p.Pos[i*m:(i+1)*m], p.Pos[j*m:(j+1)*m])
	}
}

// equalBits reports whether a and b hold the same float64s bit for bit
// (unlike ==, it tells -0 from +0, and a NaN equals itself).
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

// drawStands draws state i's stands, puts it at its ideal points and
// recomputes its weights. With a nil rng it may only be called for a state
// whose stands are all fixed.
func (p *Population) drawStands(i int, rng *rand.Rand) {
	m := p.M
	for c := range p.sc.States[i].Positions {
		k := i*m + c
		pos := &p.sc.States[i].Positions[c]
		p.Ideal[k] = pos.Ideal.Draw(rng, 0, 1)
		p.Pos[k] = p.Ideal[k]
		p.Demand[k] = p.Ideal[k]
		p.Salience[k] = pos.Salience.Draw(rng, 0, 1)
		p.RedLine[k] = pos.RedLine.Draw(rng, 0, 1)
		p.Pin[k] = math.NaN()
	}
	p.normalise(i)
}

// fixStands computes, once per scenario, the stands of the states whose
// stands are all fixed (drawing nothing), and keeps them for resetStands.
func (p *Population) fixStands() {
	n := p.N
	p.drawn = make([]bool, n)
	for i := range n {
		for c := range p.sc.States[i].Positions {
			pos := &p.sc.States[i].Positions[c]
			if !pos.Ideal.IsFixed() || !pos.Salience.IsFixed() || !pos.RedLine.IsFixed() {
				p.drawn[i] = true
			}
		}
		if !p.drawn[i] {
			p.drawStands(i, nil)
		}
	}
	p.fixedIdeal = slices.Clone(p.Ideal)
	p.fixedSalience = slices.Clone(p.Salience)
	p.fixedRedLine = slices.Clone(p.RedLine)
	p.fixedWeight = slices.Clone(p.Weight)
	p.fixedOrder = slices.Clone(p.order)
}

// resetStands puts back the fixed stands, undoing the events of the last
// run; the stands of drawn states are overwritten by Reset.
func (p *Population) resetStands() {
	copy(p.Ideal, p.fixedIdeal)
	copy(p.Pos, p.fixedIdeal)
	copy(p.Demand, p.fixedIdeal)
	copy(p.Salience, p.fixedSalience)
	copy(p.RedLine, p.fixedRedLine)
	copy(p.Weight, p.fixedWeight)
	copy(p.order, p.fixedOrder)
	p.ClearPins()
	p.pinsKnown = false // Pin may yet be written directly
}

// ClearPins sets every stand unpinned (Pin NaN).
func (p *Population) ClearPins() {
	nan := math.NaN()
	for k := range p.Pin {
		p.Pin[k] = nan
	}
	clear(p.pinned)
	p.pinsKnown = true
}

// PinDemand pins state i's demand on clause c to v: the state insists on
// it for the rest of the session (it tabled it).
func (p *Population) PinDemand(i, c int, v float64) {
	p.Pin[i*p.M+c] = v
	p.pinned[i] = true
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
	p.shareTies()
}

// shareTies sets tieRep. A state's ties follow from its groups and its
// disposition, so a state is compared with its sibling only (a linear
// pass, not a search): when their tie rows are identical, it shares the
// sibling's representative. A missed match costs only time.
func (p *Population) shareTies() {
	for i := range p.N {
		p.tieRep[i] = i
		if j := p.sibling[i]; j >= 0 && p.sameTies(i, j) {
			p.tieRep[i] = p.tieRep[j]
		}
	}
	p.stamp++ // the ties changed: no target computed so far holds
}

// sameTies reports whether states i and j have identical tie rows.
func (p *Population) sameTies(i, j int) bool {
	ai, bi := p.tieStart[i], p.tieStart[i+1]
	aj, bj := p.tieStart[j], p.tieStart[j+1]
	return p.roomTie[i] == p.roomTie[j] &&
		slices.Equal(p.tieGroup[ai:bi], p.tieGroup[aj:bj]) && slices.Equal(p.tieW[ai:bi], p.tieW[aj:bj])
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
	p.compareStands()
}

// SetDisposition changes state i's disposition (an attitude event) and
// with it its default concession and susceptibility.
func (p *Population) SetDisposition(i int, d scenarios.Disposition, rng *rand.Rand) {
	p.setDisposition(i, d, rng)
	p.buildTies()
}

// Loss is |gap|^a, the loss of a text at distance gap from a position.
// The default curvature 2 is tested first and kept small enough to be
// inlined in the hot loops; gap*gap equals |gap|*|gap| exactly.
func (p *Population) Loss(gap float64) float64 {
	if p.curvature == 2 {
		return gap * gap
	}
	return p.loss(gap)
}

func (p *Population) loss(gap float64) float64 {
	gap = math.Abs(gap)
	if p.curvature == 1 {
		return gap
	}
	return math.Pow(gap, p.curvature)
}

// Utility is U_i(T) = 1 - sum_c w_ic |T_c - x_ic|^a, with w the normalised
// saliences: the design's sum_c s_ic (1 - |T_c - x_ic|^a) when saliences
// sum to 1, and closer to 1 for a state that cares little.
func (p *Population) Utility(i int, text []float64) float64 {
	m := p.M
	pos, w := p.Pos[i*m:(i+1)*m], p.Weight[i*m:(i+1)*m]
	pos, w = pos[:len(text)], w[:len(text)] // one bounds check, not one per clause
	u := 1.0
	if p.curvature == 2 { // the default, without a test per clause
		for c, t := range text {
			d := t - pos[c]
			u -= w[c] * (d * d)
		}
		return u
	}
	for c, t := range text {
		u -= w[c] * p.Loss(t-pos[c])
	}
	return u
}

// RedLineCrossed returns the first clause on which text crosses state i's
// red line, or -1.
func (p *Population) RedLineCrossed(i int, text []float64) int {
	m := p.M
	pos, red := p.Pos[i*m:(i+1)*m], p.RedLine[i*m:(i+1)*m]
	pos, red = pos[:len(text)], red[:len(text)]
	for c, t := range text {
		if math.Abs(t-pos[c]) > red[c] {
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
	spans := p.agendaSpans(agenda)
	for g := range p.groups {
		p.groupW[g] = p.meanPosition(p.members[p.memberStart[g]:p.memberStart[g+1]], p.groupMean[g*m:(g+1)*m], spans)
	}
	p.meanPosition(p.everyone, p.roomMean, spans)
	p.stamp++ // new means: every social target is computed anew
	p.anyGroupEmpty = false
	for g := range p.groups {
		p.anyGroupEmpty = p.anyGroupEmpty || p.groupEmpty(g)
	}
	// Jacobi update: every state reacts to the means of the last round,
	// so the order of states does not matter.
	for i := range p.N {
		j := p.sibling[i]
		switch {
		case !p.socialized(i):
			// It stays; if its sibling moved, they may part.
			if j >= 0 && p.movedAt[j] == p.stamp {
				p.samePos[i] = false
			}
		case j >= 0 && p.sharedAt[j] == p.stamp && p.tieRep[j] == p.tieRep[i] &&
			p.Lambda[j] == p.Lambda[i] && p.sameStands[i]:
			// The same target, weight and anchor as its sibling: the same
			// new position, and samePos[i] still holds.
			p.copySpans(p.Pos, i, j, spans)
			p.movedAt[i], p.sharedAt[i] = p.stamp, p.stamp
		default:
			social, shared := p.socialTarget(i, spans)
			lam := p.Lambda[i]
			for _, s := range spans {
				x, ideal, sx := p.Pos[i*m+s.lo:i*m+s.hi], p.Ideal[i*m+s.lo:i*m+s.hi], social[s.lo:s.hi]
				ideal, sx = ideal[:len(x)], sx[:len(x)]
				for c := range x {
					x[c] = lam*sx[c] + (1-lam)*ideal[c]
				}
			}
			p.movedAt[i] = p.stamp
			if shared {
				p.sharedAt[i] = p.stamp
			}
			p.samePos[i] = false // perhaps still the same, but unchecked
		}
	}
}

// socialized reports whether state i moves in Socialize: it is present,
// susceptible and tied to someone.
func (p *Population) socialized(i int) bool {
	return p.Present[i] && p.Lambda[i] != 0 && (p.tieStart[i+1] > p.tieStart[i] || p.roomTie[i] != 0)
}

// copySpans copies state j's values of the per-stand slice v to state i,
// on the clauses in spans.
func (p *Population) copySpans(v []float64, i, j int, spans []span) {
	m := p.M
	dst, src := v[i*m:(i+1)*m], v[j*m:(j+1)*m]
	for _, s := range spans {
		copy(dst[s.lo:s.hi], src[s.lo:s.hi])
	}
}

// span is a run of consecutive clauses, lo to hi-1.
type span struct{ lo, hi int }

// agendaSpans returns the agenda as runs of consecutive clauses (in the
// scratch p.spans). Socialize works on the agenda only, and loops over
// runs need no test per clause.
func (p *Population) agendaSpans(agenda []bool) []span {
	spans := p.spans[:0]
	for c := 0; c < len(agenda); {
		if !agenda[c] {
			c++
			continue
		}
		lo := c
		for c < len(agenda) && agenda[c] {
			c++
		}
		spans = append(spans, span{lo, c})
	}
	p.spans = spans
	return spans
}

// meanPosition sets mean to the capability-weighted mean position of the
// present states among members, on the clauses in spans (the others are
// left as they were), and returns their capability; with none present,
// mean is zero.
func (p *Population) meanPosition(members []int, mean []float64, spans []span) float64 {
	m := p.M
	for _, s := range spans {
		clear(mean[s.lo:s.hi])
	}
	// Two members per pass, so that the sums are loaded and stored half as
	// often; each sum still adds the members' terms in their order.
	wsum, held := 0.0, -1
	for _, j := range members {
		if !p.Present[j] {
			continue
		}
		wsum += p.Capability[j]
		if held < 0 {
			held = j
			continue
		}
		for _, s := range spans {
			ms := mean[s.lo:s.hi]
			addScaled2(ms, p.Pos[held*m+s.lo:held*m+s.hi], p.Capability[held], p.Pos[j*m+s.lo:j*m+s.hi], p.Capability[j])
		}
		held = -1
	}
	if held >= 0 {
		for _, s := range spans {
			ms := mean[s.lo:s.hi]
			addScaled(ms, p.Pos[held*m+s.lo:held*m+s.hi], p.Capability[held])
		}
	}
	if wsum > 0 {
		for _, s := range spans {
			ms := mean[s.lo:s.hi]
			for c := range ms {
				ms[c] /= wsum
			}
		}
	}
	return wsum
}

// addScaled adds wa*a to dst, element by element.
func addScaled(dst, a []float64, wa float64) {
	a = a[:len(dst)]
	for c := range dst {
		dst[c] += wa * a[c]
	}
}

// addScaled2 adds wa*a and then wb*b to dst, element by element: the
// same sums as addScaled twice, with one load and store of dst.
func addScaled2(dst, a []float64, wa float64, b []float64, wb float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for c := range dst {
		dst[c] = dst[c] + wa*a[c] + wb*b[c]
	}
}

// socialTarget returns sum_j A_ij x_j for the clauses in spans (a row of
// M, valid there only): the position state i's ties pull it to. States
// with identical ties share it (shared), unless a tie is to a group with
// nobody present, which holds each state where it is.
func (p *Population) socialTarget(i int, spans []span) (social []float64, shared bool) {
	m, r := p.M, p.tieRep[i]
	if p.anyGroupEmpty && p.tiedToEmptyGroup(r) {
		p.sumTies(i, p.social, spans)
		return p.social, false
	}
	row := p.repSocial[r*m : (r+1)*m]
	if p.repStamp[r] != p.stamp {
		p.sumTies(r, row, spans)
		p.repStamp[r] = p.stamp
	}
	return row, true
}

// groupEmpty reports whether none of group g's members is present (its
// present capability, from Socialize, is not positive).
func (p *Population) groupEmpty(g int) bool { return !(p.groupW[g] > 0) }

// tiedToEmptyGroup reports whether state i has a tie to an empty group.
func (p *Population) tiedToEmptyGroup(i int) bool {
	for _, g := range p.tieGroup[p.tieStart[i]:p.tieStart[i+1]] {
		if p.groupEmpty(g) {
			return true
		}
	}
	return false
}

// sumTies sets social to sum_j A_ij x_j on the clauses in spans. The sum
// runs over ties in the outer loop and clauses in the inner one, so that
// every inner loop runs over contiguous rows; each clause still adds the
// same terms in the same order.
func (p *Population) sumTies(i int, social []float64, spans []span) {
	m, room := p.M, p.roomTie[i]
	for _, s := range spans {
		sx, rm := social[s.lo:s.hi], p.roomMean[s.lo:s.hi]
		rm = rm[:len(sx)]
		for c := range sx {
			sx[c] = room * rm[c]
		}
	}
	for k := p.tieStart[i]; k < p.tieStart[i+1]; k++ {
		g, w := p.tieGroup[k], p.tieW[k]
		mean := p.groupMean[g*m : (g+1)*m]
		if p.groupEmpty(g) {
			// Nobody of the group is present: the tie holds the state
			// where it is.
			mean = p.Pos[i*m : (i+1)*m]
		}
		for _, s := range spans {
			sx, ms := social[s.lo:s.hi], mean[s.lo:s.hi]
			ms = ms[:len(sx)]
			for c := range sx {
				sx[c] += w * ms[c]
			}
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
	spans := p.agendaSpans(agenda)
	for i := range p.N {
		if !p.Present[i] {
			continue
		}
		budget := 1 - p.Aspiration(i, tau)
		p.budget[i] = budget
		if p.concedesAsSibling(i, budget) {
			p.copySpans(p.Demand, i, p.sibling[i], spans)
			continue
		}
		if p.curvature == 2 {
			p.concedeQuadratic(i, target, agenda, budget)
		} else {
			p.concede(i, target, agenda, budget)
		}
	}
	p.commonPositions(agenda)
}

// concedesAsSibling reports whether state i, with this budget, concedes
// exactly as its sibling has just done in Concede: a concession depends
// only on the budget, the positions (over the whole text), the pins and
// the saliences (through the weights and their order), and the target.
func (p *Population) concedesAsSibling(i int, budget float64) bool {
	m, j := p.M, p.sibling[i]
	return j >= 0 && p.Present[j] && p.budget[j] == budget && p.sameStands[i] && p.samePos[i] &&
		(p.pinsKnown && !p.pinned[i] && !p.pinned[j] || // neither has a pin
			equalBits(p.Pin[i*m:(i+1)*m], p.Pin[j*m:(j+1)*m]))
}

// concede spends state i's budget of utility on its clauses, by increasing
// salience. The budget is spent over the whole text, so that a state's
// demand on a clause does not depend on what else is on the agenda; only
// the demands on the agenda change.
func (p *Population) concede(i int, target []float64, agenda []bool, budget float64) {
	m := p.M
	row := i * m
	pos, weight := p.Pos[row:row+m], p.Weight[row:row+m]
	pin, demand := p.Pin[row:row+m], p.Demand[row:row+m]
	for _, c32 := range p.order[row : row+m] {
		c := int(c32)
		if pc := pin[c]; !math.IsNaN(pc) {
			if agenda[c] {
				demand[c] = pc
			}
			continue
		}
		x, w := pos[c], weight[c]
		gap := target[c] - x
		cost := w * p.Loss(gap)
		d := target[c]
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
			demand[c] = d
		}
	}
}

// concedeQuadratic is concede for the default curvature 2, with the loss
// gap*gap and its inverse math.Sqrt written out: the same arithmetic
// without the calls, which would make the loop spill its registers.
func (p *Population) concedeQuadratic(i int, target []float64, agenda []bool, budget float64) {
	m := p.M
	row := i * m
	pos, weight := p.Pos[row:row+m], p.Weight[row:row+m]
	pin, demand := p.Pin[row:row+m], p.Demand[row:row+m]
	target, agenda = target[:m], agenda[:m]
	for _, c32 := range p.order[row : row+m] {
		c := int(c32)
		if pc := pin[c]; !math.IsNaN(pc) {
			if agenda[c] {
				demand[c] = pc
			}
			continue
		}
		x, w := pos[c], weight[c]
		gap := target[c] - x
		cost := w * (gap * gap)
		d := target[c]
		if cost <= budget {
			budget -= cost
		} else {
			step := 0.0
			if budget > 0 && w > 0 {
				step = math.Sqrt(budget / w)
			}
			// math.Min(step, |gap|), without its call: both are >= +0
			// and neither is NaN, so the smaller is the same value.
			if a := math.Abs(gap); a < step {
				step = a
			}
			d = x + math.Copysign(step, gap)
			budget = 0
		}
		if agenda[c] {
			demand[c] = d
		}
	}
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
			for _, s := range spans {
				d, sx := p.Demand[j*m+s.lo:j*m+s.hi], sum[s.lo:s.hi]
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
