package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/compare"
	"github.com/treatysim/treatysim/results/report"
	"github.com/treatysim/treatysim/scenarios"
)

const compareHelp = `
Compare two scenarios, A and B (TOML files or shipped names), over N paired
Monte Carlo runs: run i of A and run i of B use the same random stream,
that of (seed, i) (common random numbers), so that the difference carries
far less noise than two independent Monte Carlos.

A or B may also be a Monte Carlo results folder written by 'treatysim run
--runs N': its runs are replayed from the scenario.json, seed and number
of runs it holds, and checked against its summary.json (a folder written
by another version of the model is refused). A folder fixes the seed and
the runs; two folders must agree on both.

For adoption, the deciding session (the mean index over the runs adopted
in both, and the probability of each session both scripts share), each
shared clause's survival and final option, and each shared state's mean
satisfaction, it reports the value in A and in B, the difference B-A with a
paired 95% interval and a two-sided p value: for the probabilities,
Newcombe's score interval for paired proportions and McNemar's exact test;
for the means, mean of the per-run differences ± 1.96 sd/sqrt(n) and the
paired t statistic (normal approximation, fine at 100 runs and more). The
p values are adjusted with Holm's correction over all the tests; a
difference is significant when its adjusted p is below 0.05. Clauses,
options, states and sessions only one scenario has are not compared; the
command says which.

It prints the significant differences in sentences, then how many tests
found none, and writes DIR/compare.csv (measure, item, a, b, difference,
low, high, p, p_adjusted, significant), DIR/compare.json (the scenarios,
seed, runs, correction and what was left out) and DIR/plots/compare.png
and .svg (a dumbbell plot of the 20 largest significant differences, or
of the 20 largest differences if none is significant), and DIR/compare.html,
one self-contained page with all of it, in the look of a run's report.html,
to open in a browser or put on a projector. The seed defaults
to A's. An existing folder is never replaced without --force; a failed
run leaves no folder.`

type compareFlags struct {
	seed      uint64
	runs      uint64
	workers   int
	out       string
	force     bool
	attribute bool
}

func cmdCompare(args []string) error {
	fs := newFlags("compare", "compare A B [--runs N] [--seed S] [--workers W] [--out DIR] [--force] [--attribute=false]", compareHelp)
	var f compareFlags
	fs.Uint64Var(&f.seed, "seed", 0, "master random seed, the same for both (default: A's seed)")
	fs.Uint64Var(&f.runs, "runs", 1000, "number of paired runs")
	fs.IntVar(&f.workers, "workers", defaultWorkers(), "parallel workers")
	fs.StringVar(&f.out, "out", "", "results folder (default: results-out/compare-<A>-<B>-<time>)")
	fs.BoolVar(&f.force, "force", false, "replace an existing results folder")
	fs.BoolVar(&f.attribute, "attribute", true, "when B extends A, attribute the significant differences to B's changes")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 2:
		return usagef("compare takes two scenarios or results folders, A and B; got %d (see treatysim compare --help)", len(pos))
	case f.runs < 2:
		return usagef("--runs must be at least 2")
	case f.workers < 1:
		return usagef("--workers must be at least 1")
	}
	// Before the runs, so that a refused --out costs nothing.
	if f.out != "" {
		if err := results.CheckOut(f.out, f.force); err != nil {
			return err
		}
	}
	var in [2]compareInput
	for k, arg := range pos {
		if in[k], err = readCompareInput(arg); err != nil {
			return err
		}
	}
	if err := pairInputs(fs, &f, in); err != nil {
		return err
	}
	a, b := in[0].sc, in[1].sc
	if f.out == "" {
		f.out = filepath.Join("results-out", fmt.Sprintf("compare-%s-%s-%s", a.ID, b.ID, time.Now().Format("20060102-150405")))
	}
	ctx, stop := interruptContext()
	defer stop()
	return runCompare(ctx, os.Stdout, os.Stderr, in, f)
}

// compareInput is one side of a comparison: a scenario, or a Monte Carlo
// results folder whose runs are replayed.
type compareInput struct {
	arg    string // as given
	sc     *scenarios.Scenario
	folder *compare.Folder // nil for a scenario
}

// readCompareInput reads a side: a folder if arg is a directory, else a
// scenario file or shipped name.
func readCompareInput(arg string) (compareInput, error) {
	if st, err := os.Stat(arg); err == nil && st.IsDir() {
		f, err := compare.ReadFolder(arg)
		if err != nil {
			return compareInput{}, err
		}
		return compareInput{arg: arg, sc: f.Scenario, folder: f}, nil
	}
	sc, err := loadScenario([]string{arg})
	return compareInput{arg: arg, sc: sc}, err
}

