package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/treatysim/treatysim/scenarios"
	"github.com/treatysim/treatysim/sim"
)

// TestMain lets the test binary stand in for the program: with
// TREATYSIM_AS_MAIN=1 it runs dispatch on the arguments after "--" (see
// TestInterruptSignal).
func TestMain(m *testing.M) {
	if os.Getenv("TREATYSIM_AS_MAIN") == "1" {
		args := os.Args[1:]
		if i := slices.Index(args, "--"); i >= 0 {
			args = args[i+1:]
		}
		os.Exit(dispatch(args))
	}
	os.Exit(m.Run())
}

// arrayJobVars are the environment variables shardFromEnv reads.
var arrayJobVars = []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT",
	"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "TREATYSIM_SHARDS"}

// clearArrayJobEnv empties the array-job variables for the test, so that
// a test run inside a Slurm or Kubernetes job is not taken for a shard.
func clearArrayJobEnv(t *testing.T) {
	t.Helper()
	for _, v := range arrayJobVars {
		t.Setenv(v, "")
	}
}

// mustRun runs the command line in-process and fails the test unless it
// exits with status want.
func mustRun(t *testing.T, want int, args ...string) {
	t.Helper()
	if got := dispatch(args); got != want {
		t.Fatalf("treatysim %s: exit status %d, want %d", strings.Join(args, " "), got, want)
	}
}

// readSummary reads dir/summary.json as a generic JSON object.
func readSummary(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s/summary.json: %v", dir, err)
	}
	return m
}

// summaryWithoutPerf returns dir/summary.json without its "perf" object
// (the speed, the one part that legitimately differs between identical
// runs), re-encoded with sorted keys for comparison.
func summaryWithoutPerf(t *testing.T, dir string) []byte {
	t.Helper()
	m := readSummary(t, dir)
	delete(m, "perf")
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// number returns a JSON number of the summary as a float64.
func number(t *testing.T, m map[string]any, key string) float64 {
	t.Helper()
	v, ok := m[key].(float64)
	if !ok {
		t.Fatalf("summary.json: %q is %v, want a number", key, m[key])
	}
	return v
}

// readCSV reads a CSV file whole.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return records
}

