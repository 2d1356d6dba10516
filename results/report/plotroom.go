package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/treatysim/treatysim/agents"
	"github.com/treatysim/treatysim/results"
)

// This file rebuilds the room at the end of each session from the files
// (the states' demands from positions.csv, the votes from votes.csv), for
// the agreement matrix and the map of the states.

// demandSnapshot is every state's demand (what it asks for at the table)
// and salience on every clause at the end of a session held with
// positions: what coalition detection reads.
type demandSnapshot struct {
	session  string
	demand   []float64 // per state*clause
	salience []float64 // per state*clause
	present  []bool    // the states at the table in the session's last round
}

// demandSnapshots reads the position (the demand) and salience columns of
// positions.csv into one snapshot per session with positions, in the order
// held. positions.csv only lists the clauses on a session's agenda, and
// demands move only there, so a clause off the agenda keeps the value it
// had at the end of the last session that discussed it, or the state's
// ideal point (where its demand starts) before any did. Saliences missing
// from the file (a folder written before they were recorded) are the
// scenario's means.
func demandSnapshots(d *results.RunData) []demandSnapshot {
	sc := d.Scenario
	n, m := len(sc.States), len(sc.Clauses)
	stateAt, clauseAt := stateIndexes(sc), clauseIndexes(sc)
	last := map[string]int{} // session -> its last round
	for _, r := range d.Positions {
		last[r.Session] = max(last[r.Session], r.Round)
	}
	demand, salience := make([]float64, n*m), make([]float64, n*m)
	for i, st := range sc.States {
		for c := range sc.Clauses {
			if c < len(st.Positions) {
				demand[i*m+c] = st.Positions[c].Ideal.Mean()
				salience[i*m+c] = st.Positions[c].Salience.Mean()
			}
		}
	}
	bySession := map[string][]results.PositionRow{}
	for _, r := range d.Positions {
		if r.Round == last[r.Session] {
			bySession[r.Session] = append(bySession[r.Session], r)
		}
	}
	var out []demandSnapshot
	for _, s := range heldSessions(d) {
		rows := bySession[s]
		if len(rows) == 0 {
			continue
		}
		snap := demandSnapshot{session: s, demand: slices.Clone(demand), salience: slices.Clone(salience), present: make([]bool, n)}
		for _, r := range rows {
			i, ok1 := stateAt[r.State]
			c, ok2 := clauseAt[r.Clause]
			if ok1 && ok2 {
				snap.demand[i*m+c] = r.Position
				if !math.IsNaN(r.Salience) {
					snap.salience[i*m+c] = r.Salience
				}
				snap.present[i] = true
			}
		}
		demand, salience = snap.demand, snap.salience
		out = append(out, snap)
	}
	return out
}

func parseVote(s string) agents.Vote {
	v, _ := agents.ParseVote(s)
	return v
}

// sessionViewOf rebuilds, from the files, the room at the end of a session
// as coalition detection saw it: the last round's demands and saliences
// (carried forward off the agenda), the states present (those placed in a
// coalition, or else those at the table) and the session's recorded votes.
func sessionViewOf(d *results.RunData, session string) (*results.SessionView, error) {
	sc := d.Scenario
	s := sessionIndex(sc, session)
	if s < 0 {
		return nil, fmt.Errorf("session %q is not in the scenario", session)
	}
	n, m := len(sc.States), len(sc.Clauses)
	v := &results.SessionView{Session: s, Present: make([]bool, n), Agenda: results.SessionAgenda(sc, s)}
	stateAt := stateIndexes(sc)
	var snap *demandSnapshot
	snaps := demandSnapshots(d)
	for k := range snaps {
		if snaps[k].session == session || sessionBefore(d, snaps[k].session, session) {
			snap = &snaps[k]
		}
	}
	if snap != nil {
		v.Pos, v.Salience = snap.demand, snap.salience
	} else {
		// No positions yet: only votes can tell states apart.
		v.Pos, v.Salience = make([]float64, n*m), make([]float64, n*m)
	}
	placed := false
	for _, r := range d.Memberships {
		if i, ok := stateAt[r.State]; ok && r.Session == session {
			v.Present[i], placed = true, true
		}
	}
	if !placed && snap != nil && snap.session == session {
		copy(v.Present, snap.present)
	}
	motions := map[string]int{}
	for _, r := range d.Votes {
		i, ok := stateAt[r.State]
		if r.Session != session || !ok {
			continue
		}
		k, seen := motions[r.Motion]
		if !seen {
			k = len(v.Votes)
			motions[r.Motion] = k
			v.Votes = append(v.Votes, make([]agents.Vote, n))
		}
		v.Votes[k][i] = parseVote(r.Vote)
	}
	return v, nil
}

// sessionBefore reports whether session a was held before session b.
func sessionBefore(d *results.RunData, a, b string) bool {
	held := heldSessions(d)
	ia, ib := slices.Index(held, a), slices.Index(held, b)
	return ia >= 0 && ib >= 0 && ia < ib
}

// membershipsOf returns the coalition of every state placed in one in the
// session.
func membershipsOf(d *results.RunData, session string) map[string]string {
	of := map[string]string{}
	for _, r := range d.Memberships {
		if r.Session == session {
			of[r.State] = r.Coalition
		}
	}
	return of
}

// AgreementData computes the agreement matrix of a session from the files,
// with the same measure coalition detection used (Agreement): the
// salience-weighted closeness of demands on the agenda, averaged with
// the share of recorded votes cast alike. The present states are ordered
// by coalition, and within a coalition from its core (highest mean
// agreement with the other members) to its periphery, so that coalitions
// show as blocks on the diagonal.
func AgreementData(d *results.RunData, session string) (AgreementMatrix, error) {
	v, err := sessionViewOf(d, session)
	if err != nil {
		return AgreementMatrix{}, err
	}
	sc := d.Scenario
	a := results.Agreement(sc, v)
	of := membershipsOf(d, session)
	var order []int
	for i := range sc.States {
		if v.Present[i] {
			order = append(order, i)
		}
	}
	core := make([]float64, len(sc.States))
	for _, i := range order {
		sum, k := 0.0, 0
		for _, j := range order {
			if j != i && of[sc.States[j].ID] == of[sc.States[i].ID] {
				sum += a[i][j]
				k++
			}
		}
		if k > 0 {
			core[i] = sum / float64(k)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return cmp.Or(compareCoalitions(of[sc.States[i].ID], of[sc.States[j].ID]), cmp.Compare(core[j], core[i]))
	})
	out := AgreementMatrix{Session: session, Values: make([][]float64, len(order))}
	for r, i := range order {
		out.States = append(out.States, sc.States[i].ID)
		out.Coalitions = append(out.Coalitions, of[sc.States[i].ID])
		out.Values[r] = make([]float64, len(order))
		for c, j := range order {
			out.Values[r][c] = roundTo6(a[i][j])
		}
	}
	return out, nil
}

// lastSessionWithPositions is the last session held in which states stated
// positions: the one whose agreement matrix the report shows.
func lastSessionWithPositions(d *results.RunData) string {
	snaps := demandSnapshots(d)
	if len(snaps) == 0 {
		return ""
	}
	return snaps[len(snaps)-1].session
}
