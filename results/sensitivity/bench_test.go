package sensitivity_test

import (
	"testing"

	"github.com/treatysim/treatysim/results/sensitivity"
	"github.com/treatysim/treatysim/scenarios"
)

// The benchmarks measure what a Morris screening of the flagship adds to
// the runs it needs: BenchmarkMorrisOverheadFlagship builds the design
// (20 trajectories over the flagship's default factors), fixes each
// point's scenario and computes the elementary effects, with the runs
// replaced by a constant output; BenchmarkMorrisPointFlagship plays one
// design point (fix and run), the unit of the runs' cost.

func flagship(b *testing.B) (*scenarios.Scenario, []sensitivity.ScenarioFactor) {
	b.Helper()
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	return sc, sensitivity.DefaultFactors(sc)
}

func BenchmarkMorrisOverheadFlagship(b *testing.B) {
	sc, fs := flagship(b)
	outputs := len(sensitivity.ScenarioOutputs(sc))
	for b.Loop() {
		d, err := sensitivity.NewMorris(len(fs), 20, sensitivity.MorrisOptions{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		y := make([][]float64, len(d.Points))
		for j, x := range d.Points {
			sensitivity.FixScenario(sc, fs, x)
			y[j] = make([]float64, outputs)
		}
		if _, err := d.Morris(y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMorrisPointFlagship(b *testing.B) {
	sc, fs := flagship(b)
	d, err := sensitivity.NewMorris(len(fs), 2, sensitivity.MorrisOptions{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sensitivity.EvaluateRange(sc, fs, d, 1, 1, 0, 1)
	}
}
