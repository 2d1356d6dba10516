// Package compare compares two scenarios over paired Monte Carlo runs:
// run i of each uses the same random stream, sim.RunRNG(seed, i) (common
// random numbers), so that the per-run differences carry far less noise
// than two independent samples. Each measure gets a paired 95% interval, a
// two-sided p value and Holm's correction over all the tests.
package compare

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// Alpha is the family-wise error rate the Holm-adjusted p values are held to.
const Alpha = 0.05

// Measures, in the order the comparison lists them.
const (
	MeasureAdoption     = "adoption"             // probability of adoption
	MeasureSessionMean  = "decided_session_mean" // mean session index, runs adopted in both
	MeasureSession      = "decided_session"      // probability of adoption in a session (item: session id)
	MeasureSurvival     = "survival"             // probability a clause survives (item: clause id)
	MeasureOption       = "option"               // probability a clause ends on an option (item: clause/option)
	MeasureSatisfaction = "satisfaction"         // mean satisfaction of a state (item: state id)
)

// Run is what one run leaves for the comparison.
type Run struct {
	Adopted      bool
	Session      int // index of the deciding session, or -1
	Option       []int
	Survived     []bool
	Satisfaction []float64
}

// Sample is the runs 0..n-1 of a scenario with a master seed.
type Sample struct {
	Scenario *scenarios.Scenario
	Seed     uint64
	Runs     []Run
}

// collector is a sim.Sink storing each run at its index; workers write
// distinct elements, so one collector serves them all.
type collector struct{ runs []Run }

func (c *collector) Add(run uint64, out *sim.Outcome) {
	c.runs[run] = Run{
		Adopted:      out.Adopted,
		Session:      out.DecidedSession,
		Option:       slices.Clone(out.FinalOption),
		Survived:     slices.Clone(out.Survived),
		Satisfaction: slices.Clone(out.Satisfaction),
	}
}

// Collect plays runs 0..n-1 of sc with master seed on the given number of
// workers. progress, if not nil, is called now and then with the runs done.
func Collect(ctx context.Context, sc *scenarios.Scenario, seed, n uint64, workers int, progress func(uint64)) (*Sample, error) {
	if workers < 1 {
		workers = 1
	}
	c := &collector{runs: make([]Run, n)}
	sinks := make([]sim.Sink, workers)
	for w := range sinks {
		sinks[w] = c
	}
	mc := sim.MonteCarlo{Seed: seed, First: 0, Last: n, Progress: progress}
	done, err := mc.Run(ctx, sc, sinks)
	if err != nil && done < n {
		return nil, fmt.Errorf("%s: %w after %d of %d runs", sc.ID, err, done, n)
	}
	return &Sample{Scenario: sc, Seed: seed, Runs: c.runs}, nil
}

// Row is one test: a measure of an item in A and in B, and the paired
// difference b-a with its interval and p values.
type Row struct {
	Measure    string  `json:"measure"`
	Item       string  `json:"item"`
	A          float64 `json:"a"`
	B          float64 `json:"b"`
	Difference float64 `json:"difference"`
	Low        float64 `json:"low"`
	High       float64 `json:"high"`
	P          float64 `json:"p"`
	PAdjusted  float64 `json:"p_adjusted"`
	// N is the number of paired runs the test rests on.
	N           int  `json:"n"`
	Significant bool `json:"significant"`
}

// Probability reports whether the measure is a probability (shown in
// percent) rather than a mean on its own scale.
func (r Row) Probability() bool {
	return r.Measure != MeasureSessionMean && r.Measure != MeasureSatisfaction
}

// LeftOut lists what only one of the two scenarios has, by id: it is not
// compared.
type LeftOut struct {
	ClausesOnlyInA  []string `json:"clauses_only_in_a,omitempty"`
	ClausesOnlyInB  []string `json:"clauses_only_in_b,omitempty"`
	OptionsOnlyInA  []string `json:"options_only_in_a,omitempty"` // clause/option
	OptionsOnlyInB  []string `json:"options_only_in_b,omitempty"`
	StatesOnlyInA   []string `json:"states_only_in_a,omitempty"`
	StatesOnlyInB   []string `json:"states_only_in_b,omitempty"`
	SessionsOnlyInA []string `json:"sessions_only_in_a,omitempty"`
	SessionsOnlyInB []string `json:"sessions_only_in_b,omitempty"`
}

