package backtest

import (
	"math"
	"sort"

	"github.com/treatysim/treatysim/scenarios/importers"
)

// The baselines take an issue's stands with positions and saliences on
// [0,1] and capabilities > 0, and return a predicted outcome on [0,1].

// Compromise is the compromise model (Achen 2006; Thomson et al. 2006):
// the mean of the positions weighted by capability times salience,
// sum c_i s_i x_i / sum c_i s_i; with no weight at all, the plain mean.
func Compromise(st []importers.Stand) float64 { return importers.Compromise(st) }

// WeightedMedian is the position of the median voter when each actor's
// weight is its capability times its salience: the lowest position at
// which the cumulative weight reaches half the total. When it reaches
// exactly half there, every point up to the next position is a median,
// and the midpoint is returned. With no weight at all, actors weigh alike.
func WeightedMedian(st []importers.Stand) float64 {
	x := make([]float64, len(st))
	w := make([]float64, len(st))
	for k, s := range st {
		x[k], w[k] = s.Position, s.Capability*s.Salience
	}
	return weightedMedian(x, w)
}

func weightedMedian(x, w []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	idx := make([]int, n)
	total := 0.0
	for k := range idx {
		idx[k] = k
		total += w[k]
	}
	weight := func(k int) float64 { return w[k] }
	if total <= 0 {
		weight = func(int) float64 { return 1 }
		total = float64(n)
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	half, cum := total/2, 0.0
	for p, k := range idx {
		cum += weight(k)
		// Relative tolerance: weights such as 0.48*0.4 do not sum to
		// exactly half in floating point even when they should.
		if math.Abs(cum-half) <= 1e-12*total {
			for q := p + 1; q < n; q++ {
				if weight(idx[q]) > 0 {
					return (x[k] + x[idx[q]]) / 2
				}
			}
			return x[k]
		}
		if cum > half {
			return x[k]
		}
	}
	return x[idx[n-1]]
}

// NashGrid is the number of steps of the grid on [0,1] over which Nash
// searches: steps of 0.1 on the 0-100 scale.
const NashGrid = 1000

// Nash is the Nash bargaining solution with the reference point as the
// disagreement point: the x in [0,100] that maximises the product of the
// gains U_i(x) - U_i(ref) over the actors whose gain at x is positive,
// with U_i(x) = -s_i |x - x_i|^a on the 0-100 scale (a the curvature),
// found on a grid (NashGrid). Actors who would lose at x are left out of
// the product there: on a line, an agreement anywhere but at the reference
// point hurts someone, so requiring every gain to be positive would leave
// only the reference point. Capability plays no part (the symmetric
// solution). Where no x gives anyone a gain, the reference point stands.
// It returns NaN when the reference point is unknown.
func Nash(st []importers.Stand, ref, curvature float64) float64 {
	if math.IsNaN(ref) {
		return math.NaN()
	}
	best, bestV := ref, math.Inf(-1)
	for g := 0; g <= NashGrid; g++ {
		x := float64(g) / NashGrid
		v, any := 0.0, false
		for _, s := range st {
			gain := s.Salience * (math.Pow(100*math.Abs(ref-s.Position), curvature) - math.Pow(100*math.Abs(x-s.Position), curvature))
			if gain > 0 {
				v += math.Log(gain) // the log of the product, which cannot overflow
				any = true
			}
		}
		if any && v > bestV {
			best, bestV = x, v
		}
	}
	return best
}
