package report

import (
	"fmt"
	"strings"

	"github.com/treatysim/treatysim/results"
)

type decidedRow struct{ Session, Name, Share string }

type clauseRow struct {
	ID, Title, Opening, Final, Probability, Interval string
	Survived                                         bool
}

type coalitionTable struct {
	Session, Name string
	Rows          []coalitionRow
}

type coalitionRow struct {
	ID, Name, Color, Capability, Cohesion, From string
	Size                                        int
}

func decidedRows(d *results.RunData) []decidedRow {
	var rows []decidedRow
	for _, b := range DecidedData(d) {
		if b.Probability > 0 {
			rows = append(rows, decidedRow{Session: b.Session, Name: b.Name, Share: percent(b.Probability)})
		}
	}
	return rows
}

func clauseRows(d *results.RunData) []clauseRow {
	var rows []clauseRow
	for _, c := range d.Summary.Clauses {
		rows = append(rows, clauseRow{ID: c.ID, Title: c.Title, Opening: c.OpeningOption, Final: c.ModalOption,
			Probability: percent(c.SurvivalProbability),
			Interval:    percent(c.SurvivalInterval[0]) + " to " + percent(c.SurvivalInterval[1]),
			Survived:    c.SurvivalProbability >= 0.5})
	}
	return rows
}

func coalitionTables(d *results.RunData) []coalitionTable {
	var out []coalitionTable
	for _, s := range heldSessions(d) {
		t := coalitionTable{Session: s, Name: sessionName(d, s)}
		for _, r := range d.Coalitions {
			if r.Session != s {
				continue
			}
			t.Rows = append(t.Rows, coalitionRow{ID: r.Coalition, Name: r.Name, Size: r.Size,
				Color:      cssColor(r.Coalition),
				Capability: percent(r.CapabilityShare), Cohesion: fmt.Sprintf("%.2f", r.Cohesion),
				From: strings.ReplaceAll(r.From, " ", ", ")})
		}
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// voteRow is a scripted vote over the runs of a Monte Carlo, with the
// states least certain of their vote.
type voteRow struct {
	Session, Label, Held, Passed, Yes, No, Abstain string
	States                                         []voteStateRow
	Absent                                         bool // some of States did not always vote
}

type voteStateRow struct{ State, Name, Yes, No, Abstain, NotVoting string }

// voteRows are the scripted votes of a Monte Carlo (summary.json's
// "votes"; a single run shows its motions instead).
func voteRows(d *results.RunData) []voteRow {
	var rows []voteRow
	for _, v := range d.Summary.Votes {
		r := voteRow{Session: v.Session, Label: firstNonEmpty(v.Label, v.ID), Held: percent(v.HeldProbability),
			Passed: "never held"}
		if v.HeldProbability > 0 {
			r.Passed = percent(v.PassedProbability) + " (" + percent(v.PassedInterval[0]) + " to " + percent(v.PassedInterval[1]) + ")"
			tally := func(t results.TallyStats) string { return fmt.Sprintf("%.1f (%d to %d)", t.Mean, t.P05, t.P95) }
			r.Yes, r.No, r.Abstain = tally(v.Tally.Yes), tally(v.Tally.No), tally(v.Tally.Abstain)
		}
		for _, sv := range v.LeastCertain {
			name := ""
			if i := d.Scenario.StateIndex(sv.State); i >= 0 {
				name = d.Scenario.States[i].Name
			}
			r.States = append(r.States, voteStateRow{State: sv.State, Name: name, Yes: percent(sv.Yes), No: percent(sv.No),
				Abstain: percent(sv.Abstain), NotVoting: percent(sv.NotVoting)})
			r.Absent = r.Absent || sv.NotVoting > 0
		}
		rows = append(rows, r)
	}
	return rows
}
