package scenarios

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// newRNG returns a deterministic generator for a test.
func newRNG(seed byte) *rand.Rand {
	var s [32]byte
	s[0] = seed
	return rand.New(rand.NewChaCha8(s))
}

// sampleMean draws n values of p on [lo, hi] and returns their mean,
// checking that every draw lies in [lo, hi].
func sampleMean(t *testing.T, p Param, lo, hi float64, n int) float64 {
	t.Helper()
	rng := newRNG(1)
	sum := 0.0
	for range n {
		v := p.Draw(rng, lo, hi)
		if !(v >= lo && v <= hi) {
			t.Fatalf("%v drew %g, outside [%g, %g]", p, v, lo, hi)
		}
		sum += v
	}
	return sum / float64(n)
}

func TestDrawFixedConsumesNoRandomness(t *testing.T) {
	used, fresh := newRNG(3), newRNG(3)
	p := Num(0.42)
	for range 100 {
		if got := p.Draw(used, 0, 1); got != 0.42 {
			t.Fatalf("Num(0.42).Draw = %g", got)
		}
	}
	// Both generators must be at the same point of their stream.
	for i := range 10 {
		if a, b := used.Uint64(), fresh.Uint64(); a != b {
			t.Fatalf("draw %d after fixed draws: %d, want %d: a fixed Param consumed randomness", i, a, b)
		}
	}
}

func TestDrawNormalIsClamped(t *testing.T) {
	// Mean 0.9, sd 0.5 on [0,1]: about 42% of raw draws lie above 1 and 5%
	// below 0, so both bounds are hit many times in 2000 draws.
	p := Param{Dist: Normal, Value: 0.9, SD: 0.5, set: true}
	rng := newRNG(2)
	atLo, atHi := 0, 0
	for range 2000 {
		v := p.Draw(rng, 0, 1)
		switch {
		case v < 0 || v > 1 || math.IsNaN(v):
			t.Fatalf("drew %g, outside [0,1]", v)
		case v == 0:
			atLo++
		case v == 1:
			atHi++
		}
	}
	if atLo == 0 || atHi == 0 {
		t.Errorf("clamped to 0 %d times and to 1 %d times; want both > 0", atLo, atHi)
	}
	// Clamping uses the bounds passed in, not [0,1].
	if v := p.Draw(rng, 0.85, 0.95); v < 0.85 || v > 0.95 {
		t.Errorf("drew %g, outside [0.85, 0.95]", v)
	}
}

func TestDrawMeans(t *testing.T) {
	const n = 20000
	tests := []struct {
		name      string
		p         Param
		want, tol float64
	}{
		// sd = 0.2/sqrt(12) = 0.0577, so the standard error of the mean of
		// 20000 draws is 0.00041: the tolerance is about 12 standard errors.
		{"uniform(0.2,0.4)", Param{Dist: Uniform, Min: 0.2, Max: 0.4, set: true}, 0.3, 0.005},
		// variance (0 + 0.25 + 1 - 0 - 0 - 0.5)/18 = 0.0417, sd 0.204, standard
		// error 0.0014: the tolerance is about 7 standard errors.
		{"triangular(0,0.5,1)", Param{Dist: Triangular, Min: 0, Mode: 0.5, Max: 1, set: true}, 0.5, 0.01},
		// mean 2/8; variance 2*6/(8^2*9) = 0.0208, sd 0.144, standard error
		// 0.0010: the tolerance is about 10 standard errors.
		{"beta(2,6)", Param{Dist: Beta, Alpha: 2, BetaB: 6, Min: 0, Max: 1, set: true}, 0.25, 0.01},
		// Rescaled to [0.2, 0.6]: mean 0.2 + 0.4*0.25 = 0.3, standard error
		// 0.0004; the tolerance is about 12 standard errors.
		{"beta(2,6) on [0.2,0.6]", Param{Dist: Beta, Alpha: 2, BetaB: 6, Min: 0.2, Max: 0.6, set: true}, 0.3, 0.005},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := sampleMean(t, tc.p, 0, 1, n)
			if math.Abs(got-tc.want) > tc.tol {
				t.Errorf("mean of %d draws = %.4f, want %g ± %g", n, got, tc.want, tc.tol)
			}
			if m := tc.p.Mean(); math.Abs(m-tc.want) > 1e-12 {
				t.Errorf("Mean() = %g, want %g", m, tc.want)
			}
		})
	}
}

func TestDrawChoice(t *testing.T) {
	values := []float64{0.1, 0.5, 0.9}
	p := Param{Dist: Choice, Values: values, set: true}
	rng := newRNG(4)
	seen := map[float64]int{}
	for range 3000 {
		seen[p.Draw(rng, 0, 1)]++
	}
	for v, k := range seen {
		if !(v == 0.1 || v == 0.5 || v == 0.9) {
			t.Errorf("drew %g (%d times), not one of %v", v, k, values)
		}
	}
	// Each value has probability 1/3: 1000 expected, sd 26, so fewer than
	// 800 would be nearly 8 sd off.
	for _, v := range values {
		if seen[v] < 800 {
			t.Errorf("%g drawn %d times in 3000, want about 1000", v, seen[v])
		}
	}
}

func TestDrawIsDeterministic(t *testing.T) {
	p := Param{Dist: Triangular, Min: 0.1, Mode: 0.3, Max: 0.9, set: true}
	a, b := newRNG(5), newRNG(5)
	for i := range 100 {
		if x, y := p.Draw(a, 0, 1), p.Draw(b, 0, 1); x != y {
			t.Fatalf("draw %d: %g and %g from the same seed", i, x, y)
		}
	}
}

// TestTriangleQuantileMatchesGonum keeps the inlined quantile equal, bit
// for bit, to gonum's distuv.Triangle, which Draw used to call.
func TestTriangleQuantileMatchesGonum(t *testing.T) {
	for _, tt := range []struct{ a, b, c float64 }{{0, 1, 0.5}, {0.2, 0.9, 0.3}, {0, 0.06, 0.03}, {1, 5, 5}, {0, 1, 0}} {
		d := distuv.NewTriangle(tt.a, tt.b, tt.c, nil)
		for _, u := range []float64{0, 1e-9, 0.1, 0.25, 0.5, 0.75, 0.999, 1} {
			if got, want := triangleQuantile(tt.a, tt.b, tt.c, u), d.Quantile(u); got != want {
				t.Errorf("triangle(%v, %v, %v) at %v: %v, gonum %v", tt.a, tt.b, tt.c, u, got, want)
			}
		}
	}
}
