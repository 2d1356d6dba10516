package unvotes

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/optimize"
)

// Estimate is a state's ideal point.
type Estimate struct {
	State string
	Point float64
	// SD is the posterior standard deviation of Point from the observed
	// information: the inverse square root of the negative second
	// derivative of the log posterior in theta, the roll calls'
	// parameters held fixed.
	SD float64
	// Votes is the number of the state's votes used in the fit.
	Votes int
}

// Fit is the result of IdealPoints.
type Fit struct {
	Points []Estimate // sorted by State
	// InSample is the share of the fitted votes whose most probable
	// category under the model is the vote cast. InSampleBaseline is the
	// share right when each roll call's modal vote is predicted for every
	// state.
	InSample, InSampleBaseline float64
	// HeldOut and HeldOutBaseline are the same on held-out roll calls
	// (see HeldOutAccuracy); both are 0 when the check is skipped.
	HeldOut, HeldOutBaseline float64
	// Votes and RollCalls count what was fitted: unanimous roll calls and
	// states with too few votes are left out.
	Votes, RollCalls int
}

// Options configures IdealPoints.
type Options struct {
	// Reference is a state whose point is made positive, which fixes the
	// sign of the scale, e.g. "USA" to put the Western end positive as
	// Bailey et al. do. Empty leaves the sign as fitted.
	Reference string
	// MinVotes leaves out states with fewer votes on the fitted roll
	// calls; 0 means 10.
	MinVotes int
	// HeldOutShare is the share of roll calls held out by
	// HeldOutAccuracy; 0 skips the check. Negative means 0.2.
	HeldOutShare float64
	// Rand drives the held-out split; it is required when HeldOutShare
	// is not 0.
	Rand *rand.Rand
}

// DefaultHeldOutShare is the share of roll calls held out when
// Options.HeldOutShare is negative.
const DefaultHeldOutShare = 0.2

func (o Options) minVotes() int {
	if o.MinVotes <= 0 {
		return 10
	}
	return o.MinVotes
}

func (o Options) heldOutShare() float64 {
	if o.HeldOutShare < 0 {
		return DefaultHeldOutShare
	}
	return o.HeldOutShare
}

// sample is the part of a record that is fitted.
type sample struct {
	data
	states []int     // record index of each fitted state
	items  []int     // record index of each fitted roll call
	start  []int     // votes of item j are start[j]..start[j+1]
	thetas []float64 // scratch for fitItem
}

