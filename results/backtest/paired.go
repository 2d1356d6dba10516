package backtest

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
)

// Paired compares two models issue by issue on a split: the difference of
// their absolute errors (model minus baseline; negative: the model errs
// less), with a 95% bootstrap interval over proposals. Issues of one
// proposal share actors and are negotiated together, so they are not
// independent: the bootstrap resamples whole proposals (Row.Group; an
// issue without one is its own), and the mean is over the issues drawn.
type Paired struct {
	Model, Baseline string
	Split           string  // train, test or all
	Issues, Groups  int     // issues both models predict, and their proposals
	Mean            float64 // mean difference in absolute error (0-100 scale)
	Lo, Hi          float64 // its 95% percentile bootstrap interval
	Better, Worse   int     // issues where the model errs less, more
	Resamples       int
}

// BootstrapResamples is the number of bootstrap resamples of Compare.
const BootstrapResamples = 4000

// Compare pairs model against baseline on split over the rows and
// bootstraps the mean difference in absolute error (resamples times,
// from a ChaCha8 stream keyed by seed, so that it is reproducible). It
// reports false when no issue has a prediction from both.
func Compare(rows []Row, model, baseline, split string, resamples int, seed uint64) (Paired, bool) {
	out := Paired{Model: model, Baseline: baseline, Split: split, Resamples: resamples}
	base := map[string]float64{}
	for _, r := range rows {
		if r.Model == baseline && (split == "all" || r.Split.String() == split) {
			base[r.Issue] = r.AbsError()
		}
	}
	type group struct {
		sum float64
		n   int
	}
	var groups []group
	at := map[string]int{}
	total := 0.0
	for _, r := range rows {
		b, ok := base[r.Issue]
		if r.Model != model || !ok || (split != "all" && r.Split.String() != split) {
			continue
		}
		d := r.AbsError() - b
		key := "g:" + r.Group
		if r.Group == "" {
			key = "i:" + r.Issue
		}
		g, ok := at[key]
		if !ok {
			g = len(groups)
			at[key] = g
			groups = append(groups, group{})
		}
		groups[g].sum += d
		groups[g].n++
		total += d
		out.Issues++
		switch {
		case d < 0:
			out.Better++
		case d > 0:
			out.Worse++
		}
	}
	if out.Issues == 0 {
		return out, false
	}
	out.Groups = len(groups)
	out.Mean = total / float64(out.Issues)
	if resamples <= 0 {
		out.Lo, out.Hi = math.NaN(), math.NaN()
		return out, true
	}
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	copy(key[8:], "backtest paired bootstrap")
	rng := rand.New(rand.NewChaCha8(key))
	means := make([]float64, resamples)
	for b := range means {
		sum, n := 0.0, 0
		for range groups {
			g := &groups[rng.IntN(len(groups))]
			sum += g.sum
			n += g.n
		}
		means[b] = sum / float64(n)
	}
	slices.Sort(means)
	out.Lo, out.Hi = quantile(means, 0.025), quantile(means, 0.975)
	return out, true
}

// quantile of sorted values, interpolating linearly between order
// statistics.
func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
