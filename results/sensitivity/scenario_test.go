package sensitivity

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// toyUncertain is the toy with drawn ideal points and alignments, and one
// more uncertain parameter that cannot matter: the capability of DDD
// (alone in the south with an uncertain capability) becomes a choice
// between 1 and 1, the fixed value it had. Every quantile of it is 1, so
// each point of the design runs the scenario with exactly the capabilities
// of the toy: moving the factor capability:south changes nothing in the
// scenario a run sees, and with a run's stream fixed by its point, nothing
// in its outcome... except through the stream, which differs from point to
// point. The toy is chosen so that does not matter: once its drawn
// parameters are fixed it draws nothing from the stream that changes an
// outcome (checked below by running one point under many seeds).
func toyUncertain(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load("../../sim/testdata/toy-votes.toml")
	if err != nil {
		t.Fatal(err)
	}
	d := sc.StateIndex("DDD")
	sc.States[d].Capability = scenarios.Param{Dist: scenarios.Choice, Values: []float64{1, 1}}
	return sc
}

func TestScenarioFactors(t *testing.T) {
	sc := toyUncertain(t)
	fs := ScenarioFactors(sc)
	var keys []string
	for _, f := range fs {
		keys = append(keys, f.Key)
	}
	want := []string{"alignment:north", "alignment:south", "ideal:wording:south", "capability:south", "ideal:x_offence:south", "ideal:safeguards:south"}
	if !slices.Equal(keys, want) {
		t.Fatalf("factors %v, want %v", keys, want)
	}
	if got := fs[1].Params; !slices.Equal(got, []string{"CCC.alignment"}) {
		t.Errorf("alignment:south moves %v", got)
	}
	x := make([]float64, len(fs))
	for j := range x {
		x[j] = 1
	}
	fixed := FixScenario(sc, fs, x)
	c, e := sc.StateIndex("CCC"), sc.StateIndex("EEE")
	w := sc.ClauseIndex("wording")
	if sc.States[c].Positions[w].Ideal.IsFixed() || sc.States[c].Alignment.IsFixed() {
		t.Fatal("FixScenario changed the scenario it was given")
	}
	if p := fixed.States[c].Positions[w].Ideal; !p.IsFixed() || p.Value != 1-uEnd {
		t.Errorf("CCC's ideal on wording fixed at %v, want %g", p, 1-uEnd)
	}
	if p := fixed.States[e].Positions[0].Ideal; !p.IsFixed() {
		t.Errorf("EEE's ideal on x_offence not fixed: %v", p)
	}
	if len(ScenarioFactors(fixed)) != 0 {
		t.Errorf("the fixed scenario still has factors: %v", ScenarioFactors(fixed))
	}
}