// pairInputs settles the seed and the number of runs: a folder fixes
// both, and the runs of two folders pair only if they agree on them.
// Otherwise the seed defaults to A's and the runs to --runs.
func pairInputs(fs *flag.FlagSet, f *compareFlags, in [2]compareInput) error {
	var from *compare.Folder
	for _, x := range in {
		if x.folder == nil {
			continue
		}
		if from != nil && (from.Seed != x.folder.Seed || from.Runs != x.folder.Runs) {
			return usagef("%s holds %d runs of seed %d and %s %d runs of seed %d: folders are compared run by run, so they need the same seed and number of runs (run one again with --seed %d --runs %d, or compare the scenarios themselves)",
				from.Dir, from.Runs, from.Seed, x.folder.Dir, x.folder.Runs, x.folder.Seed, from.Seed, from.Runs)
		}
		if from == nil {
			from = x.folder
		}
	}
	if from == nil {
		if !isSet(fs, "seed") {
			f.seed = in[0].sc.Seed
		}
		return nil
	}
	if isSet(fs, "seed") && f.seed != from.Seed {
		return usagef("--seed %d, but %s holds runs of seed %d: a folder's runs are replayed with its own seed (leave --seed out)", f.seed, from.Dir, from.Seed)
	}
	if isSet(fs, "runs") && f.runs != from.Runs {
		return usagef("--runs %d, but %s holds %d runs: a folder's runs are replayed as they are (leave --runs out)", f.runs, from.Dir, from.Runs)
	}
	f.seed, f.runs = from.Seed, from.Runs
	return nil
}

// runCompare plays both scenarios, compares them, writes the folder and
// prints the significant differences.
func runCompare(ctx context.Context, stdout, stderr io.Writer, in [2]compareInput, f compareFlags) error {
	start := time.Now()
	var samples [2]*compare.Sample
	for k, x := range in {
		progress, finish := newProgress(f.runs, x.sc.ID)
		s, err := compare.Collect(ctx, x.sc, f.seed, f.runs, f.workers, progress)
		finish()
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%w: nothing written", errInterrupted)
			}
			return err
		}
		if x.folder != nil {
			if err := x.folder.Check(s); err != nil {
				return err
			}
		}
		samples[k] = s
	}
	res, err := compare.Compare(samples[0], samples[1])
	if err != nil {
		return err
	}
	for k, x := range in {
		if x.folder != nil {
			res.Folders[k] = x.folder.Dir
		}
	}
	if f.attribute {
		if err := attribute(ctx, res, in, samples, f); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%w: nothing written", errInterrupted)
			}
			return err
		}
	}
	files, err := compareFiles(res)
	if err != nil {
		return err
	}
	if err := results.WriteDir(f.out, files, f.force); err != nil {
		return err
	}
	for _, line := range res.LeftOutLines() {
		fmt.Fprintf(stderr, "treatysim: compare: %s\n", line)
	}
	printCompare(stdout, res)
	fmt.Fprintf(stdout, "\n%d paired runs of each in %.1f s. Results written to %s\n", res.Runs, time.Since(start).Seconds(), f.out)
	return nil
}

// compareFiles returns the folder of a comparison.
func compareFiles(res *compare.Result) (results.Files, error) {
	csvb, err := res.CSV()
	if err != nil {
		return nil, err
	}
	jsb, err := res.JSON()
	if err != nil {
		return nil, err
	}
	files := results.Files{"compare.csv": csvb, "compare.json": jsb}
	if res.Attribution != nil {
		if files["attribution.csv"], err = res.Attribution.CSV(); err != nil {
			return nil, err
		}
	}
	// The plot: the significant differences or, if none, the largest; at
	// most 20 rows, the largest first, so that the labels stay readable
	// (compare.csv has them all); the mean session index is on another
	// scale and stays out.
	var rows []compare.Row
	for _, r := range res.Rows {
		if r.Measure != compare.MeasureSessionMean {
			rows = append(rows, r)
		}
	}
	title := fmt.Sprintf("%s vs %s: significant differences (%d paired runs, Holm)", res.A.ID, res.B.ID, res.Runs)
	largest := func(rows []compare.Row) []compare.Row {
		slices.SortStableFunc(rows, func(x, y compare.Row) int {
			return cmp.Compare(math.Abs(y.Difference), math.Abs(x.Difference))
		})
		return rows[:min(20, len(rows))]
	}
	if sig := slices.DeleteFunc(slices.Clone(rows), func(r compare.Row) bool { return !r.Significant }); len(sig) > 0 {
		rows = largest(sig)
		if len(sig) > len(rows) {
			title = fmt.Sprintf("%s vs %s: the %d largest of %d significant differences (%d paired runs, Holm)", res.A.ID, res.B.ID, len(rows), len(sig), res.Runs)
		}
	} else {
		rows = largest(rows)
		title = fmt.Sprintf("%s vs %s: no significant difference; the %d largest (%d paired runs)", res.A.ID, res.B.ID, len(rows), res.Runs)
	}
	bells := make([]report.Dumbbell, len(rows))
	for k, r := range rows {
		bells[k] = report.Dumbbell{Label: plotLabel(r), A: r.A, B: r.B}
	}
	plots, err := report.CompareFiles(title, res.A.ID, res.B.ID, bells)
	if err != nil {
		return nil, err
	}
	for name, data := range plots {
		files[name] = data
	}
	if files["compare.html"], err = report.ComparePage(res, plots, report.CompareOptions{Attribution: pageAttribution(res)}); err != nil {
		return nil, err
	}
	return files, nil
}

