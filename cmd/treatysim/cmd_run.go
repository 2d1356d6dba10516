package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

const runHelp = `
Negotiate a scenario and write the results folder. With no SCENARIO the
shipped UN cybercrime scenario (ahc) runs; SCENARIO may be a TOML file or
the name of a shipped scenario (see treatysim list).

It prints, per clause, the opening option, the final option and whether
the clause survived, and whether and in which session the treaty was
adopted. The folder holds summary.json, text.csv (session, round, clause,
option, status), positions.csv (session, round, state, clause, position,
preference), votes.csv (session, motion, state, vote) and events.csv
(what happened, for the narrative). An existing folder is never replaced
without --force; a failed run leaves no folder.`

func cmdRun(args []string) error {
	fs := newFlags("run", "run [SCENARIO] [--seed N] [--out DIR] [--force]", runHelp)
	seed := fs.Uint64("seed", 0, "random seed (default: the scenario's seed)")
	out := fs.String("out", "", "results folder (default: results-out/<scenario>-<time>)")
	force := fs.Bool("force", false, "replace an existing results folder")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	sc, err := loadScenario(pos)
	if err != nil {
		return err
	}
	s := sc.Seed
	if isSet(fs, "seed") {
		s = *seed
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results-out", fmt.Sprintf("%s-%s", sc.ID, time.Now().Format("20060102-150405")))
	}

	rec := results.NewRecord(sc, s)
	e := sim.New(sc)
	e.Run(sim.RunRNG(s, 0), rec, sim.NewOutcome(sc))
	files, err := rec.Files()
	if err != nil {
		return err
	}
	if err := results.WriteDir(dir, files, *force); err != nil {
		return err
	}
	printRun(os.Stdout, rec)
	fmt.Printf("\nResults written to %s\n", dir)
	return nil
}

func printRun(w io.Writer, rec *results.Record) {
	sc, out := rec.Scenario, rec.Outcome
	fmt.Fprintf(w, "%s (%s), seed %d\n", sc.Title, sc.ID, rec.Seed)
	for _, m := range rec.Motions {
		fmt.Fprintf(w, "  vote in %s: %s: %d yes, %d no, %d abstaining: %s\n",
			m.Session, m.Label, m.Yes, m.No, m.Abstain, passedWord(m.Passed))
	}
	if out.Adopted {
		ss := sc.Sessions[out.DecidedSession]
		how := "by consensus"
		if out.ByVote {
			how = "by a recorded vote"
		}
		fmt.Fprintf(w, "Treaty ADOPTED %s at %s%s.\n", how, ss.Name, dateSuffix(ss))
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
