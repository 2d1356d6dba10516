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
	// Pin is the option value a state insists on this session (it tabled
	// it); NaN: none.
	Pin []float64
	// Commit is the demand a state promised in an exchange, kept for the
	// rest of the run unless its attitude changes; NaN: none. Set Pin and
	// Commit only through PinDemand and Promise, which mark the states
	// bound by either (pinned, promised, bound), so that concession skips
	// their tests for the others.
	Commit []float64

	// Per state.
	Capability []float64
	NoTreaty   []float64
	Beta       []float64 // concession exponent of the time-dependent tactic
	Lambda     []float64 // susceptibility (Friedkin-Johnsen)
	Bonus      []float64 // positive incentives received
	Alignment  []float64 // on the main divide, -1..1 (votes under cross-pressure)
	// RedLined says, per clause, whether any state has a red line on it
	// (below 1): checks of red lines skip the clauses without one.
	RedLined []bool
	// Controlled marks the states played from outside (sim.Player): the
	// agents neither concede nor trade for them. It is set by the engine
	// and survives Reset.
	Controlled  []bool
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

	// States with the same ties are pulled to the same social target, which
	// Socialize then computes once. A state's ties follow from its groups
	// and disposition, so sibling[i], the last state before i in the same
	// groups (or -1), is the one candidate to share with: tieRep[i] is the
	// first state of i's run of identical tie rows (see shareTies),
	// repSocial holds the targets by representative (N*M), valid for the
	// Socialize call whose stamp repStamp holds.
	sibling       []int
	tieRep        []int
	repSocial     []float64
	repStamp      []uint64
	stamp         uint64
	anyGroupEmpty bool // some group has nobody present (see socialTarget)

	groupMean []float64 // G*M scratch
	groupW    []float64 // G: present capability of each group
	roomMean  []float64 // M scratch
	everyone  []int     // 0..N-1: the room as a group
	social    []float64 // M scratch: a state's social target in Socialize
	spans     []span    // scratch: the agenda as runs of clauses, capacity M
	commonSum []float64 // M scratch of commonPositions
	// Concession prices (concede.go), valid while priceStamp equals
	// posStamp, which every change of preferences or weights bumps, and
	// the target is priceTarget.
	priceCost, priceUtility, priceTarget []float64
	priceStamp, posStamp                 uint64

	mk market // scratch of the exchange rounds (exchange.go)

	pinned, promised, bound []bool // per state: has a pin, a promise, either

	// Incremental concession (concede): per state, the cost of
	// conceding its first k clauses in order of salience (N*(M+1)), how
	// many it had conceded fully at its last concession (-1: write
	// its demands whole), and whether a bloc tables its position.
	spent      []float64
	spentStale []bool    // per state: a pin changed since spent was summed
	own        []float64 // N*M: bloc members' own demands, before the common position
	reached    []int32
	blocMember []bool

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
		Pin: make([]float64, n*m), Commit: make([]float64, n*m), order: make([]int32, n*m),
		Alignment: make([]float64, n), Controlled: make([]bool, n), RedLined: make([]bool, m),
		pinned: make([]bool, n), promised: make([]bool, n), bound: make([]bool, n),
		spent: make([]float64, n*(m+1)), spentStale: make([]bool, n), own: make([]float64, n*m), reached: make([]int32, n), blocMember: make([]bool, n),
		Capability: make([]float64, n), NoTreaty: make([]float64, n), Beta: make([]float64, n),
		Lambda: make([]float64, n), Bonus: make([]float64, n), Disposition: make([]scenarios.Disposition, n),
		Present: make([]bool, n), Follows: make([]int, n), roomTie: make([]float64, n),
		groupMean: make([]float64, g*m), groupW: make([]float64, g), roomMean: make([]float64, m), tieStart: make([]int, n+1),
		memberStart: make([]int, g+1), social: make([]float64, m), spans: make([]span, 0, m), commonSum: make([]float64, m),
		priceCost: make([]float64, n*m), priceUtility: make([]float64, n), priceTarget: make([]float64, m),
		sibling: make([]int, n), tieRep: make([]int, n), repSocial: make([]float64, n*m), repStamp: make([]uint64, n),
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
	p.mk.allocate(n, g, m) // the exchange market's scratch, once
	for _, gr := range sc.Groups {
		if gr.NegotiatesAsOne {
			for _, i := range gr.Members {
				p.blocMember[i] = true
			}
		}
	}
	return p
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
		p.Alignment[i] = st.Alignment.Draw(rng, -1, 1)
		// Draws come in the same order as if every stand were drawn here:
		// a fixed stand draws nothing from rng.
		if p.drawn[i] {
			p.drawStands(i, rng)
		}
	}
	p.addNoise(rng)
	p.buildTies()
	p.markRedLines()
	p.posStamp++ // new preferences: prices must be made anew
}

