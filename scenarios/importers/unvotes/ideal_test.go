package unvotes

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
)

// synthetic draws a record from the ordinal logit model itself: states
// with theta ~ N(0, 1) and roll calls with discrimination |beta| ~
// U(0.5, 2.5) of random sign, a lower cutpoint ~ U(-2.5, 1.5) and a gap ~
// U(0.3, 2), spread over sessions 1..sessions. Each vote is missing with
// probability missing. It returns the record and the true points in the
// order of r.States.
func synthetic(rnd *rand.Rand, nStates, nItems, sessions int, missing float64) (*Record, []float64) {
	r := &Record{}
	theta := make([]float64, nStates)
	for i := range theta {
		theta[i] = rnd.NormFloat64()
		// Codes AAA, AAB, ... are sorted in index order.
		r.States = append(r.States, string([]byte{'A' + byte(i/676), 'A' + byte(i/26%26), 'A' + byte(i%26)}))
	}
	for j := 0; j < nItems; j++ {
		r.RollCalls = append(r.RollCalls, RollCall{ID: j + 1, Session: 1 + j*sessions/nItems, Date: "2000-01-01", Title: "synthetic"})
		beta := 0.5 + 2*rnd.Float64()
		if rnd.IntN(2) == 0 {
			beta = -beta
		}
		it := item{Beta: beta, A: -2.5 + 4*rnd.Float64(), G: math.Log(0.3 + 1.7*rnd.Float64())}
		for i, th := range theta {
			if rnd.Float64() < missing {
				continue
			}
			p := it.probs(th)
			u := rnd.Float64()
			v := Yes
			switch {
			case u < p[No]:
				v = No
			case u < p[No]+p[Abstain]:
				v = Abstain
			}
			r.Casts = append(r.Casts, Cast{RollCall: int32(j), State: int32(i), Vote: v})
		}
	}
	return r, theta
}

func TestIdealPointsRecovery(t *testing.T) {
	for _, tc := range []struct {
		name          string
		seed1, seed2  uint64
		states, items int
		missing       float64
		minCorr       float64
		minCover95    float64
	}{
		// With 300 roll calls a state's point has a standard error of
		// about 0.1 on a unit scale, so the correlation of true and
		// estimated points should be near 0.99; 0.95 leaves room for the
		// shrinkage of the priors and the extreme states.
		{"brief", 1, 2, 150, 300, 0.1, 0.95, 0.85},
		{"fewer roll calls", 3, 4, 100, 120, 0.1, 0.9, 0.85},
		{"complete", 5, 6, 80, 200, 0, 0.95, 0.85},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(tc.seed1, tc.seed2))
			r, truth := synthetic(rnd, tc.states, tc.items, 1, tc.missing)
			// The state with the largest true point fixes the sign.
			ref := r.States[slices.Index(truth, slices.Max(truth))]
			fit, err := IdealPoints(r, Options{Reference: ref, HeldOutShare: 0.2, Rand: rand.New(rand.NewPCG(7, 8))})
			if err != nil {
				t.Fatal(err)
			}
			if len(fit.Points) != tc.states {
				t.Fatalf("got %d points, want %d", len(fit.Points), tc.states)
			}
			est := make([]float64, len(fit.Points))
			for i, p := range fit.Points {
				if p.State != r.States[i] {
					t.Fatalf("point %d is %s, want %s", i, p.State, r.States[i])
				}
				est[i] = p.Point
			}
			if c := stat.Correlation(truth, est, nil); c < tc.minCorr {
				t.Errorf("correlation of true and estimated points %.3f, want >= %.2f", c, tc.minCorr)
			} else {
				t.Logf("correlation %.4f", c)
			}
			if p := fit.Points[slices.Index(r.States, ref)].Point; p <= 0 {
				t.Errorf("reference %s has point %.3f, want > 0", ref, p)
			}
			if m, s := stat.MeanStdDev(est, nil); math.Abs(m) > 1e-9 || math.Abs(s*math.Sqrt(float64(len(est)-1)/float64(len(est)))-1) > 1e-9 {
				t.Errorf("points have mean %g and sd %g, want 0 and 1", m, s)
			}
			// The SDs should be honest: after mapping the truth onto the
			// estimated scale by least squares, about 95% of the states
			// should lie within 2 SD.
			a, b := stat.LinearRegression(truth, est, nil, false)
			var in int
			for i, p := range fit.Points {
				if math.Abs(p.Point-(a+b*truth[i])) <= 2*p.SD {
					in++
				}
			}
			if cover := float64(in) / float64(len(est)); cover < tc.minCover95 {
				t.Errorf("%.2f of states within 2 SD of the truth, want >= %.2f", cover, tc.minCover95)
			} else {
				t.Logf("%.2f of states within 2 SD of the truth", cover)
			}
			if fit.InSample <= fit.InSampleBaseline {
				t.Errorf("in-sample accuracy %.3f not above the baseline %.3f", fit.InSample, fit.InSampleBaseline)
			}
			if fit.HeldOut <= fit.HeldOutBaseline {
				t.Errorf("held-out accuracy %.3f not above the baseline %.3f", fit.HeldOut, fit.HeldOutBaseline)
			}
			t.Logf("in-sample %.3f (baseline %.3f), held-out %.3f (baseline %.3f)", fit.InSample, fit.InSampleBaseline, fit.HeldOut, fit.HeldOutBaseline)
		})
	}
}

