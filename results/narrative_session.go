package results

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/treatysim/treatysim/scenarios"
)

// session tells one session held: its phase and agenda, its events, what
// happened to the text, the exchanges, the votes, the coalitions and, in a
// concluding session, the decision on the package.
func (n narrator) session(s int) Section {
	ss := n.sc.Sessions[s]
	title := ss.Name
	switch {
	case ss.Place != "" && ss.Start != "" && ss.End != "" && ss.End != ss.Start:
		title += fmt.Sprintf(" (%s, %s to %s)", ss.Place, ss.Start, ss.End)
	case ss.Place != "" && ss.Start != "":
		title += fmt.Sprintf(" (%s, %s)", ss.Place, ss.Start)
	}
	events := n.eventsOf(ss.ID)
	points := n.eventPoints(ss, events)
	points = append(points, n.textPoints(ss, events)...)
	points = append(points, n.exchangePoints(ss.ID)...)
	points = append(points, n.votePoints(ss.ID)...)
	points = append(points, n.coalitionPoints(ss.ID)...)
	if ss.Concluding {
		points = append(points, n.decision(ss, events)...)
	}
	return newSection(title, ss.ID, n.opening(ss), points)
}

// eventWeight is how much a kind of scripted event matters to the story:
// a walk-out most, a chair's draft least (what it left out is told apart).
var eventWeight = map[scenarios.EventKind]int{
	scenarios.Leave: wWalkOut, scenarios.Join: wWalkOut,
	scenarios.Drop: wDrop, scenarios.Insert: wReinsert,
	scenarios.Attitude: wEvent + 5, scenarios.Table: wEvent, scenarios.Vote: wEvent,
	scenarios.Reconvene: wEvent - 5, scenarios.Incentive: wEvent - 10,
	scenarios.ChairText: wChairEvents,
}

// eventPoints tells the scripted events of a session, but a vote that was
// held: its tally tells it.
func (n narrator) eventPoints(ss scenarios.SessionInfo, events []EventRow) []point {
	var out []point
	for _, e := range events {
		if e.Kind != "event" || e.Text == "" {
			continue
		}
		// The engine's own words for an unlabelled drop or insert: the
		// text's points tell which clauses.
		if strings.HasPrefix(e.Text, "the chair dropped ") || strings.HasPrefix(e.Text, "the chair inserted ") {
			continue
		}
		weight := wEvent
		if ev := n.scriptedEvent(ss, e.Text); ev != nil {
			weight = eventWeight[ev.Kind]
			if ev.Kind == scenarios.Vote && n.motionHeld(ss.ID, e.Text) {
				continue
			}
		}
		text := strings.TrimSuffix(e.Text, ".")
		if e.States != "" {
			text += " (" + n.names(strings.Fields(e.States), 4) + ")"
		}
		out = append(out, point{weight, capitalize(text) + "."})
	}
	return out
}

// scriptedEvent finds the event of a session that an event row tells, by
// the text the engine gave it (its label), or nil.
func (n narrator) scriptedEvent(ss scenarios.SessionInfo, text string) *scenarios.EventInfo {
	for k := range ss.Events {
		if ss.Events[k].Label != "" && ss.Events[k].Label == text {
			return &ss.Events[k]
		}
	}
	return nil
}

// motionHeld reports whether a recorded vote with this label was held in
// the session.
func (n narrator) motionHeld(session, label string) bool {
	for _, m := range n.d.Summary.Motions {
		if m.Session == session && strings.TrimSuffix(m.Label, ".") == strings.TrimSuffix(label, ".") {
			return true
		}
	}
	return false
}

// phaseSentence says what a phase of the procedure does.
var phaseSentence = map[scenarios.Phase]string{
	scenarios.Organisation: "Organisation of the work: the delegations stated their positions; no text was negotiated.",
	scenarios.FirstReading: "First reading: the proposals of the delegations that cared entered the text in brackets; nothing was dropped and nobody conceded.",
	scenarios.Negotiation:  "Negotiation on the chair's text: the delegations conceded, traded support and settled wordings.",
	scenarios.Concluding:   "Concluding session: negotiation on the chair's text, ending with the chair's final package put for adoption.",
}

// opening names the session's phase and its agenda.
func (n narrator) opening(ss scenarios.SessionInfo) string {
	if len(ss.Agenda) == 0 {
		return "No clause was under negotiation: the session held only its scripted business."
	}
	var clusters []string
	for _, c := range ss.Agenda {
		clusters = append(clusters, n.sc.Clusters[c].Title)
	}
	agenda := JoinAnd(clusters)
	if len(clusters) > 2 && len(clusters) == len(n.sc.Clusters) {
		agenda = fmt.Sprintf("the whole text (all %d clusters)", len(clusters))
	}
	return strings.TrimSpace(fmt.Sprintf("%s On the agenda: %s, over %d rounds.", phaseSentence[ss.Phase], agenda, ss.Rounds))
}