// prepare selects the votes to fit: the roll calls allowed (all when
// allowed is nil) that are not unanimous, and the states with at least
// minVotes votes on them. Dropping a state can make a roll call unanimous
// and the other way round, so the two rules are applied until neither
// changes anything.
func prepare(r *Record, allowed []bool, minVotes int) *sample {
	rcOn := make([]bool, len(r.RollCalls))
	for i := range rcOn {
		rcOn[i] = allowed == nil || allowed[i]
	}
	stOn := make([]bool, len(r.States))
	for i := range stOn {
		stOn[i] = true
	}
	counts := make([][3]int, len(r.RollCalls))
	nVotes := make([]int, len(r.States))
	for changed := true; changed; {
		changed = false
		clear(counts)
		for _, c := range r.Casts {
			if rcOn[c.RollCall] && stOn[c.State] {
				counts[c.RollCall][c.Vote]++
			}
		}
		for i, k := range counts {
			distinct := 0
			for _, n := range k {
				if n > 0 {
					distinct++
				}
			}
			if rcOn[i] && distinct < 2 {
				rcOn[i] = false
				changed = true
			}
		}
		clear(nVotes)
		for _, c := range r.Casts {
			if rcOn[c.RollCall] && stOn[c.State] {
				nVotes[c.State]++
			}
		}
		for i, n := range nVotes {
			if stOn[i] && n < minVotes {
				stOn[i] = false
				changed = true
			}
		}
	}
	s := &sample{}
	stIdx := make([]int32, len(r.States))
	for i, on := range stOn {
		stIdx[i] = -1
		if on {
			stIdx[i] = int32(len(s.states))
			s.states = append(s.states, i)
		}
	}
	itIdx := make([]int32, len(r.RollCalls))
	for i, on := range rcOn {
		itIdx[i] = -1
		if on {
			itIdx[i] = int32(len(s.items))
			s.items = append(s.items, i)
		}
	}
	s.nStates, s.nItems = len(s.states), len(s.items)
	// Order the votes by item (a counting sort) so that each item's votes
	// are contiguous, then by state for a fixed order.
	s.start = make([]int, s.nItems+1)
	for _, c := range r.Casts {
		if j := itIdx[c.RollCall]; j >= 0 && stIdx[c.State] >= 0 {
			s.start[j+1]++
		}
	}
	for j := 0; j < s.nItems; j++ {
		s.start[j+1] += s.start[j]
	}
	nv := s.start[s.nItems]
	s.state, s.item, s.vote = make([]int32, nv), make([]int32, nv), make([]Vote, nv)
	next := slices.Clone(s.start[:s.nItems])
	for _, c := range r.Casts {
		j, st := itIdx[c.RollCall], stIdx[c.State]
		if j < 0 || st < 0 {
			continue
		}
		k := next[j]
		next[j]++
		s.state[k], s.item[k], s.vote[k] = st, j, c.Vote
	}
	for j := 0; j < s.nItems; j++ {
		lo, hi := s.start[j], s.start[j+1]
		idx := make([]int, hi-lo)
		for i := range idx {
			idx[i] = lo + i
		}
		slices.SortFunc(idx, func(a, b int) int { return int(s.state[a] - s.state[b]) })
		st, vo := make([]int32, len(idx)), make([]Vote, len(idx))
		for i, k := range idx {
			st[i], vo[i] = s.state[k], s.vote[k]
		}
		copy(s.state[lo:hi], st)
		copy(s.vote[lo:hi], vo)
	}
	return s
}

// fitItemAt fits item j with the states' points theta held fixed.
func (s *sample) fitItemAt(j int, theta []float64) (item, error) {
	lo, hi := s.start[j], s.start[j+1]
	s.thetas = s.thetas[:0]
	for k := lo; k < hi; k++ {
		s.thetas = append(s.thetas, theta[s.state[k]])
	}
	return fitItem(s.thetas, s.vote[lo:hi])
}

// fit maximises the joint log posterior of the sample with L-BFGS,
// starting from the principal-component points and the item parameters
// that best fit them. The parameters are rescaled by their approximate
// curvature first (see curvature), which cuts the iterations about
// threefold on the real data.
func (s *sample) fit() (theta []float64, items []item, err error) {
	if s.nStates < 2 || s.nItems < 1 {
		return nil, nil, fmt.Errorf("unvotes: too little to fit: %d states and %d contested roll calls", s.nStates, s.nItems)
	}
	theta0, err := s.startTheta()
	if err != nil {
		return nil, nil, err
	}
	n := s.nStates
	x := make([]float64, n+3*s.nItems)
	copy(x, theta0)
	for j := 0; j < s.nItems; j++ {
		it, err := s.fitItemAt(j, theta0)
		if err != nil {
			return nil, nil, err
		}
		x[n+3*j], x[n+3*j+1], x[n+3*j+2] = it.Beta, it.A, it.G
	}
	h := s.curvature(x)
	prob, toX := scaled(s.jointProblem(), h)
	z := make([]float64, len(x))
	for i := range x {
		z[i] = x[i] * math.Sqrt(h[i])
	}
	// In the rescaled coordinates a gradient of 1e-3 leaves the points
	// within about 1e-4 of the optimum, far inside their standard errors.
	res, err := optimize.Minimize(prob, z, &optimize.Settings{
		GradientThreshold: 1e-3,
		MajorIterations:   20000,
		Converger:         &optimize.FunctionConverge{Relative: 1e-10, Iterations: 50},
	}, &optimize.LBFGS{Store: 20})
	if err := settled(res, err); err != nil {
		return nil, nil, fmt.Errorf("unvotes: fitting ideal points: %w", err)
	}
	res.X = slices.Clone(toX(res.X))
	theta = res.X[:n]
	items = make([]item, s.nItems)
	for j := range items {
		o := n + 3*j
		items[j] = item{res.X[o], res.X[o+1], res.X[o+2]}
	}
	return theta, items, nil
}

