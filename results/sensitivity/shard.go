package sensitivity

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/treatysim/treatysim/results"
)

// ShardFormat names the format of a sensitivity shard file; a run's
// shards are results.ShardFormat. treatysim merge tells them apart by it.
const ShardFormat = shardFormatPrefix + "1"

const shardFormatPrefix = "treatysim-sensitivity-shard/"

// Shard is one machine's slice of a sensitivity design: the outputs of
// points First..Last-1, with the analysis they belong to.
type Shard struct {
	Format   string        `json:"format"`
	Version  string        `json:"version"`
	Analysis *Analysis     `json:"analysis"`
	Index    int           `json:"index"`
	Count    int           `json:"count"`
	First    int           `json:"first"`
	Last     int           `json:"last"`
	Perf     *results.Perf `json:"perf,omitempty"`
	// Outputs holds one row per point: row j-First is point j's.
	Outputs [][]float64 `json:"outputs"`
}

// ShardRange returns the points of shard i of n out of a design of
// points: a contiguous slice; the shards cover every point exactly once.
func ShardRange(points, i, n int) (first, last int) {
	f, l := results.ShardRange(uint64(points), i, n)
	return int(f), int(l)
}

// ShardName is the file name of shard i of n. It differs from a run
// shard's, so that both kinds can share a folder.
func ShardName(i, n int) string { return fmt.Sprintf("sensitivity-shard-%04d-of-%04d.json", i, n) }

// IsShardFormat reports whether a shard file's format is a sensitivity
// shard's (of any version).
func IsShardFormat(format string) bool { return strings.HasPrefix(format, shardFormatPrefix) }

// NewShard packs the outputs y of shard i of n of the analysis.
func NewShard(a *Analysis, i, n int, y [][]float64, perf *results.Perf) *Shard {
	first, last := ShardRange(a.Evaluations(), i, n)
	return &Shard{Format: ShardFormat, Version: results.Version, Analysis: a, Index: i, Count: n,
		First: first, Last: last, Perf: perf, Outputs: y}
}

// WriteShard writes the shard into dir, atomically (a temporary file, then
// a rename); dir may hold other shards.
func WriteShard(dir string, s *Shard) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("sensitivity shard: %w", err)
	}
	return results.WriteFileInto(dir, ShardName(s.Index, s.Count), append(b, '\n'))
}

// ParseShard decodes a sensitivity shard file (named file in messages).
func ParseShard(file string, data []byte) (*Shard, error) {
	var s Shard
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: not a sensitivity shard file: %v: %w", file, err, results.ErrMerge)
	}
	switch {
	case s.Format != ShardFormat && IsShardFormat(s.Format):
		return nil, fmt.Errorf("%s: sensitivity shard format %s, this version reads %s: run it again with this version: %w", file, s.Format, ShardFormat, results.ErrMerge)
	case s.Format != ShardFormat:
		return nil, fmt.Errorf("%s: not a sensitivity shard file (format %q): %w", file, s.Format, results.ErrMerge)
	case s.Analysis == nil:
		return nil, fmt.Errorf("%s: not a sensitivity shard file (no analysis): %w", file, results.ErrMerge)
	}
	return &s, nil
}

