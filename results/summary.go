package results

import (
	"encoding/json"
	"math"

	"github.com/treatysim/treatysim/scenarios"
)

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// Summary is summary.json: the outcome of one run or the distribution of
// outcomes over many. Its shape is the same for both.
type Summary struct {
	Scenario                 string               `json:"scenario"`
	Title                    string               `json:"title"`
	Seed                     uint64               `json:"seed"`
	Runs                     uint64               `json:"runs"`
	Partial                  bool                 `json:"partial,omitempty"`
	RunsRequested            uint64               `json:"runs_requested,omitempty"`
	Replay                   *uint64              `json:"replay,omitempty"`
	AdoptedProbability       float64              `json:"adopted_probability"`
	AdoptedInterval          [2]float64           `json:"adopted_interval"`
	AdoptedByVoteProbability float64              `json:"adopted_by_vote_probability"`
	DecidedSession           *string              `json:"decided_session"`
	DecidedSessionName       string               `json:"decided_session_name,omitempty"`
	DecidedSessions          []SessionProbability `json:"decided_sessions"`
	SessionsHeld             []string             `json:"sessions_held,omitempty"`
	Clauses                  []ClauseSummary      `json:"clauses"`
	States                   []StateSummary       `json:"states"`
	Motions                  []MotionSummary      `json:"motions,omitempty"`
	Votes                    []VoteSummary        `json:"votes,omitempty"`
	Perf                     *Perf                `json:"perf,omitempty"`
}

// SessionProbability is how often the treaty was adopted in a session
// ("none": not adopted), and how often by a recorded vote there.
type SessionProbability struct {
	Session           string  `json:"session"`
	Probability       float64 `json:"probability"`
	ByVoteProbability float64 `json:"by_vote_probability,omitempty"`
}

// ClauseSummary is the outcome for one clause.
type ClauseSummary struct {
	ID                  string              `json:"id"`
	Title               string              `json:"title"`
	SurvivalProbability float64             `json:"survival_probability"`
	SurvivalInterval    [2]float64          `json:"survival_interval"`
	ModalOption         string              `json:"modal_option"`
	OpeningOption       string              `json:"opening_option"`
	Options             []OptionProbability `json:"options"`
}

// OptionProbability is how often a clause ended with an option in the
// final text (adopted or not).
type OptionProbability struct {
	ID          string  `json:"id"`
	Probability float64 `json:"probability"`
}

// StateSummary is one state's satisfaction with the final text.
type StateSummary struct {
	ID           string    `json:"id"`
	Satisfaction Quantiles `json:"satisfaction"`
	NoTreaty     float64   `json:"no_treaty"`
}

// Quantiles of a distribution over runs.
type Quantiles struct {
	P05 float64 `json:"p05"`
	P25 float64 `json:"p25"`
	P50 float64 `json:"p50"`
	P75 float64 `json:"p75"`
	P95 float64 `json:"p95"`
}

// MotionSummary is one recorded vote (single runs; a Monte Carlo has
// Votes instead). CrossPressured is how many of the abstentions were
// under cross-pressure (interest and alignment pulling the vote apart).
type MotionSummary struct {
	Session        string `json:"session"`
	Motion         string `json:"motion"`
	Label          string `json:"label"`
	Passed         bool   `json:"passed"`
	Yes            int    `json:"yes"`
	No             int    `json:"no"`
	Abstain        int    `json:"abstain"`
	CrossPressured int    `json:"cross_pressured"`
}

// Perf reports the speed of a Monte Carlo. It is the one part of
// summary.json that differs between two runs of the same scenario and seed.
type Perf struct {
	Workers       int     `json:"workers"`
	Seconds       float64 `json:"seconds"`
	RunsPerSecond float64 `json:"runs_per_second"`
}

// Summarize builds the summary of an aggregate of runs of sc.
func Summarize(sc *scenarios.Scenario, seed uint64, a *Aggregate) *Summary {
	s := &Summary{Scenario: sc.ID, Title: sc.Title, Seed: seed, Runs: a.Runs}
	n := float64(a.Runs)
	p := func(k uint64) float64 {
		if a.Runs == 0 {
			return 0
		}
		return round6(float64(k) / n)
	}
	interval := func(k uint64) [2]float64 {
		lo, hi := Wilson(k, a.Runs, Z95)
		return [2]float64{round6(lo), round6(hi)}
	}
	s.AdoptedProbability, s.AdoptedInterval = p(a.Adopted), interval(a.Adopted)
	s.AdoptedByVoteProbability = p(a.ByVote)
	mode, best := -1, uint64(0)
	for k, count := range a.Decided {
		id := "none"
		if k < len(sc.Sessions) {
			id = sc.Sessions[k].ID
		}
		if count > 0 {
			sp := SessionProbability{Session: id, Probability: p(count)}
			if k < len(a.DecidedByVote) {
				sp.ByVoteProbability = p(a.DecidedByVote[k])
			}
			s.DecidedSessions = append(s.DecidedSessions, sp)
		}
		if count > best {
			mode, best = k, count
		}
	}
	if mode >= 0 && mode < len(sc.Sessions) {
		id := sc.Sessions[mode].ID
		s.DecidedSession, s.DecidedSessionName = &id, sc.Sessions[mode].Name
	}
	for c, cl := range sc.Clauses {
		cs := ClauseSummary{ID: cl.ID, Title: cl.Title, OpeningOption: cl.Options[cl.Opening].ID,
			SurvivalProbability: p(a.Survived[c]), SurvivalInterval: interval(a.Survived[c])}
		modal, modalCount := 0, uint64(0)
		for o, count := range a.Options[c] {
			cs.Options = append(cs.Options, OptionProbability{ID: cl.Options[o].ID, Probability: p(count)})
			if count > modalCount {
				modal, modalCount = o, count
			}
		}
		cs.ModalOption = cl.Options[modal].ID
		s.Clauses = append(s.Clauses, cs)
	}
	for i, st := range sc.States {
		h := a.Satisfaction[i]
		q := func(x float64) float64 {
			if a.Runs == 0 {
				return 0 // no runs, no distribution (as p gives 0)
			}
			return round6(quantile(h, a.Runs, x))
		}
		s.States = append(s.States, StateSummary{ID: st.ID, NoTreaty: round6(st.NoTreaty.Mean()),
			Satisfaction: Quantiles{P05: q(0.05), P25: q(0.25), P50: q(0.5), P75: q(0.75), P95: q(0.95)}})
	}
	s.Votes = summarizeVotes(sc, a)
	return s
}

// Summarize builds the summary of a single recorded run: the summary of an
// aggregate of one, with the sessions held and the recorded votes.
func (r *Record) Summarize() *Summary {
	a := NewAggregate(r.Scenario)
	a.Add(0, r.Outcome)
	s := Summarize(r.Scenario, r.Seed, a)
	s.Votes = nil // the recorded votes are the motions
	for _, h := range r.Held {
		s.SessionsHeld = append(s.SessionsHeld, r.Scenario.Sessions[h].ID)
	}
	for _, m := range r.Motions {
		s.Motions = append(s.Motions, MotionSummary{Session: m.Session, Motion: m.Motion, Label: m.Label,
			Passed: m.Passed, Yes: m.Yes, No: m.No, Abstain: m.Abstain, CrossPressured: m.CrossPressured})
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
