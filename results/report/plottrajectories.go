package report

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/treatysim/treatysim/results"
)

// Trajectories is the data of the trajectories plot: chosen states'
// demands and preferences on one clause after every round in which the
// clause was on the agenda, and the option the text held from the opening
// text on, with the moments it was inserted or dropped.
type Trajectories struct {
	Clause   string            `json:"clause"`
	Title    string            `json:"title"`
	Options  []OptionMark      `json:"options"`
	Sessions []string          `json:"sessions"` // every session held: the x axis
	Opening  string            `json:"opening"`  // the option of the opening text
	Steps    []Step            `json:"steps"`
	Text     []TrajectoryPoint `json:"text"`
	Marks    []TextMark        `json:"marks"`
	States   []StateTrajectory `json:"states"`
}

// OptionMark is an option of a clause and its value on the clause's scale.
type OptionMark struct {
	ID    string  `json:"id"`
	Value float64 `json:"value"`
}

// Step is a moment of the negotiation: after a round of a session (round
// 0: as it opened). X places it on the axis: session k of Sessions spans
// k+0.5 to k+1.5, and 0 is the opening text.
type Step struct {
	Session string  `json:"session"`
	Round   int     `json:"round"`
	X       float64 `json:"x"`
}

// TrajectoryPoint is a value at a step (an index into Trajectories.Steps).
type TrajectoryPoint struct {
	Step  int     `json:"step"`
	Value float64 `json:"value"`
}

// TextMark is a change of the text the plot marks: the clause inserted
// (reinserted: after it had been dropped) or dropped, with the option it
// then held and the chair's draft that did it, if one did.
type TextMark struct {
	Step   int     `json:"step"`
	Kind   string  `json:"kind"` // TextInserted, TextReinserted or TextDropped
	Option string  `json:"option"`
	Value  float64 `json:"value"`
	Draft  string  `json:"draft,omitempty"`
}

// The kinds of TextMark.
const (
	TextInserted   = "inserted"
	TextReinserted = "reinserted"
	TextDropped    = "dropped"
)

// StateTrajectory is one state's demand and preference on the clause.
type StateTrajectory struct {
	State      string            `json:"state"`
	Name       string            `json:"name"`
	Position   []TrajectoryPoint `json:"position"`
	Preference []TrajectoryPoint `json:"preference"`
}

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
// A scenario without clauses resolves to no clause, and no trajectories.
func (o PlotOptions) resolve(d *results.RunData) (PlotOptions, error) {
	sc := d.Scenario
	if o.Clause == "" {
		o.Clause = defaultTrajectoryClause(d)
	}
	if o.Clause != "" && sc.ClauseIndex(o.Clause) < 0 {
		return o, fmt.Errorf("%w: no clause %q in scenario %s", ErrUnknown, o.Clause, sc.ID)
	}
	if len(o.States) == 0 && o.Clause != "" {
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
// the option of the text from the opening text on and the moments the
// clause was inserted or dropped. Every session held is on the axis,
// whether the clause was discussed there or not.
func TrajectoryData(d *results.RunData, opt PlotOptions) (Trajectories, error) {
	opt, err := opt.resolve(d)
	if err != nil || opt.Clause == "" {
		return Trajectories{}, err
	}
	sc := d.Scenario
	cl := sc.Clauses[sc.ClauseIndex(opt.Clause)]
	out := Trajectories{Clause: cl.ID, Title: cl.Title, Sessions: heldSessions(d)}
	for _, o := range cl.Options {
		out.Options = append(out.Options, OptionMark{ID: o.ID, Value: o.Value})
	}
	valueOf := func(option string) (float64, bool) {
		if o := cl.OptionIndex(option); o >= 0 {
			return cl.Options[o].Value, true
		}
		return 0, false
	}
	if cl.Opening >= 0 && cl.Opening < len(cl.Options) {
		out.Opening = cl.Options[cl.Opening].ID
	}
	slot := map[string]int{}
	for k, s := range out.Sessions {
		slot[s] = k + 1
	}
	// The steps: every round of a session held in which the text, a
	// position or an event on the clause was recorded.
	lastRound := map[string]int{}
	type moment struct {
		session string
		round   int
	}
	seen := map[moment]bool{}
	var moments []moment
	add := func(session string, round int) {
		if _, ok := slot[session]; !ok {
			return
		}
		lastRound[session] = max(lastRound[session], round)
		if m := (moment{session, round}); !seen[m] {
			seen[m] = true
			moments = append(moments, m)
		}
	}
	for _, r := range d.Text {
		if r.Clause == cl.ID {
			add(r.Session, r.Round)
		}
	}
	for _, r := range d.Positions {
		if r.Clause == cl.ID {
			add(r.Session, r.Round)
		}
	}
	for _, r := range d.Events {
		if r.Clause == cl.ID && textMarkKind(r.Kind) != "" {
			add(r.Session, r.Round)
		}
	}
	slices.SortFunc(moments, func(a, b moment) int {
		return cmp.Or(cmp.Compare(slot[a.session], slot[b.session]), cmp.Compare(a.round, b.round))
	})
	stepAt := map[moment]int{}
	for k, m := range moments {
		stepAt[m] = k
		x := float64(slot[m.session])
		if r := lastRound[m.session]; r > 0 {
			x += -0.4 + 0.8*float64(m.round)/float64(r)
		}
		out.Steps = append(out.Steps, Step{Session: m.session, Round: m.round, X: round4(x)})
	}
	for _, r := range d.Text {
		if k, ok := stepAt[moment{r.Session, r.Round}]; ok && r.Clause == cl.ID {
			if v, ok := valueOf(r.Option); ok {
				out.Text = append(out.Text, TrajectoryPoint{Step: k, Value: v})
			}
		}
	}
	slices.SortStableFunc(out.Text, func(a, b TrajectoryPoint) int { return cmp.Compare(a.Step, b.Step) })
	out.Marks = textMarks(d, cl.ID, valueOf, func(session string, round int) (int, bool) {
		k, ok := stepAt[moment{session, round}]
		return k, ok
	})
	for _, id := range opt.States {
		st := StateTrajectory{State: id, Name: sc.States[sc.StateIndex(id)].Name}
		for _, r := range d.Positions {
			if k, ok := stepAt[moment{r.Session, r.Round}]; ok && r.State == id && r.Clause == cl.ID {
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

// textMarkKind is the mark an event of events.csv makes on the text of a
// clause: an insertion or a drop, else "".
func textMarkKind(kind string) string {
	switch kind {
	case "insert":
		return TextInserted
	case "drop", "drop_for_consensus", "drop_from_package":
		return TextDropped
	}
	return ""
}

// textMarks lists the insertions and drops of a clause in the order they
// happened; an insertion after a drop is a reinsertion.
func textMarks(d *results.RunData, clause string, valueOf func(string) (float64, bool),
	stepOf func(string, int) (int, bool)) []TextMark {
	var out []TextMark
	dropped := false
	for _, r := range d.Events { // in the order they happened
		kind := textMarkKind(r.Kind)
		k, ok := stepOf(r.Session, r.Round)
		if r.Clause != clause || kind == "" || !ok {
			continue
		}
		switch {
		case kind == TextDropped:
			dropped = true
		case dropped:
			kind, dropped = TextReinserted, false
		}
		v, _ := valueOf(r.Option)
		out = append(out, TextMark{Step: k, Kind: kind, Option: r.Option, Value: v, Draft: r.Draft})
	}
	return out
}
