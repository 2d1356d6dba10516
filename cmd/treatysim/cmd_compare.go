package main

import (
	"cmp"
	"context"
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

For adoption, the deciding session (the mean index over the runs adopted
in both, and the probability of each session both scripts share), each
shared clause's survival and final option, and each shared state's mean
satisfaction, it reports the value in A and in B, the difference B-A with a
paired 95% interval (mean of the per-run differences ± 1.96 sd/sqrt(n)) and
a two-sided p value (normal approximation to the paired t statistic, fine
at 100 runs and more), adjusted with Holm's correction over all the tests;
a difference is significant when its adjusted p is below 0.05. Clauses,
options, states and sessions only one scenario has are not compared; the
command says which.

It prints the significant differences in sentences, then how many tests
found none, and writes DIR/compare.csv (measure, item, a, b, difference,
low, high, p, p_adjusted, significant), DIR/compare.json (the scenarios,
seed, runs, correction and what was left out) and DIR/plots/compare.png
and .svg (a dumbbell plot of the 20 largest significant differences, or
of the 20 largest differences if none is significant). The seed defaults
to A's. An existing folder is never replaced without --force; a failed
run leaves no folder.`

type compareFlags struct {
	seed    uint64
	runs    uint64
	workers int
	out     string
	force   bool
}

func cmdCompare(args []string) error {
	fs := newFlags("compare", "compare A B [--runs N] [--seed S] [--workers W] [--out DIR] [--force]", compareHelp)
	var f compareFlags
	fs.Uint64Var(&f.seed, "seed", 0, "master random seed, the same for both (default: A's seed)")
	fs.Uint64Var(&f.runs, "runs", 1000, "number of paired runs")
	fs.IntVar(&f.workers, "workers", defaultWorkers(), "parallel workers")
	fs.StringVar(&f.out, "out", "", "results folder (default: results-out/compare-<A>-<B>-<time>)")
	fs.BoolVar(&f.force, "force", false, "replace an existing results folder")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 2:
		return usagef("compare takes two scenarios, A and B; got %d (see treatysim compare --help)", len(pos))
	case f.runs < 2:
		return usagef("--runs must be at least 2")
	case f.workers < 1:
		return usagef("--workers must be at least 1")
	}
	if f.out != "" && !f.force {
		if _, err := os.Stat(f.out); err == nil {
			return fmt.Errorf("%s: %w (use --force to replace it)", f.out, results.ErrExists)
		}
	}
	a, err := loadScenario(pos[:1])
	if err != nil {
		return err
	}
	b, err := loadScenario(pos[1:])
	if err != nil {
		return err
	}
	if !isSet(fs, "seed") {
		f.seed = a.Seed
	}
	if f.out == "" {
		f.out = filepath.Join("results-out", fmt.Sprintf("compare-%s-%s-%s", a.ID, b.ID, time.Now().Format("20060102-150405")))
	}
	ctx, stop := interruptContext()
	defer stop()
	return runCompare(ctx, os.Stdout, os.Stderr, a, b, f)
}

// runCompare plays both scenarios, compares them, writes the folder and
// prints the significant differences.
func runCompare(ctx context.Context, stdout, stderr io.Writer, a, b *scenarios.Scenario, f compareFlags) error {
	start := time.Now()
	var samples [2]*compare.Sample
	for k, sc := range []*scenarios.Scenario{a, b} {
		progress, finish := newProgress(f.runs, sc.ID)
		s, err := compare.Collect(ctx, sc, f.seed, f.runs, f.workers, progress)
		finish()
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("%w: nothing written", errInterrupted)
			}
			return err
		}
		samples[k] = s
	}
	res, err := compare.Compare(samples[0], samples[1])
	if err != nil {
		return err
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
		"Intervals are paired 95%% intervals of the difference B-A; p from the paired t statistic, normal approximation.\n\n",
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
}