// IdealPoints fits the ordinal item-response model to the record (see the
// package documentation) and returns each state's ideal point.
//
// Unanimous roll calls, which carry no information about the states, and
// states with fewer than opt.MinVotes votes are left out. After fitting,
// the points are standardised to mean 0 and standard deviation 1 over the
// fitted states, the discriminations rescaled to match, and the sign is
// chosen to make opt.Reference positive.
func IdealPoints(r *Record, opt Options) (*Fit, error) {
	share := opt.heldOutShare()
	if share != 0 && opt.Rand == nil {
		return nil, errors.New("unvotes: Options.Rand is required for the held-out check")
	}
	s := prepare(r, nil, opt.minVotes())
	theta, items, err := s.fit()
	if err != nil {
		return nil, err
	}
	// Standardise, moving the item parameters so that the linear
	// predictor beta*theta - a is unchanged.
	mean, sd := standardise(theta)
	for j := range items {
		items[j].A -= items[j].Beta * mean
		items[j].Beta *= sd
	}
	if opt.Reference != "" {
		ref := -1
		for i, st := range s.states {
			if r.States[st] == opt.Reference {
				ref = i
			}
		}
		if ref < 0 {
			return nil, fmt.Errorf("unvotes: reference state %s is not among the %d fitted states", opt.Reference, s.nStates)
		}
		if theta[ref] < 0 {
			for i := range theta {
				theta[i] = -theta[i]
			}
			for j := range items {
				items[j].Beta = -items[j].Beta
			}
		}
	}
	f := &Fit{Votes: len(s.vote), RollCalls: s.nItems}
	info := make([]float64, s.nStates)
	nv := make([]int, s.nStates)
	var right, base int
	for j, it := range items {
		lo, hi := s.start[j], s.start[j+1]
		mode := modal(s.vote[lo:hi])
		for k := lo; k < hi; k++ {
			st, y := s.state[k], s.vote[k]
			info[st] += it.info(theta[st], y)
			nv[st]++
			if it.predict(theta[st]) == y {
				right++
			}
			if mode == y {
				base++
			}
		}
	}
	if f.Votes > 0 {
		f.InSample = float64(right) / float64(f.Votes)
		f.InSampleBaseline = float64(base) / float64(f.Votes)
	}
	f.Points = make([]Estimate, s.nStates)
	for i, st := range s.states {
		f.Points[i] = Estimate{
			State: r.States[st],
			Point: theta[i],
			SD:    1 / math.Sqrt(info[i]+1/varTheta),
			Votes: nv[i],
		}
	}
	slices.SortFunc(f.Points, func(a, b Estimate) int { return strings.Compare(a.State, b.State) })
	if share != 0 {
		f.HeldOut, f.HeldOutBaseline, err = HeldOutAccuracy(r, opt)
		if err != nil {
			return nil, err
		}
	}
	return f, nil
}

// modal returns the most frequent vote, preferring yes, then no, then
// abstain on a tie so that the result does not depend on vote order.
func modal(votes []Vote) Vote {
	var c [3]int
	for _, v := range votes {
		c[v]++
	}
	best := Yes
	for _, v := range []Vote{No, Abstain} {
		if c[v] > c[best] {
			best = v
		}
	}
	return best
}
