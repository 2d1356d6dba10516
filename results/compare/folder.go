package compare

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// Folder is a Monte Carlo results folder written by `treatysim run --runs
// N`, as an input of a comparison. A folder keeps the resolved scenario
// (scenario.json), the seed and the number of runs, but not the runs
// themselves; since a run is a function of the scenario, the seed and its
// index, the comparison replays them and checks, with Check, that the
// replay reproduces the folder's summary.
type Folder struct {
	Dir      string
	Scenario *scenarios.Scenario
	Seed     uint64
	Runs     uint64
	summary  results.Summary
}

// ReadFolder reads a Monte Carlo results folder. Every error wraps
// results.ErrNotResults: a folder that cannot be compared is bad input.
func ReadFolder(dir string) (*Folder, error) {
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w: no %s", dir, results.ErrNotResults, name)
		}
		return b, err
	}
	f := &Folder{Dir: dir}
	b, err := read("summary.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &f.summary); err != nil {
		return nil, fmt.Errorf("%s: summary.json: %w: %v", dir, results.ErrNotResults, err)
	}
	s := &f.summary
	switch {
	case s.Replay != nil || s.Runs < 2:
		return nil, fmt.Errorf("%s: %w: it holds a single run; compare needs a Monte Carlo folder (treatysim run --runs N, N >= 2)", dir, results.ErrNotResults)
	case s.Partial:
		return nil, fmt.Errorf("%s: %w: its Monte Carlo was interrupted after %d of %d runs, so its runs are not runs 0..%d; run it again to completion", dir, results.ErrNotResults, s.Runs, s.RunsRequested, s.Runs-1)
	}
	b, err = read("scenario.json")
	if err != nil {
		if errors.Is(err, results.ErrNotResults) {
			return nil, fmt.Errorf("%w (a folder merged by an older treatysim has none: merge its shards again, or compare the scenario itself with --seed %d --runs %d)", err, s.Seed, s.Runs)
		}
		return nil, err
	}
	f.Scenario = new(scenarios.Scenario)
	if err := json.Unmarshal(b, f.Scenario); err != nil {
		return nil, fmt.Errorf("%s: scenario.json: %w: %v", dir, results.ErrNotResults, err)
	}
	if f.Scenario.ID != s.Scenario {
		return nil, fmt.Errorf("%s: %w: scenario.json holds scenario %q, summary.json %q", dir, results.ErrNotResults, f.Scenario.ID, s.Scenario)
	}
	f.Seed, f.Runs = s.Seed, s.Runs
	return f, nil
}

// ErrStale reports a folder whose replay does not reproduce its summary:
// it was written by another version of the model.
var ErrStale = errors.New("the replay does not reproduce the folder")

// Check reports whether s, the replay of the folder's runs, reproduces
// the folder's summary: the probabilities of adoption and of every
// clause's final option, to the six decimals summary.json keeps.
func (f *Folder) Check(s *Sample) error {
	n := float64(len(s.Runs))
	if uint64(len(s.Runs)) != f.Runs || s.Seed != f.Seed {
		return fmt.Errorf("%s: %w: replayed %d runs of seed %d, the folder holds %d of seed %d", f.Dir, ErrStale, len(s.Runs), s.Seed, f.Runs, f.Seed)
	}
	round6 := func(v float64) float64 { return math.Round(v*1e6) / 1e6 }
	stale := func(what string, recorded, replayed float64) error {
		return fmt.Errorf("%s: %w: %s is %g in summary.json and %g when its scenario.json is replayed with seed %d; "+
			"the folder was written by another version of treatysim: run the scenario again, or compare the scenario files themselves",
			f.Dir, ErrStale, what, recorded, replayed, f.Seed)
	}
	var adopted float64
	for _, r := range s.Runs {
		if r.Adopted {
			adopted++
		}
	}
	if got := round6(adopted / n); got != f.summary.AdoptedProbability {
		return stale("the probability of adoption", f.summary.AdoptedProbability, got)
	}
	for c, cs := range f.summary.Clauses {
		if c >= len(s.Scenario.Clauses) {
			break
		}
		cl := &s.Scenario.Clauses[c]
		for _, op := range cs.Options {
			o := cl.OptionIndex(op.ID)
			if o < 0 {
				return stale(fmt.Sprintf("clause %s's option %q", cs.ID, op.ID), op.Probability, 0)
			}
			var k float64
			for _, r := range s.Runs {
				if r.Option[c] == o {
					k++
				}
			}
			if got := round6(k / n); got != op.Probability {
				return stale(fmt.Sprintf("the probability that clause %s ends as %s", cs.ID, op.ID), op.Probability, got)
			}
		}
	}
	return nil
}
