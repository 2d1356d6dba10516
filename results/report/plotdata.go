package report

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// This file computes the data behind each plot, apart from the drawing, so
// that tests can check numbers (golden files) rather than pixels, and so
// that every figure can be traced back to the files of a results folder.

// CoalitionSizes is the data of the coalitions-sizes plot: the size of
// every coalition identity in every session held.
type CoalitionSizes struct {
	Sessions   []string          `json:"sessions"`
	Coalitions []CoalitionSeries `json:"coalitions"`
}

// CoalitionSeries is one coalition identity across sessions.
type CoalitionSeries struct {
	ID    string `json:"id"`
	Name  string `json:"name"` // its name in the last session it was found in
	Sizes []int  `json:"sizes"`
}

// Flow is a band of the alluvial diagram: the states that belonged to one
// coalition in a session and to another (or the same) in the next session
// held.
type Flow struct {
	FromSession   string   `json:"from_session"`
	ToSession     string   `json:"to_session"`
	FromCoalition string   `json:"from_coalition"`
	ToCoalition   string   `json:"to_coalition"`
	States        []string `json:"states"`
}

// Count is the number of states moving: the width of the band.
func (f Flow) Count() int { return len(f.States) }

// AgreementMatrix is the agreement between the present states of one
// session, the states ordered by coalition.
type AgreementMatrix struct {
	Session    string      `json:"session"`
	States     []string    `json:"states"`
	Coalitions []string    `json:"coalitions"` // per state
	Values     [][]float64 `json:"values"`
}

// StateMap is the data of the map plot: every present state of every
// session with positions, placed on the first two principal components of
// the demand vectors (one common projection for all sessions, so that
// panels can be compared and movement read as movement).
type StateMap struct {
	Sessions  []string   `json:"sessions"`
	Explained [2]float64 `json:"explained"` // share of the variance on each axis
	Points    []MapPoint `json:"points"`
}

// MapPoint is one state in one session.
type MapPoint struct {
	Session   string  `json:"session"`
	State     string  `json:"state"`
	Coalition string  `json:"coalition"`
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
}

// SurvivalPoint is one clause's survival probability and its 95% interval.
type SurvivalPoint struct {
	Clause      string  `json:"clause"`
	Title       string  `json:"title"`
	Probability float64 `json:"probability"`
	Low         float64 `json:"low"`
	High        float64 `json:"high"`
	Opening     string  `json:"opening"`
	Modal       string  `json:"modal"`
}

// NoSession labels runs in which the treaty was not adopted.
const NoSession = "none"

// SessionBar is the probability that the treaty was adopted in a session
// (NoSession: not adopted).
type SessionBar struct {
	Session     string  `json:"session"`
	Name        string  `json:"name"`
	Probability float64 `json:"probability"`
}

// Trajectories is the data of the trajectories plot: chosen states'
// demands and preferences on one clause after every round in which the
// clause was on the agenda, with the text's option at the same moments.
type Trajectories struct {
	Clause  string            `json:"clause"`
	Options []OptionMark      `json:"options"`
	Steps   []Step            `json:"steps"`
	Text    []TrajectoryPoint `json:"text"`
	States  []StateTrajectory `json:"states"`
}

// OptionMark is an option of a clause and its value on the clause's scale.
type OptionMark struct {
	ID    string  `json:"id"`
	Value float64 `json:"value"`
}

// Step is a moment of the negotiation: after a round of a session.
type Step struct {
	Session string `json:"session"`
	Round   int    `json:"round"`
}

// TrajectoryPoint is a value at a step (an index into Trajectories.Steps).
type TrajectoryPoint struct {
	Step  int     `json:"step"`
	Value float64 `json:"value"`
}

// StateTrajectory is one state's demand and preference on the clause.
type StateTrajectory struct {
	State      string            `json:"state"`
	Name       string            `json:"name"`
	Position   []TrajectoryPoint `json:"position"`
	Preference []TrajectoryPoint `json:"preference"`
}

// heldSessions returns the sessions of the run in the order they were
// held: from summary.json when it lists them, else in script order those
// that appear in the tables.
func heldSessions(d *results.RunData) []string {
	if d.Summary != nil && len(d.Summary.SessionsHeld) > 0 {
		return d.Summary.SessionsHeld
	}
	seen := map[string]bool{}
	for _, r := range d.Memberships {
		seen[r.Session] = true
	}
	for _, r := range d.Positions {
		seen[r.Session] = true
	}
	var out []string
	for _, s := range d.Scenario.Sessions {
		if seen[s.ID] {
			out = append(out, s.ID)
		}
	}
	return out
}

func sessionIndex(sc *scenarios.Scenario, id string) int {
	return slices.IndexFunc(sc.Sessions, func(s scenarios.SessionInfo) bool { return s.ID == id })
}