func TestIdealPointsDeterministic(t *testing.T) {
	r, _ := synthetic(rand.New(rand.NewPCG(9, 10)), 60, 90, 3, 0.1)
	var fits []*Fit
	for range 2 {
		f, err := IdealPoints(r, Options{Reference: "AAA", HeldOutShare: 0.3, Rand: rand.New(rand.NewPCG(1, 1))})
		if err != nil {
			t.Fatal(err)
		}
		fits = append(fits, f)
	}
	if !reflect.DeepEqual(fits[0], fits[1]) {
		t.Error("two fits with the same seed differ")
	}
	var per [][]SessionFit
	for range 2 {
		ps, err := PerSession(r, Options{Reference: "AAA"})
		if err != nil {
			t.Fatal(err)
		}
		per = append(per, ps)
	}
	if !reflect.DeepEqual(per[0], per[1]) {
		t.Error("two PerSession runs differ")
	}
	if len(per[0]) != 3 {
		t.Fatalf("PerSession gave %d sessions, want 3", len(per[0]))
	}
	for i, sf := range per[0] {
		if sf.Session != i+1 {
			t.Errorf("session %d at position %d, want %d", sf.Session, i, i+1)
		}
		if sf.Fit.HeldOut != 0 || sf.Fit.RollCalls == 0 {
			t.Errorf("session %d: held-out %v, %d roll calls", sf.Session, sf.Fit.HeldOut, sf.Fit.RollCalls)
		}
	}
}

