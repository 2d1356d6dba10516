package backtest

import (
	"math"
	"testing"

	"github.com/treatysim/treatysim/scenarios/importers"
)

// stands builds stands from (position, salience, capability) triples.
func stands(v ...[3]float64) []importers.Stand {
	out := make([]importers.Stand, len(v))
	for k, s := range v {
		out[k] = importers.Stand{Actor: k, Position: s[0], Salience: s[1], Capability: s[2]}
	}
	return out
}

func same(a, b float64) bool {
	return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-9
}

func TestCompromise(t *testing.T) {
	tests := []struct {
		name   string
		stands []importers.Stand
		want   float64
	}{
		{"two alike", stands([3]float64{0, 1, 1}, [3]float64{1, 1, 1}), 0.5},
		// (3*0.5*0.2 + 1*1*1) / (3*0.5 + 1*1) = 1.3 / 2.5
		{"capability and salience", stands([3]float64{0.2, 0.5, 3}, [3]float64{1, 1, 1}), 0.52},
		{"no salience: plain mean", stands([3]float64{0.2, 0, 1}, [3]float64{0.4, 0, 2}), 0.3},
		// testdata/deu_small.tsv, d00001i1, GDP weights: 5.005 / 8.58
		{"deu_small d00001i1", stands([3]float64{1, .8, 4.1}, [3]float64{0, .2, 4.1}, [3]float64{.5, .5, 4.1},
			[3]float64{.5, .5, 2.8}, [3]float64{0, 1, 1.03}), 5.005 / 8.58},
		{"none", nil, math.NaN()},
	}
	for _, tt := range tests {
		if got := Compromise(tt.stands); !same(got, tt.want) {
			t.Errorf("%s: Compromise = %g, want %g", tt.name, got, tt.want)
		}
	}
}

func TestWeightedMedian(t *testing.T) {
	tests := []struct {
		name   string
		stands []importers.Stand
		want   float64
	}{
		{"three alike", stands([3]float64{0, 1, 1}, [3]float64{0.5, 1, 1}, [3]float64{1, 1, 1}), 0.5},
		// weights 3, 1, 1: the first already holds more than half of 5
		{"heavy end", stands([3]float64{0, 1, 3}, [3]float64{0.5, 1, 1}, [3]float64{1, 1, 1}), 0},
		// exactly half at 0: every point up to 1 is a median; the midpoint
		{"exact half", stands([3]float64{0, 1, 1}, [3]float64{1, 1, 1}), 0.5},
		// the next position with weight after the half is 1, not 0.3
		{"exact half, skip weightless", stands([3]float64{0, 1, 1}, [3]float64{0.3, 0, 1}, [3]float64{1, 1, 1}), 0.5},
		// unsorted; weights 1, 1, 1.5 by position 1, 0, 0.4: cumulative 1, 2.5 of 3.5
		{"unsorted", stands([3]float64{1, 1, 1}, [3]float64{0, 1, 1}, [3]float64{0.4, 1.5, 1}), 0.4},
		// salience times capability: 0.4*2.5 = 1 against 1 and 1
		{"capability", stands([3]float64{0.1, 0.4, 2.5}, [3]float64{0.5, 1, 1}, [3]float64{0.9, 1, 1}), 0.5},
		{"no weight: alike", stands([3]float64{0.1, 0, 1}, [3]float64{0.2, 0, 1}, [3]float64{0.9, 0, 1}), 0.2},
		{"none", nil, math.NaN()},
	}
	for _, tt := range tests {
		if got := WeightedMedian(tt.stands); !same(got, tt.want) {
			t.Errorf("%s: WeightedMedian = %g, want %g", tt.name, got, tt.want)
		}
	}
}

