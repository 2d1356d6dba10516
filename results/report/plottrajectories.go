package report

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/treatysim/treatysim/results"
)

// defaultTrajectoryStates returns the n weightiest states (by capability,
// ties in scenario order) that stated a position on the clause.
func defaultTrajectoryStates(d *results.RunData, clause string, n int) []string {
	sc := d.Scenario
	has := map[string]bool{}
	for _, r := range d.Positions {
		if r.Clause == clause {
			has[r.State] = true
		}
	}
	var idx []int
	for i, st := range sc.States {
		if has[st.ID] {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(sc.States[b].Capability.Mean(), sc.States[a].Capability.Mean())
	})
	var out []string
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, sc.States[i].ID)
	}
	return out
}

// defaultTrajectoryClause is the first clause of the scenario that was
// ever on the agenda.
func defaultTrajectoryClause(d *results.RunData) string {
	has := map[string]bool{}
	for _, r := range d.Positions {
		has[r.Clause] = true
	}
	for _, cl := range d.Scenario.Clauses {
		if has[cl.ID] {
			return cl.ID
		}
	}
	if len(d.Scenario.Clauses) > 0 {
		return d.Scenario.Clauses[0].ID
	}
	return ""
}

// ErrUnknown is wrapped when plot options name a state or clause the
// scenario does not have.
var ErrUnknown = errors.New("unknown state or clause")

// resolve fills in the defaults of the trajectories plot (the five
// weightiest states, the first clause on the agenda) and checks the names.
func (o PlotOptions) resolve(d *results.RunData) (PlotOptions, error) {
	sc := d.Scenario
	if o.Clause == "" {
		o.Clause = defaultTrajectoryClause(d)
	}
	if sc.ClauseIndex(o.Clause) < 0 {
		return o, fmt.Errorf("%w: no clause %q in scenario %s", ErrUnknown, o.Clause, sc.ID)
	}
	if len(o.States) == 0 {
		o.States = defaultTrajectoryStates(d, o.Clause, 5)
	}
	for _, s := range o.States {
		if sc.StateIndex(s) < 0 {
			return o, fmt.Errorf("%w: no state %q in scenario %s", ErrUnknown, s, sc.ID)
		}
	}
	return o, nil
}

// TrajectoryData follows chosen states' demands (what they ask for at the
// table) and preferences (what they want, after socialisation) on one
// clause, after every round in which the clause was on the agenda, with
// the value of the text's option at the same moments.
func TrajectoryData(d *results.RunData, opt PlotOptions) (Trajectories, error) {
	opt, err := opt.resolve(d)
	if err != nil {
		return Trajectories{}, err
	}
	sc := d.Scenario
	cl := sc.Clauses[sc.ClauseIndex(opt.Clause)]
	out := Trajectories{Clause: cl.ID}
	for _, o := range cl.Options {
		out.Options = append(out.Options, OptionMark{ID: o.ID, Value: o.Value})
	}
	order := map[string]int{}
	for k, s := range heldSessions(d) {
		order[s] = k
	}
	stepAt := map[Step]int{}
	for _, r := range d.Positions {
		st := Step{r.Session, r.Round}
		if _, ok := stepAt[st]; r.Clause == cl.ID && !ok {
			stepAt[st] = 0
			out.Steps = append(out.Steps, st)
		}
	}
	slices.SortFunc(out.Steps, func(a, b Step) int {
		return cmp.Or(cmp.Compare(order[a.Session], order[b.Session]), cmp.Compare(a.Round, b.Round))
	})
	for k, st := range out.Steps {
		stepAt[st] = k
	}
	for _, r := range d.Text {
		if k, ok := stepAt[Step{r.Session, r.Round}]; ok && r.Clause == cl.ID {
			if o := cl.OptionIndex(r.Option); o >= 0 {
				out.Text = append(out.Text, TrajectoryPoint{Step: k, Value: cl.Options[o].Value})
			}
		}
	}
	slices.SortFunc(out.Text, func(a, b TrajectoryPoint) int { return cmp.Compare(a.Step, b.Step) })
	for _, id := range opt.States {
		st := StateTrajectory{State: id, Name: sc.States[sc.StateIndex(id)].Name}
		for _, r := range d.Positions {
			if r.State == id && r.Clause == cl.ID {
				k := stepAt[Step{r.Session, r.Round}]
				st.Position = append(st.Position, TrajectoryPoint{Step: k, Value: r.Position})
				st.Preference = append(st.Preference, TrajectoryPoint{Step: k, Value: r.Preference})
			}
		}
		slices.SortFunc(st.Position, func(a, b TrajectoryPoint) int { return cmp.Compare(a.Step, b.Step) })
		slices.SortFunc(st.Preference, func(a, b TrajectoryPoint) int { return cmp.Compare(a.Step, b.Step) })
		out.States = append(out.States, st)
	}
	return out, nil
}