// Empty reports whether nothing was left out.
func (l LeftOut) Empty() bool {
	return len(l.ClausesOnlyInA)+len(l.ClausesOnlyInB)+len(l.OptionsOnlyInA)+len(l.OptionsOnlyInB)+
		len(l.StatesOnlyInA)+len(l.StatesOnlyInB)+len(l.SessionsOnlyInA)+len(l.SessionsOnlyInB) == 0
}

// Result is a whole comparison.
type Result struct {
	A, B *scenarios.Scenario
	// Folders names the results folder each side was replayed from, or
	// "" for a side given as a scenario; set by the caller.
	Folders [2]string
	Seed    uint64
	Runs    int
	Rows    []Row
	LeftOut LeftOut
	// Attribution, set by the caller, splits the differences of a what-if
	// (B) that extends A among its changes; nil when not made.
	Attribution *Attribution
	// AttributionNote says why no attribution was made, if so.
	AttributionNote string
}

// Compare compares two samples of the same seed and number of runs, run
// by run.
func Compare(a, b *Sample) (*Result, error) {
	if a.Seed != b.Seed || len(a.Runs) != len(b.Runs) {
		return nil, fmt.Errorf("compare: samples differ in seed (%d, %d) or runs (%d, %d); runs must be paired",
			a.Seed, b.Seed, len(a.Runs), len(b.Runs))
	}
	if len(a.Runs) < 2 {
		return nil, fmt.Errorf("compare: %d runs; at least 2 are needed", len(a.Runs))
	}
	sa, sb := a.Scenario, b.Scenario
	res := &Result{A: sa, B: sb, Seed: a.Seed, Runs: len(a.Runs)}
	n := len(a.Runs)
	xa, xb := make([]float64, n), make([]float64, n)
	add := func(measure, item string, f func(r Run, sc *scenarios.Scenario, side int) float64) {
		for i := range n {
			xa[i], xb[i] = f(a.Runs[i], sa, 0), f(b.Runs[i], sb, 1)
		}
		var row Row
		if measure == MeasureSatisfaction {
			row = Paired(xa, xb)
		} else {
			row = PairedBinary(xa, xb)
		}
		row.Measure, row.Item = measure, item
		res.Rows = append(res.Rows, row)
	}
	bit := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}

	add(MeasureAdoption, "", func(r Run, _ *scenarios.Scenario, _ int) float64 { return bit(r.Adopted) })

	// Decided session: the mean index over the runs adopted in both, paired.
	var da, db []float64
	for i := range n {
		if a.Runs[i].Adopted && b.Runs[i].Adopted {
			da = append(da, float64(a.Runs[i].Session))
			db = append(db, float64(b.Runs[i].Session))
		}
	}
	if len(da) >= 2 {
		row := Paired(da, db)
		row.Measure = MeasureSessionMean
		res.Rows = append(res.Rows, row)
	}
	sessA, sessB := sessionIDs(sa), sessionIDs(sb)
	shared, onlyA, onlyB := sharedIDs(sessA, sessB)
	res.LeftOut.SessionsOnlyInA, res.LeftOut.SessionsOnlyInB = onlyA, onlyB
	for _, id := range shared {
		idx := [2]int{slices.Index(sessA, id), slices.Index(sessB, id)}
		add(MeasureSession, id, func(r Run, _ *scenarios.Scenario, side int) float64 {
			return bit(r.Adopted && r.Session == idx[side])
		})
	}

	clA, clB := clauseIDs(sa), clauseIDs(sb)
	shared, onlyA, onlyB = sharedIDs(clA, clB)
	res.LeftOut.ClausesOnlyInA, res.LeftOut.ClausesOnlyInB = onlyA, onlyB
	for _, id := range shared {
		ci := [2]int{slices.Index(clA, id), slices.Index(clB, id)}
		add(MeasureSurvival, id, func(r Run, _ *scenarios.Scenario, side int) float64 { return bit(r.Survived[ci[side]]) })
		optA, optB := optionIDs(sa.Clauses[ci[0]]), optionIDs(sb.Clauses[ci[1]])
		sharedOpt, oa, ob := sharedIDs(optA, optB)
		for _, o := range oa {
			res.LeftOut.OptionsOnlyInA = append(res.LeftOut.OptionsOnlyInA, id+"/"+o)
		}
		for _, o := range ob {
			res.LeftOut.OptionsOnlyInB = append(res.LeftOut.OptionsOnlyInB, id+"/"+o)
		}
		for _, o := range sharedOpt {
			oi := [2]int{slices.Index(optA, o), slices.Index(optB, o)}
			add(MeasureOption, id+"/"+o, func(r Run, _ *scenarios.Scenario, side int) float64 {
				return bit(r.Option[ci[side]] == oi[side])
			})
		}
	}

	stA, stB := stateIDs(sa), stateIDs(sb)
	shared, onlyA, onlyB = sharedIDs(stA, stB)
	res.LeftOut.StatesOnlyInA, res.LeftOut.StatesOnlyInB = onlyA, onlyB
	for _, id := range shared {
		si := [2]int{slices.Index(stA, id), slices.Index(stB, id)}
		add(MeasureSatisfaction, id, func(r Run, _ *scenarios.Scenario, side int) float64 { return r.Satisfaction[si[side]] })
	}

	ps := make([]float64, len(res.Rows))
	for k, r := range res.Rows {
		ps[k] = r.P
	}
	for k, p := range Holm(ps) {
		res.Rows[k].PAdjusted = p
		res.Rows[k].Significant = p < Alpha
	}
	return res, nil
}

