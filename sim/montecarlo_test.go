package sim_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// randomToy returns the toy with random parameters, so that every run
// draws from its stream and runs differ: C's ideal on the wording and E's
// on the safeguards and on the offence E may not accept (so that its red
// line is crossed in some runs only) are drawn at the start of each run.
func randomToy(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Parse("random-toy", []byte(randomToySource(t)))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// randomToySource is the text of randomToy.
func randomToySource(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for _, e := range []struct{ old, new string }{
		{`positions.wording = { ideal = 0.2, salience = 0.2 }`,
			`positions.wording = { ideal = { dist = "uniform", min = 0, max = 1 }, salience = 0.2 }`},
		{`positions.safeguards = { ideal = 0.0, salience = 0.2 }`,
			`positions.safeguards = { ideal = { dist = "uniform", min = 0, max = 1 }, salience = 0.2 }`},
		{`positions.x_offence = { ideal = 0.0, salience = 0.6, red_line = 0.5 }`,
			`positions.x_offence = { ideal = { dist = "uniform", min = 0, max = 1 }, salience = 0.6, red_line = 0.5 }`},
	} {
		if strings.Count(src, e.old) != 1 {
			t.Fatalf("toy.toml does not have %q exactly once", e.old)
		}
		src = strings.Replace(src, e.old, e.new, 1)
	}
	return src
}

// cloneOutcome copies an outcome, which a Sink may not keep.
func cloneOutcome(out *sim.Outcome) sim.Outcome {
	c := *out
	c.FinalOption = slices.Clone(out.FinalOption)
	c.FinalValue = slices.Clone(out.FinalValue)
	c.Survived = slices.Clone(out.Survived)
	c.Satisfaction = slices.Clone(out.Satisfaction)
	c.Votes = slices.Clone(out.Votes)
	for v := range c.Votes {
		c.Votes[v].Votes = slices.Clone(out.Votes[v].Votes)
	}
	return c
}

// recordSink keeps a copy of every outcome it is given, by run. Sinks of
// one Monte Carlo may share one recordSink: it is safe for concurrent use.
type recordSink struct {
	mu   sync.Mutex
	runs map[uint64]sim.Outcome
	dups []uint64 // runs given more than once
}

func newRecordSink() *recordSink { return &recordSink{runs: map[uint64]sim.Outcome{}} }

func (r *recordSink) Add(run uint64, out *sim.Outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.runs[run]; ok {
		r.dups = append(r.dups, run)
	}
	r.runs[run] = cloneOutcome(out)
}

// monteCarlo plays runs first..last-1 of seed on the given number of
// workers and returns the outcomes by run, failing the test unless every
// run was played exactly once.
func monteCarlo(t *testing.T, sc *scenarios.Scenario, seed, first, last uint64, workers int) map[uint64]sim.Outcome {
	t.Helper()
	rec := newRecordSink()
	sinks := make([]sim.Sink, workers)
	for w := range sinks {
		sinks[w] = rec
	}
	mc := sim.MonteCarlo{Seed: seed, First: first, Last: last}
	n, err := mc.Run(context.Background(), sc, sinks)
	if err != nil || n != last-first {
		t.Fatalf("%d workers: MonteCarlo.Run = %d, %v; want %d, nil", workers, n, err, last-first)
	}
	if len(rec.dups) > 0 {
		t.Fatalf("%d workers: runs given to a sink more than once: %v", workers, rec.dups)
	}
	for k := first; k < last; k++ {
		if _, ok := rec.runs[k]; !ok {
			t.Fatalf("%d workers: run %d never given to a sink", workers, k)
		}
	}
	if len(rec.runs) != int(last-first) {
		t.Fatalf("%d workers: %d runs given to the sinks, want %d (only runs %d-%d)", workers, len(rec.runs), last-first, first, last-1)
	}
	return rec.runs
}

// TestMonteCarloStreams checks that every run of a Monte Carlo, played on
// a worker's reused generator, gives the outcome of the run played alone
// on its own generator sim.RunRNG(seed, k).
func TestMonteCarloStreams(t *testing.T) {
	for _, tt := range []struct {
		name string
		sc   func(testing.TB) *scenarios.Scenario
	}{{"random toy", randomToy}, {"with scripted votes", votesToy}} {
		t.Run(tt.name, func(t *testing.T) {
			sc := tt.sc(t)
			const seed, runs = 42, 300
			got := monteCarlo(t, sc, seed, 0, runs, 3)

			e, out := sim.New(sc), sim.NewOutcome(sc)
			distinct := map[string]bool{}
			for k := range uint64(runs) {
				e.Run(sim.RunRNG(seed, k), nil, out)
				if want := cloneOutcome(out); !reflect.DeepEqual(got[k], want) {
					t.Errorf("run %d: Monte Carlo outcome %+v, want (played alone) %+v", k, got[k], want)
				}
				distinct[fmt.Sprint(out.Adopted, out.ByVote, out.FinalOption, out.Survived, out.Votes)] = true
			}
			// The comparison means something only if runs differ.
			t.Logf("%d distinct discrete outcomes", len(distinct))
			if len(distinct) < 2 {
				t.Errorf("all %d runs had the same discrete outcome: the random parameters do not bite", runs)
			}
		})
	}
}

// TestMonteCarloWorkers checks that the outcomes do not depend on the
// number of workers: the same runs give the same outcomes with 1, 2 and 4
// sinks (so the multisets of outcomes are equal too), and a window of runs
// gives those runs' outcomes.
func TestMonteCarloWorkers(t *testing.T) {
	sc := votesToy(t)
	const seed, runs = 3, 200
	ref := monteCarlo(t, sc, seed, 0, runs, 1)
	for _, workers := range []int{2, 4} {
		got := monteCarlo(t, sc, seed, 0, runs, workers)
		if !reflect.DeepEqual(multiset(got), multiset(ref)) {
			t.Errorf("%d workers: the multiset of outcomes differs from 1 worker's", workers)
		}
		for k := range uint64(runs) {
			if !reflect.DeepEqual(got[k], ref[k]) {
				t.Errorf("%d workers: run %d: %+v, want %+v", workers, k, got[k], ref[k])
			}
		}
	}

	const first, last = 50, 121
	window := monteCarlo(t, sc, seed, first, last, 4)
	for k := uint64(first); k < last; k++ {
		if !reflect.DeepEqual(window[k], ref[k]) {
			t.Errorf("runs %d-%d: run %d: %+v, want %+v", first, last-1, k, window[k], ref[k])
		}
	}
}

// multiset counts outcomes, forgetting which run gave them.
func multiset(runs map[uint64]sim.Outcome) map[string]int {
	m := map[string]int{}
	for _, out := range runs {
		m[fmt.Sprintf("%+v", out)]++
	}
	return m
}

// cancelSink counts the runs given to any of the sinks sharing it, and
// cancels the Monte Carlo when the count reaches after.
type cancelSink struct {
	n      *atomic.Uint64
	after  uint64
	cancel context.CancelFunc
}

func (s cancelSink) Add(uint64, *sim.Outcome) {
	if s.n.Add(1) == s.after {
		s.cancel()
	}
}

// TestMonteCarloCancel checks that cancelling the context stops a Monte
// Carlo early: workers finish the run in hand, and Run returns the number
// of runs given to the sinks and context.Canceled.
func TestMonteCarloCancel(t *testing.T) {
	sc := randomToy(t)
	const total, after = 100000, 50
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var added atomic.Uint64
			sinks := make([]sim.Sink, workers)
			for w := range sinks {
				sinks[w] = cancelSink{n: &added, after: after, cancel: cancel}
			}
			mc := sim.MonteCarlo{Seed: 1, First: 0, Last: total}
			n, err := mc.Run(ctx, sc, sinks)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
			if n != added.Load() {
				t.Errorf("returned %d runs, but %d were given to the sinks", n, added.Load())
			}
			// Each worker may finish the run it had in hand.
			if n < after || n > after+uint64(workers) {
				t.Errorf("returned %d runs, want %d to %d (cancelled after %d, %d workers)", n, after, after+uint64(workers), after, workers)
			}
			if n >= total {
				t.Errorf("returned %d runs: did not stop early", n)
			}
		})
	}

	t.Run("cancelled before the start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rec := newRecordSink()
		n, err := sim.MonteCarlo{Seed: 1, First: 0, Last: total}.Run(ctx, sc, []sim.Sink{rec, rec})
		if n != 0 || len(rec.runs) != 0 || !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %d, %v with %d runs given; want 0, context.Canceled, 0", n, err, len(rec.runs))
		}
	})
}

// TestMonteCarloProgress checks that the progress callback ends on the
// number of runs finished.
func TestMonteCarloProgress(t *testing.T) {
	sc := randomToy(t)
	var mu sync.Mutex
	var last uint64
	mc := sim.MonteCarlo{Seed: 1, First: 10, Last: 210, Progress: func(done uint64) {
		mu.Lock()
		defer mu.Unlock()
		last = done
	}}
	n, err := mc.Run(context.Background(), sc, []sim.Sink{newRecordSink(), newRecordSink()})
	if err != nil || n != 200 {
		t.Fatalf("Run = %d, %v; want 200, nil", n, err)
	}
	if last != 200 {
		t.Errorf("last progress report %d, want 200", last)
	}
}
