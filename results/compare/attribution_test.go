package compare

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// whatIf writes a what-if of the shipped toy and reads its changes.
func whatIf(t *testing.T, body string) *scenarios.WhatIf {
	t.Helper()
	file := filepath.Join(t.TempDir(), "w.toml")
	if err := os.WriteFile(file, []byte("extends = \"toy\"\n[scenario]\nid = \"w\"\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := scenarios.LoadWhatIf(file)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// attribute compares the toy with the what-if and attributes the
// differences, as the compare command does.
func attribute(t *testing.T, w *scenarios.WhatIf, seed, n uint64) (*Result, *Attribution) {
	t.Helper()
	k := len(w.Changes)
	play := func(keep func(int) bool) *Sample {
		flags := make([]bool, k)
		for c := range flags {
			flags[c] = keep(c)
		}
		sc, err := w.With(flags)
		if err != nil {
			t.Fatal(err)
		}
		return collect(t, sc, seed, n)
	}
	base, whatif := play(func(int) bool { return false }), play(func(int) bool { return true })
	res, err := Compare(base, whatif)
	if err != nil {
		t.Fatal(err)
	}
	changes := make([]string, k)
	alone, without := make([]*Sample, k), make([]*Sample, k)
	for c := range k {
		changes[c] = w.Changes[c].Key
		alone[c] = play(func(j int) bool { return j == c })
		without[c] = play(func(j int) bool { return j != c })
	}
	at, err := Attribute(res, base, whatif, changes, alone, without)
	if err != nil {
		t.Fatal(err)
	}
	return res, at
}

func attributed(t *testing.T, at *Attribution, measure, item string) AttributionRow {
	t.Helper()
	for _, r := range at.Rows {
		if r.Measure == measure && r.Item == item {
			return r
		}
	}
	t.Fatalf("no attribution of %s %s", measure, item)
	return AttributionRow{}
}

// TestAttributeAdditive: of two changes, A's red line on the offence
// keeps it (survival 0 -> 1 by hand: the fallback vote decides 4 to 1)
// and raising the vote-indifference threshold from 0.01 to 0.011, too
// little to turn a ballot, does nothing: the first accounts for all of the difference, the
// second for none, and nothing interacts. The effects alone and the
// interaction add up to the difference, run by run.
func TestAttributeAdditive(t *testing.T) {
	w := whatIf(t, `[states.AAA.positions]
x_offence = { ideal = 1.0, salience = 0.3, red_line = 0.5 }
[model]
vote_indifference = 0.011
`)
	if len(w.Changes) != 2 {
		t.Fatalf("changes %+v; want two", w.Changes)
	}
	_, at := attribute(t, w, 5, 200)
	r := attributed(t, at, MeasureSurvival, "x_offence")
	red, other := 0, 1
	if at.Changes[0] != "states.AAA.positions.x_offence.red_line" {
		red, other = 1, 0
	}
	if r.Total != 1 || r.Alone[red].Share != 1 || r.Alone[other].Effect != 0 || r.Interacts {
		t.Errorf("x_offence: total %g, red line alone %+v, other alone %+v, interacts %v; want 1, share 1, 0, false",
			r.Total, r.Alone[red], r.Alone[other], r.Interacts)
	}
	if r.Without[red].Effect != 1 || r.Without[other].Effect != 0 {
		t.Errorf("leave-one-out %+v; want 1 for the red line, 0 for the other", r.Without)
	}
	for _, r := range at.Rows {
		sum := r.Interaction.Effect
		for _, e := range r.Alone {
			sum += e.Effect
		}
		if math.Abs(sum-r.Total) > 1e-9 {
			t.Errorf("%s %s: effects alone and interaction sum to %g, the difference is %g", r.Measure, r.Item, sum, r.Total)
		}
	}
}

// TestAttributeInteraction: A's red line alone changes no adoption (the
// fallback vote adopts), pure consensus alone changes none (consensus is
// reached without the red line); together the treaty deadlocks. Adoption
// falls by 1 with effects alone of 0 and 0: all interaction.
func TestAttributeInteraction(t *testing.T) {
	w := whatIf(t, `[states.AAA.positions]
x_offence = { ideal = 1.0, salience = 0.3, red_line = 0.5 }
[rules]
decision = "consensus"
`)
	_, at := attribute(t, w, 5, 200)
	r := attributed(t, at, MeasureAdoption, "")
	if r.Total != -1 || r.Alone[0].Effect != 0 || r.Alone[1].Effect != 0 || !r.Interacts || r.Interaction.Effect != -1 {
		t.Errorf("adoption: total %g, alone %+v, interaction %+v (interacts %v); want -1, 0, 0, -1 and interacts",
			r.Total, r.Alone, r.Interaction, r.Interacts)
	}
	// Removing either change restores adoption.
	for k, e := range r.Without {
		if e.Effect != -1 {
			t.Errorf("without %s: %+v; want -1 (the what-if adopts 1 less than the what-if without it)", at.Changes[k], e)
		}
	}
}
