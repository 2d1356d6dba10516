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
	sec := Section{Title: title}
	add := func(p string) {
		if p != "" {
			sec.Paragraphs = append(sec.Paragraphs, p)
		}
	}
	events := n.eventsOf(ss.ID)
	add(n.opening(ss))
	for _, e := range events {
		if e.Kind != "event" || e.Text == "" {
			continue
		}
		if e.States != "" {
			add(fmt.Sprintf("%s (%s).", strings.TrimSuffix(e.Text, "."), n.names(strings.Fields(e.States), 4)))
		} else {
			add(strings.TrimSuffix(e.Text, ".") + ".")
		}
	}
	for _, p := range n.textParagraphs(ss, events) {
		add(p)
	}
	add(n.exchangesParagraph(ss.ID))
	for _, p := range n.voteParagraphs(ss.ID) {
		add(p)
	}
	add(n.coalitionsParagraph(ss.ID))
	if ss.Concluding {
		for _, p := range n.decision(ss, events) {
			add(p)
		}
	}
	return sec
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
		clusters = append(clusters, inSentence(n.sc.Clusters[c].Title))
	}
	return strings.TrimSpace(fmt.Sprintf("%s On the agenda: %s, over %d rounds.", phaseSentence[ss.Phase], joinAnd(clusters), ss.Rounds))
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

// textParagraphs tells what happened to the text: the proposals that
// entered it, what came back, what the chair's drafts (or the chair, for
// lack of support or to reach consensus) left out, and, per clause, the
// first wording to the last.
func (n narrator) textParagraphs(ss scenarios.SessionInfo, events []EventRow) []string {
	var out []string
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
	// In the order they happen in a session: the chair's drafts open it,
	// proposals and re-insertions follow, the final package closes it.
	leftOutBy := func(d string) string {
		return fmt.Sprintf("%s left out, for lack of support: %s.", capitalize(draftName(d)), joinAnd(dedupeStrings(leftOut[d])))
	}
	for _, d := range drafts {
		if d != DraftFinal {
			out = append(out, leftOutBy(d))
		}
	}
	if len(proposed) > 0 {
		out = append(out, fmt.Sprintf("Proposed and put in the text, in brackets: %s.", joinAnd(proposed)))
	}
	if len(reinserted) > 0 {
		out = append(out, fmt.Sprintf("Back in the text, in brackets: %s.", joinAnd(dedupeStrings(reinserted))))
	}
	if len(dropped) > 0 {
		out = append(out, fmt.Sprintf("The chair dropped: %s.", joinAnd(dedupeStrings(dropped))))
	}
	if leftOut[DraftFinal] != nil {
		out = append(out, leftOutBy(DraftFinal))
	}
	var moved []string
	for _, c := range order {
		ch := changes[c]
		if ch.from != ch.to {
			moved = append(moved, fmt.Sprintf("%s from %s to %s", n.clauseName(c), n.wording(c, ch.from), n.wording(c, ch.to)))
		}
	}
	if len(moved) > 0 {
		out = append(out, fmt.Sprintf("By the end of the session the text had moved on %s.", joinAnd(moved)))
	} else if len(ss.Agenda) > 0 && ss.Phase != scenarios.Organisation {
		out = append(out, "The chair's text did not change.")
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

// voteParagraphs tells the recorded votes of a session, with the
// abstentions under cross-pressure: states whose interest and alignment
// pulled their vote apart.
func (n narrator) voteParagraphs(session string) []string {
	var out []string
	for _, m := range n.d.Summary.Motions {
		if m.Session != session {
			continue
		}
		verdict := "rejected"
		if m.Passed {
			verdict = "adopted"
		}
		abstaining := fmt.Sprintf("%d abstaining", m.Abstain)
		if m.CrossPressured > 0 {
			abstaining += fmt.Sprintf(", %d of them cross-pressured (their interest and their alignment pulled them apart", m.CrossPressured)
			if torn := n.crossPressured(session, m.Motion); len(torn) > 0 {
				abstaining += ": " + n.names(torn, 4)
			}
			abstaining += ")"
		}
		yes := n.votersOf(session, m.Motion, "yes")
		out = append(out, fmt.Sprintf("Recorded vote: %s. %d yes, %d no, %s; %s. Voting yes: %s.", strings.TrimSuffix(m.Label, "."),
			m.Yes, m.No, abstaining, verdict, n.names(yes, 6)))
	}
	return out
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

// decision tells how the package fared in a concluding session: who
// objected and why, who was dissatisfied but did not object, who was
// outvoted, and the outcome.
func (n narrator) decision(ss scenarios.SessionInfo, events []EventRow) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	var objectors, silent []string
	for _, e := range events {
		switch e.Kind {
		case "objection":
			why := fmt.Sprintf("short of its aspiration by %.2f", e.Value)
			if e.Clause != "" {
				why = "its red line on " + n.clauseName(e.Clause) + " crossed"
			}
			objectors = append(objectors, fmt.Sprintf("%s (%s)", n.stateName(e.States), why))
		case "dissatisfied":
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
	return out
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
