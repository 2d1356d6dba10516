package sim_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// BenchmarkRunFlagshipReusedRNG is BenchmarkRunFlagship without the
// generator's construction: the cost of Run alone, which allocates
// nothing.
func BenchmarkRunFlagshipReusedRNG(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	e, out, rng := sim.New(sc), sim.NewOutcome(sc), sim.RunRNG(1, 0)
	b.ReportAllocs()
	for b.Loop() {
		e.Run(rng, nil, out)
	}
}

// TestRunFlagshipAllocatesNothing is TestRunAllocatesNothing on the
// flagship, whose events (tabled proposals, redrafts, attitude changes,
// incentives, votes with ids and labels) the toy does not all have.
func TestRunFlagshipAllocatesNothing(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	e, out, rng := sim.New(sc), sim.NewOutcome(sc), sim.RunRNG(1, 0)
	e.Run(rng, nil, out) // warm-up
	if allocs := testing.AllocsPerRun(5, func() { e.Run(rng, nil, out) }); allocs != 0 {
		t.Errorf("Run of the flagship with a nil recorder: %v allocations per run, want 0", allocs)
	}
}

// evaluations counts the state-by-clause evaluations one run of sc makes:
// every round, each state on each clause of the agenda (socialisation,
// concession and the chair each touch it once), and every poll of a
// concluding session, each state on every clause.
func evaluations(sc *scenarios.Scenario) int {
	n, total := len(sc.States), 0
	for _, s := range sc.Sessions {
		agenda := 0
		for _, cl := range sc.Clauses {
			for _, a := range s.Agenda {
				if cl.Cluster == a {
					agenda++
				}
			}
		}
		total += s.Rounds * n * agenda
		if s.Concluding {
			total += n * len(sc.Clauses)
		}
	}
	return total
}

var sink float64

// BenchmarkRoofline does, in one tight loop over flat slices, as many
// salience-weighted quadratic loss evaluations as one flagship run makes
// state-by-clause evaluations, with no negotiation logic: the floor a run
// is measured against (docs/performance.md). A run should cost at most 3
// times this.
func BenchmarkRoofline(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	n, m := len(sc.States), len(sc.Clauses)
	evals := evaluations(sc)
	pos, w, text := make([]float64, n*m), make([]float64, n*m), make([]float64, m)
	for k := range pos {
		pos[k], w[k] = float64(k%7)/7, float64(k%5)/20
	}
	for c := range text {
		text[c] = float64(c%3) / 3
	}
	for b.Loop() {
		u := 0.0
		for done := 0; done < evals; {
			for i := 0; i < n && done < evals; i++ {
				x, wi := pos[i*m:(i+1)*m], w[i*m:(i+1)*m]
				for c, t := range text {
					d := t - x[c]
					u += wi[c] * d * d
				}
				done += m
			}
		}
		sink = u
	}
	b.ReportMetric(float64(evals), "evals/op")
}

// BenchmarkMonteCarlo measures flagship throughput with 1 and 2 workers
// (ns/op is per run).
func BenchmarkMonteCarlo(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			sinks := make([]sim.Sink, workers)
			for w := range sinks {
				sinks[w] = discard{}
			}
			b.ResetTimer()
			mc := sim.MonteCarlo{Seed: 1, First: 0, Last: uint64(b.N)}
			if _, err := mc.Run(context.Background(), sc, sinks); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}

type discard struct{}

func (discard) Add(uint64, *sim.Outcome) {}
