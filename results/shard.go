package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/treatysim/treatysim/scenarios"
)

// Version is the version of the program's model and file formats. Shards
// made by different versions do not merge.
const Version = "0.4.0"

// ShardFormat names the format of shard files. Format 2 added the
// counts of the scripted votes (Aggregate.Votes).
const ShardFormat = "treatysim-shard/2"

// shardFormatPrefix starts the format of every shard file.
const shardFormatPrefix = "treatysim-shard/"

// formatProblem says what is wrong with a shard's format, or "" when it
// is this version's.
func formatProblem(format string) string {
	if format == ShardFormat {
		return ""
	}
	n, err := strconv.Atoi(strings.TrimPrefix(format, shardFormatPrefix))
	want, _ := strconv.Atoi(strings.TrimPrefix(ShardFormat, shardFormatPrefix))
	if !strings.HasPrefix(format, shardFormatPrefix) || err != nil {
		return fmt.Sprintf("not a shard file (format %q, want %q)", format, ShardFormat)
	}
	if n < want {
		return fmt.Sprintf("written by an older version of treatysim (shard format %s; this version reads %s): "+
			"run that shard again with this version", format, ShardFormat)
	}
	return fmt.Sprintf("written by a newer version of treatysim (shard format %s; this version reads %s): "+
		"merge with that version", format, ShardFormat)
}

// ErrMerge is wrapped by every error that makes shards unmergeable.
var ErrMerge = errors.New("shards do not merge")

// Shard is one machine's slice of a Monte Carlo: runs First..Last-1 of
// Runs, aggregated, with what is needed to check that shards belong
// together.
type Shard struct {
	Format       string     `json:"format"`
	Version      string     `json:"version"`
	Scenario     string     `json:"scenario"`
	ScenarioHash string     `json:"scenario_hash"`
	Seed         uint64     `json:"seed"`
	Runs         uint64     `json:"runs"` // of the whole Monte Carlo
	Index        int        `json:"index"`
	Count        int        `json:"count"`
	First        uint64     `json:"first"`
	Last         uint64     `json:"last"`
	Partial      bool       `json:"partial,omitempty"`
	Perf         *Perf      `json:"perf,omitempty"`
	Aggregate    *Aggregate `json:"aggregate"`
	// Satisfaction histograms, sparse: per state, bin -> count.
	Satisfaction []map[string]uint32 `json:"satisfaction"`

	path string // the file it was read from, to name in messages
}

// name is what messages call the shard: its file, as read.
func (s *Shard) name() string {
	if s.path != "" {
		return s.path
	}
	return ShardName(s.Index, s.Count)
}

// ShardRange returns the runs of shard i of n out of runs: a contiguous,
// deterministic slice; the shards cover every run exactly once.
func ShardRange(runs uint64, i, n int) (first, last uint64) {
	return runs * uint64(i) / uint64(n), runs * uint64(i+1) / uint64(n)
}

// ShardName is the file name of shard i of n.
func ShardName(i, n int) string { return fmt.Sprintf("shard-%04d-of-%04d.json", i, n) }

// NewShard packs an aggregate as shard i of n.
func NewShard(sc *scenarios.Scenario, seed, runs uint64, i, n int, a *Aggregate) *Shard {
	first, last := ShardRange(runs, i, n)
	s := &Shard{Format: ShardFormat, Version: Version, Scenario: sc.ID, ScenarioHash: sc.Hash(), Seed: seed,
		Runs: runs, Index: i, Count: n, First: first, Last: last, Aggregate: a, Partial: a.Runs != last-first}
	for _, h := range a.Satisfaction {
		m := map[string]uint32{}
		for k, c := range h {
			if c > 0 {
				m[fmt.Sprint(k)] = c
			}
		}
		s.Satisfaction = append(s.Satisfaction, m)
	}
	return s
}

// JSON encodes the shard.
func (s *Shard) JSON() ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// WriteShard writes the shard into dir, atomically (a temporary file, then
// a rename); dir may hold other shards.
// A failure to write is a WriteError.
func WriteShard(dir string, s *Shard) (string, error) {
	b, err := s.JSON()
	if err != nil {
		return "", err
	}
	return WriteFileInto(dir, ShardName(s.Index, s.Count), b)
}

// WriteFileInto writes one file into dir (made if need be), atomically: a
// temporary file beside it, then a rename, so that a reader never sees
// half of it; dir may hold other files (the shards of other machines). A
// failure is a WriteError naming dir and the file.
func WriteFileInto(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", writeErr(dir, name, err)
	}
	p := filepath.Join(dir, name)
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		os.Remove(tmp)
		return "", writeErr(dir, name, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return "", writeErr(dir, name, err)
	}
	return p, nil
}