// TestMonteCarloEndToEnd drives the command line: the results of a Monte
// Carlo do not depend on the number of workers or on its being split into
// shards and merged, and --replay plays one of its runs alone.
func TestMonteCarloEndToEnd(t *testing.T) {
	clearArrayJobEnv(t)
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }

	mustRun(t, exitOK, "run", "toy", "--runs", "400", "--workers", "1", "--out", out("A"), "--keep-runs")
	mustRun(t, exitOK, "run", "toy", "--runs", "400", "--workers", "4", "--out", out("B"), "--keep-runs")

	t.Run("workers", func(t *testing.T) {
		a, err := os.ReadFile(filepath.Join(out("A"), "runs.csv"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out("B"), "runs.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Error("runs.csv differs between 1 and 4 workers")
		}
		if lines := bytes.Count(a, []byte("\n")); lines != 401 {
			t.Errorf("runs.csv has %d lines, want 401 (a header and 400 runs)", lines)
		}
		if sa, sb := summaryWithoutPerf(t, out("A")), summaryWithoutPerf(t, out("B")); !bytes.Equal(sa, sb) {
			t.Errorf("summary.json (without perf) differs between 1 and 4 workers:\n1: %s\n4: %s", sa, sb)
		}
		// The perf objects are there, and are what differs.
		for name, workers := range map[string]float64{"A": 1, "B": 4} {
			perf, ok := readSummary(t, out(name))["perf"].(map[string]any)
			if !ok || perf["workers"] != workers {
				t.Errorf("%s: perf %v, want one with workers %g", name, perf, workers)
			}
		}
		if sum := readSummary(t, out("A")); number(t, sum, "runs") != 400 || sum["partial"] != nil {
			t.Errorf("summary of A: runs %v, partial %v; want 400 runs, not partial", sum["runs"], sum["partial"])
		}
	})

	t.Run("shards", func(t *testing.T) {
		mustRun(t, exitOK, "run", "toy", "--runs", "400", "--shard", "0/2", "--out", out("S"))
		mustRun(t, exitOK, "run", "toy", "--runs", "400", "--shard", "1/2", "--out", out("S"))
		mustRun(t, exitOK, "merge", out("S"), "--out", out("M"))
		if sm, sa := summaryWithoutPerf(t, out("M")), summaryWithoutPerf(t, out("A")); !bytes.Equal(sm, sa) {
			t.Errorf("merged summary.json (without perf) differs from the whole's:\nmerged: %s\nwhole: %s", sm, sa)
		}
	})

	t.Run("replay", func(t *testing.T) {
		const run = 7
		mustRun(t, exitOK, "run", "toy", "--replay", fmt.Sprint(run), "--out", out("R"))
		sum := readSummary(t, out("R"))
		if got := sum["replay"]; got != float64(run) {
			t.Fatalf(`summary.json: "replay" is %v, want %d`, got, run)
		}
		if number(t, sum, "runs") != 1 {
			t.Errorf(`summary.json: "runs" is %v, want 1`, sum["runs"])
		}
		// The replayed run is run 7 of the Monte Carlo: compare with its
		// row of runs.csv (run, seed, adopted, decided_session, clauses).
		records := readCSV(t, filepath.Join(out("A"), "runs.csv"))
		header, row := records[0], records[1+run]
		if row[0] != fmt.Sprint(run) {
			t.Fatalf("runs.csv row %d is run %s", 1+run, row[0])
		}
		adopted := number(t, sum, "adopted_probability") == 1
		if fmt.Sprint(adopted) != row[2] {
			t.Errorf("replay: adopted %v, runs.csv says %s", adopted, row[2])
		}
		decided, _ := sum["decided_session"].(string)
		if decided != row[3] {
			t.Errorf("replay: decided session %q, runs.csv says %q", decided, row[3])
		}
		clauses, _ := sum["clauses"].([]any)
		if len(clauses) != len(header)-4 {
			t.Fatalf("replay: %d clauses, runs.csv has %d clause columns", len(clauses), len(header)-4)
		}
		for c, v := range clauses {
			cl, _ := v.(map[string]any)
			if cl["id"] != header[4+c] || cl["modal_option"] != row[4+c] {
				t.Errorf("replay: clause %v ends with %v; runs.csv says %s ends with %s", cl["id"], cl["modal_option"], header[4+c], row[4+c])
			}
		}
	})
}

