package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/backtest"
)

const backtestHelp = `
Check the engine against negotiations whose outcomes are known. FILE is a
data set with recorded outcomes (a DEU III file; see treatysim import).

Each issue with a recorded outcome becomes a one-clause scenario, as
'treatysim import' writes it: one concluding session whose deadline
pressure rises to 1, under the rule recorded for the issue (unanimity:
consensus; qualified majority: consensus, then a vote at 0.55 of those
voting), the reference point as the outcome of no agreement. The engine's
prediction is the final option if the text is adopted, else the reference
point, averaged over --runs runs (objections are random). Beside it, the
baselines: the compromise model (capability x salience weighted mean), the
weighted median, the reference point, the Nash bargaining solution and Bueno
de Mesquita's expected-utility model. The table gives each model's mean
absolute error (0-100 scale) against the recorded outcomes on --split.

With --packages the issues of one proposal (DEU prnr) are negotiated
together, as one scenario with a clause per issue, rather than each alone:
the states then concede first on the issues that matter least to them, and
trade support across the issues (exchange, on by default as in the
engine). --exchange=false switches exchange off; on one issue alone there
is nothing to trade, so it changes nothing without --packages.

With --tune the engine's parameters (chair_step, curvature,
objection_temperature, standout_cost, concession, and with --packages and
exchange on active_salience) are also tuned on the train split
(Nelder-Mead, gonum/optimize; this takes minutes) and the tuned engine is
reported beside the untuned one. Tune on train, report on test: the split
is fixed by the data set (DEU III: odd proposal numbers train). Exchange
on or off is not tuned: compare the two by running each.

--params FILE takes the engine's parameters from a parameters.csv written
by an earlier backtest (its tuned column, else its untuned one), to
reproduce tuned figures without tuning again; --exchange, when given,
overrides the file's.

Below the table, each engine is compared with the compromise model issue
by issue: the mean difference in absolute error (negative: the engine errs
less), with a 95% bootstrap interval that resamples whole proposals (4,000
resamples), and the issues where it errs less and more.

The folder holds backtest.csv (issue, split, model, predicted, recorded,
abs_error), summary.csv (model, split, issues, mae: every split),
engine.csv (the share of runs that adopted the text), parameters.csv,
paired.csv (the comparisons, every split) and predicted-vs-recorded.png
(the engine and the compromise model on --split).`

func cmdBacktest(args []string) error {
	fs := newFlags("backtest", "backtest FILE [--split train|test|all] [--tune] [--packages] [--continuous] [--exchange=false] [--params FILE] [--capability equal|gdp|power] [--runs N] [--seed S] [--evals N] [--out DIR] [--force]", backtestHelp)
	split := fs.String("split", "test", "the split to report: train, test or all")
	tune := fs.Bool("tune", false, "tune the engine's parameters on the train split and report the tuned engine too")
	packages := fs.Bool("packages", false, "negotiate the issues of each proposal together, as one scenario")
	continuous := fs.Bool("continuous", false, "make every issue a continuous clause: the outcome is the chair's draft, not the nearest position taken")
	exchange := fs.Bool("exchange", true, "let the actors trade support across the issues negotiated together (matters with --packages); --exchange=false switches it off")
	paramsFile := fs.String("params", "", "take the engine's parameters from a parameters.csv of an earlier backtest (tuned column, else untuned)")
	capability := fs.String("capability", "", "where capabilities come from: equal, gdp (DEU: line 2) or power (decide); default the file's own weights")
	runs := fs.Int("runs", 10, "engine runs per issue, averaged")
	seed := fs.Uint64("seed", 1, "master random seed of the engine's runs")
	evals := fs.Int("evals", 300, "with --tune: evaluations of the objective per Nelder-Mead start")
	out := fs.String("out", "", "results folder (default: results-out/backtest-<time>)")
	force := fs.Bool("force", false, "replace an existing results folder")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("backtest: name one data file (see treatysim backtest --help)")
	case *split != "train" && *split != "test" && *split != "all":
		return usagef("backtest: --split must be train, test or all, not %q", *split)
	case *runs < 1:
		return usagef("--runs must be at least 1")
	case *evals < 1:
		return usagef("--evals must be at least 1")
	}
	params := backtest.DefaultParams()
	if *paramsFile != "" {
		data, err := os.ReadFile(*paramsFile)
		if err != nil {
			return usagef("backtest: --params: %v", err)
		}
		if params, err = backtest.ReadParams(data); err != nil {
			return usagef("backtest: --params %s: %v", *paramsFile, err)
		}
	}
	exchangeSet := *paramsFile == ""
	fs.Visit(func(f *flag.Flag) { exchangeSet = exchangeSet || f.Name == "exchange" })
	if exchangeSet {
		params.Exchange = *exchange
	}
	ds, err := readDataset("", pos[0], *capability)
	if err != nil {
		return err
	}
	if ds.Outcomes() == 0 {
		// Before the results folder is staged, so that nothing is left.
		return usagef("backtest: %s: %v: nothing to backtest against", ds.Name, backtest.ErrNoOutcomes)
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results-out", "backtest-"+time.Now().Format("20060102-150405"))
	}
	staged, err := results.Stage(dir, *force)
	if err != nil {
		return err
	}
	printNotes(ds)
	res, err := backtest.Run(ds, backtest.Config{Runs: *runs, Seed: *seed, Params: params, Tune: *tune, Packages: *packages, Continuous: *continuous, MaxEvals: *evals, Log: os.Stderr})
	if err != nil {
		staged.Abort()
		if errors.Is(err, backtest.ErrNoOutcomes) {
			return usagef("backtest: %v", err)
		}
		return err
	}
	files, err := res.Files(*split)
	if err != nil {
		staged.Abort()
		return err
	}
	all, _ := res.Lookup(backtest.ModelCompromise, *split)
	unit := "each issue alone"
	if res.Packages {
		unit = "the issues of a proposal together"
	}
	fmt.Printf("Backtest of %s (%s split, %d issues with an outcome; capability %s; engine: %s, %d runs)\n\n",
		ds.Name, *split, all.Issues, ds.Capability, unit, res.Runs)
	if err := res.WriteTable(os.Stdout, *split); err != nil {
		staged.Abort()
		return err
	}
	ref, _ := res.Lookup(backtest.ModelReference, *split)
	fmt.Printf("\nreference-point and nash predict only the %d issues with a known reference point.\n", ref.Issues)
	fmt.Printf("engine: %s\n", res.Params)
	if res.Tuned != nil {
		fmt.Printf("engine-tuned: %s\n  (tuned on %d train issues: train MAE %.2f, untuned %.2f; %d evaluations)\n",
			*res.Tuned, res.Tuning.TrainIssues, res.Tuning.TrainMAE, res.Tuning.StartMAE, res.Tuning.Evaluations)
	}
	fmt.Println()
	if err := res.WritePaired(os.Stdout, *split); err != nil {
		staged.Abort()
		return err
	}
	fmt.Printf("(mean difference in absolute error, negative where the engine errs less; 95%% bootstrap interval over proposals, %d resamples)\n",
		backtest.BootstrapResamples)
	if err := staged.Commit(files); err != nil {
		return err
	}
	fmt.Printf("\nResults written to %s\n", dir)
	return nil
}