func TestNash(t *testing.T) {
	tests := []struct {
		name   string
		stands []importers.Stand
		ref, a float64
		want   float64
	}{
		// One actor gains most at its own position.
		{"one actor", stands([3]float64{0.3, 1, 1}), 0, 2, 0.3},
		// Linear utility, reference point 0, actors at 40 and 60: between
		// them the product is (80 - x) x, largest at 40; below 40 it is x^2.
		{"linear, two", stands([3]float64{0.4, 1, 1}, [3]float64{0.6, 1, 1}), 0, 1, 0.4},
		{"together", stands([3]float64{0.5, 1, 1}, [3]float64{0.5, 0.2, 1}), 0, 2, 0.5},
		// Actors on both sides of the reference point: any move hurts one,
		// who drops out of the product; each alone gains 2500 at its own
		// position, and the first maximum (0) is kept.
		{"both sides", stands([3]float64{0, 1, 1}, [3]float64{1, 1, 1}), 0.5, 2, 0},
		{"nobody gains", stands([3]float64{0.5, 1, 1}), 0.5, 2, 0.5},
		{"no reference point", stands([3]float64{0.5, 1, 1}), math.NaN(), 2, math.NaN()},
	}
	for _, tt := range tests {
		if got := Nash(tt.stands, tt.ref, tt.a); !same(got, tt.want) {
			t.Errorf("%s: Nash = %g, want %g", tt.name, got, tt.want)
		}
	}
}

func TestBDMExpectedUtility(t *testing.T) {
	tests := []struct {
		name   string
		stands []importers.Stand
		i, j   int
		want   float64
	}{
		// x = 0 and 1, alike: mu = 0.5, P = 1/2, U_s = 2, U_f = -2,
		// U_sq = 0, U_b = 2 - 4 (0.5 - 0.25 * 1.5) = 1.5:
		// 1 * (0.5*2 + 0.5*-2) - 0.5*0 - 0.5*1.5 = -0.75.
		{"two ends", stands([3]float64{0, 1, 1}, [3]float64{1, 1, 1}), 0, 1, -0.75},
		// x = 0.2, 0.6, 1; s = 0.5, 1, 1: mu = 0.6. Actor 1 challenging 0:
		// d = 0.4; votes -0.2, 0.4, 0.4 so P = 0.8; U_s = 0.8, U_f = -0.8,
		// U_b = 2 - 4 * 0.4 = 0.4: 0.5 (0.8*0.8 + 0.2*-0.8) + 0.5*0.8 - 0.5*0.4 = 0.44.
		{"three", stands([3]float64{0.2, 0.5, 1}, [3]float64{0.6, 1, 1}, [3]float64{1, 1, 1}), 1, 0, 0.44},
	}
	for _, tt := range tests {
		m := newBDM(tt.stands)
		m.mu = m.median()
		if got := m.eu(tt.i, tt.j, 1); !same(got, tt.want) {
			t.Errorf("%s: EU_%d(%d,%d) = %g, want %g", tt.name, tt.i, tt.i, tt.j, got, tt.want)
		}
		if p, q := m.prob(tt.i, tt.j), m.prob(tt.j, tt.i); !same(p+q, 1) {
			t.Errorf("%s: P(i,j) + P(j,i) = %g + %g, want 1", tt.name, p, q)
		}
	}
	// Two actors alike in all but position are equally vulnerable: r = 1.
	m := newBDM(stands([3]float64{0, 1, 1}, [3]float64{1, 1, 1}))
	m.mu = m.median()
	m.risk()
	if m.r[0] != 1 || m.r[1] != 1 {
		t.Errorf("risk exponents %v, want 1 and 1", m.r)
	}
}

func TestExpectedUtilityForecast(t *testing.T) {
	tests := []struct {
		name   string
		stands []importers.Stand
		want   float64
	}{
		{"agreement", stands([3]float64{0.3, 1, 1}, [3]float64{0.3, 0.5, 2}, [3]float64{0.3, 0.2, 1}), 0.3},
		{"alone", stands([3]float64{0.7, 0.4, 1}), 0.7},
		{"none", nil, math.NaN()},
	}
	for _, tt := range tests {
		if got := ExpectedUtility(tt.stands); !same(got, tt.want) {
			t.Errorf("%s: ExpectedUtility = %g, want %g", tt.name, got, tt.want)
		}
	}
	// Whatever the moves, the forecast stays within the positions taken.
	st := stands([3]float64{0, 0.9, 1}, [3]float64{0.3, 0.2, 2}, [3]float64{0.8, 0.6, 1}, [3]float64{1, 0.4, 3})
	if got := ExpectedUtility(st); got < 0 || got > 1 {
		t.Errorf("forecast %g outside the positions", got)
	}
}
