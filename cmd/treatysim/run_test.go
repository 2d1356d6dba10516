package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// TestPrintRunVotes checks the vote lines of the run printout: the
// abstentions, and among them those under cross-pressure when there were
// any.
func TestPrintRunVotes(t *testing.T) {
	sc, err := scenarios.Load(filepath.Join("..", "..", "sim", "testdata", "toy.toml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		motion results.MotionRow
		want   string
	}{
		{"cross-pressured", results.MotionRow{Session: "second", Label: "Motion", Yes: 100, No: 40, Abstain: 34, CrossPressured: 12, Passed: true},
			"  vote in second: Motion: 100 yes, 40 no, 34 abstaining (12 cross-pressured): passed\n"},
		{"none cross-pressured", results.MotionRow{Session: "second", Label: "Motion", Yes: 1, No: 4, Abstain: 2},
			"  vote in second: Motion: 1 yes, 4 no, 2 abstaining: rejected\n"},
		{"no abstention", results.MotionRow{Session: "second", Label: "Motion", Yes: 5, Passed: true},
			"  vote in second: Motion: 5 yes, 0 no, 0 abstaining: passed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := results.NewRecord(sc, 1)
			rec.Motions = []results.MotionRow{tt.motion}
			rec.Outcome = sim.NewOutcome(sc)
			var b strings.Builder
			printRun(&b, rec, false)
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("printout:\n%s\nlacks %q", b.String(), tt.want)
			}
		})
	}
}
