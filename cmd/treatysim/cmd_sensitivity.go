package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/sensitivity"
	"github.com/treatysim/treatysim/scenarios"
)

const sensitivityHelp = `
Global sensitivity analysis of a scenario: which uncertain values drive
adoption, each clause's survival and the deciding session.

The factors are the scenario's uncertain values (parameters given as a
distribution), one per kind of value and group of states: every uncertain
capability, no_treaty or alignment of the states whose first group is G
moves together as the factor "capability:G" (and so on), every uncertain
ideal point, salience or red line on clause C as "ideal:C:G"; a state with
no group is its own group. A point of the design in [0,1]^k fixes every
parameter of a factor at the same quantile of its own distribution, and is
played by one run (run j of the seed's streams for point j). Concessions,
susceptibilities and events are drawn by each run as usual.

--method morris (the default) draws --runs trajectories (default 20) of
Morris elementary effects, k+1 runs each, and ranks factors by mu* (the
mean absolute effect of moving the factor by two thirds of its range of
quantiles); --method sobol draws --runs base rows (default 256), N(k+2)
runs, and ranks factors by their total Sobol index, with 95% bootstrap
intervals.

The folder holds indices.csv (output, factor, method, then mu, mu_star,
sigma or first, first_low, first_high, total, total_low, total_high),
factors.csv (factor, the parameters it moves) and sensitivity.json.`

func cmdSensitivity(args []string) error {
	fs := newFlags("sensitivity", "sensitivity SCENARIO [--method morris|sobol] [--runs N] [--seed S] [--workers W] [--out DIR] [--force]", sensitivityHelp)
	var (
		method  string
		runs    int
		seed    uint64
		workers int
		out     string
		force   bool
	)
	fs.StringVar(&method, "method", "morris", "morris or sobol")
	fs.IntVar(&runs, "runs", 0, "Morris trajectories (default 20) or Sobol base rows (default 256)")
	fs.Uint64Var(&seed, "seed", 0, "random seed of the design and the runs (default: the scenario's seed)")
	fs.IntVar(&workers, "workers", defaultWorkers(), "parallel workers")
	fs.StringVar(&out, "out", "", "results folder (default: results-out/<scenario>-sensitivity-<time>)")
	fs.BoolVar(&force, "force", false, "replace an existing results folder")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch method {
	case "morris":
		if !isSet(fs, "runs") {
			runs = 20
		}
	case "sobol":
		if !isSet(fs, "runs") {
			runs = 256
		}
	default:
		return usagef("unknown --method %q: morris or sobol", method)
	}
	switch {
	case runs < 2:
		return usagef("--runs must be at least 2, got %d", runs)
	case workers < 1:
		return usagef("--workers must be at least 1")
	case len(pos) == 0:
		return usagef("sensitivity: name a scenario (a TOML file or a shipped name)")
	}
	sc, err := loadScenario(pos)
	if err != nil {
		return err
	}
	if !isSet(fs, "seed") {
		seed = sc.Seed
	}
	factors := sensitivity.ScenarioFactors(sc)
	if len(factors) == 0 {
		return usagef("scenario %s has no uncertain parameter (every capability, no_treaty, alignment, ideal point, salience and red line is a fixed number): there is nothing to analyse", sc.ID)
	}
	if out == "" {
		out = filepath.Join("results-out", fmt.Sprintf("%s-sensitivity-%s", sc.ID, time.Now().Format("20060102-150405")))
	}
	start := time.Now()
	files, ranking, err := sensitivityFiles(sc, factors, method, runs, seed, workers)
	if err != nil {
		return err
	}
	if err := results.WriteDir(out, files, force); err != nil {
		return err
	}
	printSensitivity(os.Stdout, sc, factors, method, ranking)
	fmt.Printf("\n%d factors, %d runs in %.1f s. Results written to %s\n", len(factors), sensitivityEvaluations(method, runs, len(factors)), time.Since(start).Seconds(), out)
	return nil
}