// ReadShards reads every shard file in the given folders (or the files
// themselves).
func ReadShards(paths []string) ([]*Shard, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		m, _ := filepath.Glob(filepath.Join(p, "shard-*-of-*.json"))
		if len(m) == 0 {
			return nil, fmt.Errorf("%s: no shard files (shard-*-of-*.json): %w", p, ErrMerge)
		}
		files = append(files, m...)
	}
	for k, f := range files {
		files[k] = filepath.Clean(f)
	}
	sort.Strings(files)
	files = slices.Compact(files) // a file named and in a folder named is one shard
	var shards []*Shard
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var s Shard
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("%s: not a shard file: %v: %w", f, err, ErrMerge)
		}
		if p := formatProblem(s.Format); p != "" {
			return nil, fmt.Errorf("%s: %s: %w", f, p, ErrMerge)
		}
		s.path = f
		if p := s.problems(); len(p) > 0 {
			return nil, fmt.Errorf("%s: %w: %s", f, ErrMerge, strings.Join(p, "; "))
		}
		shards = append(shards, &s)
	}
	return shards, nil
}

// MergeShards checks that the shards are of one Monte Carlo (same
// scenario hash, program version, seed and size) and cover every run
// exactly once, and returns the merged aggregate.
func MergeShards(sc *scenarios.Scenario, shards []*Shard) (*Aggregate, *Perf, error) {
	if len(shards) == 0 {
		return nil, nil, fmt.Errorf("no shards: %w", ErrMerge)
	}
	var problems []string
	hash, ref, malformed := sc.Hash(), shards[0], false
	for _, s := range shards {
		name := s.name()
		if p := formatProblem(s.Format); p != "" {
			problems = append(problems, fmt.Sprintf("%s: %s", name, p))
		}
		if p := s.problems(); len(p) > 0 {
			problems = append(problems, fmt.Sprintf("%s: %s", name, strings.Join(p, "; ")))
			malformed = true
			continue // its counts and range mean nothing
		}
		if s.ScenarioHash != hash {
			problems = append(problems, fmt.Sprintf("%s: scenario hash %.12s differs from the scenario's %.12s (a different scenario or version of it)", name, s.ScenarioHash, hash))
		}
		if s.Version != Version {
			problems = append(problems, fmt.Sprintf("%s: made by treatysim %s, this is %s", name, s.Version, Version))
		}
		if s.Seed != ref.Seed || s.Runs != ref.Runs || s.Count != ref.Count {
			problems = append(problems, fmt.Sprintf("%s: seed %d, %d runs in %d shards; %s has seed %d, %d runs in %d shards",
				name, s.Seed, s.Runs, s.Count, ref.name(), ref.Seed, ref.Runs, ref.Count))
		}
		if s.Partial || s.Aggregate.Runs != s.Last-s.First {
			problems = append(problems, fmt.Sprintf("%s: partial (%d of runs %d-%d finished)", name, s.Aggregate.Runs, s.First, s.Last-1))
		}
	}
	sorted := append([]*Shard(nil), shards...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].First < sorted[b].First })
	next := uint64(0)
	for _, s := range sorted {
		if malformed {
			break // the ranges of a malformed shard would only confuse
		}
		switch {
		case s.First > next:
			problems = append(problems, fmt.Sprintf("runs %d-%d are in no shard", next, s.First-1))
		case s.First < next:
			problems = append(problems, fmt.Sprintf("runs %d-%d are in more than one shard (%s)", s.First, min(next, s.Last)-1, s.name()))
		}
		next = max(next, s.Last)
	}
	if !malformed && next < ref.Runs {
		problems = append(problems, fmt.Sprintf("runs %d-%d are in no shard", next, ref.Runs-1))
	}
	if len(problems) > 0 {
		return nil, nil, fmt.Errorf("%w:\n  %s", ErrMerge, strings.Join(problems, "\n  "))
	}
	total := NewAggregate(sc)
	perf := &Perf{}
	for _, s := range sorted {
		a := s.Aggregate
		a.Satisfaction = make([][]uint32, len(sc.States))
		for i := range a.Satisfaction {
			a.Satisfaction[i] = make([]uint32, SatisfactionBins)
			if i < len(s.Satisfaction) {
				for k, c := range s.Satisfaction[i] {
					var bin int
					if _, err := fmt.Sscan(k, &bin); err != nil || bin < 0 || bin >= SatisfactionBins {
						return nil, nil, fmt.Errorf("%s: bad satisfaction bin %q: %w", s.name(), k, ErrMerge)
					}
					a.Satisfaction[i][bin] = c
				}
			}
		}
		if err := total.Merge(a); err != nil {
			return nil, nil, fmt.Errorf("%s: %v: %w", s.name(), err, ErrMerge)
		}
		if s.Perf != nil {
			perf.Workers += s.Perf.Workers
			perf.Seconds += s.Perf.Seconds
		}
	}
	if perf.Seconds > 0 {
		perf.RunsPerSecond = round6(float64(total.Runs) / perf.Seconds)
	}
	return total, perf, nil
}