func TestParseShard(t *testing.T) {
	tests := []struct {
		in   string
		want shardSpec
		ok   bool
	}{
		{"0/1", shardSpec{0, 1}, true},
		{"0/4", shardSpec{0, 4}, true},
		{"3/4", shardSpec{3, 4}, true},
		{"12/100", shardSpec{12, 100}, true},
		{"4/4", shardSpec{}, false}, // i < n
		{"-1/4", shardSpec{}, false},
		{"1/0", shardSpec{}, false},
		{"0/-2", shardSpec{}, false},
		{"a/4", shardSpec{}, false},
		{"1/b", shardSpec{}, false},
		{"1", shardSpec{}, false},
		{"", shardSpec{}, false},
		{"/", shardSpec{}, false},
		{"1/4/5", shardSpec{}, false},
		{" 1/4", shardSpec{}, false},
	}
	for _, tt := range tests {
		got, err := parseShard(tt.in)
		if !tt.ok {
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Errorf("parseShard(%q) = %v, %v; want a usage error", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseShard(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		want  shardSpec
		ok    bool // a shard is set
		usage bool // a usage error
	}{
		{name: "nothing set", env: nil},
		{name: "slurm", env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"},
			want: shardSpec{3, 4}, ok: true},
		{name: "slurm from 1, first task", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"},
			want: shardSpec{0, 4}, ok: true},
		{name: "slurm from 1, last task", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"},
			want: shardSpec{3, 4}, ok: true},
		{name: "slurm with TREATYSIM_SHARDS", env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "TREATYSIM_SHARDS": "8"},
			want: shardSpec{2, 8}, ok: true},
		{name: "slurm count wins over TREATYSIM_SHARDS", env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "TREATYSIM_SHARDS": "8"},
			want: shardSpec{2, 4}, ok: true},
		{name: "kubernetes", env: map[string]string{"JOB_COMPLETION_INDEX": "5", "TREATYSIM_SHARDS": "6"},
			want: shardSpec{5, 6}, ok: true},
		{name: "kubernetes ignores SLURM_ARRAY_TASK_MIN", env: map[string]string{"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_MIN": "1", "TREATYSIM_SHARDS": "2"},
			want: shardSpec{1, 2}, ok: true},
		{name: "aws batch", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "0", "TREATYSIM_SHARDS": "3"},
			want: shardSpec{0, 3}, ok: true},

		{name: "aws batch without a count", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "2"}, usage: true},
		{name: "aws batch ignores SLURM_ARRAY_TASK_COUNT", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, usage: true},
		{name: "kubernetes without a count", env: map[string]string{"JOB_COMPLETION_INDEX": "0"}, usage: true},
		{name: "slurm without a count", env: map[string]string{"SLURM_ARRAY_TASK_ID": "0"}, usage: true},
		{name: "index not a number", env: map[string]string{"JOB_COMPLETION_INDEX": "x", "TREATYSIM_SHARDS": "4"}, usage: true},
		{name: "slurm index not a number", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1.5", "SLURM_ARRAY_TASK_COUNT": "4"}, usage: true},
		{name: "index beyond the count", env: map[string]string{"JOB_COMPLETION_INDEX": "4", "TREATYSIM_SHARDS": "4"}, usage: true},
		{name: "slurm index below the minimum", env: map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"}, usage: true},
		{name: "count not a number", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "1", "TREATYSIM_SHARDS": "four"}, usage: true},
		{name: "count zero", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "0", "TREATYSIM_SHARDS": "0"}, usage: true},
		{name: "negative index", env: map[string]string{"JOB_COMPLETION_INDEX": "-1", "TREATYSIM_SHARDS": "4"}, usage: true},
		{name: "minimum not a number", env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "one", "SLURM_ARRAY_TASK_COUNT": "4"}, usage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string {
				if !slices.Contains(arrayJobVars, k) {
					t.Errorf("shardFromEnv read %s, which is not an array-job variable", k)
				}
				return tt.env[k]
			}
			got, ok, err := shardFromEnv(getenv)
			if tt.usage {
				var ue *usageError
				if !errors.As(err, &ue) {
					t.Errorf("shardFromEnv = %v, %v, %v; want a usage error", got, ok, err)
				}
				return
			}
			if err != nil || ok != tt.ok || got != tt.want {
				t.Errorf("shardFromEnv = %v, %v, %v; want %v, %v, nil", got, ok, err, tt.want, tt.ok)
			}
		})
	}
}

// writeFile writes a file of the test, failing it on error.
func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSweep runs a two-point sweep over the toy, named as a shipped
// scenario and as a file beside the sweep file.
func TestSweep(t *testing.T) {
	clearArrayJobEnv(t)
	toy, err := os.ReadFile(filepath.Join("..", "..", "sim", "testdata", "toy.toml"))
	if err != nil {
		t.Fatal(err)
	}
	const axes = `runs = 50
seed = 3

[[axes]]
key = "rules.vote_threshold"
values = [0.5, 0.9]
`
	clauses := []string{"x_offence", "wording", "safeguards"}
	for _, scenario := range []string{"toy", "toy.toml"} {
		t.Run(scenario, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "toy.toml"), string(toy))
			sweep := filepath.Join(dir, "sweep.toml")
			writeFile(t, sweep, fmt.Sprintf("scenario = %q\n%s", scenario, axes))
			out := filepath.Join(dir, "out")
			mustRun(t, exitOK, "sweep", sweep, "--workers", "2", "--out", out)

			points := readCSV(t, filepath.Join(out, "points.csv"))
			wantHeader := []string{"point", "rules.vote_threshold", "adopted_probability", "adopted_lo", "adopted_hi", "runs"}
			if !slices.Equal(points[0], wantHeader) {
				t.Errorf("points.csv header %q, want %q", points[0], wantHeader)
			}
			if len(points) != 1+2 {
				t.Fatalf("points.csv has %d rows, want 2", len(points)-1)
			}
			for p, value := range []string{"0.5", "0.9"} {
				row := points[1+p]
				if row[0] != fmt.Sprint(p+1) || row[1] != value || row[5] != "50" {
					t.Errorf("points.csv row %d = %q, want point %d, threshold %s, 50 runs", p+1, row, p+1, value)
				}
			}

			rows := readCSV(t, filepath.Join(out, "clauses.csv"))
			wantHeader = []string{"point", "rules.vote_threshold", "clause", "survival_probability", "survival_lo", "survival_hi", "modal_option"}
			if !slices.Equal(rows[0], wantHeader) {
				t.Errorf("clauses.csv header %q, want %q", rows[0], wantHeader)
			}
			if len(rows) != 1+6 {
				t.Fatalf("clauses.csv has %d rows, want 6 (2 points, 3 clauses)", len(rows)-1)
			}
			for k, row := range rows[1:] {
				if p, c := k/3, k%3; row[0] != fmt.Sprint(p+1) || row[2] != clauses[c] {
					t.Errorf("clauses.csv row %d = %q, want point %d, clause %s", k+1, row, p+1, clauses[c])
				}
			}

			for p := 1; p <= 2; p++ {
				name := filepath.Join(out, "summaries", fmt.Sprintf("point-%04d.json", p))
				b, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				var sum struct {
					Scenario string `json:"scenario"`
					Runs     int    `json:"runs"`
				}
				if err := json.Unmarshal(b, &sum); err != nil || sum.Scenario != "toy" || sum.Runs != 50 {
					t.Errorf("%s: scenario %q, %d runs (%v); want toy, 50 runs", name, sum.Scenario, sum.Runs, err)
				}
			}
		})
	}
}

