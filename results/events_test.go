package results

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/treatysim/treatysim/sim"
)

// TestEventOrigins feeds a record the notes the engine writes and checks
// what events.csv makes of them: the draft a drop came from, and the
// proposer of an insert in a first reading (and only there).
func TestEventOrigins(t *testing.T) {
	rec := NewRecord(testRoom(), 1)
	// Sessions of testRoom: 0 a first reading whose event 0 tables cii =
	// included; 1 a negotiation whose event 0 is a zero draft and event 1
	// a scripted drop.
	notes := []struct {
		note          sim.Note
		states, draft string
	}{
		// First reading: the tabled clause comes in by the event; the
		// compilation of proposals brings the others, by a proposer.
		{sim.Note{Session: 0, Round: 1, Kind: sim.NoteEvent, Event: 0, States: []int{0}, Clause: -1}, "RUS", ""},
		{sim.Note{Session: 0, Round: 1, Kind: sim.NoteInsert, Clause: 0, Option: 1, State: 0}, "", ""},
		{sim.Note{Session: 0, Round: 1, Kind: sim.NoteInsert, Clause: 1, Option: 1, State: 3}, "FRA", ""},
		// The next round: the event of round 1 no longer explains it.
		{sim.Note{Session: 0, Round: 2, Kind: sim.NoteInsert, Clause: 0, Option: 1, State: 2}, "DEU", ""},
		// Negotiation: a zero draft drops and redrafts; a scripted drop
		// after it is not the draft's.
		{sim.Note{Session: 1, Round: 1, Kind: sim.NoteEvent, Event: 0, Clause: -1}, "", "zero"},
		{sim.Note{Session: 1, Round: 1, Kind: sim.NoteText, Clause: 1, Option: 1}, "", ""},
		{sim.Note{Session: 1, Round: 1, Kind: sim.NoteDrop, Clause: 0}, "", "zero"},
		{sim.Note{Session: 1, Round: 1, Kind: sim.NoteEvent, Event: 1, Clause: -1}, "", ""},
		{sim.Note{Session: 1, Round: 1, Kind: sim.NoteDrop, Clause: 2}, "", ""},
		// An insert outside a first reading has no proposer.
		{sim.Note{Session: 1, Round: 2, Kind: sim.NoteInsert, Clause: 2, Option: 1, State: 4}, "", ""},
		{sim.Note{Session: 2, Round: 2, Kind: sim.NoteDropFromPackage, Clause: 1}, "", DraftFinal},
		{sim.Note{Session: 2, Round: 2, Kind: sim.NoteObject, State: 8, Clause: -1, Value: 0.25}, "USA", ""},
	}
	var wantStates, wantDrafts []string
	for _, n := range notes {
		rec.Note(n.note)
		wantStates = append(wantStates, n.states)
		wantDrafts = append(wantDrafts, n.draft)
	}
	rows, err := csv.NewReader(bytes.NewReader(rec.eventsCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"session", "round", "kind", "states", "clause", "from", "option", "value", "text", "draft"}; !slices.Equal(rows[0], want) {
		t.Fatalf("header %v, want %v", rows[0], want)
	}
	var gotStates, gotDrafts []string
	for _, r := range rows[1:] {
		gotStates = append(gotStates, r[3])
		gotDrafts = append(gotDrafts, r[9])
	}
	if !slices.Equal(gotStates, wantStates) {
		t.Errorf("states column %q\nwant %q", gotStates, wantStates)
	}
	if !slices.Equal(gotDrafts, wantDrafts) {
		t.Errorf("draft column %q\nwant %q", gotDrafts, wantDrafts)
	}
}
