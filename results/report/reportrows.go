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