func sensitivityEvaluations(method string, runs, k int) int {
	if method == "sobol" {
		return runs * (k + 2)
	}
	return runs * (k + 1)
}

// ranked is a factor's score for one output: mu* or the total index.
type ranked struct {
	factor     int
	score      float64
	low, high  float64 // Sobol: the total index's interval
	mu, second float64 // Morris: mu and sigma; Sobol: the first-order index
}

// sensitivityFiles builds and evaluates the design and returns the files
// of the folder and, per output, the factors' scores.
func sensitivityFiles(sc *scenarios.Scenario, factors []sensitivity.ScenarioFactor, method string, runs int, seed uint64, workers int) (results.Files, [][]ranked, error) {
	k := len(factors)
	outputs := sensitivity.ScenarioOutputs(sc)
	var d *sensitivity.Design
	var err error
	if method == "sobol" {
		d, err = sensitivity.NewSobol(k, runs, sensitivity.SobolOptions{Seed: seed})
	} else {
		d, err = sensitivity.NewMorris(k, runs, sensitivity.MorrisOptions{Seed: seed})
	}
	if err != nil {
		return nil, nil, err
	}
	y := sensitivity.EvaluateScenario(sc, factors, d, seed, workers)
	ranking := make([][]ranked, len(outputs))
	var indices []byte
	if method == "sobol" {
		s, err := d.Sobol(y)
		if err != nil {
			return nil, nil, err
		}
		for _, x := range s {
			ranking[x.Output] = append(ranking[x.Output], ranked{x.Factor, x.Total, x.TotalLow, x.TotalHigh, 0, x.First})
		}
		indices = results.CSV(sensitivity.SobolHeader, sensitivity.SobolRows(s, outputs, factors))
	} else {
		e, err := d.Morris(y)
		if err != nil {
			return nil, nil, err
		}
		for _, x := range e {
			ranking[x.Output] = append(ranking[x.Output], ranked{x.Factor, x.MuStar, 0, 0, x.Mu, x.Sigma})
		}
		indices = results.CSV(sensitivity.MorrisHeader, sensitivity.MorrisRows(e, outputs, factors))
	}
	for _, r := range ranking {
		// NaN scores (a constant output) last; ties in factor order.
		slices.SortStableFunc(r, func(a, b ranked) int { return -cmp.Compare(a.score, b.score) })
	}
	meta, err := json.MarshalIndent(map[string]any{
		"scenario":    sc.ID,
		"method":      method,
		"runs":        runs,
		"evaluations": len(d.Points),
		"seed":        seed,
		"factors":     k,
		"outputs":     outputs,
	}, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	return results.Files{
		"indices.csv":      indices,
		"factors.csv":      results.CSV([]string{"factor", "parameters"}, sensitivity.FactorsCSV(factors)),
		"sensitivity.json": append(meta, '\n'),
	}, ranking, nil
}

// printSensitivity tells, per output, the five factors that matter most.
func printSensitivity(w io.Writer, sc *scenarios.Scenario, factors []sensitivity.ScenarioFactor, method string, ranking [][]ranked) {
	outputs := sensitivity.ScenarioOutputs(sc)
	for o, r := range ranking {
		fmt.Fprintf(w, "\n%s:\n", describeOutput(outputs[o]))
		shown := 0
		for _, x := range r[:min(5, len(r))] {
			if !(x.score > 0) {
				break
			}
			shown++
			f := factors[x.factor].Key
			if method == "sobol" {
				fmt.Fprintf(w, "  %d. %s explains %.0f%% of its variance with its interactions (95%% interval %.0f%% to %.0f%%), %.0f%% alone.\n",
					shown, f, 100*x.score, 100*x.low, 100*x.high, 100*x.second)
			} else {
				fmt.Fprintf(w, "  %d. %s: moving it across its range of quantiles changes it by %.3f on average, in absolute value (mean effect %+.3f, sd %.3f).\n",
					shown, f, x.score, x.mu, x.second)
			}
		}
		if shown == 0 {
			fmt.Fprintln(w, "  no factor moved it in these runs.")
		}
	}
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
