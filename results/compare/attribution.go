package compare

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// MaxLeaveOneOut is the largest number of changes for which the
// attribution also runs the what-if without each change: 2k+2 Monte
// Carlos in all instead of k+2.
const MaxLeaveOneOut = 6

// Attribution splits the significant differences between a base and a
// what-if that extends it among the what-if's changes. Each change is
// applied alone to the base (its effect alone) and, where there are few,
// removed alone from the what-if (its leave-one-out effect); all of them
// are played on the same run streams as the comparison, so each effect
// is a paired difference with its own interval.
//
// The effects add up to the what-if's difference when the changes act
// independently. What they leave over, the difference less the sum of
// the effects alone, is their interaction, computed run by run with a 95%
// interval: when that interval excludes 0, the changes interact, and
// shares alone do not tell the whole story.
type Attribution struct {
	Changes []string // the changes' key paths
	// Skipped lists the changes that cannot be applied alone (for
	// instance an event naming a state the what-if adds), with why.
	Skipped     map[string]string
	LeaveOneOut bool
	Rows        []AttributionRow
}

// AttributionRow is the attribution of one significant difference.
type AttributionRow struct {
	Measure, Item string
	Total         float64  // the what-if's difference, b-a
	Alone         []Effect // per change: base with the change less base
	Without       []Effect // per change: what-if less what-if without it; nil without leave-one-out
	Interaction   Effect   // Total less the sum of the effects alone
	Interacts     bool     // the interaction's interval excludes 0
}

// Effect is a paired difference with its 95% interval and its share of the
// what-if's difference (NaN where the change could not be applied).
type Effect struct {
	Effect, Low, High, Share float64
}

// Attribute attributes the significant rows of res, a comparison of base
// (A) and the what-if (B). alone[k] is the base with change k alone,
// without[k] the what-if without it (nil entries: not played; a nil
// slice: no leave-one-out); every sample has res's seed and runs.
func Attribute(res *Result, base, whatif *Sample, changes []string, alone, without []*Sample) (*Attribution, error) {
	at := &Attribution{Changes: changes, Skipped: map[string]string{}, LeaveOneOut: without != nil}
	n := res.Runs
	for _, s := range append(append([]*Sample{base, whatif}, alone...), without...) {
		if s != nil && (len(s.Runs) != n || s.Seed != res.Seed) {
			return nil, fmt.Errorf("attribution: a sample of %s has %d runs of seed %d; the comparison %d of seed %d", s.Scenario.ID, len(s.Runs), s.Seed, n, res.Seed)
		}
	}
	for _, row := range res.Significant() {
		if row.Measure == MeasureSessionMean { // over the runs adopted in both: no per-run value
			continue
		}
		xb, okB := values(base, row.Measure, row.Item)
		xw, okW := values(whatif, row.Measure, row.Item)
		if !okB || !okW {
			continue
		}
		ar := AttributionRow{Measure: row.Measure, Item: row.Item, Total: row.Difference}
		rest := make([]float64, n) // per run: the what-if's difference less the effects alone
		for i := range n {
			rest[i] = xw[i] - xb[i]
		}
		complete := true
		effect := func(x, y []float64) Effect {
			r := pairedRow(row.Measure, x, y)
			return Effect{Effect: r.Difference, Low: r.Low, High: r.High, Share: shareOf(r.Difference, row.Difference)}
		}
		for k := range changes {
			xa, ok := values(alone[k], row.Measure, row.Item)
			if !ok {
				complete = false
				ar.Alone = append(ar.Alone, nanEffect())
				continue
			}
			ar.Alone = append(ar.Alone, effect(xb, xa))
			for i := range n {
				rest[i] -= xa[i] - xb[i]
			}
		}
		if without != nil {
			for k := range changes {
				xo, ok := values(without[k], row.Measure, row.Item)
				if !ok {
					ar.Without = append(ar.Without, nanEffect())
					continue
				}
				ar.Without = append(ar.Without, effect(xo, xw))
			}
		}
		ar.Interaction = nanEffect()
		if complete {
			r := Paired(make([]float64, n), rest)
			ar.Interaction = Effect{Effect: r.Difference, Low: r.Low, High: r.High, Share: shareOf(r.Difference, row.Difference)}
			ar.Interacts = r.Low > 0 || r.High < 0
		}
		at.Rows = append(at.Rows, ar)
	}
	return at, nil
}

// shareOf is effect/total, 0 for no effect (not -0).
func shareOf(effect, total float64) float64 {
	if effect == 0 {
		return 0
	}
	return effect / total
}

func nanEffect() Effect { return Effect{math.NaN(), math.NaN(), math.NaN(), math.NaN()} }

// pairedRow compares x and y as Compare does for the measure.
func pairedRow(measure string, x, y []float64) Row {
	if measure == MeasureSatisfaction {
		return Paired(x, y)
	}
	return PairedBinary(x, y)
}

// values returns the per-run value of a measure of an item in a sample,
// and false when the sample is nil or its scenario lacks the item.
func values(s *Sample, measure, item string) ([]float64, bool) {
	if s == nil {
		return nil, false
	}
	sc := s.Scenario
	x := make([]float64, len(s.Runs))
	bit := func(f func(r Run) bool) ([]float64, bool) {
		for i, r := range s.Runs {
			if f(r) {
				x[i] = 1
			}
		}
		return x, true
	}
	switch measure {
	case MeasureAdoption:
		return bit(func(r Run) bool { return r.Adopted })
	case MeasureSession:
		k := slices.Index(sessionIDs(sc), item)
		if k < 0 {
			return nil, false
		}
		return bit(func(r Run) bool { return r.Adopted && r.Session == k })
	case MeasureSurvival:
		c := slices.Index(clauseIDs(sc), item)
		if c < 0 {
			return nil, false
		}
		return bit(func(r Run) bool { return r.Survived[c] })
	case MeasureOption:
		clause, option, _ := strings.Cut(item, "/")
		c := slices.Index(clauseIDs(sc), clause)
		if c < 0 {
			return nil, false
		}
		o := sc.Clauses[c].OptionIndex(option)
		if o < 0 {
			return nil, false
		}
		return bit(func(r Run) bool { return r.Option[c] == o })
	case MeasureSatisfaction:
		k := slices.Index(stateIDs(sc), item)
		if k < 0 {
			return nil, false
		}
		for i, r := range s.Runs {
			x[i] = r.Satisfaction[k]
		}
		return x, true
	}
	return nil, false
}
