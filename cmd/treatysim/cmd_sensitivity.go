package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/report"
	"github.com/treatysim/treatysim/results/sensitivity"
)

const sensitivityHelp = `
Global sensitivity analysis of a scenario: which uncertain values and
model parameters drive adoption, each clause's survival and the deciding
session.

By default the factors are the scenario's uncertain values (parameters
given as a distribution), one per kind of value and group of states: every
uncertain capability, no_treaty or alignment of the states whose first
group is G moves together as the factor "capability:G" (and so on), every
uncertain ideal point, salience or red line on clause C as "ideal:C:G"; a
state with no group is its own group. The model parameters are factors
too ("model:chair_step" and so on), each uniform over half to one and a
half times its value in the scenario, clipped to its valid range (a
parameter at 0, such as the behavioural noises by default, is left out).

--params FILE chooses the factors instead (docs/analysis.md has the
format): [[factor]] tables, each with a name, the kinds of value it
moves, and the groups, states and clauses it moves them for, and a [model]
table giving model parameters a range, e.g. chair_step = [0.25, 0.75].
Every problem of the file is reported at once.

A point of the design in [0,1]^k fixes every parameter of a factor at the
same quantile of its own distribution (a model parameter at the same share
of its range), and is played by one run. Points the method compares share
their run's random stream (common random numbers), so that a factor the
engine ignores gets an index of 0. Concessions, susceptibilities, events
and values no factor moves are drawn by each run as usual.

--method morris (the default) draws --runs trajectories (default 20) of
Morris elementary effects, k+1 runs each, and ranks factors by mu* (the
mean absolute effect of moving the factor by two thirds of its range);
--method sobol draws --runs base rows (default 256), N(k+2) runs, and
ranks factors by their total Sobol index, with 95% bootstrap intervals.

The folder holds indices.csv (output, factor, method, then mu, mu_star,
sigma or first, first_low, first_high, total, total_low, total_high),
factors.csv (factor, the parameters it moves, and a model parameter's
range), sensitivity.json, and plots/sensitivity-<output>.png and .svg: the
top 15 factors of each output some factor moved (the others are listed as
"unmoved" in sensitivity.json).

With --shard i/n (or the array-job variables of Slurm, Kubernetes Indexed
Jobs or AWS Batch, as for run) the command evaluates slice i of n of the
design's points and writes DIR/sensitivity-shard-i-of-n.json; treatysim
merge combines the shards into the folder one process would have written.`

type sensitivityFlags struct {
	method, params, out, shard string
	runs, workers              int
	seed                       uint64
	force                      bool
}

