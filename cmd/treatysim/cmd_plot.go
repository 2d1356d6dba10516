package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/report"
)

const plotHelp = `
Draw the plots and the report of an existing results folder (written by
treatysim run): DIR/plots/*.png and *.svg, and DIR/report.html, one
self-contained page (plots inline, no network) to open in a browser or put
on a projector. Existing plots and report are replaced; nothing else in
DIR changes.

A single run gets: clause survival, the session of decision, coalition
sizes and flows between sessions (alluvial), the agreement matrix of the
last session, a map of the states per session (principal components of
their demands) and the trajectories of chosen states on one clause.
A Monte Carlo folder gets survival and the session of decision.

--states and --clause choose the trajectories: by default the five
weightiest states on the first clause negotiated, and also on the two
clauses whose text changed most (plots/trajectories-<clause>.png); with
--clause, that clause only.`

func cmdPlot(args []string) error {
	fs := newFlags("plot", "plot DIR [--states RUS,CHN,USA] [--clause CLAUSE]", plotHelp)
	states := fs.String("states", "", "comma-separated states whose trajectories to draw (default: the five weightiest)")
	clause := fs.String("clause", "", "the clause of the trajectories (default: the first clause negotiated)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("plot: name one results folder (see treatysim plot --help)")
	}
	dir := pos[0]
	d, err := results.ReadRun(dir)
	if err != nil {
		return err
	}
	opt := report.PlotOptions{Clause: *clause, States: commaList(*states)}
	if err := checkPlotOptions(d, opt); err != nil {
		return err
	}
	files, err := plotFiles(d, opt)
	if err != nil {
		return err
	}
	// Listed before they are written, so that the folder stays one that
	// --force may replace even if plot is stopped half-way.
	if err := results.AddToMarker(dir, slices.Sorted(maps.Keys(files))); err != nil {
		return err
	}
	if err := writeFiles(dir, files); err != nil {
		return err
	}
	fmt.Printf("Wrote %d plots (plots/*.png and *.svg) and report.html to %s\n", (len(files)-1)/2, dir)
	return nil
}

// plotFiles draws the plots and the report of a results folder read back.
func plotFiles(d *results.RunData, opt report.PlotOptions) (results.Files, error) {
	return report.PlotsAndReport(d, opt)
}

// checkPlotOptions reports states and clauses the scenario does not have
// as usage errors, with what it does have.
func checkPlotOptions(d *results.RunData, opt report.PlotOptions) error {
	sc := d.Scenario
	if opt.Clause != "" && sc.ClauseIndex(opt.Clause) < 0 {
		var ids []string
		for _, c := range sc.Clauses {
			ids = append(ids, c.ID)
		}
		return usagef("plot: --clause %s: no such clause in %s; clauses: %s", opt.Clause, sc.ID, strings.Join(ids, ", "))
	}
	var unknown []string
	for _, s := range opt.States {
		if sc.StateIndex(s) < 0 {
			unknown = append(unknown, s)
		}
	}
	if len(unknown) > 0 {
		return usagef("plot: --states: no state %s in %s (states are named by their ids, such as %s)",
			strings.Join(unknown, ", "), sc.ID, sc.States[0].ID)
	}
	if len(opt.States) > 0 && !d.HasRunTables() {
		fmt.Fprintln(os.Stderr, "treatysim: plot: a Monte Carlo folder has no trajectories; --states and --clause are ignored")
	}
	return nil
}

// writeFiles writes files into dir, each through a temporary file renamed
// into place, so that an interrupted plot leaves whole files.
func writeFiles(dir string, files results.Files) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, files[name], 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, p); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	return nil
}