// coalitionNumber is the number of a coalition identity ("C12" -> 12): it
// orders identities and picks their colour, so that a coalition keeps its
// colour in every plot.
func coalitionNumber(id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "C"))
	if err != nil {
		return math.MaxInt32
	}
	return n
}

func compareCoalitions(a, b string) int {
	return cmp.Or(cmp.Compare(coalitionNumber(a), coalitionNumber(b)), strings.Compare(a, b))
}

// coalitionIDs returns the coalition identities of the run, in order.
func coalitionIDs(d *results.RunData) []string {
	var ids []string
	for _, r := range d.Coalitions {
		if !slices.Contains(ids, r.Coalition) {
			ids = append(ids, r.Coalition)
		}
	}
	slices.SortFunc(ids, compareCoalitions)
	return ids
}

// coalitionNames returns each identity's name in the last session it was
// found in: coalitions are named after their weightiest members, which may
// change as states come and go.
func coalitionNames(d *results.RunData) map[string]string {
	names := map[string]string{}
	for _, r := range d.Coalitions { // rows are in the order sessions were held
		names[r.Coalition] = r.Name
	}
	return names
}

// SizesData computes the coalition sizes per session held.
func SizesData(d *results.RunData) CoalitionSizes {
	out := CoalitionSizes{Sessions: heldSessions(d)}
	at := map[string]int{}
	for k, s := range out.Sessions {
		at[s] = k
	}
	names := coalitionNames(d)
	for _, id := range coalitionIDs(d) {
		series := CoalitionSeries{ID: id, Name: names[id], Sizes: make([]int, len(out.Sessions))}
		for _, r := range d.Coalitions {
			if k, ok := at[r.Session]; ok && r.Coalition == id {
				series.Sizes[k] = r.Size
			}
		}
		out.Coalitions = append(out.Coalitions, series)
	}
	return out
}

// FlowData computes the flows of states between the coalitions of
// successive sessions held, from memberships.csv (a state's previous
// coalition is its coalition in the session held before). States absent
// from either session make no flow. Flows are ordered by session, then by
// source and target coalition.
func FlowData(d *results.RunData) []Flow {
	sessions := heldSessions(d)
	prev := map[string]string{}
	for k := 1; k < len(sessions); k++ {
		prev[sessions[k]] = sessions[k-1]
	}
	type key struct{ to, from, fromC, toC string }
	var keys []key
	states := map[key][]string{}
	for _, r := range d.Memberships {
		from, ok := prev[r.Session]
		if !ok || r.Previous == "" {
			continue
		}
		k := key{r.Session, from, r.Previous, r.Coalition}
		if states[k] == nil {
			keys = append(keys, k)
		}
		states[k] = append(states[k], r.State)
	}
	order := map[string]int{}
	for k, s := range sessions {
		order[s] = k
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(order[a.to], order[b.to]), compareCoalitions(a.fromC, b.fromC),
			compareCoalitions(a.toC, b.toC))
	})
	flows := make([]Flow, len(keys))
	for i, k := range keys {
		flows[i] = Flow{FromSession: k.from, ToSession: k.to, FromCoalition: k.fromC, ToCoalition: k.toC, States: states[k]}
	}
	return flows
}

func stateIndexes(sc *scenarios.Scenario) map[string]int {
	at := make(map[string]int, len(sc.States))
	for i, st := range sc.States {
		at[st.ID] = i
	}
	return at
}

func clauseIndexes(sc *scenarios.Scenario) map[string]int {
	at := make(map[string]int, len(sc.Clauses))
	for c, cl := range sc.Clauses {
		at[cl.ID] = c
	}
	return at
}

// SurvivalData lists every clause's survival probability with its 95%
// Wilson interval, in scenario order: from summary.json, so it works for
// a single run (where the interval is wide: one run says little) and for
// a Monte Carlo alike.
func SurvivalData(d *results.RunData) []SurvivalPoint {
	var out []SurvivalPoint
	for _, c := range d.Summary.Clauses {
		out = append(out, SurvivalPoint{Clause: c.ID, Title: c.Title, Probability: c.SurvivalProbability,
			Low: c.SurvivalInterval[0], High: c.SurvivalInterval[1], Opening: c.OpeningOption, Modal: c.ModalOption})
	}
	return out
}

// DecidedData is the distribution of the session of decision: every
// session that could decide (concluding) or did, in script order, then
// NoSession for runs that did not adopt the treaty.
func DecidedData(d *results.RunData) []SessionBar {
	prob := map[string]float64{}
	for _, s := range d.Summary.DecidedSessions {
		prob[s.Session] = s.Probability
	}
	var out []SessionBar
	for _, s := range d.Scenario.Sessions {
		if _, decided := prob[s.ID]; s.Concluding || decided {
			out = append(out, SessionBar{Session: s.ID, Name: s.Name, Probability: prob[s.ID]})
		}
	}
	return append(out, SessionBar{Session: NoSession, Name: "not adopted", Probability: prob[NoSession]})
}

func roundTo6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
