package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Method is the sensitivity method a Design was built for.
type Method int

const (
	// MethodSobol: Saltelli sampling for first-order and total indices.
	MethodSobol Method = iota + 1
	// MethodMorris: Morris trajectories for elementary effects.
	MethodMorris
)

func (m Method) String() string {
	switch m {
	case MethodSobol:
		return "sobol"
	case MethodMorris:
		return "morris"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// DefaultResamples is the number of bootstrap resamples of a Sobol design.
const DefaultResamples = 500

// Design lists the points at which to evaluate the model, and computes
// the indices from the outputs. All fields are exported (and plain data)
// so that a design can be written out and read back by the shards that
// evaluate it; the indices depend only on the fields and the outputs.
type Design struct {
	Method  Method
	Factors int // k, the dimension of the unit cube
	// N is the number of base rows (Sobol) or of trajectories (Morris).
	N    int
	Seed uint64
	// Sampler draws the base matrices (Sobol only).
	Sampler Sampler
	// Resamples is the number of bootstrap resamples (Sobol only).
	Resamples int
	// Levels is the number of grid levels p (Morris only).
	Levels int
	// Points are the points to evaluate, each of length Factors, in
	// [0,1]. Sobol: the N rows of A, then the N rows of B, then for each
	// factor i the N rows of A_B^i. Morris: the k+1 points of each
	// trajectory in turn.
	Points [][]float64
}

// SobolOptions configures NewSobol. The zero value is a Latin hypercube
// with seed 0 and DefaultResamples bootstrap resamples.
type SobolOptions struct {
	Seed      uint64
	Sampler   Sampler
	Resamples int // 0 means DefaultResamples
}

// NewSobol returns the Saltelli design for k factors with base sample
// size n: n(k+2) points.
func NewSobol(k, n int, opt SobolOptions) (*Design, error) {
	if k < 1 {
		return nil, fmt.Errorf("sensitivity: need at least 1 factor, got %d", k)
	}
	if n < 2 {
		return nil, fmt.Errorf("sensitivity: need a base sample of at least 2 rows, got %d", n)
	}
	if opt.Resamples < 0 {
		return nil, fmt.Errorf("sensitivity: negative number of resamples %d", opt.Resamples)
	}
	if opt.Resamples == 0 {
		opt.Resamples = DefaultResamples
	}
	base, err := unitSample(n, 2*k, opt.Sampler, newSource(opt.Seed, streamDesign))
	if err != nil {
		return nil, err
	}
	pts := make([][]float64, 0, n*(k+2))
	for r := 0; r < n; r++ { // A
		pts = append(pts, slices.Clone(base.RawRowView(r)[:k]))
	}
	for r := 0; r < n; r++ { // B
		pts = append(pts, slices.Clone(base.RawRowView(r)[k:]))
	}
	for i := 0; i < k; i++ { // A_B^i
		for r := 0; r < n; r++ {
			p := slices.Clone(base.RawRowView(r)[:k])
			p[i] = base.At(r, k+i)
			pts = append(pts, p)
		}
	}
	return &Design{
		Method:    MethodSobol,
		Factors:   k,
		N:         n,
		Seed:      opt.Seed,
		Sampler:   opt.Sampler,
		Resamples: opt.Resamples,
		Points:    pts,
	}, nil
}

// Indices are the Sobol indices of one factor for one output, with 95%
// bootstrap percentile intervals. Variance is V, the variance of the
// output over A and B. If V is 0 (a constant output), the indices are
// undefined and reported as NaN.
type Indices struct {
	Output, Factor      int
	First, Total        float64
	FirstLow, FirstHigh float64
	TotalLow, TotalHigh float64
	Variance            float64
}

// Sobol computes the first-order and total indices from y, the outputs
// at d.Points in the same order (y[j] is f(d.Points[j])). The result has
// one entry per output and factor, output-major: index o*k+i.
func (d *Design) Sobol(y [][]float64) ([]Indices, error) {
	if d.Method != MethodSobol {
		return nil, fmt.Errorf("sensitivity: Sobol indices need a Sobol design, this one is %v", d.Method)
	}
	n, k := d.N, d.Factors
	if len(d.Points) != n*(k+2) {
		return nil, fmt.Errorf("sensitivity: malformed Sobol design: %d points for N=%d, k=%d", len(d.Points), n, k)
	}
	m, err := checkOutputs(y, len(d.Points))
	if err != nil {
		return nil, err
	}
	R := d.Resamples
	if R <= 0 {
		R = DefaultResamples
	}

	// Per output: f(A), f(B), f(A_B^i) as contiguous columns.
	type cols struct {
		a, b []float64
		ab   [][]float64
	}
	col := func(o, block int) []float64 {
		c := make([]float64, n)
		for r := range c {
			c[r] = y[block*n+r][o]
		}
		return c
	}
	data := make([]cols, m)
	for o := range data {
		data[o].a, data[o].b = col(o, 0), col(o, 1)
		data[o].ab = make([][]float64, k)
		for i := range k {
			data[o].ab[i] = col(o, 2+i)
		}
	}

	out := make([]Indices, m*k)
	first := make([]float64, k)
	total := make([]float64, k)
	for o := range data {
		v := estimate(data[o].a, data[o].b, data[o].ab, nil, first, total)
		for i := range k {
			out[o*k+i] = Indices{Output: o, Factor: i, First: first[i], Total: total[i], Variance: v}
		}
	}

	// Bootstrap: the same resampled rows for every output and factor.
	bs := make([][]float64, 2*m*k) // first then total, per (o,i)
	for j := range bs {
		bs[j] = make([]float64, R)
	}
	rng := rand.New(newSource(d.Seed, streamBootstrap))
	idx := make([]int, n)
	for b := range R {
		for r := range idx {
			idx[r] = rng.IntN(n)
		}
		for o := range data {
			estimate(data[o].a, data[o].b, data[o].ab, idx, first, total)
			for i := range k {
				bs[2*(o*k+i)][b] = first[i]
				bs[2*(o*k+i)+1][b] = total[i]
			}
		}
	}
	for j := range out {
		out[j].FirstLow, out[j].FirstHigh = percentileInterval(bs[2*j])
		out[j].TotalLow, out[j].TotalHigh = percentileInterval(bs[2*j+1])
	}
	return out, nil
}

// estimate computes V and, into first and total, the Saltelli (2010)
// first-order and Jansen (1999) total indices over the rows idx (all rows
// if idx is nil). It returns V.
func estimate(a, b []float64, ab [][]float64, idx []int, first, total []float64) float64 {
	n := len(a)
	if idx != nil {
		n = len(idx)
	}
	row := func(r int) int {
		if idx == nil {
			return r
		}
		return idx[r]
	}
	var sum float64
	for r := range n {
		j := row(r)
		sum += a[j] + b[j]
	}
	mean := sum / float64(2*n)
	var ss float64
	for r := range n {
		j := row(r)
		da, db := a[j]-mean, b[j]-mean
		ss += da*da + db*db
	}
	v := ss / float64(2*n-1)
	for i, c := range ab {
		var s1, st float64
		for r := range n {
			j := row(r)
			s1 += b[j] * (c[j] - a[j])
			d := a[j] - c[j]
			st += d * d
		}
		if v == 0 {
			first[i], total[i] = math.NaN(), math.NaN()
			continue
		}
		first[i] = s1 / float64(n) / v
		total[i] = st / float64(2*n) / v
	}
	return v
}

// percentileInterval returns the 2.5% and 97.5% empirical quantiles of
// the finite replicates in x (a resample can have zero variance), or NaNs
// if there are none. x is reordered.
func percentileInterval(x []float64) (lo, hi float64) {
	x = slices.DeleteFunc(x, math.IsNaN)
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(x)
	return stat.Quantile(0.025, stat.LinInterp, x, nil), stat.Quantile(0.975, stat.LinInterp, x, nil)
}
