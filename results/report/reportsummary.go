package report

import (
	"fmt"

	"github.com/treatysim/treatysim/results"
)

// summaryCard is the box at the top of the report: whether the treaty
// was adopted, when and how, and which clauses survived and which fell
// (over the runs of a Monte Carlo: the adoption probability, and which
// clauses are settled and which uncertain), by title.
type summaryCard struct {
	Adopted  bool   // adopted in the run, or in most runs
	Headline string // "Adopted by consensus", "Adopted in 97% of 500 runs"
	Sentence string // the adoption in a sentence
	Facts    []cardFact
	Lists    []clauseList
}

type cardFact struct{ Label, Value string }

// clauseList is a list of clauses of the card: Class is "in", "out" or
// "open", for its colour.
type clauseList struct {
	Title, Class string
	Items        []string
}

func newSummaryCard(d *results.RunData) (c summaryCard) {
	s := d.Summary
	c = summaryCard{Sentence: adoptionSentence(d)}
	defer func() { c.Facts = append(c.Facts, delegationsFact(d)) }() // every return
	where := ""
	if s.DecidedSession != nil {
		where = sessionWhen(d, *s.DecidedSession)
	}
	var in, out, open []string
	for _, cl := range s.Clauses {
		title := firstNonEmpty(cl.Title, cl.ID)
		p := cl.SurvivalProbability
		switch {
		case s.Runs == 1 && s.AdoptedProbability < 1:
			// Nothing survives a failure: tell the last text on the table.
			if clauseDeleted(d, cl.ID, cl.ModalOption) {
				out = append(out, title)
			} else {
				in = append(in, title)
			}
		case p >= results.CertainShare:
			in = append(in, title)
		case p <= 1-results.CertainShare:
			out = append(out, title)
		default:
			open = append(open, fmt.Sprintf("%s: %s", title, percent(p)))
		}
	}
	total := len(s.Clauses)
	list := func(title, class string, items []string) {
		if len(items) > 0 {
			c.Lists = append(c.Lists, clauseList{Title: fmt.Sprintf("%s (%d of %d)", title, len(items), total), Class: class, Items: items})
		}
	}
	if s.Runs == 1 {
		c.Adopted = s.AdoptedProbability >= 1
		how := "consensus"
		if s.AdoptedByVoteProbability >= 1 {
			how = "a recorded vote"
		}
		if c.Adopted {
			c.Headline = "Adopted by " + how
			c.Facts = append(c.Facts, cardFact{"when", where})
			list("Survived", "in", in)
			list("Fell", "out", out)
		} else {
			c.Headline = "Not adopted"
			if last := lastSessionHeld(d); last != "" {
				c.Facts = append(c.Facts, cardFact{"last session", sessionWhen(d, last)})
				if k := objections(d, last); k > 0 {
					c.Sentence = fmt.Sprintf("The treaty was not adopted: at %s, %s objected formally to the package.",
						results.SessionPhrase(sessionName(d, last)), pluralWord(k, "delegation"))
				}
			}
			list("In the last text on the table", "in", in)
			list("Left out of it", "out", out)
		}
		return c
	}
	c.Adopted = s.AdoptedProbability >= 0.5
	c.Sentence = "" // the facts say it
	c.Headline = fmt.Sprintf("Adopted in %s of %d runs", percent(s.AdoptedProbability), s.Runs)
	c.Facts = append(c.Facts, cardFact{"95% interval", percent(s.AdoptedInterval[0]) + " to " + percent(s.AdoptedInterval[1])})
	if s.AdoptedProbability > 0 {
		c.Facts = append(c.Facts,
			cardFact{"by consensus", percent(s.AdoptedProbability-s.AdoptedByVoteProbability) + " of runs"},
			cardFact{"by a recorded vote", percent(s.AdoptedByVoteProbability) + " of runs"})
		if where != "" {
			c.Facts = append(c.Facts, cardFact{"most often at", where})
		}
	}
	list(fmt.Sprintf("Uncertain: in the treaty in %s to %s of runs", percent(1-results.CertainShare), percent(results.CertainShare)), "open", open)
	list(fmt.Sprintf("In the treaty in at least %s of runs", percent(results.CertainShare)), "in", in)
	list(fmt.Sprintf("Out of it in at least %s of runs", percent(results.CertainShare)), "out", out)
	return c
}

// delegationsFact says how many delegations took part throughout and who
// did not, with why: a reader told "all 193 member states" must find
// Ukraine's absence said, not only drawn.
func delegationsFact(d *results.RunData) cardFact {
	n := len(d.Scenario.States)
	absent := AbsentStates(d)
	v := fmt.Sprintf("all %d took part throughout", n)
	if len(absent) > 0 {
		v = fmt.Sprintf("%d of %d took part throughout. %s", n-len(absent), n, absentNote(d))
	}
	return cardFact{"delegations", v}
}

// sessionWhen names a session with its place and dates.
func sessionWhen(d *results.RunData, id string) string {
	k := sessionIndex(d.Scenario, id)
	if k < 0 {
		return id
	}
	ss := d.Scenario.Sessions[k]
	out := firstNonEmpty(ss.Name, id)
	switch {
	case ss.Place != "" && ss.Start != "" && ss.End != "" && ss.End != ss.Start:
		out += fmt.Sprintf(" (%s, %s to %s)", ss.Place, ss.Start, ss.End)
	case ss.Place != "" && ss.Start != "":
		out += fmt.Sprintf(" (%s, %s)", ss.Place, ss.Start)
	}
	return out
}

func lastSessionHeld(d *results.RunData) string {
	held := heldSessions(d)
	if len(held) == 0 {
		return ""
	}
	return held[len(held)-1]
}

// clauseDeleted reports whether an option of a clause deletes it.
func clauseDeleted(d *results.RunData, clause, option string) bool {
	k := d.Scenario.ClauseIndex(clause)
	if k < 0 {
		return false
	}
	cl := d.Scenario.Clauses[k]
	return cl.Deletion >= 0 && cl.Options[cl.Deletion].ID == option
}

// objections counts the formal objections to the package in a session.
func objections(d *results.RunData, session string) int {
	k := 0
	for _, e := range d.Events {
		if e.Session == session && e.Kind == "objection" {
			k++
		}
	}
	return k
}