func plotLabel(r compare.Row) string {
	switch r.Measure {
	case compare.MeasureAdoption:
		return "adoption"
	case compare.MeasureSession:
		return "adopted in " + r.Item
	case compare.MeasureSurvival:
		return r.Item + " survives"
	case compare.MeasureOption:
		return r.Item
	case compare.MeasureSatisfaction:
		return "satisfaction " + r.Item
	}
	return r.Measure + " " + r.Item
}

// printCompare prints the significant differences in sentences, then a
// count of the rest.
func printCompare(w io.Writer, res *compare.Result) {
	sig := res.Significant()
	fmt.Fprintf(w, "%s (A) vs %s (B), seed %d, %d paired runs (common random numbers)\n", res.A.ID, res.B.ID, res.Seed, res.Runs)
	fmt.Fprintf(w, "%d tests, Holm's correction over all of them; significant: adjusted p < %.2f.\n"+
		"Intervals are paired 95%% intervals of the difference B-A: Newcombe's for probabilities (p: exact McNemar), mean ± 1.96 se for satisfactions (p: paired t).\n\n",
		len(res.Rows), compare.Alpha)
	if len(sig) == 0 {
		fmt.Fprintln(w, "No significant difference.")
	}
	for _, r := range sig {
		fmt.Fprintln(w, res.Sentence(r))
	}
	if rest := len(res.Rows) - len(sig); len(sig) > 0 {
		fmt.Fprintf(w, "\n%d other tests found no significant difference (see compare.csv).\n", rest)
	} else {
		fmt.Fprintf(w, "%d tests, none significant (see compare.csv).\n", rest)
	}
	if at := res.Attribution; at != nil {
		fmt.Fprintf(w, "\nAttribution to the %d changes %s makes to %s (each alone on %s", len(at.Changes), res.B.ID, res.A.ID, res.A.ID)
		if at.LeaveOneOut {
			fmt.Fprintf(w, "; each left out of %s", res.B.ID)
		}
		fmt.Fprintln(w, "; same runs):")
		for _, c := range at.Changes {
			if why, ok := at.Skipped[c]; ok {
				fmt.Fprintf(w, "  %s cannot be applied alone: %s\n", c, why)
			}
		}
		for _, line := range at.Sentences(res) {
			fmt.Fprintln(w, line)
		}
	}
	if res.AttributionNote != "" {
		fmt.Fprintf(w, "\nAttribution %s.\n", res.AttributionNote)
	}
}

// pageAttribution gives the comparison page the attribution of every
// attributed difference but the satisfactions, and of the five largest
// of those (attribution.csv has them all).
func pageAttribution(res *compare.Result) []report.Attribution {
	at := res.Attribution
	if at == nil {
		return nil
	}
	var rows, sat []compare.AttributionRow
	for _, r := range at.Rows {
		if r.Measure == compare.MeasureSatisfaction {
			sat = append(sat, r)
		} else {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(sat, func(x, y compare.AttributionRow) int { return cmp.Compare(math.Abs(y.Total), math.Abs(x.Total)) })
	rows = append(rows, sat[:min(5, len(sat))]...)
	out := make([]report.Attribution, 0, len(rows))
	for _, r := range rows {
		a := report.Attribution{Measure: r.Measure, Item: r.Item, Interacts: r.Interacts}
		for k, e := range r.Alone {
			lo, hi := e.Low/r.Total, e.High/r.Total
			if r.Total < 0 {
				lo, hi = hi, lo
			}
			a.Shares = append(a.Shares, report.AttributionShare{Change: at.Changes[k], Share: e.Share, Low: lo, High: hi})
		}
		if r.Interacts {
			a.Note = fmt.Sprintf("Together the changes do %+.3g beyond the sum of their effects alone (95%% interval %+.3g to %+.3g).",
				r.Interaction.Effect, r.Interaction.Low, r.Interaction.High)
		}
		out = append(out, a)
	}
	return out
}
