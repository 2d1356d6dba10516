package scenarios

import (
	"math"
	"testing"
)

func TestQuantile(t *testing.T) {
	close := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	cases := []struct {
		name string
		p    Param
		u    float64
		want float64
	}{
		{"fixed", Num(0.3), 0.9, 0.3},
		{"normal median", Param{Dist: Normal, Value: 0.4, SD: 0.2}, 0.5, 0.4},
		// Φ⁻¹(0.975) = 1.959963984540054
		{"normal 97.5%", Param{Dist: Normal, Value: 1, SD: 2}, 0.975, 1 + 2*1.959963984540054},
		{"normal 2.5%", Param{Dist: Normal, Value: 1, SD: 2}, 0.025, 1 - 2*1.959963984540054},
		{"uniform", Param{Dist: Uniform, Min: 2, Max: 6}, 0.25, 3},
		{"uniform top", Param{Dist: Uniform, Min: 2, Max: 6}, 1, 6},
		// triangular(0, 1, 2): F(x) = x²/2 below the mode, so q(1/8) = 0.5;
		// and symmetric: q(7/8) = 1.5.
		{"triangular low", Param{Dist: Triangular, Min: 0, Mode: 1, Max: 2}, 0.125, 0.5},
		{"triangular high", Param{Dist: Triangular, Min: 0, Mode: 1, Max: 2}, 0.875, 1.5},
		// beta(1,1) is uniform; rescaled to [10, 20].
		{"beta uniform", Param{Dist: Beta, Alpha: 1, BetaB: 1, Min: 10, Max: 20}, 0.3, 13},
		// beta(2,1) on [0,1] has F(x) = x², so q(0.25) = 0.5; on [0, 4]: 2.
		{"beta(2,1)", Param{Dist: Beta, Alpha: 2, BetaB: 1, Min: 0, Max: 4}, 0.25, 2},
		// beta(2,2) is symmetric: its median is the middle of the range.
		{"beta median", Param{Dist: Beta, Alpha: 2, BetaB: 2, Min: -1, Max: 1}, 0.5, 0},
		{"choice first", Param{Dist: Choice, Values: []float64{0.8, 0.2, 0.5}}, 0, 0.2},
		{"choice middle", Param{Dist: Choice, Values: []float64{0.8, 0.2, 0.5}}, 0.5, 0.5},
		{"choice just below a third", Param{Dist: Choice, Values: []float64{0.8, 0.2, 0.5}}, 0.33, 0.2},
		{"choice top clamped", Param{Dist: Choice, Values: []float64{0.8, 0.2, 0.5}}, 1, 0.8},
	}
	for _, c := range cases {
		if got := c.p.Quantile(c.u); !close(got, c.want) {
			t.Errorf("%s: Quantile(%g) of %v = %g, want %g", c.name, c.u, c.p, got, c.want)
		}
	}
	n := Param{Dist: Normal, Value: 0.4, SD: 0.2}
	if !math.IsInf(n.Quantile(0), -1) || !math.IsInf(n.Quantile(1), 1) {
		t.Errorf("normal Quantile(0), Quantile(1) = %g, %g, want -Inf, +Inf", n.Quantile(0), n.Quantile(1))
	}
	// The choice's values are left in their order.
	ch := Param{Dist: Choice, Values: []float64{0.8, 0.2, 0.5}}
	ch.Quantile(0.1)
	if ch.Values[0] != 0.8 {
		t.Errorf("Quantile reordered the values of a choice: %v", ch.Values)
	}
}
