package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/term"

	"github.com/treatysim/treatysim/scenarios"
)

// TestPointAt checks that Sweep.Point, with which the command walks the
// grid point by point, follows Sweep.Points without building it, and that
// Size saturates rather than overflows.
func TestPointAt(t *testing.T) {
	sw := &scenarios.Sweep{Axes: []scenarios.SweepAxis{
		{Key: "a", Values: []any{1, 2}},
		{Key: "b", Values: []any{"x", "y", "z"}},
		{Key: "c", Values: []any{0.5}},
		{Key: "d", Values: []any{true, false}},
	}}
	points := sw.Points()
	if n := sw.Size(); n != len(points) {
		t.Fatalf("Size %d, Points has %d", n, len(points))
	}
	for p, want := range points {
		if got := sw.Point(p); !reflect.DeepEqual(got, want) {
			t.Errorf("Point(%d) = %v, want %v", p, got, want)
		}
	}
	huge := make([]scenarios.SweepAxis, 40)
	for k := range huge {
		huge[k] = scenarios.SweepAxis{Key: "k", Values: make([]any, 10)}
	}
	if n := (&scenarios.Sweep{Axes: huge}).Size(); n <= 0 || n < 1<<62 {
		t.Errorf("Size of 10^40 points = %d, want it saturated, not overflowed", n)
	}
}

// sweepStaging returns the points.csv of a sweep's staging folder beside
// out, "" until there is one.
func sweepStaging(out string) string {
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*", "points.csv"))
	if len(m) == 0 {
		return ""
	}
	return m[0]
}

// TestSweepInterruptedLosesPoints: a 10^5 grid stopped at point 71,815
// with nothing written. Points are written as they finish, and a sweep
// stopped half way keeps the points it finished, marked partial.
func TestSweepInterruptedLosesPoints(t *testing.T) {
	clearArrayJobEnv(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "sweep.toml")
	values := make([]string, 40)
	for k := range values {
		values[k] = fmt.Sprintf("0.%02d", 50+k)
	}
	writeFile(t, path, fmt.Sprintf("scenario = \"toy\"\nruns = 3000\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [%s]\n", strings.Join(values, ", ")))
	sw, err := scenarios.LoadSweep(path)
	if err != nil {
		t.Fatal(err)
	}
	total := sw.Size()

	t.Run("after two points", func(t *testing.T) {
		out := filepath.Join(dir, "out")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// Cancel once two points are on disk in the staging folder: the
		// rows are written as the points finish, not at the end.
		go func() {
			for ctx.Err() == nil {
				if p := sweepStaging(out); p != "" {
					if b, _ := os.ReadFile(p); strings.Count(string(b), "\n") >= 3 {
						cancel()
						return
					}
				}
				time.Sleep(2 * time.Millisecond)
			}
		}()
		done := captured(t)
		err := runSweep(ctx, sw, runFlags{workers: 2, out: out}, total)
		done()
		if !errors.Is(err, errInterrupted) || exitCode(err) != exitFailure {
			t.Fatalf("error %v, want errInterrupted (exit status 1)", err)
		}
		kept := checkPartialSweep(t, out, total)
		if kept < 2 || kept >= total {
			t.Errorf("%d of %d points kept, want at least 2 and fewer than all", kept, total)
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("the %d points finished are in %s", kept, out)) {
			t.Errorf("error %q does not say what was kept, and where", err)
		}
	})

	t.Run("before any point", func(t *testing.T) {
		out := filepath.Join(dir, "none")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := runSweep(ctx, sw, runFlags{workers: 2, out: out}, total)
		if !errors.Is(err, errInterrupted) || !strings.Contains(err.Error(), "no point finished") {
			t.Fatalf("error %v, want errInterrupted saying no point finished", err)
		}
		if kept := checkPartialSweep(t, out, total); kept != 0 {
			t.Errorf("%d points kept, want 0", kept)
		}
	})
}

// checkPartialSweep checks the folder of an interrupted sweep: sweep.json
// says partial and how many points were done, and points.csv, clauses.csv
// and the summaries hold those points, in order. It returns their number.
func checkPartialSweep(t *testing.T, out string, total int) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		Points     int    `json:"points"`
		PointsDone int    `json:"points_done"`
		Partial    bool   `json:"partial"`
		Stopped    string `json:"stopped"`
	}
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatal(err)
	}
	if !info.Partial || info.Points != total || info.Stopped != "interrupted" {
		t.Errorf("sweep.json: %+v, want partial, %d points, stopped: interrupted", info, total)
	}
	points := readCSV(t, filepath.Join(out, "points.csv"))
	if len(points)-1 != info.PointsDone {
		t.Errorf("points.csv has %d points, sweep.json says %d", len(points)-1, info.PointsDone)
	}
	for p, row := range points[1:] {
		if row[0] != fmt.Sprint(p+1) {
			t.Errorf("points.csv row %d is point %s", p+1, row[0])
		}
	}
	if rows := readCSV(t, filepath.Join(out, "clauses.csv")); len(rows)-1 != 3*info.PointsDone {
		t.Errorf("clauses.csv has %d rows, want %d (3 clauses a point)", len(rows)-1, 3*info.PointsDone)
	}
	summaries, _ := filepath.Glob(filepath.Join(out, "summaries", "point-*.json"))
	if len(summaries) != info.PointsDone {
		t.Errorf("%d summaries, want %d", len(summaries), info.PointsDone)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.tmp-*")); len(left) > 0 {
		t.Errorf("staging folders left: %v", left)
	}
	return info.PointsDone
}

// TestSweepProgressOffTerminal: progress is drawn only on a terminal, as
// for run; under go test stderr is not one.
func TestSweepProgressOffTerminal(t *testing.T) {
	if term.IsTerminal(int(os.Stderr.Fd())) {
		t.Skip("stderr is a terminal")
	}
	p := newSweepProgress(10, 100)
	if cb := p.point(1); cb != nil || p.bar != nil {
		t.Error("a progress bar off a terminal")
	}
	p.finish()
}
