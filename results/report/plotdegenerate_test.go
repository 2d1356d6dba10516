package report

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// TestPlotsDegenerate draws the plots of folders with nothing or nearly
// nothing in them (no clauses, no states, one state, no coalitions, one
// session, every demand alike) and wants figures, not a panic or an
// error: an empty [clauses] table once crashed run in the survival plot.
func TestPlotsDegenerate(t *testing.T) {
	tests := []struct {
		name string
		d    func(t *testing.T) *results.RunData
	}{
		{"no clauses", func(t *testing.T) *results.RunData { return withoutClauses(toyRunData(t)) }},
		{"no clauses, Monte Carlo", func(t *testing.T) *results.RunData { return withoutClauses(monteCarloRunData(t, 5)) }},
		{"no states", func(t *testing.T) *results.RunData {
			d := toyRunData(t)
			d.Scenario.States, d.Scenario.Groups, d.Summary.States = nil, nil, nil
			d.Positions, d.Votes, d.Memberships, d.Coalitions, d.Exchanges = nil, nil, nil, nil, nil
			return d
		}},
		{"one state", func(t *testing.T) *results.RunData { return onlyStates(toyRunData(t), "AAA") }},
		{"two states", func(t *testing.T) *results.RunData { return onlyStates(toyRunData(t), "AAA", "EEE") }},
		{"no coalitions", func(t *testing.T) *results.RunData {
			d := toyRunData(t)
			d.Coalitions, d.Memberships = nil, nil
			return d
		}},
		{"a single session", func(t *testing.T) *results.RunData {
			d := toyRunData(t)
			keep := func(s string) bool { return s == "first" }
			d.Summary.SessionsHeld = []string{"first"}
			d.Scenario.Sessions = d.Scenario.Sessions[:1]
			d.Text = slices.DeleteFunc(d.Text, func(r results.TextRow) bool { return !keep(r.Session) })
			d.Positions = slices.DeleteFunc(d.Positions, func(r results.PositionRow) bool { return !keep(r.Session) })
			d.Events = slices.DeleteFunc(d.Events, func(r results.EventRow) bool { return !keep(r.Session) })
			d.Coalitions = slices.DeleteFunc(d.Coalitions, func(r results.CoalitionRow) bool { return !keep(r.Session) })
			d.Memberships = slices.DeleteFunc(d.Memberships, func(r results.MembershipRow) bool { return !keep(r.Session) })
			return d
		}},
		{"all demands alike", func(t *testing.T) *results.RunData {
			d := toyRunData(t)
			for k := range d.Positions {
				d.Positions[k].Position, d.Positions[k].Preference = 0.5, 0.5
			}
			for i := range d.Scenario.States {
				for c := range d.Scenario.States[i].Positions {
					d.Scenario.States[i].Positions[c].Ideal = scenarios.Num(0.5)
				}
			}
			return d
		}},
		{"no tables and no runs", func(t *testing.T) *results.RunData {
			d := monteCarloRunData(t, 5)
			d.Summary.Runs, d.Summary.DecidedSessions = 0, nil
			return d
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d(t)
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("Plots panicked: %v", r)
				}
			}()
			files, err := Plots(d, PlotOptions{})
			if err != nil {
				t.Fatalf("Plots: %v", err)
			}
			if files["plots/"+PlotSurvival+".png"] == nil {
				t.Error("no survival plot")
			}
			for name, b := range files {
				if !strings.HasSuffix(name, ".png") {
					continue
				}
				if _, err := png.Decode(bytes.NewReader(b)); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
			if _, err := Report(d, files); err != nil {
				t.Errorf("Report: %v", err)
			}
		})
	}
}

// withoutClauses removes every clause from a folder.
func withoutClauses(d *results.RunData) *results.RunData {
	d.Scenario.Clauses, d.Scenario.Clusters, d.Summary.Clauses = nil, nil, nil
	for i := range d.Scenario.States {
		d.Scenario.States[i].Positions = nil
	}
	for s := range d.Scenario.Sessions {
		d.Scenario.Sessions[s].Agenda = nil
	}
	d.Positions, d.Text, d.Exchanges = nil, nil, nil
	d.Events = slices.DeleteFunc(d.Events, func(r results.EventRow) bool { return r.Clause != "" })
	return d
}

// onlyStates keeps the given states of a folder, each then a coalition of
// its own.
func onlyStates(d *results.RunData, ids ...string) *results.RunData {
	keep := func(s string) bool { return slices.Contains(ids, s) }
	d.Scenario.States = slices.DeleteFunc(d.Scenario.States, func(st scenarios.State) bool { return !keep(st.ID) })
	d.Scenario.Groups = nil
	for i := range d.Scenario.States {
		d.Scenario.States[i].Groups, d.Scenario.States[i].Follows = nil, -1
	}
	d.Summary.States = slices.DeleteFunc(d.Summary.States, func(s results.StateSummary) bool { return !keep(s.ID) })
	d.Positions = slices.DeleteFunc(d.Positions, func(r results.PositionRow) bool { return !keep(r.State) })
	d.Votes = slices.DeleteFunc(d.Votes, func(r results.VoteRow) bool { return !keep(r.State) })
	d.Exchanges = nil
	d.Memberships = slices.DeleteFunc(d.Memberships, func(r results.MembershipRow) bool { return !keep(r.State) })
	var coalitions []results.CoalitionRow
	for k := range d.Memberships {
		m := &d.Memberships[k]
		m.Coalition = "C" + string(rune('1'+slices.Index(ids, m.State)))
		if m.Previous != "" {
			m.Previous, m.Moved = m.Coalition, false
		}
		coalitions = append(coalitions, results.CoalitionRow{Session: m.Session, Coalition: m.Coalition, Name: m.State, Size: 1,
			Coalitions: len(ids), Cohesion: 1})
	}
	d.Coalitions = coalitions
	return d
}