// TestSweepRejects checks that a bad sweep file is a usage error (exit
// status 2) and leaves no results folder.
func TestSweepRejects(t *testing.T) {
	clearArrayJobEnv(t)
	tests := []struct {
		name, text string
	}{
		{"unknown key", "scenario = \"toy\"\nruns = 10\n[[axes]]\nkey = \"rules.vote_treshold\"\nvalues = [0.5]\n"},
		{"key path through a value", "scenario = \"toy\"\nruns = 10\n[[axes]]\nkey = \"rules.vote_threshold.x\"\nvalues = [0.5]\n"},
		{"no such session", "scenario = \"toy\"\nruns = 10\n[[axes]]\nkey = \"sessions.nosuch.rounds\"\nvalues = [2]\n"},
		{"value out of range", "scenario = \"toy\"\nruns = 10\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [1.5]\n"},
		{"no values", "scenario = \"toy\"\nruns = 10\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = []\n"},
		{"unknown sweep key", "scenario = \"toy\"\nrnus = 10\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5]\n"},
		{"no axes", "scenario = \"toy\"\nruns = 10\n"},
		{"unknown scenario", "scenario = \"nosuch\"\nruns = 10\n[[axes]]\nkey = \"rules.vote_threshold\"\nvalues = [0.5]\n"},
		{"syntax error", "scenario = \"toy\"\n[[axes]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			sweep := filepath.Join(dir, "sweep.toml")
			writeFile(t, sweep, tt.text)
			out := filepath.Join(dir, "out")
			mustRun(t, exitUsage, "sweep", sweep, "--out", out)
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a rejected sweep left a results folder (%v)", err)
			}
		})
	}
	t.Run("missing sweep file", func(t *testing.T) {
		mustRun(t, exitUsage, "sweep", filepath.Join(t.TempDir(), "nope.toml"))
	})
}

// cancelAfter wraps each worker's sink so that the Monte Carlo is
// cancelled when n runs have finished.
func cancelAfter(n uint64, cancel context.CancelFunc) func(sim.Sink) sim.Sink {
	var done atomic.Uint64
	return func(next sim.Sink) sim.Sink {
		return sinkFunc(func(run uint64, out *sim.Outcome) {
			next.Add(run, out)
			if done.Add(1) == n {
				cancel()
			}
		})
	}
}

type sinkFunc func(run uint64, out *sim.Outcome)

func (f sinkFunc) Add(run uint64, out *sim.Outcome) { f(run, out) }

