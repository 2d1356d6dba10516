package scenarios_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// unMembers reads the 193 UN member states from testdata.
func unMembers(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("testdata/un_members.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	members := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, name, _ := strings.Cut(line, " ")
		members[id] = name
	}
	if len(members) != 193 {
		t.Fatalf("testdata/un_members.txt lists %d states, want 193", len(members))
	}
	return members
}

func TestFlagshipStates(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	members := unMembers(t)
	if len(sc.States) != 193 {
		t.Errorf("flagship has %d states, want all 193 UN members", len(sc.States))
	}
	seen := map[string]bool{}
	for _, st := range sc.States {
		seen[st.ID] = true
		if _, ok := members[st.ID]; !ok {
			t.Errorf("state %s (%s) is not a UN member state", st.ID, st.Name)
		}
		if len(st.Groups) == 0 {
			t.Errorf("state %s belongs to no group", st.ID)
		}
	}
	for id, name := range members {
		if !seen[id] {
			t.Errorf("UN member %s (%s) is missing from the flagship", id, name)
		}
	}
	eu := sc.Groups[sc.GroupIndex("eu")]
	if len(eu.Members) != 27 || !eu.NegotiatesAsOne {
		t.Errorf("eu: %d members, negotiates as one %v; want 27, true", len(eu.Members), eu.NegotiatesAsOne)
	}
	if ukr := sc.States[sc.StateIndex("UKR")]; ukr.Disposition != scenarios.Absent {
		t.Errorf("Ukraine's disposition is %v; seed 003 says it abstained from the negotiations", ukr.Disposition)
	}
}

// TestFlagshipProvenance checks that every clause, group template and
// state position has a source note.
func TestFlagshipProvenance(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	wantClauses := []string{"cyber_enabled_content", "catch_all_offence", "wording_unlawful", "effects_jurisdiction",
		"against_state_jurisdiction", "passive_personality_jurisdiction", "cii_offence", "unlawful_service_provision",
		"interception_espionage", "isp_obligations", "human_rights_safeguards", "vulnerable_groups_safeguard",
		"hr_in_capacity_building", "mla_political_refusal", "mla_discrimination_refusal", "data_protection_transfers",
		"e_evidence_probative_value", "e_evidence_standards", "authorisation_only_cooperation",
		"serious_crime_threshold", "additional_protocol"}
	for _, id := range wantClauses {
		c := sc.ClauseIndex(id)
		if c < 0 {
			t.Errorf("clause %s is missing", id)
			continue
		}
		cl := sc.Clauses[c]
		if !strings.Contains(cl.Source, "00") {
			t.Errorf("clause %s has no source note citing a seed: %q", id, cl.Source)
		}
		if cl.Deletion >= 0 && cl.Options[cl.Deletion].ID != "deleted" {
			t.Errorf("clause %s: deletion option is %q, want \"deleted\"", id, cl.Options[cl.Deletion].ID)
		}
	}
	w := sc.Clauses[sc.ClauseIndex("wording_unlawful")]
	if w.OptionIndex("without_right") < 0 || w.OptionIndex("unlawful") < 0 {
		t.Error("wording_unlawful needs the options without_right and unlawful")
	}
	for _, st := range sc.States {
		for c, pos := range st.Positions {
			if !strings.Contains(pos.Source, "00") && !strings.HasPrefix(pos.Source, "assumption") {
				t.Errorf("states.%s.positions.%s: no source note (%q)", st.ID, sc.Clauses[c].ID, pos.Source)
			}
		}
	}
	for _, s := range sc.Sessions {
		if s.Source == "" {
			t.Errorf("session %s has no source note", s.ID)
		}
		for _, ev := range s.Events {
			if ev.Source == "" {
				t.Errorf("session %s: event %s has no source note", s.ID, ev.ID)
			}
		}
	}
}

func TestWhatIfsLoad(t *testing.T) {
	base, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		check func(t *testing.T, sc *scenarios.Scenario)
	}{
		{"china-backs-cii", func(t *testing.T, sc *scenarios.Scenario) {
			chn := sc.States[sc.StateIndex("CHN")]
			if got := chn.Positions[sc.ClauseIndex("cii_offence")].Salience.Mean(); got != 0.8 {
				t.Errorf("China's salience on cii_offence = %v, want 0.8", got)
			}
		}},
		{"unanimity", func(t *testing.T, sc *scenarios.Scenario) {
			if sc.Rule != scenarios.Consensus {
				t.Errorf("rule = %v, want consensus", sc.Rule)
			}
		}},
		{"us-walks-out", func(t *testing.T, sc *scenarios.Scenario) {
			last := sc.Sessions[len(sc.Sessions)-1]
			if n, m := len(last.Events), len(base.Sessions[len(base.Sessions)-1].Events); n != m+1 {
				t.Errorf("reconvened session has %d events, want the base's %d plus the walk-out", n, m)
			}
		}},
		{"ahc-uncertain", func(t *testing.T, sc *scenarios.Scenario) {
			if sc.Model.IdealNoise != 0.05 || sc.Model.SalienceNoise != 0.05 {
				t.Errorf("noise = %v, %v; want 0.05, 0.05", sc.Model.IdealNoise, sc.Model.SalienceNoise)
			}
			// The noise comes on top of the flagship's parameter uncertainty.
			ken := sc.States[sc.StateIndex("KEN")]
			if ken.Capability.IsFixed() || ken.Positions[sc.ClauseIndex("wording_unlawful")].Ideal.IsFixed() {
				t.Error("ahc-uncertain should keep the flagship's distributions")
			}
		}},
		{"bridge-builders", func(t *testing.T, sc *scenarios.Scenario) {
			if got := sc.States[sc.StateIndex("ZAF")].Capability.Mean(); got != 5 {
				t.Errorf("South Africa's capability = %v, want 5", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := scenarios.LoadShipped(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Question == "" {
				t.Error("a what-if scenario must say what question it asks")
			}
			if len(sc.States) != len(base.States) || len(sc.Clauses) != len(base.Clauses) {
				t.Errorf("%d states, %d clauses; want the base's %d and %d", len(sc.States), len(sc.Clauses), len(base.States), len(base.Clauses))
			}
			tt.check(t, sc)
		})
	}
}