// Paired returns the paired comparison of x (A) and y (B), run by run: a
// and b are their means, the difference is the mean of the per-run
// differences y-x, the 95% interval is that mean ± 1.96 sd/sqrt(n), and p
// is the two-sided p value of the paired t statistic under the normal
// approximation (fine at n >= 100; at fewer runs it is a little small).
// Where the differences do not vary (sd 0), the interval is [diff, diff]
// and p is 1 if the difference is 0, else 0.
func Paired(x, y []float64) Row {
	n := len(x)
	var sa, sb, sd float64
	for i := range n {
		sa += x[i]
		sb += y[i]
		sd += y[i] - x[i]
	}
	fn := float64(n)
	row := Row{A: sa / fn, B: sb / fn, Difference: sd / fn, N: n}
	var ss float64
	for i := range n {
		d := y[i] - x[i] - row.Difference
		ss += d * d
	}
	se := 0.0
	if n > 1 {
		se = math.Sqrt(ss/(fn-1)) / math.Sqrt(fn)
	}
	// Differences that do not vary leave rounding noise in ss; treat a
	// standard error this small relative to the values as none.
	if se <= 1e-12*max(1, math.Abs(row.Difference)) {
		row.Low, row.High = row.Difference, row.Difference
		row.P = 1
		if math.Abs(row.Difference) > 1e-12 {
			row.P = 0
		}
		return row
	}
	row.Low, row.High = row.Difference-1.96*se, row.Difference+1.96*se
	row.P = math.Erfc(math.Abs(row.Difference/se) / math.Sqrt2)
	return row
}

// Holm returns Holm's step-down adjusted p values (Holm 1979), in the
// order of ps: the k-th smallest p (from 0) is multiplied by m-k, capped
// at 1 and made monotone.
func Holm(ps []float64) []float64 {
	m := len(ps)
	order := make([]int, m)
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(i, j int) bool { return ps[order[i]] < ps[order[j]] })
	adj := make([]float64, m)
	running := 0.0
	for k, i := range order {
		running = max(running, min(1, float64(m-k)*ps[i]))
		adj[i] = running
	}
	return adj
}

// Significant returns the significant rows, in order.
func (r *Result) Significant() []Row {
	var out []Row
	for _, row := range r.Rows {
		if row.Significant {
			out = append(out, row)
		}
	}
	return out
}

func sessionIDs(sc *scenarios.Scenario) []string {
	ids := make([]string, len(sc.Sessions))
	for k, s := range sc.Sessions {
		ids[k] = s.ID
	}
	return ids
}

func clauseIDs(sc *scenarios.Scenario) []string {
	ids := make([]string, len(sc.Clauses))
	for k, c := range sc.Clauses {
		ids[k] = c.ID
	}
	return ids
}

func optionIDs(c scenarios.ClauseInfo) []string {
	ids := make([]string, len(c.Options))
	for k, o := range c.Options {
		ids[k] = o.ID
	}
	return ids
}

func stateIDs(sc *scenarios.Scenario) []string {
	ids := make([]string, len(sc.States))
	for k, s := range sc.States {
		ids[k] = s.ID
	}
	return ids
}

// sharedIDs splits two id lists into those in both (in a's order) and
// those in only one.
func sharedIDs(a, b []string) (shared, onlyA, onlyB []string) {
	for _, id := range a {
		if slices.Contains(b, id) {
			shared = append(shared, id)
		} else {
			onlyA = append(onlyA, id)
		}
	}
	for _, id := range b {
		if !slices.Contains(a, id) {
			onlyB = append(onlyB, id)
		}
	}
	return shared, onlyA, onlyB
}
