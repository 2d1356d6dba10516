package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

const sweepHelp = `
Run a grid of Monte Carlo experiments over scenario parameters. SWEEP.toml
names the scenario, the runs per point, the seed and the axes:

    scenario = "ahc"
    runs = 500
    seed = 1
    [[axes]]
    key = "rules.vote_threshold"
    values = [0.5, 0.6667, 0.75]
    [[axes]]
    key = "states.CHN.positions.cii_offence.salience"
    values = [0.2, 0.5, 0.8]

The folder holds points.csv (one row per point: its parameters and the
probability of adoption), clauses.csv (one row per point and clause: the
survival probability with its 95% interval and the modal option) and
summaries/point-NNNN.json (the full summary of each point). Every point uses
the same seed, so that points differ only by their parameters.`

func cmdSweep(args []string) error {
	fs := newFlags("sweep", "sweep SWEEP.toml [--workers W] [--out DIR] [--force]", sweepHelp)
	var f runFlags
	fs.IntVar(&f.workers, "workers", defaultWorkers(), "parallel workers")
	fs.StringVar(&f.out, "out", "", "results folder (default: results-out/sweep-<time>)")
	fs.BoolVar(&f.force, "force", false, "replace an existing results folder")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("sweep: name one sweep file (see treatysim sweep --help)")
	}
	if f.workers < 1 {
		return usagef("--workers must be at least 1")
	}
	sw, err := scenarios.LoadSweep(pos[0])
	if err != nil {
		return err
	}
	if f.out == "" {
		f.out = filepath.Join("results-out", "sweep-"+time.Now().Format("20060102-150405"))
	}
	staged, err := results.Stage(f.out, f.force)
	if err != nil {
		return err
	}
	keys := make([]string, len(sw.Axes))
	for k, a := range sw.Axes {
		keys[k] = a.Key
	}
	pointRows := [][]string{}
	clauseRows := [][]string{}
	files := results.Files{}
	points := sw.Points()
	ctx, stop := interruptContext()
	defer stop()
	for p, point := range points {
		sc, err := scenarios.LoadWith(sw.Scenario, point)
		if err != nil {
			staged.Abort()
			return err
		}
		f.seed, f.runs = sw.Seed, sw.Runs
		fmt.Fprintf(os.Stderr, "point %d/%d: %v\n", p+1, len(points), point)
		agg, perf, mcErr := monteCarlo(ctx, sc, f, 0, sw.Runs, nil)
		if mcErr != nil {
			staged.Abort()
			return fmt.Errorf("sweep stopped at point %d of %d: %w; nothing written", p+1, len(points), mcErr)
		}
		sum := results.Summarize(sc, sw.Seed, agg)
		sum.Perf = perf
		b, err := sum.JSON()
		if err != nil {
			staged.Abort()
			return err
		}
		files[fmt.Sprintf("summaries/point-%04d.json", p+1)] = b
		values := make([]string, len(point))
		for k, o := range point {
			values[k] = fmt.Sprint(o.Value)
		}
		id := strconv.Itoa(p + 1)
		row := append(append([]string{id}, values...), ftoa(sum.AdoptedProbability),
			ftoa(sum.AdoptedInterval[0]), ftoa(sum.AdoptedInterval[1]), strconv.FormatUint(sum.Runs, 10))
		pointRows = append(pointRows, row)
		for _, c := range sum.Clauses {
			clauseRows = append(clauseRows, append(append([]string{id}, values...), c.ID, ftoa(c.SurvivalProbability),
				ftoa(c.SurvivalInterval[0]), ftoa(c.SurvivalInterval[1]), c.ModalOption))
		}
	}
	files["points.csv"] = results.CSV(append(append([]string{"point"}, keys...),
		"adopted_probability", "adopted_lo", "adopted_hi", "runs"), pointRows)
	files["clauses.csv"] = results.CSV(append(append([]string{"point"}, keys...),
		"clause", "survival_probability", "survival_lo", "survival_hi", "modal_option"), clauseRows)
	if err := staged.Commit(files); err != nil {
		return err
	}
	fmt.Printf("%d points of %d runs each. Results written to %s\n", len(points), sw.Runs, f.out)
	return nil
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
