package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Dist names the distribution a Param is drawn from.
type Dist uint8

// The distributions a numeric parameter may be given as.
const (
	Fixed      Dist = iota // a plain number
	Normal                 // normal(mean, sd), clamped to the parameter's range
	Uniform                // uniform on [min, max]
	Triangular             // triangular(min, mode, max)
	Beta                   // beta(alpha, beta) rescaled to [min, max] (default [0,1])
	Choice                 // one of a list of values, equally likely
)

var distNames = [...]string{"fixed", "normal", "uniform", "triangular", "beta", "choice"}

func (d Dist) String() string { return distNames[d] }

// Param is a numeric scenario parameter: a fixed number, or a distribution
// that a Monte Carlo run draws from once at its start.
//
// In TOML a Param is written as a number (salience = 0.8), as an inline
// table naming a distribution (salience = {dist = "normal", mean = 0.8,
// sd = 0.1}), or as a list of values to draw from (salience = [0.6, 0.8]).
type Param struct {
	Dist   Dist
	Value  float64   // Fixed: the value; Normal: the mean
	SD     float64   // Normal
	Min    float64   // Uniform, Triangular, Beta
	Max    float64   // Uniform, Triangular, Beta
	Mode   float64   // Triangular
	Alpha  float64   // Beta
	BetaB  float64   // Beta
	Values []float64 // Choice

	set bool // given in the scenario (or by a group template)
}

// Num returns a fixed Param holding v.
func Num(v float64) Param { return Param{Dist: Fixed, Value: v, set: true} }

// IsSet reports whether the parameter was given.
func (p Param) IsSet() bool { return p.set }

// IsFixed reports whether the parameter is a plain number.
func (p Param) IsFixed() bool { return p.Dist == Fixed }

// Mean returns the parameter's central value: the number itself, or the
// mean of its distribution (before clamping). It is what a deterministic
// reading of the scenario uses.
func (p Param) Mean() float64 {
	switch p.Dist {
	case Normal, Fixed:
		return p.Value
	case Uniform:
		return (p.Min + p.Max) / 2
	case Triangular:
		return (p.Min + p.Mode + p.Max) / 3
	case Beta:
		return p.Min + (p.Max-p.Min)*p.Alpha/(p.Alpha+p.BetaB)
	case Choice:
		s := 0.0
		for _, v := range p.Values {
			s += v
		}
		return s / float64(len(p.Values))
	}
	return p.Value
}

// Shift returns the parameter moved by d: its value, or every point of its
// distribution. A fixed result is clamped to [lo, hi], as a draw would be.
func (p Param) Shift(d, lo, hi float64) Param {
	return p.affine(1, d, lo, hi)
}

// Scale returns the parameter multiplied by f (f >= 0): its value, or
// every point and the spread of its distribution. A fixed result is
// clamped to [lo, hi].
func (p Param) Scale(f, lo, hi float64) Param {
	return p.affine(f, 0, lo, hi)
}

func (p Param) affine(f, d, lo, hi float64) Param {
	q := p
	q.Value, q.SD = f*p.Value+d, f*p.SD
	q.Min, q.Max, q.Mode = f*p.Min+d, f*p.Max+d, f*p.Mode+d
	if p.Values != nil {
		q.Values = make([]float64, len(p.Values))
		for i, v := range p.Values {
			q.Values[i] = f*v + d
		}
	}
	if q.Dist == Fixed {
		q.Value = max(lo, min(hi, q.Value))
	}
	return q
}

