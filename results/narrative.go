package results

import (
	"fmt"
	"sort"
	"strings"

	"github.com/treatysim/treatysim/scenarios"
)

// Section is one part of the narrative: a session, or the outcome.
type Section struct {
	Title      string
	Paragraphs []string
}

// Narrative tells a single run session by session, in plain sentences
// built from its record: what was on the table, who proposed and who
// objected, what the chair dropped, which coalitions formed or split, and
// why the final package passed or failed. A Monte Carlo folder gets only
// the outcome.
func Narrative(d *RunData) []Section {
	n := narrator{d: d, sc: d.Scenario}
	var out []Section
	for _, s := range n.sessionsHeld() {
		out = append(out, n.session(s))
	}
	return append(out, n.outcome())
}

type narrator struct {
	d  *RunData
	sc *scenarios.Scenario
}

func (n narrator) sessionsHeld() []int {
	seen := map[string]bool{}
	var held []int
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			for k, s := range n.sc.Sessions {
				if s.ID == id {
					held = append(held, k)
				}
			}
		}
	}
	for _, id := range n.d.Summary.SessionsHeld {
		add(id)
	}
	for _, t := range n.d.Text {
		add(t.Session)
	}
	return held
}

func (n narrator) stateName(id string) string {
	for _, st := range n.sc.States {
		if st.ID == id {
			return st.Name
		}
	}
	return id
}