func TestScenarioMorris(t *testing.T) {
	sc := toyUncertain(t)
	fs := ScenarioFactors(sc)
	outputs := ScenarioOutputs(sc)

	// The premise of the null factor: a point gives the same outcome under
	// any stream.
	x := []float64{0.2, 0.7, 0.4, 0.5, 0.9, 0.1}
	d1 := &Design{Points: [][]float64{x}}
	ref := EvaluateScenario(sc, fs, d1, 1, 1)[0]
	for seed := uint64(2); seed < 12; seed++ {
		if y := EvaluateScenario(sc, fs, d1, seed, 1)[0]; !slices.Equal(y, ref) {
			t.Fatalf("seed %d: outputs %v, seed 1: %v; the toy is not deterministic once fixed", seed, y, ref)
		}
	}

	indices := func(workers int) ([]Effects, [][]string) {
		d, err := NewMorris(len(fs), 10, MorrisOptions{Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		y := EvaluateScenario(sc, fs, d, 5, workers)
		e, err := d.Morris(y)
		if err != nil {
			t.Fatal(err)
		}
		return e, MorrisRows(e, outputs, fs)
	}
	e, rows1 := indices(1)
	_, rows3 := indices(3)
	if !slices.EqualFunc(rows1, rows3, slices.Equal) {
		t.Errorf("indices differ with 1 and 3 workers:\n%v\n%v", rows1, rows3)
	}
	null := slices.IndexFunc(fs, func(f ScenarioFactor) bool { return f.Key == "capability:south" })
	var moved bool
	for _, x := range e {
		if x.Factor == null && (x.MuStar != 0 || x.Sigma != 0) {
			t.Errorf("%s: mu* of capability:south = %g, sigma %g, want 0", outputs[x.Output], x.MuStar, x.Sigma)
		}
		if x.MuStar > 0 {
			moved = true
		}
	}
	if !moved {
		t.Error("no factor moves any output")
	}
}

// loadNull is the toy with votes, behavioural noise (ideal_noise 0.3, so
// that runs differ by their draws) and an absent state FFF whose uncertain
// capability and ideal point the engine ignores.
func loadNull(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load("testdata/toy-null.toml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestScenarioNullFactor: on a noisy toy, the factors of a state that
// does not take part get Sobol indices near 0, within 0.02 (with common
// random numbers they are exactly 0: the points compared play the same
// draws), while a factor that matters, the South's ideal point on
// x_offence, gets a total index above 0.3 on the deciding session. Played
// with a stream per point instead, the same null factor picks up the
// runs' own noise: the reason for the common random numbers.
func TestScenarioNullFactor(t *testing.T) {
	sc := loadNull(t)
	fs := DefaultFactors(sc)
	outputs := ScenarioOutputs(sc)
	key := func(i int) string { return fs[i].Key }
	d, err := NewSobol(len(fs), 64, SobolOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	s, err := d.Sobol(EvaluateScenario(sc, fs, d, 3, 2))
	if err != nil {
		t.Fatal(err)
	}
	const tol = 0.02
	var nulls, strong int
	for _, x := range s {
		if math.IsNaN(x.Total) {
			continue // a constant output
		}
		if strings.HasSuffix(key(x.Factor), ":FFF") {
			nulls++
			if math.Abs(x.First) > tol || math.Abs(x.Total) > tol {
				t.Errorf("%s, %s: S = %.3f, ST = %.3f; want |S|, |ST| <= %g", outputs[x.Output], key(x.Factor), x.First, x.Total, tol)
			}
		}
		if outputs[x.Output] == "decided_session" && key(x.Factor) == "ideal:x_offence:south" && x.Total > 0.3 {
			strong++
		}
	}
	if nulls == 0 || strong == 0 {
		t.Fatalf("checked %d null indices and found %d strong ones; the toy no longer tests anything", nulls, strong)
	}

	// The same design with a stream per point (a design of no method
	// plays point j with stream j).
	plain := &Design{Points: d.Points}
	s, err = d.Sobol(EvaluateScenario(sc, fs, plain, 3, 2))
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, x := range s {
		if strings.HasSuffix(key(x.Factor), ":FFF") && !math.IsNaN(x.Total) {
			worst = max(worst, x.Total)
		}
	}
	t.Logf("with a stream per point, the null factors' largest total index is %.3f", worst)
	if worst < 0.1 {
		t.Errorf("with a stream per point the null factors' largest total index is %.3f; the toy's noise no longer shows why streams are shared", worst)
	}
}

func TestDesignStreams(t *testing.T) {
	s, err := NewSobol(3, 4, SobolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []uint64
	for j := range s.Points {
		got = append(got, s.Stream(j))
	}
	// A, B, then A_B^1..3: A and every A_B^i share rows' streams, B has its own.
	want := []uint64{0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}
	if !slices.Equal(got, want) {
		t.Errorf("Sobol streams %v, want %v", got, want)
	}
	m, err := NewMorris(2, 3, MorrisOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for j := range m.Points {
		got = append(got, m.Stream(j))
	}
	if want := []uint64{0, 0, 0, 1, 1, 1, 2, 2, 2}; !slices.Equal(got, want) {
		t.Errorf("Morris streams %v, want %v", got, want)
	}
}
