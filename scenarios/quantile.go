package scenarios

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Quantile returns the u-quantile of the parameter's distribution (u in
// [0,1], clamped), before the clamping to a range that Draw applies: the
// value itself for a fixed parameter; mean + sd·Φ⁻¹(u) for a normal one
// (±Inf at u = 0 and 1); the rescaled quantile for uniform, triangular and
// beta; for a choice, the value at index floor(u·n) (clamped to n-1) of
// the n values in increasing order, so that the quantile is nondecreasing
// in u whatever order the values were listed in.
func (p Param) Quantile(u float64) float64 {
	u = min(1, max(0, u))
	switch p.Dist {
	case Fixed:
		return p.Value
	case Normal:
		return p.Value + p.SD*distuv.UnitNormal.Quantile(u)
	case Uniform:
		return p.Min + (p.Max-p.Min)*u
	case Triangular:
		return triangleQuantile(p.Min, p.Max, p.Mode, u)
	case Beta:
		return p.Min + (p.Max-p.Min)*distuv.Beta{Alpha: p.Alpha, Beta: p.BetaB}.Quantile(u)
	case Choice:
		n := len(p.Values)
		if n == 0 {
			return math.NaN()
		}
		v := slices.Clone(p.Values)
		slices.Sort(v)
		return v[min(n-1, int(math.Floor(u*float64(n))))]
	}
	return math.NaN()
}
