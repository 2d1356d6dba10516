package sim_test

import (
	"os"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// TestHistoricalCheck runs the flagship on its default seed and checks the
// outcome against what the sources settle (docs/ahc-scenario.md has the
// table). Nothing here is scripted in the scenario: the outcome comes from
// the preferences, the rules and the events.
func TestHistoricalCheck(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	rec := results.NewRecord(sc, sc.Seed)
	sim.New(sc).Run(sim.RunRNG(sc.Seed, 0), rec, sim.NewOutcome(sc))
	out := rec.Outcome

	clauses := []struct {
		id       string
		survives bool
		option   string // "" when the sources do not settle the wording
		source   string
	}{
		{"cyber_enabled_content", false, "", "000: 'Neither formulation appears to have made it to the final rounds'; 003: 'The authoritarian wish list was never adopted'"},
		{"catch_all_offence", false, "", "003: 'The authoritarian wish list was never adopted'"},
		{"cii_offence", false, "", "000: removed in the DTC; 'China did not support Russia's proposal to reintroduce'"},
		{"human_rights_safeguards", true, "", "003: Iran's bid to remove the safeguards was 'unsuccessful'"},
		{"mla_discrimination_refusal", true, "included", "003: 'allowing Parties to reject requests for mutual legal assistance that discriminate'"},
		{"serious_crime_threshold", true, "serious", "001: 'limits international cooperation to serious crimes'"},
		{"passive_personality_jurisdiction", true, "", "003: 'passive personality jurisdiction granting states jurisdiction over crimes committed anywhere in the world against their nationals'"},
	}
	for _, c := range clauses {
		i := sc.ClauseIndex(c.id)
		got := sc.Clauses[i].Options[out.FinalOption[i]].ID
		if out.Survived[i] != c.survives || (c.option != "" && got != c.option) {
			t.Errorf("%s: survived %v with %q; the sources say survived %v%s (%s)", c.id, out.Survived[i], got,
				c.survives, map[bool]string{true: " with " + c.option, false: ""}[c.option != ""], c.source)
		}
	}

	held := map[string]bool{}
	for _, s := range rec.Held {
		held[sc.Sessions[s].ID] = true
	}
	if !held["concluding"] || !held["reconvened"] {
		t.Errorf("sessions held: %v; the concluding session and the reconvened one should both be held", rec.Held)
	}
	if !out.Adopted || sc.Sessions[out.DecidedSession].ID != "reconvened" {
		t.Errorf("adopted %v in session %d; the sources say: not in January 2024, adopted at the reconvened session", out.Adopted, out.DecidedSession)
	}
	for _, m := range rec.Motions {
		if m.Motion == "iran-motion-safeguards" && m.Passed {
			t.Errorf("Iran's motion on the safeguards passed (%d-%d-%d); seed 003 says it failed", m.Yes, m.No, m.Abstain)
		}
	}
	votes := 0
	for _, v := range rec.Votes {
		if v.Motion == "ga-2019-resolution" {
			votes++
		}
	}
	if votes != 193 {
		t.Errorf("the 2019 vote has %d rows in votes.csv, want one per member state (193)", votes)
	}
}

// TestShippedToyIsTheTestToy keeps the shipped toy scenario and the tests'
// copy identical.
func TestShippedToyIsTheTestToy(t *testing.T) {
	shipped, err := scenarios.ShippedSource("toy")
	if err != nil {
		t.Fatal(err)
	}
	local, err := os.ReadFile("testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	if string(shipped) != string(local) {
		t.Error("scenarios/shipped/toy.toml and sim/testdata/toy.toml differ; keep them identical")
	}
}

func BenchmarkRunFlagship(b *testing.B) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		b.Fatal(err)
	}
	e, out := sim.New(sc), sim.NewOutcome(sc)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Run(sim.RunRNG(1, uint64(i)), nil, out)
	}
}