// names lists states by name, at most max of them, then "and N others".
func (n narrator) names(ids []string, max int) string {
	var parts []string
	for k, id := range ids {
		if k == max {
			parts = append(parts, others(len(ids)-max))
			break
		}
		parts = append(parts, n.stateName(id))
	}
	return joinAnd(parts)
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func (n narrator) clause(id string) *scenarios.ClauseInfo {
	if c := n.sc.ClauseIndex(id); c >= 0 {
		return &n.sc.Clauses[c]
	}
	return nil
}

// wording names an option of a clause by its label, or its id.
func (n narrator) wording(clauseID, optionID string) string {
	if cl := n.clause(clauseID); cl != nil {
		if o := cl.OptionIndex(optionID); o >= 0 && cl.Options[o].Label != "" {
			return fmt.Sprintf("%q", cl.Options[o].Label)
		}
	}
	return optionID
}

func (n narrator) clauseTitle(id string) string {
	if cl := n.clause(id); cl != nil && cl.Title != "" {
		return cl.Title
	}
	return id
}

func (n narrator) session(s int) Section {
	ss := n.sc.Sessions[s]
	title := ss.Name
	switch {
	case ss.Place != "" && ss.Start != "" && ss.End != "" && ss.End != ss.Start:
		title += fmt.Sprintf(" (%s, %s to %s)", ss.Place, ss.Start, ss.End)
	case ss.Place != "" && ss.Start != "":
		title += fmt.Sprintf(" (%s, %s)", ss.Place, ss.Start)
	}
	sec := Section{Title: title}
	add := func(format string, args ...any) {
		sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf(format, args...))
	}

	if len(ss.Agenda) == 0 {
		add("No clause was under negotiation: the session held only its scripted business.")
	} else {
		var clusters []string
		for _, c := range ss.Agenda {
			clusters = append(clusters, strings.ToLower(n.sc.Clusters[c].Title))
		}
		add("On the agenda: %s, over %d rounds.", joinAnd(clusters), ss.Rounds)
	}

	events := n.eventsOf(ss.ID)
	for _, e := range events {
		if e.Kind != "event" || e.Text == "" {
			continue
		}
		if e.States != "" {
			add("%s (%s).", strings.TrimSuffix(e.Text, "."), n.names(strings.Fields(e.States), 4))
		} else {
			add("%s.", strings.TrimSuffix(e.Text, "."))
		}
	}

	// What the chair did to the text: first wording to last, per clause.
	type change struct{ from, to string }
	changes := map[string]*change{}
	var order []string
	var dropped, reinserted []string
	for _, e := range events {
		switch e.Kind {
		case "text", "insert", "drop", "drop_for_consensus", "amended":
			if changes[e.Clause] == nil {
				changes[e.Clause] = &change{from: e.From}
				order = append(order, e.Clause)
			}
			changes[e.Clause].to = e.Option
			switch e.Kind {
			case "drop":
				dropped = append(dropped, n.clauseTitle(e.Clause))
			case "drop_for_consensus":
				dropped = append(dropped, n.clauseTitle(e.Clause)+" (to reach consensus)")
			case "insert":
				reinserted = append(reinserted, n.clauseTitle(e.Clause))
			}
		}
	}
	if len(reinserted) > 0 {
		add("Back in the text, in brackets: %s.", joinAnd(dedupeStrings(reinserted)))
	}
	if len(dropped) > 0 {
		add("The chair dropped, for lack of support: %s.", joinAnd(dedupeStrings(dropped)))
	}
	var moved []string
	for _, c := range order {
		ch := changes[c]
		if ch.from != ch.to {
			moved = append(moved, fmt.Sprintf("%s from %s to %s", strings.ToLower(n.clauseTitle(c)), n.wording(c, ch.from), n.wording(c, ch.to)))
		}
	}
	if len(moved) > 0 {
		add("By the end of the session the text had moved on %s.", joinAnd(moved))
	} else if len(ss.Agenda) > 0 {
		add("The chair's text did not change.")
	}

	for _, m := range n.d.Summary.Motions {
		if m.Session != ss.ID {
			continue
		}
		verdict := "rejected"
		if m.Passed {
			verdict = "adopted"
		}
		yes := n.votersOf(ss.ID, m.Motion, "yes")
		add("Recorded vote: %s. %d yes, %d no, %d abstaining; %s. Voting yes: %s.", strings.TrimSuffix(m.Label, "."), m.Yes, m.No, m.Abstain,
			verdict, n.names(yes, 6))
	}

	if p := n.coalitionsParagraph(ss.ID); p != "" {
		add("%s", p)
	}

	if ss.Concluding {
		var objectors []string
		for _, e := range events {
			if e.Kind == "objection" {
				why := fmt.Sprintf("short of its aspiration by %.2f", e.Value)
				if e.Clause != "" {
					why = "its red line on " + strings.ToLower(n.clauseTitle(e.Clause)) + " crossed"
				}
				objectors = append(objectors, fmt.Sprintf("%s (%s)", n.stateName(e.States), why))
			}
		}
		var silent []string
		for _, e := range events {
			if e.Kind == "dissatisfied" {
				silent = append(silent, fmt.Sprintf("%s (%.2f)", n.stateName(e.States), e.Value))
			}
		}
		if len(objectors) > 0 {
			add("The package was put for adoption. Formal objections came from %s.", joinAnd(capList(objectors, 8)))
		} else {
			add("The package was put for adoption; no delegation objected formally.")
		}
		if len(silent) > 0 {
			why := "objecting alone would have cost them more than it could gain"
			if n.sc.Rule == scenarios.ConsensusThenVote && !n.reconvenable(ss.ID) {
				why = "no session could follow, so an objection would only have sent the package to a vote it would pass"
			}
			who := fmt.Sprintf("%d more delegations", len(silent))
			if len(objectors) == 0 {
				who = fmt.Sprintf("%d delegations", len(silent))
			}
			add("%s found it short of their aspiration but did not object, because %s: %s.", who, why,
				joinAnd(capList(silent, 8)))
		}
		for _, m := range n.d.Summary.Motions {
			if m.Session == ss.ID && m.Motion == "package" {
				if no := n.votersOf(ss.ID, m.Motion, "no"); len(no) > 0 {
					add("Outvoted on the package: %s.", n.names(no, 8))
				}
			}
		}
		for _, e := range events {
			if e.Kind == "adopted" || e.Kind == "failed" {
				add("Outcome: %s.", e.Text)
			}
		}
	}
	return sec
}

// reconvenable reports whether a failure of the session would have been
// followed by a reconvened one.
func (n narrator) reconvenable(session string) bool {
	for _, s := range n.sc.Sessions {
		if s.ID != session {
			continue
		}
		for _, e := range s.Events {
			if e.Kind == scenarios.Reconvene {
				return true
			}
		}
	}
	return false
}

func capList(xs []string, max int) []string {
	if len(xs) <= max {
		return xs
	}
	return append(xs[:max:max], others(len(xs)-max))
}

