package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/report"
	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

const runHelp = `
Negotiate a scenario and write the results folder. With no SCENARIO the
shipped UN cybercrime scenario (ahc) runs; SCENARIO may be a TOML file or
the name of a shipped scenario (see treatysim list).

One run (the default) prints, per clause, the opening option, the final
option and whether the clause survived, and whether and in which session
the treaty was adopted. Its folder holds summary.json, text.csv (session,
round, clause, option, status), positions.csv (session, round, state,
clause, position, preference, salience), votes.csv (session, motion, state, vote,
cross_pressure), events.csv (what happened, for the narrative),
exchanges.csv (the logrolls and purchases with incentives), the coalitions,
plots and report.html.

With --runs N, N runs play in parallel, each with its own random stream
derived from (seed, run), so results do not depend on --workers; the
folder holds summary.json with probabilities and 95% Wilson intervals, and
with --keep-runs runs.csv (one row per run). --replay K replays run K of
such a Monte Carlo alone, with the full record of a single run. Ctrl-C
stops the workers and writes what finished, marked "partial".

With --shard i/n (or the array-job variables of Slurm, Kubernetes Indexed
Jobs or AWS Batch) the command runs a deterministic slice of the N runs and
writes DIR/shard-IIII-of-NNNN.json (shard-0000-of-0002.json for --shard
0/2); treatysim merge combines the shards. --keep-runs and --coalitions
go with a Monte Carlo on one machine.

An existing folder is never replaced without --force; a failed run leaves
no folder.`

type runFlags struct {
	seed       uint64
	seedSet    bool
	runs       uint64
	workers    int
	out        string
	force      bool
	keepRuns   bool
	coalitions bool
	perRound   bool
	replay     int64
	shard      string
}

func cmdRun(args []string) error {
	fs := newFlags("run", "run [SCENARIO] [--runs N] [--workers W] [--seed S] [--out DIR] [--force] [--keep-runs] [--coalitions] [--round-coalitions] [--replay K] [--shard i/n]", runHelp)
	var f runFlags
	fs.Uint64Var(&f.seed, "seed", 0, "master random seed (default: the scenario's seed)")
	wholeVar(fs, &f.runs, "runs", 1, 1, math.MaxInt64, "", "number of Monte Carlo runs")
	workersVar(fs, &f.workers)
	fs.StringVar(&f.out, "out", "", "results folder (default: results-out/<scenario>-<time>)")
	fs.BoolVar(&f.force, "force", false, "replace an existing results folder")
	fs.BoolVar(&f.keepRuns, "keep-runs", false, "write runs.csv, one row per run")
	fs.BoolVar(&f.perRound, "round-coalitions", false, "one run: coalitions after every round as well (coalition-rounds.csv)")
	fs.BoolVar(&f.coalitions, "coalitions", false, "with --runs: coalition statistics over runs (slower: Louvain on every session of every run)")
	wholeVar(fs, &f.replay, "replay", 0, 0, math.MaxInt64, "a run of a Monte Carlo: 0 is the first",
		"replay run `K` (0, 1, ...) of a Monte Carlo alone, with its full record")
	fs.StringVar(&f.shard, "shard", "", "run slice i of n of the runs (i/n) and write a shard file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	f.seedSet = isSet(fs, "seed")
	if !isSet(fs, "replay") {
		f.replay = -1
	}
	switch {
	case f.replay >= 0 && (f.runs > 1 || f.shard != ""):
		return flagMisuse(fs, "--replay plays one run; it does not go with --runs or --shard")
	case f.perRound && (f.runs > 1 || f.shard != ""):
		return flagMisuse(fs, "--round-coalitions goes with a single run (or --replay)")
	}
	if f.runs < 2 || f.shard != "" {
		if err := monteCarloOnly(fs, f); err != nil {
			return err
		}
	}
	sc, err := loadScenario(pos)
	if err != nil {
		return err
	}
	if !f.seedSet {
		f.seed = sc.Seed
	}
	shard, fromEnv, err := shardOf(f.shard)
	switch {
	case err != nil:
		return err
	case fromEnv && f.runs <= 1:
		shard = nil // the environment's shard is for Monte Carlos
	case fromEnv:
		if err := monteCarloOnly(fs, f); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "treatysim: running shard %d/%d from the array-job environment\n", shard.index, shard.count)
	}
	if f.out == "" {
		f.out = filepath.Join("results-out", fmt.Sprintf("%s-%s", sc.ID, time.Now().Format("20060102-150405")))
	}
	switch {
	case shard != nil:
		return runShard(sc, f, *shard)
	case f.runs > 1:
		ctx, stop := interruptContext()
		defer stop()
		return runMonteCarlo(ctx, sc, f)
	}
	return runOne(sc, f)
}

