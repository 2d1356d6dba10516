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

// TestRoundCoalitions checks that a run recorded with RoundCoalitions
// writes coalition-rounds.csv with the coalitions after every round of
// every session with an agenda, and that identities carry over.
func TestRoundCoalitions(t *testing.T) {
	sc, err := scenarios.Load("../sim/testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	files := runFiles(t, sc, func(r *Record) { r.RoundCoalitions = true })
	d, err := ParseRun(files)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	rounds := map[string]bool{}
	err = readTable("coalition-rounds.csv", files["coalition-rounds.csv"], func(f func(string) string) {
		rows++
		rounds[f("session")+"/"+f("round")] = true
		if f("coalition") == "" || f("size") == "0" {
			t.Errorf("empty coalition row: %s round %s", f("session"), f("round"))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, s := range sc.Sessions {
		if len(s.Agenda) > 0 {
			want += s.Rounds
		}
	}
	if len(rounds) != want || rows < want {
		t.Errorf("coalition-rounds.csv covers %d rounds in %d rows; want %d rounds", len(rounds), rows, want)
	}
	if len(d.Coalitions) == 0 {
		t.Error("the per-session coalitions.csv is still expected")
	}
}