func others(n int) string {
	if n == 1 {
		return "1 other"
	}
	return fmt.Sprintf("%d others", n)
}

func dedupeStrings(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (n narrator) eventsOf(session string) []EventRow {
	var out []EventRow
	for _, e := range n.d.Events {
		if e.Session == session {
			out = append(out, e)
		}
	}
	return out
}

func (n narrator) votersOf(session, motion, vote string) []string {
	var ids []string
	for _, v := range n.d.Votes {
		if v.Session == session && v.Motion == motion && v.Vote == vote {
			ids = append(ids, v.State)
		}
	}
	// The weightiest first: they are the ones a reader knows.
	sort.SliceStable(ids, func(a, b int) bool { return n.capability(ids[a]) > n.capability(ids[b]) })
	return ids
}

func (n narrator) capability(id string) float64 {
	if i := n.sc.StateIndex(id); i >= 0 {
		return n.sc.States[i].Capability.Mean()
	}
	return 0
}

// coalitionsParagraph describes the coalitions at the end of a session and
// what changed since the previous one.
func (n narrator) coalitionsParagraph(session string) string {
	var rows []CoalitionRow
	for _, c := range n.d.Coalitions {
		if c.Session == session {
			rows = append(rows, c)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	var parts []string
	for _, c := range rows {
		parts = append(parts, fmt.Sprintf("%s, %s (%d states, %.0f%% of the capability in the room)", c.Coalition, c.Name, c.Size, 100*c.CapabilityShare))
	}
	text := fmt.Sprintf("The room divided into %d coalitions: %s.", len(rows), strings.Join(parts, "; "))
	// Splits and merges, from each coalition's sources.
	drawnFrom := map[string][]string{}
	for _, c := range rows {
		for _, f := range strings.Fields(c.From) {
			drawnFrom[f] = append(drawnFrom[f], c.Coalition)
		}
		if from := strings.Fields(c.From); len(from) > 1 {
			text += fmt.Sprintf(" %s drew members from %s.", c.Coalition, joinAnd(from))
		}
	}
	var splits []string
	for f, into := range drawnFrom {
		if len(into) > 1 {
			splits = append(splits, fmt.Sprintf("%s split into %s", f, joinAnd(into)))
		}
	}
	sort.Strings(splits)
	for _, s := range splits {
		text += " " + s + "."
	}
	var movers []string
	for _, m := range n.d.Memberships {
		if m.Session == session && m.Moved {
			movers = append(movers, m.State)
		}
	}
	if len(movers) > 0 {
		sort.SliceStable(movers, func(a, b int) bool { return n.capability(movers[a]) > n.capability(movers[b]) })
		text += fmt.Sprintf(" %d states changed coalition, among them %s.", len(movers), n.names(movers, 5))
	}
	return text
}

// outcome tells how the negotiation ended and why.
func (n narrator) outcome() Section {
	s := n.d.Summary
	sec := Section{Title: "Outcome"}
	add := func(format string, args ...any) {
		sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf(format, args...))
	}
	if s.Runs > 1 {
		add("Over %d runs the treaty was adopted in %.1f%% of them (95%% interval %.1f-%.1f%%).", s.Runs,
			100*s.AdoptedProbability, 100*s.AdoptedInterval[0], 100*s.AdoptedInterval[1])
		return sec
	}
	if s.AdoptedProbability == 1 && s.DecidedSession != nil {
		how := "by consensus"
		if s.AdoptedByVoteProbability == 1 {
			how = "by a recorded vote"
		}
		add("The treaty was adopted %s at the %s.", how, strings.ToLower(s.DecidedSessionName))
	} else {
		add("The treaty was not adopted.")
	}
	var kept, lost []string
	for _, c := range s.Clauses {
		if c.SurvivalProbability == 1 {
			kept = append(kept, fmt.Sprintf("%s (%s)", strings.ToLower(c.Title), n.wording(c.ID, c.ModalOption)))
		} else if s.AdoptedProbability == 1 {
			lost = append(lost, strings.ToLower(c.Title))
		}
	}
	if len(kept) > 0 {
		add("The adopted text holds %s.", joinAnd(kept))
	}
	if len(lost) > 0 {
		add("It leaves out %s.", joinAnd(lost))
	}
	return sec
}