// monteCarloOnly refuses --keep-runs and --coalitions, for a single run
// or a shard: they go with a Monte Carlo on one machine.
func monteCarloOnly(fs *flag.FlagSet, f runFlags) error {
	switch {
	case f.keepRuns:
		return flagMisuse(fs, "--keep-runs goes with --runs N (N > 1) on one machine; a single run writes its full record anyway")
	case f.coalitions:
		return flagMisuse(fs, "--coalitions goes with --runs N (N > 1) on one machine; a single run writes its coalitions anyway")
	}
	return nil
}

// runOne plays one run (run 0, or the run being replayed) with its full
// record.
func runOne(sc *scenarios.Scenario, f runFlags) error {
	run := uint64(0)
	if f.replay >= 0 {
		run = uint64(f.replay)
	}
	rec := results.NewRecord(sc, f.seed)
	rec.Run, rec.RoundCoalitions = run, f.perRound
	sim.New(sc).Run(sim.RunRNG(f.seed, run), rec, sim.NewOutcome(sc))
	sum := rec.Summarize()
	if f.replay >= 0 {
		sum.Replay = &run
	}
	files, err := rec.Files()
	if err != nil {
		return err
	}
	if files["summary.json"], err = sum.JSON(); err != nil {
		return err
	}
	if err := addPlots(files); err != nil {
		return err
	}
	if err := results.WriteDir(f.out, files, f.force); err != nil {
		return err
	}
	printRun(os.Stdout, rec, f.replay >= 0)
	fmt.Printf("\nResults written to %s\n", f.out)
	return nil
}

// sinks feeds every outcome to each of its sinks in turn.
type sinks []sim.Sink

func (ss sinks) Add(run uint64, out *sim.Outcome) {
	for _, s := range ss {
		s.Add(run, out)
	}
}

// addPlots adds the plots and report.html of a results folder to its
// files, drawn from the files themselves, as treatysim plot would.
func addPlots(files results.Files) error {
	d, err := results.ParseRun(files)
	if err != nil {
		return err
	}
	extra, err := plotFiles(d, report.PlotOptions{})
	if err != nil {
		return err
	}
	maps.Copy(files, extra)
	return nil
}

// errInterrupted reports a Monte Carlo stopped by a signal; what finished
// has been written.
var errInterrupted = errors.New("interrupted")