// Draw returns a value of the parameter drawn with rng, clamped to
// [lo, hi]. A fixed parameter draws nothing from rng, so that adding
// uncertainty to one parameter leaves the draws of the others in place.
func (p Param) Draw(rng *rand.Rand, lo, hi float64) float64 {
	var v float64
	switch p.Dist {
	case Fixed:
		return p.Value
	case Normal:
		v = p.Value + p.SD*rng.NormFloat64()
	case Uniform:
		v = p.Min + (p.Max-p.Min)*rng.Float64()
	case Triangular:
		v = triangleQuantile(p.Min, p.Max, p.Mode, rng.Float64())
	case Beta:
		v = p.Min + (p.Max-p.Min)*distuv.Beta{Alpha: p.Alpha, Beta: p.BetaB, Src: rng}.Rand()
	case Choice:
		v = p.Values[rng.IntN(len(p.Values))]
	}
	// Clamped with plain comparisons: v is never NaN for valid parameters
	// (the loader checks them), and math.Min and Max pay for NaNs.
	switch {
	case v < lo:
		return lo
	case v > hi:
		return hi
	}
	return v
}

// triangleQuantile is the quantile function of the triangular
// distribution on [a, b] with mode c, the same arithmetic as gonum's
// distuv.Triangle.Quantile (whose Rand draws one Float64 as Draw does),
// without building the distribution for every draw: the flagship draws
// thousands of triangular parameters a run.
func triangleQuantile(a, b, c, u float64) float64 {
	if u < (c-a)/(b-a) {
		return a + math.Sqrt(u*(b-a)*(c-a))
	}
	return b - math.Sqrt((1-u)*(b-a)*(b-c))
}

func (p Param) String() string {
	switch p.Dist {
	case Fixed:
		return fmt.Sprint(p.Value)
	case Normal:
		return fmt.Sprintf("normal(mean %g, sd %g)", p.Value, p.SD)
	case Uniform:
		return fmt.Sprintf("uniform(%g, %g)", p.Min, p.Max)
	case Triangular:
		return fmt.Sprintf("triangular(%g, %g, %g)", p.Min, p.Mode, p.Max)
	case Beta:
		return fmt.Sprintf("beta(%g, %g) on [%g, %g]", p.Alpha, p.BetaB, p.Min, p.Max)
	case Choice:
		s := make([]string, len(p.Values))
		for i, v := range p.Values {
			s[i] = fmt.Sprint(v)
		}
		return "one of [" + strings.Join(s, ", ") + "]"
	}
	return "?"
}

// MarshalJSON writes a fixed Param as its number and a distribution as an
// object naming it, as a scenario file would, and a Param the scenario
// left unset as null: an unset concession or susceptibility means "the
// disposition's default", which a 0 would not say.
func (p Param) MarshalJSON() ([]byte, error) {
	if !p.set {
		return []byte("null"), nil
	}
	switch p.Dist {
	case Fixed:
		return json.Marshal(p.Value)
	case Normal:
		return json.Marshal(map[string]any{"dist": "normal", "mean": p.Value, "sd": p.SD})
	case Uniform:
		return json.Marshal(map[string]any{"dist": "uniform", "min": p.Min, "max": p.Max})
	case Triangular:
		return json.Marshal(map[string]any{"dist": "triangular", "min": p.Min, "mode": p.Mode, "max": p.Max})
	case Beta:
		return json.Marshal(map[string]any{"dist": "beta", "alpha": p.Alpha, "beta": p.BetaB, "min": p.Min, "max": p.Max})
	case Choice:
		return json.Marshal(map[string]any{"dist": "choice", "values": p.Values})
	}
	return nil, fmt.Errorf("param: unknown distribution %d", p.Dist)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *Param) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		*p = Param{}
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err == nil {
		*p = Num(v)
		return nil
	}
	var m struct {
		Dist                                  string
		Mean, SD, Min, Max, Mode, Alpha, Beta float64
		Values                                []float64
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	q := Param{set: true, Value: m.Mean, SD: m.SD, Min: m.Min, Max: m.Max, Mode: m.Mode, Alpha: m.Alpha, BetaB: m.Beta, Values: m.Values}
	for d, name := range distNames {
		if name == m.Dist {
			q.Dist = Dist(d)
			*p = q
			return nil
		}
	}
	return fmt.Errorf("param: unknown distribution %q", m.Dist)
}
