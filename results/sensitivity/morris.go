package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat"
)

// DefaultLevels is the default number p of grid levels of a Morris design.
const DefaultLevels = 4

// MorrisOptions configures NewMorris. The zero value is p = DefaultLevels
// and seed 0.
type MorrisOptions struct {
	Seed   uint64
	Levels int // p, even and at least 2; 0 means DefaultLevels
}

// NewMorris returns a design of r trajectories for k factors on a p-level
// grid: r(k+1) points. Each trajectory starts at a random grid point and
// changes one factor at a time, in a random order, by delta = p/(2(p-1)),
// upwards from the lower half of the levels and downwards from the upper
// half, so that every level is equally likely before and after a step.
func NewMorris(k, r int, opt MorrisOptions) (*Design, error) {
	if k < 1 {
		return nil, fmt.Errorf("sensitivity: need at least 1 factor, got %d", k)
	}
	if r < 2 {
		return nil, fmt.Errorf("sensitivity: need at least 2 trajectories, got %d", r)
	}
	p := opt.Levels
	if p == 0 {
		p = DefaultLevels
	}
	if p < 2 || p%2 != 0 {
		return nil, fmt.Errorf("sensitivity: the number of Morris levels must be even and at least 2, got %d", p)
	}
	rng := rand.New(newSource(opt.Seed, streamDesign))
	half := p / 2 // delta in grid steps
	pts := make([][]float64, 0, r*(k+1))
	level := make([]int, k)
	for range r {
		for i := range level {
			level[i] = rng.IntN(p)
		}
		pts = append(pts, gridPoint(level, p))
		for _, i := range rng.Perm(k) {
			if level[i] < half {
				level[i] += half
			} else {
				level[i] -= half
			}
			pts = append(pts, gridPoint(level, p))
		}
	}
	return &Design{
		Method:  MethodMorris,
		Factors: k,
		N:       r,
		Seed:    opt.Seed,
		Levels:  p,
		Points:  pts,
	}, nil
}

func gridPoint(level []int, p int) []float64 {
	x := make([]float64, len(level))
	for i, l := range level {
		x[i] = float64(l) / float64(p-1)
	}
	return x
}

// Effects are the Morris statistics of one factor for one output over the
// r trajectories: Mu the mean elementary effect, MuStar the mean of its
// absolute value, Sigma its standard deviation (denominator r-1). The
// effects are per unit of the [0,1] scale of the factor.
type Effects struct {
	Output, Factor    int
	Mu, MuStar, Sigma float64
}

// Morris computes the elementary-effect statistics from y, the outputs at
// d.Points in the same order. The result has one entry per output and
// factor, output-major: index o*k+i. The factor moved at each step is
// read from the points themselves.
func (d *Design) Morris(y [][]float64) ([]Effects, error) {
	if d.Method != MethodMorris {
		return nil, fmt.Errorf("sensitivity: Morris effects need a Morris design, this one is %v", d.Method)
	}
	k, r := d.Factors, d.N
	if len(d.Points) != r*(k+1) {
		return nil, fmt.Errorf("sensitivity: malformed Morris design: %d points for r=%d, k=%d", len(d.Points), r, k)
	}
	m, err := checkOutputs(y, len(d.Points))
	if err != nil {
		return nil, err
	}
	ees := make([][]float64, m*k) // the r elementary effects per (output, factor)
	for j := range ees {
		ees[j] = make([]float64, r)
	}
	seen := make([]int, k)
	for t := range r {
		clear(seen)
		for s := 1; s <= k; s++ {
			j := t*(k+1) + s
			prev, cur := d.Points[j-1], d.Points[j]
			i, step, err := movedFactor(prev, cur)
			if err != nil {
				return nil, fmt.Errorf("sensitivity: trajectory %d, step %d: %w", t, s, err)
			}
			seen[i]++
			for o := range m {
				ees[o*k+i][t] = (y[j][o] - y[j-1][o]) / step
			}
		}
		for i, c := range seen {
			if c != 1 {
				return nil, fmt.Errorf("sensitivity: trajectory %d moves factor %d %d times", t, i, c)
			}
		}
	}
	out := make([]Effects, m*k)
	for j, ee := range ees {
		mu, sigma := stat.MeanStdDev(ee, nil)
		var abs float64
		for _, e := range ee {
			abs += math.Abs(e)
		}
		out[j] = Effects{Output: j / k, Factor: j % k, Mu: mu, MuStar: abs / float64(r), Sigma: sigma}
	}
	return out, nil
}

// movedFactor returns the single coordinate in which two consecutive
// trajectory points differ, and the signed step.
func movedFactor(prev, cur []float64) (int, float64, error) {
	moved, step := -1, 0.0
	for i := range cur {
		if cur[i] != prev[i] {
			if moved >= 0 {
				return 0, 0, fmt.Errorf("factors %d and %d both change", moved, i)
			}
			moved, step = i, cur[i]-prev[i]
		}
	}
	if moved < 0 {
		return 0, 0, fmt.Errorf("no factor changes")
	}
	return moved, step, nil
}
