package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
)

// The types in this file are a scenario resolved for the engine: every
// reference is an index, every state carries a full position on every
// clause (its groups' templates applied), and defaults are filled in.

// Rule is a decision rule.
type Rule uint8

// The decision rules.
const (
	Consensus         Rule = iota // adopted when nobody objects formally
	ConsensusThenVote             // consensus, then a recorded vote once no session remains
	Majority                      // a recorded vote, more yes than no
)

var ruleNames = [...]string{"consensus", "consensus_then_vote", "majority"}

func (r Rule) String() string { return ruleNames[r] }

// Disposition is how a delegation bargains.
type Disposition uint8

// The dispositions.
const (
	Maximalist    Disposition = iota // holds out, concedes late
	Pragmatist                       // concedes steadily
	BridgeBuilder                    // concedes early, seeks common ground
	Follower                         // follows a group
	Absent                           // does not take part
	NumDispositions
)

var dispositionNames = [...]string{"maximalist", "pragmatist", "bridge_builder", "follower", "absent"}

func (d Disposition) String() string { return dispositionNames[d] }

func parseDisposition(s string) (Disposition, bool) {
	for i, n := range dispositionNames {
		if n == s {
			return Disposition(i), true
		}
	}
	return 0, false
}

// Phase is the stage of the procedure a session belongs to.
type Phase uint8

// The phases of the procedure.
const (
	Organisation Phase = iota // events only; positions are stated and socialise
	FirstReading              // proposals enter the text in brackets; nothing is dropped
	Negotiation               // on the chair's text: concession, exchange, settlement
	Concluding                // a negotiation ending with the package put for adoption
)

var phaseNames = [...]string{"organisation", "first_reading", "negotiation", "concluding"}

func (p Phase) String() string { return phaseNames[p] }

func parsePhase(s string) (Phase, bool) {
	for i, n := range phaseNames {
		if n == s {
			return Phase(i), true
		}
	}
	return 0, false
}

// DraftKind is the kind of text the chair drafts from the room.
type DraftKind uint8

// The chair's drafts.
const (
	NoDraft      DraftKind = iota
	Consolidated           // every proposal compiled, in brackets; nothing left out
	ZeroDraft              // the first text that leaves out what lacks support
	RevisedDraft           // a later text drawn from the room the same way
)

var draftNames = [...]string{"", "consolidated", "zero", "revised"}

func (d DraftKind) String() string { return draftNames[d] }

// LeavesOut reports whether the draft leaves out clauses that lack support.
func (d DraftKind) LeavesOut() bool { return d == ZeroDraft || d == RevisedDraft }

// EventKind is the kind of a scripted event.
type EventKind uint8

// The event kinds.
const (
	Table     EventKind = iota // states table (or re-table) a proposal
	ChairText                  // the chair tables a new text
	Drop                       // the chair drops clauses
	Insert                     // the chair inserts clauses
	Attitude                   // a state's attitude changes
	Leave                      // states leave the negotiation
	Join                       // states join (or return to) it
	Vote                       // a recorded vote on a motion
	Reconvene                  // a failed session is followed by a conditional one
	Incentive                  // a sponsor offers positive incentives
)

var eventNames = [...]string{"table", "chair_text", "drop", "insert", "attitude", "leave", "join", "vote", "reconvene", "incentive"}

func (k EventKind) String() string { return eventNames[k] }

// DispositionParams are the bargaining parameters of a disposition.
type DispositionParams struct {
	Concession     Param // beta of the time-dependent tactic
	Susceptibility Param // lambda of Friedkin-Johnsen
}

// ModelParams are the resolved model parameters.
type ModelParams struct {
	Curvature            float64
	ChairStep            float64
	BlockingShare        float64
	ObjectionTemperature float64
	StandoutCost         float64
	VoteIndifference     float64
	VoteStakes           float64
	AlignmentWeight      float64
	PackageLoyalty       float64
	CrossPressure        float64
	Exchange             bool
	ActiveSalience       float64
	IdealNoise           float64
	SalienceNoise        float64
	Dispositions         [NumDispositions]DispositionParams
}

// Scenario is a scenario resolved and ready to run.
type Scenario struct {
	ID          string
	Title       string
	Description string
	Question    string
	Sources     []string
	Seed        uint64
	Files       []string // the files it was read from, base first

	Rule          Rule
	VoteThreshold float64
	Model         ModelParams

	Clusters []ClusterInfo
	Clauses  []ClauseInfo
	Groups   []GroupInfo
	States   []State
	Sessions []SessionInfo
}

