package results

import (
	"fmt"
	"strings"
)

// Survival probabilities beyond which a clause's fate over the runs of a
// Monte Carlo is told as settled: in the treaty in at least CertainShare
// of the runs, or in at most 1-CertainShare of them.
const CertainShare = 0.9

// outcome tells how the negotiation ended: for a single run, whether and
// how the treaty was adopted and which clauses it holds; over the runs of
// a Monte Carlo, how often, when and how, which clauses are settled and
// which are not, and the most likely text.
func (n narrator) outcome() Section {
	if n.d.Summary.Runs > 1 {
		return newSection("Outcome", "", "", n.outcomeOverRuns())
	}
	s := n.d.Summary
	var points []point
	add := func(weight int, format string, args ...any) {
		points = append(points, point{weight, fmt.Sprintf(format, args...)})
	}
	adopted := s.AdoptedProbability == 1 && s.DecidedSession != nil
	if adopted {
		how := "by consensus"
		if s.AdoptedByVoteProbability == 1 {
			how = "by a recorded vote"
		}
		add(wOutcome, "The treaty was adopted %s at %s.", how, SessionPhrase(firstNonEmpty(s.DecidedSessionName, *s.DecidedSession)))
	} else {
		add(wOutcome, "The treaty was not adopted.")
	}
	var kept, wordings, lost []string
	for _, c := range s.Clauses {
		switch {
		case adopted && c.SurvivalProbability == 1, !adopted && !n.isDeletion(c.ID, c.ModalOption):
			kept = append(kept, n.clauseName(c.ID))
			wordings = append(wordings, fmt.Sprintf("%s: %s", n.clauseName(c.ID), n.wording(c.ID, c.ModalOption)))
		default:
			lost = append(lost, n.clauseName(c.ID))
		}
	}
	holds, leaves := "The adopted text holds", "It leaves out"
	if !adopted {
		holds, leaves = "The last text on the table held", "It had left out"
	}
	if len(kept) > 0 {
		add(wDrop, "%s %s of the %d clauses: %s.", holds, countOf(len(kept)), len(s.Clauses), JoinAnd(kept))
		add(wWording, "Their wordings: %s.", strings.Join(wordings, "; "))
	}
	if len(lost) > 0 {
		add(wDrop, "%s %s: %s.", leaves, countOf(len(lost)), JoinAnd(lost))
	}
	return newSection("Outcome", "", "", points)
}

// countOf is a count at the head of a list.
func countOf(k int) string {
	if k == 1 {
		return "one"
	}
	return fmt.Sprint(k)
}

// outcomeOverRuns tells the outcome of a Monte Carlo.
func (n narrator) outcomeOverRuns() []point {
	s := n.d.Summary
	var points []point
	add := func(weight int, format string, args ...any) {
		points = append(points, point{weight, fmt.Sprintf(format, args...)})
	}
	text := fmt.Sprintf("Over %d runs the treaty was adopted in %s of them (95%% interval %s to %s)", s.Runs,
		pct(s.AdoptedProbability), pct(s.AdoptedInterval[0]), pct(s.AdoptedInterval[1]))
	if s.AdoptedProbability > 0 {
		consensus := s.AdoptedProbability - s.AdoptedByVoteProbability
		text += fmt.Sprintf(": by consensus in %s of the runs, by a recorded vote in %s", pct(consensus), pct(s.AdoptedByVoteProbability))
	}
	add(wOutcome, "%s.", text)
	var when []string
	for _, sp := range s.DecidedSessions {
		if sp.Session != "none" && sp.Probability > 0 {
			when = append(when, fmt.Sprintf("at %s in %s", SessionPhrase(n.sessionName(sp.Session)), pct(sp.Probability)))
		}
	}
	if len(when) > 0 {
		add(wVote, "It was adopted %s of the runs.", JoinAnd(when))
	}
	var in, out, open []string
	for _, c := range s.Clauses {
		switch p := c.SurvivalProbability; {
		case p >= CertainShare:
			in = append(in, n.clauseName(c.ID))
		case p <= 1-CertainShare:
			out = append(out, n.clauseName(c.ID))
		default:
			open = append(open, fmt.Sprintf("%s (in %s of the runs)", n.clauseName(c.ID), pct(p)))
		}
	}
	if len(open) > 0 {
		add(wDrop, "Uncertain: %s.", JoinAnd(open))
	} else {
		add(wDrop, "No clause is uncertain: each is in the treaty in at least %s of the runs, or in at most %s.", pct(CertainShare), pct(1-CertainShare))
	}
	if len(in) > 0 {
		add(wReinsert, "In the treaty in at least %s of the runs: %s.", pct(CertainShare), JoinAnd(in))
	}
	if len(out) > 0 {
		add(wReinsert, "Out of it in at least %s of the runs: %s.", pct(CertainShare), JoinAnd(out))
	}
	var modal []string
	for _, c := range s.Clauses {
		if c.ModalOption != "" && !n.isDeletion(c.ID, c.ModalOption) {
			modal = append(modal, fmt.Sprintf("%s: %s", n.clauseName(c.ID), n.wording(c.ID, c.ModalOption)))
		}
	}
	if len(modal) > 0 {
		add(wEvent, "The most likely text, each clause in the wording it ended with most often: %s.", strings.Join(modal, "; "))
	}
	return points
}

// isDeletion reports whether an option of a clause deletes it.
func (n narrator) isDeletion(clauseID, option string) bool {
	cl := n.clause(clauseID)
	return cl != nil && cl.Deletion >= 0 && cl.Options[cl.Deletion].ID == option
}

func (n narrator) sessionName(id string) string {
	for _, s := range n.sc.Sessions {
		if s.ID == id && s.Name != "" {
			return s.Name
		}
	}
	return id
}

// pct writes a probability as a percentage, without a needless ".0".
func pct(p float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", 100*p), ".0") + "%"
}
