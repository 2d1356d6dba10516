package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"
)

// Sampler chooses how the base matrices of a Sobol design are drawn.
type Sampler int

const (
	// LatinHypercube draws the N x 2k base sample with gonum's
	// samplemv.LatinHypercube (one point per stratum in every column).
	LatinHypercube Sampler = iota
	// Halton draws it with gonum's samplemv.Halton, Owen-scrambled,
	// a quasi-random sequence limited to 2k <= MaxHaltonDim.
	Halton
)

// MaxHaltonDim is the largest dimension gonum's Halton sampler supports
// (the number of primes it tabulates); a Halton Sobol design needs 2k.
const MaxHaltonDim = 1000

func (s Sampler) String() string {
	switch s {
	case LatinHypercube:
		return "latin-hypercube"
	case Halton:
		return "halton"
	}
	return fmt.Sprintf("Sampler(%d)", int(s))
}

// Streams of the PCG generator, one per use, so that the design points
// and the bootstrap draw from independent sequences of the same seed.
const (
	streamDesign    = 0x5eed_de51
	streamBootstrap = 0xb007_57a9
)

// newSource returns an explicit math/rand/v2 source; gonum v0.17's
// samplers take a math/rand/v2 Source directly, so no adapter is needed.
// The global generator is never used.
func newSource(seed, stream uint64) rand.Source {
	return rand.NewPCG(seed, stream)
}

// unitSample draws n points of the unit cube [0,1]^dim with the sampler.
func unitSample(n, dim int, s Sampler, src rand.Source) (*mat.Dense, error) {
	batch := mat.NewDense(n, dim, nil)
	q := distmv.NewUnitUniform(dim, nil) // Quantile only: the source is unused
	switch s {
	case LatinHypercube:
		samplemv.LatinHypercube{Q: q, Src: src}.Sample(batch)
	case Halton:
		if dim > MaxHaltonDim {
			return nil, fmt.Errorf("sensitivity: Halton sampling supports at most %d dimensions, a Sobol design of %d factors needs %d", MaxHaltonDim, dim/2, dim)
		}
		samplemv.Halton{Kind: samplemv.Owen, Q: q, Src: src}.Sample(batch)
	default:
		return nil, fmt.Errorf("sensitivity: unknown sampler %v", s)
	}
	// Guard against rounding just outside the cube.
	raw := batch.RawMatrix()
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+dim]
		for j, v := range row {
			row[j] = math.Min(1, math.Max(0, v))
		}
	}
	return batch, nil
}

// checkOutputs verifies that y has one row per point, that all rows have
// the same positive length, and that every value is finite; it returns
// the number of outputs.
func checkOutputs(y [][]float64, points int) (int, error) {
	if len(y) != points {
		return 0, fmt.Errorf("sensitivity: got %d evaluations, the design has %d points", len(y), points)
	}
	if points == 0 {
		return 0, fmt.Errorf("sensitivity: empty design")
	}
	m := len(y[0])
	if m == 0 {
		return 0, fmt.Errorf("sensitivity: evaluation 0 has no outputs")
	}
	for j, row := range y {
		if len(row) != m {
			return 0, fmt.Errorf("sensitivity: evaluation %d has %d outputs, evaluation 0 has %d", j, len(row), m)
		}
		for o, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("sensitivity: evaluation %d, output %d is not finite (%v)", j, o, v)
			}
		}
	}
	return m, nil
}

// Stream returns the random stream (the run index of sim.RunRNG) that
// point j of the design is played with. Points that differ only in the
// factors a method compares share a stream (common random numbers), so
// that the difference of their outputs is the factors' doing and not the
// runs' own draws: a factor the model ignores gets an effect of exactly
// 0. Sobol: row r of A and of every A_B^i uses stream r, row r of B
// stream N+r, independent of A's, which makes the runs' draws a hidden
// factor of the A columns and keeps the estimators unbiased (its share of
// the variance is in neither index of any factor). Morris: the k+1 points
// of trajectory t use stream t. A design of another kind (a hand-made
// list of points) plays point j with stream j.
func (d *Design) Stream(j int) uint64 {
	switch {
	case d.Method == MethodSobol && d.N > 0:
		if j/d.N == 1 { // B
			return uint64(d.N + j%d.N)
		}
		return uint64(j % d.N)
	case d.Method == MethodMorris && d.Factors > 0:
		return uint64(j / (d.Factors + 1))
	}
	return uint64(j)
}