// TestMonteCarloInterrupted checks monteCarlo stopped by its context: it
// returns the aggregate of the runs finished and errInterrupted.
func TestMonteCarloInterrupted(t *testing.T) {
	sc, err := scenarios.LoadShipped("toy")
	if err != nil {
		t.Fatal(err)
	}
	const workers, after = 4, 100
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := runFlags{seed: sc.Seed, runs: 100000, workers: workers}
	agg, perf, err := monteCarlo(ctx, sc, f, 0, f.runs, cancelAfter(after, cancel))
	if !errors.Is(err, errInterrupted) {
		t.Errorf("error %v, want errInterrupted", err)
	}
	if agg == nil || perf == nil {
		t.Fatalf("no aggregate (%v) or perf (%v) after an interruption", agg, perf)
	}
	// Each worker finishes the run in hand.
	if agg.Runs < after || agg.Runs > after+workers {
		t.Errorf("%d runs aggregated, want %d to %d", agg.Runs, after, after+workers)
	}
	if perf.Workers != workers {
		t.Errorf("perf.Workers = %d, want %d", perf.Workers, workers)
	}
}

// TestRunMonteCarloInterrupted checks that a Monte Carlo interrupted
// in-process writes its folder with a valid summary marked partial, and
// says so.
func TestRunMonteCarloInterrupted(t *testing.T) {
	sc, err := scenarios.LoadShipped("ahc")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		after time.Duration // cancel after; < 0: before the start
	}{
		// A flagship run takes about 2 ms: 200 ms gives some runs on any
		// machine, and far fewer than the 100000 requested.
		{name: "after 200 ms", after: 200 * time.Millisecond},
		{name: "before any run", after: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			const requested = 100000
			f := runFlags{seed: sc.Seed, runs: requested, workers: 2, out: out}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.after < 0 {
				cancel()
			} else {
				time.AfterFunc(tt.after, cancel)
			}
			err := runMonteCarlo(ctx, sc, f)
			if !errors.Is(err, errInterrupted) {
				t.Errorf("error %v, want errInterrupted", err)
			}
			if err == nil || !strings.Contains(err.Error(), "partial results") || !strings.Contains(err.Error(), out) {
				t.Errorf("error %q does not say where the partial results are", err)
			}
			if code := exitCode(err); code != exitFailure {
				t.Errorf("exit status %d, want %d", code, exitFailure)
			}
			sum := readSummary(t, out)
			runs := number(t, sum, "runs")
			if sum["partial"] != true || number(t, sum, "runs_requested") != requested || runs >= requested {
				t.Errorf("summary.json: partial %v, runs %v of %v; want partial, fewer than %d runs", sum["partial"], sum["runs"], sum["runs_requested"], requested)
			}
			if tt.after >= 0 && runs == 0 {
				t.Errorf("summary.json: no runs finished in %v", tt.after)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".out.tmp-*")); len(left) > 0 {
				t.Errorf("staging folders left behind: %v", left)
			}
		})
	}
}

// TestInterruptSignal runs the program (this test binary, as main) on the
// flagship with ten million runs, sends it an interrupt as Ctrl-C would,
// and checks it stops with exit status 1 and a partial summary.
func TestInterruptSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no os.Interrupt to send to a process on Windows")
	}
	if testing.Short() {
		t.Skip("runs the flagship for a second or two")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	cmd := exec.Command(exe, "--", "run", "ahc", "--runs", "10000000", "--out", out)
	cmd.Env = append(os.Environ(), "TREATYSIM_AS_MAIN=1")
	for _, v := range arrayJobVars {
		cmd.Env = append(cmd.Env, v+"=")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-done
		}
	}()

	// The staging folder appears once the Monte Carlo is about to start,
	// after the signal handler is installed; then let it run a while.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(dir, ".out.tmp-*")); len(m) > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the program ended before it was interrupted: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Monte Carlo did not start within 30 s\nstderr:\n%s", &stderr)
		}
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("the program did not stop within 60 s of the interrupt")
	}

	if code := cmd.ProcessState.ExitCode(); code != exitFailure {
		t.Errorf("exit status %d, want %d\nstderr:\n%s", code, exitFailure, &stderr)
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr does not say the run was interrupted:\n%s", &stderr)
	}
	sum := readSummary(t, out)
	if sum["partial"] != true || number(t, sum, "runs") <= 0 || number(t, sum, "runs") >= 10000000 ||
		number(t, sum, "runs_requested") != 10000000 {
		t.Errorf("summary.json: partial %v, runs %v of %v; want partial, some of 10000000 runs", sum["partial"], sum["runs"], sum["runs_requested"])
	}
	t.Logf("interrupted after %v runs", sum["runs"])
}
