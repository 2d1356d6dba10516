package sim_test

import (
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
