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

// CoalitionSizes is the size of every coalition identity in every session
// held: the blocks of the flow chart.
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

// StateMap is the data of the positions of the delegations: every present
// state of every session with positions, placed on the first two principal
// components of the demand vectors (one common projection for all
// sessions, so that panels can be compared and movement read as movement).
// OneDimensional is set when the second component is negligible beside the
// first, and the plot shows the first alone. Spots gather the states of a
// coalition that stand at one place, as a plot draws them.
type StateMap struct {
	Sessions       []string   `json:"sessions"`
	Explained      [2]float64 `json:"explained"` // share of the variance on each axis
	OneDimensional bool       `json:"one_dimensional"`
	Points         []MapPoint `json:"points"`
	Spots          []MapSpot  `json:"spots"`
}

// MapPoint is one state in one session.
type MapPoint struct {
	Session   string  `json:"session"`
	State     string  `json:"state"`
	Coalition string  `json:"coalition"`
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
}

// MapSpot is the states of one coalition at one place in one session
// (within a hundredth of the map's extent), weightiest first.
type MapSpot struct {
	Session   string   `json:"session"`
	Coalition string   `json:"coalition"`
	X         float64  `json:"x"`
	Y         float64  `json:"y"`
	States    []string `json:"states"`
}

// SurvivalPoint is one clause's survival probability and its 95% interval.
// Label is the clause's title shortened for a row of a plot. Outcome is set
// for a single run, where an interval says nothing the point does not:
// OutcomeAsProposed, OutcomeReworded, OutcomeDeleted or OutcomeNotAdopted.
type SurvivalPoint struct {
	Clause      string  `json:"clause"`
	Title       string  `json:"title"`
	Label       string  `json:"label"`
	Probability float64 `json:"probability"`
	Low         float64 `json:"low"`
	High        float64 `json:"high"`
	Opening     string  `json:"opening"`
	Modal       string  `json:"modal"`
	Outcome     string  `json:"outcome,omitempty"`
}

// The outcomes of a clause in a single run.
const (
	OutcomeAsProposed = "kept_as_proposed" // in the treaty with the opening text's option
	OutcomeReworded   = "kept_reworded"    // in the treaty with another option
	OutcomeDeleted    = "deleted"          // its deletion option in the final text
	OutcomeNotAdopted = "not_adopted"      // in the final text, but the treaty failed
)

// NoSession labels runs in which the treaty was not adopted.
const NoSession = "none"

// SessionBar is the probability that the treaty was adopted in a session
// (NoSession: not adopted), and the part of it adopted by a recorded vote.
// Split is false when the folder does not say how (a summary written
// before by_vote_probability was kept per session).
type SessionBar struct {
	Session     string  `json:"session"`
	Name        string  `json:"name"`
	Probability float64 `json:"probability"`
	ByVote      float64 `json:"by_vote"`
	Split       bool    `json:"split"`
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
// Wilson interval, in scenario order, from summary.json, so that it works
// for a single run and a Monte Carlo alike; a single run also gets each
// clause's outcome.
func SurvivalData(d *results.RunData) []SurvivalPoint {
	var out []SurvivalPoint
	single := d.Summary.Runs == 1
	for _, c := range d.Summary.Clauses {
		sp := SurvivalPoint{Clause: c.ID, Title: c.Title, Label: clauseLabel(c.Title, c.ID, maxLabel),
			Probability: c.SurvivalProbability, Low: c.SurvivalInterval[0], High: c.SurvivalInterval[1],
			Opening: c.OpeningOption, Modal: c.ModalOption}
		if single {
			sp.Outcome = clauseOutcome(d, c)
		}
		out = append(out, sp)
	}
	return out
}

// clauseOutcome tells what became of a clause in a single run.
func clauseOutcome(d *results.RunData, c results.ClauseSummary) string {
	deleted := false
	if k := d.Scenario.ClauseIndex(c.ID); k >= 0 {
		cl := d.Scenario.Clauses[k]
		deleted = cl.Deletion >= 0 && cl.Deletion < len(cl.Options) && cl.Options[cl.Deletion].ID == c.ModalOption
	}
	switch {
	case deleted:
		return OutcomeDeleted
	case c.SurvivalProbability < 1:
		return OutcomeNotAdopted
	case c.ModalOption == c.OpeningOption:
		return OutcomeAsProposed
	}
	return OutcomeReworded
}

// maxLabel is the longest clause label a plot row takes, in characters.
const maxLabel = 56

// clauseLabel shortens a clause title for a plot row: without the
// parenthesis that explains it, cut at a word under max characters with an
// ellipsis; the id when there is no title.
func clauseLabel(title, id string, max int) string {
	t := strings.TrimSpace(title)
	if t == "" {
		return id
	}
	if i := strings.Index(t, " ("); i > 0 {
		if j := strings.Index(t[i:], ")"); j > 0 {
			t = strings.TrimSpace(t[:i] + t[i+j+1:])
		}
	}
	if len([]rune(t)) <= max {
		return t
	}
	words := strings.Fields(t)
	out := ""
	for _, w := range words {
		next := strings.TrimSpace(out + " " + w)
		if len([]rune(next)) > max-1 {
			break
		}
		out = next
	}
	if out == "" {
		out = string([]rune(t)[:max-1])
	}
	return strings.TrimRight(out, " ,;:-") + "…"
}

// DecidedData is the distribution of the session of decision: the
// sessions in which the treaty was adopted in some run, in script order,
// with the share adopted by a recorded vote, then NoSession (not adopted).
func DecidedData(d *results.RunData) []SessionBar {
	prob, vote := map[string]float64{}, map[string]float64{}
	sum := 0.0
	for _, s := range d.Summary.DecidedSessions {
		prob[s.Session] = s.Probability
		vote[s.Session] = s.ByVoteProbability
		sum += s.ByVoteProbability
	}
	// An older summary keeps only the total by vote: the split is known
	// if the sessions' parts add up to it.
	split := math.Abs(sum-d.Summary.AdoptedByVoteProbability) < 1e-5
	var out []SessionBar
	for _, s := range d.Scenario.Sessions {
		if prob[s.ID] > 0 {
			out = append(out, SessionBar{Session: s.ID, Name: s.Name, Probability: prob[s.ID], ByVote: vote[s.ID], Split: split})
		}
	}
	return append(out, SessionBar{Session: NoSession, Name: "not adopted", Probability: prob[NoSession], Split: true})
}

func roundTo6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
