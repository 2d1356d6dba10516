package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

// printRun prints a single run: its recorded votes, whether and where the
// treaty was adopted, and per clause the opening and final options. The
// header of a replay says which run of which seed it is.
func printRun(w io.Writer, rec *results.Record, replay bool) {
	sc, out := rec.Scenario, rec.Outcome
	if replay {
		fmt.Fprintf(w, "%s (%s), run %d of seed %d\n", sc.Title, sc.ID, rec.Run, rec.Seed)
	} else {
		fmt.Fprintf(w, "%s (%s), seed %d\n", sc.Title, sc.ID, rec.Seed)
	}
	for _, m := range rec.Motions {
		fmt.Fprintf(w, "  vote in %s: %s: %d yes, %d no, %s: %s\n",
			m.Session, m.Label, m.Yes, m.No, abstaining(m.Abstain, m.CrossPressured), passedWord(m.Passed))
	}
	if out.Adopted {
		ss := sc.Sessions[out.DecidedSession]
		how := "by consensus"
		if out.ByVote {
			how = "by a recorded vote"
		}
		fmt.Fprintf(w, "Treaty ADOPTED %s at %s%s.\n", how, results.SessionPhrase(ss.Name), dateSuffix(ss))
	} else {
		fmt.Fprintf(w, "Treaty NOT ADOPTED.\n")
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "clause\topening\tfinal\tsurvived")
	for c, cl := range sc.Clauses {
		surv := "no"
		if out.Survived[c] {
			surv = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cl.ID, cl.Options[cl.Opening].ID, cl.Options[out.FinalOption[c]].ID, surv)
	}
	tw.Flush()
}

// printMonteCarlo prints the outcome of a Monte Carlo: the probability of
// adoption, the sessions of decision and per clause its survival.
func printMonteCarlo(w io.Writer, sc *scenarios.Scenario, s *results.Summary) {
	fmt.Fprintf(w, "%s (%s), seed %d, %d runs", sc.Title, sc.ID, s.Seed, s.Runs)
	if s.Partial {
		fmt.Fprintf(w, " (partial: %d requested)", s.RunsRequested)
	}
	fmt.Fprintf(w, "\nTreaty adopted in %.1f%% of runs (95%% CI %.1f-%.1f%%)", 100*s.AdoptedProbability,
		100*s.AdoptedInterval[0], 100*s.AdoptedInterval[1])
	for _, d := range s.DecidedSessions {
		fmt.Fprintf(w, "; %s %.1f%%", d.Session, 100*d.Probability)
	}
	fmt.Fprintf(w, ".\n\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "clause\tsurvives\t95% CI\tmodal option")
	for _, c := range s.Clauses {
		fmt.Fprintf(tw, "%s\t%5.1f%%\t%.1f-%.1f%%\t%s\n", c.ID, 100*c.SurvivalProbability,
			100*c.SurvivalInterval[0], 100*c.SurvivalInterval[1], c.ModalOption)
	}
	tw.Flush()
	for _, v := range s.Votes {
		fmt.Fprintf(w, "\n%s (%s): held in %.1f%% of runs, passed in %.1f%% of those; mean tally %.0f-%.0f with %.0f abstaining (90%% of runs: yes %d-%d, no %d-%d, abstaining %d-%d).",
			v.Label, v.Session, 100*v.HeldProbability, 100*v.PassedProbability,
			v.Tally.Yes.Mean, v.Tally.No.Mean, v.Tally.Abstain.Mean,
			v.Tally.Yes.P05, v.Tally.Yes.P95, v.Tally.No.P05, v.Tally.No.P95, v.Tally.Abstain.P05, v.Tally.Abstain.P95)
	}
	if len(s.Votes) > 0 {
		fmt.Fprintln(w, "\nEach state's chances of each vote: vote-probabilities.csv.")
	}
}

// abstaining counts the abstentions of a vote and, when there were any,
// those under cross-pressure: "34 abstaining (12 cross-pressured)".
func abstaining(abstain, crossPressured int) string {
	if crossPressured == 0 {
		return fmt.Sprintf("%d abstaining", abstain)
	}
	return fmt.Sprintf("%d abstaining (%d cross-pressured)", abstain, crossPressured)
}

func passedWord(p bool) string {
	if p {
		return "passed"
	}
	return "rejected"
}

func dateSuffix(ss scenarios.SessionInfo) string {
	switch {
	case ss.Start != "" && ss.Place != "":
		return fmt.Sprintf(" (%s, %s)", ss.Place, ss.Start)
	case ss.Start != "":
		return fmt.Sprintf(" (%s)", ss.Start)
	}
	return ""
}
