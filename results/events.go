package results

import (
	"strconv"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// DraftFinal marks, in the draft column of events.csv, a clause the
// chair's final package left out (the other values are the kinds of
// draft a chair_text event tables: consolidated, zero, revised).
const DraftFinal = "final"

// noteOrigin is what the record knows about a note beyond the engine's
// Note, from the notes around it: the chair's draft it came from, and
// whether its State is the delegation that proposed an insert.
type noteOrigin struct {
	draft    string // the draft an event tabled or a drop came from; DraftFinal: the final package
	proposer bool   // an insert a delegation proposed in a first reading (Note.State)
}

// origins finds the origin of every note. The engine notes an event first
// and then what the event did, so a drop that follows a chair's draft in
// the same round was left out by that draft (nothing else in a round drops
// a clause but a scripted drop, which is an event of its own). In a first
// reading, an insert that is not the work of the event before it comes from
// the compilation of proposals, and only then does Note.State name the
// proposer: for inserts made by events it is 0 and means nothing.
func (r *Record) origins() []noteOrigin {
	sc := r.Scenario
	out := make([]noteOrigin, len(r.Notes))
	var last *scenarios.EventInfo // the last event noted, in session lastS and round lastR
	lastS, lastR := -1, -1
	for k, n := range r.Notes {
		sameRound := last != nil && n.Session == lastS && n.Round == lastR
		switch n.Kind {
		case sim.NoteEvent:
			last, lastS, lastR = nil, -1, -1
			if n.Session >= 0 && n.Session < len(sc.Sessions) && n.Event >= 0 && n.Event < len(sc.Sessions[n.Session].Events) {
				last, lastS, lastR = &sc.Sessions[n.Session].Events[n.Event], n.Session, n.Round
				if last.Kind == scenarios.ChairText && last.Draft != scenarios.NoDraft {
					out[k].draft = last.Draft.String()
				}
			}
		case sim.NoteDrop:
			if sameRound && last.Kind == scenarios.ChairText && last.Draft.LeavesOut() {
				out[k].draft = last.Draft.String()
			}
		case sim.NoteDropFromPackage:
			out[k].draft = DraftFinal
		case sim.NoteInsert:
			firstReading := n.Session >= 0 && n.Session < len(sc.Sessions) && sc.Sessions[n.Session].Phase == scenarios.FirstReading
			out[k].proposer = firstReading && !(sameRound && inserts(last, n.Clause, n.Option)) &&
				n.State >= 0 && n.State < len(sc.States)
		}
	}
	return out
}

// inserts reports whether event ev puts option o of clause c into the text.
func inserts(ev *scenarios.EventInfo, c, o int) bool {
	switch ev.Kind {
	case scenarios.Table, scenarios.ChairText, scenarios.Insert:
		for _, co := range ev.Options {
			if co.Clause == c && co.Option == o {
				return true
			}
		}
	}
	return false
}

// eventsCSV lists what happened, one row per note: the raw material of
// the narrative. The states are the actors of an event, the objecting or
// dissatisfied state, or the proposer of an insert in a first reading; the
// draft column says which of the chair's drafts an event tabled or a drop
// came from (see origins).
func (r *Record) eventsCSV() []byte {
	sc := r.Scenario
	origins := r.origins()
	rows := make([][]string, 0, len(r.Notes))
	for k, n := range r.Notes {
		state, clause, option, from := "", "", "", ""
		if n.Kind == sim.NoteObject || n.Kind == sim.NoteDissatisfied || origins[k].proposer {
			state = sc.States[n.State].ID
		}
		for k, i := range n.States {
			if k > 0 {
				state += " "
			}
			state += sc.States[i].ID
		}
		if n.Clause >= 0 && n.Clause < len(sc.Clauses) {
			cl := &sc.Clauses[n.Clause]
			clause = cl.ID
			if n.Kind != sim.NoteEvent && n.Kind != sim.NoteObject {
				option = cl.Options[n.Option].ID
				from = cl.Options[n.From].ID
			}
		}
		value := ""
		if n.Kind == sim.NoteObject || n.Kind == sim.NoteDissatisfied {
			value = ftoa(n.Value)
		}
		rows = append(rows, []string{sc.Sessions[n.Session].ID, strconv.Itoa(n.Round), n.Kind.String(),
			state, clause, from, option, value, n.Text, origins[k].draft})
	}
	return csvTable([]string{"session", "round", "kind", "states", "clause", "from", "option", "value", "text", "draft"}, rows)
}
