package sim_test

import (
	"slices"
	"testing"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/sim"
)

// TestFirstReadingDropsNothing plays the toy with a first reading in which
// the offence starts out of the text and E, who cannot accept it, carries
// enough weight to have it left out of any draft: the first reading
// compiles the proposal and drops nothing, and nobody concedes.
func TestFirstReadingDropsNothing(t *testing.T) {
	sc := toy(t,
		`opening = "included"`, `opening = "deleted"`,
		"pressure = 0.5\n", "pressure = 0.5\nphase = \"first_reading\"\n",
	)
	rec, _ := run(t, sc, toySeed)
	if d := notes(rec, sim.NoteDrop, -2); len(d) != 0 {
		t.Errorf("drops in a first reading: %+v", d)
	}
	ins := notes(rec, sim.NoteInsert, xOffence)
	if len(ins) == 0 || rec.Scenario.Sessions[ins[0].Session].ID != "first" || ins[0].Round != 1 {
		t.Fatalf("insert notes on x_offence = %+v, want one in the first round of the first reading", ins)
	}
	if p := ins[0].State; p != AAA && p != BBB && p != CCC && p != DDD {
		t.Errorf("x_offence proposed by state %d; E does not want it", p)
	}
	for _, r := range rec.Text {
		if r.Session == "first" && r.Status == "dropped" {
			t.Errorf("dropped in the first reading: %+v", r)
		}
	}
	// Delegations state where they stand: demand = preference.
	for _, p := range rec.Positions {
		if p.Session == "first" && p.Position != p.Preference {
			t.Errorf("first reading: %s demands %v on %s, its preference is %v", p.State, p.Position, p.Clause, p.Preference)
		}
	}
}

// voteCatcher records the engine's vote records, Torn included.
type voteCatcher struct {
	*results.Record
	votes []sim.VoteRecord
}

func (v *voteCatcher) Vote(e *sim.Engine, r sim.VoteRecord) {
	r.Votes, r.Torn = slices.Clone(r.Votes), slices.Clone(r.Torn)
	v.votes = append(v.votes, r)
	v.Record.Vote(e, r)
}

// TestCrossPressuredAbstainer has A, aligned at +1, move to set the
// wording to "without right" (0) at the opening of the first session, when
// the text says "unlawful" (1). C's interest is for the motion (ideal 0.2,
// salience 0.2: a gain of 0.2 * (0.8^2 - 0.2^2) = 0.12, above the stakes
// of 0.1, so a full pull of 1) and its alignment, -0.6 against A's +1,
// pulls -0.6 against it: the weaker pull is 0.6 of the stronger, above the
// cross-pressure share 0.5, so C abstains, torn. With alignment -0.3 the
// interest wins and C votes yes; with no weight on alignment it votes yes.
func TestCrossPressuredAbstainer(t *testing.T) {
	motion := `
[[sessions.events]]
id = "e-motion"
kind = "vote"
round = 1
by = ["AAA"]
motion = "amendment"
clause = "wording"
option = "without_right"
`
	tests := []struct {
		alignmentC, weight string
		want               agents.Vote
		torn               bool
	}{
		{"-0.6", "1", agents.Abstain, true},
		{"-0.3", "1", agents.Yes, false},
		{"-0.6", "0", agents.Yes, false},
	}
	for _, tt := range tests {
		t.Run(tt.alignmentC+"/"+tt.weight, func(t *testing.T) {
			sc := toy(t, cat(inFirst(motion),
				[]string{`[states.CCC]`, "[model]\nalignment_weight = " + tt.weight + "\n\n[states.CCC]\nalignment = " + tt.alignmentC},
				[]string{`[states.AAA]`, "[states.AAA]\nalignment = 1"},
			)...)
			vc := &voteCatcher{Record: results.NewRecord(sc, toySeed)}
			sim.New(sc).Run(sim.RunRNG(toySeed, 0), vc, sim.NewOutcome(sc))
			if len(vc.votes) == 0 || vc.votes[0].Motion != "e-motion" {
				t.Fatalf("votes %+v, want e-motion first", vc.votes)
			}
			v := vc.votes[0]
			if v.Votes[CCC] != tt.want || v.Torn[CCC] != tt.torn {
				t.Errorf("C votes %v (torn %v), want %v (torn %v)", v.Votes[CCC], v.Torn[CCC], tt.want, tt.torn)
			}
			if tt.torn && v.CrossPressured != 1 {
				t.Errorf("%d cross-pressured abstentions, want 1", v.CrossPressured)
			}
			// A and B gain 0.3 (A moved it; B is unaligned): yes. E, unaligned, loses: no.
			if v.Votes[AAA] != agents.Yes || v.Votes[BBB] != agents.Yes || v.Votes[EEE] != agents.No {
				t.Errorf("A %v, B %v, E %v; want yes, yes, no", v.Votes[AAA], v.Votes[BBB], v.Votes[EEE])
			}
		})
	}
}
