package scenarios

import (
	"fmt"
	"math"
	"strings"
)

var distKeys = map[string][]string{
	"normal":     {"mean", "sd"},
	"uniform":    {"min", "max"},
	"triangular": {"min", "mode", "max"},
	"beta":       {"alpha", "beta", "min", "max"},
	"choice":     {"values"},
}

// decodeParam reads a number, a list of numbers (drawn with equal
// probability) or a distribution table.
func (d *decoder) decodeParam(path string, v any, tg tagInfo) (Param, bool) {
	inRange := func(key string, x float64) bool {
		if tg.rng != nil && !tg.rng.contains(x) {
			p := join(path, key)
			if strings.HasPrefix(key, "[") {
				p = path + key
			}
			d.ps.add(p, "%g is out of range; allowed %s", x, tg.rng.text)
			return false
		}
		return true
	}
	switch x := v.(type) {
	case float64, int64:
		f, _ := number(x)
		if tg.rng != nil && !tg.rng.contains(f) {
			d.ps.add(path, "%g is out of range; allowed %s", f, tg.rng.text)
			return Param{}, false
		}
		return Num(f), true
	case []any:
		return d.choiceParam(path, x, inRange)
	case map[string]any:
		name, _ := x["dist"].(string)
		keys, ok := distKeys[name]
		if !ok {
			d.ps.add(join(path, "dist"), "expected a distribution name; allowed values: %s",
				strings.Join(sortedKeys(distKeys), ", "))
			return Param{}, false
		}
		for _, k := range sortedKeys(x) {
			if k != "dist" && !contains(keys, k) {
				d.ps.add(join(path, k), "unknown key for a %s distribution; allowed: dist, %s", name, strings.Join(keys, ", "))
			}
		}
		if name == "choice" {
			arr, _ := x["values"].([]any)
			return d.choiceParam(join(path, "values"), arr, inRange)
		}
		get := func(k string, required bool, def float64) float64 {
			raw, ok := x[k]
			if !ok {
				if required {
					d.ps.add(join(path, k), "required key is missing for a %s distribution", name)
				}
				return def
			}
			f, ok := number(raw)
			if !ok {
				d.ps.add(join(path, k), "expected a number, got %s", typeName(raw))
			}
			return f
		}
		p := Param{set: true}
		n := d.ps.total
		switch name {
		case "normal":
			p.Dist, p.Value, p.SD = Normal, get("mean", true, 0), get("sd", true, 0)
			inRange("mean", p.Value)
			// A draw is clamped to the key's range, so a spread wider
			// than the range says nothing more (and an infinite one
			// would make every draw a bound).
			maxSD := math.MaxFloat64
			if tg.rng != nil {
				maxSD = tg.rng.hi - tg.rng.lo
			}
			if !(p.SD >= 0 && p.SD <= maxSD) {
				d.ps.add(join(path, "sd"), "%g is out of range; allowed [0,%g] (the width of the key's range)", p.SD, maxSD)
			}
		case "uniform":
			p.Dist, p.Min, p.Max = Uniform, get("min", true, 0), get("max", true, 0)
			inRange("min", p.Min)
			inRange("max", p.Max)
			if p.Min > p.Max {
				d.ps.add(path, "min %g is above max %g", p.Min, p.Max)
			}
		case "triangular":
			p.Dist, p.Min, p.Mode, p.Max = Triangular, get("min", true, 0), get("mode", true, 0), get("max", true, 0)
			inRange("min", p.Min)
			inRange("max", p.Max)
			if !(p.Min <= p.Mode && p.Mode <= p.Max) || p.Min == p.Max {
				d.ps.add(path, "needs min <= mode <= max with min < max; got %g, %g, %g", p.Min, p.Mode, p.Max)
			}
		case "beta":
			// Without min and max, a beta lies on the key's range where
			// that is a scale (within [-1,1]: ideal points, saliences,
			// alignments), else on [0,1] (capability, concession).
			lo, hi := 0.0, 1.0
			if tg.rng != nil && tg.rng.lo >= -1 && tg.rng.hi <= 1 {
				lo, hi = tg.rng.lo, tg.rng.hi
			}
			p.Dist, p.Alpha, p.BetaB = Beta, get("alpha", true, 1), get("beta", true, 1)
			p.Min, p.Max = get("min", false, lo), get("max", false, hi)
			// Below 0.1, gonum's sampler returns NaN for a share of the
			// draws (0/0 in its gamma ratio); above 1000 a beta is a point.
			if !(p.Alpha >= minBetaShape && p.Alpha <= maxBetaShape && p.BetaB >= minBetaShape && p.BetaB <= maxBetaShape) {
				d.ps.add(path, "alpha and beta must lie in [%g,%g]; got %g, %g", minBetaShape, maxBetaShape, p.Alpha, p.BetaB)
			}
			// A beta draw never lands on its bounds, so only bounds the
			// user wrote are checked against the key's range.
			if _, given := x["min"]; given {
				inRange("min", p.Min)
			}
			if _, given := x["max"]; given {
				inRange("max", p.Max)
			}
			if p.Min >= p.Max {
				d.ps.add(path, "min %g must be below max %g", p.Min, p.Max)
			}
		}
		return p, d.ps.total == n
	}
	d.ps.add(path, "expected a number, a list of numbers or a distribution table, got %s", typeName(v))
	return Param{}, false
}

func (d *decoder) choiceParam(path string, arr []any, inRange func(string, float64) bool) (Param, bool) {
	if len(arr) == 0 {
		d.ps.add(path, "a list of values to draw from must not be empty")
		return Param{}, false
	}
	p := Param{Dist: Choice, set: true, Values: make([]float64, len(arr))}
	ok := true
	for i, a := range arr {
		f, isNum := number(a)
		if !isNum {
			d.ps.add(fmt.Sprintf("%s[%d]", path, i+1), "expected a number, got %s", typeName(a))
			ok = false
			continue
		}
		ok = inRange(fmt.Sprintf("[%d]", i+1), f) && ok
		p.Values[i] = f
	}
	return p, ok
}