// interruptContext returns a context cancelled on Ctrl-C (or SIGTERM), for
// monteCarlo to stop cleanly; stop restores the default handling.
func interruptContext() (ctx context.Context, stop context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// monteCarlo runs runs first..last-1 on f.workers workers, with a progress
// bar on a terminal, and stops cleanly when ctx is cancelled (on Ctrl-C,
// with interruptContext).
func monteCarlo(ctx context.Context, sc *scenarios.Scenario, f runFlags, first, last uint64, wrap func(sim.Sink) sim.Sink) (*results.Aggregate, *results.Perf, error) {
	progress, finish := newProgress(last-first, sc.ID)
	defer finish()
	return playRuns(ctx, sc, f, first, last, wrap, progress)
}

// playRuns is monteCarlo with the progress callback given (nil: none).
func playRuns(ctx context.Context, sc *scenarios.Scenario, f runFlags, first, last uint64, wrap func(sim.Sink) sim.Sink, progress func(uint64)) (*results.Aggregate, *results.Perf, error) {
	aggs := make([]*results.Aggregate, f.workers)
	sinks := make([]sim.Sink, f.workers)
	for w := range aggs {
		aggs[w] = results.NewAggregate(sc)
		sinks[w] = aggs[w]
		if wrap != nil {
			sinks[w] = wrap(aggs[w])
		}
	}
	start := time.Now()
	mc := sim.MonteCarlo{Seed: f.seed, First: first, Last: last, Progress: progress, KeepViews: f.coalitions}
	_, err := mc.Run(ctx, sc, sinks)
	secs := time.Since(start).Seconds()
	total := aggs[0]
	for _, a := range aggs[1:] {
		if merr := total.Merge(a); merr != nil {
			return nil, nil, merr
		}
	}
	perf := &results.Perf{Workers: f.workers, Seconds: roundMs(secs)}
	if secs > 0 {
		perf.RunsPerSecond = float64(int64(float64(total.Runs)/secs*10)) / 10
	}
	// A signal after the last run interrupted nothing.
	if err != nil && total.Runs < last-first {
		return total, perf, errInterrupted
	}
	return total, perf, nil
}

func roundMs(s float64) float64 { return float64(int64(s*1000)) / 1000 }

func runMonteCarlo(ctx context.Context, sc *scenarios.Scenario, f runFlags) error {
	staged, err := results.Stage(f.out, f.force)
	if err != nil {
		return err
	}
	var runsFile *os.File
	var runs *results.RunsWriter
	var wrap func(sim.Sink) sim.Sink
	if f.keepRuns {
		if runsFile, err = staged.Create("runs.csv"); err != nil {
			staged.Abort()
			return err
		}
		runs = results.NewRunsWriter(runsFile, sc, f.seed, 0)
		wrap = runs.Sink
	}
	var stats []*results.CoalitionStats
	if f.coalitions {
		inner := wrap
		wrap = func(s sim.Sink) sim.Sink {
			cs := results.NewCoalitionStats(sc, f.seed)
			stats = append(stats, cs) // wrap is called once per worker, before they start
			if inner != nil {
				s = inner(s)
			}
			return sinks{s, cs}
		}
	}
	agg, perf, mcErr := monteCarlo(ctx, sc, f, 0, f.runs, wrap)
	if agg == nil {
		staged.Abort()
		return mcErr
	}
	if runs != nil {
		err := runs.Close()
		if cerr := runsFile.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			staged.Abort()
			return fmt.Errorf("runs.csv: %w", err)
		}
	}
	sum := results.Summarize(sc, f.seed, agg)
	sum.Perf = perf
	if agg.Runs < f.runs {
		sum.Partial, sum.RunsRequested = true, f.runs
	}
	b, err := sum.JSON()
	if err != nil {
		staged.Abort()
		return err
	}
	scj, err := results.ScenarioJSON(sc)
	if err != nil {
		staged.Abort()
		return err
	}
	files := results.Files{"summary.json": b, "scenario.json": scj}
	maps.Copy(files, agg.Files(sc))
	if len(stats) > 0 {
		for _, cs := range stats[1:] {
			stats[0].Merge(cs)
		}
		maps.Copy(files, stats[0].Files())
	}
	if err := addPlots(files); err != nil {
		staged.Abort()
		return err
	}
	if err := staged.Commit(files); err != nil {
		return err
	}
	printMonteCarlo(os.Stdout, sc, sum)
	fmt.Printf("\n%d runs in %.1f s (%.0f runs/s on %d workers). Results written to %s\n",
		agg.Runs, perf.Seconds, perf.RunsPerSecond, perf.Workers, f.out)
	if mcErr != nil {
		return fmt.Errorf("%w after %d of %d runs; the partial results are in %s", mcErr, agg.Runs, f.runs, f.out)
	}
	return nil
}

func runShard(sc *scenarios.Scenario, f runFlags, s shardSpec) error {
	if f.runs < uint64(s.count) {
		return usagef("--runs %d is fewer than the %d shards", f.runs, s.count)
	}
	first, last := results.ShardRange(f.runs, s.index, s.count)
	ctx, stop := interruptContext()
	defer stop()
	agg, perf, mcErr := monteCarlo(ctx, sc, f, first, last, nil)
	if agg == nil {
		return mcErr
	}
	sh := results.NewShard(sc, f.seed, f.runs, s.index, s.count, agg)
	sh.Perf = perf
	p, err := results.WriteShard(f.out, sh)
	if err != nil {
		return err
	}
	fmt.Printf("shard %d/%d: runs %d-%d of %d (%d finished) written to %s\n", s.index, s.count, first, last-1, f.runs, agg.Runs, p)
	if mcErr != nil {
		return fmt.Errorf("%w: the shard is marked partial and will not merge", mcErr)
	}
	return nil
}