// markRedLines sets RedLined from the red lines of the run.
func (p *Population) markRedLines() {
	clear(p.RedLined)
	for k, red := range p.RedLine {
		if red < 1 {
			p.RedLined[k%p.M] = true
		}
	}
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
		if pos.RedLine.IsFixed() { // nearly always (1: none); saves a call
			p.RedLine[k] = pos.RedLine.Value
		} else {
			p.RedLine[k] = pos.RedLine.Draw(rng, 0, 1)
		}
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
	p.ClearCommitments(-1)
}

// ClearCommitments cancels the promises state i made in exchanges (an
// attitude change reopens its deals); i < 0 cancels everyone's.
func (p *Population) ClearCommitments(i int) {
	lo, hi := 0, p.N
	if i >= 0 {
		lo, hi = i, i+1
	}
	nan := math.NaN()
	for s := lo; s < hi; s++ {
		for k := s * p.M; k < (s+1)*p.M; k++ {
			p.Commit[k] = nan
		}
		p.promised[s] = false
		p.bound[s] = p.pinned[s]
		p.reached[s] = -1
	}
}

// ClearPins sets every stand unpinned (Pin NaN).
func (p *Population) ClearPins() {
	nan := math.NaN()
	for k := range p.Pin {
		p.Pin[k] = nan
	}
	clear(p.pinned)
	copy(p.bound, p.promised)
	for i := range p.spentStale {
		p.spentStale[i] = true // the pins were in the sums
	}
	p.forgetReached() // a new session: demands are written whole
}

// PinDemand pins state i's demand on clause c to v: the state insists on
// it for the rest of the session (it tabled it). Pins are set only this
// way, so that concession knows which states have none.
func (p *Population) PinDemand(i, c int, v float64) {
	p.Pin[i*p.M+c] = v
	p.pinned[i], p.bound[i] = true, true
	p.spentStale[i], p.reached[i] = true, -1
}

// Promise sets state i's demand on clause c to v and holds it there: a
// move promised in an exchange. Promises are made only this way.
func (p *Population) Promise(i, c int, v float64) {
	k := i*p.M + c
	p.Demand[k], p.Commit[k] = v, v
	p.promised[i], p.bound[i] = true, true
	p.reached[i] = -1 // its demands are written whole at its next concession
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
	// By salience, ties by clause (a stable insertion sort: m is small, and
	// a sort through a comparison function costs a call per comparison).
	for a := 1; a < m; a++ {
		c, s := ord[a], sal[ord[a]]
		b := a
		for ; b > 0 && s < sal[ord[b-1]]; b-- {
			ord[b] = ord[b-1]
		}
		ord[b] = c
	}
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
		p.markRedLines()
	}
	p.posStamp++
}

// SetDisposition changes state i's disposition (an attitude event) and
// with it its default concession and susceptibility.
func (p *Population) SetDisposition(i int, d scenarios.Disposition, rng *rand.Rand) {
	p.setDisposition(i, d, rng)
	p.buildTies()
}

// Members returns the member states of group g.
func (p *Population) Members(g int) []int {
	return p.members[p.memberStart[g]:p.memberStart[g+1]]
}
