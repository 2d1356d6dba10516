package results

import (
	"bytes"
	"encoding/csv"
	"math"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// TestParseRunRoundTrip renders the toy's folder, reads it back and
// checks the new tables and columns against the record: exchanges,
// saliences, drafts and cross-pressure.
func TestParseRunRoundTrip(t *testing.T) {
	sc, err := scenarios.Load(filepath.Join("..", "sim", "testdata", "toy.toml"))
	if err != nil {
		t.Fatal(err)
	}
	rec := NewRecord(sc, sc.Seed)
	sim.New(sc).Run(sim.RunRNG(sc.Seed, 0), rec, sim.NewOutcome(sc))
	files, err := rec.Files()
	if err != nil {
		t.Fatal(err)
	}
	files["votes.csv"] = CSV([]string{"session", "motion", "state", "vote", "cross_pressure"},
		[][]string{{"second", "m", "AAA", "abstain", "true"}, {"second", "m", "BBB", "yes", "false"}})
	d, err := ParseRun(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Trades) == 0 {
		t.Fatal("the toy made no exchange: nothing to read back")
	}
	if len(d.Exchanges) != len(rec.Trades) {
		t.Fatalf("%d exchanges read back, %d recorded", len(d.Exchanges), len(rec.Trades))
	}
	for k, tr := range rec.Trades {
		x := d.Exchanges[k]
		wantKind := Logroll
		if tr.ClauseB < 0 {
			wantKind = Purchase
		}
		if x.Session != sc.Sessions[tr.Session].ID || x.Round != tr.Round || x.Kind != wantKind ||
			x.A != sc.States[tr.A].ID || x.B != sc.States[tr.B].ID || x.BMovesOn != sc.Clauses[tr.ClauseA].ID ||
			math.Abs(x.BTo-tr.ToA) > 1e-6 || math.Abs(x.Gain()-(tr.GainA+tr.GainB)) > 2e-6 {
			t.Errorf("exchange %d read back as %+v, recorded %+v", k, x, tr)
		}
	}
	for k, p := range rec.Positions {
		if math.Abs(d.Positions[k].Salience-p.Salience) > 1e-6 {
			t.Fatalf("position %d: salience %v read back, %v recorded", k, d.Positions[k].Salience, p.Salience)
		}
	}
	if got := []bool{d.Votes[0].CrossPressure, d.Votes[1].CrossPressure}; got[0] != true || got[1] != false {
		t.Errorf("cross_pressure read back as %v, want [true false]", got)
	}
	for _, e := range d.Events {
		if e.Kind == "drop_from_package" && e.Draft != DraftFinal {
			t.Errorf("a drop from the package has draft %q, want %q", e.Draft, DraftFinal)
		}
	}
}

// TestParseRunOldFolder reads a folder written before exchanges, phases,
// drafts, cross-pressure and saliences were recorded: what is missing
// reads as nothing, and the sessions get the phases the engine of the time
// played.
func TestParseRunOldFolder(t *testing.T) {
	sc, err := scenarios.Load(filepath.Join("..", "sim", "testdata", "toy.toml"))
	if err != nil {
		t.Fatal(err)
	}
	files := runFiles(t, sc, nil)
	delete(files, "exchanges.csv")
	files["scenario.json"] = regexp.MustCompile(`"Phase":\d+,`).ReplaceAll(files["scenario.json"], nil)
	files["positions.csv"] = dropColumn(t, files["positions.csv"], "salience")
	files["events.csv"] = dropColumn(t, files["events.csv"], "draft")
	files["votes.csv"] = CSV([]string{"session", "motion", "state", "vote"}, [][]string{{"second", "m", "AAA", "abstain"}})
	d, err := ParseRun(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Exchanges) != 0 {
		t.Errorf("%d exchanges read from a folder without exchanges.csv", len(d.Exchanges))
	}
	for _, s := range d.Scenario.Sessions {
		want := scenarios.Negotiation
		if s.Concluding {
			want = scenarios.Concluding
		}
		if s.Phase != want {
			t.Errorf("session %s of an old folder: phase %v, want %v", s.ID, s.Phase, want)
		}
	}
	if len(d.Positions) == 0 || !math.IsNaN(d.Positions[0].Salience) {
		t.Errorf("salience of an old folder read as %v, want NaN", d.Positions[0].Salience)
	}
	for _, e := range d.Events {
		if e.Draft != "" {
			t.Errorf("draft %q read from a folder without the column", e.Draft)
		}
	}
	if d.Votes[0].CrossPressure {
		t.Error("cross-pressure read from a folder without the column")
	}
	// The narrative still tells it.
	if len(Narrative(d)) == 0 {
		t.Error("no narrative of an old folder")
	}
}

// dropColumn removes a column from a CSV table.
func dropColumn(t *testing.T, b []byte, name string) []byte {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for k, h := range records[0] {
		if h == name {
			col = k
		}
	}
	if col < 0 {
		t.Fatalf("no column %q", name)
	}
	for k, r := range records {
		records[k] = append(r[:col:col], r[col+1:]...)
	}
	return CSV(records[0], records[1:])
}
