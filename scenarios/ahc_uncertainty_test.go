package scenarios_test

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/treatysim/treatysim/scenarios"
)

// flagshipRaw reads the flagship as written, before templates are
// resolved, so that a value's own source note can be checked beside it.
func flagshipRaw(t *testing.T) map[string]any {
	t.Helper()
	var raw map[string]any
	if _, err := toml.DecodeFile("shipped/ahc.toml", &raw); err != nil {
		t.Fatal(err)
	}
	return raw
}

// isDist reports whether a raw value is given as a distribution (a
// distribution table or a list of values) rather than as a plain number.
func isDist(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// rawTables returns the [groups.*] and [states.*] tables of the raw flagship
// by path ("groups.eu", "states.RUS").
func rawTables(raw map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, kind := range []string{"groups", "states"} {
		tables, _ := raw[kind].(map[string]any)
		for id, tb := range tables {
			out[kind+"."+id] = tb.(map[string]any)
		}
	}
	return out
}

// TestFlagshipAssumptionsUncertain checks the rule of docs/ahc-scenario.md,
// Uncertainty: every value whose source is an assumption is given as a
// distribution; a position a seed states at an end of the scale stays a
// plain number; a seed-cited value made uncertain gets only a small spread
// unless its source adds an assumption note; every capability and value of
// no treaty, an assumption throughout, is a distribution.
func TestFlagshipAssumptionsUncertain(t *testing.T) {
	for path, tb := range rawTables(flagshipRaw(t)) {
		for _, key := range []string{"capability", "no_treaty", "alignment"} {
			if v, ok := tb[key]; ok && !isDist(v) {
				t.Errorf("%s.%s = %v: an assumption, want a distribution", path, key, v)
			}
		}
		positions, _ := tb["positions"].(map[string]any)
		for clause, p := range positions {
			pos := p.(map[string]any)
			src, _ := pos["source"].(string)
			at := path + ".positions." + clause
			if strings.HasPrefix(src, "assumption") {
				for _, key := range []string{"ideal", "salience", "red_line"} {
					if v, ok := pos[key]; ok && !isDist(v) {
						t.Errorf("%s.%s = %v: its source is an assumption (%q), want a distribution", at, key, v, src)
					}
				}
				continue
			}
			noted := strings.Contains(src, "assumption")
			if d, ok := pos["ideal"].(map[string]any); ok && !noted {
				sd, _ := d["sd"].(float64)
				mean, _ := d["mean"].(float64)
				if d["dist"] != "normal" || sd > 0.05 {
					t.Errorf("%s.ideal = %v: seed-cited (%q), want at most a small spread (normal, sd <= 0.05)", at, d, src)
				}
				if mean == 0 || mean == 1 {
					t.Errorf("%s.ideal = %v: a seed stating the direction at an end of the scale leaves no doubt; want a number", at, d)
				}
			}
			if d, ok := pos["salience"].(map[string]any); ok && !noted {
				lo, _ := d["min"].(float64)
				mode, _ := d["mode"].(float64)
				hi, _ := d["max"].(float64)
				if d["dist"] != "triangular" || lo < 0.8*mode-1e-9 || hi > 1.2*mode+1e-9 {
					t.Errorf("%s.salience = %v: seed-cited (%q), want at most a small spread (within 20%% of the value)", at, d, src)
				}
			}
		}
	}
}

// TestFlagshipStatesDraw checks that, once templates are resolved, every
// state draws its capability, value of no treaty and alignment in each run,
// and that the seed-stated ends of the scale stay fixed for the camps.
func TestFlagshipStatesDraw(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sc.States {
		if st.Capability.IsFixed() || st.NoTreaty.IsFixed() || st.Alignment.IsFixed() {
			t.Errorf("state %s: capability %v, no treaty %v, alignment %v; want each a distribution",
				st.ID, st.Capability, st.NoTreaty, st.Alignment)
		}
	}
	// Stated positions are not uncertain in direction: Russia's ideal on the
	// CII offence (from the co-sponsors' template) and the EU's on the
	// content offences stay at the end of the scale in every run.
	for _, c := range []struct{ state, clause string }{{"RUS", "cii_offence"}, {"DEU", "cyber_enabled_content"}, {"IRN", "human_rights_safeguards"}} {
		pos := sc.States[sc.StateIndex(c.state)].Positions[sc.ClauseIndex(c.clause)]
		if !pos.Ideal.IsFixed() {
			t.Errorf("%s's ideal on %s = %v; a seed states it, want a fixed number", c.state, c.clause, pos.Ideal)
		}
		if pos.Salience.IsFixed() {
			t.Errorf("%s's salience on %s = %v; the seed gives no number, want a small spread", c.state, c.clause, pos.Salience)
		}
	}
}
