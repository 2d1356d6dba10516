package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
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
survival probability with its 95% interval and the modal option),
summaries/point-NNNN.json (the full summary of each point) and sweep.json
(the sweep and how far it got). Every point uses the same seed, so that
points differ only by their parameters.

Points play one after the other, each on --workers workers, and are
written as they finish, so memory does not grow with the grid. Ctrl-C
stops the sweep and keeps the points finished (sweep.json says "partial").
A grid of more than --max-points points (default 10000) is refused before
anything runs: it is most likely a stray axis, and would take hours and
gigabytes (a flagship point's summary is about 60 KB); raise --max-points
to run it anyway.`

// defaultMaxPoints is the largest grid a sweep runs without --max-points:
// at the flagship's ~0.1 s to load a point's scenario and ~60 KB of
// summary per point, 10,000 points are already 600 MB and, at 200 runs
// each, about an hour on two cores.
const defaultMaxPoints = 10000

func cmdSweep(args []string) error {
	fs := newFlags("sweep", "sweep SWEEP.toml [--workers W] [--max-points N] [--out DIR] [--force]", sweepHelp)
	var f runFlags
	var maxPoints int
	workersVar(fs, &f.workers)
	wholeVar(fs, &maxPoints, "max-points", defaultMaxPoints, 1, math.MaxInt32, "",
		"refuse a grid of more points than this")
	fs.StringVar(&f.out, "out", "", "results folder (default: results-out/sweep-<time>)")
	fs.BoolVar(&f.force, "force", false, "replace an existing results folder")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return flagMisuse(fs, "name one sweep file")
	}
	// Counted before the loader checks every point, which alone takes
	// minutes on a large grid (a flagship point takes about 50 ms).
	if n, ok := countGrid(pos[0]); ok && n > maxPoints {
		return tooManyPoints(pos[0], n, maxPoints)
	} else if ok && n >= 1000 {
		fmt.Fprintf(os.Stderr, "treatysim: sweep: checking the %d points of the grid before the first runs\n", n)
	}
	sw, err := scenarios.LoadSweepMax(pos[0], maxPoints)
	if err != nil {
		return badInput(err) // every problem of a sweep file is bad input
	}
	total := sw.Size()
	if f.out == "" {
		f.out = filepath.Join("results-out", "sweep-"+time.Now().Format("20060102-150405"))
	}
	ctx, stop := interruptContext()
	defer stop()
	return runSweep(ctx, sw, f, total)
}

// runSweep plays the sweep into f.out and stops cleanly when ctx is
// cancelled (on Ctrl-C), keeping the points finished.
func runSweep(ctx context.Context, sw *scenarios.Sweep, f runFlags, total int) error {
	staged, err := results.Stage(f.out, f.force)
	if err != nil {
		return err
	}
	keys := make([]string, len(sw.Axes))
	info := results.SweepInfo{Sweep: sw.File, Scenario: sw.Scenario, Runs: sw.Runs, Seed: sw.Seed, Points: total}
	for k, a := range sw.Axes {
		keys[k] = a.Key
		info.Axes = append(info.Axes, results.SweepAxis{Key: a.Key, Values: a.Values})
	}
	w, err := results.NewSweepWriter(staged, keys, total)
	if err != nil {
		staged.Abort()
		return err
	}
	f.seed, f.runs = sw.Seed, sw.Runs
	runErr := sweepPoints(ctx, sw, f, w, total)
	if err := w.Close(); runErr == nil {
		runErr = err
	}
	info.PointsDone = w.Done()
	if runErr != nil {
		info.Partial, info.Stopped = true, runErr.Error()
	}
	b, err := info.JSON()
	if err == nil {
		err = staged.Commit(results.Files{"sweep.json": b})
	} else {
		staged.Abort()
	}
	kept := fmt.Sprintf("the %d points finished are in %s", w.Done(), f.out)
	switch w.Done() {
	case 0:
		kept = fmt.Sprintf("no point finished: %s holds the empty tables", f.out)
	case 1:
		kept = fmt.Sprintf("the point finished is in %s", f.out)
	}
	switch {
	case runErr != nil && err != nil:
		return fmt.Errorf("sweep stopped at point %d of %d: %w; nothing written (%v)", w.Done()+1, total, runErr, err)
	case runErr != nil:
		return fmt.Errorf("sweep stopped at point %d of %d: %w; %s (sweep.json says partial)", w.Done()+1, total, runErr, kept)
	case err != nil:
		return err
	}
	fmt.Printf("%d points of %d runs each. Results written to %s\n", total, sw.Runs, f.out)
	return nil
}

// sweepPoints plays the points of the grid in order and writes each as it
// finishes; a point interrupted half way is not written.
func sweepPoints(ctx context.Context, sw *scenarios.Sweep, f runFlags, w *results.SweepWriter, total int) error {
	progress := newSweepProgress(total, sw.Runs)
	defer progress.finish()
	for p := range total {
		point := sw.Point(p)
		sc, err := scenarios.LoadWith(sw.Scenario, point)
		if err != nil {
			return err
		}
		agg, perf, err := playRuns(ctx, sc, f, 0, sw.Runs, nil, progress.point(p+1))
		if err != nil {
			return err
		}
		sum := results.Summarize(sc, sw.Seed, agg)
		sum.Perf = perf
		values := make([]string, len(point))
		for k, o := range point {
			values[k] = fmt.Sprint(o.Value)
		}
		if err := w.Add(values, sum); err != nil {
			// %v, not %w: a file that cannot be written is a failure while
			// running (exit 1), even when the system says "no such file".
			return fmt.Errorf("writing point %d: %v", p+1, err)
		}
	}
	return nil
}

func tooManyPoints(file string, n, limit int) error {
	size := fmt.Sprintf("%d points", n)
	if n == math.MaxInt {
		size = fmt.Sprintf("more than %d points", math.MaxInt-1)
	}
	return usagef("sweep %s: the grid has %s, more than the %d allowed: check its axes, or raise --max-points to run it",
		file, size, limit)
}

// countGrid counts the points of a sweep file's grid from its axes alone;
// ok is false if the file cannot be read so (LoadSweep will say why).
func countGrid(path string) (n int, ok bool) {
	var file struct {
		Axes []scenarios.SweepAxis `toml:"axes"`
	}
	if _, err := scenarios.DecodeTOMLFile(path, &file); err != nil {
		return 0, false
	}
	return (&scenarios.Sweep{Axes: file.Axes}).Size(), true
}