// draftName names a draft of the chair in a sentence.
func draftName(draft string) string {
	switch draft {
	case DraftFinal:
		return "the chair's final package"
	case "zero":
		return "the chair's zero draft"
	case "consolidated":
		return "the chair's consolidated document"
	}
	return "the chair's " + draft + " draft"
}

// textPoints tells what happened to the text: the proposals that entered
// it, what came back, what the chair's drafts (or the chair, for lack of
// support or to reach consensus) left out, and, per clause, the first
// wording to the last.
func (n narrator) textPoints(ss scenarios.SessionInfo, events []EventRow) []point {
	var out []point
	add := func(weight int, format string, args ...any) {
		out = append(out, point{weight, fmt.Sprintf(format, args...)})
	}
	type change struct{ from, to string }
	changes := map[string]*change{}
	var order, proposed, reinserted, dropped, drafts []string
	leftOut := map[string][]string{} // by draft
	for _, e := range events {
		switch e.Kind {
		case "text", "insert", "drop", "drop_for_consensus", "drop_from_package", "amended":
		default:
			continue
		}
		if changes[e.Clause] == nil {
			changes[e.Clause] = &change{from: e.From}
			order = append(order, e.Clause)
		}
		changes[e.Clause].to = e.Option
		switch {
		case e.Kind == "insert" && e.States != "":
			proposed = append(proposed, fmt.Sprintf("%s (%s)", n.clauseName(e.Clause), n.names(strings.Fields(e.States), 3)))
		case e.Kind == "insert":
			reinserted = append(reinserted, n.clauseName(e.Clause))
		case e.Kind == "drop_for_consensus":
			dropped = append(dropped, n.clauseName(e.Clause)+" (to reach consensus)")
		case e.Draft != "" && e.Kind != "text":
			if leftOut[e.Draft] == nil {
				drafts = append(drafts, e.Draft)
			}
			leftOut[e.Draft] = append(leftOut[e.Draft], n.clauseName(e.Clause))
		case e.Kind == "drop":
			dropped = append(dropped, n.clauseName(e.Clause))
		}
	}
	for _, d := range drafts {
		weight := wDrop
		if d == DraftFinal {
			weight = wFinalDrop
		}
		clauses := dedupeStrings(leftOut[d])
		add(weight, "%s left out %s, for lack of support: %s.", capitalize(draftName(d)), plural(len(clauses), "clause"), JoinAnd(clauses))
	}
	if len(proposed) > 0 {
		add(wReinsert, "Proposed and put in the text, in brackets: %s.", JoinAnd(proposed))
	}
	if len(reinserted) > 0 {
		add(wReinsert, "Back in the text, in brackets: %s.", JoinAnd(dedupeStrings(reinserted)))
	}
	if len(dropped) > 0 {
		add(wDrop, "The chair dropped %s.", JoinAnd(dedupeStrings(dropped)))
	}
	moved := 0
	for _, c := range order {
		ch := changes[c]
		if ch.from != ch.to {
			moved++
			add(wWording, "%s: from %s to %s.", n.clauseName(c), n.wording(c, ch.from), n.wording(c, ch.to))
		}
	}
	if moved == 0 && len(ss.Agenda) > 0 && ss.Phase != scenarios.Organisation {
		add(wUnchanged, "The chair's text did not change.")
	}
	return out
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// votePoints tells the recorded votes of a session: the result first,
// then who voted yes and who abstained under cross-pressure (their
// interest and their alignment pulled their vote apart).
func (n narrator) votePoints(session string) []point {
	var out []point
	for _, m := range n.d.Summary.Motions {
		if m.Session != session {
			continue
		}
		verdict := "rejected"
		if m.Passed {
			verdict = "adopted"
		}
		label := strings.TrimSuffix(m.Label, ".")
		out = append(out, point{wVote, fmt.Sprintf("%s: %s in a recorded vote, %d yes, %d no, %d abstaining.", capitalize(label), verdict, m.Yes, m.No, m.Abstain)})
		var who []string
		if yes := n.votersOf(session, m.Motion, "yes"); len(yes) > 0 {
			who = append(who, fmt.Sprintf("Voting yes on %s: %s.", label, n.names(yes, 6)))
		}
		if m.CrossPressured > 0 {
			torn := ""
			switch {
			case m.Abstain == 1:
				torn = "The one abstention was"
			case m.CrossPressured == m.Abstain:
				torn = fmt.Sprintf("All %d abstentions were", m.Abstain)
			default:
				torn = fmt.Sprintf("%d of the %d abstentions %s", m.CrossPressured, m.Abstain, was(m.CrossPressured))
			}
			if len(who) == 0 {
				torn += " on " + label
			}
			torn += " cross-pressured (interest and alignment pulling the vote apart)"
			if states := n.crossPressured(session, m.Motion); len(states) > 0 {
				torn += ": " + n.names(states, 4)
			}
			who = append(who, torn+".")
		}
		if len(who) > 0 {
			out = append(out, point{wExchange, strings.Join(who, " ")})
		}
	}
	return out
}

// was is the verb after a count.
func was(k int) string {
	if k == 1 {
		return "was"
	}
	return "were"
}

// crossPressured lists the states that abstained under cross-pressure on
// a motion, the weightiest first.
func (n narrator) crossPressured(session, motion string) []string {
	var ids []string
	for _, v := range n.d.Votes {
		if v.Session == session && v.Motion == motion && v.CrossPressure {
			ids = append(ids, v.State)
		}
	}
	n.byCapability(ids)
	return ids
}

// decision tells how the package fared in a concluding session: the
// outcome, who objected and why, who was outvoted, and who was
// dissatisfied but did not object.
func (n narrator) decision(ss scenarios.SessionInfo, events []EventRow) []point {
	var out []point
	add := func(weight int, format string, args ...any) {
		out = append(out, point{weight, fmt.Sprintf(format, args...)})
	}
	var redLines, short, silent []string
	for _, e := range events {
		switch {
		case e.Kind == "objection" && e.Clause != "":
			redLines = append(redLines, fmt.Sprintf("%s (its red line on %s crossed)", n.stateName(e.States), n.clauseName(e.Clause)))
		case e.Kind == "objection":
			short = append(short, n.stateName(e.States))
		case e.Kind == "dissatisfied":
			silent = append(silent, fmt.Sprintf("%s (%.2f)", n.stateName(e.States), e.Value))
		}
	}
	for _, e := range events {
		if e.Kind == "adopted" || e.Kind == "failed" {
			add(wOutcome, "%s", n.verdict(e))
		}
	}
	switch objectors := len(redLines) + len(short); {
	case objectors == 0:
		add(wExchange, "The package was put for adoption; no delegation objected formally.")
	case len(redLines) == 0:
		add(wObjection, "%s objected formally to the package, finding it short of their aspiration: %s.",
			capitalize(plural(objectors, "delegation")), JoinAnd(capList(short, 8)))
	case len(short) == 0:
		add(wObjection, "%s objected formally to the package, which crossed their red lines: %s.",
			capitalize(plural(objectors, "delegation")), JoinAnd(capList(redLines, 8)))
	default:
		add(wObjection, "%s objected formally to the package: %s for a red line crossed; %s finding it short of their aspiration (%s).",
			capitalize(plural(objectors, "delegation")), JoinAnd(capList(redLines, 6)), countOf(len(short)), JoinAnd(capList(short, 8)))
	}
	for _, m := range n.d.Summary.Motions {
		if m.Session == ss.ID && m.Motion == "package" {
			if no := n.votersOf(ss.ID, m.Motion, "no"); len(no) > 0 {
				add(wOutvoted, "Outvoted on the package: %s.", n.names(no, 8))
			}
		}
	}
	if len(silent) > 0 {
		why := "objecting alone would have cost them more than it could gain"
		if n.sc.Rule == scenarios.ConsensusThenVote && !n.reconvenable(ss.ID) {
			why = "no session could follow, so an objection would only have sent the package to a vote it would pass"
		}
		who := plural(len(silent), "more delegation")
		if len(redLines)+len(short) == 0 {
			who = plural(len(silent), "delegation")
		}
		add(wMinor, "%s found it short of their aspiration (by how much, in parentheses) but did not object, because %s: %s.",
			capitalize(who), why, JoinAnd(capList(silent, 8)))
	}
	return out
}

// suspendedUntil is the engine's text of a session suspended for lack of
// consensus, before the name of the session that follows.
const suspendedUntil = "no consensus; the session is suspended until "

// verdict says how a concluding session's decision went, in a sentence.
func (n narrator) verdict(e EventRow) string {
	if next, ok := strings.CutPrefix(e.Text, suspendedUntil); ok {
		return "No consensus: the session was suspended until " + SessionPhrase(next) + "."
	}
	if e.Kind == "adopted" {
		return "The package was " + strings.TrimSuffix(e.Text, ".") + "."
	}
	if e.Text == "not adopted" {
		return "The package was not adopted."
	}
	return capitalize(strings.TrimSuffix(e.Text, ".")) + "."
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
