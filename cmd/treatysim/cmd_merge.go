package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"time"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/scenarios"
)

const mergeHelp = `
Merge the shard files written by 'treatysim run --shard i/n' (in the given
folders, or given as files) into one results folder. It checks that every
run is covered exactly once and that the scenario hash, the program version,
the seed and the number of runs agree, and writes the folder a single
machine would have written: summary.json (identical but for its perf
figures), vote-probabilities.csv, scenario.json, the plots and report.html,
so that explain, plot and compare read it as any Monte Carlo folder.
The scenario is the shipped one the shards name, or --scenario FILE.

Shards written by 'treatysim sensitivity --shard i/n' are told apart by
their format and merged into the folder one process would have written
(indices, factors, plots), once they cover every point of the design
exactly once and agree on the scenario, seed, method, runs and factors;
they carry their analysis, so no scenario is needed.`

func cmdMerge(args []string) error {
	fs := newFlags("merge", "merge [--scenario FILE] [--out DIR] [--force] SHARDS...", mergeHelp)
	scenarioFile := fs.String("scenario", "", "the scenario the shards ran (default: the shipped one they name)")
	out := fs.String("out", "", "results folder (default: results-out/<scenario>-merged-<time>)")
	force := fs.Bool("force", false, "replace an existing results folder")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("merge: name the folders (or files) holding the shards")
	}
	// Shards of a sensitivity analysis carry their analysis: no scenario is needed.
	if sens, err := sensitivityShardFiles(pos); err != nil {
		return err
	} else if len(sens) > 0 {
		return mergeSensitivity(sens, *out, *force)
	}
	shards, err := results.ReadShards(pos)
	if err != nil {
		return err
	}
	var sc *scenarios.Scenario
	if *scenarioFile != "" {
		sc, err = loadScenario([]string{*scenarioFile})
	} else {
		sc, err = scenarios.LoadShipped(shards[0].Scenario)
		if err != nil {
			err = usagef("the shards ran scenario %q, which is not shipped: give it with --scenario FILE", shards[0].Scenario)
		}
	}
	if err != nil {
		return err
	}
	agg, perf, err := results.MergeShards(sc, shards)
	if err != nil {
		return err
	}
	sum := results.Summarize(sc, shards[0].Seed, agg)
	sum.Perf = perf
	b, err := sum.JSON()
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("results-out", fmt.Sprintf("%s-merged-%s", sc.ID, time.Now().Format("20060102-150405")))
	}
	scj, err := results.ScenarioJSON(sc)
	if err != nil {
		return err
	}
	// What run --runs N writes, so that the folder describes itself.
	files := results.Files{"summary.json": b, "scenario.json": scj}
	maps.Copy(files, agg.Files(sc))
	if err := addPlots(files); err != nil {
		return err
	}
	if err := results.WriteDir(dir, files, *force); err != nil {
		return err
	}
	printMonteCarlo(os.Stdout, sc, sum)
	fmt.Printf("\n%d shards merged: %d runs. Results written to %s\n", len(shards), agg.Runs, dir)
	return nil
}