func cmdSensitivity(args []string) error {
	fs := newFlags("sensitivity", "sensitivity SCENARIO [--params FILE] [--method morris|sobol] [--runs N] [--seed S] [--workers W] [--out DIR] [--force] [--shard i/n]", sensitivityHelp)
	var f sensitivityFlags
	fs.StringVar(&f.method, "method", "morris", "morris or sobol")
	fs.StringVar(&f.params, "params", "", "a TOML file choosing the factors (default: every uncertain value by kind and group, and the model parameters)")
	fs.IntVar(&f.runs, "runs", 0, "Morris trajectories (default 20) or Sobol base rows (default 256)")
	fs.Uint64Var(&f.seed, "seed", 0, "random seed of the design and the runs (default: the scenario's seed)")
	fs.IntVar(&f.workers, "workers", defaultWorkers(), "parallel workers")
	fs.StringVar(&f.out, "out", "", "results folder (default: results-out/<scenario>-sensitivity-<time>; with --shard, results-out/<scenario>-sensitivity-shards)")
	fs.BoolVar(&f.force, "force", false, "replace an existing results folder")
	fs.StringVar(&f.shard, "shard", "", "evaluate slice i of n of the design's points (i/n) and write a shard file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch f.method {
	case "morris":
		if !isSet(fs, "runs") {
			f.runs = 20
		}
	case "sobol":
		if !isSet(fs, "runs") {
			f.runs = 256
		}
	default:
		return usagef("unknown --method %q: morris or sobol", f.method)
	}
	switch {
	case f.runs < 2:
		return usagef("--runs must be at least 2, got %d", f.runs)
	case f.workers < 1:
		return usagef("--workers must be at least 1")
	case len(pos) == 0:
		return usagef("sensitivity: name a scenario (a TOML file or a shipped name)")
	}
	sc, err := loadScenario(pos)
	if err != nil {
		return err
	}
	if !isSet(fs, "seed") {
		f.seed = sc.Seed
	}
	var factors []sensitivity.ScenarioFactor
	if f.params != "" {
		if factors, err = sensitivity.LoadParams(f.params, sc); err != nil {
			return err
		}
	} else if factors = sensitivity.DefaultFactors(sc); len(factors) == 0 {
		return usagef("scenario %s has no uncertain parameter and no model parameter to vary: there is nothing to analyse", sc.ID)
	}
	a, err := sensitivity.NewAnalysis(sc, factors, f.method, f.runs, f.seed, f.params)
	if err != nil {
		return err
	}
	d, err := a.Design()
	if err != nil {
		return err
	}
	shard, fromEnv, err := shardOf(f.shard)
	if err != nil {
		return err
	}
	if fromEnv {
		fmt.Fprintf(os.Stderr, "treatysim: evaluating shard %d/%d from the array-job environment\n", shard.index, shard.count)
	}
	// Refuse an --out that cannot be replaced before the analysis, not
	// after it.
	if shard == nil && f.out != "" {
		if err := results.CheckOut(f.out, f.force); err != nil {
			return err
		}
	}
	start := time.Now()
	if shard != nil {
		if f.out == "" {
			f.out = filepath.Join("results-out", sc.ID+"-sensitivity-shards")
		}
		if len(d.Points) < shard.count {
			return usagef("the design has %d points, fewer than the %d shards", len(d.Points), shard.count)
		}
		first, last := sensitivity.ShardRange(len(d.Points), shard.index, shard.count)
		y := sensitivity.EvaluateRange(sc, factors, d, f.seed, f.workers, first, last)
		perf := &results.Perf{Workers: f.workers, Seconds: roundMs(time.Since(start).Seconds())}
		p, err := sensitivity.WriteShard(f.out, sensitivity.NewShard(a, shard.index, shard.count, y, perf))
		if err != nil {
			return err
		}
		fmt.Printf("sensitivity shard %d/%d: points %d-%d of %d written to %s\n", shard.index, shard.count, first, last-1, len(d.Points), p)
		return nil
	}
	if f.out == "" {
		f.out = filepath.Join("results-out", fmt.Sprintf("%s-sensitivity-%s", sc.ID, time.Now().Format("20060102-150405")))
	}
	y := sensitivity.EvaluateScenario(sc, factors, d, f.seed, f.workers)
	res, err := a.Analyse(d, y)
	if err != nil {
		return err
	}
	if err := writeSensitivity(f.out, res, f.force); err != nil {
		return err
	}
	fmt.Printf("\n%d factors, %d runs in %.1f s. Results written to %s\n", len(factors), len(d.Points), time.Since(start).Seconds(), f.out)
	return nil
}

// writeSensitivity writes the folder of an analysis (the files, the
// plots) and prints its summary: the same for one process and for a merge
// of shards.
func writeSensitivity(dir string, res *sensitivity.Result, force bool) error {
	files, err := res.Files()
	if err != nil {
		return err
	}
	plots, err := sensitivityPlots(res)
	if err != nil {
		return err
	}
	maps.Copy(files, plots)
	if err := results.WriteDir(dir, files, force); err != nil {
		return err
	}
	printSensitivity(os.Stdout, res)
	return nil
}

// sensitivityPlots draws the tornado plot of every output some factor
// moved.
func sensitivityPlots(res *sensitivity.Result) (results.Files, error) {
	files := results.Files{}
	k := len(res.Factors)
	for o, output := range res.Outputs {
		if !res.Moved(o) {
			continue
		}
		ch := report.SensitivityChart{Output: output, Title: describeOutput(output), Method: res.Method, Factors: k}
		for i, f := range res.Factors {
			b := report.SensitivityBar{Factor: f.Key}
			if res.Indices != nil {
				x := res.Indices[o*k+i]
				b.Value, b.Low, b.High = x.Total, x.TotalLow, x.TotalHigh
				b.Second, b.SecondLow, b.SecondHigh = x.First, x.FirstLow, x.FirstHigh
			} else {
				x := res.Effects[o*k+i]
				b.Value, b.Second = x.MuStar, x.Sigma
			}
			ch.Bars = append(ch.Bars, b)
		}
		plot, err := report.SensitivityFiles(ch)
		if err != nil {
			return nil, err
		}
		maps.Copy(files, plot)
	}
	return files, nil
}

