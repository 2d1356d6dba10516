package sim

import "github.com/treatysim/treatysim/agents"

// NoteKind says what a Note records.
type NoteKind uint8

// The kinds of note.
const (
	NoteEvent            NoteKind = iota // a scripted event happened
	NoteText                             // the chair changed a clause's wording
	NoteDrop                             // the chair dropped a clause lacking support
	NoteDropForConsensus                 // the chair dropped a clause to reach consensus
	NoteInsert                           // a clause came (back) into the text
	NoteAmended                          // a vote amended a clause
	NoteObject                           // a state objected formally to the package
	NoteAdopted                          // the package was adopted
	NoteFailed                           // the session ended without adoption
	NoteDissatisfied                     // a state found the package short of its aspiration but did not object
	NoteDropFromPackage                  // the chair's final package left a clause out
)

var noteNames = [...]string{"event", "text", "drop", "drop_for_consensus", "insert", "amended", "objection", "adopted", "failed", "dissatisfied", "drop_from_package"}

func (k NoteKind) String() string { return noteNames[k] }

// Note is one thing that happened in a run, for the record and the
// narrative. Session and Round are filled in by the engine.
type Note struct {
	Session, Round int
	Kind           NoteKind
	Event          int   // index of the event in its session (NoteEvent)
	States         []int // acting states (NoteEvent); owned by the scenario
	State          int   // objecting or dissatisfied state; the proposer of an insert in a first reading
	Clause         int   // -1: none
	Option, From   int   // new and previous option
	Value          float64
	Text           string
}

// VoteRecord is a recorded vote. Votes and Torn are owned by the engine
// and valid only during the call.
type VoteRecord struct {
	Session, Round   int
	Motion, Label    string
	Votes            []agents.Vote
	Torn             []bool // per state: abstained under cross-pressure
	Passed           bool
	Yes, No, Abstain int
	CrossPressured   int // abstentions under cross-pressure
}

// TradeRecord is one exchange of a round.
type TradeRecord struct {
	Session, Round int
	agents.Trade
}

// Recorder receives what happens during a run. Recording is optional: a
// Monte Carlo run passes no Recorder and allocates nothing.
type Recorder interface {
	SessionStart(e *Engine, session int)
	Round(e *Engine, session, round int) // after the round's moves
	Note(n Note)
	Vote(e *Engine, v VoteRecord)
	Trade(e *Engine, t TradeRecord)
	SessionEnd(e *Engine, session int, adopted bool)
	End(e *Engine, out *Outcome)
}

func (e *Engine) note(n Note) {
	if e.rec == nil {
		return
	}
	n.Session, n.Round = e.session, e.round
	e.rec.Note(n)
}
