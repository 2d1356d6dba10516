package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/treatysim/treatysim/results"
)

// TestPlot runs `treatysim plot` on folders written by `treatysim run`:
// a single run gets every plot and the report, a Monte Carlo two plots
// and the report, and mistakes on the command line are usage errors.
func TestPlot(t *testing.T) {
	dir := t.TempDir()
	one, mc := filepath.Join(dir, "one"), filepath.Join(dir, "mc")
	if code := dispatch([]string{"run", "toy", "--out", one}); code != exitOK {
		t.Fatalf("run toy: exit %d", code)
	}
	if code := dispatch([]string{"run", "toy", "--runs", "30", "--workers", "2", "--out", mc}); code != exitOK {
		t.Fatalf("run toy --runs 30: exit %d", code)
	}

	tests := []struct {
		name string
		args []string
		want int
	}{
		{"help", []string{"plot", "--help"}, exitOK},
		{"no folder", []string{"plot"}, exitUsage},
		{"two folders", []string{"plot", one, mc}, exitUsage},
		{"unknown state", []string{"plot", one, "--states", "AAA,ZZZ"}, exitUsage},
		{"unknown clause", []string{"plot", one, "--clause", "nope"}, exitUsage},
		{"single run", []string{"plot", one}, exitOK},
		{"chosen trajectories", []string{"plot", one, "--states", "EEE, AAA", "--clause", "wording"}, exitOK},
		{"monte carlo", []string{"plot", mc}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dispatch(tt.args); got != tt.want {
				t.Errorf("dispatch(%q) = %d, want %d", tt.args, got, tt.want)
			}
		})
	}

	for _, f := range []string{"report.html", "plots/survival.png", "plots/survival.svg", "plots/coalitions-flows.png",
		"plots/agreement-second.png", "plots/map.svg", "plots/trajectories.png"} {
		if fi, err := os.Stat(filepath.Join(one, f)); err != nil || fi.Size() == 0 {
			t.Errorf("single run: %s missing or empty (%v)", f, err)
		}
	}
	plots, err := os.ReadDir(filepath.Join(mc, "plots"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range plots {
		names = append(names, e.Name())
	}
	want := []string{"decided-session.png", "decided-session.svg", "options.png", "options.svg", "survival.png", "survival.svg"}
	if !slices.Equal(names, want) {
		t.Errorf("Monte Carlo plots = %v, want %v", names, want)
	}
	if _, err := os.Stat(filepath.Join(mc, "report.html")); err != nil {
		t.Errorf("Monte Carlo: %v", err)
	}
	// No temporary file is left behind.
	for _, d := range []string{one, filepath.Join(one, "plots")} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if filepath.Ext(e.Name()) == ".tmp" {
				t.Errorf("%s left in %s", e.Name(), d)
			}
		}
	}
}

// TestPlotNotResults: a folder that run did not write is reported with an
// error wrapping results.ErrNotResults (exit status 2 once errors.go maps
// it), and nothing is written into it.
func TestPlotNotResults(t *testing.T) {
	for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "missing")} {
		err := cmdPlot([]string{dir})
		if !errors.Is(err, results.ErrNotResults) {
			t.Errorf("plot %s: error %v, want one wrapping results.ErrNotResults", dir, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("plot %s wrote %d files into a folder that is not a results folder", dir, len(entries))
		}
	}
}