// printSensitivity tells, per output, the five factors that matter most,
// then which outputs have a plot.
func printSensitivity(w io.Writer, res *sensitivity.Result) {
	k := len(res.Factors)
	for o, output := range res.Outputs {
		fmt.Fprintf(w, "\n%s:\n", describeOutput(output))
		shown := 0
		for _, i := range res.Order[o][:min(5, k)] {
			if !(res.Score(o, i) > 0) {
				break
			}
			shown++
			f := res.Factors[i].Key
			if res.Indices != nil {
				x := res.Indices[o*k+i]
				fmt.Fprintf(w, "  %d. %s explains %.0f%% of its variance with its interactions (95%% interval %.0f%% to %.0f%%), %.0f%% alone.\n",
					shown, f, 100*x.Total, 100*x.TotalLow, 100*x.TotalHigh, 100*x.First)
			} else {
				x := res.Effects[o*k+i]
				fmt.Fprintf(w, "  %d. %s: moving it across its range changes it by %.3f on average, in absolute value (mean effect %+.3f, sd %.3f).\n",
					shown, f, x.MuStar, x.Mu, x.Sigma)
			}
		}
		if shown == 0 {
			fmt.Fprintln(w, "  no factor moved it in these runs.")
		}
	}
	unmoved := res.Unmoved()
	fmt.Fprintf(w, "\nPlots: plots/sensitivity-*.png for %d of %d outputs", len(res.Outputs)-len(unmoved), len(res.Outputs))
	if len(unmoved) > 0 {
		fmt.Fprintf(w, "; none for %s, which no factor moved", strings.Join(unmoved, ", "))
	}
	fmt.Fprintln(w, ".")
}

func describeOutput(o string) string {
	switch {
	case o == "adopted":
		return "Adoption of the treaty"
	case o == "decided_session":
		return "Session that decides (the number of sessions when none adopts)"
	case strings.HasPrefix(o, "survived:"):
		return "Survival of clause " + strings.TrimPrefix(o, "survived:")
	}
	return o
}

// sensitivityShardFiles finds the shard files among the merge's paths
// (folders or files) and, if they are a sensitivity analysis's, returns
// them; nil when they are a run's. Shards of both kinds are an error.
func sensitivityShardFiles(paths []string) ([]string, error) {
	var sens, runs []string
	for _, p := range paths {
		files := []string{p}
		if fi, err := os.Stat(p); err != nil {
			return nil, err
		} else if fi.IsDir() {
			files, _ = filepath.Glob(filepath.Join(p, "*shard-*-of-*.json"))
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			var head struct {
				Format string `json:"format"`
			}
			if json.Unmarshal(b, &head) == nil && sensitivity.IsShardFormat(head.Format) {
				sens = append(sens, f)
			} else {
				runs = append(runs, f)
			}
		}
	}
	if len(sens) > 0 && len(runs) > 0 {
		return nil, usagef("merge: %s is a sensitivity shard but %s is not: merge the shards of a run and of a sensitivity analysis separately", sens[0], runs[0])
	}
	return sens, nil
}

// mergeSensitivity merges the shards of a sensitivity analysis into the
// folder one process would have written.
func mergeSensitivity(files []string, out string, force bool) error {
	var shards []*sensitivity.Shard
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		s, err := sensitivity.ParseShard(f, b)
		if err != nil {
			return err
		}
		shards = append(shards, s)
	}
	a, y, perf, err := sensitivity.MergeShards(shards)
	if err != nil {
		return err
	}
	d, err := a.Design()
	if err != nil {
		return err
	}
	res, err := a.Analyse(d, y)
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join("results-out", fmt.Sprintf("%s-sensitivity-merged-%s", a.Scenario, time.Now().Format("20060102-150405")))
	}
	if err := writeSensitivity(out, res, force); err != nil {
		return err
	}
	fmt.Printf("\n%d shards merged: %d factors, %d runs (%.1f s on %d workers in all). Results written to %s\n",
		len(shards), len(a.Factors), len(y), perf.Seconds, perf.Workers, out)
	return nil
}
