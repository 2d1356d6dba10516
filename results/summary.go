package results

import (
	"encoding/json"
	"math"
)

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// Summary is summary.json: the outcome of one run or, later, of many.
type Summary struct {
	Scenario           string          `json:"scenario"`
	Title              string          `json:"title"`
	Seed               uint64          `json:"seed"`
	Runs               int             `json:"runs"`
	AdoptedProbability float64         `json:"adopted_probability"`
	DecidedSession     *string         `json:"decided_session"`
	DecidedSessionName string          `json:"decided_session_name,omitempty"`
	AdoptedByVote      bool            `json:"adopted_by_vote"`
	SessionsHeld       []string        `json:"sessions_held,omitempty"`
	Clauses            []ClauseSummary `json:"clauses"`
	States             []StateSummary  `json:"states,omitempty"`
	Motions            []MotionSummary `json:"motions,omitempty"`
}

// ClauseSummary is the outcome for one clause.
type ClauseSummary struct {
	ID                  string  `json:"id"`
	Title               string  `json:"title"`
	SurvivalProbability float64 `json:"survival_probability"`
	ModalOption         string  `json:"modal_option"`
	OpeningOption       string  `json:"opening_option"`
}

// StateSummary is one state's satisfaction with the final text.
type StateSummary struct {
	ID           string  `json:"id"`
	Satisfaction float64 `json:"satisfaction"`
	NoTreaty     float64 `json:"no_treaty"`
}

// MotionSummary is one recorded vote.
type MotionSummary struct {
	Session string `json:"session"`
	Motion  string `json:"motion"`
	Label   string `json:"label"`
	Passed  bool   `json:"passed"`
	Yes     int    `json:"yes"`
	No      int    `json:"no"`
	Abstain int    `json:"abstain"`
}

// Summarize builds the summary of a single recorded run.
func (r *Record) Summarize() *Summary {
	sc, out := r.Scenario, r.Outcome
	s := &Summary{Scenario: sc.ID, Title: sc.Title, Seed: r.Seed, Runs: 1}
	if out.Adopted {
		s.AdoptedProbability = 1
		id := sc.Sessions[out.DecidedSession].ID
		s.DecidedSession = &id
		s.DecidedSessionName = sc.Sessions[out.DecidedSession].Name
		s.AdoptedByVote = out.ByVote
	}
	for _, h := range r.Held {
		s.SessionsHeld = append(s.SessionsHeld, sc.Sessions[h].ID)
	}
	for c, cl := range sc.Clauses {
		cs := ClauseSummary{ID: cl.ID, Title: cl.Title, ModalOption: cl.Options[out.FinalOption[c]].ID,
			OpeningOption: cl.Options[cl.Opening].ID}
		if out.Survived[c] {
			cs.SurvivalProbability = 1
		}
		s.Clauses = append(s.Clauses, cs)
	}
	for i, st := range sc.States {
		s.States = append(s.States, StateSummary{ID: st.ID, Satisfaction: round6(out.Satisfaction[i]),
			NoTreaty: round6(r.NoTreaty[i])})
	}
	for _, m := range r.Motions {
		s.Motions = append(s.Motions, MotionSummary{Session: m.Session, Motion: m.Motion, Label: m.Label,
			Passed: m.Passed, Yes: m.Yes, No: m.No, Abstain: m.Abstain})
	}
	return s
}

// JSON encodes the summary, indented, with a final newline.
func (s *Summary) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