// MergeShards checks that the shards are of one analysis (same scenario,
// scenario hash, program version, method, runs, seed, factors and
// outputs) and cover every point of its design exactly once, and returns
// the analysis, the outputs of every point in order and the summed
// performance. Every problem found is reported.
func MergeShards(shards []*Shard) (*Analysis, [][]float64, *results.Perf, error) {
	if len(shards) == 0 {
		return nil, nil, nil, fmt.Errorf("no sensitivity shards: %w", results.ErrMerge)
	}
	sorted := slices.Clone(shards)
	sort.SliceStable(sorted, func(a, b int) bool { return sorted[a].First < sorted[b].First })
	ref := sorted[0]
	refName := ShardName(ref.Index, ref.Count)
	var problems []string
	for _, s := range sorted {
		name := ShardName(s.Index, s.Count)
		if s.Version != results.Version {
			problems = append(problems, fmt.Sprintf("%s: made by treatysim %s, this is %s", name, s.Version, results.Version))
		}
		if s != ref {
			for _, d := range analysisDifferences(s.Analysis, ref.Analysis) {
				problems = append(problems, fmt.Sprintf("%s: %s; %s has %s", name, d[0], refName, d[1]))
			}
			if s.Count != ref.Count {
				problems = append(problems, fmt.Sprintf("%s: one of %d shards; %s is one of %d", name, s.Count, refName, ref.Count))
			}
		}
		if len(s.Outputs) != s.Last-s.First {
			problems = append(problems, fmt.Sprintf("%s: %d rows of outputs for points %d-%d", name, len(s.Outputs), s.First, s.Last-1))
		}
		for j, row := range s.Outputs {
			if len(row) != len(s.Analysis.Outputs) {
				problems = append(problems, fmt.Sprintf("%s: point %d has %d outputs, want %d", name, s.First+j, len(row), len(s.Analysis.Outputs)))
				break
			}
		}
	}
	points, next := ref.Analysis.Evaluations(), 0
	for _, s := range sorted {
		switch {
		case s.First > next:
			problems = append(problems, fmt.Sprintf("points %d-%d are in no shard", next, s.First-1))
		case s.First < next:
			problems = append(problems, fmt.Sprintf("points %d-%d are in more than one shard (%s)", s.First, min(next, s.Last)-1, ShardName(s.Index, s.Count)))
		}
		next = max(next, s.Last)
	}
	if next < points {
		problems = append(problems, fmt.Sprintf("points %d-%d are in no shard", next, points-1))
	} else if next > points {
		problems = append(problems, fmt.Sprintf("the shards hold points up to %d, the design has %d", next-1, points))
	}
	if len(problems) > 0 {
		return nil, nil, nil, fmt.Errorf("%w:\n  %s", results.ErrMerge, strings.Join(problems, "\n  "))
	}
	y := make([][]float64, 0, points)
	perf := &results.Perf{}
	for _, s := range sorted {
		y = append(y, s.Outputs...)
		if s.Perf != nil {
			perf.Workers += s.Perf.Workers
			perf.Seconds += s.Perf.Seconds
		}
	}
	if perf.Seconds > 0 {
		perf.RunsPerSecond = float64(points) / perf.Seconds
	}
	return ref.Analysis, y, perf, nil
}

// analysisDifferences lists how a differs from b, as pairs (a's, b's).
// The params file's path is not compared: shards on different machines
// may read the same file from different places; its factors are.
func analysisDifferences(a, b *Analysis) [][2]string {
	var d [][2]string
	if a.Scenario != b.Scenario || a.ScenarioHash != b.ScenarioHash {
		d = append(d, [2]string{fmt.Sprintf("scenario %s (hash %.12s)", a.Scenario, a.ScenarioHash),
			fmt.Sprintf("%s (hash %.12s)", b.Scenario, b.ScenarioHash)})
	}
	if a.Method != b.Method {
		d = append(d, [2]string{"method " + a.Method, b.Method})
	}
	if a.Runs != b.Runs {
		d = append(d, [2]string{fmt.Sprintf("--runs %d", a.Runs), fmt.Sprint(b.Runs)})
	}
	if a.Seed != b.Seed {
		d = append(d, [2]string{fmt.Sprintf("seed %d", a.Seed), fmt.Sprint(b.Seed)})
	}
	if !factorsEqual(a.Factors, b.Factors) {
		d = append(d, [2]string{fmt.Sprintf("%d factors (params %q)", len(a.Factors), a.Params),
			fmt.Sprintf("%d other factors (params %q)", len(b.Factors), b.Params)})
	}
	if !slices.Equal(a.Outputs, b.Outputs) {
		d = append(d, [2]string{fmt.Sprintf("outputs %s", strings.Join(a.Outputs, " ")), strings.Join(b.Outputs, " ")})
	}
	return d
}

func factorsEqual(a, b []ScenarioFactor) bool {
	return slices.EqualFunc(a, b, func(x, y ScenarioFactor) bool {
		return x.Key == y.Key && slices.Equal(x.Params, y.Params) &&
			(x.Range == nil) == (y.Range == nil) && (x.Range == nil || *x.Range == *y.Range)
	})
}
