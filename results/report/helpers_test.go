package report

import (
	"context"
	"flag"
	"path/filepath"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files of the plot data")

// toyFiles plays the toy scenario once with its own seed, as treatysim run
// does, and renders its results folder.
func toyFiles(t *testing.T) results.Files {
	t.Helper()
	return runFiles(t, loadToy(t))
}

// runFiles plays sc once with its own seed and renders its results folder.
func runFiles(t *testing.T, sc *scenarios.Scenario) results.Files {
	t.Helper()
	rec := results.NewRecord(sc, sc.Seed)
	sim.New(sc).Run(sim.RunRNG(sc.Seed, 0), rec, sim.NewOutcome(sc))
	files, err := rec.Files()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// loadToy loads the toy scenario.
func loadToy(t testing.TB) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Load(filepath.Join("..", "..", "sim", "testdata", "toy.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// aggregateRuns aggregates runs first..last-1 of seed on one worker.
func aggregateRuns(t testing.TB, sc *scenarios.Scenario, seed, first, last uint64) *results.Aggregate {
	t.Helper()
	a := results.NewAggregate(sc)
	mc := sim.MonteCarlo{Seed: seed, First: first, Last: last}
	n, err := mc.Run(context.Background(), sc, []sim.Sink{a})
	if err != nil || n != last-first {
		t.Fatalf("MonteCarlo runs %d-%d: %d runs, %v", first, last-1, n, err)
	}
	return a
}

// summaryJSON renders the summary of an aggregate.
func summaryJSON(t testing.TB, sc *scenarios.Scenario, seed uint64, a *results.Aggregate) []byte {
	t.Helper()
	b, err := results.Summarize(sc, seed, a).JSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
