package results

import (
	"context"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// TestCoalitionStatsWorkers checks that coalition statistics over runs do
// not depend on the number of workers, and that the distribution of the
// number of coalitions sums to one per session.
func TestCoalitionStatsWorkers(t *testing.T) {
	sc, err := scenarios.Load("../sim/testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	stats := func(workers int) Files {
		t.Helper()
		all := make([]*CoalitionStats, workers)
		sinks := make([]sim.Sink, workers)
		for w := range all {
			all[w] = NewCoalitionStats(sc, 3)
			sinks[w] = all[w]
		}
		mc := sim.MonteCarlo{Seed: 3, First: 0, Last: 60, KeepViews: true}
		if _, err := mc.Run(context.Background(), sc, sinks); err != nil {
			t.Fatal(err)
		}
		for _, s := range all[1:] {
			all[0].Merge(s)
		}
		if all[0].Finals != 60 {
			t.Errorf("%d runs counted at their final session, want 60", all[0].Finals)
		}
		for s := range sc.Sessions {
			var sum uint64
			for _, c := range all[0].Counts[s] {
				sum += c
			}
			if sum != all[0].Runs[s] {
				t.Errorf("session %d: coalition counts sum to %d, want %d", s, sum, all[0].Runs[s])
			}
		}
		return all[0].Files()
	}
	one, three := stats(1), stats(3)
	for name, b := range one {
		if string(b) != string(three[name]) {
			t.Errorf("%s differs between 1 and 3 workers", name)
		}
	}
}