func TestIdealPointsErrors(t *testing.T) {
	r, _ := synthetic(rand.New(rand.NewPCG(11, 12)), 30, 40, 1, 0)
	for _, tc := range []struct {
		name string
		r    *Record
		opt  Options
		want string
	}{
		{"no rand", r, Options{HeldOutShare: 0.2}, "Options.Rand is required"},
		{"unknown reference", r, Options{Reference: "ZZZ"}, "reference state ZZZ"},
		{"empty", &Record{}, Options{}, "too little to fit"},
		{"bad share", r, Options{HeldOutShare: 1, Rand: rand.New(rand.NewPCG(1, 1))}, "held-out share"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := IdealPoints(tc.r, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestUnanimousLeftOut checks that unanimous roll calls and states with too
// few votes are not fitted, and that an unanimous roll call alone does not
// send the fit to infinity.
func TestUnanimousLeftOut(t *testing.T) {
	r, _ := synthetic(rand.New(rand.NewPCG(13, 14)), 40, 50, 1, 0)
	// Roll call 50: everyone votes yes. State ZZZ votes only there and
	// on two others.
	r.RollCalls = append(r.RollCalls, RollCall{ID: 51, Session: 1})
	for i := range r.States {
		r.Casts = append(r.Casts, Cast{RollCall: 50, State: int32(i), Vote: Yes})
	}
	r.States = append(r.States, "ZZZ")
	for _, j := range []int32{0, 1, 50} {
		r.Casts = append(r.Casts, Cast{RollCall: j, State: int32(len(r.States) - 1), Vote: Yes})
	}
	f, err := IdealPoints(r, Options{MinVotes: 3})
	if err != nil {
		t.Fatal(err)
	}
	if f.RollCalls != 50 {
		t.Errorf("fitted %d roll calls, want 50", f.RollCalls)
	}
	if n := len(f.Points); n != 40 {
		t.Errorf("fitted %d states, want 40 (ZZZ has only 2 votes on contested roll calls)", n)
	}
}

// TestGradient checks the analytic gradient of the joint log posterior
// against central differences, in the rescaled coordinates the optimiser
// sees, at a point away from the optimum.
func TestGradient(t *testing.T) {
	r, _ := synthetic(rand.New(rand.NewPCG(15, 16)), 12, 15, 1, 0.1)
	s := prepare(r, nil, 1)
	rnd := rand.New(rand.NewPCG(17, 18))
	x := make([]float64, s.nStates+3*s.nItems)
	for i := range x {
		x[i] = rnd.NormFloat64()
	}
	h := s.curvature(x)
	for _, tc := range []struct {
		name string
		p    optimize.Problem
	}{
		{"joint", s.jointProblem()},
		{"scaled", func() optimize.Problem { p, _ := scaled(s.jointProblem(), h); return p }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := make([]float64, len(x))
			tc.p.Grad(got, x)
			want := fd.Gradient(nil, tc.p.Func, x, &fd.Settings{Formula: fd.Central, Step: 1e-5})
			for i := range got {
				// Central differences are accurate to about 1e-6 here.
				if math.Abs(got[i]-want[i]) > 1e-5*max(1, math.Abs(want[i])) {
					t.Errorf("d/dx[%d]: analytic %.8g, numerical %.8g", i, got[i], want[i])
				}
			}
		})
	}
	// The item objective used with theta fixed.
	th := []float64{-1, -0.3, 0.2, 0.8, 1.5}
	vo := []Vote{No, Abstain, Yes, Abstain, Yes}
	p := []float64{0.7, -0.2, 0.1}
	got := make([]float64, 3)
	itemObjective(p, th, vo, got)
	want := fd.Gradient(nil, func(p []float64) float64 {
		return itemObjective(p, th, vo, make([]float64, 3))
	}, p, &fd.Settings{Formula: fd.Central, Step: 1e-5})
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-6 {
			t.Errorf("item d/dx[%d]: analytic %.8g, numerical %.8g", i, got[i], want[i])
		}
	}
}

// TestInfo checks the information of a vote against the second
// difference of its log-likelihood in theta.
func TestInfo(t *testing.T) {
	it := item{Beta: 1.3, A: -0.4, G: math.Log(0.8)}
	ll := func(theta float64, y Vote) float64 {
		l, _, _ := voteTerm(it.Beta*theta-it.A, math.Exp(it.G), y)
		return l
	}
	for _, theta := range []float64{-2, 0, 0.5, 3} {
		for _, y := range []Vote{No, Abstain, Yes} {
			const h = 1e-4
			want := -(ll(theta+h, y) - 2*ll(theta, y) + ll(theta-h, y)) / (h * h)
			if got := it.info(theta, y); math.Abs(got-want) > 1e-5 {
				t.Errorf("info(%v, %v) = %.7f, second difference %.7f", theta, y, got, want)
			}
		}
		p := it.probs(theta)
		if s := p[0] + p[1] + p[2]; math.Abs(s-1) > 1e-12 || p[1] < 0 {
			t.Errorf("probs(%v) = %v", theta, p)
		}
	}
}