// ClusterInfo is an agenda unit.
type ClusterInfo struct {
	ID, Title string
}

// ClauseInfo is a contested provision.
type ClauseInfo struct {
	ID, Title, Article, Source string
	Cluster                    int
	Options                    []Option
	Deletion                   int  // index of the deletion option, or -1
	Continuous                 bool // the text holds the chair's draft, not an option
	Opening                    int  // index of the option in the opening text
}

// GroupInfo is a group of states.
type GroupInfo struct {
	ID, Name, Label string
	NegotiatesAsOne bool
	Cohesion        float64
	Members         []int // state indices, in state order
}

// State is a delegation with a full position on every clause.
type State struct {
	ID, Name       string
	Groups         []int
	Capability     Param
	NoTreaty       Param
	Disposition    Disposition
	Follows        int // group index, or -1
	Concession     Param
	Susceptibility Param
	Alignment      Param
	Positions      []Stand // one per clause
}

// Stand is a state's position on one clause.
type Stand struct {
	Ideal, Salience, RedLine Param
	Source                   string
	// The group whose template gave the ideal point and the salience, or
	// -1 where the state gives its own: what a record may lean
	// (scenarios.Record) is what the state takes from a template.
	IdealFrom, SalienceFrom int
}

// SessionInfo is one session of the script.
type SessionInfo struct {
	ID, Name, Start, End, Place, Source string
	Agenda                              []int // cluster indices
	Phase                               Phase
	Rounds                              int
	Pressure                            float64
	Concluding, Conditional             bool
	Events                              []EventInfo
}

// ClauseOption is a clause and one of its options.
type ClauseOption struct{ Clause, Option int }

// StandChange is a change of attitude on one clause; unset Params keep the
// old value.
type StandChange struct {
	Clause                   int
	Ideal, Salience, RedLine Param
}

// EventInfo is a scripted event.
type EventInfo struct {
	ID, Label, Source string
	Kind              EventKind
	Round             int
	By                []int          // states
	Options           []ClauseOption // table, chair_text, insert
	Clauses           []int          // drop
	Draft             DraftKind      // chair_text
	Package           bool           // vote: the package rather than an amendment
	Mandate           bool           // vote: a mandate to negotiate, decided by alignment alone
	Amendment         ClauseOption   // vote on an amendment
	Session           int            // reconvene: session index
	Targets           []int          // incentive: states
	Amount            float64        // incentive: a grant to each target
	Budget            float64        // incentive: side payments to spend

	// attitude
	NoTreaty       Param
	Disposition    int // -1: unchanged
	Concession     Param
	Susceptibility Param
	Stands         []StandChange
}

// ClauseIndex returns the index of the clause with the given id, or -1.
func (s *Scenario) ClauseIndex(id string) int {
	for i, c := range s.Clauses {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// StateIndex returns the index of the state with the given id, or -1.
func (s *Scenario) StateIndex(id string) int {
	for i, st := range s.States {
		if st.ID == id {
			return i
		}
	}
	return -1
}

// GroupIndex returns the index of the group with the given id, or -1.
func (s *Scenario) GroupIndex(id string) int {
	for i, g := range s.Groups {
		if g.ID == id {
			return i
		}
	}
	return -1
}

// OptionIndex returns the index of the option with the given id in clause
// c, or -1.
func (c *ClauseInfo) OptionIndex(id string) int {
	for i, o := range c.Options {
		if o.ID == id {
			return i
		}
	}
	return -1
}

// Nearest returns the index of the option of c nearest the value v on the
// clause's scale (the first of two as near). The engine keeps its own,
// over flat slices, for the round loop.
func (c *ClauseInfo) Nearest(v float64) int {
	best := 0
	for o, opt := range c.Options {
		if math.Abs(opt.Value-v) < math.Abs(c.Options[best].Value-v) {
			best = o
		}
	}
	return best
}

// Hash identifies the resolved scenario: two scenarios with the same hash
// run identically, whatever files they were read from. Shards of one
// Monte Carlo must share it.
func (s *Scenario) Hash() string {
	c := *s
	c.Files = nil
	b, err := json.Marshal(&c)
	if err != nil {
		panic("scenarios: hashing a scenario: " + err.Error()) // plain data; cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
